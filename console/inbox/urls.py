from django.urls import path

from . import views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox_list, name="list"),
    path("my-branch", views.my_branch, name="my_branch"),
    path("<int:pk>/", views.handoff_detail, name="detail"),
    path("<int:pk>/reply", views.handoff_reply, name="reply"),
    path("<int:pk>/hand-back", views.handoff_hand_back, name="hand_back"),
    path("<int:pk>/close", views.handoff_close, name="close"),
    path("<int:pk>/template", views.handoff_template, name="template"),
]
