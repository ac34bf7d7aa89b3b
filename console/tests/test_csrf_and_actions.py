"""State changes need a CSRF token; with one they work and are audited."""

import re

import pytest
from audit.models import AuditEntry
from bookings.models import BookingRequest
from conversations.models import ConversationSummary
from conversations.services.summary_sync import sync_summaries
from django.test import Client
from django.urls import reverse

from . import scenarios


@pytest.fixture
def setup(rasa):
    scenarios.seed_all(rasa)
    sync_summaries()
    client = Client(enforce_csrf_checks=True)
    client.force_login(scenarios.make_user("staff"))
    return client, ConversationSummary.objects.get(sender_id="web:aisyah"), BookingRequest.objects.get()


def _token(client, url):
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_state_changes_without_csrf_token_are_refused(setup):
    client, summary, booking = setup
    posts = [
        (reverse("conversations:review", args=[summary.pk]), {"review_status": "reviewed"}),
        (reverse("conversations:note", args=[summary.pk]), {"text": "called back"}),
        (reverse("conversations:tags", args=[summary.pk]), {"tags": "x"}),
        (reverse("bookings:status", args=[booking.pk]), {"status": "contacted"}),
        (reverse("conversations:delete_person"), {"sender_id": "web:aisyah", "confirm": "on"}),
        (reverse("logout"), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    summary.refresh_from_db()
    assert summary.review_status == "new" and not summary.notes.exists() and not summary.tags.exists()
    assert BookingRequest.objects.get().status == "new"
    assert ConversationSummary.objects.filter(pk=summary.pk).exists()


def test_review_note_tags_with_csrf_token(setup):
    client, summary, _ = setup
    detail = reverse("conversations:detail", args=[summary.pk])
    token = _token(client, detail)
    client.post(
        reverse("conversations:review", args=[summary.pk]), {"review_status": "reviewed", "csrfmiddlewaretoken": token}
    )
    client.post(
        reverse("conversations:note", args=[summary.pk]),
        {"text": "Called back, booked Tuesday", "csrfmiddlewaretoken": token},
    )
    client.post(
        reverse("conversations:tags", args=[summary.pk]), {"tags": "good example", "csrfmiddlewaretoken": token}
    )
    summary.refresh_from_db()
    assert summary.review_status == "reviewed" and summary.reviewed_by.username == "staff1"
    assert summary.notes.get().text == "Called back, booked Tuesday"
    assert [t.name for t in summary.tags.all()] == ["good example"]
    page = client.get(detail).content.decode()
    assert "Called back, booked Tuesday" in page and "good example" in page
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"view_conversation", "review_conversation", "add_note", "change_tags"} <= actions


def test_booking_status_workflow(setup):
    client, _, booking = setup
    token = _token(client, reverse("bookings:list"))
    url = reverse("bookings:status", args=[booking.pk])
    client.post(url, {"status": "contacted", "csrfmiddlewaretoken": token})
    assert BookingRequest.objects.get().status == "contacted"
    client.post(url, {"status": "booked", "csrfmiddlewaretoken": token})
    booking = BookingRequest.objects.get()
    assert booking.status == "booked" and booking.updated_at > booking.created_at
    response = client.post(url, {"status": "new", "csrfmiddlewaretoken": token}, follow=True)  # not allowed from booked
    assert BookingRequest.objects.get().status == "booked"
    assert "not allowed" in response.content.decode()
    client.post(url, {"status": "nonsense", "csrfmiddlewaretoken": token})
    assert BookingRequest.objects.get().status == "booked"
    entries = AuditEntry.objects.filter(action="update_booking").order_by("id")
    assert [(e.detail["old"], e.detail["new"]) for e in entries] == [("new", "contacted"), ("contacted", "booked")]


def test_bookings_filter_by_branch_and_status(setup):
    client, _, _ = setup
    assert "NM-7K3Q9P" in client.get(reverse("bookings:list"), {"branch": "setia_alam"}).content.decode()
    assert "NM-7K3Q9P" not in client.get(reverse("bookings:list"), {"branch": "cheras"}).content.decode()
    assert "NM-7K3Q9P" not in client.get(reverse("bookings:list"), {"status": "booked"}).content.decode()
    assert AuditEntry.objects.filter(action="view_bookings").exists()
