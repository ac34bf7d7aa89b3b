"""gc-freeze-model: after a model is loaded, its objects are moved out of the garbage collector's way.

A loaded model (TensorFlow, spaCy, the domain) is about 680,000 objects that live as long as the
process. Python's cyclic garbage collector walks all of them in each full (generation 2) collection:
319 ms in one go, about once every 170 typed messages (bench/profile_rasa.py with gc callbacks,
2026-12-01), a pause every conversation in the process waits out, and about 7% of the Rasa process's
time. gc.freeze() (Python 3.7+, made for this) moves every object alive after loading into a
permanent generation the collector skips; objects made while serving are collected as before.

When a new model replaces the old one (Rasa's model server), the old model's objects are unfrozen
first, so a full collection can free them, and the new set is frozen after loading.
"""

from __future__ import annotations

import gc
from typing import Any

from rasa_speedups.guard import Target

NAME = "gc-freeze-model"
TARGETS = (Target("rasa.core.agent", "Agent", "load_model"),)


def patch() -> None:
    from rasa.core.agent import Agent

    original = Agent.load_model

    def load_model(self: Any, *args: Any, **kwargs: Any) -> None:
        gc.unfreeze()  # a replaced model's objects become collectable again
        original(self, *args, **kwargs)
        gc.collect()  # what loading left as garbage is freed, not frozen
        gc.freeze()

    Agent.load_model = load_model
