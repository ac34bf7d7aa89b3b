"""People talking to the production layout through nginx (the widget's channel), every request and
reply recorded, and what the database kept for each of them."""

import itertools
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa

from storage.db import get_engine

SEQ_PAGE = "https://clinic.example/seq/"


@dataclass
class Sent:
    text: str
    started: float
    ended: float = 0.0
    status: int = 0  # 0: no HTTP answer (connection error, timeout)
    replies: list | None = None
    seen: str = ""  # what the person saw when it failed


@dataclass
class Person:
    url: str
    sender: str = field(default_factory=lambda: str(uuid.uuid4()))
    sent: list[Sent] = field(default_factory=list)

    def send(self, n: int, timeout: float = 60) -> Sent:
        # A button payload (no NLU cost); the page URL the widget sends carries a sequence number, so
        # each message is told apart in the events table (the user event keeps the metadata).
        record = Sent(text=f"{SEQ_PAGE}{n}", started=time.monotonic())
        body = json.dumps({"sender": self.sender, "message": "/greet", "metadata": {"page_url": record.text}}).encode()
        request = urllib.request.Request(
            self.url + "/webhooks/webchat/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                record.status, record.replies = response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            record.status, record.seen = exc.code, exc.read()[:200].decode(errors="replace")
        except OSError as exc:
            record.seen = f"no answer: {exc}"[:200]
        record.ended = time.monotonic()
        self.sent.append(record)
        return record

    @property
    def ok(self) -> list[Sent]:
        return [s for s in self.sent if s.status == 200]

    def crossed(self) -> int:
        """Replies addressed to anybody else (recipient_id is the conversation they belong to)."""
        return sum(
            1 for s in self.ok for m in (s.replies or []) if not str(m.get("recipient_id", "")).endswith(self.sender)
        )


def keep_talking(people: list[Person], stop: threading.Event, pause: float = 0.05) -> list[threading.Thread]:
    """Each person sends message after message until `stop` (started in threads)."""

    def run(person: Person) -> None:
        n = 0
        while not stop.is_set():
            n += 1
            person.send(n)
            time.sleep(pause)

    threads = [threading.Thread(target=run, args=(p,), daemon=True) for p in people]
    for thread in threads:
        thread.start()
    return threads


def stored_user_texts(env: dict[str, str], senders: list[str]) -> dict[str, list[str]]:
    """The user messages (their sequence tags) the events table holds per conversation, in id order."""
    engine = get_engine(env)
    out: dict[str, list[str]] = {s: [] for s in senders}
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT sender_id, data FROM events WHERE type_name = 'user' ORDER BY id")).all()
    for sender_id, data in rows:
        for sender in senders:  # an id may carry a channel prefix (web:...)
            if sender_id.endswith(sender):
                out[sender].append((json.loads(data).get("metadata") or {}).get("page_url"))
    return out


def figures(people: list[Person], select) -> dict[str, object]:
    """Requests `select(sent)` picks: how many, how many failed, and what the people saw."""
    window = [s for p in people for s in p.sent if select(s)]
    failed = [s for s in window if s.status != 200]
    seen: dict[str, int] = {}
    for s in failed:
        key = f"{s.status or 'no HTTP answer'}: {s.seen[:90]}"
        seen[key] = seen.get(key, 0) + 1
    return {"requests": len(window), "failed": len(failed), "seen": seen}


def check_stored(env: dict[str, str], people: list[Person]) -> dict[str, int]:
    """Nothing applied twice, answered messages stored exactly once, order kept per conversation."""
    stored = stored_user_texts(env, [p.sender for p in people])
    duplicated = lost = out_of_order = 0
    for person in people:
        texts = stored[person.sender]
        duplicated += len(texts) - len(set(texts))
        lost += sum(1 for s in person.ok if s.text not in texts)
        order = [s.text for s in person.sent]
        positions = [order.index(t) for t in texts if t in order]
        out_of_order += sum(1 for a, b in itertools.pairwise(positions) if b < a)
    return {"duplicated": duplicated, "lost": lost, "out_of_order": out_of_order}
