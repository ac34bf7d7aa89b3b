"""A person talking to the real assistant through the website widget's channel (channels/webchat.py)."""

import json
import urllib.parse
import urllib.request
import uuid

from actions.ui import choice_payload
from skincheck import questions
from skincheck.content import Content


class Chat:
    def __init__(self, stack, sender: str | None = None):
        self.stack = stack
        self.sender = sender or str(uuid.uuid4())  # what the widget keeps: a random UUID
        self.last: list[dict] = []

    @property
    def conversation_id(self) -> str:
        """The id Rasa, the database and the console know the conversation by."""
        return f"web:{self.sender}"

    def send(self, text: str, metadata: dict | None = None) -> list[dict]:
        body = {"sender": self.sender, "message": text}
        if metadata:
            body["metadata"] = metadata
        self.last = self.stack.post("/webhooks/webchat/webhook", body) or []
        return self.last

    @property
    def texts(self) -> list[str]:
        """Each message's text, and each line of it on its own: a question comes as "Question n of m" and the
        question's words on the next lines (whole, and line by line)."""
        out = []
        for m in self.last:
            text = m.get("text") or ""
            out.append(text)
            lines = text.split("\n")
            if len(lines) > 2:
                out.append("\n".join(lines[1:]))  # a multi-line question after its progress line
            out += [line for line in lines[1:] if line]
        return out

    @property
    def progress(self) -> list[str]:
        """The "Question n of m" lines of the last reply."""
        return [
            (m.get("text") or "").split("\n")[0] for m in self.last if (m.get("text") or "").startswith("Question ")
        ]

    @property
    def joined(self) -> str:
        return "\n".join(self.texts)

    @property
    def buttons(self) -> list[dict]:
        return [b for m in self.last for b in (m.get("buttons") or [])]

    def button(self, title_part: str) -> dict:
        for b in self.buttons:
            if title_part.lower() in b["title"].lower():
                return b
        raise AssertionError(f"no button like {title_part!r} in {self.buttons}")

    def press(self, title_part: str) -> list[dict]:
        return self.send(self.button(title_part)["payload"])

    def tracker(self) -> dict:
        """The conversation's tracker from Rasa's HTTP API (the stack runs Rasa with --enable-api)."""
        token = urllib.parse.quote(self.stack.env["RASA_API_TOKEN"])
        sender = urllib.parse.quote(self.conversation_id, safe=":")  # Rasa's route does not decode %3A
        url = f"{self.stack.rasa_url}/conversations/{sender}/tracker?token={token}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())

    def slots(self) -> dict:
        return self.tracker()["slots"]

    def start_with_consent(self) -> None:
        self.send("hi")
        if any(b["payload"] == "/consent_agree" for b in self.buttons):  # not asked again once given
            self.press("agree")


def answer_assessment(chat: Chat, content: Content, plan: dict, typed: bool) -> dict:
    """Answers every question the assistant asks, in the order the engine expects, checking that
    each reply asks exactly the next expected question. Returns the answers as parsed values."""
    answers: dict = {}
    pending = questions.next_questions(content, answers)
    while pending:
        slot = pending[0]
        prompt = questions.prompt(content, slot)
        # the question may follow a progress line ("Question 2 of 23") in the same message
        assert any(prompt in text for text in chat.texts), f"expected the {slot} question, got {chat.texts}"
        if typed:
            reply = plan[slot]
            value = questions.parse_answer(content, slot, reply).value
            assert value is not None, f"test plan answer {reply!r} for {slot} does not parse"
        else:
            value = plan[slot]
            reply = choice_payload(value)
            assert any(b["payload"] == reply for b in chat.buttons), f"no button {value} for {slot}: {chat.buttons}"
        answers[slot] = value
        chat.send(reply)
        pending = questions.next_questions(content, answers)
    return answers
