"""The action server down mid-conversation (issue 12, item 10), against the real servers: the
person gets the apology with the branch contacts instead of silence, and after a restart the
conversation goes on from the question they were answering."""

import sys
import time

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
    finally:
        _start_actions(secure_stack)

    chat.send(answer)  # the person tries again: the same answer to the same question
    assert questions.prompt(content(), second) in chat.texts, chat.texts
