"""Rasa as ours runs it (`python -m rasa_speedups`: the hardening and RASA_SPEEDUPS) plus the
patches under evaluation, to measure a speed-up beside ours in the same run. Benchmark use only.

`bench/latency.py --what-if NAME...` sets BENCH_WHAT_IF; NAME is a rasa_speedups patch. To weigh a
patch that is already adopted, leave it out of ours and add it back here:
    RASA_SPEEDUPS=cached-action-schema,... bench/latency.py --what-if diet-direct-call"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # run as a script from bench/
from rasa_speedups import PATCHES, selected


def setting(ours: str | None, extra: list[str]) -> str:
    """RASA_SPEEDUPS for ours*: ours' patches followed by the extra ones, each once."""
    names = list(dict.fromkeys(selected(ours) + extra))
    return ",".join(names) or "off"


def apply(names: list[str]) -> None:
    """In this process (bench/profile_rasa.py): the patches on top of what is applied already."""
    for name in names:
        PATCHES[name]()


if __name__ == "__main__":
    from rasa_speedups.cli import main

    extra = [name for name in os.environ.get("BENCH_WHAT_IF", "").split(",") if name]
    os.environ["RASA_SPEEDUPS"] = setting(os.environ.get("RASA_SPEEDUPS"), extra)
    sys.exit(main())
