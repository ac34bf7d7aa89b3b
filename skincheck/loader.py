"""Reads the assessment content files once, validates each with its engine module, and indexes them.

The one place that knows every content file: the engine modules depend on skincheck.content (the
shared helpers), and this module depends on them, so nothing imports in a circle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from skincheck import asking, corrections, guidance, privacy, questions, reviewed_answers, safety, scoring, urgency
from skincheck.content import BUTTON_TITLE_LIMIT, Checker, Content, read_yaml_mapping
from skincheck.options import option_values
from skincheck.texts import Texts

FILES = ("questions", "scoring", "guidance", "safety", "messages", "fallback")


def _validate_messages(data: dict[str, Any], check: Checker) -> None:
    """messages.yml: every sentence the actions say about the assessment and consent."""
    block = check.get(data, "assessment", "", dict)
    for key in (
        "not_understood",
        "skipped",
        "skip_not_allowed",
        "answer_updated",
        "which_answer",
        "assessment_stopped",
        "correction_not_understood",
        "concern_not_confirmed",
    ):
        check.text(check.get(block, key, "assessment"), f"assessment.{key}", placeholders=("question",))
    check.text(
        check.get(block, "confirm_concern", "assessment"), "assessment.confirm_concern", placeholders=("concern",)
    )
    check.text(check.get(block, "skip_button", "assessment"), "assessment.skip_button", limit=BUTTON_TITLE_LIMIT)
    asking = check.get(data, "asking", "", dict)
    for key, names in (
        ("progress", ("n", "total")),
        ("help", ("example",)),
        ("help_no_skip", ("example",)),
        ("default_example", ()),
        ("welcome_back", ("answered",)),
    ):
        check.text(check.get(asking, key, "asking"), f"asking.{key}", placeholders=names)
    for key in ("continue_button", "start_over_button"):
        check.text(check.get(asking, key, "asking"), f"asking.{key}", limit=BUTTON_TITLE_LIMIT)
    if not isinstance(check.get(asking, "resume_after_minutes", "asking"), int):
        check.fail("asking.resume_after_minutes", "must be a whole number of minutes")
    consent = check.get(data, "consent", "", dict)
    version = check.get(consent, "version", "consent")
    if not isinstance(version, str) or not version.strip():
        check.fail("consent.version", "must be a non-empty string (quote dates)")
    check.text(check.get(data, "restarted", ""), "restarted")
    decline = check.get(consent, "decline_words", "consent", dict)
    for lang, words in decline.items():
        check.strings(words, f"consent.decline_words.{lang}")
    for key in ("recorded", "declined", "required"):  # the notice: skincheck.privacy.validate
        check.text(check.get(consent, key, "consent"), f"consent.{key}")
    for key in ("agree", "decline"):
        check.text(check.get(consent, f"button_{key}", "consent"), f"consent.button_{key}", limit=BUTTON_TITLE_LIMIT)
    handoff = check.get(data, "handoff", "", dict)
    for key in ("requested", "staff_joined", "assistant_back"):
        check.text(check.get(handoff, key, "handoff"), f"handoff.{key}")


def _validate_fallback(data: dict[str, Any], check: Checker) -> None:
    """fallback.yml: a short button label per intent for "did you mean ...?"."""
    for key in ("did_you_mean", "ask_rephrase", "give_up"):
        check.text(check.get(data, key, ""), key)
    for key in ("something_else", "menu_button", "human_button"):
        check.text(check.get(data, key, ""), key, limit=BUTTON_TITLE_LIMIT)
    labels = check.get(data, "labels", "", dict)
    for intent, entry in labels.items():
        check.text(entry, f"labels.{intent}", limit=BUTTON_TITLE_LIMIT)


def _read(directory: Path, name: str) -> tuple[str, dict[str, Any]]:
    return read_yaml_mapping(f"{directory.as_posix().rstrip('/')}/{name}.yml")


def load_content(content_dir: str | Path = "content") -> Content:
    """Read, validate and index all assessment content. Call once at start-up."""
    directory = Path(content_dir)
    files: dict[str, str] = {}
    data: dict[str, dict[str, Any]] = {}
    for name in FILES:
        files[name], data[name] = _read(directory, name)
    questions.validate(data["questions"], Checker(files["questions"]))
    scoring.validate(data["scoring"], data["questions"], Checker(files["scoring"]))
    safety.validate(data["safety"], Checker(files["safety"]))
    urgency.validate(data["scoring"], data["questions"], Checker(files["scoring"]))
    urgency.check_advice(data["scoring"], data["safety"], Checker(files["scoring"]))
    safety.check_presentations(data["safety"], data["scoring"], data["questions"], Checker(files["safety"]))
    guidance.validate(data["guidance"], data, Checker(files["guidance"]))
    _validate_messages(data["messages"], Checker(files["messages"]))
    _validate_fallback(data["fallback"], Checker(files["fallback"]))
    corrections.validate(data["questions"], Checker(files["questions"]))
    clinic_file = directory / "clinic.yml"  # filled in by the clinic; absent means nothing confirmed yet
    _, clinic = read_yaml_mapping(clinic_file) if clinic_file.exists() else ("", {})
    privacy.validate(data["messages"], clinic, Checker(files["messages"]), Checker(clinic_file.as_posix()))
    texts = Texts(data, files)
    texts.check_languages()
    content = Content(directory=str(directory), clinic=clinic, **data, texts=texts)
    content.index["questions"] = questions.build_index(content)
    content.index["safety"] = safety.build_index(content)
    content.index["corrections"] = corrections.build_index(content)  # uses the questions index
    # Answers staff labelled in the console (optional file, written by `make export-labels`).
    content.index[reviewed_answers.INDEX_KEY] = reviewed_answers.load(
        directory, data["questions"], option_values(data["questions"]), content.index["questions"].language
    )
    content.index["question_cues"] = asking.build_cue_index(content)  # uses the questions index
    return content
