"""Folding text for matching: case, width, compatibility forms and traditional Chinese.

`fold()` maps every character to exactly one character, so a folded text has the same
length as the original and a match found at offset i in the folded text is at offset i in
the original: highlights and snippets come straight from the user's own text. What it folds:
Latin (and Greek, Cyrillic) case, full-width/half-width forms, compatibility characters whose
NFKC form is one letter or digit (①, ＡＢ, CJK compatibility ideographs; punctuation is left
alone, it is never searched), and traditional Chinese
characters to simplified (`筆記` -> `笔记`). Characters whose folded form would be longer
than one character (e.g. `ﬁ`) are left as they are. Part of the core: never imports Textual.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

#: Code point ranges scanned for NFKC/case folds (the rest of the BMP folds to itself or
#: to more than one character, which would break offsets).
_FOLD_RANGES = (
    (0x0041, 0x024F),  # Latin
    (0x0370, 0x052F),  # Greek, Cyrillic
    (0x1E00, 0x1FFF),  # Latin extended additional, Greek extended
    (0x2000, 0x2BFF),  # punctuation, letterlike, number forms, enclosed alphanumerics
    (0x3000, 0x33FF),  # CJK symbols, enclosed CJK, compatibility
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE6F),  # CJK compatibility forms, small forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)

#: `fold_table_list()` covers the code points below this (the BMP).
_LIST_END = 0x10000

#: OpenCC's character tables: traditional -> simplified, and simplified -> traditional
#: (read backwards, it names more traditional forms of each simplified character).


@cache
def fold_table() -> dict[int, str]:
    """The one-character-to-one-character table `fold()` applies (built once, ~10 ms)."""
    table: dict[int, str] = {}
    for low, high in _FOLD_RANGES:
        for cp in range(low, high + 1):
            char = chr(cp)
            folded = unicodedata.normalize("NFKC", char).lower()
            if len(folded) == 1 and folded != char and folded.isalnum():
                table[cp] = folded
    for trad, simp in _chinese_pairs():
        table[ord(trad)] = table.get(ord(simp), simp)
    # Keep results stable: a character that maps to something that itself maps on.
    for cp, target in list(table.items()):
        table[cp] = table.get(ord(target), target)
    return table


@cache
def fold_table_list() -> list[str]:
    """`fold_table()` as a list indexed by code point: `str.translate` reads it 2.5x faster
    than the dict. Characters past the BMP are not in it and stay as they are."""
    listed = list(map(chr, range(_LIST_END)))
    for cp, folded in fold_table().items():
        if cp < _LIST_END:
            listed[cp] = folded
    return listed


def _opencc_dictionaries() -> Path:
    """OpenCC's dictionary folder, found without importing the package (its import loads
    a converter we do not use: 40 ms of every process that searches)."""
    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("opencc")
    return Path(next(iter(spec.submodule_search_locations))) / "dictionary"


def _chinese_pairs() -> list[tuple[str, str]]:
    """(traditional, simplified) single-character pairs from OpenCC's tables, composed."""
    folder = _opencc_dictionaries()
    mapping: dict[str, str] = {}
    for line in (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines():
        trad, _, simps = line.partition("\t")
        simp = simps.split(" ")[0]
        if len(trad) == 1 and len(simp) == 1 and trad != simp:
            mapping[trad] = simp
    for line in (folder / "STCharacters.txt").read_text(encoding="utf-8").splitlines():
        simp, _, trads = line.partition("\t")
        for trad in trads.split(" "):
            if len(simp) == 1 and len(trad) == 1 and trad != simp:
                mapping.setdefault(trad, simp)
    simplified = set(mapping.values())
    return [(t, s) for t, s in mapping.items() if t not in simplified]


@cache
def table_changes() -> frozenset[str]:
    """The characters of a lower-cased text that `fold` changes: those `fold_table()`
    changes that `str.lower()` leaves alone, in the BMP (`fold_table_list()` stops there)."""
    return frozenset(
        chr(cp) for cp in fold_table() if cp < _LIST_END and chr(cp).lower() == chr(cp)
    )


@cache
def _needs_table() -> re.Pattern[str]:
    """Finds a character of `table_changes()`. One character class that the regular
    expression engine keeps as a bitmap, so the scan is a table look-up a character;
    `frozenset.isdisjoint` made a string of each character and hashed it (0.97 of 1.5 s
    folding GeeksforGeeks)."""
    return re.compile(char_class(table_changes()))


def char_class(chars: Iterable[str], also: str = "") -> str:
    """A regular expression character class matching exactly `chars` (as ranges), and
    what the class syntax `also` adds."""
    codes = sorted({ord(c) for c in chars})
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(
        re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
        for low, high in ranges
    )
    return f"[{body}{also}]" if body or also else "(?!)"


def lower(text: str) -> str:
    """`str.lower()`, one character for one (`İ`, whose lower case is two, becomes `i`)."""
    if "\u0130" in text:
        text = text.replace("\u0130", "i")
    return text.lower()


def fold(text: str) -> str:
    """Fold `text` for matching; the result has exactly the same length.

    `str.lower()` runs in C; the table (slow for non-ASCII text) is applied only when the
    text holds a character it changes, which typical simplified Chinese text does not.
    """
    lowered = lower(text)
    table_chars = _needs_table()
    if table_chars.search(lowered) is None:
        return lowered
    sample = lowered[:_SAMPLE]
    if len(table_chars.findall(sample)) * _DENSE >= len(sample):
        return lowered.translate(fold_table_list())
    return table_chars.sub(_fold_match, lowered)


#: `fold` replaces the characters of the table one match at a time (a call each, ~1 µs),
#: unless at least one in `_DENSE` of the first `_SAMPLE` characters is one: then it
#: translates the whole text (~30 ns a character). Mostly simplified Chinese with a few
#: traditional characters (a quote, a name) folds four times faster so.
_SAMPLE = 2000
_DENSE = 30


def _fold_match(match: re.Match[str]) -> str:
    return fold_table_list()[ord(match.group())]


def find_matches(text: str, needles: tuple[str, ...] | list[str]) -> list[tuple[int, int]]:
    """Every (start, end) range of `text` matching one of `needles`, folded, merged, sorted.

    Needles may be given folded or not. Overlapping and touching ranges are merged, so the
    result can be used directly for highlighting.
    """
    folded = fold(text)
    ranges: list[tuple[int, int]] = []
    for needle in {fold(n) for n in needles if n.strip()}:
        start = folded.find(needle)
        while start >= 0:
            ranges.append((start, start + len(needle)))
            start = folded.find(needle, start + 1)
    return _merge(sorted(ranges))


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
