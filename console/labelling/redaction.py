"""Personal details in a message about to become training data: Malaysian phone numbers (the
phonenumbers library, region from CONSOLE_PHONE_REGION, MY by default), e-mail addresses and the
names this conversation gave the booking form. Found details are replaced by placeholders once
the person labelling confirms."""

import dataclasses
import re
from collections.abc import Iterable

import phonenumbers
from django.conf import settings

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Digit runs phonenumbers may not accept as a valid number (typos, partial numbers, +60 with spaces).
DIGITS_RE = re.compile(r"\+?\d[\d\s\-().]{6,}\d")
PLACEHOLDERS = {"phone": "<phone>", "email": "<email>", "name": "<name>"}


@dataclasses.dataclass(frozen=True)
class Finding:
    kind: str  # phone | email | name
    start: int
    end: int


def find_personal_details(text: str, names: Iterable[str] = ()) -> list[Finding]:
    found: list[Finding] = [Finding("email", m.start(), m.end()) for m in EMAIL_RE.finditer(text)]
    if sum(ch.isdigit() for ch in text) >= 6:
        for match in phonenumbers.PhoneNumberMatcher(
            text, settings.PHONE_REGION, leniency=phonenumbers.Leniency.POSSIBLE
        ):
            found.append(Finding("phone", match.start, match.end))
        for m in DIGITS_RE.finditer(text):
            found.append(Finding("phone", m.start(), m.end()))
    for name in {n.strip() for n in names if n and len(n.strip()) >= 3}:
        for part in [name] + [p for p in name.split() if len(p) >= 3 and p.lower() not in ("bin", "binti")]:
            for m in re.finditer(rf"\b{re.escape(part)}\b", text, flags=re.IGNORECASE):
                found.append(Finding("name", m.start(), m.end()))
    return _merge(found)


def _merge(found: list[Finding]) -> list[Finding]:
    """Overlapping findings become one (an e-mail's digits are not also a phone number)."""
    merged: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Finding(last.kind, last.start, max(last.end, f.end))
        else:
            merged.append(f)
    return merged


def redact(text: str, findings: list[Finding]) -> str:
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + PLACEHOLDERS[f.kind] + text[f.end :]
    return text


def kinds(findings: list[Finding]) -> list[str]:
    return sorted({f.kind for f in findings})
