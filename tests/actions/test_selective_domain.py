"""endpoints.yml sends the domain only to actions marked `send_domain: true`. Form validators read
the form's required slots from it, so every one of them must be marked; the rest must work without."""

import yaml
from rasa_sdk import FormValidationAction
from rasa_sdk.executor import ActionExecutor

from tests.actions.helpers import ROOT, load_domain


def marked_actions():
    marked = set()
    for entry in load_domain()["actions"]:
        if isinstance(entry, dict):
            marked |= {name for name, options in entry.items() if (options or {}).get("send_domain")}
    return marked


def registered_actions():
    executor = ActionExecutor()
    executor.register_package("actions")
    return executor.actions


def test_selective_domain_is_on():
    endpoints = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    assert endpoints["action_endpoint"]["enable_selective_domain"] is True


def test_every_form_validator_gets_the_domain_and_nothing_else_asks_for_it():
    registered = set(registered_actions())  # imports every module of the actions package
    validators = {name for name in (_name(cls) for cls in _subclasses(FormValidationAction)) if name in registered}
    assert {"validate_skin_assessment_form", "validate_booking_form", "validate_location_form"} <= validators
    assert marked_actions() == validators


def _name(cls):
    try:
        return cls().name()
    except (TypeError, NotImplementedError):
        return None  # an abstract base


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_the_marked_actions_exist_on_the_action_server():
    assert marked_actions() <= set(registered_actions())
