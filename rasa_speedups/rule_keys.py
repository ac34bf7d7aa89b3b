"""cached-rule-keys: RulePolicy's search for the rules that fit the conversation, remembered per state.

For every prediction RulePolicy._get_possible_keys filters all of its rule keys (about 150 here) against
the conversation's recent states, turn by turn, comparing decoded rule states dict by dict: 230-370 µs a
call, several calls a message. The answer depends only on the lookup table, which is fixed once the model
is loaded, and on the states (intent, entities, previous action, active form, featurised slots). A
conversation passes through the same few hundred states again and again, so the answer is remembered per
policy, lookup table and states; any difference in the states is a different key, so a remembered answer
is always the one Rasa would compute. Building the key costs about 13 µs; a key takes about 4 KB, and the
least recently used answers are dropped beyond MAX_ENTRIES (at most ~16 MB per policy).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from rasa_speedups.guard import Target

NAME = "cached-rule-keys"
TARGETS = (Target("rasa.core.policies.rule_policy", "RulePolicy", "_get_possible_keys"),)
MAX_ENTRIES = 4096  # per policy, least recently used dropped first
CACHE_ATTRIBUTE = "_speedups_rule_keys"


def states_key(states: list[dict[str, dict[str, Any]]]) -> tuple[Any, ...]:
    """The states as a hashable value: each state's sub-states and their features, order kept between
    turns (it matters) and sorted within one (where it does not). Tuples: half the memory of frozensets."""
    return tuple(tuple(sorted((name, tuple(sorted(sub.items()))) for name, sub in state.items())) for state in states)


def patch() -> None:
    from rasa.core.policies.rule_policy import RulePolicy

    original = RulePolicy._get_possible_keys

    def _get_possible_keys(self: Any, lookup: dict[str, str], states: list[Any]) -> set[str]:
        cache = self.__dict__.setdefault(CACHE_ATTRIBUTE, OrderedDict())
        # the lookup table's identity and size: the policy's tables never change after loading, and a
        # table changed in place (only training does that, never `rasa run`) would not match its old key
        key = (id(lookup), len(lookup), states_key(states))
        found = cache.get(key)
        if found is None:
            found = cache[key] = frozenset(original(self, lookup, states))
            if len(cache) > MAX_ENTRIES:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return set(found)  # a fresh set each time: callers may change theirs

    RulePolicy._get_possible_keys = _get_possible_keys
