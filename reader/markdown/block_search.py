"""The block rules that skip over a block's lines in one search, with markdown-it's
tokens: outside quotes, lists and footnotes (`_outside`), the line ending a fenced code
block or an HTML block is found by one regular-expression search of the text rather than
a walk over its lines (code-heavy notes are mostly such blocks). Inside a container, or
when the rule is asked only whether a line may start its block, markdown-it's rules run.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from markdown_it import rules_block
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import fence as markdown_fence
from markdown_it.rules_block.html_block import HTML_SEQUENCES

#: A blank line: what ends an HTML block of a block-level tag.
_BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)


def _outside(state: StateBlock, end: int) -> bool:
    """Whether the block rule called is outside any container (no quote, list or footnote
    around, to the end of the text): every line's marks are then its own in the text."""
    return not getattr(state, "quotes", 1) and state.blkIndent == 0 and end == state.lineMax


def fence(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's fence rule. Outside any container the closing line is found by
    `_closing` in a few searches (indented code on: a line indented four columns closes
    nothing); elsewhere markdown-it's rule walks the lines."""
    opening = _fence_opening(state, start)
    if opening is None:
        return False
    if silent:
        return True
    if not (_outside(state, end) and getattr(state, "_code_enabled", False)):
        return markdown_fence(state, start, end, silent)
    marker, length = opening
    src, begin = state.src, state.bMarks[start] + state.tShift[start]
    closing = _closing(src, marker * length, state.bMarks[start + 1])
    last = end if closing < 0 else bisect_left(state.bMarks, closing, start + 1)
    state.line = last + (closing >= 0)
    token = state.push("fence", "code", 0)
    token.info = src[begin + length : state.eMarks[start]]
    if state.sCount[start] or last == start + 1:
        token.content = state.getLines(start + 1, last, state.sCount[start], True)
    else:  # the lines as they are in the text, each with its line break
        token.content = src[state.bMarks[start + 1] : state.eMarks[last - 1] + 1]
    token.markup = marker * length
    token.map = [start, state.line]
    return True


def _fence_opening(state: StateBlock, line: int) -> tuple[str, int] | None:
    """The marker and how many of it open a fenced code block on `line`, as markdown-it's
    rule reads them (three or more backticks or tildes, no backtick after backticks; not
    indented code), or None."""
    at, line_end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
    if at + 3 > line_end or state.is_code_block(line):
        return None
    marker = state.src[at]
    if marker != "`" and marker != "~":
        return None
    text = state.src[at:line_end]
    info = text.lstrip(marker)
    length = len(text) - len(info)
    if length < 3 or (marker == "`" and "`" in info):
        return None
    return marker, length


def html_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's HTML block rule. Outside any container the block's end (a blank line,
    or the line holding its closing sequence: `-->`, `</pre>`…) is found by one search;
    elsewhere markdown-it's rule walks the lines."""
    src, begin = state.src, state.bMarks[start] + state.tShift[start]
    if silent or not _outside(state, end) or not src.startswith("<", begin):
        return rules_block.html_block(state, start, end, silent)
    if state.is_code_block(start) or not state.md.options.get("html", None):
        return False
    text = src[begin : state.eMarks[start]]
    kind = next((kind for kind in HTML_SEQUENCES if kind[0].search(text)), None)
    if kind is None:
        return False
    last, ending = start + 1, kind[1]
    if ending.search(text) is None:
        if ending.search(""):  # ends before a blank line
            found = _BLANK_LINE.search(src, state.bMarks[start + 1])
            last = end if found is None else bisect_left(state.bMarks, found.start(), start + 1)
        else:  # ends after the line holding its closing sequence
            found = ending.search(src, state.bMarks[start + 1])
            last = end if found is None else bisect_right(state.bMarks, found.start())
        last = min(last, end)
    state.line = last
    token = state.push("html_block", "", 0)
    token.map = [start, last]
    token.content = state.getLines(start, last, state.blkIndent, True)
    return True


def _closing(src: str, run: str, at: int) -> int:
    """Where the first line from `at` on that closes a fence opened by `run` (three or
    more backticks or tildes) begins, or -1: at most three spaces of indent (four columns
    would make it indented code), as many markers or more, then spaces or tabs. Found by
    looking for `run` itself (code seldom holds it), then checking its line."""
    marker = run[0]
    while (found := src.find(run, at)) >= 0:
        begin = src.rfind("\n", 0, found) + 1
        end = src.find("\n", found)
        rest = src[found : len(src) if end < 0 else end].lstrip(marker)
        if found - begin <= 3 and not src[begin:found].strip(" ") and not rest.strip(" \t"):
            return begin
        if end < 0:
            return -1
        at = end + 1
    return -1
