"""The Inbox: who waits for staff, staff replies through Rasa's HTTP API (a local fake here),
hand-back, the WhatsApp 24-hour window, and who may write to the person."""

import datetime as dt

import pytest
from audit.models import AuditEntry
from conversations.services.summary_sync import sync_summaries
from django.urls import reverse
from inbox.models import HandoffRequest, StaffBranch

from storage import handoffs, whatsapp

from . import scenarios
from .fake_rasa_api import FakeRasaApi

JOINED = "A member of the NextMed Clinic team has joined the chat"
BACK = "handed you back to the assistant"


@pytest.fixture
def rasa_api(settings):
    fake = FakeRasaApi()
    settings.RASA_API_URL, settings.RASA_API_TOKEN = fake.url, "test-api-token"
    yield fake
    fake.stop()


@pytest.fixture
def queue(rasa):
    """Three waiting conversations: web (Setia Alam booking), WhatsApp red flag, web fallback."""
    scenarios.seed_all(rasa)
    sync_summaries()
    now = dt.datetime.now(dt.timezone.utc)
    handoffs.request_handoff(
        rasa.engine,
        sender_id="web:aisyah",
        reason="human",
        channel="webchat",
        branch_id="setia_alam",
        language="en",
        now=now - dt.timedelta(minutes=5),
    )
    handoffs.request_handoff(
        rasa.engine,
        sender_id=scenarios.WA_SENDER,
        reason="red_flag",
        channel="whatsapp",
        language="en",
        now=now - dt.timedelta(minutes=50),
    )
    handoffs.request_handoff(
        rasa.engine,
        sender_id="web:confused",
        reason="fallback",
        channel="webchat",
        branch_id="cheras",
        now=now - dt.timedelta(minutes=20),
    )
    return {h.sender_id: h for h in HandoffRequest.objects.all()}


def signed_in(client, role, branch=None):
    user = scenarios.make_user(role)
    if branch:
        StaffBranch.objects.create(user=user, branch_id=branch)
    client.force_login(user)
    return user


def test_the_inbox_lists_reason_channel_branch_language_summary_and_waiting_time_own_branch_first(client, queue):
    signed_in(client, "staff", branch="cheras")
    page = client.get(reverse("inbox:list")).content.decode()
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr")[1:]
    assert [("Not understood twice" in r, "Red flag" in r, "Asked for a person" in r) for r in rows] == [
        (True, False, False),
        (False, True, False),
        (False, False, True),
    ]  # Cheras first, then oldest first
    assert "Your branch" in rows[0] and "Cheras" in rows[0]
    assert "50\xa0minutes" in rows[1] and "WhatsApp" in rows[1] and "EN" in rows[1]
    assert "Setia Alam" in rows[2] and "Acne · Moderate · Routine · booking NM-7K3Q9P" in rows[2]


def test_staff_choose_their_branch_on_the_inbox_page(client, queue):
    user = signed_in(client, "staff")
    client.post(reverse("inbox:my_branch"), {"branch": "setia_alam"})
    assert StaffBranch.objects.get(user=user).branch_id == "setia_alam"
    first_row = client.get(reverse("inbox:list")).content.decode().split("<tbody>")[1].split("</tr>")[0]
    assert "Asked for a person" in first_row


def test_first_reply_pauses_the_assistant_and_says_a_person_joined_then_hand_back_resumes(client, queue, rasa_api):
    user = signed_in(client, "staff")
    handoff = queue["web:aisyah"]
    client.post(reverse("inbox:reply", args=[handoff.pk]), {"text": "Hello, this is Sara from Setia Alam."})
    [call] = rasa_api.calls
    assert call["path"] == "/conversations/web:aisyah/tracker/events"
    assert call["query"] == {
        "token": "test-api-token",
        "include_events": "NONE",
        "output_channel": "latest",
        "execute_side_effects": "true",
    }
    assert [e["event"] for e in call["events"]] == ["pause", "bot", "bot"]
    assert JOINED in call["events"][1]["text"]
    assert call["events"][2] == {
        "event": "bot",
        "text": "Hello, this is Sara from Setia Alam.",
        "data": {},
        "metadata": {"staff": True},
    }
    handoff.refresh_from_db()
    assert (handoff.status, handoff.held_by) == ("held", user.username)

    client.post(reverse("inbox:reply", args=[handoff.pk]), {"text": "Could you tell me more?"})
    assert [e["event"] for e in rasa_api.calls[1]["events"]] == ["bot"]  # already joined: no second notice

    response = client.post(reverse("inbox:hand_back", args=[handoff.pk]))
    assert response.status_code == 302
    assert [e["event"] for e in rasa_api.calls[2]["events"]] == ["resume", "bot"]
    assert BACK in rasa_api.calls[2]["events"][1]["text"]
    handoff.refresh_from_db()
    assert (handoff.status, handoff.active_key) == ("closed", None)
    actions = list(AuditEntry.objects.filter(user=user).values_list("action", flat=True))
    assert actions.count("staff_reply") == 2 and "join_conversation" in actions and "hand_back" in actions
    detail = AuditEntry.objects.filter(action="staff_reply").first().detail
    assert detail == {"channel": "webchat", "chars": 23}  # no message text in the audit log


def test_reviewers_read_the_inbox_but_cannot_write_to_the_person(client, queue, rasa_api):
    signed_in(client, "reviewer")
    handoff = queue["web:aisyah"]
    page = client.get(reverse("inbox:detail", args=[handoff.pk])).content.decode()
    assert "reply-form" not in page and "but not write to the person" in page
    for name in ("inbox:reply", "inbox:hand_back", "inbox:close", "inbox:template"):
        assert client.post(reverse(name, args=[handoff.pk]), {"text": "hi"}).status_code == 403
    assert rasa_api.calls == []
    handoff.refresh_from_db()
    assert handoff.status == "open"


def test_admins_can_reply(client, queue, rasa_api):
    signed_in(client, "admin")
    client.post(reverse("inbox:reply", args=[queue["web:confused"].pk]), {"text": "Hi!"})
    assert len(rasa_api.calls) == 1


def test_whatsapp_outside_the_24_hour_window_sends_nothing_and_says_so(client, queue, rasa_api, rasa):
    signed_in(client, "staff")
    handoff = queue[scenarios.WA_SENDER]
    whatsapp.record_inbound(
        scenarios.WA_NUMBER, at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=25), engine=rasa.engine
    )
    page = client.get(reverse("inbox:detail", args=[handoff.pk])).content.decode()
    assert "24-hour window is closed" in page and "reply-form" not in page
    assert "No approved template is configured" in page
    response = client.post(reverse("inbox:reply", args=[handoff.pk]), {"text": "Are you okay?"}, follow=True)
    assert "no free-form message was sent" in response.content.decode()
    assert rasa_api.calls == []
    handoff.refresh_from_db()
    assert handoff.status == "open"

    whatsapp.record_inbound(scenarios.WA_NUMBER, engine=rasa.engine)  # the person wrote again
    page = client.get(reverse("inbox:detail", args=[handoff.pk])).content.decode()
    assert "reply-form" in page and "window open until" in page
    client.post(reverse("inbox:reply", args=[handoff.pk]), {"text": "Are you okay?"})
    assert rasa_api.calls[0]["path"] == f"/conversations/{scenarios.WA_SENDER}/tracker/events"


def test_when_rasa_is_unreachable_nothing_changes_and_staff_are_told(client, queue, rasa_api):
    signed_in(client, "staff")
    rasa_api.status = 500
    handoff = queue["web:aisyah"]
    response = client.post(reverse("inbox:reply", args=[handoff.pk]), {"text": "Hello"}, follow=True)
    assert "could not be reached: nothing was sent" in response.content.decode()
    handoff.refresh_from_db()
    assert handoff.status == "open"
    assert not AuditEntry.objects.filter(action="staff_reply").exists()


def test_close_without_replying_and_a_new_request_can_follow(client, queue, rasa, rasa_api):
    signed_in(client, "staff")
    handoff = queue["web:confused"]
    client.post(reverse("inbox:close", args=[handoff.pk]))
    assert rasa_api.calls == []  # nobody held it: the assistant was never paused
    handoff.refresh_from_db()
    assert handoff.status == "closed"
    assert handoffs.request_handoff(rasa.engine, sender_id="web:confused", reason="human")
    assert HandoffRequest.objects.filter(sender_id="web:confused").count() == 2


def test_outside_the_window_staff_can_send_the_approved_template_through_the_graph_api(
    client, queue, rasa, rasa_api, monkeypatch
):
    graph = FakeRasaApi()  # records what the console posts to the Graph API
    monkeypatch.setenv("WHATSAPP_REPLY_TEMPLATE", "staff_reply_waiting")
    monkeypatch.setenv("WHATSAPP_ACCESS_TOKEN", "test-access-token")
    monkeypatch.setenv("WHATSAPP_PHONE_NUMBER_ID", "109876543210987")
    monkeypatch.setenv("WHATSAPP_GRAPH_URL", graph.url)
    monkeypatch.setenv("WHATSAPP_API_VERSION", "v21.0")
    try:
        user = signed_in(client, "staff")
        handoff = queue[scenarios.WA_SENDER]
        whatsapp.record_inbound(
            scenarios.WA_NUMBER, at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=3), engine=rasa.engine
        )
        page = client.get(reverse("inbox:detail", args=[handoff.pk])).content.decode()
        assert "Send the approved template" in page and "staff_reply_waiting" in page
        response = client.post(reverse("inbox:template", args=[handoff.pk]), follow=True)
        assert "Template message sent" in response.content.decode()
        [call] = graph.calls
        assert call["path"] == "/v21.0/109876543210987/messages"
        assert call["events"]["to"] == scenarios.WA_NUMBER and call["events"]["type"] == "template"
        assert call["events"]["template"] == {"name": "staff_reply_waiting", "language": {"code": "en"}}
        assert rasa_api.calls == []  # no free-form text went anywhere
        assert AuditEntry.objects.filter(user=user, action="send_template", detail__sent=True).exists()
    finally:
        graph.stop()


def test_conversation_ids_map_to_channel_and_address_old_and_new():
    from inbox.services.addresses import address_of, whatsapp_number

    assert address_of("wa:60123456789") == address_of("60123456789", "whatsapp")
    assert whatsapp_number("wa:60123456789") == "60123456789"
    assert whatsapp_number("whatsapp:+60123456789") == "60123456789"  # Twilio's form, before namespacing
    uuid = "0b7c6b1e-4a5e-4b7e-9c1d-2f3a4b5c6d7e"
    assert address_of(f"web:{uuid}").channel == "web" and address_of(f"web:{uuid}").address == uuid
    assert whatsapp_number(f"web:{uuid}") is None and whatsapp_number("60123456789", "web") is None
    assert address_of("rest:x").channel == "other"
