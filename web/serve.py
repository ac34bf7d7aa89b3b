"""Tiny static server for the chat widget and its demo page (development and demos only).

    python web/serve.py            # http://127.0.0.1:8080/

Env: WEB_PORT (default 8080), WEB_HOST (default 127.0.0.1), RASA_PUBLIC_URL (the Rasa URL the
browser talks to, default http://127.0.0.1:5005; written into the demo page's data-server).

Only an allow-list is served (widget files and web/demo/), so this script, the tests and
anything else in web/ stay private. In production, copy widget.js and widget-strings.json to
any static host and embed the script tag on the clinic's pages.
"""

from __future__ import annotations

import html
import mimetypes
import os
import sys
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

WEB_DIR = Path(__file__).resolve().parent
DEMO_DIR = WEB_DIR / "demo"
# Files other sites embed: they are public, so any origin may fetch them (the strings file is
# fetched cross-origin by widget.js when the page and the widget live on different hosts).
WIDGET_FILES = {"/widget.js": WEB_DIR / "widget.js", "/widget-strings.json": WEB_DIR / "widget-strings.json"}
PLACEHOLDER = "__RASA_PUBLIC_URL__"


def public_rasa_url(raw: str) -> str:
    """Validates RASA_PUBLIC_URL; a typo here would otherwise only show up in the browser."""
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"RASA_PUBLIC_URL must be an http(s) URL, got {raw!r}")
    return raw.rstrip("/")


class WidgetHandler(BaseHTTPRequestHandler):
    server_version = "nextmed-widget"

    def __init__(self, *args, rasa_url: str, **kwargs):
        self.rasa_url = rasa_url
        super().__init__(*args, **kwargs)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _serve(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if path in ("/", "/index.html", "/demo", "/demo/", "/demo/index.html"):
            self._send(self._demo_page(), "text/html; charset=utf-8", send_body, demo=True)
            return
        if path in ("/ms", "/ms/"):  # the same page declared Malay (<html lang="ms">): the widget follows it
            self._send(self._demo_page("ms"), "text/html; charset=utf-8", send_body, demo=True)
            return
        if path in WIDGET_FILES:
            file = WIDGET_FILES[path]
            self._send(file.read_bytes(), _content_type(file), send_body, public=True)
            return
        if path.startswith("/demo/"):
            file = (DEMO_DIR / path[len("/demo/") :]).resolve()
            if file.is_file() and DEMO_DIR in file.parents:
                self._send(file.read_bytes(), _content_type(file), send_body)
                return
        self._send(b"Not found\n", "text/plain; charset=utf-8", send_body, status=HTTPStatus.NOT_FOUND)

    def _demo_page(self, lang: str = "en") -> bytes:
        page = (
            (DEMO_DIR / "index.html")
            .read_text(encoding="utf-8")
            .replace('<html lang="en">', f'<html lang="{lang}">', 1)
        )
        return page.replace(PLACEHOLDER, html.escape(self.rasa_url, quote=True)).encode("utf-8")

    def _send(
        self, body: bytes, content_type: str, send_body: bool, *, status=HTTPStatus.OK, public=False, demo=False
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        if public:
            self.send_header("Access-Control-Allow-Origin", "*")
        if demo:
            # Proves the widget needs no inline script and no third-party origin.
            self.send_header(
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                f"img-src 'self' data:; connect-src 'self' {self.rasa_url}; "
                "frame-ancestors 'none'; base-uri 'none'",
            )
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # quieter than the default
        sys.stderr.write(f"web: {self.address_string()} {format % args}\n")


def _content_type(file: Path) -> str:
    if file.suffix == ".js":
        return "text/javascript; charset=utf-8"
    guessed = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") or guessed.endswith("json") else guessed


def make_server(host: str, port: int, rasa_url: str) -> ThreadingHTTPServer:
    return ThreadingHTTPServer((host, port), partial(WidgetHandler, rasa_url=public_rasa_url(rasa_url)))


def main() -> int:
    host = os.environ.get("WEB_HOST", "127.0.0.1")
    port = int(os.environ.get("WEB_PORT") or 8080)
    rasa_url = os.environ.get("RASA_PUBLIC_URL") or "http://127.0.0.1:5005"
    try:
        server = make_server(host, port, rasa_url)
    except ValueError as err:
        print(f"web/serve.py: {err}", file=sys.stderr)
        return 2
    print(
        f"Demo page with the chat widget: http://{host}:{port}/  "
        f"(Rasa: {server.RequestHandlerClass.keywords['rasa_url']})"
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
