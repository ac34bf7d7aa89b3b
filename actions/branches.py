"""The nearest-branch finder (location_form) and the booking offer that follows it.

Branch cards and the human hand-off are in actions/branch_info.py. Every sentence comes from
content/booking.yml and every branch fact from content/branches.yml."""

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.branch_info import branch_card
from actions.forms_base import QuestionFormValidator, Updates
from actions.runtime import branches, gazetteer, say
from actions.ui import intent_button
from skincheck.booking import format_distance
from skincheck.gazetteer import Location, location_from_coordinates, resolve_location
from skincheck.geo import nearest_branches, valid_coordinates

ANY_BRANCH = "any"  # "Another branch": the booking form then asks which one


# ------------------------------------------------------------------------------ nearest branch
def shared_position(tracker: Tracker) -> tuple | None:
    """Coordinates from a share-location payload in the latest message, if valid."""
    values = {}
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") in ("latitude", "longitude"):
            try:
                values[entity["entity"]] = float(entity.get("value"))
            except (TypeError, ValueError):
                return None
    if len(values) == 2 and valid_coordinates(values["latitude"], values["longitude"]):
        return values["latitude"], values["longitude"]
    return None


class ActionAskLocationText(Action):
    def name(self) -> str:
        return "action_ask_location_text"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(text=say("booking", "location.ask", tracker))
        return []


class ValidateLocationForm(QuestionFormValidator):
    def name(self) -> str:
        return "validate_location_form"

    def parse(self, slot: str, value: Any, tracker, dispatcher) -> Updates | None:
        position = shared_position(tracker)
        if position is not None:
            return {"location_text": "gps", "user_lat": position[0], "user_lon": position[1], "user_place": None}
        found = resolve_location(gazetteer(), str(value))
        if found is None:
            return None
        return {"location_text": found.name, "user_lat": found.lat, "user_lon": found.lon, "user_place": found.name}

    def reask(self, slot: str, tracker, dispatcher) -> None:
        dispatcher.utter_message(text=say("booking", "location.not_found", tracker))

    async def required_slots(self, domain_slots, dispatcher, tracker, domain):
        return [] if self.stopped(tracker) else ["location_text"]


def gps_location(lat: float, lon: float) -> Location:
    """A shared position; whether it is in the Klang Valley comes from the nearest known place."""
    nearby = location_from_coordinates(gazetteer(), lat, lon)
    return Location(
        place_id=None, name=None, lat=lat, lon=lon, klang_valley=bool(nearby and nearby.klang_valley), source="gps"
    )


def where_is(tracker: Tracker) -> Location | None:
    try:
        lat, lon = float(tracker.get_slot("user_lat")), float(tracker.get_slot("user_lon"))
    except (TypeError, ValueError):  # never shared, or a hand-typed payload with junk in it
        return None
    if not valid_coordinates(lat, lon):
        return None
    place = tracker.get_slot("user_place")
    if place:
        found = resolve_location(gazetteer(), place)
        if found is not None:
            return found
    return gps_location(lat, lon)


def booking_buttons(branch, tracker: Tracker) -> list[dict[str, str]]:
    return [
        intent_button(
            say("booking", "booking.button_book", tracker, branch=branch.short_name),
            "book_appointment",
            branch_id=branch.id,
        ),
        intent_button(say("booking", "booking.button_other_branch", tracker), "book_appointment", branch_id=ANY_BRANCH),
        intent_button(say("booking", "booking.button_not_now", tracker), "deny"),
    ]


def utter_nearest(dispatcher: CollectingDispatcher, tracker: Tracker, location: Location) -> None:
    ranked = nearest_branches(branches(), location.lat, location.lon)
    (best, km), others = ranked[0], ranked[1:]
    values = {"branch": best.name, "distance_km": format_distance(km), "place": location.name}
    if location.source == "gps":
        key = "location.nearest_gps" if location.klang_valley else "location.outside_klang_valley_gps"
        values.pop("place")
    else:
        key = "location.nearest" if location.klang_valley else "location.outside_klang_valley"
    lines = [say("booking", key, tracker, **values), branch_card(best, tracker)]
    dispatcher.utter_message(text="\n".join(lines))
    alternatives = [
        say("booking", "location.alternative", tracker, branch=b.name, distance_km=format_distance(d))
        for b, d in others
    ]
    dispatcher.utter_message(text="\n".join([say("booking", "location.alternatives_intro", tracker), *alternatives]))
    dispatcher.utter_message(
        text=say("booking", "booking.prompt", tracker, branch=best.name), buttons=booking_buttons(best, tracker)
    )


class ActionShowNearestBranch(Action):
    def name(self) -> str:
        return "action_show_nearest_branch"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot("flow_stopped"):
            return [SlotSet("flow_stopped", False)]
        position = shared_position(tracker)
        if position is not None:
            # A fresh share-location beats any place typed earlier.
            utter_nearest(dispatcher, tracker, gps_location(*position))
            return [SlotSet("user_place", None)]
        location = where_is(tracker)
        if location is None:
            dispatcher.utter_message(text=say("booking", "location.not_found", tracker))
            return []
        utter_nearest(dispatcher, tracker, location)
        return []
