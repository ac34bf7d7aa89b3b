"""cached-event-types: resolve a stored event's type name with a dict built once.

Turning each stored event back into an object (`Event.resolve_by_type`) walks the whole Event class
tree, for every event of the conversation on every message. A dict built once gives the same class;
an unknown name still goes to Rasa's own lookup (and fails the same way).
"""

from __future__ import annotations

from typing import Any

from rasa_speedups.guard import Target

NAME = "cached-event-types"
TARGETS = (Target("rasa.shared.core.events", "Event", "resolve_by_type"),)


def patch() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.resolve_by_type
    by_name: dict[str, type] = {}

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        if not by_name:
            # reversed: where two classes share a type name, the one Rasa finds first wins, as before
            for cls in reversed(all_subclasses(Event)):
                by_name[cls.type_name] = cls
        cls = by_name.get(type_name)
        return cls if cls is not None else original(type_name, default)

    Event.resolve_by_type = staticmethod(resolve_by_type)
