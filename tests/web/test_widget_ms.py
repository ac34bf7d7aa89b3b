"""The widget on a page with <html lang="ms">: Malay UI strings, the language sent as metadata, and a
layout that holds at 375 px with Malay's longer words (headless Chromium, scripted fake Rasa)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.web.fake_rasa import FakeRasa

pytestmark = pytest.mark.web

ROOT = Path(__file__).resolve().parents[2]
MS = json.loads((ROOT / "web" / "widget-strings.json").read_text(encoding="utf-8"))["ms"]
W = "nextmed-chat-widget"
GREETING = (
    "Hai, saya pembantu kulit NextMed Clinic. Sebelum kita mula: semakan kulit ini bertanya tentang "
    "simptom, pemakanan dan gaya hidup anda, dan memberi pendidikan umum, bukan diagnosis."
)


def malay_script(text: str) -> list[dict[str, Any]]:
    """The assistant's real Malay button titles, the longest ones WhatsApp allows (20 characters)."""
    if text == "/greet":
        return [
            {
                "text": GREETING,
                "buttons": [
                    {"title": "Saya setuju", "payload": "/consent_agree"},
                    {"title": "Tidak, terima kasih", "payload": "/consent_decline"},
                    {"title": "English", "payload": '/choose_language{"language":"en"}'},
                ],
            }
        ]
    if text == "/consent_agree":
        return [
            {
                "text": "Terima kasih, persetujuan anda telah direkodkan.\n\nApa yang anda ingin lakukan?",
                "buttons": [
                    {"title": "Mula semakan kulit", "payload": "/start_assessment"},
                    {"title": "Usus & kulit", "payload": "/faq_gut_skin"},
                    {"title": "Cawangan terdekat", "payload": "/find_branch"},
                    {"title": "Buat temujanji", "payload": "/book_appointment"},
                    {"title": "Tanya kakitangan kami", "payload": "/ask_human"},
                ],
            }
        ]
    return [{"text": f"Anda berkata: {text}"}]


MALAY_PAGE = """<!doctype html><html lang="ms"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Usus dan kulit | NextMed Clinic</title>
</head><body><h1>Kaitan antara kesihatan usus dan masalah kulit</h1>
<script src="{web_url}/widget.js" data-server="{rasa_url}" defer></script></body></html>"""


@pytest.fixture
def ms_url(web_url: str, fake_rasa: FakeRasa) -> str:
    """A Malay page (served from the fake's own loopback origin, as Chromium requires for local calls)."""
    fake_rasa.script = malay_script
    fake_rasa.allowed_origin = fake_rasa.url
    fake_rasa.extra_pages["ms.html"] = MALAY_PAGE.replace("{web_url}", web_url).replace("{rasa_url}", fake_rasa.url)
    return fake_rasa.url + "/pages/ms.html"


def overflowing(page: Page) -> list[str]:
    """Visible widget elements whose text is cut off or that stick out of a 375 px screen."""
    return page.evaluate(f"""() => {{
        const root = document.querySelector('{W}').shadowRoot;
        const bad = [];
        for (const node of root.querySelectorAll('h2, p, button, .bubble, textarea, header, .log, form')) {{
            const box = node.getBoundingClientRect();
            if (!box.width) continue;  // hidden
            if (node.scrollWidth > node.clientWidth + 1 || box.left < 0 || box.right > window.innerWidth + 0.5)
                bad.push(node.tagName + '.' + node.className + ': ' + (node.textContent || '').slice(0, 40));
        }}
        return bad;
    }}""")


def test_malay_page_gets_malay_strings_and_sends_its_language(page: Page, ms_url: str, fake_rasa: FakeRasa):
    ms_page = page
    ms_page.goto(ms_url)
    launcher = ms_page.locator(f"{W} .launcher")
    expect(launcher).to_have_text(re.compile("^" + re.escape(MS["launcher"])))
    launcher.click()
    expect(ms_page.locator(f"{W} .send")).to_have_text(MS["send"])
    expect(ms_page.locator(f"{W} .restart")).to_have_text(MS["startOver"])
    expect(ms_page.locator(f"{W} textarea")).to_have_attribute("placeholder", MS["inputPlaceholder"])
    expect(ms_page.locator(f"{W} .msg.bot .bubble", has_text="Hai, saya pembantu kulit")).to_be_visible()
    assert fake_rasa.received[0]["message"] == "/greet"
    assert fake_rasa.received[0]["metadata"]["language"] == "ms"


def test_layout_holds_at_375_px_with_malay_strings(page: Page, ms_url: str, screenshot_dir: Path):
    ms_page = page
    ms_page.set_viewport_size({"width": 375, "height": 667})
    ms_page.goto(ms_url)
    ms_page.locator(f"{W} .launcher").click()
    ms_page.locator(W).locator(".choices").get_by_role("button", name="Saya setuju", exact=True).click()
    expect(ms_page.locator(f"{W} .msg.bot .bubble", has_text="Apa yang anda ingin lakukan?")).to_be_visible()
    assert ms_page.locator(f"{W} .panel").bounding_box() == {"x": 0, "y": 0, "width": 375, "height": 667}
    for name in ("Mula semakan kulit", "Cawangan terdekat", "Tanya kakitangan kami", MS["shareLocation"], MS["send"]):
        expect(ms_page.locator(W).get_by_role("button", name=name, exact=True).first).to_be_in_viewport()
    expect(ms_page.locator(f"{W} textarea")).to_be_in_viewport()
    assert overflowing(ms_page) == []
    ms_page.screenshot(path=str(screenshot_dir / "widget-mobile-ms.png"))
