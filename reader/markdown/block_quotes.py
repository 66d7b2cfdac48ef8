"""markdown-it's blockquote rule at less cost per quote: the same tokens, the same state
after, and the quote counted in `FastLinesState.quotes` while it is parsed (meanwhile the
marks of its lines start past their `>`, which the fence and HTML block searches must
not read as the text's own).

Most quotes are a line or two (`> 原文: [url](url)`); markdown-it's rule logs its call and
walks each line's marker and the spaces after it character by character. Here the spaces
are read by `lstrip` (tabs, which span to the next multiple of four columns, counted one
by one as markdown-it does) and the terminator chain is called only on a line starting
with a character one of its rules may match (`first_char_dispatch`). Quirks kept: a lazy
line's indent is marked -1 while the quote is parsed; a quote ending at a terminator cuts
the state's `lineMax` there meanwhile.
"""

from __future__ import annotations

from markdown_it import rules_block
from markdown_it.common.utils import isStrSpace
from markdown_it.rules_block import StateBlock

from reader.markdown.block_lists import text_start
from reader.markdown.block_prose import terminator_starts


def blockquote(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's blockquote rule (GitHub alerts, an option we leave off, by its own)."""
    if state.md.options.get("alerts", False):
        state.quotes += 1  # type: ignore[attr-defined]
        try:
            return rules_block.blockquote(state, start, end, silent)
        finally:
            state.quotes -= 1  # type: ignore[attr-defined]
    at = state.bMarks[start] + state.tShift[start]
    if state.is_code_block(start):
        return False
    if at >= len(state.src) or state.src[at] != ">":
        return False
    if silent:
        return True
    state.quotes += 1  # type: ignore[attr-defined]
    try:
        _quote(state, start, end)
    finally:
        state.quotes -= 1  # type: ignore[attr-defined]
    return True


def _quote(state: StateBlock, start: int, end: int) -> None:
    """The quote's tokens, its first line's `>` on line `start`."""
    src, begins, ends, shifts, widths, tabs = (
        state.src,
        state.bMarks,
        state.eMarks,
        state.tShift,
        state.sCount,
        state.bsCount,
    )
    old_line_max, saved = state.lineMax, list[tuple[int, int, int, int]]()
    terminators = state.md.block.ruler.getRules("blockquote")
    may_stop = terminator_starts(terminators)
    old_parent, state.parentType = state.parentType, "blockquote"
    last_empty = _mark(state, start, begins[start] + shifts[start], saved)
    line = start + 1
    while line < end:
        at = begins[line] + shifts[line]
        if at >= ends[line]:
            break
        if src[at] == ">" and widths[line] >= state.blkIndent:
            last_empty = _mark(state, line, at, saved)
            line += 1
            continue
        if last_empty:
            break
        if (may_stop is None or src[at] in may_stop) and any(
            rule(state, line, end, True) for rule in terminators
        ):
            state.lineMax = line
            if state.blkIndent:
                saved.append((begins[line], tabs[line], shifts[line], widths[line]))
                widths[line] -= state.blkIndent
            break
        saved.append((begins[line], tabs[line], shifts[line], widths[line]))
        widths[line] = -1  # a lazy line
        line += 1
    old_indent, state.blkIndent = state.blkIndent, 0
    lines = [start, 0]
    token = state.push("blockquote_open", "blockquote", 1)
    token.markup = ">"
    token.map = lines
    state.md.block.tokenize(state, start, line)
    state.push("blockquote_close", "blockquote", -1).markup = ">"
    state.lineMax = old_line_max
    state.parentType = old_parent
    lines[1] = state.line
    for number, (begin, tab, shift, width) in enumerate(saved, start):
        begins[number], tabs[number], shifts[number], widths[number] = begin, tab, shift, width
    state.blkIndent = old_indent


def _mark(state: StateBlock, line: int, at: int, saved: list[tuple[int, int, int, int]]) -> bool:
    """Take the `>` at `at` (and one space after it, or a tab standing for one) off
    `line`, its old marks kept in `saved`; whether nothing follows on the line."""
    src, line_end = state.src, state.eMarks[line]
    begin, tab, shift, width = (
        state.bMarks[line],
        state.bsCount[line],
        state.tShift[line],
        state.sCount[line],
    )
    saved.append((begin, tab, shift, width))
    at += 1
    initial = offset = width + 1
    after = src[at] if at < len(src) else ""
    adjust_tab = False
    if after == " " or (after == "\t" and (tab + offset) % 4 == 3):
        at += 1
        initial += 1
        offset += 1
    elif after == "\t":
        adjust_tab = True
    state.bMarks[line] = at
    text_at, offset = text_start(src, at, line_end, offset, tab + adjust_tab)
    state.bsCount[line] = width + 1 + isStrSpace(after)
    state.sCount[line] = offset - initial
    state.tShift[line] = text_at - at
    return text_at >= line_end
