"""Branches hear about new hand-off and booking requests: real SMTP to a local aiosmtpd server, a
local webhook, each notification once even when two notifier runs race, no contact details."""

import datetime as dt
import email
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from inbox.models import Notification
from inbox.services import notify

from storage import handoffs

from . import scenarios
from .fake_rasa_api import FakeRasaApi

CHERAS, SETIA = "cheras@clinic.test", "setia@clinic.test"


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    handler = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.NOTIFY_EMAILS = {"cheras": [CHERAS], "setia_alam": [SETIA], "pj": ["pj@clinic.test"]}
    settings.CONSOLE_PUBLIC_URL = "https://console.clinic.test"
    yield handler
    controller.stop()


@pytest.fixture
def webhook(settings):
    fake = FakeRasaApi()  # any JSON POST recorder will do
    settings.NOTIFY_WEBHOOKS = {"cheras": f"{fake.url}/hooks/cheras"}
    yield fake
    fake.stop()


def body(message):
    return message.get_payload(decode=True).decode()


def test_handoff_and_booking_emails_reach_the_right_branch_once(smtp, webhook, rasa):
    scenarios.seed_all(rasa)  # holds booking NM-7K3Q9P for Setia Alam, with name and phone
    call_command("sync_summaries")
    handoffs.request_handoff(
        rasa.engine, sender_id="web:confused", reason="human", channel="webchat", branch_id="cheras", language="en"
    )
    call_command("send_notifications")
    by_to = {tuple(to): msg for to, msg in smtp.messages}
    assert set(by_to) == {(CHERAS,), (SETIA,)}
    handoff_mail, booking_mail = by_to[(CHERAS,)], by_to[(SETIA,)]
    assert handoff_mail["Subject"] == "[NextMed] A person asked for staff - Cheras"
    request_id = notify.HandoffRequest.objects.get().pk
    assert f"https://console.clinic.test{reverse('inbox:detail', args=[request_id])}" in body(handoff_mail)
    assert booking_mail["Subject"] == "[NextMed] New booking request NM-7K3Q9P - Setia Alam"
    text = body(booking_mail)
    assert "Summary: concern Acne, band Moderate, urgency Routine" in text
    assert "https://console.clinic.test/bookings/?branch=setia_alam&status=new" in text
    for forbidden in (scenarios.NAME, "Aisyah", scenarios.PHONE_E164, "0123456789", "low_fibre", "chin"):
        assert forbidden not in text and forbidden not in body(handoff_mail)
    [hook] = webhook.calls
    assert hook["path"] == "/hooks/cheras" and "A person asked for staff" in hook["events"]["text"]

    call_command("send_notifications")  # the next periodic run: nothing new
    assert len(smtp.messages) == 2 and Notification.objects.filter(sent_at__isnull=False).count() == 2

    # The same person is then given crisis support: the branch hears again, now as a crisis.
    handoffs.request_handoff(rasa.engine, sender_id="web:confused", reason="crisis")
    call_command("send_notifications")
    assert len(smtp.messages) == 3 and smtp.messages[-1][0] == [CHERAS]
    assert smtp.messages[-1][1]["Subject"] == "[NextMed] Crisis reply given - Cheras"


def test_two_notifier_runs_at_once_send_each_notification_once(smtp, webhook, rasa, settings):
    for i in range(4):
        handoffs.request_handoff(rasa.engine, sender_id=f"web-{i}", reason="fallback", branch_id="pj")
    threads = [threading.Thread(target=notify.send_pending) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(smtp.messages) == 4
    assert Notification.objects.count() == 4


def test_a_failed_send_is_retried_and_old_requests_are_never_notified(smtp, rasa, settings, monkeypatch):
    old = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=30)
    handoffs.request_handoff(rasa.engine, sender_id="web-old", reason="human", branch_id="pj", now=old)
    handoffs.request_handoff(rasa.engine, sender_id="web-new", reason="crisis", branch_id="pj")
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, 1  # nothing listens: the send fails
    assert notify.send_pending().failed == 1
    assert not Notification.objects.exists()
    settings.EMAIL_PORT = port
    result = notify.send_pending()
    assert (result.sent, result.failed) == (1, 0)
    [(to, message)] = smtp.messages
    assert to == ["pj@clinic.test"] and "Crisis reply given" in message["Subject"]


def test_without_smtp_settings_mail_goes_to_the_log(rasa, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.NOTIFY_EMAILS = {"default": ["desk@clinic.test"]}
    handoffs.request_handoff(rasa.engine, sender_id="web-x", reason="red_flag")
    call_command("send_notifications")
    out = capsys.readouterr().out
    assert "To: desk@clinic.test" in out and "Red flag follow-up" in out and "1 sent" in out


def test_booking_requests_show_their_age_and_untouched_old_ones_are_highlighted(client, rasa, settings):
    from .rasa_db import insert_booking

    settings.BOOKING_STALE_HOURS = 4
    now = dt.datetime.now(dt.timezone.utc)
    for ref, hours, status in (("NM-AAAAAA", 5, "new"), ("NM-BBBBBB", 1, "new"), ("NM-CCCCCC", 9, "contacted")):
        at = now - dt.timedelta(hours=hours)
        insert_booking(
            rasa,
            reference=ref,
            dedupe_key=ref,
            sender_id=f"web-{ref}",
            channel="webchat",
            branch_id="pj",
            name="N",
            phone_e164="+60123456789",
            status=status,
            created_at=at,
            updated_at=at,
        )
    client.force_login(scenarios.make_user("staff"))
    page = client.get(reverse("bookings:list")).content.decode()
    rows = {
        ref: page.split(ref)[0].rsplit("<tr", 1)[1] + page.split(ref)[1].split("</tr>")[0]
        for ref in ("NM-AAAAAA", "NM-BBBBBB", "NM-CCCCCC")
    }
    assert 'class="stale"' in rows["NM-AAAAAA"] and "Untouched over 4 h" in rows["NM-AAAAAA"]
    assert "5\xa0hours" in rows["NM-AAAAAA"] and "1\xa0hour" in rows["NM-BBBBBB"]
    assert "stale" not in rows["NM-BBBBBB"] and "stale" not in rows["NM-CCCCCC"]  # young, or already worked
