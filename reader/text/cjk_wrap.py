"""Line breaking for text that mixes Chinese (or other CJK) with Latin script.

Terminal widgets usually break lines only at spaces. Chinese has no spaces between
words, so a whole sentence becomes one "word" and is pushed to the next line, leaving
the previous line mostly empty. This module computes where a single line of text
should be broken to fit a given width in terminal cells, following these rules:

* a break is allowed after whitespace, and between two CJK characters or between a
  CJK character and anything else, so lines are filled;
* no line starts with closing punctuation (，。」… etc.) and no line ends with opening
  punctuation (（「“ etc.): the *kinsoku* rules of Chinese and Japanese typesetting;
* runs of Latin letters and digits are never split, unless a single run is wider than
  the whole line and must be folded;
* wide characters count two cells; whitespace at the end of a line may hang past the
  width (it is trimmed when drawn).

The module is pure Python with no dependency on any UI toolkit. Characters are
classified with ``str.translate`` into a string of class letters, cell widths are
summed once, and the greedy fill finds each line's end with a binary search and a
short scan back to the last break opportunity; the cost is linear in the length of
the text, and a megabyte of Chinese takes a fraction of a second.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate

CharWidth = Callable[[str], int]
"""Returns the number of terminal cells a single character occupies."""

# Character classes, one letter per character of the text being wrapped:
#   s  whitespace that allows a break after it
#   S  whitespace right after opening punctuation (no break: the line would end "（")
#   i  CJK character (ideograph, kana, hangul, full-width form, emoji)
#   o  CJK opening punctuation: never at the end of a line
#   c  CJK closing punctuation: never at the start of a line
#   d  dash: CJK-like, but a pair such as "——" is never split
#   l  Latin letter, digit or other narrow character
#   p  non-CJK opening punctuation (quotes, brackets, currency prefixes)
#   q  non-CJK closing punctuation and combining marks
#   g  glue (no-break space, joiners): no break on either side
CJK_OPENING = "（「『《〈【〔〖〘〚｛［｟｢〝￥"
"""Full-width opening punctuation; a line must not end with one of these."""

CJK_CLOSING = (
    "，。、；：？！）」』》〉】〕〗〙〛｝］｠｡､｣％"
    "・·‧…‥⋯〜～〞〟゠ー々〻ゝゞヽヾ゛゜"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ"
    "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
)
"""Full-width or CJK closing punctuation and small kana; never at the start of a line."""

OTHER_OPENING = "([{‘“‹«$£¥€₩"
"""Narrow opening punctuation and currency prefixes; never at the end of a line."""

OTHER_CLOSING = ")]}>,.;:!?%’”›»‰‱°℃℉′″"
"""Narrow closing punctuation and unit suffixes; never at the start of a line."""

DASHES = "—―⸺⸻"
"""Dashes: breakable around, but a doubled dash stays on one line."""

GLUE = "\u00a0\u2007\u202f\u2060\ufeff\u200d"
"""No-break spaces and joiners: no break before or after them."""

_WIDE_RE = re.compile(
    "[\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u4dbf"
    "\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f"
    "\uff00-\uffef\U00020000-\U0003ffff]"
)

# Which classes may follow each class across a break: "ab" is a break opportunity
# between a character of class a and one of class b. Spaces after opening punctuation
# (S), opening punctuation (o, p) and glue (g) allow no break after them; closing
# punctuation (c, q), glue and spaces allow none before them.
_BREAKS_AFTER = {"s": "ilodp", "i": "ilodp", "c": "ilodp", "d": "ilop", "l": "iod", "q": "iod"}
_BREAK_PAIRS = frozenset(a + b for a, followers in _BREAKS_AFTER.items() for b in followers)
# The same table as a pattern: the end of each match is a break opportunity.
_BREAK_RE = re.compile("|".join(f"{a}(?=[{bs}])" for a, bs in _BREAKS_AFTER.items()))
_NO_START = "sScqg"
_NO_END = "Sopg"
_FOLD_NUDGE = 4
_SPACE_RUN_RE = re.compile(r"[sS]+")
_SPACE_AFTER_OPENING_RE = re.compile(r"(?<=[op])s+")


def contains_cjk(text: str) -> bool:
    """Return True if ``text`` has any CJK character or full-width form.

    Callers use this to keep a toolkit's own wrapping for text that has no CJK
    in it, so Latin-only text is laid out exactly as before.
    """
    return _WIDE_RE.search(text) is not None


def default_char_width(char: str) -> int:
    """Return the cell width of ``char`` from the Unicode database.

    East Asian wide and full-width characters take two cells; combining marks,
    format and control characters none; everything else one. A UI may pass its own
    measure to :func:`break_offsets` so that wrapping agrees exactly with how it
    draws text.
    """
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf", "Cc"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _classify(char: str) -> str:
    """Return the one-letter break class of ``char`` (see the table above)."""
    for chars, letter in (
        (GLUE, "g"),
        (CJK_OPENING, "o"),
        (CJK_CLOSING, "c"),
        (OTHER_OPENING, "p"),
        (OTHER_CLOSING, "q"),
        (DASHES, "d"),
    ):
        if char in chars:
            return letter
    if char.isspace():
        return "s"
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return "i"
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me"):
        return "q"
    return "l"


class _LazyTable(dict[int, str]):
    """A ``str.translate`` table that fills itself in on first use of a code point.

    ``str.translate`` looks each character up in C; only characters never seen
    before call back into Python, so translating a long text is fast.
    """

    def __init__(self, compute: Callable[[str], str]) -> None:
        super().__init__()
        self._compute = compute

    def __missing__(self, code_point: int) -> str:
        value = self._compute(chr(code_point))
        self[code_point] = value
        return value


_CLASS_TABLE = _LazyTable(_classify)


@lru_cache(maxsize=8)
def _width_table(char_width: CharWidth) -> _LazyTable:
    """Return the translate table that maps a character to ``chr(cell width)``."""
    return _LazyTable(lambda char: chr(max(0, min(255, char_width(char)))))


def classify(text: str) -> str:
    """Return the string of break classes of ``text``, one letter per character."""
    classes = text.translate(_CLASS_TABLE)
    return _SPACE_AFTER_OPENING_RE.sub(lambda match: "S" * len(match.group()), classes)


def break_opportunities(text: str) -> list[int]:
    """Return the indices before which a line of ``text`` may be broken.

    Indices are in increasing order, all strictly inside the text. Leading
    whitespace (an indent) is never separated from the first word.
    """
    return _opportunities(classify(text))


def _opportunities(classes: str) -> list[int]:
    """Return the break opportunities of a text given its class string."""
    indent = len(classes) - len(classes.lstrip("sS"))
    return [match.end() for match in _BREAK_RE.finditer(classes, indent)]


def _fitting_end(cells: list[int], start: int, width: int) -> int:
    """Return the largest index ``end`` such that ``text[start:end]`` fits ``width``.

    ``cells`` holds the running cell count before each character. Every visible
    character takes at least one cell, so the search usually stays within
    ``width`` characters of ``start``.
    """
    limit = cells[start] + width
    window = min(len(cells), start + width + 1)
    end = bisect_right(cells, limit, start, window) - 1
    if end == window - 1 and window < len(cells) and cells[window] <= limit:
        end = bisect_right(cells, limit, window) - 1
    return end


def _hanging_break(classes: str, position: int, indent: int) -> int | None:
    """Return the break just after the spaces at ``position``, if there are any.

    Whitespace at the end of a line is not drawn, so it may hang past the width:
    the line ``"abc  "`` needs only three cells. Returns ``len(classes)`` when only
    spaces are left, and None when ``position`` is not whitespace or the break after
    the spaces is not allowed.
    """
    run = _SPACE_RUN_RE.match(classes, position)
    if run is None:
        return None
    after = run.end()
    if after == len(classes) or (after > indent and classes[after - 1 : after + 1] in _BREAK_PAIRS):
        return after
    return None


def _break_at_or_before(classes: str, position: int, start: int, indent: int) -> int | None:
    """Return the last break opportunity in ``(start, position]``, or None.

    The scan goes back at most over the current line, so wrapping a whole text
    costs time proportional to its length.
    """
    for index in range(position, max(start, indent), -1):
        if classes[index - 1 : index + 1] in _BREAK_PAIRS:
            return index
    return None


def _nudge_fold(classes: str, cut: int, start: int) -> int:
    """Move a forced cut back a little so the folded line still obeys kinsoku.

    A folded ``（Mixture-of-Experts,`` should not leave the comma to start the next
    line. At most a few characters are given up; if that is not enough the cut stays.
    """
    for candidate in range(cut, max(start, cut - _FOLD_NUDGE), -1):
        if candidate >= len(classes):
            return candidate
        if classes[candidate] not in _NO_START and classes[candidate - 1] not in _NO_END:
            return candidate
    return cut


def _forced_break(classes: str, position: int, start: int, indent: int, fold: bool) -> int:
    """Return where to end a line whose first unbreakable piece is wider than the line.

    Folding cuts the piece where the width runs out (at least one character per
    line, and spaces right after the cut still hang); without folding the piece
    keeps its line whole, to be cropped.
    """
    if fold:
        cut = max(position, start + 1)
        hanging = _hanging_break(classes, cut, indent)
        return _nudge_fold(classes, cut, start) if hanging is None else hanging
    following = _BREAK_RE.search(classes, max(position, indent))
    return following.end() if following else len(classes)


def break_offsets(
    text: str,
    width: int,
    *,
    fold: bool = True,
    char_width: CharWidth = default_char_width,
) -> list[int]:
    """Return the character indices at which ``text`` should be broken to fit ``width``.

    Lines are filled greedily: each line takes as much text as fits in ``width``
    cells, then ends at the last allowed break opportunity (see
    :func:`break_opportunities`); spaces at the end of a line may hang over the
    width. A piece wider than a line is folded when ``fold`` is true, and otherwise
    left to overflow (to be cropped). The result has the meaning of a terminal
    toolkit's "divide line" helper: offsets in increasing order, never 0 or
    ``len(text)``; the first line is ``text[:offsets[0]]``. A width below one cell
    disables wrapping.
    """
    if width < 1 or not text:
        return []
    classes = classify(text)
    indent = len(classes) - len(classes.lstrip("sS"))
    cells = list(accumulate(text.translate(_width_table(char_width)).encode("latin-1"), initial=0))
    offsets: list[int] = []
    start = 0
    while (fits := _fitting_end(cells, start, width)) < len(text):
        cut = _hanging_break(classes, fits, indent)
        if cut is None:
            cut = _break_at_or_before(classes, fits, start, indent)
        if cut is None:
            cut = _forced_break(classes, fits, start, indent, fold)
        if cut >= len(text):
            break
        offsets.append(cut)
        start = cut
    return offsets
