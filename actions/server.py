"""Action server entry point: validate all content first, then serve rasa-sdk's endpoint.

A content typo stops start-up with the file and key path instead of failing mid-conversation.

Exposure (README "Security"): the server binds ACTION_HOST, 127.0.0.1 by default, so only Rasa on
the same machine reaches it. When ACTION_SERVER_TOKEN is set, every call except /health must carry
it in the X-Action-Token header (Rasa sends it: rasa_hardening/action_token.py), else 401.
Binding anything but loopback without a token is refused at start-up.
"""

import argparse
import hmac
import logging
import os
import sys

from rasa_sdk import endpoint, utils
from sanic import Sanic, response
from sanic.request import Request

from actions import runtime
from rasa_hardening import log_masking

TOKEN_HEADER = "X-Action-Token"
OPEN_PATHS = ("/health",)
LOOPBACK = ("127.0.0.1", "::1", "localhost")
# Rasa sends the whole tracker with each call; a long conversation must fit (Sanic's default).
REQUEST_MAX_SIZE = 100_000_000


def token_ok(given: str | None, expected: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def require_token(app: Sanic, token: str) -> None:
    """Every request but the health check needs the shared secret."""

    @app.on_request
    async def check_token(request: Request):
        if request.path in OPEN_PATHS:
            return None
        if not token_ok(request.headers.get(TOKEN_HEADER), token):
            return response.json({"error": "unauthorized", "detail": f"missing or wrong {TOKEN_HEADER}"}, status=401)
        return None


def build_app(token: str) -> Sanic:
    app = endpoint.create_app("actions", cors_origins=[])
    app.config.REQUEST_MAX_SIZE = REQUEST_MAX_SIZE  # SANIC_REQUEST_MAX_SIZE is meant for Rasa's server
    if token:
        require_token(app, token)
    return app


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default=os.environ.get("ACTION_HOST") or "127.0.0.1")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    log_masking.install()  # phone numbers in log lines keep only their last 3 digits
    token = os.environ.get("ACTION_SERVER_TOKEN", "").strip()
    if args.host not in LOOPBACK and not token:
        print(
            f'Refusing to serve actions on {args.host} without ACTION_SERVER_TOKEN (README "Security").',
            file=sys.stderr,
        )
        return 2
    try:
        runtime.load_all()
    except Exception as exc:  # ContentError or BranchesError: the message names file and key
        print(f"Content error, not starting: {exc}", file=sys.stderr)
        return 1
    app = build_app(token)
    app.run(args.host, args.port, workers=utils.number_of_sanic_workers())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
