"""Finding what the note view marks, without Textual: entity mentions and typed text.

Kept apart from the widgets so they are unit-tested directly and can run in worker threads
(they touch no widget). Matching uses the core's folding (`reader.text.fold`: case, width and
simplified/traditional insensitive, same length as the input, so offsets map back to the
original text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.text.fold import find_matches, fold
from reader.vault.entities import EntityRef

#: Entity types whose values are names that appear in prose. Classification keys (tags,
#: project, category, area, series) hold slugs like `research` that would light up every
#: ordinary use of the word, so they are not highlighted in the body.
MENTION_TYPES = ("people", "speaker", "guest", "companies_orgs", "products_models", "media_books")

#: The CSS component class suffix used for each entity type's colour.
MENTION_CLASS = {
    "people": "person",
    "speaker": "person",
    "guest": "person",
    "companies_orgs": "org",
    "products_models": "product",
    "media_books": "media",
}


def find_ranges(text: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    """Every (start, end) of `text` that matches one of `needles`, folded, merged, sorted."""
    needles = [n for n in needles if n.strip()]
    if not needles or not text:
        return []
    return find_matches(text, tuple(needles))


_WORD = "A-Za-z0-9"


def _pattern_for(spelling: str) -> str:
    """A regex for a folded spelling; Latin edges must not sit inside a longer word."""
    pattern = re.escape(spelling)
    if spelling[0].isascii() and spelling[0].isalnum():
        pattern = f"(?<![{_WORD}])" + pattern
    if spelling[-1].isascii() and spelling[-1].isalnum():
        pattern += f"(?![{_WORD}])"
    return pattern


@dataclass(frozen=True)
class Mention:
    """An entity named in a text: where, and which entity."""

    start: int
    end: int
    ref: EntityRef


class MentionFinder:
    """Finds the names and aliases of known entities in text, longest name first.

    Built once per vault state (a compiled alternation of every spelling), then used from a
    worker thread over every block of a note. Single letters and one-character names are
    skipped: they would match everywhere.
    """

    def __init__(self, spellings: Iterable[tuple[str, EntityRef]]) -> None:
        self._refs: dict[str, EntityRef] = {}
        for name, ref in spellings:
            key = fold(name.strip())
            if len(key) >= 2 and key not in self._refs:
                self._refs[key] = ref
        ordered = sorted(self._refs, key=lambda s: (-len(s), s))
        self._regex = re.compile("|".join(_pattern_for(s) for s in ordered)) if ordered else None

    def __bool__(self) -> bool:
        return self._regex is not None

    def find(self, text: str) -> list[Mention]:
        """The mentions in `text`, in order, never overlapping."""
        if self._regex is None or not text:
            return []
        return [
            Mention(m.start(), m.end(), self._refs[m.group(0)])
            for m in self._regex.finditer(fold(text))
        ]
