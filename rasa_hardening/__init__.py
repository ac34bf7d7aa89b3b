"""Safety changes to Rasa's behaviour, applied before `rasa run` whether or not the speed-ups are
(rasa_speedups/cli.py applies both). Each is one function in its own module; nothing is imported
or patched until apply_all() runs, so e.g. the console can use log_masking alone."""

from collections.abc import Callable


def patches() -> dict[str, Callable[[], None]]:
    from rasa_hardening.action_fallback import apologise_when_actions_fail
    from rasa_hardening.action_token import send_action_token
    from rasa_hardening.intent_payloads import send_intent_payloads_as_written
    from rasa_hardening.webhook_guard import guard_webhooks

    return {
        "apologise-when-actions-fail": apologise_when_actions_fail,
        "send-action-token": send_action_token,
        "guard-webhooks": guard_webhooks,
        "intent-payloads-as-written": send_intent_payloads_as_written,
    }


def apply_all() -> None:
    from rasa_hardening import log_masking

    log_masking.install()  # first: no phone number in any log line from here on
    for patch in patches().values():
        patch()
