"""First run: with a fresh var/ (no secret key, no database), the launcher `make run` uses starts the
console and the summary sync job with the same secret key, and a web-chat conversation shows up in
the console within one sync period, without anyone opening a page to trigger it."""

import re
import secrets
import sqlite3
import time
import uuid

import pytest
import requests

from launcher.dev import launch

pytestmark = pytest.mark.e2e
SYNC_SECONDS = 5


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    var = tmp_path_factory.mktemp("fresh-var")
    password = secrets.token_urlsafe(16)
    stack = launch(
        var,
        with_web=False,
        with_console=True,
        extra_env={
            "SUMMARY_SYNC_SECONDS": str(SYNC_SECONDS),
            "DJANGO_SECRET_KEY": "",
            "CONSOLE_ADMIN_USERNAME": "firstadmin",
            "CONSOLE_ADMIN_PASSWORD": password,
        },
    )
    yield stack, var, password
    stack.stop()


def summary_exists(db_file, sender: str) -> bool:
    with sqlite3.connect(db_file, timeout=10) as conn:
        return (
            conn.execute(
                "SELECT count(*) FROM conversations_conversationsummary WHERE sender_id LIKE ?", (f"%{sender}%",)
            ).fetchone()[0]
            > 0
        )


def test_web_chat_appears_in_console_within_one_sync_period(first_run):
    stack, var, password = first_run
    assert (var / "django_secret_key").stat().st_mode & 0o077 == 0  # created private, by the launcher
    sender = str(uuid.uuid4())
    replies = requests.post(
        f"{stack.rasa_url}/webhooks/webchat/webhook", json={"sender": sender, "message": "hi"}, timeout=30
    )
    assert replies.status_code == 200 and replies.json(), replies.text
    sent = time.monotonic()
    # The job alone (no page view) must fold it in within one period (plus the run itself).
    while not summary_exists(stack.env["DB_NAME"], sender):
        assert time.monotonic() - sent < SYNC_SECONDS + 5, (
            f"not in the console after {SYNC_SECONDS + 5}s; summaries log:\n{(var / 'summaries.log').read_text()}"
        )
        time.sleep(0.5)
    print(
        f"conversation in the console summaries {time.monotonic() - sent:.1f}s after the message "
        f"(sync period {SYNC_SECONDS}s)"
    )
    assert stack.services["summaries"].proc.poll() is None
    assert "DJANGO_SECRET_KEY" not in (var / "summaries.log").read_text()

    staff = requests.Session()
    login = staff.get(f"{stack.console_url}/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    page = staff.post(
        f"{stack.console_url}/login/?next=/conversations/",
        timeout=30,
        data={"username": "firstadmin", "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{stack.console_url}/login/"},
    )
    assert page.status_code == 200 and page.url.endswith("/conversations/"), page.url
    assert f"web:{sender}" in page.text  # staff see the whole conversation id (reviewers see none)
