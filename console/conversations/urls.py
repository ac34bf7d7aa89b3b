from django.urls import path

from .views import analytics, detail, listing, privacy

app_name = "conversations"
urlpatterns = [
    path("", listing.conversation_list, name="list"),
    path("export.csv", listing.conversation_export, name="export"),
    path("<int:pk>/", detail.conversation_detail, name="detail"),
    path("<int:pk>/review", detail.conversation_review, name="review"),
    path("<int:pk>/notes", detail.conversation_note, name="note"),
    path("<int:pk>/tags", detail.conversation_tags, name="tags"),
    path("analytics/", analytics.analytics_page, name="analytics"),
    path("privacy/delete-person", privacy.delete_person_page, name="delete_person"),
]
