"""`rasa` with the benchmark's what-if patch, to measure a suggested fix before anyone adopts it.
Benchmark use only (`bench/latency.py --what-if cached-action-schema`), never in production.

Rasa 3.6 checks every action server reply with `jsonschema.validate(reply, schema)`, which first
re-validates the large events schema against the JSON Schema meta-schema: about 30 ms of CPU per
custom action call. The patch runs the same check with a validator built once (under 1 ms)."""
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


if __name__ == "__main__":
    cache_action_result_validator()
    from rasa.__main__ import main

    sys.exit(main())
