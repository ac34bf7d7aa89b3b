"""Conversation ids carry their channel (storage/conversation_ids.py)."""

import pytest

from storage.conversation_ids import (
    REST,
    WEB,
    WHATSAPP,
    Address,
    address_of,
    conversation_id,
    recipient_wa_id,
    web_id,
    whatsapp_id,
    whatsapp_number,
)


def test_each_channel_has_its_own_prefix():
    assert whatsapp_id("60123456789") == "wa:60123456789"
    assert web_id("3f0c6c1e-8d4e-4a43-9d6b-6c1f7f1f2a10") == "web:3f0c6c1e-8d4e-4a43-9d6b-6c1f7f1f2a10"
    assert conversation_id(REST, "60123456789") == "rest:60123456789"


@pytest.mark.parametrize(
    "cid, expected",
    [
        ("wa:60123456789", Address(WHATSAPP, "60123456789")),
        ("web:3f0c6c1e-8d4e-4a43-9d6b-6c1f7f1f2a10", Address(WEB, "3f0c6c1e-8d4e-4a43-9d6b-6c1f7f1f2a10")),
        ("rest:wa:60123456789", Address(REST, "wa:60123456789")),  # a REST sender naming a WhatsApp id stays REST
        ("60123456789", None),
        ("whatsapp:+60123456789", None),
        ("wa:", None),
        ("wa:+6012abc", None),
        ("", None),
        (None, None),
        ("sms:60123456789", None),
    ],
)
def test_address_of(cid, expected):
    assert address_of(cid) == expected


def test_whatsapp_number_only_for_whatsapp_ids():
    assert whatsapp_number("wa:60123456789") == "60123456789"
    assert whatsapp_number("rest:wa:60123456789") is None
    assert whatsapp_number("web:60123456789") is None
    assert recipient_wa_id("wa:60123456789") == "60123456789"
    assert recipient_wa_id("60123456789") == "60123456789"
