"""Every console page passes axe-core's WCAG 2.1 AA rules in real headless Chromium (axe-core from
npm, pinned in package-lock.json, injected into each page): lists, transcript, bookings, analytics,
privacy, audit log, password change, login, the Inbox (waiting, held, WhatsApp window closed), the
labelling queue, as the role that sees the most controls on each."""

import datetime as dt

import pytest
from conversations.models import ConversationSummary
from conversations.services.summary_sync import sync_summaries
from django.urls import reverse
from inbox.models import HandoffRequest

from devtools.axe import describe, violations
from devtools.chromium import ARGS, CHROMIUM
from storage import handoffs, whatsapp

from . import scenarios

pytestmark = [
    pytest.mark.browser,
]


def test_every_console_page_has_no_wcag_21_aa_violations(live_server, rasa, monkeypatch):
    scenarios.seed_all(rasa)
    now = dt.datetime.now(dt.timezone.utc)
    handoffs.request_handoff(
        rasa.engine,
        sender_id="web:aisyah",
        reason="human",
        channel="webchat",
        branch_id="setia_alam",
        language="en",
        now=now - dt.timedelta(minutes=7),
    )
    handoffs.request_handoff(rasa.engine, sender_id=scenarios.WA_SENDER, reason="red_flag", channel="whatsapp")
    whatsapp.record_inbound(scenarios.WA_SENDER, at=now - dt.timedelta(hours=30), engine=rasa.engine)
    handoffs.request_handoff(rasa.engine, sender_id="web:confused", reason="fallback", channel="webchat")
    HandoffRequest.objects.filter(sender_id="web:confused").update(status="held", held_by="admin1")
    sync_summaries()
    scenarios.make_user("admin", "ada", "browser-test-passphrase")
    conversation = ConversationSummary.objects.get(sender_id="web:aisyah").pk
    requests = {h.sender_id: h.pk for h in HandoffRequest.objects.all()}
    pages = [
        reverse("conversations:list"),
        reverse("conversations:detail", args=[conversation]),
        reverse("bookings:list"),
        reverse("conversations:analytics"),
        reverse("conversations:delete_person"),
        reverse("audit:log"),
        reverse("password_change"),
        reverse("inbox:list"),
        reverse("inbox:detail", args=[requests["web:aisyah"]]),
        reverse("inbox:detail", args=[requests[scenarios.WA_SENDER]]),
        reverse("inbox:detail", args=[requests["web:confused"]]),
        reverse("labelling:queue"),
    ]
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    failures = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1360, "height": 900}, bypass_csp=True).new_page()
            page.goto(f"{live_server.url}/login/")
            found = violations(page)
            if found:
                failures["/login/"] = describe(found)
            page.fill("input[name=username]", "ada")
            page.fill("input[name=password]", "browser-test-passphrase")
            page.click("button[type=submit]")
            page.wait_for_url(f"{live_server.url}/conversations/")
            for path in pages:
                response = page.goto(live_server.url + path)
                assert response.status == 200, path
                found = violations(page)
                if found:
                    failures[path] = describe(found)
            # a page with a message shown (success notice) and the labelling form, when anything waits
            labelling_link = (
                page.goto(live_server.url + reverse("labelling:queue"))
                and page.locator("main a[href^='/labelling/']").first
            )
            if labelling_link and labelling_link.count():
                labelling_link.click()
                page.wait_for_load_state()
                found = violations(page)
                if found:
                    failures[page.url] = describe(found)
        finally:
            browser.close()
    assert not failures, "\n\n".join(f"{path}:\n{text}" for path, text in failures.items())
