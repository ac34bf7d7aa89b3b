import datetime as dt
import json
import random

from bookings.models import BookingRequest
from conversations.models import ConversationSummary, TrackerEvent
from conversations.services import synthetic
from conversations.services.summary_sync import sync_summaries
from conversations.services.transcript import build_transcript
from django.core.management import call_command
from django.urls import reverse
from rasa.shared.core.events import Event

from . import scenarios


def test_transcript_items_show_buttons_choice_intent_and_confidence(rasa):
    scenarios.web_booking(rasa)
    items = build_transcript("web:aisyah", masked=False)
    consent_question = next(i for i in items if i.kind == "bot" and i.text == "Do you agree?")
    assert [(b.title, b.chosen) for b in consent_question.buttons] == [("I agree", True), ("No thanks", False)]
    answer = items[items.index(consent_question) + 1]
    assert (answer.kind, answer.button_title, answer.intent, answer.confidence) == (
        "user",
        "I agree",
        "consent_agree",
        1.0,
    )
    typed = next(i for i in items if i.kind == "user" and "chin" in i.text)
    assert (typed.intent, typed.confidence, typed.button_title) == ("inform", 0.71, "")
    assert any(i.kind == "slot" and i.slot == "severity_band" and i.value == "moderate" for i in items)


def test_transcript_page_has_summary_card_and_bubbles(client, rasa):
    scenarios.web_booking(rasa)
    sync_summaries()
    client.force_login(scenarios.make_user("staff"))
    summary = ConversationSummary.objects.get()
    page = client.get(reverse("conversations:detail", args=[summary.pk])).content.decode()
    assert 'id="assessment"' in page and "Moderate" in page and "Setia Alam" in page and "NM-7K3Q9P" in page
    assert 'class="chosen"' in page and "consent_agree" in page and "0.71" in page
    assert client.get(reverse("conversations:detail", args=[999999])).status_code == 404


def test_analytics_counts_funnel_mix_branches_and_fallbacks(client, rasa):
    scenarios.seed_all(rasa)
    sync_summaries()
    client.force_login(scenarios.make_user("reviewer"))
    response = client.get(reverse("conversations:analytics"))
    stats = response.context["stats"]
    assert stats["total"] == 3
    assert [(r["key"], r["n"]) for r in stats["funnel_rows"]] == [
        ("consent", 2),
        ("assessment", 1),
        ("guidance", 1),
        ("booking_prompt", 1),
        ("booking_requested", 1),
    ]
    assert [(b["label"], b["value"]) for b in stats["concerns"]["bars"]] == [("acne", 1)]
    assert [(b["label"], b["value"]) for b in stats["branch_requests"]["bars"]] == [("setia_alam", 1)]
    assert round(stats["fallback_rate"]) == 33
    assert stats["top_misunderstood"][0]["normalized"] == "is durian heaty for eczema"
    page = response.content.decode()
    assert (
        page.count("<svg") >= 5 and "<script" not in page and "http" not in page.split("<main>")[1].split("</main>")[0]
    )
    day_totals = sum(c["total"] for c in stats["per_day"]["columns"])
    assert day_totals == 3
    # A range with no conversations renders without errors.
    empty = client.get(reverse("conversations:analytics"), {"date_from": "2001-01-01", "date_to": "2001-01-31"})
    assert empty.status_code == 200 and empty.context["stats"]["total"] == 0


def test_synthetic_events_are_exactly_rasas_event_format():
    rng = random.Random(7)
    for i in range(150):
        _, _, events, _ = synthetic.build_conversation(rng, 1.7e9 + i * 1000)
        for event in events:
            assert Event.from_parameters(event).as_dict() == event


def test_generate_synthetic_command_writes_events_and_bookings_then_syncs(rasa, capsys):
    call_command("generate_synthetic", "--conversations", "200", "--days", "30", "--sync")
    assert "synced 200 conversations" in capsys.readouterr().out
    assert ConversationSummary.objects.count() == 200
    assert TrackerEvent.objects.values("sender_id").distinct().count() == 200
    booked = ConversationSummary.objects.filter(booking_requested=True).count()
    assert booked == BookingRequest.objects.count() > 0
    row = TrackerEvent.objects.filter(type_name="user").first()
    assert json.loads(row.data)["parse_data"]["intent"]["name"] == row.intent_name
    cutoff = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=31)
    assert not ConversationSummary.objects.filter(started_at__lt=cutoff).exists()
    assert ConversationSummary.objects.filter(has_fallback=True).exists()
    assert ConversationSummary.objects.filter(channel="whatsapp").exists()
