"""The consent notice and the privacy answer state what PDPA 2010 asks for, with nothing invented or unfilled."""

import re
import shutil
from pathlib import Path

import pytest
import yaml

from actions.consent import ActionFaqPrivacy, ActionRecordConsent
from skincheck import privacy
from skincheck.content import ContentError
from skincheck.loader import load_content
from tests.actions.helpers import form_turn, run, slot_events, texts

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
DEFAULTS = (ROOT / "config/defaults.env").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def content():
    return load_content(CONTENT)


def default_retention_days():
    line = next(line for line in DEFAULTS.splitlines() if line.startswith("RETENTION_DAYS="))
    return int(line.split("=", 1)[1])


@pytest.mark.parametrize("render", [privacy.notice, privacy.faq])
def test_notice_and_privacy_answer_state_everything_the_person_needs(content, render):
    text = render(content, default_retention_days()).lower()
    assert f"{default_retention_days()} days" in text
    for words in (
        "see",
        "correct",
        "withdraw",
        "deleted",
        "sensitive personal data",
        "explicit consent",
        "meta",
        "whatsapp",
        "twilio",
        "improve the service",
        "personal data protection act 2010",
        "nextmed clinic",
        "any of our branches",
    ):
        assert words in text, words
    assert "to_fill" not in text and "{" not in text


def test_the_privacy_answer_no_longer_says_the_act_requires_keeping_data(content):
    text = privacy.faq(content, 365)
    assert "as required by" not in text
    assert "does not require us to keep it" in text


def test_retention_days_follow_the_setting_the_purge_uses(content):
    assert "30 days" in privacy.notice(content, privacy.retention_days_from({"RETENTION_DAYS": "30"}))
    assert privacy.retention_days_from({}) == 365 == default_retention_days()
    with pytest.raises(ValueError):
        privacy.retention_days_from({"RETENTION_DAYS": "0"})


def test_the_data_user_appears_once_the_clinic_fills_it_in(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    clinic = tmp_path / "content/clinic.yml"
    data = yaml.safe_load(clinic.read_text(encoding="utf-8"))
    data["data_user"].update(name="Example Medical Sdn. Bhd.", contact="privacy@example.test", confirmed=True)
    clinic.write_text(yaml.safe_dump(data), encoding="utf-8")
    text = privacy.notice(load_content(tmp_path / "content"), 365)
    assert "Example Medical Sdn. Bhd." in text and "privacy@example.test" in text
    assert "any of our branches" not in text


def test_clinic_file_is_optional_but_checked_when_present(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content/clinic.yml").unlink()
    assert "NextMed Clinic" in privacy.notice(load_content(tmp_path / "content"), 365)
    (tmp_path / "content/clinic.yml").write_text("data_user: {name: x, contact: y, confirmed: maybe}\n")
    with pytest.raises(ContentError, match=re.escape("clinic.yml: data_user.confirmed: must be true/false")):
        load_content(tmp_path / "content")


def test_the_consent_version_is_new_so_earlier_consents_stay_traceable(content):
    assert content.messages["consent"]["version"] not in ("", "2025-01-draft")


def test_recorded_consent_names_the_version_and_the_privacy_action_fills_the_setting(monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "90")
    _, events = run(ActionRecordConsent(), form_turn({}, None, ""))
    assert slot_events(events)["consent_version"] == "2026-11-draft"
    messages, _ = run(ActionFaqPrivacy(), form_turn({}, None, ""))
    assert "90 days" in texts(messages)[0]
