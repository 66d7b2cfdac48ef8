"""markdown-it's block rules for prose (paragraphs, setext and ATX headings, thematic
breaks) at less cost per block: the same tokens, the same state after each.

Most of a note's blocks are prose, most paragraphs one line long, so what a rule costs
before and after its walk over the lines counts: markdown-it's rules log each call,
look up their terminator chain, and `lheading` walks a paragraph's lines only to find it
is no setext heading before `paragraph` walks them again. Here:
- `setext_or_paragraph` stands for `lheading` followed by `paragraph`: one walk finds
  both the setext underline (if any) and where the paragraph ends; a line is handed to
  the terminator chain only when it starts with a character some terminator may match
  (`first_char_dispatch` says which: most continuation lines start with a letter);
- `heading` and `hr` read their line with string methods instead of a character loop.
Each does what markdown-it's rule does, quirks included: after a paragraph the state's
`parentType` stays "paragraph" (markdown-it's `lheading` sets it and does not restore it
when it finds no underline), and a thematic break's markup holds one marker more than the
line (markdown-it-py's count).
"""

from __future__ import annotations

from markdown_it import rules_block
from markdown_it.common.utils import mdTrim
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.rules_block import StateBlock

#: What markdown-it counts as space (`isStrSpace`): between a heading's marks and its text,
#: after a list or quote marker.
SPACE = " \t"


def setext_or_paragraph(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's `lheading` and, when it finds no underline, `paragraph`, in one walk
    over the lines when both would walk alike: `lheading` stops at `end`, `paragraph` at
    the state's `lineMax`, and each gives its terminators its own limit (the dollar math
    rule's answer depends on it), so when the two differ they walk apart."""
    if silent or state.is_code_block(start):  # neither happens where markdown-it calls them
        if rules_block.lheading(state, start, end, silent):
            return True
        return rules_block.paragraph(state, start, end, silent)
    old_parent = state.parentType
    state.parentType = "paragraph"  # left so after a paragraph, as markdown-it leaves it
    below = start + 1
    if state.bMarks[below] + state.tShift[below] >= state.eMarks[below]:
        _paragraph(state, start, below)  # one line before a blank one: most paragraphs
        return True
    last = state.lineMax
    stop, underline = _walk(state, start, end, underline=True)
    if underline:
        _setext_heading(state, start, stop, underline)
        state.parentType = old_parent
        return True
    if end != last:  # walk again as `paragraph` does, with its own limit
        stop, _ = _walk(state, start, last, underline=False)
    _paragraph(state, start, stop)
    return True  # `parentType` left "paragraph", as markdown-it leaves it


def _walk(state: StateBlock, start: int, end: int, *, underline: bool) -> tuple[int, str]:
    """Where a paragraph starting at `start` ends (a blank line, a line a terminator
    matches, `end`), and the setext underline's marker ("=" or "-") if a line is one
    (`underline` asked for), as markdown-it's `lheading` and `paragraph` walk:
    a line indented four columns past the block's is a lazy continuation, as is one a
    quote has claimed (negative indent)."""
    src, starts, ends, shifts, widths = (
        state.src,
        state.bMarks,
        state.eMarks,
        state.tShift,
        state.sCount,
    )
    indent = state.blkIndent
    terminators = state.md.block.ruler.getRules("paragraph")
    may_stop = terminator_starts(terminators)
    line = start + 1
    while line < end:
        at = starts[line] + shifts[line]
        if at >= ends[line]:
            break
        width = widths[line]
        if width - indent > 3:
            line += 1
            continue
        char = src[at]
        if (
            underline
            and width >= indent
            and char in "=-"
            and not src[at : ends[line]].lstrip(char).strip(SPACE)
        ):
            return line, char
        if width < 0:
            line += 1
            continue
        if may_stop is None or char in may_stop:
            for rule in terminators:
                if rule(state, line, end, True):
                    return line, ""
        line += 1
    return line, ""


def terminator_starts(terminators: list[RuleFuncBlockType]) -> frozenset[str] | None:
    """The characters a line must start with for a terminator chain made by
    `first_char_dispatch` to match it (past an indent of at most three columns past the
    block's), or None when any line may match (some rule of the chain looks at every line,
    or the chain is markdown-it's own)."""
    if len(terminators) == 1:
        return getattr(terminators[0], "starts", None)
    return None


def _paragraph(state: StateBlock, start: int, stop: int) -> None:
    """The tokens of a paragraph from `start` to before `stop`, as markdown-it makes them."""
    content = mdTrim(state.getLines(start, stop, state.blkIndent, False))
    state.line = stop
    state.push("paragraph_open", "p", 1).map = [start, stop]
    token = state.push("inline", "", 0)
    token.content = content
    token.map = [start, stop]
    token.children = []
    state.push("paragraph_close", "p", -1)


def _setext_heading(state: StateBlock, start: int, underline: int, marker: str) -> None:
    """The tokens of a setext heading whose text runs from `start` to before its
    `underline` of `marker`s, as markdown-it's `lheading` makes them."""
    content = mdTrim(state.getLines(start, underline, state.blkIndent, False))
    state.line = underline + 1
    tag = "h1" if marker == "=" else "h2"
    token = state.push("heading_open", tag, 1)
    token.markup = marker
    token.map = [start, state.line]
    token = state.push("inline", "", 0)
    token.content = content
    token.map = [start, underline]
    token.children = []
    state.push("heading_close", tag, -1).markup = marker


def heading(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's ATX heading rule: one to six `#` opening the line, then a space, a tab
    or the line's end; the text without its closing run of `#` (when a space precedes it)
    nor the spaces around."""
    at, line_end = state.bMarks[start] + state.tShift[start], state.eMarks[start]
    src = state.src
    if at >= line_end or src[at] != "#" or state.is_code_block(start):
        return False
    text = src[at:line_end]
    level = len(text) - len(text.lstrip("#"))
    if level > 6 or (level < len(text) and text[level] not in SPACE):
        return False
    if silent:
        return True
    text = text[level:].rstrip(SPACE)
    unclosed = text.rstrip("#")
    if unclosed and unclosed[-1] in SPACE:  # a closing run of `#` after a space
        text = unclosed
    state.line = start + 1
    token = state.push("heading_open", f"h{level}", 1)
    token.markup = "#" * level
    token.map = [start, start + 1]
    token = state.push("inline", "", 0)
    token.content = mdTrim(text)
    token.map = [start, start + 1]
    token.children = []
    state.push("heading_close", f"h{level}", -1).markup = "#" * level
    return True


def hr(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's thematic break rule: three or more of one marker (`*`, `-`, `_`) and
    nothing else but spaces and tabs on the line. Its markup holds one marker more than
    the line, as markdown-it-py's rule counts."""
    at, line_end = state.bMarks[start] + state.tShift[start], state.eMarks[start]
    src = state.src
    if at >= len(src) or state.is_code_block(start):
        return False
    marker = src[at]
    if marker not in "*-_":
        return False
    text = src[at:line_end]
    if text.lstrip(marker + SPACE) or text.count(marker) < 3:
        return False
    if silent:
        return True
    state.line = start + 1
    token = state.push("hr", "hr", 0)
    token.map = [start, start + 1]
    token.markup = marker * (text.count(marker) + 1)
    return True
