"""Rasa sends the action server's shared secret with every call.

When ACTION_SERVER_TOKEN is set, the action endpoint read from endpoints.yml gets the header
X-Action-Token: <token> (actions/server.py checks it with hmac.compare_digest and answers 401
without it). A header rather than Rasa's `token:` query parameter, which would end up in access
logs; from the environment rather than a ${VAR} in endpoints.yml, so a file read without the
variable set (tests, tools) still loads.
"""

import os

TOKEN_HEADER = "X-Action-Token"


def send_action_token() -> None:
    from rasa.core.utils import AvailableEndpoints

    original = AvailableEndpoints.read_endpoints.__func__

    def read_endpoints(cls, endpoint_file):
        endpoints = original(cls, endpoint_file)
        token = os.environ.get("ACTION_SERVER_TOKEN", "").strip()
        if token and endpoints.action is not None:
            endpoints.action.headers = {**(endpoints.action.headers or {}), TOKEN_HEADER: token}
        return endpoints

    AvailableEndpoints.read_endpoints = classmethod(read_endpoints)
