"""Build the spaCy pipeline Rasa's SpacyNLP loads (config.yml: model: build/spacy_model).

blank English + lookup lemmatizer (tables from spacy-lookups-data, so no model download) + an EntityRuler
whose patterns come from content/lexicon.yml and content/gazetteer.yml. The same inputs always give the
same files, so the model can be rebuilt on any machine instead of being committed.

Usage: .venv/bin/python scripts/build_spacy_model.py [--out build/spacy_model]
       [--lexicon content/lexicon.yml] [--gazetteer content/gazetteer.yml]
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from entity_patterns import PatternError, load_patterns

MODEL_NAME = "nextmed_skin"
MODEL_VERSION = "1.0.0"


def build_nlp(lexicon_path: Path, gazetteer_path: Path):
    """Return the initialised spaCy Language with lemmatizer and entity ruler."""
    import spacy  # imported here so --help and YAML errors stay fast

    patterns = load_patterns(lexicon_path, gazetteer_path)
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER", "validate": True})
    # Initialise first: the lookup lemmatizer loads its tables here, and the ruler runs phrase patterns
    # through the earlier pipes when they are added. Matching is on LOWER, so lemmas are not needed for
    # the patterns; skipping the lemmatizer there avoids spaCy's W012 warning per label.
    nlp.initialize()
    with nlp.select_pipes(disable=["lemmatizer"]):
        ruler.add_patterns([p.ruler_pattern() for p in patterns])
    nlp.meta.update(
        {
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "description": "NextMed skin assistant: lookup lemmatizer + entity ruler from content/lexicon.yml "
            "and content/gazetteer.yml (built by scripts/build_spacy_model.py)",
            "author": "NextMed Clinic",
            "license": "proprietary",
        }
    )
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path("build/spacy_model"))
    parser.add_argument("--lexicon", type=Path, default=Path("content/lexicon.yml"))
    parser.add_argument("--gazetteer", type=Path, default=Path("content/gazetteer.yml"))
    args = parser.parse_args(argv)
    try:
        nlp = build_nlp(args.lexicon, args.gazetteer)
    except PatternError as exc:
        print(f"build_spacy_model: {exc}", file=sys.stderr)
        return 2
    except ValueError as exc:  # spaCy pattern validation (e.g. a malformed token pattern)
        print(f"build_spacy_model: invalid entity pattern: {exc}", file=sys.stderr)
        return 2
    # Write to a fresh directory so no file from an older build survives.
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(args.out)
    ruler = nlp.get_pipe("entity_ruler")
    print(f"wrote {args.out} ({len(ruler.patterns)} entity patterns)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
