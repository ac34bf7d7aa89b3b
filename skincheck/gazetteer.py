"""Where is the user? Turns "near SS2", "chras", "47301" or "3.07,101.52" into a known place.

Conservative by design: an exact name or alias, a known postcode or coordinates win; typos are
accepted only within one or two edits of a single place. Anything else returns None so the caller
asks again with examples - sending a patient to the wrong branch is worse than asking twice.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from skincheck.content import Checker, read_yaml_mapping
from skincheck.geo import haversine_km, valid_coordinates

SOURCE_NAME, SOURCE_POSTCODE, SOURCE_GPS = "name", "postcode", "gps"

# Words around a place name that carry no location ("I stay near taman connaught area").
# "taman" (housing estate) is dropped too, so "Taman Midah" and "Midah" are the same key.
_FILLERS = frozenset(
    [
        "at",
        "in",
        "near",
        "nearby",
        "around",
        "area",
        "areas",
        "side",
        "location",
        "place",
        "places",
        "here",
        "there",
        "i",
        "im",
        "i'm",
        "me",
        "my",
        "we",
        "our",
        "am",
        "is",
        "are",
        "live",
        "living",
        "stay",
        "staying",
        "from",
        "house",
        "home",
        "located",
        "somewhere",
        "taman",
        "tmn",
        "kawasan",
        "dekat",
        "dkt",
        "kat",
        "di",
        "sekitar",
        "saya",
        "aku",
        "kami",
        "rumah",
        "tinggal",
        "duduk",
        "tempat",
        "lokasi",
        "sini",
        "sana",
    ]
)

# Ordinary words one typo away from a place ("sunday" ~ "sunway"): never fuzzy-matched.
_NOT_PLACES = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "tonight",
        "tomorrow",
        "morning",
        "afternoon",
        "evening",
        "isnin",
        "selasa",
        "rabu",
        "khamis",
        "jumaat",
        "sabtu",
        "ahad",
        "esok",
        "hello",
        "thanks",
        "thank",
        "please",
        "clinic",
        "branch",
        "branches",
        "nearest",
        "where",
        "which",
        "doctor",
        "appointment",
        "booking",
        "cheers",
        "lapar",
        "banging",
    ]
)

_GPS = re.compile(r"(-?\d{1,2}\.\d{2,})\s*[,;\s]\s*(-?\d{1,3}\.\d{2,})")
_POSTCODE = re.compile(r"(?<![\d.])(\d{5})(?![\d.])")
_ID = re.compile(r"^[a-z0-9_]+$")
_FUZZY_MIN_CHARS = 5  # shorter words are too easily one edit away from something else
_GPS_PLACE_RADIUS_KM = 15.0  # a shared position this close to a known place counts as in its region


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    aliases: tuple[str, ...]
    lat: float
    lon: float
    klang_valley: bool


@dataclass(frozen=True)
class Location:
    place_id: str | None  # None for a raw GPS position
    name: str | None
    lat: float
    lon: float
    klang_valley: bool
    source: str  # name | postcode | gps


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]
    keys: dict[str, str]  # normalised name or alias -> place id
    postcodes: tuple[tuple[int, int, str], ...]  # (from, to, place id), narrowest range first
    longest_key: int  # in words


def normalise(text: str) -> str:
    """Lower case, accents and dots dropped ("P.J." -> "pj"), punctuation to spaces, fillers removed."""
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['\u2019\u2018`.]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(word for word in text.split() if word not in _FILLERS)


# ---------------------------------------------------------------------------------------- loading
def load_gazetteer(path: str | Path) -> Gazetteer:
    """Read and validate content/gazetteer.yml; errors name the file and the key."""
    file, data = read_yaml_mapping(path)
    check = Checker(file)
    places = _load_places(check.get(data, "places", "", list), check)
    keys = _build_keys(places, check)
    postcodes = _load_postcodes(check.get(data, "postcodes", "", list), places, check)
    return Gazetteer(places=places, keys=keys, postcodes=postcodes, longest_key=max(len(k.split()) for k in keys))


def _load_places(raw: list[Any], check: Checker) -> dict[str, Place]:
    if not raw:
        check.fail("places", "must list at least one place")
    places: dict[str, Place] = {}
    for i, entry in enumerate(raw):
        where = f"places[{i}]"
        place_id = check.get(entry, "id", where, str)
        if not _ID.match(place_id):
            check.fail(f"{where}.id", f"{place_id!r} must be lower_snake_case")
        if place_id in places:
            check.fail(f"{where}.id", f"duplicate id {place_id!r}")
        where = f"places[{place_id}]"
        name = check.get(entry, "name", where, str)
        aliases = check.strings(entry.get("aliases") or [], f"{where}.aliases")
        lat = check.get(entry, "lat", where, (int, float))
        lon = check.get(entry, "lon", where, (int, float))
        if isinstance(lat, bool) or isinstance(lon, bool) or not valid_coordinates(lat, lon):
            check.fail(f"{where}.lat", f"({lat}, {lon}) are not valid coordinates")
        klang_valley = check.get(entry, "klang_valley", where, bool)
        places[place_id] = Place(place_id, name.strip(), tuple(aliases), float(lat), float(lon), klang_valley)
    return places


def _build_keys(places: dict[str, Place], check: Checker) -> dict[str, str]:
    keys: dict[str, str] = {}
    for place in places.values():
        id_key = normalise(place.id.replace("_", " "))  # "pj_section_17" is also how people write it
        if id_key:
            keys.setdefault(id_key, place.id)
        for label in (place.name, *place.aliases):
            key = normalise(label)
            if not key:
                check.fail(f"places[{place.id}].aliases", f"{label!r} has no words left after normalising")
            owner = keys.setdefault(key, place.id)
            if owner != place.id:
                check.fail(
                    f"places[{place.id}].aliases", f"{label!r} also names places[{owner}]; a name must mean one place"
                )
    return keys


def _load_postcodes(raw: list[Any], places: dict[str, Place], check: Checker) -> tuple[tuple[int, int, str], ...]:
    ranges = []
    for i, entry in enumerate(raw):
        where = f"postcodes[{i}]"
        bounds = []
        for key in ("from", "to"):
            value = check.get(entry, key, where)
            if not (isinstance(value, str) and re.fullmatch(r"\d{5}", value)):
                check.fail(f"{where}.{key}", f'{value!r} must be a quoted 5-digit postcode, e.g. "40000"')
            bounds.append(int(value))
        if bounds[0] > bounds[1]:
            check.fail(where, f"from {entry['from']} is after to {entry['to']}")
        place_id = check.get(entry, "place", where, str)
        if place_id not in places:
            check.fail(f"{where}.place", f"unknown place id {place_id!r}")
        ranges.append((bounds[0], bounds[1], place_id))
    ranges.sort(key=lambda r: r[1] - r[0])  # narrowest first: the most specific area wins
    return tuple(ranges)


# ------------------------------------------------------------------------------------- resolving
def resolve_location(gaz: Gazetteer, text: str) -> Location | None:
    """The place the user means, or None when unsure (the caller re-asks with examples)."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text[:500]  # a location answer is short; bound the work on pasted essays
    gps = _GPS.search(text)
    if gps:
        found = location_from_coordinates(gaz, float(gps.group(1)), float(gps.group(2)))
        if found:
            return found
    for match in _POSTCODE.finditer(text):
        place_id = postcode_place(gaz, match.group(1))
        if place_id:
            return _location(gaz.places[place_id], SOURCE_POSTCODE)
    words = normalise(text).split()
    place_id = _exact(gaz, words) or _fuzzy(gaz, words)
    return _location(gaz.places[place_id], SOURCE_NAME) if place_id else None


def postcode_place(gaz: Gazetteer, postcode: str) -> str | None:
    code = int(postcode)
    for low, high, place_id in gaz.postcodes:
        if low <= code <= high:
            return place_id
    return None


def location_from_coordinates(gaz: Gazetteer, lat: float, lon: float) -> Location | None:
    """A shared position (widget geolocation, WhatsApp location). None if the numbers are not coordinates."""
    if not valid_coordinates(lat, lon):
        return None
    lat, lon = float(lat), float(lon)
    nearest = min(gaz.places.values(), key=lambda p: haversine_km(lat, lon, p.lat, p.lon))
    in_region = haversine_km(lat, lon, nearest.lat, nearest.lon) <= _GPS_PLACE_RADIUS_KM
    return Location(None, None, lat, lon, in_region and nearest.klang_valley, SOURCE_GPS)


def _location(place: Place, source: str) -> Location:
    return Location(place.id, place.name, place.lat, place.lon, place.klang_valley, source)


def _ngrams(words: list[str], longest: int) -> Iterator[tuple[int, str]]:
    """(start, text) for every run of words, longest runs first."""
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            yield start, " ".join(words[start : start + size])


def _exact(gaz: Gazetteer, words: list[str]) -> str | None:
    # Longest name first, so "old klang road" beats "klang" and "subang jaya" beats "subang".
    for _, gram in _ngrams(words, gaz.longest_key):
        if gram in gaz.keys:
            return gaz.keys[gram]
    return None


def _fuzzy(gaz: Gazetteer, words: list[str]) -> str | None:
    """A typo of exactly one place: 1 edit for names up to 7 letters, 2 for longer; ties give None."""
    best: tuple[int, str] | None = None
    for _, gram in _ngrams(words, gaz.longest_key):
        if len(gram) < _FUZZY_MIN_CHARS or gram in _NOT_PLACES:
            continue
        allowed = 1 if len(gram) <= 7 else 2
        found = process.extract(gram, gaz.keys.keys(), scorer=OSA.distance, score_cutoff=allowed, limit=None)
        hits = [(key, dist) for key, dist, _ in found if len(key) >= _FUZZY_MIN_CHARS]
        if not hits:
            continue
        top = min(dist for _, dist in hits)
        owners = {gaz.keys[key] for key, dist in hits if dist == top}
        if len(owners) > 1:
            return None  # equally close to two places: do not guess
        if best is None or top < best[0]:
            best = (top, owners.pop())
    return best[1] if best else None
