"""Phone numbers never reach the logs in full: only their last 3 digits (PDPA).

A WhatsApp conversation id is the person's number ("wa:60123456789"), and numbers turn up in log
lines from the channels, the actions and libraries. Rather than trust every call site, every log
record is masked when it is created (a log record factory, so it holds whichever logger or handler
writes it): a standalone run of 8 to 15 digits, with or without "+", becomes "•••789". Call sites
that know they hold a number use `mask_number` themselves too.

The same goes for the widget's sender id, a random (version 4) UUID that is the key to that
visitor's history (`GET /webhooks/webchat/history?sender=<uuid>`): any such UUID in a log line
keeps only its last 4 characters, "•••9f3a". Rasa logs conversation ids ("web:<uuid>") at debug
level, and Sanic's access log (on when LOG_LEVEL_LIBRARIES is INFO or lower) logs the URL with its
query, in a field of the record rather than its message, so that logger gets a filter too.

Plain Python, no Rasa: used by the Rasa server (rasa_hardening.apply_all), the action server
(actions/server.py) and the console (LOGGING filter in its settings).
"""

import logging
import re
from typing import Any

MASK = "•••"
_NUMBER = re.compile(r"(?<![\w.])\+?(\d{5,12})(\d{3})(?![\w.])")
_UUID4 = re.compile(
    r"(?i)(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{8}([0-9a-f]{4})(?![0-9a-f])"
)
_installed = False


def mask_text(text: str) -> str:
    text = _UUID4.sub(lambda match: MASK + match.group(1), text)
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


class AccessLogMaskFilter(logging.Filter):
    """Sanic's access records carry the URL in `record.request` ("GET http://...?sender=...")."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if isinstance(request, str):
            record.request = mask_text(request)
        return True


def install() -> None:
    """Masks every log record this process creates from now on (idempotent)."""
    global _installed
    if _installed:
        return
    logging.getLogger("sanic.access").addFilter(AccessLogMaskFilter())
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return mask_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
