"""Content loads once and any mistake a clinic editor makes is reported with file and key path."""
import re
import shutil
from pathlib import Path

import pytest
import yaml

from skincheck.content import BUTTON_TITLE_LIMIT, ContentError
from skincheck.loader import load_content
from skincheck.questions import SLOT_VALUES, buttons, option_values

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
ARCHITECTURE = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def content():
    return load_content(CONTENT)


@pytest.fixture
def broken(tmp_path):
    """Copy of the content; edit(file, change) rewrites one YAML file and returns the load error."""
    for name in ("questions", "scoring", "guidance", "safety", "messages", "fallback"):
        shutil.copy(CONTENT / f"{name}.yml", tmp_path / f"{name}.yml")

    def edit(file, change):
        path = tmp_path / f"{file}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        with pytest.raises(ContentError) as error:
            load_content(tmp_path)
        return str(error.value)

    edit.dir = tmp_path
    return edit


def architecture_slots():
    rows = re.findall(r"^\| ([a-z_, ]+) \| (.+?) \|$", ARCHITECTURE.split("## Assessment slots")[1], re.M)
    slots = {}
    for names, values in rows:
        if names.strip() == "slot":
            continue
        codes = [v for v in re.findall(r"\b[a-z0-9_]+\b", values.split("(")[0]) if v not in ("of", "list")]
        for name in names.split(","):
            slots[name.strip()] = codes
    return slots


def test_real_content_loads(content):
    assert content.index["questions"].questions


def test_every_slot_in_the_architecture_table_has_a_question_with_the_contract_values(content):
    table = architecture_slots()
    assert set(table) == set(SLOT_VALUES) == set(content.questions["questions"])
    values = option_values(content.questions)
    for slot, codes in table.items():
        if slot == "body_area":  # the table row is prose: "comma-joined list of: face, ..."
            codes = [c for c in codes if c not in ("comma", "joined")]
        assert sorted(values[slot]) == sorted(codes), slot


def test_every_intent_in_the_architecture_has_a_short_fallback_label(content):
    section = ARCHITECTURE.split("## Intents")[1].split("##")[0]
    intents = re.findall(r"[a-z_]+(?= \(|,|\.)", section)
    assert len(intents) >= 30
    for intent in intents:
        label = content.fallback["labels"][intent]["en"]
        assert 0 < len(label) <= BUTTON_TITLE_LIMIT


def test_all_buttons_fit_whatsapp(content):
    for slot in content.questions["questions"]:
        for title, _ in buttons(content, slot):
            assert len(title) <= BUTTON_TITLE_LIMIT, (slot, title)


def test_missing_value_names_file_and_key(broken):
    def drop(data):
        del data["questions"]["concern"]["options"][1]["value"]

    message = broken("questions", drop)
    assert message == f"{broken.dir.as_posix()}/questions.yml: questions.concern.options[1].value: missing"


def test_relative_dir_is_named_as_given(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert load_content("content").directory == "content"


def test_unquoted_yes_is_reported_not_silently_turned_into_true(broken):
    def unquote(data):
        data["questions"]["acne_mood"]["options"][0]["synonyms"].append(True)

    assert "questions.yml: questions.acne_mood.options[0].synonyms[" in broken("questions", unquote)


def test_text_without_english_is_rejected(broken):
    def no_en(data):
        data["questions"]["duration"]["prompt"] = {"ms": "Berapa lama?"}

    assert broken("questions", no_en).endswith("questions.yml: questions.duration.prompt.en: missing")


def test_long_button_title_is_rejected(broken):
    def long_title(data):
        data["option_sets"]["yes_no"][0]["title"]["en"] = "Yes, I certainly do have it"

    assert "questions.yml: option_sets.yes_no[0].title.en: longer than 20" in broken("questions", long_title)


def test_red_flag_question_cannot_be_made_skippable(broken):
    def skippable(data):
        data["questions"]["rf_fever_unwell"]["skippable"] = True

    assert "questions.rf_fever_unwell.skippable" in broken("questions", skippable)


def test_question_for_a_contract_slot_cannot_be_removed(broken):
    def remove(data):
        del data["questions"]["sleep_quality"]

    assert broken("questions", remove).endswith("questions.yml: questions.sleep_quality: missing")


def test_option_values_must_match_the_contract(broken):
    def rename(data):
        data["questions"]["acne_lesions"]["options"][2]["value"] = "cysts"

    assert "questions.acne_lesions.options: values" in broken("questions", rename)


def test_scoring_rule_with_unknown_option_value_names_scoring_file(broken):
    def typo(data):
        data["factors"][0]["when"]["in"] = ["rarley"]

    message = broken("scoring", typo)
    assert "scoring.yml: factors[0].when.in[0]: unknown value 'rarley' for diet_fibre" in message


def test_ask_when_with_unknown_value_is_rejected(broken):
    def typo(data):
        data["questions"]["ec_itch"]["ask_when"]["in"] = ["eczma"]

    assert "questions.yml: questions.ec_itch.ask_when.in[0]: unknown value 'eczma'" in broken("questions", typo)


def test_guidance_needs_a_text_for_every_factor(broken):
    def drop(data):
        del data["factors"]["high_sugar"]

    assert broken("guidance", drop).endswith("guidance.yml: factors.high_sugar: missing")


def test_unknown_placeholder_in_guidance_is_rejected(broken):
    def typo(data):
        data["summary"]["scored"]["en"] = "Score {scor}"

    assert "guidance.yml: summary.scored.en: unknown placeholder {scor}" in broken("guidance", typo)


def test_red_flag_advice_must_exist_in_safety_messages(broken):
    def typo(data):
        data["urgency"]["red_flags"]["rf_fever_unwell"]["advice"] = "fever"

    assert "scoring.yml: urgency.red_flags.rf_fever_unwell.advice" in broken("scoring", typo)


def test_bad_safety_regex_is_rejected(broken):
    def bad(data):
        data["rules"][0]["patterns"].append("(unclosed")

    assert "safety.yml: rules[0].patterns[" in broken("safety", bad)


def test_consent_needs_a_version(broken):
    def drop(data):
        del data["consent"]["version"]

    assert broken("messages", drop).endswith("messages.yml: consent.version: missing")


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ContentError, match=r"questions\.yml: \(file\): not found"):
        load_content(tmp_path)


def test_say_fills_placeholders(content):
    text = content.texts.say("messages", "assessment.answer_updated", "en", question="Sleep quality")
    assert "Sleep quality" in text and "{" not in text
    assert content.texts.say("messages", "assessment.skipped", "ms") == content.texts.say("messages", "assessment.skipped")


def test_duplicate_key_is_reported_not_silently_overwritten(broken):
    path = broken.dir / "messages.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\nrestarted:\n  en: \"Again\"\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"messages\.yml: \(yaml\): .*duplicate key 'restarted'"):
        load_content(broken.dir)
