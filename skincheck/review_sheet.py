"""Clinician review sheet: every user-facing medical text with its file, key, language and review flag.

    python -m skincheck.review_sheet --format csv   (or md; `make review-sheet` prints the Markdown)

A content text is a mapping of language to text, optionally with `reviewed: true|false` beside the languages
(skincheck.content.REVIEW_FLAG; missing means not reviewed). Domain FAQ responses are plain Rasa responses: their
flag is `metadata: {reviewed: true}` on the response variant, and their language is the `language` slot condition
(English when there is none). The sheet only reads files: it is safe to run on a live system.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from skincheck.content import REVIEW_FLAG, read_yaml_mapping

# Content files with medical or consent wording a clinician (or, for consent, the data protection officer) signs off.
CONTENT_FILES = ("safety", "guidance", "questions", "scoring", "messages")
# With --all-files (a translation review): every other file a person reads, and every domain response.
OTHER_FILES = ("booking", "fallback", "channels", "language")
# Keys whose texts are matching data, not sentences anyone reads.
SKIPPED_KEYS = ("patterns", "synonyms", "keywords", "topic", "language", "skip_words", "corrections", "extra_synonyms")
DOMAIN_PREFIX = "utter_faq_"
LANG_CODE_LENGTH = 2


@dataclass(frozen=True)
class Row:
    file: str
    key: str
    language: str
    reviewed: bool
    text: str


def content_rows(content_dir: Path, names: tuple[Any, ...] = CONTENT_FILES) -> Iterator[Row]:
    for name in names:
        path = content_dir / f"{name}.yml"
        if not path.exists():
            continue
        _, data = read_yaml_mapping(path)
        yield from _walk(_relative(path), data, "")


def _walk(file: str, node: Any, key: str) -> Iterator[Row]:
    if isinstance(node, dict):
        if _is_text(node):
            reviewed = node.get(REVIEW_FLAG) is True
            for lang, text in node.items():
                if lang != REVIEW_FLAG:
                    yield Row(file, key, lang, reviewed, text)
            return
        for child, value in node.items():
            if str(child) not in SKIPPED_KEYS:
                yield from _walk(file, value, f"{key}.{child}" if key else str(child))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(file, value, f"{key}[{i}]")


def _is_text(node: dict[str, Any]) -> bool:
    langs = [k for k in node if k != REVIEW_FLAG]
    return (
        "en" in node
        and isinstance(node["en"], str)
        and all(isinstance(k, str) and len(k) == LANG_CODE_LENGTH and isinstance(node[k], str) for k in langs)
    )


def domain_rows(domain_dir: Path, prefix: str = DOMAIN_PREFIX) -> Iterator[Row]:
    for path in sorted(domain_dir.glob("*.yml")):
        _, data = read_yaml_mapping(path)
        for name, variants in (data.get("responses") or {}).items():
            if not name.startswith(prefix):
                continue
            for i, variant in enumerate(variants or ()):
                if isinstance(variant, dict) and isinstance(variant.get("text"), str):
                    reviewed = (variant.get("metadata") or {}).get(REVIEW_FLAG) is True
                    yield Row(
                        _relative(path), f"responses.{name}[{i}]", _variant_language(variant), reviewed, variant["text"]
                    )


def _variant_language(variant: dict[str, Any]) -> str:
    for condition in variant.get("condition") or ():
        if isinstance(condition, dict) and condition.get("name") == "language":
            return str(condition.get("value"))
    return "en"


def _relative(path: Path) -> str:
    parts = path.as_posix().split("/")
    return "/".join(parts[-2:])


def rows(root: Path, all_files: bool = False) -> list[Any]:
    if all_files:
        return list(content_rows(root / "content", CONTENT_FILES + OTHER_FILES)) + list(
            domain_rows(root / "domain", prefix="utter_")
        )
    return list(content_rows(root / "content")) + list(domain_rows(root / "domain"))


def render_csv(found: list[Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "key", "language", "reviewed", "text"])
    for row in found:
        writer.writerow([row.file, row.key, row.language, "yes" if row.reviewed else "no", row.text])
    return out.getvalue()


def render_markdown(found: list[Any]) -> str:
    done = sum(1 for row in found if row.reviewed)
    lines = [
        f"# Clinician review sheet ({done} of {len(found)} texts reviewed)",
        "",
        "| file | key | language | reviewed | text |",
        "| --- | --- | --- | --- | --- |",
    ]
    for row in found:
        text = row.text.replace("|", "\\|").replace("\n", "<br>")
        lines.append(f"| {row.file} | {row.key} | {row.language} | {'yes' if row.reviewed else 'no'} | {text} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("csv", "md"), default="md")
    parser.add_argument("--root", default=".", help="project folder (holds content/ and domain/)")
    parser.add_argument("--unreviewed", action="store_true", help="only texts not yet signed off")
    parser.add_argument("--language", help="only texts in this language, e.g. ms for the Malay translation")
    parser.add_argument(
        "--all-files",
        action="store_true",
        help="every text a person reads (booking, fallback, channel texts, all responses), not only medical ones",
    )
    args = parser.parse_args(argv)
    found = rows(Path(args.root), all_files=args.all_files)
    if args.language:
        found = [row for row in found if row.language == args.language]
    if args.unreviewed:
        found = [row for row in found if not row.reviewed]
    sys.stdout.write(render_csv(found) if args.format == "csv" else render_markdown(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
