"""Snippets: a short window of a note's own text around what a query matched.

Matches are found on the folded text (`reader.text.fold`), which has the same length as the
original, so the snippet shows the user's characters and the highlight ranges line up.
Control characters are made visible, never passed on to a terminal. Part of the core: never
imports Textual.
"""

from __future__ import annotations

import re

from reader.text.fold import find_matches
from reader.text.fold_find import first_match
from reader.text.terminal import inert

SNIPPET_WIDTH = 150
_LEAD = 40
_MARKERS = re.compile("[*#`>]")
_SPACES = re.compile(r"\s+")


def make_snippet(
    text: str,
    needles: list[str] | tuple[str, ...],
    width: int = SNIPPET_WIDTH,
    *,
    markers: bool = True,
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of `text` around its first match, one line, with the match ranges in it.

    With no match (the query hit the title or an entity), the start of the text is shown.
    `markers` drops Markdown markers (`*#`>`) from text that still has them; visible text
    (already rendered) keeps every character.
    """
    first = first_match(text, needles) if needles else None
    if first is not None:
        start = max(0, _line_start(text, first, _LEAD))
    else:
        start = len(text) - len(text.lstrip())
    window = text[start : start + width]
    reach = max(map(len, needles), default=1) - 1  # a match may run past the window
    matches = find_matches(text[start : start + width + reach], needles) if needles else []
    spans = [(s, min(e, len(window))) for s, e in matches if s < len(window)]
    snippet, mapped = _clean(window, spans, markers)
    if start > 0:
        snippet, mapped = "…" + snippet, [(s + 1, e + 1) for s, e in mapped]
    if start + width < len(text):
        snippet += "…"
    return snippet, tuple(mapped)


def _line_start(text: str, at: int, lead: int) -> int:
    """Where a snippet ending around `at` should begin: at most `lead` characters before,
    preferring the start of the line or sentence the match is in."""
    floor = max(0, at - lead)
    for stop in ("\n", "。", ". ", "，", ", "):
        found = text.rfind(stop, floor, at)
        if found >= 0:
            return found + len(stop)
    return floor


def _clean(
    window: str, spans: list[tuple[int, int]], markers: bool = True
) -> tuple[str, list[tuple[int, int]]]:
    """Collapse white space, drop Markdown markers (with `markers`) and neutralise control
    characters, moving the span offsets along (an offset moves to the length of the cleaned
    text before it)."""
    snippet = inert(_squeezed(window, markers).rstrip())

    def moved(at: int) -> int:
        return min(len(_squeezed(window[:at], markers)), len(snippet))

    mapped = [(moved(s), moved(e)) for s, e in spans]
    return snippet, [(s, e) for s, e in mapped if s < e]


def _squeezed(text: str, markers: bool = True) -> str:
    """`text` without Markdown markers (with `markers`), each run of white space one space,
    none leading."""
    return _SPACES.sub(" ", _MARKERS.sub("", text) if markers else text).lstrip()


def clip_spans(
    text: str, spans: tuple[tuple[int, int], ...] | list[tuple[int, int]], width: int
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`text` cut to about `width` characters (an ellipsis marks each cut) so that the
    first span shows: from the start when it fits there, else from a third of `width`
    before it; the spans moved along and cut to what is left."""
    if len(text) <= width:
        return text, tuple(spans)
    first = spans[0] if spans else (0, 0)
    start = 0 if first[1] <= width - 1 else max(0, min(first[0] - width // 3, len(text) - width))
    lead = "…" if start else ""
    room = width - len(lead)
    tail = "…" if start + room < len(text) else ""
    window = text[start : start + room - len(tail)]
    shift = len(lead) - start
    moved = [(max(s + shift, len(lead)), min(e + shift, len(lead) + len(window))) for s, e in spans]
    return lead + window + tail, tuple((s, e) for s, e in moved if s < e)
