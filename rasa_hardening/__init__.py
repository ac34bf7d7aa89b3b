"""Safety changes to Rasa's behaviour, applied before `rasa run` whether or not the speed-ups are
(python -m rasa_speedups run ... applies both). Each is one function; see its module."""
from typing import Callable, Dict

from rasa_hardening.action_fallback import apologise_when_actions_fail
from rasa_hardening.action_token import send_action_token
from rasa_hardening.webhook_guard import guard_webhooks

PATCHES: Dict[str, Callable[[], None]] = {
    "apologise-when-actions-fail": apologise_when_actions_fail,
    "send-action-token": send_action_token,
    "guard-webhooks": guard_webhooks,
}


def apply_all() -> None:
    for patch in PATCHES.values():
        patch()
