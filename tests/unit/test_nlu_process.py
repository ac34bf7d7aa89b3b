"""The NLU process (rasa_speedups/nlu_server.py) and the Rasa side that calls it (nlu_remote.py), without
a model: a fake parser stands in for the NLU graph and a fake processor for Rasa's."""

import asyncio
import logging
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from rasa.core.channels import UserMessage

from rasa_speedups import nlu_remote, nlu_server

TOKEN = "t0ken-for-tests-only"
PARSED = {"text": "hi", "intent": {"name": "greet", "confidence": 0.98125}, "entities": []}
LOCAL = {"text": "", "intent": {"name": "local", "confidence": 1.0}, "entities": []}


class FakeProcessor:
    """Records what it was asked to parse itself (the fall-back)."""

    def __init__(self) -> None:
        self.parsed: list[str] = []

    def _parse_message_with_graph(self, message: UserMessage, tracker: Any) -> dict:
        self.parsed.append(message.text)
        return LOCAL


async def _with_server(app: web.Application, body) -> Any:
    server = TestServer(app)
    await server.start_server()
    try:
        return await body(str(server.make_url("")))
    finally:
        await server.close()


def _server_app(seen: list[str]) -> web.Application:
    def parse(text: str) -> dict:
        seen.append(text)
        return {**PARSED, "text": text}

    return nlu_server.build_app(parse, TOKEN)


def _remote(url: str, processor: FakeProcessor, timeout: float = 3.0) -> nlu_remote.RemoteNLU:
    return nlu_remote.RemoteNLU(processor, url, TOKEN, timeout)


def test_typed_text_is_parsed_by_the_nlu_process_and_returned_unchanged():
    seen: list[str] = []
    processor = FakeProcessor()

    async def body(url):
        remote = _remote(url, processor)
        return [await remote.parse(UserMessage(text)) for text in ("hi", "saya ada jerawat 🙂")]

    results = asyncio.run(_with_server(_server_app(seen), body))
    assert results == [{**PARSED, "text": "hi"}, {**PARSED, "text": "saya ada jerawat 🙂"}]
    assert seen == ["hi", "saya ada jerawat 🙂"]
    assert processor.parsed == []


def test_button_payloads_are_unpacked_here_and_never_sent():
    seen: list[str] = []
    processor = FakeProcessor()

    async def body(url):
        return await _remote(url, processor).parse(UserMessage('/inform{"choice":"no"}'))

    assert asyncio.run(_with_server(_server_app(seen), body)) == LOCAL
    assert seen == [] and processor.parsed == ['/inform{"choice":"no"}']


@pytest.mark.parametrize("status", [401, 500, 503])
def test_an_error_from_the_nlu_process_falls_back_to_parsing_here(status, caplog):
    async def failing(_request):
        return web.json_response({"error": "x"}, status=status)

    app = web.Application()
    app.router.add_post("/parse", failing)
    processor = FakeProcessor()

    async def body(url):
        return await _remote(url, processor).parse(UserMessage("my secret symptom"))

    with caplog.at_level(logging.WARNING, logger="rasa_speedups"):
        assert asyncio.run(_with_server(app, body)) == LOCAL
    assert processor.parsed == ["my secret symptom"]
    assert str(status) in caplog.text and "secret" not in caplog.text  # the person's text is never logged


def test_a_slow_nlu_process_falls_back_after_the_timeout():
    async def slow(_request):
        await asyncio.sleep(5)
        return web.json_response(PARSED)

    app = web.Application()
    app.router.add_post("/parse", slow)
    processor = FakeProcessor()

    async def body(url):
        loop = asyncio.get_running_loop()
        started = loop.time()
        result = await _remote(url, processor, timeout=0.3).parse(UserMessage("hello"))
        return result, loop.time() - started

    result, waited = asyncio.run(_with_server(app, body))
    assert result == LOCAL and waited < 3


def test_a_stopped_nlu_process_falls_back_to_parsing_here():
    from launcher.config import free_port

    processor = FakeProcessor()
    remote = _remote(f"http://127.0.0.1:{free_port()}", processor)
    assert asyncio.run(remote.parse(UserMessage("hello"))) == LOCAL


def test_a_malformed_answer_falls_back_to_parsing_here():
    async def odd(_request):
        return web.json_response({"intent": "greet"})

    app = web.Application()
    app.router.add_post("/parse", odd)
    processor = FakeProcessor()

    async def body(url):
        return await _remote(url, processor).parse(UserMessage("hello"))

    assert asyncio.run(_with_server(app, body)) == LOCAL


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}],
)
def test_the_nlu_process_refuses_requests_without_its_token(headers):
    seen: list[str] = []

    async def body(url):
        import aiohttp

        async with (
            aiohttp.ClientSession() as session,
            session.post(url + "/parse", json={"text": "hi"}, headers=headers) as response,
        ):
            return response.status

    assert asyncio.run(_with_server(_server_app(seen), body)) == 401
    assert seen == []


@pytest.mark.parametrize(
    ("data", "status"),
    [
        (b"not json", 400),
        (b'["hi"]', 400),
        (b'{"text": 5}', 400),
        (b'{"message": "hi"}', 400),
        (b'{"text": "' + b"a" * 70000 + b'"}', 413),
        (b'{"text": "hi"}', 200),
    ],
)
def test_the_nlu_process_answers_bad_requests_with_a_clear_error(data, status):
    async def body(url):
        import aiohttp

        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        async with (
            aiohttp.ClientSession() as session,
            session.post(url + "/parse", data=data, headers=headers) as response,
        ):
            return response.status

    assert asyncio.run(_with_server(_server_app([]), body)) == status


def test_health_answers_without_a_token():
    async def body(url):
        import aiohttp

        async with aiohttp.ClientSession() as session, session.get(url + "/health") as response:
            return response.status, await response.json()

    assert asyncio.run(_with_server(_server_app([]), body)) == (200, {"status": "ok"})


def test_the_nlu_process_refuses_to_start_without_a_token(monkeypatch, capsys):
    monkeypatch.delenv("NLU_TOKEN", raising=False)
    assert nlu_server.main(["--port", "1", "--model", "missing.tar.gz"]) == 2
    assert "NLU_TOKEN" in capsys.readouterr().out


def test_the_remote_is_used_only_when_configured():
    processor = FakeProcessor()
    assert nlu_remote.remote_for(processor, {}) is None
    assert nlu_remote.remote_for(processor, {"NLU_URL": " "}) is None
    with pytest.raises(RuntimeError, match="NLU_TOKEN"):
        nlu_remote.remote_for(processor, {"NLU_URL": "http://127.0.0.1:5006"})
    remote = nlu_remote.remote_for(
        processor, {"NLU_URL": "http://127.0.0.1:5006/", "NLU_TOKEN": "x", "NLU_TIMEOUT_SECONDS": "1.5"}
    )
    assert remote is not None
    assert (remote.url, remote.headers, remote.timeout) == (
        "http://127.0.0.1:5006/parse",
        {"Authorization": "Bearer x"},
        1.5,
    )
