"""content/questions.yml is the single source of the assessment: the domain's form and slots, the action
server's slot list and the docs' slot table are generated from it and checked to be up to date."""

import importlib.util
import shutil
import sys
from pathlib import Path

import yaml

from skincheck.yamlfile import read_yaml_mapping

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("gen_assessment", ROOT / "scripts" / "gen_assessment.py")
gen = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = gen
spec.loader.exec_module(gen)


def test_the_generated_files_are_up_to_date(capsys):
    assert gen.main(["--check"]) == 0, capsys.readouterr().out


def test_the_generated_lists_follow_the_questions_in_order():
    from actions.assessment_slots import ASSESSMENT_SLOTS

    _, data = read_yaml_mapping(ROOT / "content" / "questions.yml")
    slots = list(data["questions"])
    domain = yaml.safe_load((ROOT / "domain" / "assessment.yml").read_text())
    assert list(ASSESSMENT_SLOTS) == slots
    assert domain["forms"]["skin_assessment_form"]["required_slots"] == slots
    assert set(domain["slots"]) == set(slots)
    assert [a for a in domain["actions"] if isinstance(a, str)] == [f"action_ask_{s}" for s in slots]


def add_question(data: dict) -> dict:
    data["questions"]["skin_care_routine"] = {
        "label": {"en": "Skin care"},
        "prompt": {"en": "Do you use a moisturiser?"},
        "reask": {"en": "Yes or no?"},
        "skippable": True,
        "options": "yes_no",
    }
    return data


def test_a_new_question_appears_in_the_domain_the_action_list_and_the_docs():
    _, data = read_yaml_mapping(ROOT / "content" / "questions.yml")
    data = add_question(data)
    slots = list(data["questions"])
    domain = yaml.safe_load(gen.domain_text(slots))
    assert domain["forms"]["skin_assessment_form"]["required_slots"][-1] == "skin_care_routine"
    mapping = domain["slots"]["skin_care_routine"]["mappings"]
    assert mapping[0] == {
        "type": "from_entity",
        "entity": "choice",
        "conditions": [{"active_loop": "skin_assessment_form", "requested_slot": "skin_care_routine"}],
    }
    assert "action_ask_skin_care_routine" in domain["actions"]
    namespace: dict = {}
    exec(gen.slots_module_text(slots), namespace)
    assert namespace["ASSESSMENT_SLOTS"][-1] == "skin_care_routine"
    assert "| skin_care_routine | yes, no | always |" in gen.table_text(data)


def test_check_fails_when_a_question_was_added_without_regenerating(tmp_path, monkeypatch, capsys):
    for name in ("content", "domain", "actions", "docs"):
        (tmp_path / name).mkdir()
    shutil.copy(ROOT / "domain" / "assessment.yml", tmp_path / "domain" / "assessment.yml")
    shutil.copy(ROOT / "actions" / "assessment_slots.py", tmp_path / "actions" / "assessment_slots.py")
    shutil.copy(ROOT / "docs" / "architecture.md", tmp_path / "docs" / "architecture.md")
    _, data = read_yaml_mapping(ROOT / "content" / "questions.yml")
    (tmp_path / "content" / "questions.yml").write_text(yaml.safe_dump(add_question(data), sort_keys=False))
    monkeypatch.setattr(gen, "ROOT", tmp_path)
    monkeypatch.setattr(gen, "QUESTIONS", tmp_path / "content" / "questions.yml")
    monkeypatch.setattr(gen, "DOMAIN", tmp_path / "domain" / "assessment.yml")
    monkeypatch.setattr(gen, "SLOTS_MODULE", tmp_path / "actions" / "assessment_slots.py")
    monkeypatch.setattr(gen, "ARCHITECTURE", tmp_path / "docs" / "architecture.md")
    assert gen.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "domain/assessment.yml is out of date" in out and "actions/assessment_slots.py is out of date" in out
    assert gen.main([]) == 0 and gen.main(["--check"]) == 0  # regenerated: in step again
