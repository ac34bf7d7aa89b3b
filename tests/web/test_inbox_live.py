"""The staff Inbox end to end, against the REAL Rasa and action servers (tests/conftest.py
`live_stack`) plus the real console and sync job started by the product's launcher:

- web: a person asks for a human in the widget; in a second browser context a staff member signs
  in, finds the conversation in the Inbox and replies; the reply appears in the widget within 5 s;
  the assistant says nothing while staff hold the conversation, and answers again after hand-back;
  the reply is still there after a reload; the widget and the Inbox pages pass axe-core
  (WCAG 2.1 AA). Screenshots for the README go to docs/screenshots/.
- WhatsApp: the staff reply goes out through the fake Graph API; outside the 24-hour window no
  free-form message is sent."""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import sqlite3
import time
import urllib.request
from pathlib import Path

import pytest
import requests
import yaml
from playwright.sync_api import Browser, expect

from devtools.axe import assert_no_violations
from tests.channels.fake_graph import APP_SECRET
from tests.channels.whatsapp_support import sign, text_message

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "docs" / "screenshots"
W = "nextmed-chat-widget"
MESSAGES = yaml.safe_load((ROOT / "content" / "messages.yml").read_text())["handoff"]
REQUESTED, JOINED, BACK = (" ".join(MESSAGES[k]["en"].split()) for k in ("requested", "staff_joined", "assistant_back"))
STAFF_USER = "sara"
REPLY_WITHIN_MS = 5000


@pytest.fixture(scope="module")
def console(live_stack, tmp_path_factory):
    """The console and the summary/notification job on the live stack's database, and a staff account."""
    from launcher.config import PYTHON, free_port
    from launcher.dev import start_console_and_sync

    if not live_stack.console_url:
        start_console_and_sync(live_stack, free_port(), tmp_path_factory.mktemp("console-var"), "2")
        live_stack.wait_healthy(["console"], timeout=120)
    password = secrets.token_urlsafe(18)
    live_stack.run_once(
        "console-staff",
        [PYTHON, "manage.py", "create_console_user", STAFF_USER, "--role", "staff", "--password-env", "STAFF_PASSWORD"],
        cwd=ROOT / "console",
        env={"STAFF_PASSWORD": password, "DJANGO_SECRET_KEY": "test-only-create-user"},
    )
    return live_stack.console_url, password


def db(live_stack):
    return sqlite3.connect(live_stack.env["DB_NAME"], timeout=20)


def handoff_id(live_stack, address: str, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with db(live_stack) as conn:
            row = conn.execute(
                "SELECT id FROM handoff_requests WHERE sender_id LIKE ? AND active_key IS NOT NULL", (f"%{address}",)
            ).fetchone()
        if row:
            return row[0]
        time.sleep(0.3)
    raise AssertionError(f"no active hand-off request for {address}")


def bot_texts(page) -> list:
    return [" ".join(t.split()) for t in page.locator(f"{W} .msg.bot .bubble").all_inner_texts()]


def send(page, text: str) -> None:
    page.locator(f"{W} textarea").fill(text)
    page.locator(f"{W} textarea").press("Enter")
    expect(page.locator(f"{W} .typing")).to_be_hidden(timeout=30_000)


def staff_session(console) -> requests.Session:
    url, password = console
    session = requests.Session()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', session.get(f"{url}/login/").text).group(1)
    page = session.post(
        f"{url}/login/",
        data={"username": STAFF_USER, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{url}/login/"},
    )
    assert page.ok and "/login/" not in page.url, page.url
    return session


def post_form(session: requests.Session, url: str, data: dict) -> requests.Response:
    token = session.cookies.get("csrftoken")
    return session.post(url, data={**data, "csrfmiddlewaretoken": token}, headers={"Referer": url})


@pytest.mark.e2e
@pytest.mark.web
def test_web_person_reaches_staff_and_the_assistant_waits_until_hand_back(browser: Browser, live_stack, console):
    console_url, password = console
    SHOTS.mkdir(parents=True, exist_ok=True)
    person = browser.new_context(viewport={"width": 1100, "height": 800}, bypass_csp=True).new_page()
    person.goto(live_stack.web_url + "/")
    person.locator(f"{W} .launcher").click()
    expect(person.locator(f"{W} .msg.bot").first).to_be_visible(timeout=30_000)
    send(person, "I want to talk to a real person")
    expect(person.locator(f"{W} .log")).to_contain_text(REQUESTED[:60])
    visitor = person.evaluate("() => localStorage.getItem('nextmed-chat-session')")
    request_id = handoff_id(live_stack, visitor)
    assert_no_violations(person, "the widget (hand-off requested)")

    staff = browser.new_context(viewport={"width": 1360, "height": 900}, bypass_csp=True).new_page()
    staff.goto(f"{console_url}/inbox/")
    staff.fill("input[name=username]", STAFF_USER)
    staff.fill("input[name=password]", password)
    staff.click("button[type=submit]")
    row = staff.locator(f"#inbox a[href='/inbox/{request_id}/']")
    expect(row).to_be_visible()
    expect(staff.locator(f"#inbox tr:has(a[href='/inbox/{request_id}/'])")).to_contain_text("Asked for a person")
    assert_no_violations(staff, "the Inbox list")
    staff.screenshot(path=str(SHOTS / "inbox-list.png"), full_page=True)
    row.click()
    staff.fill("#reply-text", "Hello, this is Sara from NextMed Clinic. How can I help?")
    staff.screenshot(path=str(SHOTS / "inbox-reply.png"), full_page=True)
    sent_at = time.monotonic()
    staff.click("#reply-form button[type=submit]")
    expect(staff.locator(".messages")).to_contain_text("Reply sent")

    # The widget shows the joined notice and the reply within 5 s, without the person doing anything.
    expect(person.locator(f"{W} .msg.bot.staff")).to_contain_text("this is Sara", timeout=REPLY_WITHIN_MS)
    reply_seconds = time.monotonic() - sent_at
    assert JOINED[:50] in " ".join(bot_texts(person))
    print(f"staff reply shown in the widget {reply_seconds:.1f}s after the staff member pressed Send")
    assert_no_violations(person, "the widget (staff reply shown)")
    person.screenshot(path=str(SHOTS / "widget-staff-reply.png"))

    # While staff hold the conversation the assistant says nothing, whatever the person writes.
    before = len(bot_texts(person))
    send(person, "what are your opening hours?")
    person.wait_for_timeout(3000)
    assert len(bot_texts(person)) == before, bot_texts(person)[before:]
    with db(live_stack) as conn:
        rows = conn.execute(
            "SELECT type_name, data FROM events WHERE sender_id LIKE ? ORDER BY id", (f"%{visitor}",)
        ).fetchall()
    last_user = max(
        i
        for i, (kind, data) in enumerate(rows)
        if kind == "user" and "opening hours" in json.loads(data).get("text", "")
    )
    assert [kind for kind, _ in rows[last_user + 1 :]].count("bot") == 0

    staff.reload()
    expect(staff.locator("#transcript")).to_contain_text("what are your opening hours?")
    expect(staff.locator("#handoff-card")).to_contain_text(f"Held by {STAFF_USER}")
    assert_no_violations(staff, "an Inbox request held by staff")
    staff.screenshot(path=str(SHOTS / "inbox-held.png"), full_page=True)
    staff.click("#hand-back-form button")
    expect(staff.locator(".messages")).to_contain_text("Handed back")
    expect(person.locator(f"{W} .log")).to_contain_text(BACK[:50], timeout=REPLY_WITHIN_MS)

    # The assistant answers again.
    before = len(bot_texts(person))
    send(person, "what are your opening hours?")
    person.wait_for_function(
        f"n => document.querySelector('{W}').shadowRoot.querySelectorAll('.msg.bot').length > n",
        arg=before,
        timeout=30_000,
    )

    # After a reload the staff messages are still there, marked as staff.
    person.reload()
    expect(person.locator(f"{W} .msg.bot.staff")).to_contain_text("this is Sara", timeout=15_000)
    assert_no_violations(person, "the widget after a reload")


def whatsapp_post(live_stack, payload: dict) -> None:
    raw = json.dumps(payload).encode()
    request = urllib.request.Request(
        f"{live_stack.rasa_url}/webhooks/whatsapp/webhook",
        data=raw,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(raw, APP_SECRET)},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


@pytest.mark.e2e
def test_whatsapp_staff_reply_goes_out_through_graph_and_not_outside_the_window(
    live_stack, console, whatsapp_fake_graph
):
    graph = whatsapp_fake_graph
    wa_id = f"6019{secrets.randbelow(10**7):07d}"
    whatsapp_post(live_stack, text_message(wa_id, "I want to talk to a human please"))
    assert graph.wait_until(lambda: any(REQUESTED[:40] in t for t in graph.texts(wa_id)), timeout=60), graph.texts(
        wa_id
    )
    request_id = handoff_id(live_stack, wa_id)
    staff = staff_session(console)
    url = f"{console[0]}/inbox/{request_id}/"
    assert "window open until" in staff.get(url).text

    before = len(graph.texts(wa_id))
    page = post_form(staff, f"{url}reply", {"text": "Hi, Sara from NextMed here."})
    assert page.ok and "Reply sent" in page.text
    assert graph.wait_until(lambda: "Hi, Sara from NextMed here." in graph.texts(wa_id), timeout=20)
    new = graph.texts(wa_id)[before:]
    assert any(JOINED[:40] in t for t in new) and new[-1] == "Hi, Sara from NextMed here."

    # The person last wrote 25 hours ago: WhatsApp accepts no free-form message, the console sends none.
    with db(live_stack) as conn:
        old = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=25)).strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.execute("UPDATE whatsapp_contacts SET last_inbound_at = ? WHERE wa_id = ?", (old, wa_id))
    assert "24-hour window is closed" in staff.get(url).text
    sent = len(graph.delivered(wa_id))
    page = post_form(staff, f"{url}reply", {"text": "Are you still there?"})
    assert "no free-form message was sent" in page.text
    time.sleep(2)
    assert len(graph.delivered(wa_id)) == sent
    post_form(staff, f"{url}hand-back", {})  # the assistant takes over again (its texts wait for the window too)
    time.sleep(2)
    assert len(graph.delivered(wa_id)) == sent
