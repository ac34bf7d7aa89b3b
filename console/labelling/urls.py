from django.urls import path

from . import views

app_name = "labelling"
urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("<int:pk>/", views.label_page, name="label"),
]
