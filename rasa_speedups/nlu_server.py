"""`python -m rasa_speedups.nlu_server --port P --model M`: the NLU process of the `make run` layout.

It loads the trained model and answers POST /parse {"text": ...} with exactly the parse data the Rasa
process would have computed itself (rasa_speedups/nlu_remote.py explains why it exists). It listens on
127.0.0.1 only, answers only requests that carry NLU_TOKEN (compared with hmac.compare_digest), keeps no
state and never logs the text. GET /health is 200 once the model is loaded.
"""

from __future__ import annotations

import argparse
import hmac
import json
import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

logger = logging.getLogger("rasa_speedups")

MAX_BODY_BYTES = 65536  # as RASA_REQUEST_MAX_BYTES: a chat message is far shorter
Parser = Callable[[str], dict[str, Any]]


def authorized(header: str, token: str) -> bool:
    scheme, _, given = header.partition(" ")
    return bool(token) and scheme == "Bearer" and hmac.compare_digest(given.encode(), token.encode())


def build_app(parse: Parser, token: str) -> Any:
    """The aiohttp application; `parse` turns a text into Rasa's parse data."""
    from aiohttp import web

    async def health(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def parse_route(request: web.Request) -> web.Response:
        if not authorized(request.headers.get("Authorization", ""), token):
            return web.json_response({"error": "unauthorized"}, status=401)
        try:
            body = await request.json()
        except (ValueError, UnicodeDecodeError):
            return web.json_response({"error": "the body must be JSON"}, status=400)
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            return web.json_response({"error": "'text' must be a string"}, status=400)
        return web.json_response(parse(text), dumps=json.dumps)

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_get("/health", health)
    app.router.add_post("/parse", parse_route)
    return app


def model_parser(model: str) -> Parser:
    """Rasa's own NLU graph for the model, with the speed-ups that apply to it (RASA_SPEEDUPS)."""
    from rasa.core.agent import Agent

    processor = Agent.load(model).processor
    assert processor is not None  # Agent.load raises when the model cannot be loaded
    return processor_parser(processor)


def processor_parser(processor: Any) -> Parser:
    """What the Rasa process computes itself without an NLU process (its parse_message, minus the tail
    it runs after any parse)."""
    from rasa.core.channels.channel import UserMessage

    from rasa_speedups.nlu_remote import parse_here

    return lambda text: parse_here(processor, UserMessage(text=text))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model", required=True)
    args = parser.parse_args(argv)
    token = os.environ.get("NLU_TOKEN") or ""
    if not token:
        print("NLU_TOKEN is empty: set it to a long random secret shared with the Rasa process", flush=True)
        return 2
    os.environ.pop("NLU_URL", None)  # this process is the NLU: it must never send its texts on

    from aiohttp import web

    from rasa_speedups import apply
    from rasa_speedups.cli import log_to_stderr

    log_to_stderr()
    from rasa.utils.tensorflow import environment

    environment.setup_tf_environment()  # as `rasa run` does: the TF_* thread and GPU settings apply here too
    apply(os.environ.get("RASA_SPEEDUPS"))
    app = build_app(model_parser(args.model), token)
    web.run_app(app, host="127.0.0.1", port=args.port, access_log=None, print=None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
