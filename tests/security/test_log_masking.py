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


SENDER = "3f2b8c1e-9d4a-4b7e-8c2f-5a6d7e8f9f3a"  # a widget sender id (version 4 UUID)


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"Starting a new session for conversation ID 'web:{SENDER}'.", "conversation ID 'web:•••9f3a'."),
        (f"GET /webhooks/webchat/history?sender={SENDER}", "history?sender=•••9f3a"),
        (f'{{"sender": "{SENDER.upper()}"}}', '{"sender": "•••9F3A"}'),
        ("namespace 6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"),  # not v4: kept
    ],
)
def test_web_sender_ids_keep_only_their_last_4_characters(text, expected):
    masked = log_masking.mask_text(text)
    assert expected in masked and SENDER not in masked.lower()


def test_sanic_access_lines_lose_the_history_uuid(caplog):
    log_masking.install()
    with caplog.at_level(logging.INFO, logger="sanic.access"):
        logging.getLogger("sanic.access").info(
            "", extra={"status": 200, "byte": 99, "host": "127.0.0.1:5005", "request": f"GET /x?sender={SENDER}"}
        )
    [record] = [r for r in caplog.records if r.name == "sanic.access"]
    assert record.request == "GET /x?sender=•••9f3a"
