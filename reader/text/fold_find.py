"""Finding folded needles in a text without folding all of it.

Folding a 10,000-character note that holds traditional characters takes about a millisecond
(`str.translate` over the whole text), and search needs the first match or a yes/no answer
for dozens of notes per query. A character of the folded text differs from the text's own
(or its lower case) only where the text holds a *source*: a character that folds into a
different one. So the needles are looked for in the text as it is (lower-cased first when a
needle has cased letters), and only the stretch from the first source of a needle character
on is folded, when there is one. Part of the core: never imports Textual.
"""

from __future__ import annotations

import re
import sys
from array import array
from collections.abc import Iterable
from functools import cache, lru_cache

from reader.text.fold import fold, fold_table, fold_table_list, lower


def first_match(text: str, needles: Iterable[str]) -> int | None:
    """Where the first match of any of `needles` starts in the folded `text`; None if nowhere
    (the start of the first range `reader.text.fold.find_matches` gives)."""
    wanted = {fold(n) for n in needles if n.strip()}
    if not wanted:
        return None
    hay = _haystack(text, wanted)
    found = [at for at in (hay.find(n) for n in wanted) if at >= 0]
    best = min(found) if found else None
    longest = max(map(len, wanted))
    end = len(hay) if best is None else best + longest - 1
    hidden = _sources_pattern(frozenset("".join(wanted))).search(hay, 0, end)
    if hidden is None:
        return best
    begin = max(0, hidden.start() - longest + 1)
    folded = fold(hay[begin:end])
    found += [begin + at for at in (folded.find(n) for n in wanted) if at >= 0]
    return min(found) if found else None


def contains(text: str, needle: str) -> bool:
    """Whether the folded `text` contains `needle` (folded already)."""
    hay = _haystack(text, (needle,))
    if needle in hay:
        return True
    hidden = _sources_pattern(frozenset(needle)).search(hay)
    return hidden is not None and needle in fold(hay[max(0, hidden.start() - len(needle) + 1) :])


def may_hide(lowered: str, needle: str) -> bool:
    """Whether folding the lower-cased text `lowered` fully could change whether a pattern
    made of `needle`'s characters matches it: it holds a source of one of them, or a
    character whose fold changes more than which ideograph it is (`_class_changing`: a
    word boundary or a gap between words can depend on those)."""
    return _hiding_pattern(frozenset(needle)).search(lowered) is not None


def _haystack(text: str, needles: Iterable[str]) -> str:
    """The text to look in: as it is when no needle has cased letters (CJK, digits),
    which saves lower-casing it; else lower-cased."""
    return text if all(n == n.lower() == n.upper() for n in needles) else lower(text)


@cache
def _bmp_folded() -> str:
    """Every character of the BMP folded (lower case, then the table, as `fold` does it),
    each at its own code point: what folds into a character is found by looking for it
    here (two C calls over 64 K characters, where a Python loop over them took longer)."""
    every = array("I", range(0x10000)).tobytes().decode(_UTF32, "surrogatepass")
    return lower(every).translate(fold_table_list())


_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"


@cache
def _astral_sources() -> dict[str, str]:
    """What the table's characters past the BMP fold into, and those characters."""
    sources: dict[str, str] = {}
    for cp in sorted(cp for cp in fold_table() if cp >= 0x10000):
        char = chr(cp)
        folded = fold(char)
        if folded != char:
            sources[folded] = sources.get(folded, "") + char
    return sources


@lru_cache(maxsize=4096)
def _sources(char: str) -> str:
    """The characters other than `char` that fold into it (upper case included: a text
    searched as it is holds those)."""
    folded = _bmp_folded()
    found = []
    at = folded.find(char)
    while at >= 0:
        if at != ord(char):
            found.append(chr(at))
        at = folded.find(char, at + 1)
    return "".join(found) + _astral_sources().get(char, "")


@lru_cache(maxsize=512)
def _sources_pattern(chars: frozenset[str]) -> re.Pattern[str]:
    """A pattern of the sources of `chars` (one that never matches when there are none)."""
    sources = "".join(sorted({c for char in chars for c in _sources(char)}))
    return re.compile(f"[{re.escape(sources)}]" if sources else "(?!)")


#: CJK ideographs: a fold from one to another leaves every class a query tests alike.
_IDEOGRAPH = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


@cache
def _class_changing() -> str:
    """The characters whose fold may change more than which ideograph it is: full-width
    and enclosed forms, compatibility letters and digits. Rare in prose."""
    return "".join(
        chr(cp)
        for cp, target in fold_table().items()
        if not (_IDEOGRAPH.match(chr(cp)) and _IDEOGRAPH.match(target))
    )


@lru_cache(maxsize=512)
def _hiding_pattern(chars: frozenset[str]) -> re.Pattern[str]:
    """The sources of `chars` and the class-changing characters, as one pattern."""
    sources = {c for char in chars for c in _sources(char)}
    sources.update(_class_changing())
    return re.compile(f"[{re.escape(''.join(sorted(sources)))}]")
