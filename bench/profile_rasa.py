"""Where a message's time goes: loads the trained model in this process (the action server runs as
usual, as a subprocess) and wraps Rasa's stages with wall-clock timers, then holds a few scripted
conversations one message at a time.

    .venv/bin/python bench/profile_rasa.py --conversations 3
    .venv/bin/python bench/profile_rasa.py --conversations 3 --cprofile results/rasa.prof
    .venv/bin/python bench/profile_rasa.py --conversations 3 --scenario typed   # every answer typed

Rasa runs with the rasa_speedups patches, as the server does (`--rasa-speedups off` for stock Rasa).
Stages: tracker retrieval and saving (SQL tracker store), NLU (the message graph), policies (one
prediction per action), remote actions (split into building the request - the tracker and domain
as JSON - and the HTTP round trip to the action server), and everything else. An investigation
tool: it patches Rasa classes in this process only."""

import argparse
import asyncio
import cProfile
import inspect
import logging
import os
import pstats
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import (
    typed,
    users,
    whatif_rasa,
)
from launcher.config import MODEL, base_env, free_port
from launcher.process import Stack

TOTALS: dict[str, float] = defaultdict(float)
CALLS: dict[str, int] = defaultdict(int)


def timed(owner, name: str, label: str) -> None:
    """Replaces owner.name (function, method, static or class method) with a timing wrapper."""
    raw = inspect.getattr_static(owner, name)
    original = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw

    def add(started: float) -> None:
        TOTALS[label] += time.perf_counter() - started
        CALLS[label] += 1

    if asyncio.iscoroutinefunction(original):

        async def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                add(started)
    else:

        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                add(started)

    if isinstance(raw, staticmethod):
        wrapper = staticmethod(wrapper)
    elif isinstance(raw, classmethod):
        wrapper = classmethod(wrapper)
    setattr(owner, name, wrapper)


def instrument() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core import events as rasa_events
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    from storage.tracker_store import WindowedSQLTrackerStore

    stages = [
        (MessageProcessor, "handle_message", "total"),
        (WindowedSQLTrackerStore, "retrieve", "tracker: retrieve"),
        (WindowedSQLTrackerStore, "save", "tracker: save"),
        (MessageProcessor, "_parse_message_with_graph", "nlu"),
        (MessageProcessor, "_predict_next_with_tracker", "policies"),
        (RemoteAction, "run", "remote action (all)"),
        (RemoteAction, "_action_call_format", "remote action: tracker+domain to dict"),
        (EndpointConfig, "request", "remote action: HTTP round trip"),
        (RemoteAction, "_validate_action_result", "remote action: jsonschema check of reply"),
        (RemoteAction, "_utter_responses", "remote action: responses to bot events"),
        (rasa_events, "deserialise_events", "remote action: events from JSON"),
        (DialogueStateTracker, "from_dict", "tracker: retrieve: replay events (no window yet)"),
        (DialogueStateTracker, "from_events", "tracker: replay events"),
    ]
    for owner, name, label in stages:
        timed(owner, name, label)


def start_action_server(workdir: Path) -> Stack:
    """The action server as `launch` starts it, plus this process's environment for Rasa."""
    port = free_port()
    env = base_env()
    db_file = workdir / "profile.sqlite3"
    env.update(
        DB_DIALECT="sqlite",
        DB_NAME=str(db_file),
        DB_URL=f"sqlite:///{db_file}",
        ACTION_SERVER_URL=f"http://127.0.0.1:{port}/webhook",
        LOCK_STORE_TYPE="in_memory",
        TF_CPP_MIN_LOG_LEVEL="3",
        RASA_TELEMETRY_ENABLED="false",
    )
    os.environ.update(env)  # endpoints.yml reads ${DB_URL} and ${ACTION_SERVER_URL} from here
    stack = Stack(workdir=workdir, env=env)
    stack.start(
        "actions",
        [sys.executable, "-m", "actions.server", "--port", str(port)],
        f"http://127.0.0.1:{port}/health",
        timeout=60,
    )
    return stack


class InProcessClient:
    """The `users.Client` interface, answered by the in-process agent."""

    def __init__(self, agent, latencies: list[float]):
        self.agent = agent
        self.sender = "profile-" + os.urandom(6).hex()
        self.last: list[dict] = []
        self.latencies = latencies
        self.recorder = users.Recorder()
        self.record = True

    async def send(self, text: str) -> list[dict]:
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        started = time.perf_counter()
        output = CollectingOutputChannel()
        await self.agent.handle_message(UserMessage(text, output, self.sender, input_channel="rest"))
        self.latencies.append(time.perf_counter() - started)
        self.last = output.messages
        if not self.last:
            raise users.ConversationAborted("empty")
        return self.last

    def buttons(self) -> list[dict]:
        return users.Client.buttons(self)


async def profile(args) -> None:
    from rasa.core.agent import load_agent
    from rasa.core.utils import read_endpoints_from_path
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.INFO)  # as `rasa run`; debug logging would dominate
    configure_structlog(logging.INFO)

    import rasa_speedups

    # as `python -m rasa_speedups run` does for the real server; --rasa-speedups off profiles stock Rasa
    print(f"rasa_speedups applied: {', '.join(rasa_speedups.apply(args.rasa_speedups)) or 'none'}")
    agent = await load_agent(model_path=str(MODEL), endpoints=read_endpoints_from_path(ROOT / "endpoints.yml"))
    whatif_rasa.apply(args.what_if)
    instrument()
    rng = random.Random(args.seed)
    conversation = typed.TypedScenario() if args.scenario == "typed" else users.ours_conversation
    await conversation(InProcessClient(agent, []), rng)  # warm-up, not counted
    TOTALS.clear()
    CALLS.clear()
    latencies: list[float] = []
    profiler = cProfile.Profile() if args.cprofile else None
    if profiler:
        profiler.enable()
    for _ in range(args.conversations):
        await conversation(InProcessClient(agent, latencies), rng)
    conversation_totals = dict(TOTALS), dict(CALLS)
    if args.depth:
        await depth_breakdown(agent, args)
    TOTALS.clear()
    TOTALS.update(conversation_totals[0])
    CALLS.clear()
    CALLS.update(conversation_totals[1])
    if profiler:
        profiler.disable()
        Path(args.cprofile).parent.mkdir(parents=True, exist_ok=True)
        profiler.dump_stats(args.cprofile)
    report(latencies, args)


async def depth_breakdown(agent, args) -> None:
    """Stage times per message for the first and the last ten of a long single-sender conversation."""
    client = InProcessClient(agent, [])
    snapshots = []
    for _ in range(args.depth):
        before = dict(TOTALS)
        await client.send(args.depth_text)
        snapshots.append({k: TOTALS[k] - before.get(k, 0.0) for k in TOTALS})
    first, last = snapshots[:10], snapshots[-10:]
    print(f"\nDepth: {args.depth} x {args.depth_text!r} on one sender; mean ms per message, first 10 vs last 10")
    for label in sorted(TOTALS, key=lambda k: -sum(s.get(k, 0) for s in last)):
        a = 1000 * sum(s.get(label, 0) for s in first) / len(first)
        b = 1000 * sum(s.get(label, 0) for s in last) / len(last)
        print(f"  {label:<42}{a:>8.1f}{b:>8.1f}")


def report(latencies: list[float], args) -> None:
    n = len(latencies)
    if n:
        print(
            f"\n{args.conversations} conversation(s), {n} messages, one at a time; "
            f"mean {1000 * sum(latencies) / n:.1f} ms/message"
        )
        total = TOTALS["total"]
        print(f"{'stage':<42}{'ms total':>10}{'calls':>7}{'ms/call':>9}{'share':>7}")
        for label in sorted(TOTALS, key=lambda k: -TOTALS[k]):
            calls = CALLS[label]
            print(
                f"{label:<42}{1000 * TOTALS[label]:>10.0f}{calls:>7}{1000 * TOTALS[label] / calls:>9.2f}"
                f"{100 * TOTALS[label] / total:>6.0f}%"
            )
    if args.cprofile:
        stats = pstats.Stats(args.cprofile)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats("rasa/(core|shared)", 30)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=3)
    parser.add_argument("--depth", type=int, default=0, help="then one sender with this many messages")
    parser.add_argument("--depth-text", default="menu")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--what-if",
        nargs="+",
        default=[],
        choices=sorted(whatif_rasa.PATCHES),
        metavar="PATCH",
        help=f"apply suggested Rasa fixes first ({', '.join(sorted(whatif_rasa.PATCHES))})",
    )
    parser.add_argument(
        "--scenario", choices=("buttons", "typed"), default="buttons", help="typed: bench/typed.py's conversations"
    )
    parser.add_argument(
        "--rasa-speedups",
        default="all",
        help="the patches the server runs with, as RASA_SPEEDUPS: all (default, as `make run`), off, or a list",
    )
    parser.add_argument("--cprofile", help="also write cProfile stats here and print the top functions")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nextmed-profile-") as tmp:
        stack = start_action_server(Path(tmp))
        try:
            asyncio.run(profile(args))
        finally:
            stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
