"""Scaling curve: the production layout (launcher/prod.py: PostgreSQL, Redis lock store, 2 action
servers) with 1, 2 and 4 Rasa servers behind nginx, beside the stock `rasa init` bot, in one run.

    .venv/bin/python bench/scaling.py                         # 1 2 4 Rasa servers, 10 users, buttons
    .venv/bin/python bench/scaling.py --rasa 1 2 --users 10 20 --scenario buttons typed --duration 30

One layout with max(--rasa) Rasa servers is started; for each count N an nginx of its own balances
over the first N of them (the others idle), so every count shares the same database, lock store and
action servers. Levels alternate between the counts and stock so machine noise hits all alike.
Printed per level: msg/s, latency percentiles, errors, server CPU per message and the peak RSS of
the Rasa servers in use; then each count's throughput relative to 1 server and to stock.
The typed scenario is bench/typed.py (TypedScenario); without it only `buttons` runs."""

import argparse
import asyncio
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: make `bench` and `launcher` importable

from bench import latency, users
from bench.stock import launch_stock
from launcher.config import free_port
from launcher.nginx import nginx_args, write_config
from launcher.process import healthy
from launcher.prod import start_prod, temporary_home

# The load comes from one IP and far faster than people: the channels' rate limits (channels/rate_limit.py)
# are raised through the environment, as launcher.dev.free_port_env does for the latency bench.
# The simulated users talk over the REST channel, which production credentials leave out: the
# layout gets the dev credentials (REST + widget) here.
BENCH_RATE_LIMITS = {
    "RATE_LIMIT_PER_SENDER": "1000000",
    "RATE_LIMIT_PER_IP": "1000000",
    "RASA_CREDENTIALS": "credentials.dev.yml",
}


def scenarios(names):
    found = {"buttons": users.ours_conversation}
    if "typed" in names:
        if importlib.util.find_spec("bench.typed") is None:
            print("typed scenario skipped: bench/typed.py (issue 10) is not in this checkout")
        else:
            from bench import typed

            found["typed"] = typed.TypedScenario()
    return {name: found[name] for name in names if name in found}


def balancer(stack, home: Path, count: int):
    """An nginx over the first `count` Rasa servers; returns a stack-like view for bench.latency."""
    ports = stack.extra["ports"]
    public = free_port()
    conf_home = home / f"nginx-{count}"
    conf = write_config(
        conf_home, home, public, free_port(), free_port(), ports["rasa"][:count], ports["actions"], ports["console"]
    )
    proc = subprocess.Popen(nginx_args(conf, conf_home), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{public}"
    deadline = time.monotonic() + 30
    while not healthy(url + "/rasa/health"):
        if time.monotonic() > deadline:
            proc.terminate()
            raise RuntimeError(f"nginx for {count} Rasa server(s) did not come up")
        time.sleep(0.2)
    rasa = [stack.services[f"rasa{i}"].proc for i in range(1, count + 1)]
    actions = [svc.proc for name, svc in stack.services.items() if name.startswith("actions")]
    return proc, SimpleNamespace(rasa_url=url, procs=rasa + actions)


async def run(args, workdir: Path) -> dict:
    results = {"users": args.users, "rasa": args.rasa, "levels": {}, "duration_s": args.duration}
    chosen = scenarios(args.scenario)
    home = temporary_home()
    prod = stock = None
    balancers = []
    try:
        stock = (
            None
            if args.skip_stock
            else launch_stock(Path(args.stock_dir) if args.stock_dir else workdir / "stock-project", workdir)
        )
        print(f"Starting the production layout with {max(args.rasa)} Rasa servers (a few minutes)...", flush=True)
        prod = start_prod(
            {"TF_CPP_MIN_LOG_LEVEL": "3", **BENCH_RATE_LIMITS, **args.env},
            home=home,
            public_port=free_port(),
            rasa_servers=max(args.rasa),
            action_servers=2,
        )
        bots = {}
        for count in args.rasa:
            proc, view = balancer(prod, home, count)
            balancers.append(proc)
            bots[f"rasa x{count}"] = view
        if stock is not None:
            bots["stock"] = stock
        for scenario, conversation in chosen.items():
            print(f"\nScenario {scenario}: {args.duration:.0f} s per level, no think time, a connection per message")
            print(latency.HEADER)
            rows = results["levels"].setdefault(scenario, {})
            for bot, view in bots.items():
                await users.warm_up(
                    view.rasa_url, users.stock_conversation(2) if bot == "stock" else conversation, args.timeout
                )
            for n_users in args.users:
                for bot, view in bots.items():
                    conv = users.stock_conversation(args.stock_cycles) if bot == "stock" else conversation
                    row = await latency.load_level(view, conv, n_users, args)
                    rows.setdefault(bot, {})[str(n_users)] = row
                    latency.print_level(bot.replace("rasa ", "r")[:6], n_users, row)
    finally:
        for proc in balancers:
            proc.terminate()
            proc.wait(timeout=10)
        if prod is not None:
            prod.stop()
        if stock is not None:
            stock.stop()
        shutil.rmtree(home, ignore_errors=True)
    print_ratios(results)
    return results


def print_ratios(results: dict) -> None:
    for scenario, rows in results["levels"].items():
        print(f"\n{scenario}: msg/s relative to 1 Rasa server and to stock (same run)")
        for n_users in results["users"]:
            key = str(n_users)
            one = rows.get("rasa x1", {}).get(key, {}).get("msg_per_s")
            stock = rows.get("stock", {}).get(key, {}).get("msg_per_s")
            parts = []
            for bot, by_users in rows.items():
                if bot == "stock" or key not in by_users:
                    continue
                rate = by_users[key]["msg_per_s"]
                parts.append(f"{bot}: {rate:.1f} msg/s (x{rate / one:.2f} of 1 server" if one else f"{bot}: {rate:.1f}")
                parts[-1] += f", x{rate / stock:.1f} stock)" if stock else ")"
            print(f"  {n_users} users: " + "; ".join(parts) + (f"; stock {stock:.1f} msg/s" if stock else ""))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rasa", type=int, nargs="+", default=[1, 2, 4], help="Rasa server counts behind nginx")
    parser.add_argument("--users", type=int, nargs="+", default=[10])
    parser.add_argument("--scenario", nargs="+", default=["buttons", "typed"], choices=["buttons", "typed"])
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-stock", action="store_true")
    parser.add_argument("--stock-dir", help="reuse (or create) the trained stock project here")
    parser.add_argument("--stock-cycles", type=int, default=8)
    parser.add_argument(
        "--set",
        dest="env",
        action="append",
        default=[],
        metavar="VAR=VALUE",
        help="extra environment for the layout, e.g. RATE_LIMIT_PER_MINUTE=100000 (repeatable)",
    )
    args = parser.parse_args(argv)
    args.env = dict(item.split("=", 1) for item in args.env)
    args.conversations, args.max_seconds, args.keep_alive = None, args.duration, False
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="nextmed-scaling-"))
    try:
        asyncio.run(run(args, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
