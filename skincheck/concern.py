"""Was the skin concern named, or only guessed from symptom words?

"Itchy" or "gatal" point to eczema in questions.yml, but itch may be scabies, tinea or hives. A concern found only
through such words is a guess: the assistant confirms it with the person before it is used for scoring. A concern
counts as named when the answer contains one of the option's own names (its button title or synonyms, e.g.
"eczema", "eksema", "jerawat"), or when it comes from a button.
"""

from __future__ import annotations

from skincheck.answer_parsing import leading_polarity
from skincheck.content import Content
from skincheck.textmatch import find_phrases

SLOT = "concern"


def named(content: Content, value: str, text: str) -> bool:
    index = content.index["questions"]
    names = {phrase: v for phrase, v in index.questions[SLOT].exact.items() if v == value}
    return any(not hit.negated for hit in find_phrases(index.language, text, names))


def yes_or_no(content: Content, text: str) -> str | None:
    """A yes or no (the shared yes_no answer words, or a reply that starts with one: "yes, that one"), else None."""
    index = content.index["questions"]
    words = index.language.words(text)
    for option in content.questions["option_sets"]["yes_no"]:
        for phrase in [option["title"]["en"], *option.get("synonyms", ())]:
            if index.language.phrase(phrase) == words:
                return str(option["value"])
    return leading_polarity(index, words)
