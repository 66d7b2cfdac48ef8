"""Obsidian-flavoured Markdown as markdown-it rules: what no published plugin parses.

Wiki links and embeds (`[[Note]]`, `[[Note|label]]`, `[[Note#Heading]]`, `[[#Heading]]`,
`[[Note#^block]]`, `![[Note]]`, `[[a\\|b]]` inside tables), highlights (`==text==`), comments
(`%%…%%`, inline or as blocks), block ids (`^id` ending a block), inline tags (`#tag`,
`#nested/tag`, `#中文`) and callouts (`> [!type]± Title`). Each becomes a token of its own (see
`reader.markdown.parser` for the list), so a renderer shows them and a scanner finds them
without ever looking at the source text again. Rules run after code spans, so nothing inside
code is touched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.table import table
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Delimiter
from markdown_it.token import Token

from reader.markdown.wiki import parse_wikilink

#: A wiki link's inside: no brackets and no line break (so `[[x](url)` stays a Markdown link).
_WIKI_INSIDE = re.compile(r"[^\[\]\n]+")
#: A tag: `#` then letters, digits, `_`, `-`, `/`; at least one character that is not a digit.
_TAG = re.compile(r"#([\w\-/]*[^\W\d][\w\-/]*)", re.UNICODE)
_BLOCK_ID = re.compile(r"\^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*(?=\n|$)")
_CALLOUT = re.compile(r"\[!([\w-]+)\]([+-]?)[ \t]*(.*)")
_EQUALS = ord("=")
#: A wiki link within one line, and a `|` in it that no backslash escapes.
_WIKI_IN_LINE = re.compile(r"!?\[\[[^\[\]\n]+\]\]")
_BARE_BAR = re.compile(r"(?<!\\)\|")
#: What stands for a wiki link's `|` while a table's rows are split: markdown-it's
#: normalisation has replaced every NUL of the source, so none is the note's own.
_HELD_BAR = "\x00"
#: A character some inline rule of the parser acts on (CommonMark's, ours, math).
_INLINE_MARKUP = re.compile(r"[\\`*_~\[\]!<&=%^#$]")


def wikilink_rule(reversed_labels: bool) -> Callable[[StateInline, bool], bool]:
    """The inline rule for `[[…]]` and `![[…]]`; `reversed_labels` reads `[[label|target]]`
    (Dendron) instead of Obsidian's `[[target|label]]`."""

    def wikilink(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        embed = src.startswith("![[", pos)
        start = pos + (3 if embed else 2)
        if not (embed or src.startswith("[[", pos)):
            return False
        inside = _WIKI_INSIDE.match(src, start, state.posMax)
        if inside is None or not src.startswith("]]", inside.end()):
            return False
        end = inside.end() + 2
        if src.startswith("(", end):  # `![[x]](url)`: an image whose alt text has brackets
            return False
        if not silent:
            token = state.push("wikilink", "a", 0)
            token.markup = src[pos:end]
            meta = parse_wikilink(inside.group(), embed=embed, reversed_labels=reversed_labels)
            token.meta = {**meta, "offset": pos}
            token.content = token.meta["text"]
        state.pos = end
        return True

    return wikilink


def highlight(state: StateInline, silent: bool) -> bool:
    """`==text==`: a highlight whose text is parsed as inline Markdown itself. A `==` is a
    delimiter run like `~~`, so it opens and closes by the same flanking rules (CJK-friendly:
    `==重点：==后文`), never inside a code span or a link's address. A run of four is two
    (`====a====`); an odd run (`a===b`) is text. `highlight_pairs` turns matched pairs into
    `mark_open`/`mark_close`."""
    src, start = state.src, state.pos
    if silent or not src.startswith("==", start):
        return False
    scanned = state.scanDelims(start, True)
    if scanned.length % 2:
        state.push("text", "", 0).content = "=" * scanned.length
    else:
        for _ in range(scanned.length // 2):
            state.push("text", "", 0).content = "=="
            opens, closes = scanned.can_open, scanned.can_close
            state.delimiters.append(Delimiter(_EQUALS, 0, len(state.tokens) - 1, -1, opens, closes))
    state.pos += scanned.length
    return True


def highlight_pairs(state: StateInline) -> None:
    """After markdown-it has paired the delimiters: each `==` pair becomes a highlight."""
    nested = [meta["delimiters"] for meta in state.tokens_meta if meta and "delimiters" in meta]
    for delimiters in [state.delimiters, *nested]:
        for opener in delimiters:
            if opener.marker != _EQUALS or opener.end < 0:
                continue
            closer = delimiters[opener.end]
            _mark(state.tokens[opener.token], "mark_open", 1)
            _mark(state.tokens[closer.token], "mark_close", -1)


def _mark(token: Token, kind: str, nesting: Literal[1, -1]) -> None:
    token.type, token.tag, token.nesting = kind, "mark", nesting
    token.markup, token.content = "==", ""


def comment(state: StateInline, silent: bool) -> bool:
    """`%%hidden%%` inside a paragraph: kept as a token, never shown. An unclosed `%%` stays
    text: nothing a note holds is hidden by a marker that may be a typo."""
    src, pos = state.src, state.pos
    if not src.startswith("%%", pos):
        return False
    end = src.find("%%", pos + 2, state.posMax)
    if end < 0:
        return False
    if not silent:
        token = state.push("comment", "", 0)
        token.content = src[pos + 2 : end]
        token.markup = "%%"
    state.pos = end + 2
    return True


def block_id(state: StateInline, silent: bool) -> bool:
    """`^id` at the end of a block's line (after a space, or alone): an anchor, not text."""
    src, pos = state.src, state.pos
    if src[pos] != "^" or (pos > 0 and not src[pos - 1].isspace()):
        return False
    match = _BLOCK_ID.match(src, pos, state.posMax)
    if match is None:
        return False
    if not silent:
        state.push("block_id", "", 0).meta = {"id": match.group(1)}
    state.pos = match.end()
    return True


def tag(state: StateInline, silent: bool) -> bool:
    """`#tag` after a space or at the start: an inline tag (`#123` and `a#b` stay text)."""
    src, pos = state.src, state.pos
    if src[pos] != "#" or (pos > 0 and not src[pos - 1].isspace()):
        return False
    match = _TAG.match(src, pos, state.posMax)
    if match is None:
        return False
    name = match.group(1).rstrip("/-")
    if not name:
        return False
    if not silent:
        token = state.push("tag", "", 0)
        token.content = name
        token.markup = "#"
        token.meta = {"offset": pos}
    state.pos = pos + 1 + len(name)
    return True


def table_with_wiki_links(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's table rule, except that a `|` inside a wiki link that closes within
    its row belongs to the link, not to the row: `| 在[[版本历史|同步版本历史]]中 |` is one cell
    holding one link, as when the bar is escaped (`[[版本历史\\|同步版本历史]]`, the form
    Obsidian documents, which many notes do not use)."""
    if not may_be_delimiter_row(state, start + 1):
        return False  # markdown-it's rule says no too, at more cost
    src = state.src
    rows = _table_rows(state, start, end)
    if rows is None:
        return table(state, start, end, silent)
    first, last = rows
    held = _WIKI_IN_LINE.sub(lambda link: _BARE_BAR.sub(_HELD_BAR, link.group()), src[first:last])
    state.src = src[:first] + held + src[last:]  # as long as before: every offset holds
    before = len(state.tokens)
    try:
        matched = table(state, start, end, silent)
    finally:
        state.src = src
    for token in state.tokens[before:]:
        token.content = token.content.replace(_HELD_BAR, "|")
    return matched


def may_be_delimiter_row(state: StateBlock, line: int) -> bool:
    """Whether `line` may be a table's delimiter row: markdown-it's table rule wants its
    first character (past the indent) to be `|`, `-` or `:`."""
    at = state.bMarks[line] + state.tShift[line]
    return at < state.eMarks[line] and state.src[at] in "|-:"


def _table_rows(state: StateBlock, start: int, end: int) -> tuple[int, int] | None:
    """Where the lines a table starting at `start` may hold begin and end in the source
    (up to the next blank line), when its second line may be a table's delimiter row and
    some wiki link with a `|` is there; else None."""
    if start + 1 >= end:
        return None
    second = state.src[state.bMarks[start + 1] : state.eMarks[start + 1]]
    if "-" not in second or second.strip(" \t|:-"):
        return None
    first = state.bMarks[start]
    last = state.src.find("\n\n", first)
    last = len(state.src) if last < 0 else last
    if "[[" not in state.src[first:last] or "|" not in state.src[first:last]:
        return None
    return first, last


def comment_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A `%%` line opening a comment that runs to the next line holding `%%` (blank lines
    included); hidden like the inline form."""
    first = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    if state.sCount[start] - state.blkIndent >= 4 or not first.startswith("%%"):
        return False
    closed_on_first = len(first.rstrip()) > 3 and first.rstrip().endswith("%%")
    line = start
    if not closed_on_first:
        line += 1
        while line < end:
            text = state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]
            if "%%" in text:
                break
            line += 1
        if line >= end:
            return False  # never closed: left to the inline rule, within its paragraph
    if silent:
        return True
    token = state.push("comment_block", "", 0)
    token.map = [start, line + 1]
    token.content = state.getLines(start, line + 1, state.blkIndent, False)
    token.markup = "%%"
    state.line = line + 1
    return True


def callouts(state: StateCore) -> None:
    """`> [!type]± Title` opening a blockquote makes it a callout: the blockquote token gets
    `meta["callout"]` (type lower-cased), `meta["fold"]` ("+", "-" or ""), `meta["title"]` and
    `meta["title_inline"]` (the title parsed: an inline token on the marker's line), and the
    marker line leaves the quote's first paragraph (which goes when it held nothing
    else). Runs before inline parsing."""
    tokens, kept = state.tokens, []
    skip = 0
    for i, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        kept.append(token)
        if token.type != "blockquote_open" or i + 3 >= len(tokens):
            continue
        para, inline = tokens[i + 1], tokens[i + 2]
        if para.type != "paragraph_open" or inline.type != "inline":
            continue
        first, _, rest = inline.content.partition("\n")
        match = _CALLOUT.fullmatch(first.strip())
        if match is None:
            continue
        kind, fold, title = match.groups()
        token.meta = {**(token.meta or {}), "callout": kind.lower(), "fold": fold}
        token.meta["title"] = title.strip() or kind.capitalize()
        token.meta["title_inline"] = _title_inline(state, token.meta["title"], token.map)
        inline.content = rest
        if inline.map:  # the text now starts a line later
            inline.map = [inline.map[0] + 1, inline.map[1]]
        if not rest.strip():  # the marker was the whole paragraph
            skip = 3
    state.tokens = kept


def _title_inline(state: StateCore, title: str, lines: list[int] | None) -> Token:
    """A callout's title as an inline token parsed like any line (links, emphasis, tags),
    for the renderer to show and the scan to read: a link written there is a link."""
    inline = Token("inline", "", 0, content=title, map=[lines[0], lines[0] + 1] if lines else None)
    if _INLINE_MARKUP.search(title) is None:  # most titles: plain words, one text token
        inline.children = [Token("text", "", 0, content=title)]
        return inline
    inline.children = []
    state.md.inline.parse(title, state.md, state.env, inline.children)
    return inline


def obsidian_plugin(md: MarkdownIt, *, reversed_labels: bool = False) -> None:
    """Add every rule of this module to a parser."""
    md.inline.ruler.before("link", "wikilink", wikilink_rule(reversed_labels))
    md.inline.ruler.before("emphasis", "highlight", highlight)
    md.inline.ruler2.before("emphasis", "highlight", highlight_pairs)
    md.inline.ruler.before("emphasis", "comment", comment)
    md.inline.ruler.push("block_id", block_id)
    md.inline.ruler.push("tag", tag)
    md.block.ruler.before("paragraph", "comment_block", comment_block)
    md.block.ruler.at("table", table_with_wiki_links)
    md.core.ruler.after("block", "callouts", callouts)
