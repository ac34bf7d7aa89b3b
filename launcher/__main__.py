"""`python -m launcher dev|prod`: start a layout, print where each process logs, keep it running until
Ctrl-C (or SIGTERM); if any process exits on its own, say which and stop the rest."""

import argparse
import signal
import sys
import time
from pathlib import Path

from .config import VAR, base_env
from .process import StartError, log_tail


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m launcher", description=__doc__)
    parser.add_argument("layout", choices=["dev", "prod"])
    parser.add_argument("--log-dir", type=Path, help="default var/log (dev) or var/prod/log (prod)")
    args = parser.parse_args(argv)
    env = base_env()
    stopping = False

    def on_signal(signum, _frame):
        nonlocal stopping
        stopping = True

    try:  # Ctrl-C during start-up raises KeyboardInterrupt; the layout stops what it started
        if args.layout == "dev":
            from .dev import start_dev

            stack = start_dev(args.log_dir or VAR / "log", env)
        else:
            from .prod import start_prod

            stack = start_prod(env, log_dir=args.log_dir)
    except StartError as exc:
        print(f"start-up failed: {exc}", file=sys.stderr)
        return 1
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    print(f"{args.layout} layout up; processes and their logs:\n{stack.describe()}", flush=True)
    for line in stack.extra.get("notes", []):
        print(line, flush=True)
    print("Ctrl-C stops everything.", flush=True)
    exit_code = 0
    try:
        while not stopping:
            for service in stack.services.values():
                if service.proc.poll() is not None:
                    print(
                        f"{service.name} exited with {service.proc.returncode}; {service.log} ends:\n"
                        f"{log_tail(service.log, 2000)}",
                        file=sys.stderr,
                        flush=True,
                    )
                    stopping, exit_code = True, 1
                    break
            time.sleep(0.5)
    finally:
        print("stopping...", flush=True)
        stack.stop()
    return exit_code


if __name__ == "__main__":
    raise SystemExit(main())
