"""Every message is screened for red flags and self-harm; ordinary answers and negations must not trip it."""

from pathlib import Path

import pytest

from skincheck.loader import load_content
from skincheck.safety import SafetyHit, message, messages, screen_text
from tests.support.scopes import content_scope


@pytest.fixture(scope=content_scope)
def content():
    return load_content(Path(__file__).resolve().parents[2] / "content")


@pytest.mark.parametrize(
    "text",
    [
        "cant breathe",
        "I can't breathe properly",
        "sesak nafas",
        "susah nak bernafas",
        "tak boleh bernafas",
        "saya tak boleh bernafas",  # the "tak" is part of the sign, also after another word
        "my lips swelling",
        "lips are swollen",
        "bibir bengkak",
        "swollen tongue",
        "my face is swelling up",
        "throat feels tight",
        "no fever but I cant breathe",
        "no, I have trouble breathing",
        "shortness of breath lah",
    ],
)
def test_emergency_language(content, text):
    assert screen_text(content, text) == SafetyHit("red_flag", "emergency", "emergency")


@pytest.mark.parametrize(
    "text,key",
    [
        ("demam with rash", "fever_unwell"),
        ("I have a fever", "fever_unwell"),
        ("the redness is spreading fast", "spreading_redness"),
        ("red hot and painful", "spreading_redness"),
        ("painful blisters near my eye", "blisters_sores"),
        ("open sores around my mouth", "blisters_sores"),
    ],
)
def test_see_doctor_today_language(content, text, key):
    assert screen_text(content, text) == SafetyHit("red_flag", "see_doctor_today", key)


@pytest.mark.parametrize(
    "text",
    [
        "I want to kill myself",
        "kill myself",
        "bunuh diri",
        "rasa nak mati",
        "I don't want to live anymore",
        "thinking of suicide",
        "I keep hurting myself",
        "better off dead",
        "I don't see any reason to stay alive",
        "I wish I was dead",
    ],
)
def test_self_harm_language(content, text):
    assert screen_text(content, text) == SafetyHit("self_harm", "crisis", "self_harm")


@pytest.mark.parametrize(
    "text",
    [
        "no fever",
        "No fever lah",
        "tak demam",
        "takde demam",
        "demam takde",
        "saya demam takde",  # the negation after the sign also counts when the clause starts with another word
        "I don't have a fever",
        "no swelling of my lips",
        "my face is not swollen",
        "no trouble breathing",
        "i dont have trouble breathing",
        "no fever or trouble breathing",
        "I have no swelling on my lips or difficulty breathing",
        "tak demam atau sesak nafas",
        "breathing is fine",
        "yes",
        "no",
        "sometimes lah",
        "every day",
        "itchy dry patches on my arms",
        "pimples on my face and back",
        "3 days",
        "rash from new soap",
        "not spreading",
        "no blisters",
        "",
        "   ",
    ],
)
def test_ordinary_answers_and_negations_are_not_flagged(content, text):
    assert screen_text(content, text) is None


def test_negation_does_not_reach_into_the_next_clause(content):
    assert screen_text(content, "no fever, but my lips are swollen").message_key == "emergency"
    assert screen_text(content, "tak demam tapi sesak nafas").message_key == "emergency"
    assert screen_text(content, "no fever and I cant breathe").message_key == "emergency"


def test_self_harm_is_not_silenced_by_negation_words(content):
    assert screen_text(content, "no one cares, I want to die").kind == "self_harm"


def test_most_urgent_rule_wins(content):
    assert screen_text(content, "fever and cant breathe").level == "emergency"


def test_crisis_message_gives_the_helplines(content):
    text = message(content, SafetyHit("self_harm", "crisis", "self_harm"), "en")
    for number in ("999", "15555", "03-7627 2929"):
        assert number in text


def test_every_rule_has_a_message(content):
    assert "999" in message(content, SafetyHit("red_flag", "emergency", "emergency"))
    assert message(content, SafetyHit("red_flag", "see_doctor_today", "general"))


def test_a_malay_speaker_gets_every_piece_of_urgent_advice_in_malay_most_urgent_first(content):
    hit = screen_text(content, "saya demam dan ada lepuh yang sakit dekat mata")
    assert (hit.message_key, hit.more) == ("fever_unwell", ("blisters_sores",))
    said = content.safety["messages"]
    assert messages(content, hit, "ms") == [said["fever_unwell"]["ms"], said["blisters_sores"]["ms"]]
    assert messages(content, hit) == [said["fever_unwell"]["en"], said["blisters_sores"]["en"]]
    assert message(content, hit, "ms") == said["fever_unwell"]["ms"] != said["fever_unwell"]["en"]


def test_a_denied_age_does_not_make_a_fever_a_baby_emergency(content):
    assert screen_text(content, "my newborn has a fever") == SafetyHit("red_flag", "emergency", "fever_baby")
    assert screen_text(content, "he has a fever, he is not a newborn") == SafetyHit(
        "red_flag", "see_doctor_today", "fever_unwell"
    )


def test_a_sign_typed_after_a_yes_to_its_screening_question_keeps_both_pieces_of_advice(content):
    # the screen's "yes" gave the broader emergency-signs advice; the typed sign adds its own, it does not replace it
    said_yes = screen_text(content, "the spots do not fade when pressed", {"rf_emergency_signs": "yes"})
    assert (said_yes.message_key, said_yes.more) == ("emergency_signs", ("non_blanching_rash",))
    said_no = screen_text(content, "the spots do not fade when pressed", {"rf_emergency_signs": "no"})
    assert (said_no.message_key, said_no.more) == ("non_blanching_rash", ())


def test_a_typed_message_names_the_screening_questions_it_answers(content):
    # the conversation records these as answered "yes" instead of asking them again
    hit = screen_text(content, "I have a fever and painful blisters near my eye")
    assert hit.flags == ("rf_fever_unwell", "rf_blisters_sores")


@pytest.mark.parametrize(
    "text",
    [
        "no I can't breathe",
        "no my lips are swelling",
        "nope my face is swollen",
        "tak saya susah nak bernafas",
        "bukan bibir bengkak",  # the subject is the sign's own word, in a three-word clause (mutation testing)
        "no lidah bengkak teruk",
    ],
)
def test_an_opening_no_before_a_subject_does_not_hide_an_emergency(content, text):
    hit = screen_text(content, text)
    assert hit is not None and hit.level == "emergency", text


@pytest.mark.parametrize("text", ["no swelling", "no I have no fever", "no it is not swollen", "no breathing problems"])
def test_a_no_that_is_about_the_sign_still_negates_it(content, text):
    assert screen_text(content, text) is None


@pytest.mark.parametrize(
    "text",
    [
        "the rash is not itchy and does not fade",
        "spots not painful just dont fade",
        "ruam tak gatal tak hilang bila tekan",
        # across a "but" whose clause opens with it/they/ia, which goes on about the rash (safety.yml continuers)
        "the rash is not itchy but it does not fade",
        "spots on my legs but they dont fade when i press a glass",
        "ruam tak gatal tapi ia tak hilang bila tekan gelas",
    ],
)
def test_denying_another_symptom_does_not_cancel_a_rash_that_does_not_fade(content, text):
    """ "not itchy" inside the phrase denies the itch, not the sign: the rule's negation_inside: false
    (found by mutation testing: dropping it went unnoticed, every other example has one negation only).
    The same holds when the sign comes after a "but" that continues about the rash."""
    assert screen_text(content, text) == SafetyHit("red_flag", "emergency", "non_blanching_rash")


@pytest.mark.parametrize(
    "text",
    ["my rash is fine but my acne scars do not fade", "no rash but it is itchy", "my skin is dry but it doesnt fade"],
)
def test_a_clause_after_but_about_something_else_is_not_joined(content, text):
    assert screen_text(content, text) is None
