"""Entity patterns shared by build_spacy_model.py and gen_synonyms.py.

Both scripts must agree on every surface form and its canonical value: the spaCy EntityRuler finds the text,
and Rasa's EntitySynonymMapper maps that text back to the canonical value. Reading content/lexicon.yml and
content/gazetteer.yml here, once, keeps them in step.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import yaml

PLACE_LABEL = "place"
# Token attributes a lexicon token pattern may use: only LOWER, so the matched phrases can be listed.
_ALLOWED_TOKEN_KEYS = {"LOWER"}


class PatternError(Exception):
    """Bad or missing lexicon/gazetteer data; the message names the file and the key."""


@dataclass(frozen=True)
class EntityPattern:
    label: str
    canonical: str
    # Exactly one of phrase / tokens is set.
    phrase: str | None = None
    tokens: tuple | None = None

    def ruler_pattern(self) -> dict:
        """The pattern dict for spaCy's EntityRuler (the id becomes ent.ent_id_)."""
        if self.phrase is not None:
            return {"label": self.label, "pattern": self.phrase, "id": self.canonical}
        return {"label": self.label, "pattern": [dict(t) for t in _tokens_as_dicts(self.tokens)], "id": self.canonical}

    def surface_forms(self) -> list[str]:
        """Every lower-case text this pattern can match (token patterns are expanded)."""
        if self.phrase is not None:
            return [_normalise(self.phrase)]
        choices = [values for _, values in self.tokens]
        return [" ".join(combo) for combo in itertools.product(*choices)]


def _tokens_as_dicts(tokens: tuple) -> list[dict]:
    out = []
    for key, values in tokens:
        out.append({key: values[0]} if len(values) == 1 else {key: {"IN": list(values)}})
    return out


def _normalise(text: str) -> str:
    return " ".join(text.lower().split())


def load_yaml(path: Path) -> dict:
    """Read a YAML mapping or raise PatternError naming the file."""
    if not path.is_file():
        raise PatternError(f"{path}: file not found")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise PatternError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PatternError(f"{path}: expected a mapping at the top level")
    return data


def _token_spec(token: object, where: str) -> tuple:
    if not isinstance(token, dict) or set(token) - _ALLOWED_TOKEN_KEYS or len(token) != 1:
        raise PatternError(f"{where}: each token must be {{LOWER: text}} or {{LOWER: {{IN: [texts]}}}}")
    key, value = next(iter(token.items()))
    if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list) and value["IN"]:
        values = value["IN"]
    else:
        values = [value]
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise PatternError(f'{where}: token values must be non-empty strings (quote numbers: "3")')
    return key, tuple(v.lower() for v in values)


def lexicon_patterns(lexicon: dict, source: Path) -> list[EntityPattern]:
    entities = lexicon.get("entities")
    if not isinstance(entities, dict) or not entities:
        raise PatternError(f"{source}: key 'entities' must be a non-empty mapping")
    patterns: list[EntityPattern] = []
    for label, values in entities.items():
        if not isinstance(values, dict) or not values:
            raise PatternError(f"{source}: entities.{label} must map canonical values to phrases")
        for canonical, spec in values.items():
            where = f"{source}: entities.{label}.{canonical}"
            if not isinstance(spec, dict) or not (set(spec) <= {"phrases", "token_patterns"}):
                raise PatternError(f"{where} may only have 'phrases' and 'token_patterns'")
            phrases = spec.get("phrases") or []
            token_patterns = spec.get("token_patterns") or []
            if not phrases and not token_patterns:
                raise PatternError(f"{where} has no phrases")
            if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
                raise PatternError(f"{where}.phrases must be a list of non-empty strings")
            for phrase in phrases:
                patterns.append(EntityPattern(str(label), str(canonical), phrase=_normalise(phrase)))
            if not isinstance(token_patterns, list):
                raise PatternError(f"{where}.token_patterns must be a list of token lists")
            for i, tokens in enumerate(token_patterns):
                if not isinstance(tokens, list) or not tokens:
                    raise PatternError(f"{where}.token_patterns[{i}] must be a non-empty list of tokens")
                spec_tokens = tuple(_token_spec(t, f"{where}.token_patterns[{i}]") for t in tokens)
                patterns.append(EntityPattern(str(label), str(canonical), tokens=spec_tokens))
    return patterns


def gazetteer_patterns(gazetteer: dict, source: Path) -> list[EntityPattern]:
    places = gazetteer.get("places")
    if not isinstance(places, list) or not places:
        raise PatternError(f"{source}: key 'places' must be a non-empty list")
    patterns: list[EntityPattern] = []
    for i, place in enumerate(places):
        where = f"{source}: places[{i}]"
        if not isinstance(place, dict) or not isinstance(place.get("id"), str) or not place["id"].strip():
            raise PatternError(f"{where}.id must be a non-empty string")
        names = [place.get("name")] + list(place.get("aliases") or [])
        if not all(isinstance(n, str) and n.strip() for n in names):
            raise PatternError(f"{where} ({place['id']}): name and aliases must be non-empty strings")
        for name in names:
            patterns.append(EntityPattern(PLACE_LABEL, place["id"], phrase=_normalise(name)))
    return patterns


def load_patterns(lexicon_path: Path, gazetteer_path: Path) -> list[EntityPattern]:
    """All patterns, de-duplicated, in file order; a surface form with two meanings is an error."""
    patterns = lexicon_patterns(load_yaml(lexicon_path), lexicon_path)
    patterns += gazetteer_patterns(load_yaml(gazetteer_path), gazetteer_path)
    owner: dict[str, tuple[str, str]] = {}
    unique: list[EntityPattern] = []
    for pattern in patterns:
        meaning = (pattern.label, pattern.canonical)
        new = False
        for form in pattern.surface_forms():
            if form in owner and owner[form] != meaning:
                raise PatternError(
                    f"surface form {form!r} means both {owner[form][0]}={owner[form][1]} and "
                    f"{meaning[0]}={meaning[1]} (in {lexicon_path} / {gazetteer_path}); keep one"
                )
            new = new or form not in owner
            owner[form] = meaning
        if new:
            unique.append(pattern)
    return unique
