"""Button payloads. Every channel sends a button's payload back as the user's message, so these
formats are the contract with channels/ and web/ (docs/architecture.md, "Message payloads")."""

import json
from collections.abc import Iterable


def choice_payload(value: str) -> str:
    return "/inform" + json.dumps({"choice": value}, ensure_ascii=False, separators=(",", ":"))


def choice_buttons(pairs: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    """(title, value) pairs -> Rasa buttons answering the pending question."""
    return [{"title": title, "payload": choice_payload(value)} for title, value in pairs]


def intent_button(title: str, intent: str, **entities) -> dict[str, str]:
    payload = "/" + intent
    if entities:
        payload += json.dumps(entities, ensure_ascii=False, separators=(",", ":"))
    return {"title": title, "payload": payload}
