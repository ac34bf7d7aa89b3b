"""Summaries are computed from Rasa's real event rows, incrementally and idempotently."""

import datetime as dt

from conversations.models import ConversationSummary, ConversationText, FallbackMessage
from conversations.services.summary_sync import sync_summaries
from django.core.management import call_command

from . import scenarios
from .rasa_db import Script, save_events


def test_summary_fields_from_real_rasa_events(rasa):
    scenarios.seed_all(rasa)
    result = sync_summaries()
    assert result.conversations == 3

    web = ConversationSummary.objects.get(sender_id="web:aisyah")
    assert (web.channel, web.input_channel, web.language) == ("web", "webchat", "en")
    assert web.consent_given and web.assessment_done and web.guidance_given and web.booking_offered
    assert (web.concern, web.severity_band, web.urgency, web.branch_id) == ("acne", "moderate", "routine", "setia_alam")
    assert web.booking_requested and web.booking_reference == "NM-7K3Q9P"
    assert not web.red_flag and web.fallback_count == 0 and not web.has_fallback
    assert web.user_message_count == 12 and web.bot_message_count == 12
    assert web.message_count == 24
    assert web.started_at < web.last_at

    wa = ConversationSummary.objects.get(sender_id=scenarios.WA_SENDER)
    assert (wa.channel, wa.red_flag, wa.urgency, wa.consent_given) == ("whatsapp", True, "emergency", True)
    assert not wa.assessment_done and not wa.booking_requested

    confused = ConversationSummary.objects.get(sender_id="web:confused")
    # nlu_fallback and the action_default_fallback it triggered are one misunderstanding.
    assert confused.fallback_count == 1 and confused.has_fallback and not confused.consent_given
    assert list(FallbackMessage.objects.values_list("text", flat=True)) == ["is durian heaty for eczema"]

    body = ConversationText.objects.get(summary=web).body
    assert "my chin keeps breaking out before exams" in body and "fibre-rich food" in body
    assert '/inform{"choice"' not in body  # button payloads are not searchable text


def test_incremental_sync_picks_up_new_events_for_existing_conversation(rasa):
    scenarios.web_fallback(rasa)
    first = sync_summaries()
    assert first.conversations == 1
    before = ConversationSummary.objects.get(sender_id="web:confused")
    assert before.message_count == 4 and before.fallback_count == 1

    again = sync_summaries()  # nothing new: nothing applied, nothing double counted
    assert again.events_applied == 0
    assert ConversationSummary.objects.get(pk=before.pk).message_count == 4

    later = Script(before.last_at.timestamp() + 60, "webchat")
    later.user("asdfgh", "nlu_fallback", 0.2).action("action_default_fallback").bot("Sorry?")
    later.action("action_listen").user("ok can book at cheras", "book_appointment", 0.9)
    later.slot("branch_id", "cheras").slot("booking_reference", "NM-AAAAAA").bot("Booked request NM-AAAAAA.")
    save_events(rasa, "web:confused", later.events)
    scenarios.whatsapp_red_flag(rasa)  # and a brand-new conversation in the same run

    third = sync_summaries()
    assert third.conversations == 2
    after = ConversationSummary.objects.get(pk=before.pk)
    assert after.message_count == 8 and after.user_message_count == 4
    assert after.fallback_count == 2
    assert after.booking_requested and after.branch_id == "cheras"
    assert after.last_at > before.last_at and after.started_at == before.started_at
    assert "ok can book at cheras" in after.search_text.body and "is durian heaty" in after.search_text.body
    assert FallbackMessage.objects.filter(summary=after).count() == 2
    assert ConversationSummary.objects.count() == 2

    assert sync_summaries().events_applied == 0
    assert ConversationSummary.objects.get(pk=before.pk).message_count == 8


def test_sync_command_and_review_status_survive_new_events(rasa, capsys):
    scenarios.web_fallback(rasa)
    call_command("sync_summaries")
    assert "updated 1 conversations" in capsys.readouterr().out
    ConversationSummary.objects.update(review_status="reviewed")
    save_events(rasa, "web:confused", Script(dt.datetime.now().timestamp(), "webchat").user("thanks", "thank").events)
    call_command("sync_summaries")
    summary = ConversationSummary.objects.get()
    assert summary.review_status == "reviewed" and summary.user_message_count == 3


def test_events_committed_out_of_id_order_are_not_lost(rasa, settings):
    """A lower id that shows up after a later sync (PostgreSQL commit order) is still applied."""
    from conversations.models import SyncState, TrackerEvent

    scenarios.web_fallback(rasa)
    sync_summaries()
    summary = ConversationSummary.objects.get()
    # Simulate: the watermark already moved past ids that another conversation's late commit holds.
    scenarios.whatsapp_red_flag(rasa)
    late_ids = list(TrackerEvent.objects.filter(sender_id=scenarios.WA_SENDER).values_list("id", flat=True))
    SyncState.objects.filter(key="summaries").update(last_event_id=max(late_ids) + 5)
    result = sync_summaries()
    assert result.conversations == 1
    assert ConversationSummary.objects.get(sender_id=scenarios.WA_SENDER).red_flag
    assert ConversationSummary.objects.get(pk=summary.pk).message_count == 4


def test_an_event_that_cannot_be_stored_is_skipped_and_never_blocks_the_sync(rasa, client):
    """A lone surrogate or a NUL in a message (or its metadata) cannot go into a text column on
    every database: the event is skipped and logged; the rest of the conversation, the other
    conversations, later syncs and the pages that sync first all carry on."""
    now = dt.datetime.now(dt.timezone.utc).timestamp()
    bad = Script(now - 60, "webchat").session()
    bad.user("hello \ud800 there", "greet", 0.9).action("utter_greet").bot("Hi!")
    bad.action("action_listen").user("nul\x00byte", "greet", 0.9, metadata={"language": "e\x00n"})
    bad.action("action_listen").user("my skin itches", "inform", 0.8)
    save_events(rasa, "web:crafted", bad.events)
    scenarios.web_fallback(rasa)
    result = sync_summaries()
    assert result.events_skipped == 2
    crafted = ConversationSummary.objects.get(sender_id="web:crafted")
    assert crafted.user_message_count == 1 and crafted.bot_message_count == 1
    assert "my skin itches" in ConversationText.objects.get(summary=crafted).body
    assert ConversationSummary.objects.filter(sender_id="web:confused").exists()
    assert sync_summaries().events_skipped == 0  # the watermark moved past them
    client.force_login(scenarios.make_user("staff"))
    from django.urls import reverse

    for name in ("conversations:list", "conversations:export", "conversations:analytics"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name


def test_a_failing_automatic_sync_never_turns_a_page_into_a_500(rasa, client, monkeypatch):
    from conversations.views import listing
    from django.urls import reverse

    scenarios.web_fallback(rasa)

    def broken(**kwargs):
        raise UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(listing, "sync_summaries", broken)
    client.force_login(scenarios.make_user("staff"))
    assert client.get(reverse("conversations:list")).status_code == 200
