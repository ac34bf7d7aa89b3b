"""Rasa's REST channel for development and tests only, with namespaced conversation ids.

Stock `rest:` lets a caller name any conversation id, including a WhatsApp user's number, so it is
in no production credentials file. This one (credentials.dev.yml, credentials.test.yml) keeps the
same URL, /webhooks/rest/webhook, and body, but the conversation id is "rest:<sender>"
(storage/conversation_ids.py): it can never reach a web or WhatsApp conversation.
"""

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from storage.conversation_ids import REST, conversation_id


class DevRestInput(RestInput):
    """`channels.dev_rest.DevRestInput` in a dev/test credentials file."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    async def _extract_sender(self, req: Request) -> str:
        return conversation_id(REST, str(await super()._extract_sender(req)))
