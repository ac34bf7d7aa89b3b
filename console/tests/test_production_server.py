"""The console as deployed (issue 12, item 7): scripts/console-gunicorn runs it under gunicorn for
real, DEBUG off, behind a TLS proxy (X-Forwarded-Proto), with the admin's static files collected
and served by whitenoise, Secure cookies and HSTS; and django-axes locks out a password guesser,
recorded in the audit log."""

import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from audit.models import AuditEntry
from django.urls import reverse

from . import scenarios

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return (
                response.status,
                dict(response.headers),
                response.headers.get_all("Set-Cookie") or [],
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.headers.get_all("Set-Cookie") or [], error.read()


@pytest.fixture(scope="module")
def gunicorn_console(tmp_path_factory):
    work = tmp_path_factory.mktemp("gunicorn")
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DB_"))}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,console.example",
        DJANGO_BEHIND_TLS_PROXY="1",
        DB_DIALECT="sqlite",
        DB_NAME=str(work / "console.sqlite3"),
        CONSOLE_STATIC_ROOT=str(work / "static"),
        CONSOLE_BIND=f"127.0.0.1:{port}",
        CONSOLE_WORKERS="2",
    )
    log = open(work / "gunicorn.log", "w")  # noqa: SIM115 - gunicorn writes into it until the test ends
    proc = subprocess.Popen(
        [str(ROOT / "scripts" / "console-gunicorn")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError((work / "gunicorn.log").read_text()[-3000:])
        try:
            if _get(base + "/healthz")[0] == 200:
                break
        except OSError:
            time.sleep(0.5)
    else:
        proc.kill()
        raise RuntimeError("gunicorn console did not start:\n" + (work / "gunicorn.log").read_text()[-3000:])
    yield base, work
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def test_runs_under_gunicorn_and_serves_the_admin_styles(gunicorn_console):
    base, work = gunicorn_console
    status, _, _, page = _get(base + "/admin/login/", {"X-Forwarded-Proto": "https"})
    assert status == 200 and b"/static/admin/css/base.css" in page
    status, headers, _, css = _get(base + "/static/admin/css/base.css")
    assert status == 200 and headers["Content-Type"].startswith("text/css") and b"body" in css
    assert "max-age" in headers.get("Cache-Control", "")
    assert (work / "static" / "admin" / "css" / "base.css").exists()  # collected, not served from site-packages
    assert "gunicorn" in headers.get("Server", "").lower()


def test_behind_the_tls_proxy_cookies_are_secure_and_hsts_is_sent(gunicorn_console):
    base, _ = gunicorn_console
    status, headers, cookies, _ = _get(base + "/login/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers.get("Strict-Transport-Security", "").startswith("max-age=31536000")
    csrf = [c for c in cookies if c.startswith("csrftoken=")]
    assert csrf and all("Secure" in c for c in csrf)
    assert headers.get("X-Frame-Options") == "DENY"


def test_repeated_wrong_passwords_lock_out_and_are_audited(client, db, settings):
    scenarios.make_user("staff", username="rina")
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "rina", "password": "wrong-guess"})
    locked = client.post(url, {"username": "rina", "password": "correct-horse-battery"})
    assert locked.status_code == 429  # even the right password, while locked
    assert b"Too many failed sign-ins" in locked.content
    assert AuditEntry.objects.filter(action="login_locked_out", target="user rina").exists()
    assert "_auth_user_id" not in client.session
    # Another address is limited on its own count; the username is still locked everywhere.
    other = client.post(url, {"username": "rina", "password": "correct-horse-battery"}, REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 429
