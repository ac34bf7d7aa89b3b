"""The widget against the REAL assistant: a whole self-assessment by clicking buttons, with
free-text answers, in headless Chromium. Needs the `live_stack` fixture (tests/conftest.py:
trained model, Rasa with --cors, action server, web/serve.py pointed at Rasa).

What it relies on (docs/architecture.md and content/questions.yml):
- opening the widget sends /greet; the assistant asks for consent with a /consent_agree button,
  then shows a menu with a /start_assessment button;
- every question is asked with the prompt text from content/questions.yml and, for choice
  questions, one button per option sending /inform{"choice":"<value>"};
- red-flag questions come first; answering "No" to all four continues to the assessment;
- typed answers are understood (concern "eczema", body areas);
- the SQL tracker store (DB_NAME) records the outcome slots.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, expect

from tests.support.screen_oracle import RED_FLAGS, SCREEN

pytestmark = [pytest.mark.e2e, pytest.mark.web]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The demo page's strict CSP forbids eval, which Playwright's wait_for_function uses for the
    # test's own predicates; the widget itself still runs under that CSP in every other web test.
    return {**browser_context_args, "bypass_csp": True}


ROOT = Path(__file__).resolve().parents[2]
W = "nextmed-chat-widget"

# Free-text answers typed instead of clicking (the rest is answered with buttons).
TYPED = {"concern": "I think it is eczema", "body_area": "face and arms"}
MAX_STEPS = 60
REPLY_TIMEOUT_MS = 30_000


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def load_questions() -> dict[str, dict]:
    """slot -> {prompt, options: [{value, title}]} in English, from the clinic's content."""
    data = yaml.safe_load((ROOT / "content" / "questions.yml").read_text(encoding="utf-8"))
    sets = data.get("option_sets", {})
    questions = {}
    for slot, spec in data["questions"].items():
        options = spec.get("options") or []
        if isinstance(options, str):
            options = sets[options]
        questions[slot] = {
            "prompt": _norm(spec["prompt"]["en"].replace("**", "")),
            "options": [{"value": o["value"], "title": o["title"]["en"]} for o in options],
        }
    return questions


class LiveChat:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.bots = page.locator(f"{W} .msg.bot")
        self.typing = page.locator(f"{W} .typing")
        self.error = page.locator(f"{W} .error")
        self.input = page.locator(f"{W} textarea")
        self.clicks = 0

    def bot_count(self) -> int:
        return self.bots.count()

    def wait_for_reply(self, before: int) -> None:
        # Done when new bot messages are drawn and the typing indicator is gone, or on an error.
        self.page.wait_for_function(
            f"""([n]) => {{
                const root = document.querySelector('{W}').shadowRoot;
                const replied = root.querySelectorAll('.msg.bot').length > n && root.querySelector('.typing').hidden;
                return replied || !root.querySelector('.error').hidden;
            }}""",
            arg=[before],
            timeout=REPLY_TIMEOUT_MS,
        )
        expect(self.error).to_be_hidden()  # the assistant must answer, not fail

    def bot_texts_since(self, index: int) -> list[str]:
        return [_norm(t) for t in self.bots.all_inner_texts()[index:]]

    def open_payloads(self) -> list[str]:
        return self.page.locator(f"{W} .choices.open button").evaluate_all("nodes => nodes.map(n => n.dataset.payload)")

    def click_payload(self, payload: str) -> None:
        before = self.bot_count()
        self.page.locator(f"{W} .choices.open button[data-payload='{_css_escape(payload)}']").click()
        self.clicks += 1
        self.wait_for_reply(before)

    def type(self, text: str) -> None:
        before = self.bot_count()
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_for_reply(before)


def _css_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _choice_payload(value: str) -> str:
    return "/inform" + json.dumps({"choice": value}, separators=(",", ":"))


def _which_question(texts: list[str], questions: dict[str, dict]) -> str | None:
    for text in reversed(texts):
        for slot, spec in questions.items():
            if spec["prompt"] and spec["prompt"] in text:
                return slot
    return None


def _slots_from_tracker(db_file: str, sender: str) -> dict[str, object]:
    with sqlite3.connect(db_file) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'slot' ORDER BY id", (sender,)
        ).fetchall()
    slots: dict[str, object] = {}
    for (data,) in rows:
        event = json.loads(data)
        slots[event["name"]] = event["value"]
    return slots


def _first_user_metadata(db_file: str, sender: str) -> dict:
    with sqlite3.connect(db_file) as db:
        row = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'user' ORDER BY id LIMIT 1", (sender,)
        ).fetchone()
    return json.loads(row[0]).get("metadata") or {}


def test_full_self_assessment_through_the_widget(page: Page, live_stack):
    assert live_stack.web_url, "live_stack must serve the demo page (web/serve.py)"
    questions = load_questions()
    page.goto(live_stack.web_url + "/")
    chat = LiveChat(page)
    launcher = page.locator(f"{W} .launcher")
    expect(launcher).to_be_visible()
    launcher.click()

    # Greeting and consent, then the menu.
    page.wait_for_function(
        f"document.querySelector('{W}').shadowRoot.querySelector('.choices.open')", timeout=REPLY_TIMEOUT_MS
    )
    assert "/consent_agree" in chat.open_payloads()
    chat.click_payload("/consent_agree")
    assert "/start_assessment" in chat.open_payloads()
    mark = chat.bot_count()
    chat.click_payload("/start_assessment")

    asked: list[str] = []
    for _ in range(MAX_STEPS):
        texts = chat.bot_texts_since(mark)
        slot = _which_question(texts, questions)
        payloads = chat.open_payloads()
        informs = [p for p in payloads if p.startswith("/inform")]
        if slot is None and not informs:
            break  # no question pending: the form is over (guidance / booking offer shown)
        mark = chat.bot_count()
        if slot is not None:
            asked.append(slot)
        if slot in TYPED:
            chat.type(TYPED[slot])
        elif slot in RED_FLAGS:
            assert _choice_payload("no") in payloads, f"{slot} must offer a No button, got {payloads}"
            chat.click_payload(_choice_payload("no"))
        elif _choice_payload("no") in informs:
            chat.click_payload(_choice_payload("no"))
        elif informs:
            chat.click_payload(informs[0])  # e.g. the age question's first button, "Adult"
        else:
            pytest.fail(f"question {slot} has no buttons and no typed answer; bot said: {texts[-3:]}")
    else:
        pytest.fail(f"assessment did not finish in {MAX_STEPS} steps; asked: {asked}")

    # The screen first, in order, each red flag answered No (marked as the visitor's choice).
    assert asked[: len(SCREEN)] == SCREEN, asked
    assert "concern" in asked and "body_area" in asked
    assert any(s.startswith("ec_") for s in asked), "eczema questions follow an eczema concern"
    # Every clicked button stays visible, marked as chosen; typed answers mark none.
    chosen = page.locator(f"{W} .choices button.chosen")
    expect(chosen).to_have_count(chat.clicks)
    assert page.locator(f"{W} .choices button.chosen", has_text=re.compile(r"^No$")).count() >= len(RED_FLAGS)

    sender = "web:" + page.evaluate("localStorage.getItem('nextmed-chat-session')")  # conversation id
    db_file = live_stack.env["DB_NAME"]
    slots = _slots_from_tracker(db_file, sender)
    assert all(slots.get(rf) == "no" for rf in RED_FLAGS), {rf: slots.get(rf) for rf in RED_FLAGS}
    assert slots.get("concern") == "eczema"  # the typed answer was understood
    assert set(str(slots.get("body_area")).split(",")) >= {"face", "arms"}
    assert slots.get("red_flag") in (None, False)
    assert slots.get("urgency") not in ("emergency", "see_doctor_today")
    assert slots.get("assessment_done") is True
    metadata = _first_user_metadata(db_file, sender)
    assert metadata.get("language") == "en"
    assert str(metadata.get("page_url", "")).startswith(live_stack.web_url)

    # A free-text question after the assessment gets an answer, not an error or silence.
    before = chat.bot_count()
    chat.type("Can probiotics help my skin?")
    assert chat.bot_count() > before

    # The whole transcript comes back from the tracker store after a reload.
    shown = chat.bot_count()
    chosen_before = chosen.count()
    page.reload()
    expect(page.locator(f"{W} .panel")).to_be_visible()
    expect(chat.bots).to_have_count(shown, timeout=REPLY_TIMEOUT_MS)
    expect(page.locator(f"{W} .choices button.chosen")).to_have_count(chosen_before)
    expect(page.locator(f"{W} .msg.user .bubble", has_text=TYPED["concern"])).to_be_visible()
    expect(chat.error).to_be_hidden()
