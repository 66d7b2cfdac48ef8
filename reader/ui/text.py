"""Text helpers for the UI that need no Textual: matching, mentions, counts over time.

Kept apart from the widgets so they are unit-tested directly and can run in worker threads
(they touch no widget). Matching uses the core's folding (`reader.fold`: case, width and
simplified/traditional insensitive, same length as the input, so offsets map back to the
original text); if that module is missing, a plain lower-casing stands in for it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.entities import EntityRef

_core_find_matches: Callable[[str, tuple[str, ...]], list[tuple[int, int]]] | None
try:  # The core's folding; see the module docstring for the fallback.
    from reader.fold import find_matches as _core_find_matches
    from reader.fold import fold
except ImportError:  # pragma: no cover - only before reader.fold exists
    _core_find_matches = None

    def fold(text: str) -> str:
        """Fallback folding: lower-case only, keeping the length when Python allows."""
        lowered = text.lower()
        return lowered if len(lowered) == len(text) else text


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
    if _core_find_matches is not None:
        return _core_find_matches(text, tuple(needles))
    folded = fold(text)
    ranges: list[tuple[int, int]] = []
    for needle in {fold(n) for n in needles}:
        start = folded.find(needle)
        while start >= 0:
            ranges.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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


def year_counts(dates: Iterable[str | None]) -> list[tuple[str, int]]:
    """How many of the dates fall in each year, oldest year first; undated ones are left out."""
    counts = Counter(d[:4] for d in dates if d and d[:4].isdigit())
    return sorted(counts.items())


_BARS = "▁▂▃▄▅▆▇█"


def spark(counts: Sequence[tuple[str, int]]) -> str:
    """A one-line picture of counts per year, e.g. `2023 ▃1  2025 █4`."""
    if not counts:
        return ""
    top = max(n for _, n in counts)
    cells = []
    for year, n in counts:
        bar = _BARS[min(len(_BARS) - 1, (n * len(_BARS) - 1) // top)]
        cells.append(f"{year} {bar}{n}")
    return "  ".join(cells)


def clip(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
