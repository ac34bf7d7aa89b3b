"""The consent notice and the privacy answer: who the data user is, where requests go, how long data is kept.

The data user's name and contact come from content/clinic.yml, which the clinic fills in; while a value is
still TO_FILL_BY_CLINIC (or the file is absent) the texts say "NextMed Clinic" / "any of our branches" instead,
so nothing invented or unfilled is ever shown. The retention period is the RETENTION_DAYS setting, the same
number the console's purge uses, so the notice cannot promise something the system does not do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skincheck.content import Checker, Content
from skincheck.texts import pick

PLACEHOLDER_MARK = "TO_FILL"
PLACEHOLDERS = ("data_user", "data_contact", "retention_days")
DEFAULT_RETENTION_DAYS = 365


def _known(value: Any) -> str:
    text = str(value or "").strip()
    return "" if not text or PLACEHOLDER_MARK in text else text


def values(content: Content, retention_days: int, lang: str = "en") -> dict[str, Any]:
    data_user = (content.clinic or {}).get("data_user") or {}
    consent = content.messages["consent"]
    return {
        "data_user": _known(data_user.get("name")) or str(pick(consent["data_user_unconfirmed"], lang)),
        "data_contact": _known(data_user.get("contact")) or str(pick(consent["contact_unconfirmed"], lang)),
        "retention_days": int(retention_days),
    }


def notice(content: Content, retention_days: int, lang: str = "en") -> str:
    return str(pick(content.messages["consent"]["notice"], lang)).format_map(values(content, retention_days, lang))


def faq(content: Content, retention_days: int, lang: str = "en") -> str:
    return str(pick(content.messages["privacy"]["faq"], lang)).format_map(values(content, retention_days, lang))


def retention_days_from(environ: Mapping[str, str]) -> int:
    raw = str(environ.get("RETENTION_DAYS") or DEFAULT_RETENTION_DAYS).strip()
    days = int(raw)
    if days <= 0:
        raise ValueError(f"RETENTION_DAYS must be a positive number of days, got {raw!r}")
    return days


def validate(messages: dict[str, Any], clinic: dict[str, Any], check_messages: Checker, check_clinic: Checker) -> None:
    consent = messages["consent"]
    check_messages.text(check_messages.get(consent, "notice", "consent"), "consent.notice", placeholders=PLACEHOLDERS)
    for key in ("data_user_unconfirmed", "contact_unconfirmed"):
        check_messages.text(check_messages.get(consent, key, "consent"), f"consent.{key}")
    privacy = check_messages.get(messages, "privacy", "", dict)
    check_messages.text(check_messages.get(privacy, "faq", "privacy"), "privacy.faq", placeholders=PLACEHOLDERS)
    if not clinic:
        return
    data_user = check_clinic.get(clinic, "data_user", "", dict)
    for key in ("name", "contact"):
        check_clinic.get(data_user, key, "data_user", str)
    check_clinic.get(data_user, "confirmed", "data_user", bool)


def typed_decline(content: Content, text: str) -> bool:
    """True when a typed reply to the consent notice refuses, in English or Malay ("saya tolak", "I don't
    agree"): the words are consent.decline_words in messages.yml. Both languages count, as people mix them."""
    language = content.index["questions"].language
    said = language.words(str(text or ""))
    for words in content.messages["consent"]["decline_words"].values():
        for phrase in words:
            wanted = language.words(phrase)
            n = len(wanted)
            if n and any(said[i : i + n] == wanted for i in range(len(said) - n + 1)):
                return True
    return False
