"""Outside WhatsApp's 24-hour window only a template the clinic had approved by Meta may be sent
(e.g. "We have replied to your question; write to us to continue"). Its name comes from
WHATSAPP_REPLY_TEMPLATE; without one the console only explains why no reply can be sent.
Twilio conversations are not covered (Twilio uses its own content templates)."""

import asyncio
import os

from channels.whatsapp.cloud_sender import GraphClient

from ..models import HandoffRequest
from .addresses import whatsapp_number


def template_name() -> str | None:
    return (os.environ.get("WHATSAPP_REPLY_TEMPLATE") or "").strip() or None


def available(handoff: HandoffRequest) -> bool:
    return bool(template_name()) and handoff.channel == "whatsapp" and bool(os.environ.get("WHATSAPP_ACCESS_TOKEN"))


def send_template(handoff: HandoffRequest) -> bool:
    """True when the Graph API accepted the template message."""
    number = whatsapp_number(handoff.sender_id, "whatsapp")
    if not available(handoff) or not number:
        return False
    env = os.environ
    message = {
        "type": "template",
        "template": {
            "name": template_name(),
            "language": {"code": env.get("WHATSAPP_REPLY_TEMPLATE_LANGUAGE") or "en"},
        },
    }

    async def send() -> bool:
        client = GraphClient(
            env.get("WHATSAPP_GRAPH_URL") or "https://graph.facebook.com",
            env.get("WHATSAPP_API_VERSION") or "v21.0",
            env.get("WHATSAPP_PHONE_NUMBER_ID", ""),
            env["WHATSAPP_ACCESS_TOKEN"],
        )
        try:
            return await client.send(number, message)
        finally:
            await client.close()

    return asyncio.run(send())
