from django.urls import path

from . import views

app_name = "bookings"
urlpatterns = [
    path("", views.booking_list, name="list"),
    path("<int:pk>/status", views.booking_status, name="status"),
]
