"""Every page needs a signed-in user; roles decide what else is allowed."""

import pytest
from conversations.models import ConversationSummary
from conversations.services.summary_sync import sync_summaries
from django.urls import reverse

from . import scenarios

PAGES = [
    "conversations:list",
    "conversations:export",
    "conversations:analytics",
    "conversations:delete_person",
    "bookings:list",
    "audit:log",
    "password_change",
]


@pytest.fixture
def seeded(rasa):
    scenarios.seed_all(rasa)
    sync_summaries()
    return ConversationSummary.objects.get(sender_id="web:aisyah")


def test_every_page_redirects_anonymous_users_to_login(client, seeded):
    from bookings.models import BookingRequest

    booking = BookingRequest.objects.get()
    urls = [reverse(name) for name in PAGES] + [
        reverse("conversations:detail", args=[seeded.pk]),
        reverse("home"),
        "/admin/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/") or response["Location"].startswith("/admin/login/"), url
    posts = [
        reverse("conversations:review", args=[seeded.pk]),
        reverse("conversations:note", args=[seeded.pk]),
        reverse("conversations:tags", args=[seeded.pk]),
        reverse("bookings:status", args=[booking.pk]),
        reverse("conversations:delete_person"),
    ]
    for url in posts:
        response = client.post(
            url,
            {
                "review_status": "reviewed",
                "text": "x",
                "status": "contacted",
                "sender_id": "web:aisyah",
                "confirm": "on",
            },
        )
        assert response.status_code == 302 and response["Location"].startswith("/login/"), url
    seeded.refresh_from_db()
    assert seeded.review_status == "new" and not seeded.notes.exists()
    assert BookingRequest.objects.get().status == "new"
    assert ConversationSummary.objects.filter(pk=seeded.pk).exists()


def test_login_page_and_health_are_public(client, db):
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


def test_login_with_wrong_password_fails_and_right_password_works(client, db):
    scenarios.make_user("reviewer", "rita")
    response = client.post(reverse("login"), {"username": "rita", "password": "nope"})
    assert response.status_code == 200 and b"Wrong username or password" in response.content
    response = client.post(reverse("login"), {"username": "rita", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get(reverse("conversations:list")).status_code == 200
    from audit.models import AuditEntry

    log = list(AuditEntry.objects.order_by("id").values_list("action", "username", "target"))
    assert log[:2] == [("login_failed", "anonymous", "user rita"), ("login", "rita", "")]
    assert "nope" not in str(list(AuditEntry.objects.values_list("detail", flat=True)))


@pytest.mark.parametrize(
    "role,allowed,forbidden",
    [
        (
            "reviewer",
            ["conversations:list", "conversations:analytics", "bookings:list", "conversations:export"],
            ["audit:log", "conversations:delete_person"],
        ),
        ("staff", ["conversations:list", "bookings:list", "conversations:delete_person"], ["audit:log"]),
        ("admin", ["audit:log", "conversations:delete_person", "bookings:list"], []),
    ],
)
def test_role_permissions(client, seeded, role, allowed, forbidden):
    client.force_login(scenarios.make_user(role))
    for name in allowed:
        assert client.get(reverse(name)).status_code == 200, name
    for name in forbidden:
        assert client.get(reverse(name)).status_code == 403, name


def test_reviewer_cannot_change_booking_status_or_delete_people(client, seeded):
    from bookings.models import BookingRequest

    client.force_login(scenarios.make_user("reviewer"))
    booking = BookingRequest.objects.get()
    assert client.post(reverse("bookings:status", args=[booking.pk]), {"status": "contacted"}).status_code == 403
    assert BookingRequest.objects.get().status == "new"
    response = client.post(reverse("conversations:delete_person"), {"sender_id": "web:aisyah", "confirm": "on"})
    assert response.status_code == 403
    assert ConversationSummary.objects.filter(sender_id="web:aisyah").exists()


def test_only_admins_reach_django_admin(client, seeded):
    client.force_login(scenarios.make_user("staff"))
    assert client.get("/admin/").status_code == 302
    client.force_login(scenarios.make_user("admin"))
    assert client.get("/admin/auth/user/").status_code == 200


def test_list_page_works_before_rasa_created_the_events_table(client, db):
    """A fresh deployment: the console starts before Rasa ever wrote an event."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE events RENAME TO events_hidden")
    try:
        client.force_login(scenarios.make_user("reviewer"))
        response = client.get(reverse("conversations:list"))
        assert response.status_code == 200 and b"No conversations match" in response.content
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE events_hidden RENAME TO events")
