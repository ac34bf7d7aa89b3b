"""PDPA: retention purge and deleting one person's data (command and page)."""

import datetime as dt

import pytest
from audit.models import AuditEntry
from bookings.models import BookingRequest
from conversations.models import ConversationSummary, FallbackMessage, Note, TrackerEvent
from conversations.services.summary_sync import sync_summaries
from django.core.management import CommandError, call_command
from django.urls import reverse

from . import scenarios
from .rasa_db import Script, save_events, window_senders

DAY = 86400


def test_purge_expired_deletes_old_data_and_resummarises_partial_conversations(rasa, settings, capsys):
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    settings.RETENTION_DAYS = 30
    scenarios.web_fallback(rasa, sender_id="old", t0=now - 60 * DAY)
    scenarios.web_booking(rasa, sender_id="fresh", t0=now - 2 * DAY)
    # A conversation that started before the cutoff and went on after it.
    scenarios.web_fallback(rasa, sender_id="spanning", t0=now - 40 * DAY)
    save_events(rasa, "spanning", Script(now - DAY).user("still itchy", "inform").bot("Thanks for telling me.").events)
    sync_summaries()
    old = ConversationSummary.objects.get(sender_id="old")
    Note.objects.create(summary=old, text="old note")
    BookingRequest.objects.filter(sender_id="fresh").update(
        created_at=dt.datetime.fromtimestamp(now - 45 * DAY, dt.timezone.utc)
    )

    assert window_senders(rasa) == {"old", "fresh", "spanning"}
    call_command("purge_expired")
    assert "purged data older than" in capsys.readouterr().out
    # Windows that may hold answers from before the cutoff go; Rasa rebuilds from what is left.
    assert window_senders(rasa) == {"fresh"}

    assert not TrackerEvent.objects.filter(sender_id="old").exists()
    assert not ConversationSummary.objects.filter(sender_id="old").exists() and not Note.objects.exists()
    assert not BookingRequest.objects.exists()
    assert TrackerEvent.objects.filter(sender_id="fresh").exists()
    spanning = ConversationSummary.objects.get(sender_id="spanning")
    assert spanning.message_count == 2 and spanning.fallback_count == 0
    assert spanning.started_at.timestamp() > now - 2 * DAY
    assert not FallbackMessage.objects.filter(summary=spanning).exists()
    assert "is durian heaty" not in spanning.search_text.body
    entry = AuditEntry.objects.get(action="purge_expired")
    assert entry.detail["conversations"] == 1 and entry.detail["bookings"] == 1 and entry.detail["events"] > 0
    # Running it again finds nothing more and a later sync does not resurrect anything.
    call_command("purge_expired")
    sync_summaries()
    assert set(ConversationSummary.objects.values_list("sender_id", flat=True)) == {"fresh", "spanning"}


def test_purge_refuses_a_zero_retention(rasa):
    with pytest.raises(CommandError):
        call_command("purge_expired", "--days", "0")


def test_delete_person_by_phone_finds_web_chat_via_booking_and_whatsapp_sender(rasa, capsys):
    scenarios.seed_all(rasa)
    scenarios.whatsapp_red_flag(rasa, sender_id="wa:60123456789")  # same number as the web booking, on WhatsApp
    sync_summaries()
    call_command("delete_person", "--phone", "012-345 6789")
    out = capsys.readouterr().out
    assert "2 conversations" in out and "1 booking requests" in out
    assert set(ConversationSummary.objects.values_list("sender_id", flat=True)) == {scenarios.WA_SENDER, "web:confused"}
    assert not TrackerEvent.objects.filter(sender_id__in=["web:aisyah", "wa:60123456789"]).exists()
    assert not window_senders(rasa) & {"web:aisyah", "wa:60123456789"}  # no slot value survives there either
    assert scenarios.WA_SENDER in window_senders(rasa)
    assert not BookingRequest.objects.exists()
    entry = AuditEntry.objects.get(action="delete_person")
    assert "123456789" not in str(entry.detail) + entry.target  # the log keeps no phone number
    assert entry.detail["conversations"] == 2
    sync_summaries()
    assert ConversationSummary.objects.count() == 2


def test_delete_person_by_sender_id_and_bad_phone(rasa):
    scenarios.seed_all(rasa)
    sync_summaries()
    call_command("delete_person", "--sender-id", scenarios.WA_SENDER)
    assert not ConversationSummary.objects.filter(sender_id=scenarios.WA_SENDER).exists()
    assert ConversationSummary.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("delete_person", "--phone", "not a number")


def test_delete_person_page_previews_then_deletes(client, rasa):
    scenarios.seed_all(rasa)
    sync_summaries()
    client.force_login(scenarios.make_user("staff"))
    url = reverse("conversations:delete_person")
    preview = client.post(url, {"phone": "+60 12-345 6789"}).content.decode()
    assert "Found 1 conversation id" in preview and "Delete permanently" in preview
    assert ConversationSummary.objects.filter(sender_id="web:aisyah").exists()
    done = client.post(url, {"phone": "+60 12-345 6789", "confirm": "on"}).content.decode()
    assert "Deleted:" in done
    assert not ConversationSummary.objects.filter(sender_id="web:aisyah").exists()
    assert not BookingRequest.objects.exists()
    assert AuditEntry.objects.get(action="delete_person").username == "staff1"
    assert client.post(url, {"phone": "abc"}).status_code == 400
    assert client.post(url, {"phone": "0123", "sender_id": "x"}).status_code == 400
