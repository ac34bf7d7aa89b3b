"""web/serve.py: the demo page points at RASA_PUBLIC_URL and only widget files are public."""

import http.client
import threading

import pytest

from web.serve import make_server, public_rasa_url


@pytest.fixture
def server():
    srv = make_server("127.0.0.1", 0, "https://rasa.nextmed.example/")
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def get(port, path, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path)  # sent as-is: no client-side ".." normalisation
    response = conn.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode("utf-8", "replace")


def test_demo_page_embeds_the_widget_pointed_at_rasa(server):
    status, headers, body = get(server, "/")
    assert status == 200
    assert headers["Content-Type"].startswith("text/html")
    assert '<script src="/widget.js" data-server="https://rasa.nextmed.example" defer></script>' in body
    assert "__RASA_PUBLIC_URL__" not in body
    # the page allows talking to Rasa and nothing else off-site
    assert "connect-src 'self' https://rasa.nextmed.example;" in headers["Content-Security-Policy"]


def test_malay_demo_page_declares_its_language(server):
    status, _, body = get(server, "/ms")
    assert status == 200 and '<html lang="ms">' in body
    assert 'data-server="https://rasa.nextmed.example"' in body
    assert '<html lang="en">' in get(server, "/")[2]


def test_widget_files_are_served_to_any_origin(server):
    status, headers, body = get(server, "/widget.js")
    assert status == 200
    assert headers["Content-Type"].startswith("text/javascript")
    assert "attachShadow" in body
    status, headers, body = get(server, "/widget-strings.json")
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == "*"
    assert '"en"' in body


@pytest.mark.parametrize(
    "path",
    [
        "/serve.py",
        "/tests/payload.test.mjs",
        "/src/main.js",
        "/src/ui/chat-widget.js",
        "/build.mjs",
        "/demo/../serve.py",
        "/demo/%2e%2e/serve.py",
        "/../README.md",
        "/demo/missing.css",
    ],
)
def test_everything_else_is_not_found(server, path):
    status, _, body = get(server, path)
    assert status == 404
    assert "import" not in body


def test_head_requests_work(server):
    status, headers, body = get(server, "/", method="HEAD")
    assert status == 200 and body == "" and int(headers["Content-Length"]) > 0


@pytest.mark.parametrize("bad", ["", "rasa:5005", "javascript:alert(1)", "ftp://x"])
def test_a_bad_rasa_url_is_refused_at_start_up(bad):
    with pytest.raises(ValueError, match="RASA_PUBLIC_URL"):
        public_rasa_url(bad)
