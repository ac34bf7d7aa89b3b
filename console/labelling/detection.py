"""Finds the user messages worth labelling in one conversation's tracker events (plain dicts, as
Rasa's SQL tracker store keeps them). No database here, so the rules are easy to test.

A message is a candidate when
- it ended in a fallback: intent nlu_fallback, or action_default_fallback ran for it;
- it was re-asked: typed at an assessment question, no answer was recorded for that question, no
  other reply (FAQ, correction, safety advice) came instead, and the same question was asked again
  (the form sets requested_slot to it again; a separate action_ask_<slot> run counts too);
- or its intent's confidence was below the threshold.
A typed answer that the form accepted is never a candidate, whatever the NLU thought of it (the
form's own parser understood it). Button payloads are never candidates.
"""

import dataclasses
import re
from collections.abc import Iterable

FALLBACK_INTENT = "nlu_fallback"
FALLBACK_ACTIONS = {"action_default_fallback", "action_two_stage_fallback"}
RESET_EVENTS = {"session_started", "restart"}
# Replies that mean the message was understood as something else than an answer.
STOPPING_SLOTS = {"flow_stopped", "red_flag"}


@dataclasses.dataclass
class Candidate:
    event_id: int
    timestamp: float | None
    text: str
    context: str
    slot: str
    intent: str
    confidence: float | None
    best_guess: str = ""  # the best real intent (for a fallback: the one that was not confident enough)
    fallback: bool = False
    reask: bool = False
    low_confidence: bool = False


@dataclasses.dataclass
class _Turn:
    event_id: int
    timestamp: float | None
    text: str
    context: str
    slot: str  # assessment question pending when the message came, or ""
    intent: str
    confidence: float | None
    best_guess: str
    actions: list = dataclasses.field(default_factory=list)
    asked: set = dataclasses.field(default_factory=set)  # questions asked after the message
    slots: dict = dataclasses.field(default_factory=dict)
    other_replies: int = 0  # bot messages from a domain response (FAQ answers, hand-off...)
    closed: bool = False  # the assistant went back to listening


def normalize(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip().lower())[:200]


def is_payload(text: str) -> bool:
    return text.startswith("/")


def _intent(event: dict) -> tuple[str, float | None]:
    intent = (event.get("parse_data") or {}).get("intent") or {}
    if not isinstance(intent, dict):
        return "", None
    try:
        confidence = float(intent["confidence"]) if intent.get("confidence") is not None else None
    except (TypeError, ValueError):
        confidence = None
    return str(intent.get("name") or ""), confidence


def best_guess(event: dict) -> str:
    """The top intent other than nlu_fallback (the FallbackClassifier keeps the original ranking)."""
    ranking = (event.get("parse_data") or {}).get("intent_ranking") or []
    for item in ranking if isinstance(ranking, list) else []:
        name = item.get("name") if isinstance(item, dict) else None
        if name and name != FALLBACK_INTENT:
            return str(name)
    name, _ = _intent(event)
    return "" if name == FALLBACK_INTENT else name


def find_candidates(
    events: Iterable[tuple[int, float | None, dict]], question_slots: Iterable[str], low_confidence: float
) -> list[Candidate]:
    """`events`: (event id, timestamp, event dict) in id order. Only finished turns are judged."""
    questions = set(question_slots)
    requested: str | None = None
    loop_active = False
    last_bot = ""
    turn: _Turn | None = None
    found: list[Candidate] = []

    def finish(t: _Turn | None) -> None:
        if t is None or not t.closed:
            return
        candidate = _judge(t, questions, low_confidence)
        if candidate is not None:
            found.append(candidate)

    for event_id, timestamp, event in events:
        kind = event.get("event")
        if kind in RESET_EVENTS:
            requested, loop_active = None, False
        elif kind == "active_loop":
            loop_active = bool(event.get("name"))
        elif kind == "slot":
            if event.get("name") == "requested_slot":
                requested = event.get("value")
                if turn is not None and requested:
                    turn.asked.add(requested)  # the form asks it (Rasa logs no action_ask_* event then)
            elif turn is not None:
                turn.slots[event.get("name")] = event.get("value")
        elif kind == "bot":
            last_bot = str(event.get("text") or "")
            if turn is not None and (event.get("metadata") or {}).get("utter_action"):
                turn.other_replies += 1
        elif kind == "action":
            if turn is not None:
                if event.get("name") == "action_listen":
                    turn.closed = True
                else:
                    name = str(event.get("name") or "")
                    turn.actions.append(name)
                    if name.startswith("action_ask_"):
                        turn.asked.add(name[len("action_ask_") :])
        elif kind == "user":
            finish(turn)
            text = str(event.get("text") or "")
            intent, confidence = _intent(event)
            slot = requested if (loop_active and requested in questions) else ""
            turn = _Turn(
                event_id,
                timestamp if timestamp is not None else event.get("timestamp"),
                text,
                last_bot,
                slot or "",
                intent,
                confidence,
                best_guess(event),
            )
    finish(turn)
    return found


def _judge(t: _Turn, questions: set, low_confidence: float) -> Candidate | None:
    text = t.text.strip()
    if not text or is_payload(text):
        return None
    if t.slot and t.slots.get(t.slot) not in (None, ""):
        return None  # the form took it as the answer
    fallback = t.intent == FALLBACK_INTENT or any(a in FALLBACK_ACTIONS for a in t.actions)
    reask = bool(
        t.slot
        and t.slot in t.asked
        and t.other_replies == 0
        and not any(t.slots.get(name) for name in STOPPING_SLOTS)
        and not any(value not in (None, "") for name, value in t.slots.items() if name in questions)
    )
    low = not fallback and t.confidence is not None and t.confidence < low_confidence
    if not (fallback or reask or low):
        return None
    return Candidate(
        t.event_id,
        t.timestamp,
        text,
        t.context,
        t.slot,
        t.intent,
        t.confidence,
        t.best_guess,
        fallback=fallback,
        reask=reask,
        low_confidence=low,
    )
