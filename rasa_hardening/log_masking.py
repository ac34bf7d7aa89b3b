"""Phone numbers never reach the logs in full: only their last 3 digits (PDPA).

A WhatsApp conversation id is the person's number ("wa:60123456789"), and numbers turn up in log
lines from the channels, the actions and libraries. Rather than trust every call site, every log
record is masked when it is created (a log record factory, so it holds whichever logger or handler
writes it): a standalone run of 8 to 15 digits, with or without "+", becomes "•••789". Call sites
that know they hold a number use `mask_number` themselves too.

Plain Python, no Rasa: used by the Rasa server (rasa_hardening.apply_all), the action server
(actions/server.py) and the console (LOGGING filter in its settings).
"""

import logging
import re
from typing import Any

MASK = "•••"
_NUMBER = re.compile(r"(?<![\w.])\+?(\d{5,12})(\d{3})(?![\w.])")
_installed = False


def mask_text(text: str) -> str:
    return _NUMBER.sub(lambda match: MASK + match.group(2), text)


def mask_number(number: str | None) -> str:
    """'60123456789', '+60123456789' or 'wa:60123456789' -> '•••789'."""
    digits = re.sub(r"\D", "", number or "")
    return MASK + digits[-3:] if digits else ""


def mask_record(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a broken format string: leave it to logging to report
        return record
    masked = mask_text(message)
    if masked != message:
        record.msg, record.args = masked, ()
    return record


class PhoneMaskFilter(logging.Filter):
    """For logging configurations (the console's LOGGING): masks and always lets the record through."""

    def filter(self, record: logging.LogRecord) -> bool:
        mask_record(record)
        return True


def install() -> None:
    """Masks every log record this process creates from now on (idempotent)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
