"""A clinic editor's mistake in content/branches.yml stops start-up with the whole message: file, branch, field,
problem. Each case is one plausible slip and the exact message the editor reads, so a message that loses its
key path, or a check that is dropped, is caught (found by mutation testing: `make mutmut`). The contact and
hours the assistant shows are in test_branches.py."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from skincheck.branches import load_branches
from skincheck.content import ContentError

HOURS = dict.fromkeys(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday"), "09:00-18:00")
PJ: dict[str, Any] = {
    "id": "pj",
    "name": "NextMed Clinic Petaling Jaya",
    "short_name": "PJ",
    "locality": "Petaling Jaya",
    "lat": 3.11,
    "lon": 101.61,
    "hours_confirmed": True,
    "hours": dict(HOURS, sunday="closed"),
    "closed_dates": [{"date": "2026-12-25", "name": "Christmas Day"}],
    "contact": {"phone": "+60 3-7956 1234", "whatsapp": "TO_FILL_BY_CLINIC", "booking_link": "", "address": ""},
}
Edit = Callable[[dict[str, Any]], None]


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "branches.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _error(tmp_path: Path, change: Edit) -> str:
    data = {"branches": [copy.deepcopy(PJ)]}
    change(data)
    path = _write(tmp_path, data)
    with pytest.raises(ContentError) as error:
        load_branches(path)
    message = str(error.value)
    assert message.startswith(f"{path.as_posix()}: ")
    return message[len(path.as_posix()) + 2 :]


def _branch(key: str, value: Any) -> Edit:
    def change(data: dict[str, Any]) -> None:
        data["branches"][0][key] = value

    return change


def _drop(key: str) -> Edit:
    def change(data: dict[str, Any]) -> None:
        del data["branches"][0][key]

    return change


def _field(block: str, key: str, value: Any) -> Edit:
    def change(data: dict[str, Any]) -> None:
        data["branches"][0][block][key] = value

    return change


def _top(value: Any) -> Edit:
    def change(data: dict[str, Any]) -> None:
        data["branches"] = value

    return change


def _twice(data: dict[str, Any]) -> None:
    data["branches"].append(copy.deepcopy(data["branches"][0]))


MISTAKES = [
    ("no branches", _top([]), "branches: must list at least one branch"),
    ("branches not a list", _top({"pj": "x"}), "branches: must be a list, got dict"),
    ("same id twice", _twice, "branches[1].id: duplicate id 'pj'"),
    ("id missing", _drop("id"), "branches[0].id: missing"),
    ("id as a number", _branch("id", 7), "branches[0].id: must be a string, got int"),
    ("id with capitals", _branch("id", "PJ"), "branches[0].id: 'PJ' must be lower_snake_case"),
    ("name missing", _drop("name"), "branches[pj].name: missing"),
    ("name as a number", _branch("name", 5), "branches[pj].name: must be a string, got int"),
    ("short name blank", _branch("short_name", " "), "branches[pj].short_name: '' must be 1 to 12 characters"),
    (
        "short name too long",
        _branch("short_name", "Petaling Jaya"),
        "branches[pj].short_name: 'Petaling Jaya' must be 1 to 12 characters",
    ),
    ("short name missing", _drop("short_name"), "branches[pj].short_name: missing"),
    ("short name a number", _branch("short_name", 12), "branches[pj].short_name: must be a string, got int"),
    ("locality missing", _drop("locality"), "branches[pj].locality: missing"),
    ("locality a list", _branch("locality", ["PJ"]), "branches[pj].locality: must be a string, got list"),
    ("lat quoted", _branch("lat", "3.11"), "branches[pj].lat: must be a number or float, got str"),
    ("lat missing", _drop("lat"), "branches[pj].lat: missing"),
    ("lon quoted", _branch("lon", "101.61"), "branches[pj].lon: must be a number or float, got str"),
    ("lon missing", _drop("lon"), "branches[pj].lon: missing"),
    ("lat yes", _branch("lat", True), "branches[pj].lat: (True, 101.61) are not valid coordinates"),
    ("lon yes", _branch("lon", True), "branches[pj].lat: (3.11, True) are not valid coordinates"),
    ("lat out of range", _branch("lat", 95), "branches[pj].lat: (95, 101.61) are not valid coordinates"),
    ("hours missing", _drop("hours"), "branches[pj].hours: missing"),
    ("hours a list", _branch("hours", ["09:00-18:00"]), "branches[pj].hours: must be a mapping, got list"),
    (
        "weekday misspelt",
        _field("hours", "munday", "09:00-18:00"),
        "branches[pj].hours.munday: unknown weekday; use monday, tuesday, wednesday, thursday, friday, saturday, "
        "sunday",
    ),
    ("weekday missing", lambda d: d["branches"][0]["hours"].pop("sunday"), "branches[pj].hours.sunday: missing"),
    (
        "hours unquoted",
        _field("hours", "monday", 900),
        'branches[pj].hours.monday: 900 must be quoted text like "09:00-18:00" or closed',
    ),
    (
        "closes when it opens",
        _field("hours", "monday", "09:00-09:00"),
        "branches[pj].hours.monday: '09:00-09:00' closes before it opens",
    ),
    (
        "sessions overlap",
        _field("hours", "monday", "09:00-13:00, 12:30-18:00"),
        "branches[pj].hours.monday: '09:00-13:00, 12:30-18:00' sessions must be in order and not overlap",
    ),
    ("confirmed missing", _drop("hours_confirmed"), "branches[pj].hours_confirmed: missing"),
    (
        "confirmed as text",
        _branch("hours_confirmed", "yes"),
        "branches[pj].hours_confirmed: must be true/false, got str",
    ),
    (
        "closed dates not a list",
        _branch("closed_dates", "2026-12-25"),
        "branches[pj].closed_dates: must be a list of {date: YYYY-MM-DD, name: ...}",
    ),
    (
        "closed date a number",
        _branch("closed_dates", [20261225]),
        "branches[pj].closed_dates[0]: 20261225 is not a date YYYY-MM-DD",
    ),
    (
        "closed date with a time",
        _branch("closed_dates", [dt.datetime(2026, 12, 25, 9)]),
        "branches[pj].closed_dates[0]: datetime.datetime(2026, 12, 25, 9, 0) is not a date YYYY-MM-DD",
    ),
    (
        "holiday name a number",
        _branch("closed_dates", [{"date": "2026-12-25", "name": 25}]),
        "branches[pj].closed_dates[0].name: must be text",
    ),
    ("contact missing", _drop("contact"), "branches[pj].contact: missing"),
    ("contact a list", _branch("contact", ["+60 3-7956 1234"]), "branches[pj].contact: must be a mapping, got list"),
    (
        "phone unquoted",
        _field("contact", "phone", 60379561234),
        "branches[pj].contact.phone: 60379561234 must be quoted text",
    ),
    (
        "phone in words",
        _field("contact", "phone", "call us"),
        "branches[pj].contact.phone: 'call us' is not a valid phone number",
    ),
    (
        "whatsapp too short",
        _field("contact", "whatsapp", "12"),
        "branches[pj].contact.whatsapp: '12' is not a valid phone number",
    ),
]


@pytest.mark.parametrize("change, expected", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_a_mistake_in_branches_yml_names_branch_field_and_problem(tmp_path, change, expected):
    assert _error(tmp_path, change) == expected


def test_a_correct_branch_is_loaded_as_written(tmp_path):
    """What the nearest-branch search, the buttons and the hours lines read."""
    data = copy.deepcopy(PJ)
    data["short_name"] = "Petaling Jay"  # 12 characters: the longest a "Book at ..." button allows
    data["hours"]["monday"] = "09:15-13:00, 13:00-18:45"  # back to back is not an overlap
    data["closed_dates"] = ["2026-12-25", {"date": "2027-01-01"}]  # a holiday without a name
    data["contact"]["phone"] = "03-7956 1234"  # a Malaysian number without +60
    (pj,) = load_branches(_write(tmp_path, {"branches": [data]}))
    assert (pj.id, pj.short_name, pj.locality, pj.lat, pj.lon) == ("pj", "Petaling Jay", "Petaling Jaya", 3.11, 101.61)
    assert pj.hours["monday"] == ((dt.time(9, 15), dt.time(13)), (dt.time(13), dt.time(18, 45)))
    assert pj.hours["sunday"] == ()
    assert pj.closed_dates == {dt.date(2026, 12, 25): "", dt.date(2027, 1, 1): ""}
    assert pj.contact == {"phone": "03-7956 1234", "whatsapp": None, "booking_link": None, "address": None}
