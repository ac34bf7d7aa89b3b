"""The widget in headless Chromium against the REAL assistant with a low per-sender rate limit
(`secure_stack`, tests/support/secure_stack.py: RATE_LIMIT_PER_SENDER=5 per minute): once the
visitor sends too fast, Rasa's 429 reaches the browser (CORS headers and all) and the widget shows
its "please slow down" text from web/widget-strings.json; the typed message stays on screen and
Retry sends that same message again."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from tests.support.secure_stack import PER_SENDER

pytestmark = [pytest.mark.e2e, pytest.mark.web]

STRINGS = json.loads((Path(__file__).resolve().parents[2] / "web" / "widget-strings.json").read_text())["en"]
W = "nextmed-chat-widget"
REPLY_TIMEOUT_MS = 30_000


def test_too_many_messages_show_slow_down_and_keep_the_typed_message(page: Page, secure_stack):
    # The stack trusts 127.0.0.1 as its proxy: give this browser an address of its own, so the
    # per-address count other tests share is untouched and only the per-sender limit is reached.
    address = f"192.0.2.{random.randint(1, 249)}"
    posted: list[tuple[str, int | None]] = []  # (message, status) of each POST the widget made

    def as_client(route: Route) -> None:
        request = route.request
        if request.method != "POST":
            route.continue_(headers={**request.headers, "x-forwarded-for": address})
            return
        response = route.fetch(headers={**request.headers, "x-forwarded-for": address})
        posted.append((json.loads(request.post_data or "{}").get("message"), response.status))
        route.fulfill(response=response)

    page.route(f"{secure_stack.rasa_url}/webhooks/**", as_client)
    page.goto(secure_stack.web_url + "/")
    page.locator(f"{W} .launcher").click()
    bots, typing, error = page.locator(f"{W} .msg.bot"), page.locator(f"{W} .typing"), page.locator(f"{W} .error")
    expect(bots.first).to_be_visible(timeout=REPLY_TIMEOUT_MS)  # the greeting: /greet was the first message

    typed = ""
    for i in range(PER_SENDER + 5):  # a fixed window may roll over once on the way
        typed = f"Is this message number {i + 1} too fast?"
        page.locator(f"{W} textarea").fill(typed)
        page.locator(f"{W} textarea").press("Enter")
        expect(typing).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
        if error.is_visible():
            break
    expect(error).to_contain_text(STRINGS["errorSlowDown"])
    assert posted[-1] == (typed, 429), posted
    assert all(status == 200 for _, status in posted[:-1]), posted
    # The message is not lost: it is on screen as the visitor's, and Retry offers to send it again.
    expect(page.locator(f"{W} .msg.user .bubble", has_text=typed)).to_be_visible()
    expect(page.locator(f"{W} .error .retry")).to_be_visible()
    page.locator(f"{W} .error .retry").click()
    expect(typing).to_be_hidden(timeout=REPLY_TIMEOUT_MS)
    assert posted[-1] == (typed, 429), posted  # the same message, still within the minute
    expect(error).to_contain_text(STRINGS["errorSlowDown"])
    expect(page.locator(f"{W} .msg.user .bubble", has_text=typed)).to_have_count(1)  # not drawn twice
