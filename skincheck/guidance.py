"""Chooses and fills the guidance texts (content/guidance.yml) for an assessment.

With a red flag only the urgent advice is given: diet tips next to "call 999" would bury the one thing
that matters.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from skincheck.assess import Assessment
from skincheck.content import Checker, Content
from skincheck.options import option_values
from skincheck.texts import pick

# No stress number: the stress questions are not a validated scale, so no text may show one.
PLACEHOLDERS = ("concern", "band", "score", "score_max", "factors", "skipped")


def guidance_messages(content: Content, assessment: Assessment, lang: str = "en") -> list[str]:
    if assessment.red_flags:
        return [str(pick(content.safety["messages"][key], lang)) for key in assessment.advice]
    g = content.guidance
    values = _values(content, assessment, lang)

    def say(entry: Mapping[str, Any]) -> str:
        return str(pick(entry, lang)).format_map(values)

    summary = g["summary"]
    if assessment.band is None and not assessment.scored_concern:
        parts = [say(summary["unscored"])]
    elif assessment.band is None:
        parts = [say(summary["no_band"])]
    elif assessment.score is None:
        parts = [say(summary["banded"])]
    else:
        parts = [say(summary["scored"])]
    if assessment.partial:
        parts.append(say(summary["partial"]))
    if assessment.factors:
        parts.append(say(summary["factors"]))
    else:
        parts.append(say(summary["no_factors" if assessment.lifestyle_enough else "few_lifestyle_answers"]))
    messages = [" ".join(parts)]
    if assessment.concern in g["skin_care"]:
        messages.append(say(g["skin_care"][assessment.concern]))
    # Routine red-flag advice (a changing mole) comes right after the summary: it matters more than diet tips.
    messages += [pick(content.safety["messages"][key], lang) for key in assessment.advice]
    messages += [say(g["factors"][factor]) for factor in assessment.factors]
    messages.append(say(g["probiotics_option"]))
    doctor = g["see_doctor"]
    if assessment.see_doctor:
        lines = [say(doctor["intro"])] + [f"- {say(doctor['reasons'][r])}" for r in assessment.see_doctor]
        messages.append("\n".join(lines))
    else:
        messages.append(say(doctor["general"]))
    messages.append(say(g["disclaimer"]))
    return messages


def _values(content: Content, a: Assessment, lang: str) -> dict[str, Any]:
    g = content.guidance
    labels = [pick(g["factor_labels"][f], lang) for f in a.factors]
    joiner = pick(g["list_and"], lang)
    factors = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} {joiner} {labels[-1]}" if labels else ""
    return {
        "concern": pick(g["concern_labels"][a.concern], lang) if a.concern else "",
        "band": pick(g["band_labels"][a.band], lang) if a.band else "",
        "score": "" if a.score is None else a.score,
        "score_max": "" if a.score_max is None else a.score_max,
        "factors": factors,
        "skipped": a.skipped_items,
    }


def validate(data: dict[str, Any], all_data: dict[str, Any], check: Checker) -> None:
    scoring = all_data["scoring"]

    def text(entry: Any, path: str) -> None:
        check.text(entry, path, placeholders=PLACEHOLDERS)

    bands = {b["band"] for b in scoring["eczema"]["bands"]} | {r["band"] for r in scoring["acne"]["bands"]}
    wanted = {
        "band_labels": bands,
        "concern_labels": set(option_values(all_data["questions"])["concern"]),
        "factor_labels": {r["factor"] for r in scoring["factors"]},
        "factors": {r["factor"] for r in scoring["factors"]},
        "summary": {
            "scored",
            "banded",
            "no_band",
            "unscored",
            "partial",
            "factors",
            "no_factors",
            "few_lifestyle_answers",
        },
        "skin_care": set(option_values(all_data["questions"])["concern"]),
    }
    for block, keys in wanted.items():
        entries = check.get(data, block, "", dict)
        for key in sorted(keys):
            text(check.get(entries, key, block), f"{block}.{key}")
    doctor = check.get(data, "see_doctor", "", dict)
    for key in ("intro", "general"):
        text(check.get(doctor, key, "see_doctor"), f"see_doctor.{key}")
    reasons = check.get(doctor, "reasons", "see_doctor", dict)
    for rule in scoring["urgency"]["see_doctor"]:
        text(check.get(reasons, rule["reason"], "see_doctor.reasons"), f"see_doctor.reasons.{rule['reason']}")
    text(check.get(data, "disclaimer", ""), "disclaimer")
    text(check.get(data, "probiotics_option", ""), "probiotics_option")
    text(check.get(data, "list_and", ""), "list_and")
