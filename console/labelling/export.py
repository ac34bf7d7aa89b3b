"""Writes the labels into the project's data (`manage.py export_labels`, `make export-labels`).

- intents (and "out of scope") -> data/nlu/reviewed.yml, Rasa NLU YAML, one item per example with
  a comment and metadata naming the console conversation it came from;
- answers at assessment questions -> content/reviewed_answers.yml, read and validated by the engine
  at start-up (skincheck/reviewed_answers.py);
- a fixed share (one in LABELLING_HELDOUT_EVERY, chosen by a hash of the text, so the same text
  always lands on the same side) goes instead to the held-out sets tests/data/reviewed_nlu_heldout.yml
  and tests/data/reviewed_answers_heldout.yml, which training never sees.

The files are regenerated from what they already hold plus the labels, sorted, so exporting again
changes nothing and duplicates nothing; a label changed since the last export replaces its entry,
and "ignore" removes it. Files are only written when their text changes (make train stays fresh).
"""

import dataclasses
import hashlib
import json
import re
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import choices
from .models import Label

NLU_TRAIN = Path("data/nlu/reviewed.yml")
NLU_HELDOUT = Path("tests/data/reviewed_nlu_heldout.yml")
ANSWERS_TRAIN = Path("content/reviewed_answers.yml")
ANSWERS_HELDOUT = Path("tests/data/reviewed_answers_heldout.yml")
CURATED_NLU = (Path("data/nlu"), Path("tests/test_nlu.yml"))

NLU_HEADER = {
    NLU_TRAIN: (
        '# Real messages staff labelled in the console ("Needs labelling"), written by `make export-labels`.\n'
        "# Each example names the console conversation it came from. Edit labels in the console, then\n"
        "# export again; one in {every} labelled texts goes to tests/data/reviewed_nlu_heldout.yml instead.\n"
    ),
    NLU_HELDOUT: (
        "# HELD-OUT share of the messages staff labelled in the console, written by `make export-labels`.\n"
        "# Never used for training (make test-rasa measures the model on it together with tests/test_nlu.yml).\n"
    ),
}
ANSWERS_HEADER = {
    ANSWERS_TRAIN: (
        '# Typed answers staff labelled in the console ("Needs labelling"), written by `make export-labels`.\n'
        "# The assistant reads them at start-up: the same words at the same question give the labelled value.\n"
        "# Each entry names the console conversation it came from. Edit labels in the console, then export again.\n"
    ),
    ANSWERS_HELDOUT: (
        "# HELD-OUT share of the typed answers staff labelled in the console, written by `make export-labels`.\n"
        "# Never read by the assistant; tests/unit/test_reviewed_answers.py measures the parser on it.\n"
    ),
}


@dataclasses.dataclass
class Entry:
    text: str
    target: str  # the intent, or the answer value
    conversation: int | None
    slot: str = ""


@dataclasses.dataclass
class ExportReport:
    nlu_train: int = 0
    nlu_heldout: int = 0
    answers_train: int = 0
    answers_heldout: int = 0
    new_labels: int = 0
    skipped: list[str] = dataclasses.field(default_factory=list)
    written: list[str] = dataclasses.field(default_factory=list)


def key(text: str) -> str:
    """Same comparison as tests/unit/test_nlu_data.py: lower case, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def is_heldout(text: str) -> bool:
    digest = hashlib.sha256(key(text).encode()).hexdigest()
    return int(digest[:8], 16) % settings.LABELLING_HELDOUT_EVERY == 0


def clean_text(text: str) -> str:
    # One line; square brackets would read as Rasa entity annotations.
    return " ".join(text.replace("[", "(").replace("]", ")").split())


# ---------------------------------------------------------------- reading what is there


def read_nlu(path: Path) -> dict[str, Entry]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = {}
    for item in data.get("nlu") or []:
        if not isinstance(item, dict) or "intent" not in item:
            continue
        conversation = (item.get("metadata") or {}).get("conversation")
        for line in str(item.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- ") and line[2:].strip():
                text = line[2:].strip()
                entries[key(text)] = Entry(text, item["intent"], conversation)
    return entries


def read_answers(path: Path) -> dict[tuple[str, str], Entry]:
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    entries = {}
    for slot, items in (data.get("answers") or {}).items():
        for item in items or []:
            entries[(slot, key(item["text"]))] = Entry(item["text"], item["value"], item.get("conversation"), slot)
    return entries


def curated_intents(root: Path) -> dict[str, str]:
    """Normalised text -> intent of every hand-written example (training data and held-out test)."""
    owners = {}
    paths = [p for p in sorted((root / CURATED_NLU[0]).glob("*.yml")) if p.name != NLU_TRAIN.name]
    for path in paths + [root / CURATED_NLU[1]]:
        if not path.exists():
            continue
        for k, entry in read_nlu(path).items():
            owners.setdefault(k, entry.target)
    return owners


# ---------------------------------------------------------------- writing


def render_nlu(path: Path, entries: dict[str, Entry]) -> str:
    lines = [NLU_HEADER[path].format(every=settings.LABELLING_HELDOUT_EVERY).rstrip("\n"), 'version: "3.1"']
    if not entries:
        return "\n".join(lines + ["nlu: []", ""])
    lines.append("nlu:")
    for k in sorted(entries, key=lambda k: (entries[k].target, k)):
        e = entries[k]
        source = f"conversation {e.conversation}" if e.conversation else "source unknown"
        lines += [f"# {source}", f"- intent: {e.target}"]
        if e.conversation:
            lines += ["  metadata:", f"    conversation: {int(e.conversation)}"]
        lines += ["  examples: |", f"    - {e.text}"]
    return "\n".join(lines) + "\n"


def render_answers(path: Path, entries: dict[tuple[str, str], Entry]) -> str:
    lines = [ANSWERS_HEADER[path].rstrip("\n")]
    if not entries:
        return "\n".join(lines + ["answers: {}", ""])
    order = {slot: i for i, slot in enumerate(choices.question_slots())}
    lines.append("answers:")
    slot = None
    for slot_key in sorted(entries, key=lambda k: (order.get(k[0], len(order)), k[0], k[1])):
        e = entries[slot_key]
        if e.slot != slot:
            slot = e.slot
            lines.append(f"  {slot}:")
        lines.append(f"    # conversation {e.conversation}" if e.conversation else "    # source unknown")
        lines.append(f"    - text: {json.dumps(e.text, ensure_ascii=False)}")
        lines.append(f"      value: {json.dumps(e.target)}")
        if e.conversation:
            lines.append(f"      conversation: {int(e.conversation)}")
    return "\n".join(lines) + "\n"


def _write(root: Path, path: Path, text: str, report: ExportReport) -> None:
    target = root / path
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(target)
    report.written.append(str(path))


# ---------------------------------------------------------------- the export


def export_labels(root: Path | None = None) -> ExportReport:
    root = Path(root or settings.LABELLING_REPO_ROOT)
    report = ExportReport()
    nlu = {NLU_TRAIN: read_nlu(root / NLU_TRAIN), NLU_HELDOUT: read_nlu(root / NLU_HELDOUT)}
    answers = {ANSWERS_TRAIN: read_answers(root / ANSWERS_TRAIN), ANSWERS_HELDOUT: read_answers(root / ANSWERS_HELDOUT)}
    curated = curated_intents(root)
    known_intents = set(choices.all_intents())
    with transaction.atomic():
        labels = list(Label.objects.select_for_update().order_by("id"))
        for label in labels:
            text = clean_text(label.text)
            k = key(text)
            # A label replaces whatever an earlier export wrote for it (its text may have changed too).
            for old in {k, key(label.exported_text)} - {""}:
                for entries in nlu.values():
                    entries.pop(old, None)
                for entries in answers.values():
                    entries.pop((label.slot, old), None)
            label.exported_text = text if label.kind != Label.IGNORE else ""
            if label.kind == Label.IGNORE or not k:
                continue
            heldout = is_heldout(text)
            if label.kind == Label.ANSWER:
                if label.value not in {v for v, _ in choices.answer_options(label.slot)}:
                    report.skipped.append(f"label {label.pk}: {label.value!r} is no longer an answer to {label.slot}")
                    continue
                target = ANSWERS_HELDOUT if heldout else ANSWERS_TRAIN
                answers[target][(label.slot, k)] = Entry(text, label.value, label.conversation, label.slot)
            else:
                intent = label.intent or "out_of_scope"
                if intent not in known_intents:
                    report.skipped.append(f"label {label.pk}: intent {intent!r} is not in the domain")
                    continue
                owner = curated.get(k)
                if owner is not None:
                    why = "already an example" if owner == intent else f"an example of {owner} already"
                    report.skipped.append(f"label {label.pk}: {why} in the hand-written data")
                    continue
                nlu[NLU_HELDOUT if heldout else NLU_TRAIN][k] = Entry(text, intent, label.conversation)
            if label.exported_at is None:
                report.new_labels += 1
        for path, entries in nlu.items():
            _write(root, path, render_nlu(path, entries), report)
        for path, entries in answers.items():
            _write(root, path, render_answers(path, entries), report)
        now = timezone.now()
        for lb in labels:
            if lb.exported_at is None:
                lb.exported_at = now
        Label.objects.bulk_update(labels, ["exported_at", "exported_text"], batch_size=200)
    report.nlu_train, report.nlu_heldout = len(nlu[NLU_TRAIN]), len(nlu[NLU_HELDOUT])
    report.answers_train, report.answers_heldout = len(answers[ANSWERS_TRAIN]), len(answers[ANSWERS_HELDOUT])
    return report
