"""The spaCy pipeline and the Rasa synonyms built from content/lexicon.yml and content/gazetteer.yml.

What the assistant relies on: the words patients really type ("jerawat", "back of my knees", "PJ") become
the canonical codes the engine understands, the build is reproducible, and a broken content file stops the
build with a message that names it.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
import spacy
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import build_spacy_model  # noqa: E402
import gen_synonyms  # noqa: E402
from entity_patterns import PatternError, load_patterns  # noqa: E402

LEXICON = ROOT / "content" / "lexicon.yml"
GAZETTEER = ROOT / "content" / "gazetteer.yml"
SYNONYMS = ROOT / "data" / "nlu" / "synonyms.yml"

FIXTURE_GAZETTEER = """\
places:
  - {id: cheras, name: Cheras, aliases: [chras], lat: 3.09, lon: 101.74, klang_valley: true}
  - {id: petaling_jaya, name: Petaling Jaya, aliases: [pj], lat: 3.11, lon: 101.61, klang_valley: true}
"""


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("spacy") / "model"
    assert build_spacy_model.main(["--out", str(out), "--lexicon", str(LEXICON), "--gazetteer", str(GAZETTEER)]) == 0
    return out


@pytest.fixture(scope="module")
def nlp(model_dir):
    return spacy.load(model_dir)


def entities(nlp, text: str) -> list[tuple[str, str]]:
    return [(ent.label_, ent.ent_id_) for ent in nlp(text).ents]


@pytest.fixture(scope="module")
def synonyms() -> dict[str, str]:
    return RasaYAMLReader().read(str(SYNONYMS)).entity_synonyms


def canonical(synonyms: dict[str, str], text: str) -> str:
    # What Rasa's EntitySynonymMapper does with SpacyEntityExtractor's matched text.
    return synonyms.get(text.lower(), text)


def tree_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(str(file.relative_to(path)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def test_manglish_answer_yields_canonical_codes(nlp):
    found = entities(nlp, "Jerawat on my Face and back of my knees, dah 3 months")
    assert found == [
        ("condition", "acne"),
        ("body_area", "face"),
        ("body_area", "legs"),
        ("duration", "2_weeks_to_3_months"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ekzema sejak kecil", [("condition", "eczema"), ("duration", "over_1_year")]),
        ("contact dermatitis on my hands", [("condition", "dermatitis"), ("body_area", "hands")]),
        ("about 6 months", [("duration", "3_to_12_months")]),
        ("just a few days", [("duration", "under_2_weeks")]),
        ("2 years already", [("duration", "over_1_year")]),
        ("I drink Yakult and teh tarik", [("probiotic", "fermented_food"), ("food", "sugar")]),
        ("brown rice, not white rice", [("food", "fibre"), ("food", "refined_carbs")]),
        ("soy milk only", [("food", "plant_milk")]),
        ("probiotic capsules daily", [("probiotic", "supplement")]),
        ("itchy under my armpits", [("body_area", "skin_folds")]),
    ],
)
def test_lexicon_surface_forms(nlp, text, expected):
    assert entities(nlp, text) == expected


def test_places_come_from_the_gazetteer(nlp):
    found = entities(nlp, "nearest branch to PJ or Klang?")
    assert found == [("place", "petaling_jaya"), ("place", "klang")]


def test_lookup_lemmatizer_is_active(nlp):
    assert [t.lemma_ for t in nlp("pimples eating")] == ["pimple", "eat"]


def test_build_is_reproducible(model_dir, tmp_path):
    again = tmp_path / "again"
    assert build_spacy_model.main(["--out", str(again), "--lexicon", str(LEXICON), "--gazetteer", str(GAZETTEER)]) == 0
    assert tree_digest(again) == tree_digest(model_dir)


def test_build_with_fixture_gazetteer(tmp_path):
    gazetteer = tmp_path / "gazetteer.yml"
    gazetteer.write_text(FIXTURE_GAZETTEER)
    nlp = build_spacy_model.build_nlp(LEXICON, gazetteer)
    assert entities(nlp, "I'm in Chras") == [("place", "cheras")]


def test_bad_yaml_fails_with_the_file_name(tmp_path, capsys):
    bad = tmp_path / "lexicon.yml"
    bad.write_text("entities:\n  condition: [unclosed\n")
    code = build_spacy_model.main(["--out", str(tmp_path / "m"), "--lexicon", str(bad), "--gazetteer", str(GAZETTEER)])
    assert code != 0
    assert str(bad) in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_missing_gazetteer_fails_clearly(tmp_path, capsys):
    missing = tmp_path / "nope.yml"
    assert (
        build_spacy_model.main(["--out", str(tmp_path / "m"), "--lexicon", str(LEXICON), "--gazetteer", str(missing)])
        != 0
    )
    assert f"{missing}: file not found" in capsys.readouterr().err


def patterns_from(tmp_path, lexicon_text):
    lexicon, gazetteer = tmp_path / "lexicon.yml", tmp_path / "gazetteer.yml"
    lexicon.write_text(lexicon_text)
    gazetteer.write_text(FIXTURE_GAZETTEER)
    return load_patterns(lexicon, gazetteer)


def test_surface_form_with_two_meanings_is_rejected(tmp_path):
    with pytest.raises(PatternError, match="'back' means both body_area=back and food=dairy"):
        patterns_from(
            tmp_path, "entities:\n  body_area:\n    back: {phrases: [back]}\n  food:\n    dairy: {phrases: [back]}\n"
        )


def test_token_values_must_be_strings(tmp_path):
    with pytest.raises(PatternError, match=r"entities\.duration\.x\.token_patterns\[0\]"):
        patterns_from(
            tmp_path,
            "entities:\n  duration:\n    x:\n      token_patterns:\n        - [{LOWER: {IN: [3]}}, {LOWER: days}]\n",
        )


def test_committed_synonyms_are_up_to_date():
    expected = gen_synonyms.render(LEXICON, GAZETTEER)
    assert SYNONYMS.read_text(encoding="utf-8") == expected, (
        "data/nlu/synonyms.yml is stale: run .venv/bin/python scripts/gen_synonyms.py"
    )


def test_every_matched_text_maps_to_its_pattern_id(nlp, synonyms):
    # The EntityRuler and the synonyms must agree on every phrase, or Rasa would hand the raw text
    # ("jerawat") to the actions instead of the code ("acne").
    wrong = []
    for pattern in load_patterns(LEXICON, GAZETTEER):
        for form in pattern.surface_forms():
            doc = nlp(form)
            if [(e.label_, e.ent_id_) for e in doc.ents] != [(pattern.label, pattern.canonical)]:
                wrong.append((form, "ruler", [(e.label_, e.ent_id_) for e in doc.ents]))
            elif canonical(synonyms, doc.ents[0].text) != pattern.canonical:
                wrong.append((form, "synonym", canonical(synonyms, doc.ents[0].text)))
    assert wrong == []


def test_check_mode_reports_a_stale_file(tmp_path):
    stale = tmp_path / "synonyms.yml"
    stale.write_text("nlu: []\n")
    sources = ["--lexicon", str(LEXICON), "--gazetteer", str(GAZETTEER)]
    assert gen_synonyms.main(["--out", str(stale), "--check", *sources]) == 1
    assert stale.read_text() == "nlu: []\n"
    assert gen_synonyms.main(["--out", str(stale), *sources]) == 0
    assert gen_synonyms.main(["--out", str(stale), "--check", *sources]) == 0
