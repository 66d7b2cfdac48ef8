"""Raw emphasis markup in what `reader show` prints: `**`, `~~` and `==` left in the text of
a note's rendered body (code spans and code blocks aside), per collection.

A pair the parser did not take as emphasis, strikethrough or a highlight is printed as
typed. `beside_cjk` counts the runs next to a wide character (Chinese, Japanese, Korean,
full-width punctuation): the CJK-friendly rule's business; the rest are mostly text that is
meant as written (`2**3`, `a == b`).

    python -m bench.raw_markup CORPUS... [--examples 3]

Imports only `reader`, so another checkout can run this file to compare:
`/work/base/.venv/bin/python bench/raw_markup.py CORPUS`.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from reader.markdown.normalise import note_tokens
from reader.notes.note import Note, load_note, scan_notes

MARKERS = ("**", "~~", "==")
_RUN = re.compile(r"\*\*+|~~+|==+")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF"


def raw_runs(body: str) -> list[tuple[str, bool, str]]:
    """(marker, beside a wide character, context) for each raw run in the body as shown."""
    found: list[tuple[str, bool, str]] = []
    for token in note_tokens(body):
        for child in token.children or []:
            if child.type != "text":
                continue
            text = child.content
            for match in _RUN.finditer(text):
                marker = match.group()[:2]
                if marker not in MARKERS:
                    continue
                around = text[max(0, match.start() - 1) : match.start()]
                around += text[match.end() : match.end() + 1]
                context = text[max(0, match.start() - 12) : match.end() + 12]
                found.append((marker, any(_wide(c) for c in around), context))
    return found


def survey(corpus: Path, examples: int) -> dict[str, object]:
    """Counts of raw runs (all, and beside CJK) and of the notes showing them."""
    runs: Counter[str] = Counter()
    cjk_runs: Counter[str] = Counter()
    notes_with: Counter[str] = Counter()
    shown: list[str] = []
    paths = scan_notes(corpus)[0]
    for path in paths:
        note = load_note(corpus, path)
        if not isinstance(note, Note):
            continue
        found = raw_runs(note.body)
        for marker in {m for m, beside, _ in found if beside}:
            notes_with[marker] += 1
        for marker, beside, context in found:
            runs[marker] += 1
            if beside:
                cjk_runs[marker] += 1
                if len(shown) < examples:
                    shown.append(f"{path}: {context!r}")
    return {
        "corpus": corpus.name,
        "notes": len(paths),
        "raw": dict(runs),
        "raw_beside_cjk": dict(cjk_runs),
        "notes_with_raw_beside_cjk": dict(notes_with),
        "examples": shown,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--examples", type=int, default=3)
    args = parser.parse_args()
    for corpus in args.corpora:
        print(json.dumps(survey(corpus, args.examples), ensure_ascii=False))


if __name__ == "__main__":
    main()
