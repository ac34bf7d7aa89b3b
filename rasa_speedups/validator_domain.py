"""validator-domain: the form validators get the two parts of the domain they read, not all of it.

With `send_domain` (domain/*.yml) Rasa sends `domain.as_dict()` with every call to a form validator:
42 KB of JSON, half of it response templates, written by Rasa and parsed by the action server on
every form turn. py-spy on the typed bench (2026-12-01) put writing and encoding the action-server
request bodies at about a tenth of the Rasa process's busy time. rasa-sdk 3.6 reads only
`domain["forms"]` and, of `domain["slots"]`, whether a slot is mapped to a form (rasa_sdk/forms.py),
and our validators read the domain only through it (actions/forms_base.py), so only those go out:
5 KB instead of 42 KB. An action the domain does not mark
`send_domain` still gets no domain at all, as before.
"""

from __future__ import annotations

from typing import Any

from rasa_speedups.guard import Target

NAME = "validator-domain"
TARGETS = (Target("rasa.core.actions.action", "RemoteAction", "_action_call_format"),)
KEPT = ("forms", "slots")  # what rasa-sdk's FormValidationAction reads


def slim_slot(slot: dict[str, Any]) -> dict[str, Any]:
    """What rasa-sdk reads of a slot: whether one of its mappings has an `active_loop` condition
    (ValidationAction._is_mapped_to_form). Types, values and the mappings themselves were most of
    the request's domain."""
    for mapping in slot.get("mappings") or []:
        for condition in mapping.get("conditions") or []:
            if condition.get("active_loop"):
                return {"mappings": [{"conditions": [{"active_loop": condition["active_loop"]}]}]}
    return {"mappings": []}


def slim(full: dict[str, Any]) -> dict[str, Any]:
    kept = {key: full[key] for key in KEPT if key in full}
    if isinstance(kept.get("slots"), dict):
        kept["slots"] = {name: slim_slot(slot) for name, slot in kept["slots"].items()}
    return kept


def patch() -> None:
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction._action_call_format
    cache: dict[int, tuple[Any, dict[str, Any]]] = {}  # id(domain) -> (domain, its slim dict)

    def _action_call_format(self: Any, tracker: Any, domain: Any) -> dict[str, Any]:
        result: dict[str, Any] = original(self, tracker, domain)
        if "domain" in result:
            kept = cache.get(id(domain))
            if kept is None or kept[0] is not domain:  # the id of a replaced (retrained) domain may be reused
                kept = cache[id(domain)] = (domain, slim(result["domain"]))
            result["domain"] = kept[1]
        return result

    RemoteAction._action_call_format = _action_call_format
