"""The real Rasa server behind the production nginx config (launcher/nginx.py) speaking HTTPS, as
behind any TLS proxy (issue 12, items 4 and 9):
- the web history endpoint's `?sender=<uuid>` is a secret: after a conversation, its history, and
  the same requests through an nginx whose Rasa is down (nginx's error lines end with the request),
  the UUID is in no log file of nginx, Rasa (its Sanic access log on), the action server or the
  demo page;
- Twilio's signature covers the https:// URL it called; nginx forwards plain http with
  X-Forwarded-Proto: https, and with TWILIO_PUBLIC_BASE_URL set a validly signed request is
  accepted, a wrongly signed one refused."""

import json
import random
import re
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from launcher.config import free_port
from launcher.nginx import TEMPLATE
from tests.conftest import FAKE_TWILIO
from tests.support.secure_stack import client_context, start_nginx

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TWILIO_PATH = "/webhooks/twilio_whatsapp/webhook"


def _request(stack, url: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, headers=headers or {}, method="POST" if body else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30, context=client_context(stack)) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _client() -> dict:
    """A made-up client address (our nginx is a trusted proxy), so other tests' budgets are untouched
    (TEST-NET-1: test_rate_limits_live exhausts addresses in 198.51.100.0/24)."""
    return {"X-Forwarded-For": f"192.0.2.{random.randint(1, 249)}"}


def _log_files(*directories: Path) -> list[Path]:
    return sorted({p for d in directories for p in d.rglob("*") if p.is_file() and p.suffix == ".log"})


def test_the_web_history_uuid_is_in_no_log_file(secure_stack, tmp_path):
    proxy = secure_stack.extra["proxy_url"]
    sender = str(uuid.uuid4())
    json_headers = {"Content-Type": "application/json", **_client()}
    message = json.dumps({"sender": sender, "message": "hi"}).encode()
    status, _ = _request(secure_stack, f"{proxy}/webhooks/webchat/webhook", message, json_headers)
    assert status == 200
    status, body = _request(secure_stack, f"{proxy}/webhooks/webchat/history?sender={sender}", headers=_client())
    assert status == 200 and json.loads(body)["messages"], body  # the conversation is there

    # The same requests through an nginx whose Rasa server is down: 502, and an error to log.
    down_port = start_nginx(secure_stack, "nginx-rasa-down", tmp_path, [free_port()], secure_stack.extra["tls"])
    down = f"https://127.0.0.1:{down_port}"
    assert _request(secure_stack, f"{down}/webhooks/webchat/history?sender={sender}")[0] == 502
    assert _request(secure_stack, f"{down}/webhooks/webchat/webhook", message, json_headers)[0] == 502
    secure_stack.stop_service("nginx-rasa-down")  # flushes and closes its logs

    time.sleep(1)  # the servers' log lines of these requests reach their files
    files = _log_files(secure_stack.log_dir, secure_stack.extra["proxy_logs"], tmp_path)
    names = {f.name for f in files}
    assert {"nginx-access.log", "nginx-error.log", "rasa.log"} <= names, names
    access = (tmp_path / "nginx-access.log").read_text()
    assert re.search(r'"GET /webhooks/webchat/history HTTP/1.1" 502', access), access  # logged, but not the query
    assert "[error]" in (tmp_path / "nginx-error.log").read_text()  # the POST's failure is logged
    # Rasa's own access log (Sanic's, on in this stack) has the request, with the sender masked.
    rasa_log = (secure_stack.log_dir / "rasa.log").read_text(errors="replace")
    assert f"/webhooks/webchat/history?sender=•••{sender[-4:]}" in rasa_log
    for variant in (sender, sender.replace("-", ""), sender.upper()):
        leaks = [str(f) for f in files if variant in f.read_text(errors="replace")]
        assert not leaks, f"the history UUID is logged in {leaks}"


def test_no_nginx_config_logs_query_strings():
    """Every nginx config we ship logs with our format: path without query (`$uri`), never
    `$request`, `$request_uri`, `$args` or `$query_string` (the k8s ingress drops that path's log)."""
    compose = (ROOT / "deploy" / "nginx" / "compose.conf").read_text()
    for name, text in (("launcher/nginx.py", TEMPLATE), ("deploy/nginx/compose.conf", compose)):
        conf = re.sub(r"#[^\n]*", "", text)  # comments out
        formats = re.findall(r"log_format\s+(\w+)([^;]*);", conf)
        assert [f for f, _ in formats] == ["nextmed"], name
        assert not re.search(r"\$(request|request_uri|args|query_string|arg_\w+)\b", formats[0][1]), name
        access_logs = re.findall(r"access_log\s+([^;]*);", conf)
        assert access_logs and all(line.split()[-1] == "nextmed" for line in access_logs), (name, access_logs)
    # Rasa's HTTP API takes its token as ?token=, and nginx's error lines end with the request line.
    for name, text, listen in (
        ("launcher/nginx.py", TEMPLATE, "listen 127.0.0.1:{rasa_api_port};"),
        ("deploy/nginx/compose.conf", compose, "listen 8081;"),
    ):
        api_server = text.split(listen, 1)[1].split("location", 1)[0]
        assert "error_log /dev/null;" in api_server, f"{name}: the Rasa API's errors would log its token"
    servers = compose.count("\nserver {")
    assert compose.count("access_log /var/log/nginx/access.log nextmed;") == servers  # the image's own is replaced
    ingress = (ROOT / "deploy" / "k8s" / "50-ingress.yaml").read_text()
    assert re.search(r'enable-access-log: "false"[\s\S]*path: /webhooks/webchat/history', ingress)


def _twilio_form() -> dict:
    # Signed by Twilio's own algorithm, but no message to answer (no MessageSid): accepted with an
    # empty TwiML reply and nothing sent back over Twilio's REST API, which tests never call.
    return {"AccountSid": FAKE_TWILIO["TWILIO_ACCOUNT_SID"], "SmsStatus": "received", "ApiVersion": "2010-04-01"}


def test_twilio_behind_a_tls_proxy_accepts_valid_signatures_and_refuses_wrong_ones(secure_stack):
    proxy = secure_stack.extra["proxy_url"]
    assert proxy.startswith("https://")
    fields = _twilio_form()
    body = urlencode(fields).encode()
    form = {"Content-Type": "application/x-www-form-urlencoded", **_client()}

    def post(url_signed: str, token: str = FAKE_TWILIO["TWILIO_AUTH_TOKEN"]) -> tuple[int, bytes]:
        signature = RequestValidator(token).compute_signature(url_signed, fields)
        return _request(secure_stack, proxy + TWILIO_PATH, body, {**form, "X-Twilio-Signature": signature})

    status, reply = post(proxy + TWILIO_PATH)  # what Twilio called, and signed
    assert status == 200 and b"<Response>" in reply
    assert post(proxy + TWILIO_PATH, token="someone-elses-token")[0] == 403
    # Signed for the plain-http URL Rasa itself sees behind the proxy: not what Twilio called.
    assert post(secure_stack.rasa_url + TWILIO_PATH)[0] == 403
    assert post(proxy.replace("https://", "http://") + TWILIO_PATH)[0] == 403
    status, _ = _request(
        secure_stack, proxy + TWILIO_PATH, body, {**form, "X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}
    )
    assert status == 403
