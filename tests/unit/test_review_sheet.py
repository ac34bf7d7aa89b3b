"""The clinician review sheet lists every medical text the assistant can say, with its sign-off flag."""

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
import yaml

from skincheck.content import Checker, ContentError
from skincheck.review_sheet import main, render_csv, rows

ROOT = Path(__file__).resolve().parents[2]


def sheet(root=ROOT, fmt="csv", capsys=None):
    main(["--format", fmt, "--root", str(root)])
    return capsys.readouterr().out


def test_sheet_lists_safety_guidance_questions_consent_and_faq_texts(capsys):
    table = list(csv.DictReader(io.StringIO(sheet(capsys=capsys))))
    keys = {(r["file"], r["key"], r["language"]) for r in table}
    safety = yaml.safe_load((ROOT / "content/safety.yml").read_text(encoding="utf-8"))
    for key in safety["messages"]:
        assert ("content/safety.yml", f"messages.{key}", "en") in keys
    assert ("content/messages.yml", "consent.notice", "en") in keys
    assert ("content/guidance.yml", "disclaimer", "en") in keys
    assert any(f == "content/questions.yml" and k.endswith(".prompt") for f, k, _ in keys)
    assert any(f == "domain/faq.yml" and k.startswith("responses.utter_faq_") for f, k, _ in keys)
    # matching data is not a sentence anyone reads
    assert not any("patterns" in k or "synonyms" in k for _, k, _ in keys)
    assert {r["reviewed"] for r in table} <= {"yes", "no"}


def test_review_flag_and_languages_are_reported_per_text(tmp_path, capsys):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "domain", tmp_path / "domain")
    path = tmp_path / "content/guidance.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["disclaimer"] = {"en": "Education only.", "ms": "Pendidikan sahaja.", "reviewed": True}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    table = [r for r in csv.DictReader(io.StringIO(sheet(tmp_path, capsys=capsys))) if r["key"] == "disclaimer"]
    assert [(r["language"], r["reviewed"], r["text"]) for r in table] == [
        ("en", "yes", "Education only."),
        ("ms", "yes", "Pendidikan sahaja."),
    ]
    markdown = sheet(tmp_path, "md", capsys)
    assert markdown.startswith("# Clinician review sheet (2 of ")
    assert "| content/guidance.yml | disclaimer | ms | yes | Pendidikan sahaja. |" in markdown


def test_a_review_flag_must_be_true_or_false():
    check = Checker("guidance.yml")
    assert check.text({"en": "Hello", "reviewed": False}, "x")
    with pytest.raises(ContentError, match=re.escape("guidance.yml: x.reviewed: must be true or false")):
        check.text({"en": "Hello", "reviewed": "yes"}, "x")


def test_csv_escapes_commas_quotes_and_newlines():
    table = rows(ROOT)
    out = render_csv(table)
    assert len(list(csv.reader(io.StringIO(out)))) == len(table) + 1
