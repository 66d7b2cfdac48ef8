"""The parser's faster block parse (`reader.markdown.block_lines`) makes the very tokens
markdown-it's own makes: its line table, line cutting, fence search and rule dispatch are
checked against markdown-it on the CommonMark specification's examples and on texts that
reach each shortcut's edges (tabs, line breaks, NUL, containers, unclosed fences)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from types import FrameType

import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock, table

import reader.markdown.parser as parser_module
from reader.markdown.block_lines import FastLinesState, line_table
from reader.markdown.obsidian import may_be_delimiter_row
from reader.markdown.parser import markdown_parser

SPEC = json.loads((Path(__file__).parent / "fixtures" / "commonmark.json").read_text("utf-8"))

EDGES = [
    "",
    "\n",
    "\n\n\n",
    "a",
    "a\n",
    "a\n ",
    "a\n \t",
    " ",
    "\t",
    "\t\n",
    " \ta\n\t b\n  \t\t x\n",
    "a\r\nb\r\n\rc",
    "\x00\n\x00x",
    "𝄞\n\t𝄞 x\n  ",
    "x\n   \n",
    "\u3000a\n\u00a0b",
    "a\tb\n\tc",
]

#: Texts for each shortcut: fences at the top level, in lists, quotes and footnotes,
#: closed or not; paragraphs interrupted by every block; indented lines with tabs.
BLOCKS = [
    "```\ncode\n```\nafter",
    "```python\nx = 1\n\n\ny = 2\n```   \t\nafter",
    "~~~~ info `tick`\n~~~\n~~~~~\ntext",
    "``` a`b\nnot a fence\n```",
    "```\nunclosed\n\n",
    "```\nunclosed to the end",
    "```\n",
    "```\n```",
    "  ```\n  indented two\n    four\n ```\n",
    "```\n    ```\nstill code\n   ```\n",
    "```\n\t```\ncode\n```",
    # the closing run inside a line, after a tab or four spaces, longer, followed by text
    "```\nx = '```'\ny```\n  ```` \nafter",
    "~~~~\n~~~\n ~~~~~x\n   ~~~~\t\nafter\n~~~\n```\n~~~",
    "```\n    ```\n\t```\n```x\n   ```",
    "````\n```\n `````\n````",
    "para\n```\ncode\n```",
    "- item\n\n  ```\n  in a list\n  ```\n- next\n  ```\n  unclosed in list\n- third",
    "> ```\n> quoted\n> ```\n> ```\n> open\nlazy",
    "1. ```\n   x\n\n   y\n   ```",
    "text[^1]\n\n[^1]: note\n    ```\n    code in a note\n    ```\n",
    "para\n# heading\npara\n> quote\npara\n- list\npara\n1. one\npara\n2. two\n<div>\nx\n</div>",
    "para\n***\npara\n___\npara\n$$\nx\n$$\npara\n%%\nhidden\n%%\npara\n[^a]: def",
    "Setext\n===\n\nSetext\n---\n\n - a\n   b\n   ---\n",
    "[ref]: /url\n[ref2]:\n  /u2 'title'\n\n[ref]",
    "| a | b |\n|---|---|\n| [[x|y]] | 2 |\npara",
    "- a\n\t- b\n\t\tc\n \t d\n\n\t\tcode\n",
    ">\tquoted\ttab\n>  \t x\n-\tlist\ttab\n  \tmore",
    "- a\n  - b\n    - c\n     continuation\n\n  lazy back\nend",
    "  para\n   two\n\n    indented code\n      more\n\n\tcode tab\n",
    "<!-- comment\n\n-->\n<pre>\n\n</pre>\n<p>x</p>\n\n",
    "a\r\n```\r\nb\r\n```\r\n\x00\r\n",
    "> - a\n>   ```\n>   b\n> c",
    "para\n\n```\nafter a paragraph\n```\n",
    "> para\n>\n> ```\n> in a quote after a paragraph\n> ```\nafter\n\n```\nx\n```",
    "> > ```\n> > deep\n> ```\n```\nroot\n```",
    "<div>\nx\n\n</div>\n<!-- a\n\nb --> after\n<pre>\n\n</pre>x\n<?php\n?>\n<!X\n>",
    "<custom-tag a='b'>\ntext\n  \nafter\n<![CDATA[\n]]>\n<table>\n<tr><td>[x](y.md)</td></tr>",
    "<!-- never closed\n\n  text\n",
    "<div>\nx\n\t\nafter a tab-only line\n<p>\n \t \n",
    "- <div>\n  x\n\n  y\n- </div>\n> <!--\n> a\n\n-->\n    <div>indented</div>\n<div>\n  ",
    "<script>\nx\n</SCRIPT>tail\n<style>a</style>\n<textarea>\n\n</textarea>\n</div>\n",
    "para\n\n9. nine\n\n8) eight\n\n0. zero\n- a\n+ b\n* c\n\n7. [ ] task\n$$ x $$\n%% c %%",
]

#: Texts for the prose rules (`block_prose`): paragraphs and their ends, setext and ATX
#: headings, thematic breaks, each inside lists, quotes and footnotes too.
PROSE = [
    # lazy continuation, and lines indented four columns or a tab continuing a paragraph
    "para\n    four spaces\n\tafter a tab\n  \t mixed\nend",
    "> quote\nlazy line\n> back\n    indented lazy\n\n> a\n- b",
    "- item\nlazy\n  - deep\nlazier\n\n  after blank",
    "1. one\n   continued\n2. two\nlazy\n\t\ttabbed lazy",
    # lists interrupting a paragraph: ordered only from 1, never an empty item
    "para\n1. one\n\npara\n2. two\n\npara\n1) paren\n\npara\n0. zero",
    "para\n-\n\npara\n- \n\npara\n1.\n\npara\n* x\n\npara\n+\ty",
    "- a\n  para\n  2. not a list here\n  1. but this\n- b\n  -\n  text",
    "para\n1234567890. too long\npara\n123456789. nine digits",
    # setext underlines: levels, spaces after, lazy lines, not after an indent or a tab
    "Title\n===\n\nSub\n---\n\nTwo\nlines\n====   \n\nTab\n---\t\n",
    "Not\n= = =\n\nNot\n--- -\n\nCode\n    ===\n\n- item\n---\n\n> quote\n===",
    "- item\n  text\n  ===\n- b\n  ---\n\n> a\n> ---\n> b\n===\n\n   Three\n   ---",
    "para\n\t===\n\npara\n ===\n\npara\n   ---\n\n1. x\n\n   y\n   ---",
    # ATX headings: levels, closing runs, empty, seven marks, tabs, no space
    "# one\n## two ##\n### three ###   \n#### four#\n##### five \\##\n###### six\n####### seven",
    "#\n# \n### ###\n# ##\n#\tTab\n#no\n  ## indented\n    # code\n#\t#\t",
    "para\n# heading ends it\n> # in quote\n- # in item\n  ## more",
    # thematic breaks, ending paragraphs or not (a `---` under text is a setext line)
    "***\n- - -\n_ _ _ _\n**\n* * x\n--\t-\npara\n***\npara\n___\n+++",
    "- a\n***\n- b\n* * *\n* c",
    # quotes inside lists and lists inside quotes, with lazy lines
    "- > quoted item\n  > more\n  lazy\n- next\n\n1. > a\n> b",
    "> - a\n>   b\n> - c\nlazy\n\n> 1. x\n>\n>    y\n\n>> deep\n> > deeper\nlazy",
    # HTML blocks of every kind (1 to 7) ending paragraphs or not
    "para\n<script>\nx\n</script>\npara\n<!-- c -->\npara\n<?x?>\npara\n<!DOCTYPE html>",
    "para\n<![CDATA[x]]>\npara\n<div>\nx\n\npara\n<span>not a block after text</span>\n",
    "<span>\ntype seven\n\n- <div>\n  in item\n\n> <pre>\n> x\n> </pre>",
    # footnotes, callouts, math blocks
    "text[^1]\n\n[^1]: note\n    para in note\n\n    ===\n[^2]: two\nlazy\n\n[^x]:",
    "> [!note] Title\n> body\n\n> [!tip]- Folded\n\n> [!warning]\n> - list\n> # heading",
    "para\n$$\nx = 1\n$$\npara\n$$ y $$\n\n$$\nunclosed\n\n- $$\n  z\n  $$",
    "> para\n$$\nin quote?\n$$\n\n- item\n$$\nafter item\n$$\n> $$\n> x\n\ny$$",
    # task items, loose and tight lists, items ending in blank lines
    "- [ ] a\n- [x] b\n  - [X] c\n  - [y] no\n\n1. [ ]\n2. [x]\tt\n3. [ ]x",
    "- a\n\n- b\n- c\n\n\n- d\n\n1. x\n2. y\n\n   z\n3. w",
    "-\n\n  foo\n-\n  bar\n- \n\n1.\n\n2.\n   x\n\n- a\n -  b\n  -   c\n   -    d\n    - e",
    # tabs in the indent of container lines
    "-\tTab item\n\t-\tnested\n\t\tlazy\n>\t>\tquoted\n\t>\tcode?",
]


def _markdown_it_parser() -> MarkdownIt:
    """The same parser without `fast_block_lines`: markdown-it's own block parse."""
    saved = parser_module.fast_block_lines
    parser_module.fast_block_lines = lambda md: None  # type: ignore[assignment]
    try:
        return markdown_parser.__wrapped__()  # type: ignore[attr-defined,no-any-return]
    finally:
        parser_module.fast_block_lines = saved


REFERENCE = _markdown_it_parser()


def _table(state: StateBlock) -> tuple[list[int], ...]:
    return state.bMarks, state.eMarks, state.tShift, state.sCount, state.bsCount


@pytest.mark.parametrize("src", EDGES + BLOCKS + [example["markdown"] for example in SPEC])
def test_line_table_is_markdown_its(src: str) -> None:
    md = MarkdownIt()
    theirs = StateBlock(src, md, {}, [])
    ours = FastLinesState(src, md, {}, [])
    assert line_table(src) == _table(theirs) == _table(ours)
    assert ours.lineMax == theirs.lineMax


@pytest.mark.parametrize("src", EDGES + BLOCKS + PROSE)
def test_tokens_are_markdown_its(src: str) -> None:
    assert markdown_parser().parse(src) == REFERENCE.parse(src)


@pytest.mark.parametrize("src", PROSE)
@pytest.mark.parametrize("before", ["", "para\n", "- ", "> ", "1. ", "[^n]: ", "  "])
def test_prose_in_every_container_is_markdown_its(src: str, before: str) -> None:
    """The prose rules give markdown-it's tokens whatever contains the text: each line
    prefixed by a container's marker (a quote, a list item's continuation, a footnote)."""
    text = before + src.replace("\n", "\n" + ("    " if before == "[^n]: " else before))
    assert markdown_parser().parse(text) == REFERENCE.parse(text)


def test_prose_rules_are_the_ones_running() -> None:
    """The shortcuts are in place: markdown-it's own `lheading`, `paragraph`, `heading`,
    `hr`, `list_block` and `blockquote` rules do not run on a paragraph, a setext or ATX
    heading, a break, a list, a quote."""
    called: set[str] = set()

    def record(frame: FrameType, event: str, arg: object) -> None:
        if event == "call" and "rules_block" in frame.f_code.co_filename:
            called.add(frame.f_code.co_name)

    sys.setprofile(record)
    try:
        tokens = markdown_parser().parse(
            "para\nlazy\n\nTitle\n===\n\n# Head\n\n***\n- item\n\n> quote\n"
        )
    finally:
        sys.setprofile(None)
    assert [token.type for token in tokens if token.nesting >= 0] == [
        "paragraph_open",
        "inline",
        "heading_open",
        "inline",
        "heading_open",
        "inline",
        "hr",
        "bullet_list_open",
        "list_item_open",
        "paragraph_open",
        "inline",
        "blockquote_open",
        "paragraph_open",
        "inline",
    ]
    names = {"lheading", "paragraph", "heading", "hr", "list_block", "blockquote"}
    assert not called & names


def test_every_spec_example_parses_as_markdown_it_does() -> None:
    ours = markdown_parser()
    differ = [
        example["example"]
        for example in SPEC
        if ours.parse(example["markdown"]) != REFERENCE.parse(example["markdown"])
    ]
    assert differ == []


@pytest.mark.parametrize("src", BLOCKS)
@pytest.mark.parametrize("indent", [0, 1, 2, 4, 7])
@pytest.mark.parametrize("keep_last", [False, True])
def test_cut_lines_are_markdown_its(src: str, indent: int, keep_last: bool) -> None:
    md = MarkdownIt()
    theirs, ours = StateBlock(src, md, {}, []), FastLinesState(src, md, {}, [])
    for begin in range(theirs.lineMax):
        for end in range(begin, theirs.lineMax + 1):
            wanted = theirs.getLines(begin, end, indent, keep_last)
            assert ours.getLines(begin, end, indent, keep_last) == wanted


def test_fences_interrupt_what_they_did() -> None:
    """A fence still ends a paragraph, a list item's text and a quote's (markdown-it's
    `alt` chains survive the rule's replacement)."""
    for src in ("para\n```\ncode\n```", "- a\n```\nb\n```", "> a\n```\nb\n```"):
        kinds = [token.type for token in markdown_parser().parse(src)]
        assert "fence" in kinds
        assert kinds == [token.type for token in REFERENCE.parse(src)]


@pytest.mark.parametrize("src", BLOCKS + [example["markdown"] for example in SPEC])
def test_no_table_where_no_delimiter_row_may_follow(src: str) -> None:
    """Our table rule gives up at once where markdown-it's would find no table."""
    state = StateBlock(src, MarkdownIt(), {}, [])
    for line in range(state.lineMax):
        if not may_be_delimiter_row(state, line + 1):
            assert not table(state, line, state.lineMax, True)
