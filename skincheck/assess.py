"""Turns the answers into an assessment: band, score, lifestyle factors, urgency and reasons to see a doctor.

All rules and thresholds come from content/scoring.yml. A red flag short-circuits everything else: the only
output is the urgency and which red flags were raised.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Mapping, Optional

from skincheck.content import SKIPPED, Content
from skincheck.questions import raised_red_flags
from skincheck.scoring import band_for, first_rule, holds, item_sum


@dataclass(frozen=True)
class Assessment:
    concern: Optional[str]
    score: Optional[int]          # eczema-type symptom score; None for acne or when not scored
    score_max: Optional[int]
    band: Optional[str]           # None when too few answers to claim a band
    urgency: str                  # none | routine | see_doctor_today | emergency
    red_flags: list = field(default_factory=list)   # red-flag slots answered yes
    factors: list = field(default_factory=list)
    see_doctor: list = field(default_factory=list)  # reason codes (guidance.yml see_doctor.reasons)
    partial: bool = False         # some scored items were skipped: the score may be too low
    skipped_items: int = 0
    stress_score: Optional[int] = None
    stress_max: Optional[int] = None
    advice: list = field(default_factory=list)      # safety.yml message keys for raised red flags

    def summary(self) -> dict:
        """What a booking request or the staff console needs."""
        return {k: v for k, v in asdict(self).items() if k in ("concern", "band", "urgency", "factors")}


def assess(content: Content, answers: Mapping) -> Assessment:
    rules = content.scoring
    answers = _relevant(content, answers)
    concern = answers.get("concern") if answers.get("concern") != SKIPPED else None
    flags = raised_red_flags(content, answers)
    if flags:
        return _red_flag_assessment(rules["urgency"], concern, flags)

    score = score_max = band = None
    partial, skipped = False, 0
    ecz, acne = rules["eczema"], rules["acne"]
    if concern in ecz["concerns"]:
        score, answered = item_sum(answers, ecz["items"], ecz["item_scores"])
        score_max = len(ecz["items"]) * max(ecz["item_scores"].values())
        skipped = len(ecz["items"]) - answered
        partial = skipped > 0
        band = band_for(score, ecz["bands"]) if answered >= ecz["min_answered_for_band"] else None
    elif concern in acne["concerns"]:
        band = first_rule(acne["bands"], answers, "band")
        skipped = sum(1 for slot in acne["items"] if answers.get(slot) == SKIPPED)
        partial = skipped > 0

    stress = rules["stress"]
    stress_score, stress_answered = item_sum(answers, stress["items"], stress["item_scores"], stress["reverse"])
    facts = dict(answers, band=band, score=score, stress_score=stress_score if stress_answered else None)
    factors = [r["factor"] for r in rules["factors"] if holds(r["when"], facts)]
    reasons = [r["reason"] for r in rules["urgency"]["see_doctor"] if holds(r["when"], facts)]
    urgency = rules["urgency"]["with_reasons" if reasons else "without_reasons"]
    return Assessment(
        concern=concern, score=score, score_max=score_max, band=band, urgency=urgency, factors=factors,
        see_doctor=reasons, partial=partial, skipped_items=skipped,
        stress_score=facts["stress_score"],
        stress_max=len(stress["items"]) * max(stress["item_scores"].values()))


def _relevant(content: Content, answers: Mapping) -> dict:
    """Answers to questions that apply now: after "sorry I meant acne", old eczema answers must not count."""
    given = {k: v for k, v in answers.items() if v not in (None, "")}
    questions = content.index["questions"].questions
    return {k: v for k, v in given.items()
            if k not in questions or questions[k].ask_when is None or holds(questions[k].ask_when, given)}


def _red_flag_assessment(urgency_rules: Mapping, concern: Optional[str], flags: list) -> Assessment:
    levels = urgency_rules["levels"]
    raised = [urgency_rules["red_flags"][slot] for slot in flags if slot in urgency_rules["red_flags"]]
    raised.sort(key=lambda r: levels.index(r["urgency"]), reverse=True)  # most urgent advice first
    return Assessment(concern=concern, score=None, score_max=None, band=None,
                      urgency=raised[0]["urgency"] if raised else levels[-1], red_flags=flags,
                      advice=list(dict.fromkeys(r["advice"] for r in raised)))
