"""Turns the answers into an assessment: band, score, lifestyle factors, urgency and reasons to see a doctor.

All rules and thresholds come from content/scoring.yml. A red flag at doctor-today tier or above short-circuits
everything else: the only output is the urgency, the red flags raised and their advice. A routine red flag
(a changing mole) adds its advice to the usual assessment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from skincheck import urgency as urgency_rules
from skincheck.content import SKIPPED, Content
from skincheck.scoring import band_for, first_rule, holds, item_sum


@dataclass(frozen=True)
class Assessment:
    concern: str | None
    score: int | None  # eczema-type symptom score; None for acne or when not scored
    score_max: int | None
    band: str | None  # None when too few answers to claim a band
    urgency: str  # none | routine | see_doctor_today | emergency
    red_flags: list[Any] = field(
        default_factory=list
    )  # red-flag slots answered yes, when they cut the assessment short
    factors: list[Any] = field(default_factory=list)
    see_doctor: list[Any] = field(default_factory=list)  # reason codes (guidance.yml see_doctor.reasons)
    partial: bool = False  # some scored items were skipped: the score may be too low
    skipped_items: int = 0
    stress_score: int | None = None
    stress_max: int | None = None
    advice: list[Any] = field(default_factory=list)  # safety.yml message keys for raised red flags, most urgent first
    scored_concern: bool = False  # a concern with a checked scoring (eczema, acne); others get advice without one
    lifestyle_answered: int = 0  # food and lifestyle questions answered (not skipped)
    lifestyle_enough: bool = False  # enough answered to say "looks good overall" when no factor applies

    def summary(self) -> dict[str, Any]:
        """What a booking request or the staff console needs."""
        return {k: v for k, v in asdict(self).items() if k in ("concern", "band", "urgency", "factors")}


def assess(content: Content, answers: Mapping[str, Any]) -> Assessment:
    rules = content.scoring
    answers = _relevant(content, answers)
    concern = answers.get("concern") if answers.get("concern") != SKIPPED else None
    screen = urgency_rules.evaluate(content, answers)
    if screen.level != urgency_rules.NONE and urgency_rules.cuts_assessment_short(content, screen.level):
        return Assessment(
            concern=concern,
            score=None,
            score_max=None,
            band=None,
            urgency=screen.level,
            red_flags=list(screen.flags),
            advice=list(screen.advice),
        )

    score = score_max = band = None
    partial, skipped = False, 0
    ecz, acne = rules["eczema"], rules["acne"]
    if concern in ecz["concerns"]:
        total, answered = item_sum(answers, ecz["items"], ecz["item_scores"])
        skipped = len(ecz["items"]) - answered
        partial = skipped > 0
        if answered >= ecz["min_answered_for_band"]:  # POEM: one missing item counts 0, two or more: no score
            score, band = total, band_for(total, ecz["bands"])
            score_max = len(ecz["items"]) * max(ecz["item_scores"].values())
    elif concern in acne["concerns"]:
        band = first_rule(acne["bands"], answers, "band")
        skipped = sum(1 for slot in acne["items"] if answers.get(slot) == SKIPPED)
        partial = skipped > 0

    stress = rules["stress"]
    stress_score, stress_answered = item_sum(answers, stress["items"], stress["item_scores"], stress["reverse"])
    facts = dict(answers, band=band, score=score, stress_score=stress_score if stress_answered else None)
    lifestyle = rules["lifestyle"]
    lifestyle_answered = sum(1 for slot in lifestyle["questions"] if answers.get(slot) not in (None, "", SKIPPED))
    factors = [r["factor"] for r in rules["factors"] if holds(r["when"], facts)]
    reasons = [r["reason"] for r in rules["urgency"]["see_doctor"] if holds(r["when"], facts)]
    urgency = rules["urgency"]["with_reasons" if reasons else "without_reasons"]
    levels = rules["urgency"]["levels"]
    urgency = max(urgency, screen.level, key=levels.index)  # a routine red flag (changing mole) counts too
    return Assessment(
        concern=concern,
        score=score,
        score_max=score_max,
        band=band,
        urgency=urgency,
        factors=factors,
        see_doctor=reasons,
        partial=partial,
        skipped_items=skipped,
        scored_concern=concern in ecz["concerns"] or concern in acne["concerns"],
        lifestyle_answered=lifestyle_answered,
        lifestyle_enough=lifestyle_answered >= lifestyle["min_answered_for_all_clear"],
        stress_score=facts["stress_score"],
        stress_max=len(stress["items"]) * max(stress["item_scores"].values()),
        advice=list(screen.advice),
    )


def _relevant(content: Content, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Answers to questions that apply now: after "sorry I meant acne", old eczema answers must not count."""
    given = {k: v for k, v in answers.items() if v not in (None, "")}
    questions = content.index["questions"].questions
    return {
        k: v
        for k, v in given.items()
        if k not in questions or questions[k].ask_when is None or holds(questions[k].ask_when, given)
    }
