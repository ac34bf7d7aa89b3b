"""The red-flag screen: every presentation's tier, the most urgent advice wins, age rules, the one fever rule,
and the same answers whether they come from the screening questions or from typed text."""

import itertools
import shutil
from pathlib import Path

import pytest
import yaml

from skincheck.assess import assess
from skincheck.content import ContentError
from skincheck.loader import load_content
from skincheck.questions import next_questions
from skincheck.safety import screen_text
from skincheck.urgency import evaluate, screen_over
from tests.support.scopes import content_scope

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"

TIER = {
    "rf_swelling_breathing": "emergency",
    "rf_emergency_signs": "emergency",
    "rf_fever_unwell": "see_doctor_today",
    "rf_spreading_redness": "see_doctor_today",
    "rf_blisters_sores": "see_doctor_today",
    "rf_weak_immunity": "see_doctor_today",
    "rf_mole": "routine",
}
LEVELS = ["none", "routine", "see_doctor_today", "emergency"]
# What a person might type for each presentation, with the tier and the advice it must get.
TYPED = [
    ("my lips are swelling", "emergency", "emergency"),
    ("hives all over and I fainted", "emergency", "emergency"),
    ("hives and now vomiting", "emergency", "emergency"),
    ("a purple rash that doesn't fade when I press a glass on it", "emergency", "non_blanching_rash"),
    ("the spots do not fade when pressed", "emergency", "non_blanching_rash"),
    ("ruam tak hilang bila tekan gelas", "emergency", "non_blanching_rash"),
    ("skin peeling and blisters after starting a new antibiotic", "emergency", "severe_drug_reaction"),
    ("mouth sores after taking new medicine", "emergency", "severe_drug_reaction"),
    ("the pain is much worse than it looks", "emergency", "necrotising_infection"),
    ("a dusky patch spreading fast on my leg", "emergency", "necrotising_infection"),
    ("redness all over my body", "emergency", "whole_body_redness"),
    ("my whole body is red", "emergency", "whole_body_redness"),
    ("feeling very unwell", "emergency", "very_unwell"),
    ("he is floppy and hard to wake", "emergency", "very_unwell"),
    ("I have a fever", "see_doctor_today", "fever_unwell"),
    ("the redness is spreading", "see_doctor_today", "spreading_redness"),
    ("painful blisters near my eye", "see_doctor_today", "blisters_sores"),
    ("I have a weak immune system", "see_doctor_today", "weak_immunity"),
    ("I'm on chemo and got a rash", "see_doctor_today", "weak_immunity"),
    ("my mole is bleeding", "routine", "mole"),
    ("a mole that keeps changing colour", "routine", "mole"),
]


@pytest.fixture(scope=content_scope)
def content():
    return load_content(CONTENT)


def adult(**answers):
    return {**dict.fromkeys(TIER, "no"), "age_group": "adult", **answers}


# ---------------------------------------------------------------- questions


@pytest.mark.parametrize("flag", list(TIER))
def test_each_red_flag_alone_has_its_tier(content, flag):
    found = evaluate(content, adult(**{flag: "yes"}))
    assert found.level == TIER[flag] and found.flags == (flag,)
    result = assess(content, adult(**{flag: "yes"}, concern="acne"))
    assert result.urgency == TIER[flag]


@pytest.mark.parametrize("pair", list(itertools.combinations(TIER, 2)))
def test_with_any_other_red_flag_the_most_urgent_tier_wins(content, pair):
    found = evaluate(content, adult(**dict.fromkeys(pair, "yes")))
    expected = max((TIER[flag] for flag in pair), key=LEVELS.index)
    if set(pair) in ({"rf_fever_unwell", "rf_spreading_redness"}, {"rf_fever_unwell", "rf_weak_immunity"}):
        expected = "emergency"  # combinations in scoring.yml
    assert found.level == expected
    if expected == "emergency":  # only emergency advice: "see a doctor today" would water it down
        tiers = {key: tier for tier, key in _advice_tiers(content)}
        assert all(tiers[key] == "emergency" for key in found.advice)


def _advice_tiers(content):
    rules = content.scoring["urgency"]
    yield from ((r["urgency"], r["advice"]) for r in rules["red_flags"].values())
    yield from ((c["urgency"], c["advice"]) for c in rules["combinations"])


def test_every_red_flag_together_gives_emergency_advice_first(content):
    found = evaluate(content, adult(**dict.fromkeys(TIER, "yes")))
    assert found.level == "emergency" and found.advice[0] == "emergency"


def test_doctor_today_and_routine_advice_are_all_given_most_urgent_first(content):
    found = evaluate(content, adult(rf_blisters_sores="yes", rf_mole="yes"))
    assert found.level == "see_doctor_today" and found.advice == ("blisters_sores", "mole")


def test_fever_with_spreading_redness_is_an_emergency(content):
    found = evaluate(content, adult(rf_fever_unwell="yes", rf_spreading_redness="yes"))
    assert (found.level, found.advice) == ("emergency", ("fever_spreading",))


@pytest.mark.parametrize(
    "age,level,advice",
    [
        ("baby", "emergency", ("fever_baby",)),
        ("child", "see_doctor_today", ("fever_child",)),
        ("adult", "see_doctor_today", ("fever_unwell",)),
    ],
)
def test_age_changes_the_fever_threshold(content, age, level, advice):
    found = evaluate(content, adult(rf_fever_unwell="yes", age_group=age))
    assert (found.level, found.advice) == (level, advice)


@pytest.mark.parametrize("age", ["baby", "child", "adult"])
def test_without_fever_age_alone_raises_nothing(content, age):
    assert evaluate(content, adult(age_group=age)).level == "none"


def test_a_child_with_fever_and_a_more_urgent_sign_gets_the_more_urgent_advice(content):
    found = evaluate(content, adult(rf_fever_unwell="yes", rf_spreading_redness="yes", age_group="child"))
    assert found.level == "emergency" and found.advice == ("fever_spreading",)


def test_baby_with_fever_stops_the_screen_at_once(content):
    answers = {"rf_swelling_breathing": "no", "rf_emergency_signs": "no", "age_group": "baby", "rf_fever_unwell": "yes"}
    assert next_questions(content, answers) == []
    result = assess(content, answers)
    assert result.urgency == "emergency" and result.advice == ["fever_baby"]


def test_every_screening_question_is_asked_before_doctor_today_advice(content):
    answers = {
        "rf_swelling_breathing": "no",
        "rf_emergency_signs": "no",
        "age_group": "adult",
        "rf_fever_unwell": "yes",
    }
    assert next_questions(content, answers)[0] == "rf_spreading_redness"
    answers["rf_spreading_redness"] = "yes"  # the second "yes" makes it an emergency: stop now
    assert next_questions(content, answers) == []


def test_doctor_today_advice_waits_for_the_age_question(content):
    # every red flag answered and only a fever: a baby with a fever is an emergency, so the age is still asked
    answers = {**dict.fromkeys(TIER, "no"), "rf_fever_unwell": "yes"}
    assert not screen_over(content, answers) and next_questions(content, answers)[0] == "age_group"
    assert not screen_over(content, {**answers, "age_group": ""})  # a cleared answer is no answer
    assert screen_over(content, {**answers, "age_group": "adult"})


def test_the_fever_question_asks_about_fever_only(content):
    prompt = content.questions["questions"]["rf_fever_unwell"]["prompt"]["en"].lower()
    assert "fever" in prompt and "unwell" not in prompt


def test_one_fever_rule_everywhere(content):
    """The rule: drowsy/confused/breathless/very unwell -> 999 or emergency department; fever with a spreading red
    area -> emergency department; fever alone with a rash -> doctor today. The FAQ quotes it word for word."""
    rule = content.safety["messages"]["fever_unwell"]["en"]
    for words in (
        "doctor today",
        "999",
        "emergency department",
        "drowsy",
        "confused",
        "breathless",
        "very unwell",
        "spreading",
    ):
        assert words in rule
    faq = yaml.safe_load((ROOT / "domain/faq.yml").read_text(encoding="utf-8"))
    english = [v for v in faq["responses"]["utter_faq_is_diagnosis"] if not v.get("condition")]
    assert rule in english[0]["text"]
    malay = [v for v in faq["responses"]["utter_faq_is_diagnosis"] if v.get("condition")]
    assert content.safety["messages"]["fever_unwell"]["ms"] in malay[0]["text"]  # the same rule in Malay
    assert "999" in content.safety["messages"]["very_unwell"]["en"]
    assert "emergency department now" in content.safety["messages"]["fever_spreading"]["en"]
    assert "emergency department now" in content.safety["messages"]["spreading_redness"]["en"]


# ---------------------------------------------------------------- typed text


@pytest.mark.parametrize("text,level,advice", TYPED)
def test_each_presentation_is_caught_in_typed_text_with_its_tier(content, text, level, advice):
    hit = screen_text(content, text)
    assert (hit.kind, hit.level, hit.message_key) == ("red_flag", level, advice)


@pytest.mark.parametrize("first,second", list(itertools.combinations(TYPED[::3], 2)))
def test_typed_presentations_together_the_most_urgent_wins(content, first, second):
    hit = screen_text(content, f"{first[0]}, and also {second[0]}")
    assert hit.level == max(first[1], second[1], key=LEVELS.index)


@pytest.mark.parametrize(
    "text,advice",
    [
        ("fever and the red patch is spreading fast", "fever_spreading"),
        ("demam dan kulit merah merebak cepat", "fever_spreading"),
        ("my 2 month old baby has a fever", "fever_baby"),
        ("newborn with demam and rash", "fever_baby"),
        ("my 6 week old has a high temperature", "fever_baby"),
        ("fever, and I'm on chemotherapy", "fever_weak_immunity"),
    ],
)
def test_typed_combinations_are_emergencies(content, text, advice):
    hit = screen_text(content, text)
    assert (hit.level, hit.message_key) == ("emergency", advice)


def test_typed_fever_for_a_child_gets_the_child_advice(content):
    hit = screen_text(content, "my son has a fever and a rash")
    assert (hit.level, hit.message_key) == ("see_doctor_today", "fever_child")


def test_typed_text_combines_with_screening_answers_already_given(content):
    hit = screen_text(content, "it's spreading quickly now", known={"rf_fever_unwell": "yes"})
    assert (hit.level, hit.message_key) == ("emergency", "fever_spreading")
    hit = screen_text(content, "she has a fever", known={"age_group": "baby"})
    assert (hit.level, hit.message_key) == ("emergency", "fever_baby")
    assert screen_text(content, "ok", known={"rf_fever_unwell": "yes"}) is None  # nothing new typed


@pytest.mark.parametrize(
    "text",
    [
        "no fever and not spreading",
        "the rash fades when I press it",
        "I am so sick of this acne",
        "rash on my arms",
        "dark spots on my face",
        "no hives",
        "my mole hasn't changed",
        "a 3 month course of cream",
        "I'm confused about which cream to use",
        "my pimples are painful",
    ],
)
def test_ordinary_messages_are_not_red_flags(content, text):
    assert screen_text(content, text) is None


def test_an_emergency_comes_before_crisis_support_and_crisis_before_the_rest(content):
    assert screen_text(content, "I can't breathe and I want to die").message_key == "emergency"
    assert screen_text(content, "I have a fever and I want to die").kind == "self_harm"


# ---------------------------------------------------------------- content checks


@pytest.fixture
def broken(tmp_path):
    for path in CONTENT.glob("*.yml"):
        shutil.copy(path, tmp_path / path.name)

    def edit(file, change):
        path = tmp_path / f"{file}.yml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        with pytest.raises(ContentError) as error:
            load_content(tmp_path)
        return str(error.value)

    return edit


def test_a_red_flag_question_without_a_tier_fails(broken):
    error = broken("scoring", lambda d: d["urgency"]["red_flags"]["rf_mole"].pop("urgency"))
    assert "scoring.yml: urgency.red_flags.rf_mole.urgency: missing" in error
    error = broken(
        "scoring",
        lambda d: (
            d["urgency"]["red_flags"].update(rf_mole={"urgency": "routine", "advice": "mole"})
            or d["urgency"]["red_flags"].pop("rf_weak_immunity")
        ),
    )
    assert "no urgency tier for red-flag question rf_weak_immunity" in error


def test_a_free_text_red_flag_without_a_tier_fails(broken):
    error = broken("safety", lambda d: d["rules"][2].pop("level"))
    assert "safety.yml: rules[2].level: missing" in error


def test_a_free_text_red_flag_must_match_its_question_tier_and_be_asked(broken):
    def lower(d):
        d["rules"][2]["level"] = "see_doctor_today"

    assert "differs from the tier of question rf_emergency_signs" in broken("safety", lower)

    def unasked(d):
        d["rules"][2]["level"] = "emergency"
        d["rules"][2]["question"] = "concern"

    assert "rules[2].question: 'concern' is not a red-flag question" in broken("safety", unasked)


def test_a_combination_needs_known_facts_and_a_tier(broken):
    def typo(d):
        d["urgency"]["combinations"][0]["when"]["all"][0]["fact"] = "rf_fevr"

    assert "unknown fact 'rf_fevr'" in broken("scoring", typo)

    def no_tier(d):
        d["urgency"]["combinations"][0]["when"]["all"][0]["fact"] = "rf_fever_unwell"
        d["urgency"]["combinations"][0]["urgency"] = "soon"

    assert "urgency.combinations[0].urgency: unknown tier 'soon'" in broken("scoring", no_tier)


def test_child_fever_advice_still_warns_about_babies_under_3_months(content):
    """ "my baby has a fever" gives no age: the child advice must still carry the under-3-months rule."""
    hit = screen_text(content, "my baby has a fever")
    assert hit.message_key == "fever_child"
    assert "under 3 months" in content.safety["messages"]["fever_child"]["en"]
