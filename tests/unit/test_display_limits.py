"""Every button title the assistant can send, in every language, fits WhatsApp: reply-button titles at most
20 characters, list-row titles at most 24 and descriptions at most 72 (longer ones are cut by WhatsApp, or
rejected). Titles come from content/*.yml and the domain responses; each group is also rendered through the
real WhatsApp renderer to prove nothing is shortened."""

from pathlib import Path

import pytest
import yaml

from channels.whatsapp.cloud_render import BUTTON_TITLE_LIMIT, ROW_DESCRIPTION_LIMIT, ROW_TITLE_LIMIT, render_cloud
from channels.whatsapp.shared_render import Option
from channels.whatsapp.shared_texts import load_channel_texts
from skincheck.booking import BUTTON_KEYS, load_booking_texts
from skincheck.branches import load_branches
from skincheck.language import load_language_rules
from skincheck.loader import load_content
from skincheck.texts import REVIEW_FLAG

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
LONGEST_PHONE = "+601112345678"  # a Malaysian mobile number as WhatsApp passes it

Titles = list[tuple[str, str, str]]  # (where, language, title)


def _entries(where: str, entry) -> Titles:
    return (
        [(where, lang, text) for lang, text in entry.items() if lang != REVIEW_FLAG] if isinstance(entry, dict) else []
    )


def content_titles() -> Titles:
    content = load_content(CONTENT)
    found: Titles = []
    for slot, question in content.questions["questions"].items():
        found += _entries(f"questions.{slot}.label", question["label"])
        options = question["options"]
        if isinstance(options, str):
            options = content.questions["option_sets"][options]
        for option in options:
            found += _entries(f"questions.{slot}.{option['value']}", option["title"])
    messages = content.messages
    found += _entries("messages.assessment.skip_button", messages["assessment"]["skip_button"])
    for key in ("button_agree", "button_decline"):
        found += _entries(f"messages.consent.{key}", messages["consent"][key])
    for key in ("something_else", "menu_button", "human_button"):
        found += _entries(f"fallback.{key}", content.fallback[key])
    for intent, entry in content.fallback["labels"].items():
        found += _entries(f"fallback.labels.{intent}", entry)
    rules = load_language_rules(CONTENT / "language.yml")
    found += [(f"language.buttons.{lang}", lang, title) for lang, title in rules.buttons.items()]
    branches = load_branches(CONTENT / "branches.yml")
    texts = load_booking_texts(CONTENT / "booking.yml", branches)
    for key in BUTTON_KEYS:
        for lang in texts.entry("booking", key):
            if lang == REVIEW_FLAG:
                continue
            for branch in branches:
                found.append(
                    (
                        f"booking.{key}",
                        lang,
                        texts.say("booking", key, lang, branch=branch.short_name, phone=LONGEST_PHONE),
                    )
                )
    return found


def domain_button_groups() -> dict[str, list[str]]:
    groups = {}
    for path in sorted((ROOT / "domain").glob("*.yml")):
        responses = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {}
        for name, variations in responses.items():
            for i, variation in enumerate(variations):
                if variation.get("buttons"):
                    language = next(
                        (c["value"] for c in variation.get("condition") or [] if c.get("name") == "language"), "en"
                    )
                    groups[f"{path.name}:{name}[{i}] ({language})"] = [b["title"] for b in variation["buttons"]]
    return groups


def test_every_title_fits_a_reply_button():
    titles = content_titles() + [(where, "", t) for where, group in domain_button_groups().items() for t in group]
    assert len(titles) > 200
    assert {lang for _, lang, _ in titles} >= {"en", "ms"}
    too_long = [(where, lang, title, len(title)) for where, lang, title in titles if len(title) > BUTTON_TITLE_LIMIT]
    assert too_long == []


def test_channel_labels_fit():
    texts = load_channel_texts(str(CONTENT))
    for lang, label in texts.entry("channels", "whatsapp.list_button_label").items():
        assert lang == REVIEW_FLAG or len(label) <= BUTTON_TITLE_LIMIT, lang


@pytest.mark.parametrize("where", sorted(domain_button_groups()))
def test_domain_button_groups_render_unshortened(where):
    texts = load_channel_texts(str(CONTENT))
    group = domain_button_groups()[where]
    options = [Option(title, f"/payload_{i}") for i, title in enumerate(group)]
    rendered = render_cloud("Question?", options, texts, "ms")
    interactive = [m["interactive"] for m in rendered.messages if m["type"] == "interactive"]
    assert interactive, "1-10 options become buttons or a list"
    if interactive[0]["type"] == "button":
        shown = [b["reply"]["title"] for b in interactive[0]["action"]["buttons"]]
        assert all(len(t) <= BUTTON_TITLE_LIMIT for t in shown)
    else:
        rows = interactive[0]["action"]["sections"][0]["rows"]
        shown = [r["title"] for r in rows]
        assert all(
            len(r["title"]) <= ROW_TITLE_LIMIT and len(r.get("description", "")) <= ROW_DESCRIPTION_LIMIT for r in rows
        )
    assert shown == group  # nothing cut short
