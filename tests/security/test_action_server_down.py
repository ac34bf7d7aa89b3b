"""The action server down mid-conversation (issue 12, item 10), against the real servers: the
person gets the apology with the branch contacts instead of silence, the apology is in the stored
conversation (the console's transcript reads these events; the widget's history shows it on
reload), and after a restart the conversation goes on from the question they were answering."""

import json
import sqlite3
import sys
import time
import urllib.parse
import urllib.request

import pytest

from actions.runtime import content, texts
from actions.ui import choice_payload
from skincheck import questions
from tests.e2e.chat import Chat

pytestmark = pytest.mark.e2e


def _stop_actions(stack):
    proc = stack.procs[0]  # launch() starts the action server first
    proc.terminate()
    proc.wait(timeout=20)
    stack.procs.remove(proc)


def _start_actions(stack):
    port = stack.action_url.rsplit(":", 1)[1]
    stack.start(
        "actions-restarted",
        [sys.executable, "-m", "actions.server", "--port", port],
        f"{stack.action_url}/health",
        timeout=60,
    )


def _stored_bot_texts(stack, conversation_id: str) -> list[str]:
    """Bot messages in the tracker store's events table, the rows the console's transcript shows."""
    with sqlite3.connect(stack.env["DB_NAME"]) as db:
        rows = db.execute(
            "SELECT data FROM events WHERE sender_id = ? AND type_name = 'bot' ORDER BY id", (conversation_id,)
        ).fetchall()
    return [" ".join((json.loads(data).get("text") or "").split()) for (data,) in rows]


def _history_texts(stack, sender: str) -> list[str]:
    url = f"{stack.rasa_url}/webhooks/webchat/history?sender={urllib.parse.quote(sender)}"
    # a made-up client address: the count for 127.0.0.1 is shared by the other tests of this stack
    request = urllib.request.Request(url, headers={"X-Forwarded-For": "192.0.2.250"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return [" ".join((m.get("text") or "").split()) for m in json.loads(response.read())["messages"]]


def test_kill_the_action_server_mid_conversation_then_restart(secure_stack):
    chat = Chat(secure_stack)
    chat.send("/start_assessment")
    if any(b["payload"] == "/consent_agree" for b in chat.buttons):
        chat.press("agree")
    first = questions.next_questions(content(), {})[0]
    second = questions.next_questions(content(), {first: "no"})[0]
    assert questions.prompt(content(), first) in chat.texts
    answer = choice_payload("no")

    _stop_actions(secure_stack)
    try:
        started = time.monotonic()
        chat.send(answer)
        assert time.monotonic() - started < 15  # not Rasa's five-minute wait
        unavailable = " ".join(texts().say("booking", "handoff.unavailable").split())
        assert any(unavailable in " ".join(t.split()) for t in chat.texts), chat.texts
        assert texts().say("booking", "handoff.no_contacts") in chat.joined  # branches.yml has no contacts yet
        # Staff see it too: the apology, once, in the stored conversation.
        stored = _stored_bot_texts(secure_stack, chat.conversation_id)
        assert sum(unavailable in text for text in stored) == 1, stored
        assert any(unavailable in text for text in _history_texts(secure_stack, chat.sender))
    finally:
        _start_actions(secure_stack)

    chat.send(answer)  # the person tries again: the same answer to the same question
    assert questions.prompt(content(), second) in chat.texts, chat.texts
