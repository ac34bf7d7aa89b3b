"""The booking request: booking_form's questions and validation, submission, and cancellation.

A request is stored durably in `booking_requests` (storage/bookings.py) as well as in the tracker,
so staff can act on it from the console; the same submission twice gives the same record."""

import datetime as dt
import logging
from functools import lru_cache
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.branch_info import today
from actions.branches import ANY_BRANCH
from actions.forms_base import QuestionFormValidator, Updates
from actions.runtime import branches, content, lang_of, say, texts
from actions.ui import choice_buttons, intent_button
from skincheck import booking as rules
from skincheck import questions
from skincheck.branches import branch_by_id, format_sessions, format_time, hours_on
from skincheck.gazetteer import normalise
from storage import bookings
from storage.db import get_engine

logger = logging.getLogger(__name__)

BOOKING_SLOTS = ("branch_id", "booking_name", "booking_phone", "booking_date", "booking_time", "booking_confirm")
CONFIRM, CHANGE = "confirm", "change"


@lru_cache(maxsize=1)
def engine():
    """The database engine, with the table ensured once per process (on first use, not import)."""
    eng = get_engine()
    bookings.ensure_schema(eng)
    return eng


def chosen_branch(tracker: Tracker):
    return branch_by_id(branches(), tracker.get_slot("branch_id") or "")


def chosen_date(tracker: Tracker) -> dt.date | None:
    value = tracker.get_slot("booking_date")
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def display_date(day: dt.date | None, tracker: Tracker) -> str:
    return rules.format_date(texts(), day, lang_of(tracker)) if day else ""


def display_time(value: str) -> str:
    return format_time(dt.time.fromisoformat(value)) if value else ""


def match_branch(text: str):
    """A branch named by id, name, short name or locality as whole words ("PJ", "setia alam",
    "nextmed cheras"); None rather than a guess."""
    wanted = f" {normalise(text)} "
    for branch in branches():
        if any(
            f" {normalise(name)} " in wanted for name in (branch.id, branch.name, branch.short_name, branch.locality)
        ):
            return branch
    return None


def whatsapp_phone(tracker: Tracker) -> str | None:
    """On WhatsApp the channel passes the sender's number; offer it instead of making them type it."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    phone = metadata.get("phone")
    return phone if phone and rules.validate_phone(phone).ok else None


# ------------------------------------------------------------------------------------- questions
class AskBranch(Action):
    def name(self) -> str:
        return "action_ask_branch_id"

    async def run(self, dispatcher, tracker, domain):
        pairs = [(b.short_name, b.id) for b in branches()]
        dispatcher.utter_message(text=say("booking", "location.choose_branch", tracker), buttons=choice_buttons(pairs))
        return []


class AskName(Action):
    def name(self) -> str:
        return "action_ask_booking_name"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=say("booking", "booking.ask_name", tracker, branch=chosen_branch(tracker).name))
        return []


class AskPhone(Action):
    def name(self) -> str:
        return "action_ask_booking_phone"

    async def run(self, dispatcher, tracker, domain):
        phone = whatsapp_phone(tracker)
        buttons = (
            choice_buttons([(say("booking", "booking.button_use_number", tracker, phone=phone), phone)])
            if phone
            else []
        )
        dispatcher.utter_message(text=say("booking", "booking.ask_phone", tracker), buttons=buttons)
        return []


class AskDate(Action):
    def name(self) -> str:
        return "action_ask_booking_date"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(
            text=say(
                "booking",
                "booking.ask_date",
                tracker,
                branch=chosen_branch(tracker).name,
                max_days=rules.MAX_DAYS_AHEAD,
            )
        )
        return []


class AskTime(Action):
    def name(self) -> str:
        return "action_ask_booking_time"

    async def run(self, dispatcher, tracker, domain):
        branch, day = chosen_branch(tracker), chosen_date(tracker) or today()
        hours = format_sessions(texts(), hours_on(branch, day).sessions, lang_of(tracker))
        dispatcher.utter_message(
            text=say(
                "booking", "booking.ask_time", tracker, branch=branch.name, date=display_date(day, tracker), hours=hours
            )
        )
        return []


class AskConfirm(Action):
    def name(self) -> str:
        return "action_ask_booking_confirm"

    async def run(self, dispatcher, tracker, domain):
        text = say(
            "booking",
            "booking.review",
            tracker,
            branch=chosen_branch(tracker).name,
            name=tracker.get_slot("booking_name"),
            phone=tracker.get_slot("booking_phone"),
            date=display_date(chosen_date(tracker), tracker),
            time=display_time(tracker.get_slot("booking_time")),
        )
        buttons = choice_buttons(
            [
                (say("booking", "booking.button_confirm", tracker), CONFIRM),
                (say("booking", "booking.button_change", tracker), CHANGE),
            ]
        )
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


# ------------------------------------------------------------------------------------ validation
class ValidateBookingForm(QuestionFormValidator):
    def name(self) -> str:
        return "validate_booking_form"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        return [] if self.stopped(tracker) else list(BOOKING_SLOTS)

    def free_text_slots(self) -> list[str]:
        return ["booking_name"]

    def parse(self, slot: str, value: Any, tracker, dispatcher) -> Updates | None:
        text = str(value).strip()
        if slot == "branch_id":
            if text == ANY_BRANCH:
                return {"branch_id": None}
            branch = match_branch(text)
            return {"branch_id": branch.id} if branch else None
        if slot == "booking_confirm":
            return self._confirm(text, tracker)
        check = self._check(slot, text, tracker)
        if check is None:
            return None
        if not check.ok:
            dispatcher.utter_message(text=rules.error_message(texts(), check, lang_of(tracker)))
            return {slot: None}
        return {slot: check.value.isoformat() if isinstance(check.value, dt.date) else check.value}

    def _check(self, slot: str, text: str, tracker: Tracker) -> rules.Check | None:
        branch = chosen_branch(tracker)
        if slot == "booking_name":
            return rules.validate_name(text)
        if slot == "booking_phone":
            return rules.validate_phone(text)
        if slot == "booking_date":
            return rules.validate_date(text, today(), branch)
        if slot == "booking_time":
            day = chosen_date(tracker) or today()  # the date is asked first; today only if it went missing
            return rules.validate_time(text, day, branch, now=dt.datetime.now(dt.timezone.utc))
        return None

    @staticmethod
    def _confirm(text: str, tracker: Tracker) -> Updates | None:
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        # The typed words count as well as the intent: "ya, hantar" may be read as another intent by NLU.
        typed = questions.polarity(content(), text)
        if text == CONFIRM or intent == "affirm" or (typed == "yes" and intent != "deny"):
            return {"booking_confirm": CONFIRM}
        if text == CHANGE or intent == "deny" or typed == "no":
            # Start the details again; the branch stays chosen.
            return {slot: None for slot in BOOKING_SLOTS if slot != "branch_id"}
        return None

    def reask(self, slot: str, tracker, dispatcher) -> None:
        dispatcher.utter_message(text=say("booking", "booking.not_understood", tracker))

    def form_slots(self) -> list[str]:
        return list(BOOKING_SLOTS)


# ---------------------------------------------------------------------------------- submission
def assessment_summary(tracker: Tracker) -> dict[str, Any]:
    """What the doctor sees with the request."""
    return {
        "concern": tracker.get_slot("concern"),
        "band": tracker.get_slot("severity_band"),
        "score": tracker.get_slot("severity_score"),
        "urgency": tracker.get_slot("urgency"),
        "factors": tracker.get_slot("factors") or [],
        "red_flag": bool(tracker.get_slot("red_flag")),
        "trigger_foods": tracker.get_slot("trigger_foods"),  # named as a yes to "any food that makes it worse?"
    }


def reset_form() -> list[dict[str, Any]]:
    return [SlotSet(slot, None) for slot in BOOKING_SLOTS]


class ActionSubmitBooking(Action):
    def name(self) -> str:
        return "action_submit_booking"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain):
        if tracker.get_slot("flow_stopped"):
            return [SlotSet("flow_stopped", False)] + reset_form()
        branch, day = chosen_branch(tracker), chosen_date(tracker)
        time_text = tracker.get_slot("booking_time")
        shown = {"branch": branch.name, "date": display_date(day, tracker), "time": display_time(time_text)}
        try:
            record, created = bookings.create_booking(
                engine(),
                sender_id=tracker.sender_id,
                channel=tracker.get_latest_input_channel() or "unknown",
                branch_id=branch.id,
                name=tracker.get_slot("booking_name"),
                phone_e164=tracker.get_slot("booking_phone"),
                preferred_date=day,
                preferred_time=time_text,
                summary=assessment_summary(tracker),
            )
        except Exception:  # the database is down: say so, keep the details so nothing typed is lost
            logger.exception("Could not store a booking request")
            dispatcher.utter_message(text=say("booking", "booking.save_failed", tracker))
            return []
        if created:
            dispatcher.utter_message(
                text=say("booking", "booking.confirmed", tracker, reference=record.reference, name=record.name, **shown)
            )
        else:
            dispatcher.utter_message(
                text=say("booking", "booking.duplicate", tracker, reference=record.reference, **shown)
            )
        if tracker.get_slot("urgency") in ("see_doctor_today", "emergency"):
            dispatcher.utter_message(text=say("booking", "booking.urgent_note", tracker))
        return [SlotSet("booking_reference", record.reference)] + reset_form()


# The cancel question's buttons send the cancel_booking intent again with a `choice` entity, so the
# same rule (cancel_booking -> action_cancel_booking) handles the question and its answer.
CANCEL_PREFIX, KEEP = "cancel:", "keep"


def cancel_choice(tracker: Tracker) -> str | None:
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == "choice" and isinstance(entity.get("value"), str):
            return entity["value"]
    return None


class ActionCancelBooking(Action):
    """Names the request and asks before cancelling it; only the conversation that made a request
    can cancel it (the reference in the button is checked against this conversation's id)."""

    def name(self) -> str:
        return "action_cancel_booking"

    async def run(self, dispatcher, tracker, domain):
        choice = cancel_choice(tracker)
        if choice == KEEP:
            dispatcher.utter_message(text=say("booking", "cancel.kept", tracker))
            return []
        try:
            if choice and choice.startswith(CANCEL_PREFIX):
                record = bookings.cancel_own(engine(), tracker.sender_id, choice[len(CANCEL_PREFIX) :])
                if record is not None:
                    dispatcher.utter_message(
                        text=say("booking", "cancel.done", tracker, **self._shown(record, tracker))
                    )
                    return [SlotSet("booking_reference", None)]
            record = bookings.latest_open(engine(), tracker.sender_id)
        except Exception:
            logger.exception("Could not cancel a booking request")
            dispatcher.utter_message(text=say("booking", "booking.save_failed", tracker))
            return []
        if record is None:
            dispatcher.utter_message(text=say("booking", "cancel.nothing", tracker))
            return []
        buttons = [
            intent_button(
                say("booking", "cancel.button_yes", tracker), "cancel_booking", choice=CANCEL_PREFIX + record.reference
            ),
            intent_button(say("booking", "cancel.button_no", tracker), "cancel_booking", choice=KEEP),
        ]
        dispatcher.utter_message(
            text=say("booking", "cancel.ask", tracker, **self._shown(record, tracker)), buttons=buttons
        )
        return []

    @staticmethod
    def _shown(record, tracker: Tracker) -> dict[str, Any]:
        branch = branch_by_id(branches(), record.branch_id)
        return {
            "reference": record.reference,
            "branch": branch.name if branch else record.branch_id,
            "date": display_date(record.preferred_date, tracker),
        }
