"""markdown-it's list rule at less cost per item: the same tokens, the same state after.

A list item costs markdown-it's rule a logged call, a walk over its marker and the spaces
after it character by character, and at the list's end a pass over every token of the
list to find its task items. Here markers are read by a regular expression and string
methods, the spaces after them by `lstrip` (tabs, which span to the next multiple of four
columns, counted one by one as markdown-it does), the terminator chain only called on a
line starting with a character one of its rules may match (`first_char_dispatch`), and the
task items are those the rule made. Quirks kept: an item of nothing but its marker
followed by a blank line ends the list; a list after a paragraph starts at 1 and holds
text on its first line.
"""

from __future__ import annotations

import re

from markdown_it.rules_block import StateBlock
from markdown_it.rules_block import list_block as markdown_list
from markdown_it.rules_block.list import markTightParagraphs, skipBulletListMarker

from reader.markdown.block_prose import SPACE, terminator_starts

try:
    from markdown_it.rules_block.list import _detect_task_checkbox
except ImportError:  # a markdown-it-py reading no task items: its own rule is used
    _detect_task_checkbox = None  # type: ignore[assignment]

#: An ordered list's marker: one to nine digits, then `.` or `)`.
_ORDERED = re.compile(r"[0-9]{1,9}[.)]")


def list_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's list rule (`rules_block.list_block`)."""
    if _detect_task_checkbox is None:
        return markdown_list(state, start, end, silent)
    widths = state.sCount
    if state.is_code_block(start):
        return False
    if 0 <= state.listIndent <= widths[start] - 4 and widths[start] < state.blkIndent:
        return False  # a marker indented past an item's text, in no item: a lazy line
    interrupting = silent and state.parentType == "paragraph" and widths[start] >= state.blkIndent
    marker_at = state.bMarks[start] + state.tShift[start]
    after = _ordered_marker_end(state, start)
    ordered = after >= 0
    if ordered:
        number = int(state.src[marker_at : after - 1])
        if interrupting and number != 1:
            return False
    else:
        after = skipBulletListMarker(state, start)
        if after < 0:
            return False
    if interrupting and not state.src[after : state.eMarks[start]].strip(SPACE):
        return False
    if silent:
        return True
    _items(state, start, end, marker_at, after, number if ordered else None)
    return True


def _items(
    state: StateBlock, start: int, end: int, marker_at: int, after: int, number: int | None
) -> None:
    """The list's tokens, from its first item on line `start` (its marker at `marker_at`,
    ending before `after`), as markdown-it's rule makes them; `number` is an ordered
    list's first number (None for a bullet list)."""
    src, begins, ends, shifts, widths = (
        state.src,
        state.bMarks,
        state.eMarks,
        state.tShift,
        state.sCount,
    )
    marker = src[after - 1]
    first = len(state.tokens)
    opening = state.push(
        "ordered_list_open" if number is not None else "bullet_list_open",
        "ol" if number is not None else "ul",
        1,
    )
    if number is not None and number != 1:
        opening.attrs = {"start": number}
    lines = opening.map = [start, 0]
    opening.markup = marker
    terminators = state.md.block.ruler.getRules("list")
    may_stop = terminator_starts(terminators)
    tasks = state.md.options.get("tasklists", False)
    task_items = []
    old_parent, state.parentType = state.parentType, "list"
    tight, loose_end, line = True, False, start
    while line < end:
        line_end = ends[line]
        initial = widths[line] + after - (begins[start] + shifts[start])
        text_at, offset = text_start(src, after, line_end, initial, state.bsCount[line])
        indent = initial + (1 if text_at >= line_end or offset - initial > 4 else offset - initial)
        item = state.push("list_item_open", "li", 1)
        item.markup = marker
        item_lines = item.map = [start, 0]
        if number is not None:
            item.info = src[marker_at : after - 1]
        old_tight, old_begin, old_shift, old_width = (
            state.tight,
            begins[start],
            shifts[start],
            widths[start],
        )
        old_list_indent, state.listIndent = state.listIndent, state.blkIndent
        state.blkIndent = indent
        state.tight = True
        shifts[start] = text_at - begins[start]
        widths[start] = offset
        checkbox = False
        if tasks and text_at < line_end and not state.is_code_block(start):
            checked = _detect_task_checkbox(src, text_at, line_end)
            if checked is not None:
                item.meta = {"checked": checked}
                task_items.append(item)
                checkbox = True
                begins[start] = text_at + 4
                shifts[start] = 0
        if text_at >= line_end and begins[start + 1] + shifts[start + 1] >= ends[start + 1]:
            state.line = min(state.line + 2, end)  # an empty item before a blank line
        else:
            state.md.block.tokenize(state, start, end)
        if not state.tight or loose_end:
            tight = False
        loose_end = state.line - start > 1 and state.isEmpty(state.line - 1)
        state.blkIndent = state.listIndent
        state.listIndent = old_list_indent
        if checkbox:
            begins[start] = old_begin
        shifts[start], widths[start], state.tight = old_shift, old_width, old_tight
        state.push("list_item_close", "li", -1).markup = marker
        line = start = state.line
        item_lines[1] = line
        if line >= end or widths[line] < state.blkIndent or state.is_code_block(line):
            break
        at = begins[line] + shifts[line]
        if (may_stop is None or (at < ends[line] and src[at] in may_stop)) and any(
            rule(state, line, end, True) for rule in terminators
        ):
            break
        after = (
            _ordered_marker_end(state, line)
            if number is not None
            else skipBulletListMarker(state, line)
        )
        if after < 0 or src[after - 1] != marker:
            break
        marker_at = at
    if task_items:
        for item in task_items:
            item.attrJoin("class", "task-list-item")
        opening.attrJoin("class", "contains-task-list")
    closing = state.push(
        "ordered_list_close" if number is not None else "bullet_list_close",
        "ol" if number is not None else "ul",
        -1,
    )
    closing.markup = marker
    lines[1] = line
    state.line = line
    state.parentType = old_parent
    if tight:
        markTightParagraphs(state, first)


def text_start(src: str, at: int, line_end: int, width: int, tab_base: int) -> tuple[int, int]:
    """Where an item's text starts after its marker (at `at`, past spaces and tabs) and the
    column it starts at, the marker ending at column `width` (a tab spans to the next
    multiple of four, counted from `tab_base` columns before the line, as a quote's
    markers leave it)."""
    spaces = src[at:line_end]
    text_at = at + len(spaces) - len(spaces.lstrip(SPACE))
    if "\t" not in src[at:text_at]:
        return text_at, width + text_at - at
    for char in src[at:text_at]:
        width += 4 - (width + tab_base) % 4 if char == "\t" else 1
    return text_at, width


def _ordered_marker_end(state: StateBlock, line: int) -> int:
    """Where an ordered list's marker on `line` ends (past its `.` or `)`), or -1: one to
    nine digits and the `.` or `)`, then a space, a tab or the line's end."""
    at, line_end = state.bMarks[line] + state.tShift[line], state.eMarks[line]
    if at + 1 >= line_end:
        return -1
    found = _ORDERED.match(state.src, at, line_end)
    if found is None:
        return -1
    after = found.end()
    if after < line_end and state.src[after] not in SPACE:
        return -1
    return after
