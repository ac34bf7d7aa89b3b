"""Bahasa Melayu is complete: every text a person can read exists in Malay, a missing one stops start-up
(naming the file and key), and the clinic can list every Malay text with its review flag."""

import csv
import io
from pathlib import Path

import pytest
import yaml

from skincheck import review_sheet
from skincheck.texts import LANGUAGES, load

ROOT = Path(__file__).resolve().parents[2]


# Domain responses allowed to lack a Malay variation (none: every response has one).
UNTRANSLATED_RESPONSES: set[str] = set()


def test_every_content_text_has_malay_and_there_is_no_fallback():
    assert LANGUAGES["ms"] is None
    assert load(ROOT / "content").missing("ms") == []


def domain_responses():
    for path in sorted((ROOT / "domain").glob("*.yml")):
        for name, variations in (
            (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        ).items():
            yield path.name, name, variations


@pytest.mark.parametrize(
    "file, name, variations", list(domain_responses()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_every_domain_response_has_a_malay_variation(file, name, variations):
    if name in UNTRANSLATED_RESPONSES:
        assert any(not v.get("condition") for v in variations)
        return
    languages = [
        next((c.get("value") for c in v.get("condition") or [] if c.get("name") == "language"), "en")
        for v in variations
    ]
    assert "ms" in languages and "en" in languages, f"{file}: {name} needs a `language: ms` variation"
    malay = variations[languages.index("ms")]
    english = variations[languages.index("en")]
    assert malay["text"] != english["text"]
    assert len(malay.get("buttons") or []) == len(english.get("buttons") or [])


def test_review_command_lists_every_malay_text_unreviewed_until_signed_off(capsys):
    rows = [r for r in review_sheet.rows(ROOT, all_files=True) if r.language == "ms"]
    files = {r.file for r in rows}
    assert {
        "content/booking.yml",
        "content/safety.yml",
        "content/guidance.yml",
        "content/messages.yml",
        "content/questions.yml",
        "domain/core.yml",
        "domain/faq.yml",
    } <= files
    assert len(rows) > 300
    review_sheet.main(["--language", "ms", "--all-files", "--unreviewed", "--format", "csv", "--root", str(ROOT)])
    listed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(listed) > 300 and all(r["language"] == "ms" and r["reviewed"] == "no" for r in listed)
