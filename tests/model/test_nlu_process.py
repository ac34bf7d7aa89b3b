"""With the trained model: a message parsed through the NLU process gives Rasa exactly the parse data
it computes itself (intent ranking, confidences, entities), for held-out English and Malay sentences,
odd input and payloads, after the JSON round trip."""

import asyncio
import json
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from rasa.core.channels import UserMessage

from rasa_speedups import nlu_remote, nlu_server
from tests.model.test_diet_direct_call import _texts

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "nextmed.tar.gz"
TOKEN = "model-test-token"

pytestmark = [pytest.mark.model]


@pytest.fixture(scope="module")
def processor():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL)).processor


async def _parse_all(processor) -> list[str]:
    return [
        json.dumps(await processor.parse_message(UserMessage(text)), sort_keys=True, default=repr) for text in _texts()
    ]


def test_parses_through_the_nlu_process_are_identical_to_parses_in_process(processor):
    sent: list[str] = []
    parse = nlu_server.processor_parser(processor)

    def recording(text: str) -> dict:
        sent.append(text)
        return parse(text)

    async def run() -> tuple[list[str], list[str]]:
        assert processor.http_interpreter is None
        local = await _parse_all(processor)
        server = TestServer(nlu_server.build_app(recording, TOKEN))
        await server.start_server()
        try:
            processor.http_interpreter = nlu_remote.RemoteNLU(processor, str(server.make_url("")), TOKEN, 10)
            remote = await _parse_all(processor)
        finally:
            processor.http_interpreter = None
            await server.close()
        return local, remote

    local, remote = asyncio.run(run())
    assert remote == local
    typed = [text for text in _texts() if not text.strip().startswith("/")]
    assert sent == typed  # every typed text went to the NLU process, no payload did
    assert len(typed) > 40
