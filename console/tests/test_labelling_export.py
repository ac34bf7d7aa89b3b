"""`manage.py export_labels`: labels into the Rasa project's data, held-out share apart, valid YAML,
idempotent, and read back by the engine (skincheck) and Rasa's own YAML reader."""

import shutil
from pathlib import Path

import pytest
import yaml
from audit.models import AuditEntry
from django.core.management import call_command
from django.utils import timezone
from labelling import export as ex
from labelling.models import Label

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def project(tmp_path, settings):
    """A copy of the parts of the Rasa project the export reads and writes."""
    for folder in ("domain", "content", "data/nlu"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "tests").mkdir()
    shutil.copy(ROOT / "tests" / "test_nlu.yml", tmp_path / "tests" / "test_nlu.yml")
    settings.LABELLING_REPO_ROOT = tmp_path
    return tmp_path


def label(text, kind="intent", intent="", slot="", value="", conversation=7):
    return Label.objects.create(
        key=f"k{Label.objects.count() + 1}-{len(text)}",
        kind=kind,
        intent=intent,
        slot=slot,
        value=value,
        text=text,
        conversation=conversation,
        labelled_at=timezone.now(),
        labelled_by_name="sara",
    )


def texts_split(candidates, want_heldout):
    return [t for t in candidates if ex.is_heldout(t) is want_heldout]


TRAIN_TEXTS = texts_split([f"is durian heaty for skin number {i}" for i in range(40)], False)
HELD_TEXTS = texts_split([f"is durian heaty for skin number {i}" for i in range(40)], True)


def test_one_in_five_is_held_out_by_a_hash_of_the_text():
    sample = [f"message {i}" for i in range(2000)]
    share = sum(ex.is_heldout(t) for t in sample) / len(sample)
    assert 0.17 < share < 0.23
    assert ex.is_heldout("Is durian, heaty?") == ex.is_heldout("is durian heaty")


def test_export_writes_training_and_heldout_files_that_rasa_and_the_engine_read(db, project):
    for text in TRAIN_TEXTS[:3] + HELD_TEXTS[:1]:
        label(text, intent="faq_dairy_acne")
    label("where can i park my car", kind="out_of_scope", intent="out_of_scope", conversation=9)
    answer_train = texts_split([f"half my plate is sayur {i}" for i in range(20)], False)[0]
    answer_held = texts_split([f"half my plate is sayur {i}" for i in range(20)], True)[0]
    label(answer_train, kind="answer", slot="diet_fibre", value="daily", conversation=11)
    label(answer_held, kind="answer", slot="diet_fibre", value="daily", conversation=12)
    label("just testing", kind="ignore")

    report = ex.export_labels()
    assert report.new_labels == 7
    assert sorted(report.written) == sorted(
        str(p) for p in (ex.NLU_TRAIN, ex.NLU_HELDOUT, ex.ANSWERS_TRAIN, ex.ANSWERS_HELDOUT)
    )
    trained = ex.read_nlu(project / ex.NLU_TRAIN)
    held = ex.read_nlu(project / ex.NLU_HELDOUT)
    park = "where can i park my car"
    assert {e.text for e in trained.values()} == set(TRAIN_TEXTS[:3]) | (set() if ex.is_heldout(park) else {park})
    assert {e.text for e in held.values()} == {HELD_TEXTS[0]} | ({park} if ex.is_heldout(park) else set())
    assert {e.target for e in list(trained.values()) + list(held.values()) if e.text == park} == {"out_of_scope"}
    assert "just testing" not in (project / ex.NLU_TRAIN).read_text()

    # Every example carries a comment naming its conversation.
    text = (project / ex.NLU_TRAIN).read_text()
    for entry in trained.values():
        assert f"# conversation {entry.conversation}\n- intent: {entry.target}" in text

    # Rasa's own reader takes the file, with the examples and intents.
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().read(project / ex.NLU_TRAIN)
    assert sorted(m.get("text") for m in data.intent_examples) == sorted(e.text for e in trained.values())

    # The engine loads the reviewed answers at start-up and uses them.
    from skincheck.loader import load_content
    from skincheck.questions import parse_answer

    content = load_content(project / "content")
    assert parse_answer(content, "diet_fibre", answer_train.upper() + "!").value == "daily"
    assert content.index["reviewed_answers"]["diet_fibre"] == {tuple(answer_train.split()): "daily"}
    held_answers = yaml.safe_load((project / ex.ANSWERS_HELDOUT).read_text())
    assert held_answers["answers"]["diet_fibre"] == [{"text": answer_held, "value": "daily", "conversation": 12}]
    assert answer_held not in (project / ex.ANSWERS_TRAIN).read_text()


def test_export_again_changes_nothing_and_duplicates_nothing(db, project):
    for text in TRAIN_TEXTS[:2]:
        label(text, intent="faq_dairy_acne")
    label(
        texts_split([f"sayur every meal {i}" for i in range(20)], False)[0],
        kind="answer",
        slot="diet_fibre",
        value="daily",
    )
    ex.export_labels()
    before = {
        p: (project / p).read_text() for p in (ex.NLU_TRAIN, ex.NLU_HELDOUT, ex.ANSWERS_TRAIN, ex.ANSWERS_HELDOUT)
    }
    again = ex.export_labels()
    assert again.written == [] and again.new_labels == 0
    assert {p: (project / p).read_text() for p in before} == before
    # Also when the labels are gone from the console (purged): what was exported stays.
    Label.objects.all().delete()
    assert ex.export_labels().written == []
    assert len(ex.read_nlu(project / ex.NLU_TRAIN)) == 2


def test_a_changed_label_replaces_its_example_and_ignore_removes_it(db, project):
    first = label(TRAIN_TEXTS[0], intent="faq_dairy_acne")
    second = label(TRAIN_TEXTS[1], intent="faq_dairy_acne")
    ex.export_labels()
    Label.objects.filter(pk=first.pk).update(intent="faq_sugar", exported_at=None)
    Label.objects.filter(pk=second.pk).update(kind="ignore", intent="", text="", exported_at=None)
    ex.export_labels()
    trained = ex.read_nlu(project / ex.NLU_TRAIN)
    assert [(e.text, e.target) for e in trained.values()] == [(TRAIN_TEXTS[0], "faq_sugar")]


def test_a_label_clashing_with_hand_written_examples_is_skipped(db, project):
    existing = yaml.safe_load((project / "data/nlu/faq.yml").read_text())["nlu"][0]
    sentence = existing["examples"].splitlines()[0][2:]
    label(sentence, intent="faq_sugar")
    report = ex.export_labels()
    assert report.nlu_train == 0 and len(report.skipped) == 1 and "already" in report.skipped[0]


def test_command_prints_counts_and_is_audited(db, project, capsys):
    label(TRAIN_TEXTS[0], intent="faq_dairy_acne")
    call_command("export_labels", "--project-dir", str(project))
    out = capsys.readouterr().out
    assert "1 new labels" in out and "data/nlu/reviewed.yml" in out and "make train" in out
    entry = AuditEntry.objects.get(action="export_labels")
    assert entry.detail["nlu_train"] == 1 and entry.username == "export_labels"


def test_the_shipped_files_are_what_an_empty_export_writes(db, settings):
    """The repository's files are in the exporter's own format, so a first export only adds."""
    settings.LABELLING_REPO_ROOT = ROOT
    for path in (ex.NLU_TRAIN, ex.NLU_HELDOUT):
        assert ex.render_nlu(path, ex.read_nlu(ROOT / path)) == (ROOT / path).read_text()
    for path in (ex.ANSWERS_TRAIN, ex.ANSWERS_HELDOUT):
        assert ex.render_answers(path, ex.read_answers(ROOT / path)) == (ROOT / path).read_text()
