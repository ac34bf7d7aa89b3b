"""Phone numbers in logs keep only their last 3 digits (issue 12, item 8)."""

import logging

import pytest

from rasa_hardening import log_masking


@pytest.mark.parametrize(
    "text, expected",
    [
        ("failed to deliver to 60123456789", "failed to deliver to •••789"),
        ("message to whatsapp:+60123456789 failed", "message to whatsapp:•••789 failed"),
        ("conversation wa:60123456789", "conversation wa:•••789"),
        ("call +60 12-345 6789", "call +60 12-345 6789"),  # spaced forms are not ids; the console masks texts
        ("took 1700000000.123 s", "took 1700000000.123 s"),  # decimals stay
        ("event 12345 of 7", "event 12345 of 7"),  # short numbers stay
        ("wamid.HBgLNjAxMjM0NTY3ODkVAgASGBQz", "wamid.HBgLNjAxMjM0NTY3ODkVAgASGBQz"),
    ],
)
def test_mask_text(text, expected):
    assert log_masking.mask_text(text) == expected


def test_every_record_is_masked_once_installed(caplog):
    log_masking.install()
    log_masking.install()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("channels.whatsapp").info("no reply to %s (%s)", "60123456789", "wa:60198765432")
        logging.getLogger("some.library").warning("POST /v21.0/messages to=60123456789 failed")
    text = caplog.text
    assert "60123456789" not in text and "60198765432" not in text
    assert "•••789" in text and "wa:•••432" in text


def test_mask_number():
    assert log_masking.mask_number("wa:60123456789") == "•••789"
    assert log_masking.mask_number("+60123456789") == "•••789"
    assert log_masking.mask_number(None) == ""
