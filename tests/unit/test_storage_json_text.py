"""Stored events read back exactly as written, whichever JSON writer stored them."""

import json
import math

import pytest

from storage.json_text import dumps

VALUES = [
    {
        "event": "user",
        "text": "saya ada jerawat 🙂 / “quotes” \\ back",
        "parse_data": {"intent": {"confidence": 0.1 + 0.2}},
    },
    {"event": "slot", "name": "booking_date", "value": None, "timestamp": 1764561600.123456},
    {"nested": [[1, 2.5e-12, -3], {"k": True, "e": ""}], "unicode": "\u0000\u2028 tab\t"},
    {"big": 2**63 - 1, "small": -(2**63)},
]


@pytest.mark.parametrize("value", VALUES)
def test_what_is_stored_reads_back_the_same(value):
    assert json.loads(dumps(value)) == value


def test_what_ujson_refuses_is_stored_by_json_as_before():
    huge = {"value": 2**70}
    assert json.loads(dumps(huge)) == huge
    assert math.isnan(json.loads(dumps({"x": float("nan")}))["x"])


def test_slashes_are_not_escaped():
    assert dumps({"url": "https://example.com/a"}) == '{"url":"https://example.com/a"}'
