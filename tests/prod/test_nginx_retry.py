"""nginx as `make prod` configures it (launcher/nginx.py), against fake upstreams: a request that never
reached a server (connection refused) goes to the next one; a POST that reached a server which then
died is NOT replayed elsewhere (it may already have been applied), and the person gets a 502."""

import http.server
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from launcher.config import free_port
from launcher.nginx import nginx_args, write_config

pytestmark = pytest.mark.prod


class Upstream:
    """A loopback HTTP server that counts POSTs; `die=True` closes the connection without answering."""

    def __init__(self, die: bool):
        self.hits = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                outer.hits += 1
                if die:
                    self.connection.shutdown(socket.SHUT_RDWR)  # as a process killed mid-request
                    return
                body = b'[{"text": "ok"}]'
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def nginx(tmp_path):
    started = []

    def start(rasa_ports):
        public = free_port()
        conf = write_config(
            tmp_path / "nginx", tmp_path, public, free_port(), free_port(), rasa_ports, [free_port()], free_port()
        )
        proc = subprocess.Popen(
            nginx_args(conf, tmp_path / "nginx"), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        started.append(proc)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", public), timeout=0.5).close()
                return f"http://127.0.0.1:{public}"
            except OSError:
                time.sleep(0.1)
        raise RuntimeError((tmp_path / "nginx-error.log").read_text())

    yield start
    for proc in started:
        proc.terminate()
        proc.wait(timeout=10)


def post(url: str) -> int:
    request = urllib.request.Request(
        url + "/webhooks/rest/webhook",
        data=b'{"sender": "a", "message": "hi"}',
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_connection_refused_goes_to_the_other_server(nginx):
    live = Upstream(die=False)
    refused = free_port()  # nothing listens here: as a Rasa server that is down
    try:
        url = nginx([refused, live.port])
        statuses = [post(url) for _ in range(6)]
    finally:
        live.close()
    assert statuses == [200] * 6 and live.hits == 6


def test_a_post_that_reached_a_dying_server_is_not_replayed(nginx):
    dying, live = Upstream(die=True), Upstream(die=False)
    try:
        url = nginx([dying.port, live.port])
        statuses = [post(url) for _ in range(4)]
    finally:
        dying.close()
        live.close()
    print(f"statuses {statuses}: dying server got {dying.hits}, the other {live.hits}")
    assert dying.hits >= 1
    assert statuses.count(502) == dying.hits  # the person sees an error for each request it swallowed...
    assert live.hits == statuses.count(200)  # ...and none of those was sent a second time elsewhere
    assert dying.hits + live.hits == 4
