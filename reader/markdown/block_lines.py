"""markdown-it's block parse with its costliest loops done at C speed: the same tokens.

Before any block rule runs, markdown-it's `StateBlock` records, for every line of the text,
where it begins and ends (`bMarks`, `eMarks`), how many spaces and tabs start it (`tShift`)
and how wide they are with tabs expanded to the next multiple of four (`sCount`), in a
Python loop over the lines (code-heavy notes have thousands). `line_table` computes the
same lists from whole-text string operations (`str.split`, `str.lstrip`,
`itertools.accumulate`); only lines whose indent holds a tab are walked in Python.

The block rules then run on that table as before, with these shortcuts, each giving what
markdown-it's code gives:
- `first_char_dispatch`: of a chain of rules (the block rules, or those that may end a
  paragraph, a list item, a quote), only those that may match the line's first character
  are called (most lines start with a letter and most rules look for a marker), and the
  table rule only before a line that may be a delimiter row;
- `block_search`: outside quotes, lists and footnotes the line ending a fenced code
  block or an HTML block is found by one search of the text rather than a walk over its
  lines;
- `block_prose` and `block_lists`: paragraphs, headings, breaks and lists by rules of
  ours, at less cost per block;
- `FastLinesBlock.tokenize` and `FastLinesState.push`: the block loop and the making of
  tokens without markdown-it's calls per line and per field;
- `FastLinesState.getLines` cuts lines without indent by slicing;
- `normalize` replaces line breaks and NUL only where there is a `\r` or NUL.
`fast_block_lines` installs them in a parser.
"""

from __future__ import annotations

import re
from dataclasses import fields
from itertools import accumulate, compress
from operator import add, sub
from typing import Literal

from markdown_it import MarkdownIt, rules_block
from markdown_it.parser_block import ParserBlock, RuleFuncBlockType
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType
from mdit_py_plugins.footnote.index import footnote_def

from reader.markdown import block_lists, block_prose
from reader.markdown.block_quotes import blockquote
from reader.markdown.block_search import fence, html_block
from reader.markdown.obsidian import comment_block, table_with_wiki_links

#: The characters markdown-it counts as a line's indent (`isStrSpace`).
_INDENT = " \t"
_SPACES = re.compile(" *")

#: `Token`'s fields, which `FastLinesState.push` sets (markdown-it-py 4).
_TOKEN_FIELDS = (
    "type",
    "tag",
    "nesting",
    "attrs",
    "map",
    "level",
    "children",
    "content",
    "markup",
    "info",
    "meta",
    "block",
    "hidden",
)
_new_token = object.__new__

LineTable = tuple[list[int], list[int], list[int], list[int], list[int]]


def line_table(src: str) -> LineTable:
    """`bMarks`, `eMarks`, `tShift`, `sCount` and `bsCount` of `src`, as `StateBlock`
    makes them: one entry per line, then one for the end of the text. A text's last line
    is left out when it holds only spaces and tabs (or nothing: the text ends with a line
    break), as markdown-it's loop stops there."""
    lines = src.split("\n")
    if not lines[-1].lstrip(_INDENT):
        lines.pop()
    lengths = list(map(len, lines))
    starts = list(accumulate([length + 1 for length in lengths], initial=0))
    starts[-1] = len(src)  # the end entry
    ends = list(map(add, starts, lengths))
    ends.append(len(src))
    shifts = list(map(sub, lengths, map(len, map(str.lstrip, lines, [_INDENT] * len(lines)))))
    shifts.append(0)
    widths = shifts.copy()
    if "\t" in src:
        for number in compress(range(len(lines)), shifts):  # the indented lines
            if "\t" in lines[number][: shifts[number]]:
                widths[number] = _indent_width(lines[number][: shifts[number]])
    return starts, ends, shifts, widths, [0] * len(starts)


def _indent_width(indent: str) -> int:
    """How many columns an indent of spaces and tabs spans, tabs to the next multiple of 4."""
    width = 0
    for char in indent:
        width += 4 - width % 4 if char == "\t" else 1
    return width


class FastLinesState(StateBlock):
    """markdown-it's block state, its line table made by `line_table`."""

    def __init__(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> None:
        super().__init__("", md, env, tokens)  # every other attribute, as markdown-it sets it
        self.src = src
        self.bMarks, self.eMarks, self.tShift, self.sCount, self.bsCount = line_table(src)
        self.lineMax = len(self.bMarks) - 1
        #: How many block quotes are being parsed around the current line (`blockquote`).
        self.quotes = 0

    def push(self, ttype: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        """As markdown-it's: a block token appended, at the level the state is at (one
        lower for a closing token; an opening one raises it). The token is made with its
        fields set directly: `Token`'s own constructor (default factories, then
        `__post_init__`) costs twice as much, and a block parse makes tens of thousands."""
        if nesting < 0:
            self.level -= 1
        token = _new_token(Token)
        token.type = ttype
        token.tag = tag
        token.nesting = nesting
        token.attrs = {}
        token.map = None
        token.level = self.level
        token.children = None
        token.content = token.markup = token.info = ""
        token.meta = {}
        token.block = True
        token.hidden = False
        if nesting > 0:
            self.level += 1
        self.tokens.append(token)
        return token

    if tuple(field.name for field in fields(Token)) != _TOKEN_FIELDS:  # a new markdown-it
        del push

    def getLines(self, begin: int, end: int, indent: int, keepLastLF: bool) -> str:
        """As markdown-it's: lines `begin` to `end` (the last without its line break unless
        `keepLastLF`), each without up to `indent` columns of indent (what its `tShift`
        covers, then spaces). Lines holding a tab are left to markdown-it (a tab may stand
        for fewer columns than it spans)."""
        src, starts, ends = self.src, self.bMarks, self.eMarks
        if begin >= end or src.find("\t", starts[begin], ends[end - 1]) >= 0:
            return super().getLines(begin, end, indent, keepLastLF)
        if end == begin + 1 and not indent:  # one line, as it is (most paragraphs)
            return src[starts[begin] : ends[begin] + keepLastLF]
        shifts, parts = self.tShift, []
        for line in range(begin, end):
            start = starts[line]
            if indent:
                shift = shifts[line]
                if shift < indent:  # then spaces past the line's shift, up to `indent`
                    shift = min(indent, _SPACES.match(src, start + shift).end() - start)  # type: ignore[union-attr]
                start += min(shift, indent)
            parts.append(src[start : ends[line] + 1])
        if not keepLastLF and parts[-1].endswith("\n"):
            parts[-1] = parts[-1][:-1]
        return "".join(parts)


class FastLinesBlock(ParserBlock):
    """markdown-it's block parser, making `FastLinesState`s."""

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        """As markdown-it's: the block rules over lines `startLine` to `endLine` (which the
        rule chain, run through `first_char_dispatch`, makes one rule), each block starting
        at the next line holding more than spaces and tabs, until a line less indented than
        the block. Records in `state.tight` whether blank lines came before the last block
        (a list item with none is tight)."""
        rules = self.ruler.getRules("")
        starts, ends, shifts, widths = state.bMarks, state.eMarks, state.tShift, state.sCount
        deepest = state.md.options.maxNesting
        line, last, blank_before = startLine, state.lineMax, False
        while line < endLine:
            while line < last and starts[line] + shifts[line] >= ends[line]:
                line += 1
            state.line = line
            if line >= endLine or widths[line] < state.blkIndent:
                break
            if state.level >= deepest:
                state.line = endLine
                break
            for rule in rules:
                if rule(state, line, endLine, False):
                    if state.line <= line:
                        raise RuntimeError("block rule didn't increment state.line")
                    break
            else:
                raise RuntimeError("none of the block rules matched")
            state.tight = not blank_before
            line = state.line
            if line - 1 < endLine and starts[line - 1] + shifts[line - 1] >= ends[line - 1]:
                blank_before = True
            if line < endLine and starts[line] + shifts[line] >= ends[line]:
                blank_before = True
                line += 1
                state.line = line
            last = state.lineMax

    def parse(
        self, src: str, md: MarkdownIt, env: EnvType, outTokens: list[Token]
    ) -> list[Token] | None:
        """As `ParserBlock.parse`: the text's lines, then the block rules over them."""
        if not src:
            return None
        state = FastLinesState(src, md, env, outTokens)
        self.tokenize(state, state.line, state.lineMax)
        return state.tokens


class FirstCharRuler(Ruler[RuleFuncBlockType]):
    """markdown-it's block rule list, each chain of it run through `first_char_dispatch`."""

    def __compile__(self) -> None:
        """The chains as markdown-it lists them, each made one rule that runs those of its
        rules that may match the line's first character."""
        super().__compile__()
        assert self.__cache__ is not None
        self.__cache__ = {
            chain: [first_char_dispatch(rules)] for chain, rules in self.__cache__.items()
        }


def fast_block_lines(md: MarkdownIt) -> None:
    """Give `md` a block parser building its line table by `line_table`, with the block rules
    it has so far (use it before plugins add block rules, or after: the ruler is shared),
    and this module's `normalize` and `fence`."""
    block = FastLinesBlock()
    block.ruler = FirstCharRuler()
    block.ruler.__rules__ = md.block.ruler.__rules__
    md.block = block
    md.core.ruler.at("normalize", normalize)
    for name, rule in (
        ("fence", fence),
        ("blockquote", blockquote),
        ("html_block", html_block),
        ("heading", block_prose.heading),
        ("hr", block_prose.hr),
        ("list", block_lists.list_block),
    ):
        alt = next(known.alt for known in md.block.ruler.__rules__ if known.name == name)
        md.block.ruler.at(name, rule, {"alt": alt})  # what it may interrupt: the same


def normalize(state: StateCore) -> None:
    """markdown-it's `normalize`: line breaks as `\n`, NUL as U+FFFD (CommonMark's
    insecure character)."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


#: The characters a line must start with (after its indent) for a block rule to match it:
#: each of these rules returns False, having changed nothing, on a line starting otherwise
#: (an empty line starts with its `\n`). A rule not listed may match any line.
_FIRST_CHARS: dict[object, str] = {
    fence: "`~",
    blockquote: ">",
    block_prose.hr: "*-_",
    block_lists.list_block: "*-+0123456789",
    rules_block.reference: "[",
    html_block: "<",
    block_prose.heading: "#",
    footnote_def: "[",
    comment_block: "%",
}
#: `dollarmath`'s block rule (`$$`), made per parser by a factory: known by its name.
_DOLLAR_MATH = "math_block_dollar.<locals>._math_block_dollar"


def _first_chars(rule: RuleFuncBlockType) -> str | None:
    """The characters `rule` needs a line to start with (None: any line may match)."""
    if getattr(rule, "__qualname__", None) == _DOLLAR_MATH:
        return "$"
    return _FIRST_CHARS.get(rule)


def first_char_dispatch(rules: list[RuleFuncBlockType]) -> RuleFuncBlockType:
    """One block rule doing what markdown-it does with a chain of rules (the first that
    matches wins), but calling only those that may match the line: those whose first
    character it starts with (most lines start with a letter, most rules look for a marker:
    `#`, `>`, `-`, a fence…), indented code only on a line indented four columns past the
    block's indent, and the table rule only when the next line may be a delimiter row
    (`obsidian.may_be_delimiter_row`). A line at the end of the text (no character) gets
    every rule."""
    starts = {char for rule in rules for char in _first_chars(rule) or ""}
    kinds = [(indented, table) for table in (False, True) for indented in (False, True)]
    chosen = [{char: _may_match(rules, char, *kind) for char in starts} for kind in kinds]
    anywhere = [_may_match(rules, None, *kind) for kind in kinds]
    every = tuple(rules)
    tables = table_with_wiki_links in rules

    def dispatch(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        src, begins, shifts = state.src, state.bMarks, state.tShift
        at = begins[line] + shifts[line]
        if at < len(src):  # a line of the text: `line + 1` is one too, or the end
            kind = int(state.sCount[line] - state.blkIndent >= 4)
            if tables:
                below = begins[line + 1] + shifts[line + 1]
                if below < state.eMarks[line + 1] and src[below] in "|-:":
                    kind += 2
            candidates = chosen[kind].get(src[at], anywhere[kind])
        else:
            candidates = every
        for rule in candidates:  # noqa: SIM110 (a generator in `any` costs more per line)
            if rule(state, line, end, silent):
                return True
        return False

    #: What a line must start with for a rule of the chain to match it (None: any line
    #: may match).
    dispatch.starts = (  # type: ignore[attr-defined]
        None
        if any(anywhere)
        else frozenset(char for char in starts if any(rules[char] for rules in chosen))
    )
    return dispatch


def _may_match(
    rules: list[RuleFuncBlockType], char: str | None, indented: bool, table: bool
) -> tuple[RuleFuncBlockType, ...]:
    """The rules, in order, that may match a line starting with `char` (None: a character
    no listed rule starts at), `indented` four columns or more past the block's indent or
    not (markdown-it's `code` rule wants that indent), before a line that may be a table's
    delimiter row (`table`) or not."""
    chosen = [
        rule
        for rule in rules
        if (_first_chars(rule) is None if char is None else char in (_first_chars(rule) or char))
        and (indented or rule is not rules_block.code)
        and (table or rule is not table_with_wiki_links)
    ]
    for at in range(len(chosen) - 1):  # `lheading` then `paragraph`: one walk for both
        if chosen[at : at + 2] == [rules_block.lheading, rules_block.paragraph]:
            chosen[at : at + 2] = [block_prose.setext_or_paragraph]
            break
    return tuple(chosen)
