"""`python -m rasa_speedups <rasa arguments>`: Rasa's own CLI, with the speed-ups applied to `rasa run` only.

Other subcommands (train, test, data validate ...) run stock Rasa. RASA_SPEEDUPS (all, off, or a
comma-separated list; see rasa_speedups/__init__.py) chooses the patches."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping, Sequence

from rasa_speedups import apply


def log_to_stderr() -> None:
    """Our own handler: Rasa sets up the root logger later, and a second root handler would double its lines."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s - %(message)s"))
    speedups_log = logging.getLogger("rasa_speedups")
    speedups_log.addHandler(handler)
    speedups_log.setLevel(logging.INFO)
    speedups_log.propagate = False


def main(argv: Sequence[str] | None = None, environ: Mapping[str, str] = os.environ) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["run"]:
        log_to_stderr()
        from rasa_hardening import apply_all as apply_hardening

        apply_hardening()  # safety behaviour (rasa_hardening/): always on, whatever RASA_SPEEDUPS says
        try:
            apply(environ.get("RASA_SPEEDUPS"))
        except ValueError as exc:  # an unknown patch name in RASA_SPEEDUPS
            print(exc, file=sys.stderr)
            return 2
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0
