"""`rasa` with the benchmark's what-if patches, to measure suggested fixes before anyone adopts
them. Benchmark use only (`bench/latency.py --what-if ...` sets BENCH_WHAT_IF), never production.

- cached-action-schema: Rasa 3.6 checks every action server reply with `jsonschema.validate(reply,
  schema)`, which first re-validates the large events schema against the JSON Schema meta-schema:
  about 30 ms of CPU per custom action call. Same check with a validator built once (under 1 ms).
- cached-event-types: turning a stored event back into an object (`Event.resolve_by_type`) walks
  the whole Event class tree each time (about 0.15 ms per event, for every event of the
  conversation on every message). Same lookup from a dict built once."""
import os
import sys


def cache_action_result_validator() -> None:
    import jsonschema
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator = jsonschema.validators.validator_for(schema)(schema)

    def _validate_action_result(self, result) -> bool:
        validator.validate(result)  # raises ValidationError exactly as before
        return True

    RemoteAction._validate_action_result = _validate_action_result


def cache_event_types() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    original = Event.resolve_by_type
    by_name = {}

    def resolve_by_type(type_name, default=None):
        if not by_name:
            for cls in reversed(all_subclasses(Event)):  # reversed: the first match wins, as before
                by_name[cls.type_name] = cls
        cls = by_name.get(type_name)
        return cls if cls is not None else original(type_name, default)

    Event.resolve_by_type = staticmethod(resolve_by_type)


PATCHES = {"cached-action-schema": cache_action_result_validator, "cached-event-types": cache_event_types}


def apply(names) -> None:
    for name in names:
        PATCHES[name]()


if __name__ == "__main__":
    apply(filter(None, os.environ.get("BENCH_WHAT_IF", "cached-action-schema").split(",")))
    from rasa.__main__ import main

    sys.exit(main())
