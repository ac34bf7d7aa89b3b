"""The widget on a page with <html lang="ms"> (the demo page at /ms) against the REAL assistant, in headless
Chromium: it greets, asks and answers in Bahasa Melayu."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from actions.runtime import content, texts
from skincheck import questions

pytestmark = [pytest.mark.e2e, pytest.mark.web]

W = "nextmed-chat-widget"
TIMEOUT_MS = 30_000


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "bypass_csp": True}


def first_line(text: str) -> str:
    return text.split("\n")[0].strip()


def test_widget_on_a_malay_page_greets_asks_and_answers_in_malay(page: Page, live_stack):
    page.goto(live_stack.web_url + "/ms")
    assert page.evaluate("document.documentElement.lang") == "ms"
    launcher = page.locator(f"{W} .launcher")
    expect(launcher).to_have_text(re.compile("^Sembang dengan kami"))
    launcher.click()

    bot = page.locator(f"{W} .msg.bot .bubble")
    expect(bot.filter(has_text="Hai, saya pembantu kulit NextMed Clinic")).to_be_visible(timeout=TIMEOUT_MS)
    expect(
        bot.filter(
            has_text=first_line(
                texts().say("messages", "consent.notice", "ms", data_user="", data_contact="", retention_days="")
            )
        )
    ).to_have_count(1)
    choices = page.locator(W).locator(".choices.open")
    choices.get_by_role("button", name=texts().say("messages", "consent.button_agree", "ms"), exact=True).click()
    expect(bot.filter(has_text="Apa yang anda ingin lakukan?")).to_be_visible(timeout=TIMEOUT_MS)

    choices.get_by_role("button", name="Mula semakan kulit", exact=True).click()
    order = questions.next_questions(content(), {})
    expect(bot.filter(has_text=first_line(questions.prompt(content(), order[0], "ms")))).to_be_visible(
        timeout=TIMEOUT_MS
    )
    choices.get_by_role("button", name="Tidak", exact=True).click()  # a Malay answer button
    second = questions.next_questions(content(), {order[0]: "no"})[0]
    expect(bot.filter(has_text=first_line(questions.prompt(content(), second, "ms")))).to_be_visible(timeout=TIMEOUT_MS)
    page.locator(f"{W} textarea").fill("tidak ada")  # a typed Malay answer
    page.locator(f"{W} textarea").press("Enter")
    third = questions.next_questions(content(), {order[0]: "no", second: "no"})[0]
    expect(bot.filter(has_text=first_line(questions.prompt(content(), third, "ms")))).to_be_visible(timeout=TIMEOUT_MS)
    expect(page.locator(f"{W} .error")).to_be_hidden()
