"""Twelve measured speed-ups for Rasa 3.6.21, applied only to `rasa run` (python -m rasa_speedups run ...).

Found with bench/profile_rasa.py; behaviour is unchanged (tests/unit/test_rasa_speedups.py, tests/model/).
One module per patch, each with its reason in its docstring:

| RASA_SPEEDUPS name        | module           | replaces                                        |
| ------------------------- | ---------------- | ----------------------------------------------- |
| cached-action-schema      | action_schema    | RemoteAction._validate_action_result            |
| cached-event-types        | event_types      | Event.resolve_by_type                           |
| payloads-skip-nlu         | payloads         | MessageProcessor._parse_message_with_graph      |
| reuse-http-sessions       | http_sessions    | EndpointConfig.session                          |
| fast-slot-copy            | slot_copy        | adds Slot.__copy__                              |
| sequential-graph-runner   | graph_runner     | DaskGraphRunner.run                             |
| diet-direct-call          | diet_direct_call | RasaModel._rasa_predict                         |
| nlu-process               | nlu_remote       | MessageProcessor.__init__ (sets http_interpreter) |
| validator-domain          | validator_domain | RemoteAction._action_call_format                |
| fresh-tracker-slots       | tracker_init     | DialogueStateTracker.__init__                   |
| gc-freeze-model           | gc_freeze        | Agent.load_model                                |
| cached-rule-keys          | rule_keys        | RulePolicy._get_possible_keys                   |

Every patch goes through rasa_speedups.guard: it is applied only on the pinned Rasa version and only
when each attribute it replaces exists (and each it adds does not); otherwise it is skipped with a
warning and that part of Rasa runs stock. The RASA_SPEEDUPS setting (config/defaults.env) picks them:
`all`, `off`, or a comma-separated list of the names above. Nothing is patched at import time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from types import ModuleType

from rasa_speedups import (
    action_schema,
    diet_direct_call,
    event_types,
    gc_freeze,
    graph_runner,
    http_sessions,
    nlu_remote,
    payloads,
    rule_keys,
    slot_copy,
    tracker_init,
    validator_domain,
)
from rasa_speedups.guard import apply_guarded, installed_rasa_version

logger = logging.getLogger("rasa_speedups")

MODULES: dict[str, ModuleType] = {
    module.NAME: module
    for module in (
        action_schema,
        event_types,
        payloads,
        http_sessions,
        slot_copy,
        graph_runner,
        diet_direct_call,
        nlu_remote,
        validator_domain,
        tracker_init,
        gc_freeze,
        rule_keys,
    )
}
ALL, OFF = "all", "off"


def selected(setting: str | None) -> list[str]:
    """Patch names for a RASA_SPEEDUPS value; an unknown name is an error (a typo must not pass silently)."""
    value = (setting or ALL).strip().lower()
    if value == ALL:
        return list(MODULES)
    if value in (OFF, "none"):
        return []
    names = [name.strip() for name in value.split(",") if name.strip()]
    unknown = [name for name in names if name not in MODULES]
    if unknown:
        raise ValueError(f"RASA_SPEEDUPS: unknown patch {unknown[0]!r}; use all, off or some of: {', '.join(MODULES)}")
    return names


def apply(setting: str | None = ALL, version: Callable[[], str] = installed_rasa_version) -> list[str]:
    """Apply the selected patches (each guarded); returns the names actually applied."""
    applied = [name for name in selected(setting) if apply_guarded(MODULES[name], version)]
    logger.info("rasa_speedups: applied %s", ", ".join(applied) or "none")
    return applied


def apply_one(name: str) -> bool:
    return apply_guarded(MODULES[name])


def apply_all() -> list[str]:
    return apply(ALL)


def _applier(name: str) -> Callable[[], bool]:
    return lambda: apply_one(name)


# name -> guarded apply, for bench/whatif_rasa.py
PATCHES: dict[str, Callable[[], bool]] = {name: _applier(name) for name in MODULES}
