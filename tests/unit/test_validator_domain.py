"""validator-domain: the form validators get only the domain's forms and slots, and decide exactly as
with the whole domain; actions without `send_domain` still get no domain."""

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk.forms import ValidationAction

from actions.booking import ValidateBookingForm
from actions.branches import ValidateLocationForm
from actions.validate_assessment import ValidateSkinAssessmentForm
from rasa_speedups import validator_domain
from tests.actions.helpers import ROOT, form_turn, run
from tests.unit.test_rasa_speedups import restore, snapshot


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain"))


@pytest.fixture(scope="module", autouse=True)
def patched():
    saved = snapshot()
    validator_domain.patch()
    yield
    restore(saved)


def call_format(name, domain):
    endpoint = EndpointConfig("http://127.0.0.1:1/webhook", enable_selective_domain=True)
    return RemoteAction(name, endpoint)._action_call_format(DialogueStateTracker("u", domain.slots), domain)


@pytest.mark.parametrize("name", ["validate_skin_assessment_form", "validate_location_form", "validate_booking_form"])
def test_a_form_validator_gets_the_forms_and_slots_only(name, domain):
    sent = call_format(name, domain)["domain"]
    full = domain.as_dict()
    assert sent["forms"] == full["forms"] and set(sent["slots"]) == set(full["slots"])
    for slot_name, slot in full["slots"].items():  # rasa-sdk sees the same slots mapped to a form
        assert ValidationAction._is_mapped_to_form(sent["slots"][slot_name]) == ValidationAction._is_mapped_to_form(
            slot
        )
    assert sent["slots"]["location_text"] == {"mappings": [{"conditions": [{"active_loop": "location_form"}]}]}
    assert sent["slots"]["user_lat"] == {"mappings": []}
    assert "responses" in full and len(str(sent)) < len(str(full)) * 0.15


def test_an_action_without_send_domain_still_gets_no_domain(domain):
    assert "domain" not in call_format("action_ask_diet_sugar", domain)


TURNS = [
    (ValidateSkinAssessmentForm, "skin_assessment_form", "diet_sugar", "not much, maybe twice a week"),
    (ValidateSkinAssessmentForm, "skin_assessment_form", "concern", "eczema on my arms since last year"),
    (ValidateSkinAssessmentForm, "skin_assessment_form", "diet_probiotics", "yes, yakult daily"),
    (ValidateLocationForm, "location_form", "location_text", "Kajang"),
    (ValidateLocationForm, "location_form", "location_text", "47500"),
    (ValidateBookingForm, "booking_form", "booking_name", "Siti Aminah"),
    (ValidateBookingForm, "booking_form", "booking_phone", "012-345 6789"),
]


@pytest.mark.parametrize(("validator", "form", "slot", "text"), TURNS)
def test_validators_decide_the_same_with_the_slim_domain(validator, form, slot, text, domain):
    full = domain.as_dict()
    slim = validator_domain.slim(full)
    tracker = form_turn({"consent_given": True}, slot, text, form=form)
    with_full = run(validator(), tracker, full)
    assert with_full[0] or with_full[1], "the turn must do something, or the comparison proves nothing"
    assert run(validator(), tracker, slim) == with_full
