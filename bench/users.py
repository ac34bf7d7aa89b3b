"""Simulated users talking to a Rasa REST channel with no think time.

Each user loops over whole conversations (a fresh sender id each time) until the level's time or
conversation budget is spent. Every message is timed; failures are counted by kind. Every loop is
bounded in count and time, and only loopback URLs are accepted."""

import asyncio
import contextlib
import json
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp

MAX_QUESTIONS = 60  # longer than any assessment path; more means the bot is stuck in a loop
PLACE = "Subang Jaya"


class ConversationAborted(Exception):
    """The conversation cannot go on (error reply, or no button to press)."""


@dataclass
class Recorder:
    latencies: list[float] = field(default_factory=list)  # seconds, successful messages only
    errors: dict[str, int] = field(default_factory=dict)  # http_<status>, timeout, connection, empty
    conversations: int = 0  # started
    completed: int = 0  # reached their scripted end
    guidance: int = 0  # (ours) assessments that ended with the guidance and the branch button
    empty_replies: int = 0  # (stock) replies with no message, tolerated where stock gives them

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Budget:
    """Stops users at a deadline and/or after a number of conversations each."""

    def __init__(self, seconds: float, conversations: int | None):
        self.deadline = time.monotonic() + seconds
        self.conversations = conversations

    def over(self) -> bool:
        return time.monotonic() >= self.deadline

    def another_conversation(self, done: int) -> bool:
        if self.over():
            return False
        return self.conversations is None or done < self.conversations


def require_loopback(url: str) -> None:
    if urlsplit(url).hostname != "127.0.0.1":
        raise ValueError(f"benchmark traffic goes to 127.0.0.1 only, not {url}")


class Client:
    """One sender id. `send` times the request and returns the bot's messages; on an error,
    a timeout or an empty reply it records the kind and raises ConversationAborted."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        rasa_url: str,
        recorder: Recorder,
        budget: Budget,
        timeout: float,
        record: bool = True,
    ):
        require_loopback(rasa_url)
        self.session = session
        self.url = rasa_url + "/webhooks/rest/webhook"
        self.recorder = recorder
        self.budget = budget
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.record = record
        self.sender = "bench-" + uuid.uuid4().hex[:12]
        self.last: list[dict] = []

    async def send(self, text: str, allow_empty: bool = False) -> list[dict]:
        """`allow_empty`: an empty reply is what the bot does here (stock), counted but not fatal."""
        if self.budget.over():
            raise TimeoutError("budget")  # the level is over: stop between messages
        started = time.perf_counter()
        try:
            async with self.session.post(
                self.url, json={"sender": self.sender, "message": text}, timeout=self.timeout
            ) as response:
                body = await response.read()
                status = response.status
        except asyncio.TimeoutError:
            self._fail("timeout")
        except aiohttp.ClientError:
            self._fail("connection")
        elapsed = time.perf_counter() - started
        if status != 200:
            self._fail(f"http_{status}")
        try:
            messages = json.loads(body or b"[]")
        except ValueError:
            self._fail("bad_json")
        if not messages:
            if not allow_empty:
                self._fail("empty")
            if self.record:
                self.recorder.empty_replies += 1
        if self.record:
            self.recorder.latencies.append(elapsed)
        self.last = messages
        return messages

    def _fail(self, kind: str):
        if self.record:
            self.recorder.error(kind)
        raise ConversationAborted(kind)

    def buttons(self) -> list[dict]:
        return [b for m in self.last for b in (m.get("buttons") or [])]


def choice_of(payload: str) -> str | None:
    """'/inform{"choice":"no"}' -> 'no'; None for any other payload."""
    if not payload.startswith("/inform{"):
        return None
    try:
        return json.loads(payload[len("/inform") :]).get("choice")
    except ValueError:
        return None


def pick_answer(buttons: list[dict], rng: random.Random) -> str | None:
    """A yes/no question (every red-flag question is one) gets 'no'; otherwise a random
    option that is not Skip."""
    options = {choice_of(b["payload"]): b["payload"] for b in buttons if choice_of(b["payload"])}
    options.pop("skip", None)
    if not options:
        return None
    if "no" in options and "yes" in options:
        return options["no"]
    return options[rng.choice(sorted(options))]


async def ours_conversation(client: Client, rng: random.Random) -> None:
    """Greeting, consent, the whole self-assessment by buttons, then the nearest branch."""
    await client.send("hi")
    await client.send("/consent_agree")
    await client.send("/start_assessment")
    for _ in range(MAX_QUESTIONS):
        payload = pick_answer(client.buttons(), rng)
        if payload is None:
            break  # no answer buttons left: the assessment is over
        await client.send(payload)
    else:
        raise ConversationAborted("assessment did not end")
    if any(b["payload"] == "/find_branch" for b in client.buttons()):
        client.recorder.guidance += client.record
    await client.send("/find_branch")
    await client.send(PLACE)
    await client.send("/deny")
    await client.send("thank you")
    await client.send("bye")


STOCK_MOODS = ["I am great", "amazing", "very good", "I am sad", "unhappy", "not good"]


def stock_conversation(cycles: int) -> Callable[[Client, random.Random], Awaitable[None]]:
    """The `rasa init` moodbot: greet, mood (happy or sad, then yes/no to 'did that help?'),
    goodbye, repeated `cycles` times under one sender so its tracker grows like ours does."""

    async def conversation(client: Client, rng: random.Random) -> None:
        for _ in range(cycles):
            # Stock is taken as it behaves: whatever it answers (even nothing, e.g. after "did that
            # help?") is timed, and the script goes on; only HTTP errors and timeouts abort.
            await client.send(rng.choice(["hello", "hi", "hey there"]), allow_empty=True)
            mood = rng.choice(STOCK_MOODS)
            await client.send(mood, allow_empty=True)
            if STOCK_MOODS.index(mood) >= 3:
                await client.send(rng.choice(["yes", "no"]), allow_empty=True)
            await client.send(rng.choice(["bye", "goodbye"]), allow_empty=True)

    return conversation


async def user(session, rasa_url, conversation, recorder, budget, timeout, seed) -> None:
    rng = random.Random(seed)
    done = 0
    while budget.another_conversation(done):
        client = Client(session, rasa_url, recorder, budget, timeout)
        recorder.conversations += 1
        done += 1
        try:
            await conversation(client, rng)
            recorder.completed += 1
        except (ConversationAborted, TimeoutError):
            pass  # already recorded; a fresh conversation starts


async def run_users(
    rasa_url: str,
    conversation,
    users: int,
    seconds: float,
    conversations: int | None,
    timeout: float,
    seed: int = 1,
    keep_alive: bool = False,
) -> Recorder:
    """By default every message opens its own connection, as a reverse proxy without upstream
    keep-alive sends them: with several Rasa processes on one port, each message then goes to
    whichever process is free. keep_alive=True reuses connections, which pins each to one process."""
    recorder = Recorder()
    budget = Budget(seconds, conversations)
    connector = aiohttp.TCPConnector(limit=0, force_close=not keep_alive)  # limit=0: no pool queueing
    async with aiohttp.ClientSession(connector=connector) as session:
        await asyncio.gather(
            *(user(session, rasa_url, conversation, recorder, budget, timeout, seed + i) for i in range(users))
        )
    return recorder


async def warm_up(rasa_url: str, conversation, timeout: float) -> None:
    """One unrecorded conversation so lazy loading and first-call compilation are not measured."""
    async with aiohttp.ClientSession() as session:
        client = Client(session, rasa_url, Recorder(), Budget(300, None), timeout, record=False)
        try:
            await conversation(client, random.Random(0))
        except ConversationAborted as exc:
            raise RuntimeError(f"warm-up conversation failed at {client.last}: {exc}") from exc


async def deep_conversation(rasa_url: str, text: str, messages: int, timeout: float) -> list[float | None]:
    """One sender, `messages` times the same text, sequentially: latency per message (None where
    the reply was an error, a timeout or empty)."""
    latencies: list[float | None] = []
    async with aiohttp.ClientSession() as session:
        client = Client(session, rasa_url, Recorder(), Budget(messages * timeout, None), timeout)
        for _ in range(messages):
            before = len(client.recorder.latencies)
            with contextlib.suppress(ConversationAborted):
                await client.send(text)
            recorded = client.recorder.latencies[before:]
            latencies.append(recorded[0] if recorded else None)
    return latencies
