"""The chat widget in real headless Chromium against a scripted fake Rasa (tests/web/fake_rasa.py),
served by the real web/serve.py demo page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.fake_rasa import FakeRasa

pytestmark = pytest.mark.web

STRINGS = json.loads((Path(__file__).resolve().parents[2] / "web" / "widget-strings.json").read_text())["en"]
W = "nextmed-chat-widget"  # the widget's shadow host; Playwright's CSS pierces open shadow roots
GREETING = "Hi, I'm the test assistant. May I ask a few questions?"


class Chat:
    """What a visitor can see and do, in widget terms."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.launcher = page.locator(f"{W} .launcher")
        self.panel = page.locator(f"{W} .panel")
        self.input = page.locator(f"{W} textarea")
        self.log = page.locator(f"{W} .log")
        self.error = page.locator(f"{W} .error")
        self.retry = page.locator(f"{W} .error .retry")

    def open(self) -> None:
        self.launcher.click()
        expect(self.panel).to_be_visible()

    def say(self, text: str) -> None:
        self.input.fill(text)
        self.input.press("Enter")

    def bot(self, text: str):
        return self.page.locator(f"{W} .msg.bot .bubble", has_text=text)

    def user(self, text: str):
        return self.page.locator(f"{W} .msg.user .bubble", has_text=text)

    def choice(self, title: str):
        return self.page.locator(W).locator(".choices").get_by_role("button", name=title, exact=True)

    def session_id(self) -> str:
        return self.page.evaluate("localStorage.getItem('nextmed-chat-session')")


@pytest.fixture
def chat(page: Page, web_url: str) -> Chat:
    page.goto(web_url + "/")
    expect(page.locator(f"{W} .launcher")).to_be_visible()
    return Chat(page)


def test_free_text_exchange_with_greeting_metadata_and_timestamps(chat: Chat, fake_rasa: FakeRasa, web_url):
    chat.open()
    expect(chat.bot(GREETING)).to_be_visible()
    chat.say("Hello, my skin is itchy")
    expect(chat.user("Hello, my skin is itchy")).to_be_visible()
    expect(chat.bot("You said: Hello, my skin is itchy")).to_be_visible()
    assert fake_rasa.messages_from() == ["/greet", "Hello, my skin is itchy"]
    sent = fake_rasa.received[-1]
    assert sent["sender"] == chat.session_id()
    assert sent["metadata"] == {"language": "en", "page_url": web_url + "/"}
    # the opening /greet is not shown as if the visitor had typed it
    expect(chat.page.locator(f"{W} .msg.user")).to_have_count(1)
    times = chat.page.locator(f"{W} .msg time")
    expect(times).to_have_count(3)
    assert re.fullmatch(r"\d{1,2}:\d{2}( [AP]M)?", times.first.inner_text().strip())
    expect(chat.input).to_be_focused()


def test_history_survives_reload_and_navigation(chat: Chat, fake_rasa: FakeRasa, web_url):
    chat.open()
    chat.choice("I agree").click()
    expect(chat.bot("What would you like to do?")).to_be_visible()
    chat.say("remember me")
    expect(chat.bot("You said: remember me")).to_be_visible()
    sender = chat.session_id()

    chat.page.reload()
    expect(chat.panel).to_be_visible()  # it was open: stays open across pages
    expect(chat.bot(GREETING)).to_be_visible()
    expect(chat.user("I agree")).to_be_visible()
    expect(chat.user("remember me")).to_be_visible()
    expect(chat.bot("You said: remember me")).to_be_visible()
    expect(chat.choice("I agree")).to_have_class(re.compile(r"\bchosen\b"))

    chat.page.goto(web_url + "/demo/index.html")  # another page of the same site
    expect(chat.bot("You said: remember me")).to_be_visible()
    assert chat.session_id() == sender
    assert fake_rasa.messages_from().count("/greet") == 1  # no second greeting for a returning visitor


def test_xss_in_user_and_bot_text_is_shown_as_text(chat: Chat, fake_rasa: FakeRasa):
    payload = "<img src=x onerror=\"window.__xss='user'\"><b>bold?</b>"
    chat.open()
    expect(chat.bot(GREETING)).to_be_visible()
    chat.say(payload)
    expect(chat.user(payload)).to_have_text(payload)
    expect(chat.bot(f"You said: {payload}")).to_be_visible()
    chat.say("format please")
    careful = chat.bot("Careful:")
    expect(careful).to_contain_text("<img src=x onerror=\"window.__xss='bot'\">")
    expect(careful).to_contain_text("<script>")
    # safe formatting still works: bold, a line break and a real link opening in a new tab
    expect(careful.locator("strong")).to_have_text("Bold advice")
    expect(careful.locator("br")).to_have_count(1)
    link = careful.locator("a")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", "https://nextmed.example/gut-skin")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", re.compile(r"\bnoopener\b"))
    assert chat.page.locator(f"{W} .log img, {W} .log script, {W} .log b").count() == 0
    chat.page.wait_for_timeout(300)  # give any injected handler a chance to fire
    assert chat.page.evaluate("window.__xss") is None


def test_buttons_stay_visible_with_the_chosen_one_marked(chat: Chat, fake_rasa: FakeRasa):
    chat.open()
    chat.choice("I agree").click()
    expect(chat.bot("What would you like to do?")).to_be_visible()
    chat.choice("Start skin check").click()
    expect(chat.bot("Is your face, lip or tongue swelling")).to_be_visible()

    agree, decline = chat.choice("I agree"), chat.choice("No thanks")
    expect(agree).to_be_visible()
    expect(agree).to_have_class(re.compile(r"\bchosen\b"))
    expect(agree).to_have_attribute("aria-pressed", "true")
    expect(agree).to_be_disabled()
    expect(decline).to_be_disabled()
    expect(decline).not_to_have_class(re.compile(r"\bchosen\b"))
    # the newest question's buttons are still usable; a typed answer also closes them
    expect(chat.choice("No")).to_be_enabled()
    chat.say("no")
    expect(chat.bot("You said: no")).to_be_visible()
    first_no = chat.page.locator(f"{W} .choices").nth(2).locator("button", has_text="No")
    expect(first_no).to_be_disabled()
    expect(first_no).not_to_have_class(re.compile(r"\bchosen\b"))
    assert fake_rasa.messages_from()[1:] == ["/consent_agree", "/start_assessment", "no"]
    # the visitor sees button titles, not payloads
    expect(chat.user("I agree")).to_be_visible()
    expect(chat.log).not_to_contain_text("/consent_agree")


def test_geolocation_granted_sends_rounded_coordinates(page: Page, web_url: str, fake_rasa: FakeRasa):
    page.context.grant_permissions(["geolocation"], origin=web_url)
    page.context.set_geolocation({"latitude": 3.0738123, "longitude": 101.5183456})
    page.goto(web_url + "/")
    chat = Chat(page)
    chat.open()
    # the assistant offers a "Share my location" button: the widget asks the browser for it
    chat.choice("I agree").click()
    chat.choice("Nearest branch").click()
    chat.choice("Share my location").click()
    expect(chat.bot("Thanks, I got your location.")).to_be_visible()
    assert fake_rasa.messages_from()[-1] == '/share_location{"latitude":3.074,"longitude":101.518}'
    expect(chat.choice("Share my location")).to_have_class(re.compile(r"\bchosen\b"))
    expect(chat.user(STRINGS["locationShared"])).to_be_visible()
    expect(chat.log).not_to_contain_text("latitude")
    # the composer's own button works at any time
    page.locator(f"{W} .locate").click()
    expect(chat.bot("Thanks, I got your location.")).to_have_count(2)
    assert fake_rasa.messages_from().count('/share_location{"latitude":3.074,"longitude":101.518}') == 2


def test_geolocation_denied_suggests_typing_an_area(page: Page, web_url: str, fake_rasa: FakeRasa):
    page.context.clear_permissions()
    page.goto(web_url + "/")
    chat = Chat(page)
    chat.open()
    expect(chat.bot(GREETING)).to_be_visible()
    page.locator(f"{W} .locate").click()
    expect(page.locator(f"{W} .notice")).to_have_text(STRINGS["locationDenied"])
    assert "postcode" in STRINGS["locationDenied"]
    assert not any(m.startswith("/share_location") for m in fake_rasa.messages_from())


def test_server_down_shows_message_and_retry_works_when_it_is_back(chat: Chat, fake_rasa: FakeRasa):
    chat.open()
    expect(chat.bot(GREETING)).to_be_visible()
    fake_rasa.stop()
    chat.say("are you there?")
    expect(chat.error).to_be_visible()
    expect(chat.error).to_contain_text(STRINGS["errorNetwork"])
    expect(chat.retry).to_be_visible()
    expect(chat.page.locator(f"{W} .typing")).to_be_hidden()
    fake_rasa.start()
    chat.retry.click()
    expect(chat.bot("You said: are you there?")).to_be_visible()
    expect(chat.error).to_be_hidden()
    expect(chat.user("are you there?")).to_have_count(1)  # retried, not typed twice


def test_server_error_and_timeout_are_reported(chat: Chat, fake_rasa: FakeRasa):
    chat.page.clock.install()
    chat.open()
    expect(chat.bot(GREETING)).to_be_visible()
    fake_rasa.mode = "error"
    chat.say("hello?")
    expect(chat.error).to_contain_text(STRINGS["errorServer"])
    fake_rasa.mode = "slow"
    chat.retry.click()
    expect(chat.page.locator(f"{W} .typing")).to_be_visible()
    chat.page.clock.fast_forward(16_000)  # past the widget's 15 s timeout
    expect(chat.error).to_contain_text(STRINGS["errorTimeout"])
    expect(chat.retry).to_be_visible()
    fake_rasa.mode = "ok"
    chat.retry.click()
    expect(chat.bot("You said: hello?")).to_be_visible()


def test_history_failure_is_reported_with_retry(page: Page, web_url: str, fake_rasa: FakeRasa):
    page.goto(web_url + "/")
    chat = Chat(page)
    chat.open()
    chat.say("first visit")
    expect(chat.bot("You said: first visit")).to_be_visible()
    fake_rasa.stop()
    page.reload()
    expect(chat.error).to_contain_text(STRINGS["errorHistory"], timeout=15_000)
    fake_rasa.start()
    chat.retry.click()
    expect(chat.bot("You said: first visit")).to_be_visible()


def test_start_over_restarts_and_begins_a_new_conversation(chat: Chat, fake_rasa: FakeRasa):
    chat.open()
    chat.say("old conversation")
    expect(chat.bot("You said: old conversation")).to_be_visible()
    old = chat.session_id()
    chat.page.locator(f"{W} .restart").click()
    expect(chat.user("old conversation")).to_have_count(0)
    expect(chat.bot(GREETING)).to_have_count(1)
    new = chat.session_id()
    assert new and new != old
    assert fake_rasa.messages_from(old)[-1] == "/restart"
    assert fake_rasa.messages_from(new) == ["/greet"]
    chat.page.reload()
    expect(chat.bot(GREETING)).to_be_visible()
    expect(chat.user("old conversation")).to_have_count(0)


def test_small_screen_is_full_screen(page: Page, web_url: str, fake_rasa: FakeRasa, screenshot_dir: Path):
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(web_url + "/")
    chat = Chat(page)
    page.screenshot(path=str(screenshot_dir / "widget-mobile-closed.png"))
    chat.open()
    chat.choice("I agree").click()
    expect(chat.bot("What would you like to do?")).to_be_visible()
    box = chat.panel.bounding_box()
    assert box == {"x": 0, "y": 0, "width": 375, "height": 667}
    expect(chat.page.locator(f"{W} .close")).to_be_visible()
    expect(chat.input).to_be_in_viewport()
    page.screenshot(path=str(screenshot_dir / "widget-mobile.png"))


def test_desktop_layout_screenshot(page: Page, web_url: str, fake_rasa: FakeRasa, screenshot_dir: Path):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(web_url + "/")
    chat = Chat(page)
    chat.open()
    chat.choice("I agree").click()
    chat.choice("Start skin check").click()
    expect(chat.bot("Is your face, lip or tongue swelling")).to_be_visible()
    box = chat.panel.bounding_box()
    assert box["width"] < 500 and box["x"] > 600  # a floating panel, not full screen
    page.screenshot(path=str(screenshot_dir / "widget-desktop.png"))


def test_keyboard_only(page: Page, web_url: str, fake_rasa: FakeRasa):
    page.goto(web_url + "/")
    chat = Chat(page)
    focused_class = f"() => document.querySelector('{W}').shadowRoot.activeElement?.className ?? ''"
    expect(chat.launcher).to_be_visible()
    for _ in range(20):  # Tab through the page until the launcher has focus
        page.keyboard.press("Tab")
        if page.evaluate(focused_class) == "launcher":
            break
    assert page.evaluate(focused_class) == "launcher"
    page.keyboard.press("Enter")
    expect(chat.panel).to_be_visible()
    expect(chat.input).to_be_focused()  # focus moves into the panel
    expect(chat.launcher).to_have_attribute("aria-expanded", "true")
    expect(chat.bot(GREETING)).to_be_visible()
    page.keyboard.type("typed with keys")
    page.keyboard.press("Enter")
    expect(chat.bot("You said: typed with keys")).to_be_visible()
    chat.say("/greet")  # show fresh buttons again (typed payloads are allowed)
    expect(chat.choice("I agree").last).to_be_enabled()
    for _ in range(15):  # Shift+Tab back from the input to the newest answer buttons
        page.keyboard.press("Shift+Tab")
        if page.evaluate(f"() => document.querySelector('{W}').shadowRoot.activeElement?.textContent") == "I agree":
            break
    page.keyboard.press("Enter")
    expect(chat.bot("What would you like to do?")).to_be_visible()
    page.keyboard.press("Escape")
    expect(chat.panel).to_be_hidden()
    assert page.evaluate(focused_class) == "launcher"  # focus returns to the launcher
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")


def test_new_messages_are_in_a_live_region_with_labels(chat: Chat):
    chat.open()
    expect(chat.bot(GREETING)).to_be_visible()
    expect(chat.log).to_have_attribute("role", "log")
    expect(chat.page.locator(f"{W} .panel")).to_have_attribute("role", "dialog")
    expect(chat.input).to_have_attribute("aria-label", STRINGS["inputLabel"])
    expect(chat.launcher).to_have_accessible_name(f"{STRINGS['launcher']} ({STRINGS['title']})")
    expect(chat.page.locator(f"{W} .close")).to_have_attribute("aria-label", STRINGS["closeLabel"])


CONTRAST_JS = """
([host, selectors]) => {
  const root = document.querySelector(host).shadowRoot;
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let n = el; n; n = n.parentElement || (n.getRootNode && n.getRootNode().host)) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const out = {};
  for (const sel of selectors) {
    const el = root.querySelector(sel);
    if (!el) { out[sel] = null; continue; }
    const fg = lum(parse(getComputedStyle(el).color).slice(0, 3));
    const bg = lum(background(el));
    out[sel] = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  }
  return out;
}
"""


def test_text_contrast_is_at_least_4_5_to_1(chat: Chat, fake_rasa: FakeRasa):
    def ratios(selectors):
        found = chat.page.evaluate(CONTRAST_JS, [W, selectors])
        missing = [s for s, r in found.items() if r is None]
        assert not missing, missing  # a renamed class must not silently skip the check
        return found

    chat.open()
    chat.choice("I agree").click()
    expect(chat.bot("What would you like to do?")).to_be_visible()
    measured = ratios(
        [
            ".launcher",
            "header h2",
            "header p",
            "header .restart",
            ".msg.bot .bubble",
            ".msg.user .bubble",
            ".msg time",
            ".choices button.chosen",
            ".choices button:disabled:not(.chosen)",
            ".choices.open button",
            ".locate",
            ".send",
            "textarea",
        ]
    )
    fake_rasa.mode = "error"
    chat.say("trigger an error")
    expect(chat.error).to_be_visible()
    measured.update(ratios([".error p", ".error .retry"]))
    low = {s: round(r, 2) for s, r in measured.items() if r < 4.5}
    assert not low, low


HOSTILE_PAGE = """<!doctype html><html lang="en"><head><style>
* { color: red !important; font-size: 40px !important; visibility: hidden !important; }
button, div, section, textarea { display: none !important; }
body { transform: none; }
</style></head><body><p>Host page with aggressive CSS</p>
<script src="{web_url}/widget.js" data-server="{rasa_url}" defer></script></body></html>"""


def test_host_page_css_cannot_break_the_widget(page: Page, web_url: str, fake_rasa: FakeRasa):
    fake_rasa.allowed_origin = fake_rasa.url  # this page is served by the fake itself
    fake_rasa.extra_pages["hostile.html"] = HOSTILE_PAGE.replace("{web_url}", web_url).replace(
        "{rasa_url}", fake_rasa.url
    )
    page.goto(fake_rasa.url + "/pages/hostile.html")
    chat = Chat(page)
    expect(chat.launcher).to_be_visible()
    chat.open()
    expect(chat.bot(GREETING)).to_be_visible()
    size = page.evaluate(
        f"() => getComputedStyle(document.querySelector('{W}').shadowRoot.querySelector('.bubble')).fontSize"
    )
    assert size == "15px"
    chat.say("still works")
    expect(chat.bot("You said: still works")).to_be_visible()


def test_widget_works_in_english_when_the_strings_file_is_missing(page: Page, web_url: str, fake_rasa: FakeRasa):
    page.route("**/widget-strings.json", lambda route: route.abort())
    page.goto(web_url + "/")
    chat = Chat(page)
    expect(chat.launcher).to_have_text(re.compile("^" + re.escape(STRINGS["launcher"])))
    chat.open()
    expect(chat.page.locator(f"{W} .send")).to_have_text(STRINGS["send"])
    expect(chat.bot(GREETING)).to_be_visible()
