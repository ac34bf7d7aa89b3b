"""Real headless Chromium: sign in, filter, open a transcript, export. Screenshots go to
artifacts/screenshots/ at the repo root."""

import csv
import io
from pathlib import Path

import pytest
from conversations.services.summary_sync import sync_summaries

from devtools.chromium import ARGS, CHROMIUM

from . import scenarios

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
]


def test_login_filter_transcript_export(live_server, rasa, monkeypatch, tmp_path):
    scenarios.seed_all(rasa)
    sync_summaries()
    scenarios.make_user("staff", "sara", "browser-test-passphrase")
    # Playwright's sync API keeps an event loop in this thread; the ORM calls above are done.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            page = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True).new_page()
            page.goto(f"{live_server.url}/conversations/")
            expect(page).to_have_url(f"{live_server.url}/login/?next=/conversations/")
            page.fill("input[name=username]", "sara")
            page.fill("input[name=password]", "browser-test-passphrase")
            page.screenshot(path=str(SHOTS / "01-login.png"))
            page.click("button[type=submit]")
            expect(page.locator("#conversations tbody tr")).to_have_count(3)
            page.screenshot(path=str(SHOTS / "02-list.png"), full_page=True)

            page.select_option("select[name=channel]", "web")
            page.fill("input[name=q]", "chin")
            page.click("#filters button[type=submit]")
            rows = page.locator("#conversations tbody tr")
            expect(rows).to_have_count(1)
            expect(rows.first).to_contain_text("web:aisyah")
            page.screenshot(path=str(SHOTS / "03-filtered.png"), full_page=True)

            with page.expect_download() as info:
                page.click("#export")
            exported = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text())))
            assert [r["sender"] for r in exported] == ["web:aisyah"]

            rows.first.locator("a").first.click()
            expect(page.locator("#assessment")).to_contain_text("Setia Alam")
            expect(page.locator("#transcript .bubble.user").first).to_be_visible()
            expect(page.locator("#transcript .buttons span.chosen").first).to_contain_text("Skin check")
            page.screenshot(path=str(SHOTS / "04-transcript.png"), full_page=True)

            page.select_option("select[name=review_status]", "reviewed")
            page.click("#review-form button")
            expect(page.locator("#review-form").locator("xpath=..")).to_contain_text("sara")

            page.click("text=Analytics")
            expect(page.locator("svg").first).to_be_visible()
            page.screenshot(path=str(SHOTS / "05-analytics.png"), full_page=True)
            page.click("text=Booking requests")
            expect(page.locator("#bookings")).to_contain_text("NM-7K3Q9P")
            page.screenshot(path=str(SHOTS / "06-bookings.png"), full_page=True)
        finally:
            browser.close()
