"""Staff messages and the pause/resume of the assistant go through Rasa's own HTTP API
(POST /conversations/<id>/tracker/events), never straight into the tracker tables: Rasa then
takes the conversation's lock (Redis with several processes), appends the events, and sends each
bot message through the channel the person last wrote on (`output_channel=latest`), e.g. the
WhatsApp connector with its 24-hour window. Every Rasa process reads the pause from the tracker
store, so all of them stay silent while staff hold the conversation.

Rasa must run with `--enable-api --auth-token $RASA_API_TOKEN` (make run does)."""

import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings


class RasaUnavailable(RuntimeError):
    """Rasa could not be reached or refused the events; nothing was sent."""


def append_events(sender_id: str, events: list[dict], send: bool = True) -> None:
    """Appends `events` to the conversation; with `send`, bot events also go out to the person."""
    if not settings.RASA_API_TOKEN:
        raise RasaUnavailable("RASA_API_TOKEN is not set")
    query = {"token": settings.RASA_API_TOKEN, "include_events": "NONE"}
    if send:
        query.update(output_channel="latest", execute_side_effects="true")
    url = (
        f"{settings.RASA_API_URL.rstrip('/')}/conversations/{urllib.parse.quote(sender_id, safe=':')}"
        f"/tracker/events?{urllib.parse.urlencode(query)}"
    )
    request = urllib.request.Request(
        url, data=json.dumps(events).encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.RASA_API_TIMEOUT) as response:
            response.read()
    except urllib.error.HTTPError as exc:
        raise RasaUnavailable(f"Rasa answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise RasaUnavailable(f"Rasa unreachable: {type(exc).__name__}") from None


def bot_event(text: str, **metadata) -> dict:
    return {"event": "bot", "text": text, "data": {}, "metadata": metadata}


PAUSE = {"event": "pause"}
RESUME = {"event": "resume"}
