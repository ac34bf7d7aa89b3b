"""Browser-test fixtures: Debian's Chromium (no Playwright browser downloads), a fake Rasa and
the real web/serve.py serving the demo page pointed at it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from devtools.chromium import ARGS, CHROMIUM
from tests.web.fake_rasa import FakeRasa
from web.serve import make_server

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed: run `make system` (apt-get install -y chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ARGS,
    }


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa(allowed_origin="")  # origin set once the web server has its port
    fake.start()
    yield fake
    fake.close()


@pytest.fixture
def web_url(fake_rasa: FakeRasa) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, fake_rasa.url)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    fake_rasa.allowed_origin = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


def pytest_collection_modifyitems(config, items):
    """Run browser tests last. Once Playwright's sync API has started, it keeps an event loop
    running in the main thread for the rest of the session, and pytest-asyncio tests collected
    after it fail with "Runner.run() cannot be called from a running event loop"."""
    items.sort(key=lambda item: item.get_closest_marker("web") is not None)  # stable sort
