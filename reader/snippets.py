"""Snippets: a short window of a note's own text around what a query matched.

Matches are found on the folded text (`reader.fold`), which has the same length as the
original, so the snippet shows the user's characters and the highlight ranges line up.
Control characters are made visible, never passed on to a terminal. Part of the core: never
imports Textual.
"""

from __future__ import annotations

import re

from reader.fold import find_matches, fold, fold_case
from reader.terminal import inert

SNIPPET_WIDTH = 150
_LEAD = 40
_DROPPED = frozenset("*#`>")
#: Characters whose fold is an ASCII letter or digit: full-width forms, enclosed numbers.
_WIDE_FORMS = re.compile("[\uff10-\uff5a\u2460-\u24ff\u3251-\u32bf]")


def make_snippet(
    text: str, needles: list[str] | tuple[str, ...], width: int = SNIPPET_WIDTH
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of `text` around its first match, one line, with the match ranges in it.

    With no match (the query hit the title or an entity), the start of the text is shown.
    """
    matches = find_matches(text, needles) if needles else []
    if matches:
        start = max(0, _line_start(text, matches[0][0], _LEAD))
    else:
        start = len(text) - len(text.lstrip())
    window = text[start : start + width]
    spans = [
        (s - start, min(e - start, len(window)))
        for s, e in matches
        if start <= s < start + len(window)
    ]
    snippet, mapped = _clean(window, spans)
    if start > 0:
        snippet, mapped = "…" + snippet, [(s + 1, e + 1) for s, e in mapped]
    if start + width < len(text):
        snippet += "…"
    return snippet, tuple(mapped)


def first_match(text: str, needles: list[str] | tuple[str, ...]) -> int | None:
    """Where the first of `needles` occurs in `text`, folded; None if nowhere.

    Tries the lower-cased text first (cheap) and folds it fully only when that could
    find more (the text holds traditional or full-width characters).
    """
    folded_needles = [n for n in (fold(n) for n in needles) if n.strip()]
    if not folded_needles:
        return None
    lowered, more = fold_case(text)
    found = [at for at in (lowered.find(n) for n in folded_needles) if at >= 0]
    if not found and more and _fold_can_help(lowered, folded_needles):
        folded = fold(lowered)
        found = [at for at in (folded.find(n) for n in folded_needles) if at >= 0]
    return min(found) if found else None


def _fold_can_help(lowered: str, needles: list[str]) -> bool:
    """Whether the full fold could reveal a match the lower-cased text hides: only for
    non-ASCII needles (traditional forms) or texts with full-width or enclosed characters."""
    return not all(n.isascii() for n in needles) or _WIDE_FORMS.search(lowered) is not None


def _line_start(text: str, at: int, lead: int) -> int:
    """Where a snippet ending around `at` should begin: at most `lead` characters before,
    preferring the start of the line or sentence the match is in."""
    floor = max(0, at - lead)
    for stop in ("\n", "。", ". ", "，", ", "):
        found = text.rfind(stop, floor, at)
        if found >= 0:
            return found + len(stop)
    return floor


def _clean(window: str, spans: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Collapse white space, drop Markdown markers and neutralise control characters,
    moving the span offsets along."""
    out: list[str] = []
    moved: list[int] = []
    for char in window:
        moved.append(len(out))
        if char in _DROPPED:
            continue
        if char.isspace():
            if out and out[-1] != " ":
                out.append(" ")
            continue
        out.append(char)
    moved.append(len(out))
    snippet = inert("".join(out).rstrip())
    mapped = [(moved[s], min(moved[e], len(snippet))) for s, e in spans if moved[s] < moved[e]]
    return snippet, mapped
