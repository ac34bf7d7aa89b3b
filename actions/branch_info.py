"""Branch cards (name, today's or the week's hours, contacts) and the hand-off to a person.

Used by the branch actions, the nearest-branch finder (actions/branches.py) and by every form when
someone asks for opening hours or a human mid-question (actions/interruptions.py); it imports no
form code, so those modules can all depend on it. Sentences come from content/booking.yml, branch
facts from content/branches.yml."""

import datetime as dt

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.handoff import HANDOFF_MARKER, request_staff
from actions.runtime import branches, lang_of, say, texts
from skincheck.branches import contact_lines, todays_hours_text, weekly_hours_lines
from skincheck.dates import malaysia_today
from storage import handoffs


def today() -> dt.date:
    return malaysia_today(dt.datetime.now(dt.timezone.utc))


def branch_card(branch, tracker: Tracker, with_week: bool = False) -> str:
    """Name, hours and the contact details the clinic has filled in (placeholders are left out)."""
    lang = lang_of(tracker)
    lines = [say("booking", "branches.list_item", tracker, branch=branch.name, locality=branch.locality)]
    lines += (
        weekly_hours_lines(texts(), branch, lang) if with_week else [todays_hours_text(texts(), branch, today(), lang)]
    )
    lines += contact_lines(texts(), branch, lang)
    if with_week and not branch.hours_confirmed:
        lines.append(say("booking", "hours.unconfirmed", tracker))
    return "\n".join(lines)


def utter_branch_info(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    all_branches = branches()
    dispatcher.utter_message(text=say("booking", "branches.list_intro", tracker, count=len(all_branches)))
    for branch in all_branches:
        dispatcher.utter_message(text=branch_card(branch, tracker, with_week=True))


def utter_handoff(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    lang = lang_of(tracker)
    if request_staff(tracker, handoffs.HUMAN):
        # The marker (not shown) tells the web widget to look for the staff reply.
        dispatcher.utter_message(text=say("messages", "handoff.requested", tracker), json_message=HANDOFF_MARKER)
    known = [(b, contact_lines(texts(), b, lang)) for b in branches()]
    if not any(lines for _, lines in known):
        dispatcher.utter_message(text=say("booking", "handoff.no_contacts", tracker))
        return
    dispatcher.utter_message(text=say("booking", "handoff.intro", tracker))
    for branch, lines in known:
        if lines:
            dispatcher.utter_message(text="\n".join([branch.name, *lines]))


class ActionBranchInfo(Action):
    def name(self) -> str:
        return "action_branch_info"

    async def run(self, dispatcher, tracker, domain):
        utter_branch_info(dispatcher, tracker)
        return []


class ActionHumanHandoff(Action):
    def name(self) -> str:
        return "action_human_handoff"

    async def run(self, dispatcher, tracker, domain):
        utter_handoff(dispatcher, tracker)
        return []
