"""Reviewers never receive names or phone numbers; staff do."""

import csv
import io

import pytest
from conversations.models import ConversationSummary
from conversations.services import pii
from conversations.services.summary_sync import sync_summaries
from django.urls import reverse

from . import scenarios

# Conversation ids too: a WhatsApp id is a phone number, a web id the key to the public history.
SECRETS = ["Aisyah", "Ahmad", "012-345 6789", "+60123456789", "0123456789", "60198765432", "web:", "wa:", "aisyah"]


@pytest.fixture
def seeded(rasa):
    scenarios.seed_all(rasa)
    sync_summaries()
    return ConversationSummary.objects.get(sender_id="web:aisyah")


def _text(response):
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def test_reviewer_transcript_masks_names_and_phone_numbers(client, seeded):
    client.force_login(scenarios.make_user("reviewer"))
    page = _text(client.get(reverse("conversations:detail", args=[seeded.pk])))
    for secret in SECRETS:
        assert secret not in page
    assert "my chin keeps breaking out before exams" in page  # the rest of the transcript is intact
    assert "•••name•••" in page and "•••phone•••" in page


def test_staff_transcript_shows_contact_details(client, seeded):
    client.force_login(scenarios.make_user("staff"))
    page = _text(client.get(reverse("conversations:detail", args=[seeded.pk])))
    assert scenarios.NAME in page and scenarios.PHONE_TYPED in page and scenarios.PHONE_E164 in page


def test_reviewers_see_no_conversation_ids_in_list_detail_and_export(client, seeded):
    wa = ConversationSummary.objects.get(sender_id=scenarios.WA_SENDER)
    client.force_login(scenarios.make_user("reviewer"))
    for url in (
        reverse("conversations:list"),
        reverse("conversations:detail", args=[wa.pk]),
        reverse("conversations:export"),
        reverse("bookings:list"),
        reverse("conversations:analytics"),
    ):
        body = _text(client.get(url))
        for secret in SECRETS:
            assert secret not in body, (url, secret)
    client.force_login(scenarios.make_user("staff"))
    assert scenarios.WA_SENDER in _text(client.get(reverse("conversations:list")))
    rows = list(csv.DictReader(io.StringIO(_text(client.get(reverse("conversations:export"))))))
    assert scenarios.WA_SENDER in {r["sender"] for r in rows}
    client.force_login(scenarios.make_user("reviewer"))
    rows = list(csv.DictReader(io.StringIO(_text(client.get(reverse("conversations:export"))))))
    assert rows and all("sender" not in row for row in rows)  # no sender column at all
    assert str(wa.pk) in {r["conversation"] for r in rows}  # known by the console's number


def test_bookings_contact_details_per_role(client, seeded):
    client.force_login(scenarios.make_user("reviewer"))
    page = _text(client.get(reverse("bookings:list")))
    assert "NM-7K3Q9P" in page and scenarios.NAME not in page and scenarios.PHONE_E164 not in page
    client.force_login(scenarios.make_user("staff"))
    page = _text(client.get(reverse("bookings:list")))
    assert scenarios.NAME in page and scenarios.PHONE_E164 in page


@pytest.mark.parametrize(
    "text", ["call me at +60 12-345 6789 ok", "my no 0123456789", "012 345 6789", "email aisyah@example.com"]
)
def test_mask_text_hides_numbers_and_emails(text, settings):
    masked = pii.mask_text(text)
    assert not any(ch.isdigit() for ch in masked.replace("•", "")), masked
    assert "@" not in masked


def test_mask_text_keeps_ordinary_numbers_in_sentences(settings):
    assert pii.mask_text("for 3 weeks, 2 times a day") == "for 3 weeks, 2 times a day"


def test_reviewers_cannot_find_conversations_by_phone_number(client, seeded):
    client.force_login(scenarios.make_user("reviewer"))
    confused = ConversationSummary.objects.get(sender_id="web:confused")
    page = _text(client.get(reverse("conversations:list"), {"q": "012-345", "channel": "web"}))
    # the number-like term is ignored, not used to pick conversations
    assert reverse("conversations:detail", args=[confused.pk]) in page
    client.force_login(scenarios.make_user("staff"))
    page = _text(client.get(reverse("conversations:list"), {"q": "012-345", "channel": "web"}))
    assert "web:aisyah" in page and "web:confused" not in page
