"""`rasa` with selected patches, to measure a suggested fix before adopting it
(`bench/latency.py --what-if ...` sets BENCH_WHAT_IF). Benchmark use only.

Measured fixes that were adopted live in rasa_speedups/ and production starts Rasa through
`python -m rasa_speedups`, so "ours" already has them. New candidates go in PATCHES here."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # run as a script from bench/
from rasa_speedups import PATCHES


def apply(names) -> None:
    for name in names:
        PATCHES[name]()


if __name__ == "__main__":
    apply(filter(None, os.environ.get("BENCH_WHAT_IF", "").split(",")))
    from rasa.__main__ import main

    sys.exit(main())
