"""fast-slot-copy: Slot.__copy__ makes the shallow copy directly.

Every tracker Rasa builds (loading one, and once per past turn when the policies look back) copies
each domain slot with copy.copy, which goes through the generic __reduce_ex__ protocol. This adds a
__copy__ that makes the same shallow copy directly; it is skipped if Rasa ever defines its own.
"""

from __future__ import annotations

from typing import Any

from rasa_speedups.guard import Target

NAME = "fast-slot-copy"
TARGETS = (Target("rasa.shared.core.slots", "Slot", "__copy__", replaces=False),)


def patch() -> None:
    from rasa.shared.core.slots import Slot

    def __copy__(self: Any) -> Any:
        # What copy.copy does for a plain object (a new instance sharing the attribute values),
        # without the generic protocol's detours.
        cls: Any = type(self)
        duplicate = cls.__new__(cls)
        duplicate.__dict__.update(self.__dict__)
        return duplicate

    Slot.__copy__ = __copy__
