"""Latency benchmark: the NextMed assistant versus the stock `rasa init` bot under the same load.

    .venv/bin/python bench/latency.py --users 1 10 50            # needs models/nextmed.tar.gz
    .venv/bin/python bench/latency.py --users 10 --duration 60 --json
    .venv/bin/python bench/latency.py --skip-stock --depth 0 --users 10

N simulated users, no think time, hold whole conversations over Rasa's REST channel with the action
server and the SQL tracker store (throw-away SQLite files) in the loop. For each user count it
prints per-message latency percentiles, messages per second, errors and the servers' memory, for
ours and for the stock bot, and the ratios between them; then a depth test (one sender, --depth
messages) comparing the median latency of the first and the last ten messages.

Both servers stay up for the whole run, and each level is measured in --rounds stints per stack
(default 2) with the order reversed every other round: ours, stock, then stock, ours. Noise from
other work on the machine then hits both alike, and a drift in the machine's speed during a level
does not always favour the stack measured second. Numbers on a shared machine are noisy: compare
ratios from the same run rather than absolute figures across runs."""

import argparse
import asyncio
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make `bench` and `launcher` importable

import contextlib

from bench import procmem, typed, users, whatif_rasa
from bench.stock import launch_stock
from launcher.dev import launch
from launcher.redis import several_processes_env
from launcher.redis import throwaway_redis as start_redis

TARGETS = {"users": 10, "p95_ms": 150, "throughput_vs_stock": 3.0, "depth_ratio": 1.3}
# issue 10's typed scenario: at 10 users, at least 3x stock throughput and p95 at most 300 ms
TYPED_P95_MS = 300
REFERENCE = "issue reference, stock at 10 users: p95 ~800 ms, ~23 msg/s; stock 200-deep median ~7x fresh"


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]


def summarise(recorder: users.Recorder, wall: float, memory: dict[str, float], cpu: dict[str, float]) -> dict:
    lat = [x * 1000 for x in recorder.latencies]
    row = {
        # CPU time the servers used per answered message: less sensitive than latency to other
        # work on a shared machine, so the fairest efficiency comparison between the bots
        "cpu_ms_per_msg": {name: round(1000 * seconds / len(lat), 1) for name, seconds in cpu.items()} if lat else {},
        "messages": len(lat),
        "seconds": round(wall, 2),
        "msg_per_s": round(len(lat) / wall, 2) if wall else 0.0,
        "errors": sum(recorder.errors.values()),
        "error_kinds": dict(recorder.errors),
        "conversations": recorder.conversations,
        "completed": recorder.completed,
        "empty_replies": recorder.empty_replies,
        "guidance_reached": recorder.guidance,
        "memory_peak_mib": memory,
    }
    if lat:
        row.update(
            p50_ms=round(percentile(lat, 50), 1),
            p95_ms=round(percentile(lat, 95), 1),
            p99_ms=round(percentile(lat, 99), 1),
            mean_ms=round(statistics.fmean(lat), 1),
            max_ms=round(max(lat), 1),
        )
    return row


# command-line marker -> the name a process is reported under (the first that matches)
SERVER_MARKERS = (("actions.server", "actions"), ("nlu_server", "nlu"), (" run ", "rasa"))


def server_pids(stack) -> dict[str, list[int]]:
    """Process groups whose memory and CPU we report: the Rasa server and (ours only) the action server
    and the NLU process."""
    groups: dict[str, list[int]] = {}
    for proc in stack.procs:
        args = " ".join(map(str, proc.args))
        name = next((name for marker, name in SERVER_MARKERS if marker in args), None)
        if name:
            groups.setdefault(name, []).append(proc.pid)
    return groups


def cpu_now(stack) -> dict[str, float]:
    return {name: procmem.tree_cpu_seconds(pids) for name, pids in server_pids(stack).items()}


def memory_now(stack) -> dict[str, float]:
    return {name: round(procmem.tree_rss_mib(pids), 1) for name, pids in server_pids(stack).items()}


async def sample_peak(stack, peak: dict[str, float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        for name, mib in memory_now(stack).items():
            peak[name] = max(peak.get(name, 0.0), mib)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=0.5)


async def load_level(stack, conversation, n_users: int, args) -> dict:
    """One stack under n_users for --duration (bench/scaling.py): one row of figures."""
    return combine([await measure(stack, conversation, n_users, args)])


async def measure(stack, conversation, n_users: int, args, seconds: float | None = None) -> dict:
    """The raw counts of one stint of load, to be combined into a row by `combine`."""
    peak: dict[str, float] = {}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_peak(stack, peak, stop))
    cpu_before = cpu_now(stack)
    counters = conversation.snapshot() if hasattr(conversation, "snapshot") else None  # typed scenario
    load_before = os.getloadavg()
    client_cpu_before = time.process_time()
    started = time.perf_counter()
    if seconds is None:
        seconds = args.duration if args.conversations is None else args.max_seconds
    recorder = await users.run_users(
        stack.rasa_url,
        conversation,
        n_users,
        seconds,
        args.conversations,
        args.timeout,
        seed=args.seed,
        keep_alive=args.keep_alive,
    )
    wall = time.perf_counter() - started
    client_cpu = time.process_time() - client_cpu_before
    cpu = {name: seconds - cpu_before.get(name, 0.0) for name, seconds in cpu_now(stack).items()}
    stop.set()
    await sampler
    return {
        "recorder": recorder,
        "wall": wall,
        "peak": peak,
        "cpu": cpu,
        # the load generator shares the machine's cores with the servers: its CPU, beside theirs
        "client_cpu": client_cpu,
        # the machine is shared: the load average (1, 5, 15 min) before and after, beside the figures
        "load_avg": (load_before, os.getloadavg()),
        "typed": conversation.since(counters) if counters is not None else None,
    }


def combine(stints: list[dict]) -> dict:
    """One row from one or more stints of the same stack at the same level: counts and times added,
    peaks the highest, latencies pooled (so the percentiles are over every message of every stint)."""
    recorder = users.Recorder()
    peak: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for stint in stints:
        part = stint["recorder"]
        recorder.latencies += part.latencies
        for kind, count in part.errors.items():
            recorder.errors[kind] = recorder.errors.get(kind, 0) + count
        recorder.conversations += part.conversations
        recorder.completed += part.completed
        recorder.guidance += part.guidance
        recorder.empty_replies += part.empty_replies
        for name, mib in stint["peak"].items():
            peak[name] = max(peak.get(name, 0.0), mib)
        for name, seconds in stint["cpu"].items():
            cpu[name] = cpu.get(name, 0.0) + seconds
    row = summarise(recorder, sum(stint["wall"] for stint in stints), peak, cpu)
    client_cpu = sum(stint["client_cpu"] for stint in stints)
    row["load_generator_cpu_ms_per_msg"] = round(1000 * client_cpu / row["messages"], 1) if row["messages"] else None
    row["load_avg"] = {
        "before": [round(x, 2) for x in stints[0]["load_avg"][0]],
        "after": [round(x, 2) for x in stints[-1]["load_avg"][1]],
    }
    row["stints"] = len(stints)
    typed_parts = [stint["typed"] for stint in stints if stint["typed"] is not None]
    if typed_parts:
        row.update(add_counters(typed_parts))
    return row


def add_counters(parts: list[dict]) -> dict:
    """Sums typed-scenario counter deltas (numbers, or dicts of numbers)."""
    total: dict = {}
    for part in parts:
        for key, value in part.items():
            if isinstance(value, dict):
                into = total.setdefault(key, {})
                for k, v in value.items():
                    into[k] = into.get(k, 0) + v
            else:
                total[key] = total.get(key, 0) + value
    return total


def stint_orders(order: list[str], rounds: int) -> list[list[str]]:
    """The order of the stacks in each round: as given, then reversed, alternately (A B, B A, A B, ...).
    Whichever stack runs second in a round measures faster on this machine (5-15% in A/B runs of
    identical stacks), so over an even number of rounds each stack is first and second equally often."""
    return [list(order) if i % 2 == 0 else list(reversed(order)) for i in range(rounds)]


def depth_summary(latencies: list[float | None]) -> dict:
    def median_ms(chunk):
        ok = [x * 1000 for x in chunk if x is not None]
        return round(statistics.median(ok), 1) if ok else None

    first, last = median_ms(latencies[:10]), median_ms(latencies[-10:])
    quarters = [
        median_ms(latencies[i : i + max(1, len(latencies) // 4)])
        for i in range(0, len(latencies), max(1, len(latencies) // 4))
    ]
    return {
        "messages": len(latencies),
        "failed": sum(x is None for x in latencies),
        "first10_median_ms": first,
        "last10_median_ms": last,
        "ratio": round(last / first, 2) if first and last else None,
        "quarter_medians_ms": quarters,
    }


def fmt(value, spec="") -> str:
    return "-" if value is None else format(value, spec)


def print_level(bot: str, n_users: int, row: dict) -> None:
    mem = " ".join(f"{k}={v:.0f}" for k, v in sorted(row["memory_peak_mib"].items()))
    cpu = " ".join(f"{k}={v:.0f}" for k, v in sorted(row["cpu_ms_per_msg"].items()))
    kinds = ",".join(f"{k}:{v}" for k, v in sorted(row["error_kinds"].items()))
    if "load_avg" in row:
        kinds += f" load {row['load_avg']['before'][0]:.1f}->{row['load_avg']['after'][0]:.1f}"
    if row.get("load_generator_cpu_ms_per_msg") is not None:
        kinds += f" generator {row['load_generator_cpu_ms_per_msg']:.0f} ms/msg"
    if "typed_answers" in row:
        kinds += f" typed missed {row['typed_missed']}/{row['typed_answers']}"
    print(
        f"{bot:<6}{n_users:>6}{row['messages']:>8}{row['msg_per_s']:>9.1f}{fmt(row.get('p50_ms'), '>9.0f')}"
        f"{fmt(row.get('p95_ms'), '>9.0f')}{fmt(row.get('p99_ms'), '>9.0f')}{fmt(row.get('max_ms'), '>9.0f')}"
        f"{row['errors']:>7}  {row['completed']:>4}/{row['conversations']:<5} {cpu:<20} {mem:<22} {kinds}",
        flush=True,
    )


HEADER = (
    f"{'bot':<6}{'users':>6}{'msgs':>8}{'msg/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    f"{'errors':>7}  done/convs {'CPU ms/msg':<20} {'peak RSS MiB':<22} error kinds"
)


def ratio(a, b) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def print_summary(results: dict) -> None:
    variants = [bot for bot in results["levels"] if bot != "stock"]
    if "stock" in results["levels"]:
        print("\nRatios to stock, same run (msg/s: higher is better; p95 and server CPU per message: lower)")
        print(
            f"{'users':>6}"
            + "".join(
                f"{'msg/s ' + v + '/stock':>22}{'p95 ' + v + '/stock':>20}{'CPU/msg ' + v + '/stock':>24}"
                for v in variants
            )
        )
        for n_users in results["users"]:
            stock = results["levels"]["stock"].get(str(n_users))
            line = f"{n_users:>6}"
            for variant in variants:
                row = results["levels"][variant].get(str(n_users))
                thr = ratio(row and row["msg_per_s"], stock and stock["msg_per_s"])
                p95 = ratio(row and row.get("p95_ms"), stock and stock.get("p95_ms"))
                cpu = ratio(
                    row and sum(row["cpu_ms_per_msg"].values()), stock and sum(stock["cpu_ms_per_msg"].values())
                )
                results["ratios"].setdefault(variant, {})[str(n_users)] = {
                    "throughput_over_stock": thr,
                    "p95_over_stock": p95,
                    "cpu_per_msg_over_stock": cpu,
                }
                line += f"{fmt(thr, '>22')}{fmt(p95, '>20')}{fmt(cpu, '>24')}"
            print(line)
    if results["depth"]:
        print(f"\nDepth ({results['depth_messages']} messages, one sender): median of messages 1-10 vs the last 10")
        for bot, row in results["depth"].items():
            print(
                f"  {bot:<6} {row['text']!r}: first {fmt(row['first10_median_ms'])} ms, last "
                f"{fmt(row['last10_median_ms'])} ms, ratio {fmt(row['ratio'])}x "
                f"(quarter medians {row['quarter_medians_ms']} ms, failed {row['failed']})"
            )
    typed = results.get("scenario") == "typed"
    p95_rule = f"p95 <= {TYPED_P95_MS} ms (typed)" if typed else f"p95 < {TARGETS['p95_ms']} ms"
    print(
        f"\nTargets at {TARGETS['users']} users: {p95_rule}, throughput >= "
        f"{TARGETS['throughput_vs_stock']}x stock, 200-deep <= {TARGETS['depth_ratio']}x fresh.\n  ({REFERENCE})"
    )
    for variant in variants:
        checks = {}
        row = results["levels"][variant].get(str(TARGETS["users"]))
        if row and row.get("p95_ms") is not None:
            checks["p95"] = row["p95_ms"] <= TYPED_P95_MS if typed else row["p95_ms"] < TARGETS["p95_ms"]
        thr = results["ratios"].get(variant, {}).get(str(TARGETS["users"]), {}).get("throughput_over_stock")
        if thr is not None:
            checks["throughput"] = thr >= TARGETS["throughput_vs_stock"]
        depth = results["depth"].get(variant, {}).get("ratio")
        if depth is not None:
            checks["depth"] = depth <= TARGETS["depth_ratio"]
        results.setdefault("targets_met", {})[variant] = checks
        print(
            f"  {variant}: "
            + (", ".join(f"{k} {'met' if v else 'MISSED'}" for k, v in checks.items()) or "not measured in this run")
        )


def print_typed(results: dict, examples: list[tuple[str, str]]) -> None:
    """Totals of the typed scenario's counters over the measured levels (the warm-up left out)."""
    total: dict = {"typed_answers": 0, "typed_missed": 0, "typed_missed_by": {}, "faq_unanswered": {}}
    for bot, levels in results["levels"].items():
        for row in levels.values() if bot != "stock" else ():
            for key, value in total.items():
                if isinstance(value, dict):
                    for k, v in row.get(key, {}).items():
                        value[k] = value.get(k, 0) + v
                else:
                    total[key] += row.get(key, 0)
    results.update(total)
    share = f" ({100 * total['typed_missed'] / total['typed_answers']:.2f}%)" if total["typed_answers"] else ""
    print(
        f"\nTyped answers the assistant did not take (answered by button instead): {total['typed_missed']} of "
        f"{total['typed_answers']}{share}; by question: {total['typed_missed_by'] or 'none'}"
    )
    print(f"FAQs asked mid-check that got only the question again: {total['faq_unanswered'] or 'none'}")
    if examples:
        results["typed_missed_examples"] = examples
        print("First typed answers not taken (question: text): " + "; ".join(f"{q}: {t!r}" for q, t in examples[:10]))


WHAT_IF_COMMAND = [sys.executable, str(ROOT / "bench" / "whatif_rasa.py")]  # `rasa` plus the patches


async def run(args, workdir: Path) -> dict:
    stock_project = Path(args.stock_dir) if args.stock_dir else workdir / "stock-project"
    results: dict = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "users": args.users,
        "duration_s": args.duration,
        "conversations_per_user": args.conversations,
        "stock_cycles": args.stock_cycles,
        "what_if": args.what_if,
        "keep_alive": args.keep_alive,
        "levels": {},
        "ratios": {},
        "depth": {},
        "depth_messages": args.depth,
        "idle_memory_mib": {},
        "load_avg_start": os.getloadavg(),
    }
    # --scenario typed (bench/typed.py, issue 10): every answer typed, FAQs and greetings in varied wording.
    ours_conversation = typed.TypedScenario() if args.scenario == "typed" else users.ours_conversation
    results["scenario"] = args.scenario
    conversations = {"ours": ours_conversation}
    depth_texts = {"ours": args.depth_text_ours}
    stacks = {}
    redis = None
    try:
        if not args.skip_stock:
            # built before anything is serving, so training does not disturb the measurements
            stacks["stock"] = launch_stock(stock_project, workdir)
            conversations["stock"] = users.stock_conversation(args.stock_cycles)
            depth_texts["stock"] = args.depth_text_stock
        for workers in args.rasa_workers:
            name = "ours" if workers == 1 else f"ours{workers}"
            (workdir / name).mkdir()
            env = {}
            if workers > 1:
                # Several Rasa processes on one port (Sanic workers) need a shared lock store, as
                # several processes behind a load balancer do: endpoints.yml's Redis lock store.
                redis = redis or start_redis(workdir)
                env = several_processes_env(workers, redis, db=workers)
            stacks[name] = launch(workdir / name, with_web=False, extra_env=env)
            conversations[name], depth_texts[name] = ours_conversation, args.depth_text_ours
        if args.what_if or args.what_if_model or args.what_if_env:
            (workdir / "ours-what-if").mkdir()
            what_if_env = dict(item.split("=", 1) for item in args.what_if_env or [])
            what_if_env["BENCH_WHAT_IF"] = ",".join(args.what_if or [])
            if args.what_if_model:
                what_if_env["RASA_MODEL"] = str(Path(args.what_if_model).resolve())
            stacks["ours*"] = launch(
                workdir / "ours-what-if",
                with_web=False,
                rasa_command=WHAT_IF_COMMAND,
                extra_env=what_if_env,
            )
            conversations["ours*"], depth_texts["ours*"] = ours_conversation, args.depth_text_ours
        order = [bot for bot in stacks if bot != "stock"] + (["stock"] if "stock" in stacks else [])
        for bot in order:
            await users.warm_up(stacks[bot].rasa_url, conversations[bot], args.timeout)
            results["idle_memory_mib"][bot] = memory_now(stacks[bot])
            results["levels"][bot] = {}
        print(f"Servers up (workdir {workdir}); idle RSS MiB: {results['idle_memory_mib']}")
        print(f"Load average (1/5/15 min) at the start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        if "ours*" in stacks:
            print(
                f"ours* = ours with the what-if patches {', '.join(args.what_if or []) or 'none'},"
                f" the model {args.what_if_model or 'of ours'} and the settings"
                f" {' '.join(args.what_if_env or []) or 'of ours'} (bench/whatif_rasa.py)"
            )
        budget = (
            f"{args.conversations} conversation(s) per user (cap {args.max_seconds:.0f} s)"
            if args.conversations
            else f"{args.duration:.0f} s per level and stack, in {args.rounds} stint(s) of"
            f" {args.duration / args.rounds:.0f} s, the order reversed every other round"
        )
        print(
            f"Load: {budget}, no think time, "
            f"{'kept-alive connections' if args.keep_alive else 'a connection per message'}; "
            f"ours = full assessment + branch search, "
            f"stock = moodbot x{args.stock_cycles} cycles per conversation\n"
        )
        print(HEADER)
        rounds = 1 if args.conversations else args.rounds
        for n_users in args.users:
            stints: dict[str, list[dict]] = {bot: [] for bot in order}
            for round_order in stint_orders(order, rounds):
                for bot in round_order:
                    stints[bot].append(
                        await measure(stacks[bot], conversations[bot], n_users, args, args.duration / rounds)
                    )
            for bot in order:
                row = combine(stints[bot])
                results["levels"][bot][str(n_users)] = row
                print_level(bot, n_users, row)
        if args.depth:
            for bot in order:
                latencies = await users.deep_conversation(
                    stacks[bot].rasa_url, depth_texts[bot], args.depth, args.timeout
                )
                results["depth"][bot] = {"text": depth_texts[bot], **depth_summary(latencies)}
        results["final_memory_mib"] = {bot: memory_now(stack) for bot, stack in stacks.items()}
    finally:
        for stack in stacks.values():
            stack.stop()
        if redis is not None:
            redis.stop()
    results["load_avg_end"] = os.getloadavg()
    print(f"Load average (1/5/15 min) at the end: {' '.join(f'{x:.2f}' for x in results['load_avg_end'])}")
    if args.scenario == "typed":
        print_typed(results, ours_conversation.missed_examples)
    print_summary(results)
    return results


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, nargs="+", default=[1, 10, 50], help="concurrent users per level")
    parser.add_argument("--duration", type=float, default=60, help="seconds per level and bot (default 60)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="split each level into this many stints per stack, the stacks' order reversed in every other"
        " round (default 2: A B B A), so that no stack is always measured first; 1 = one stint each",
    )
    parser.add_argument("--conversations", type=int, help="conversations per user instead of --duration")
    parser.add_argument("--max-seconds", type=float, default=600, help="time cap per level with --conversations")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before a reply counts as a timeout")
    parser.add_argument("--depth", type=int, default=200, help="messages in the depth test (0 skips it)")
    parser.add_argument("--depth-text-ours", default="menu")
    parser.add_argument("--depth-text-stock", default="hello")
    parser.add_argument("--skip-stock", action="store_true", help="measure ours only")
    parser.add_argument(
        "--keep-alive",
        action="store_true",
        help="reuse HTTP connections (default: one per message, as a proxy without upstream "
        "keep-alive; with keep-alive each connection stays on one Rasa process)",
    )
    parser.add_argument(
        "--rasa-workers",
        type=int,
        nargs="+",
        default=[1],
        help="Rasa process counts to measure ours with: 1 = 'ours', N = 'oursN' (N Sanic "
        "workers sharing a Redis lock store, as behind a load balancer); default 1",
    )
    parser.add_argument(
        "--what-if",
        nargs="+",
        choices=sorted(whatif_rasa.PATCHES),
        metavar="PATCH",
        help="also measure ours with suggested Rasa fixes applied, shown as ours* "
        f"({', '.join(sorted(whatif_rasa.PATCHES))}; see bench/whatif_rasa.py)",
    )
    parser.add_argument(
        "--what-if-model",
        metavar="MODEL",
        help="also measure ours serving this trained model (e.g. another config.yml), shown as ours*",
    )
    parser.add_argument(
        "--what-if-env",
        nargs="+",
        metavar="NAME=VALUE",
        type=lambda item: item if "=" in item else parser.error(f"--what-if-env {item}: expected NAME=VALUE"),
        help="also measure ours with these settings (environment variables), shown as ours*",
    )
    parser.add_argument("--stock-dir", help="reuse (or create) the trained `rasa init` project here")
    parser.add_argument(
        "--stock-cycles",
        type=int,
        default=8,
        help="greet/mood/goodbye cycles per stock conversation (8 ~ the length of ours)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--scenario",
        choices=("buttons", "typed"),
        default="buttons",
        help="ours: answers by button (default) or typed in varied wording (bench/typed.py)",
    )
    parser.add_argument(
        "--json",
        nargs="?",
        const="",
        metavar="FILE",
        help="also write the results as JSON (default results/latency-<time>.json)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the work directory (server logs, databases)")
    args = parser.parse_args(argv)
    if min(args.users) < 1 or args.depth < 0 or args.duration <= 0 or args.rounds < 1:
        parser.error("--users must be >= 1, --depth >= 0, --duration > 0, --rounds >= 1")
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="nextmed-bench-"))
    try:
        results = asyncio.run(run(args, workdir))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json is not None:
        out = Path(args.json) if args.json else ROOT / "results" / f"latency-{time.strftime('%Y%m%d-%H%M%S')}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
        print(f"\nResults written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
