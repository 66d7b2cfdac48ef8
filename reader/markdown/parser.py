"""The reader's Markdown parser: CommonMark, tables, strikethrough, task lists, footnotes,
dollar math, raw HTML, and Obsidian-flavoured syntax, as markdown-it tokens.

Besides markdown-it's own tokens (paragraph, heading, list, table, fence, code_inline,
link_open, image, html_block, html_inline, …) and those of the plugins (footnote_ref,
footnote_block_open, footnote_open, footnote_anchor, math_inline, math_block; list items of a
task list carry `meta["checked"]`), a parse holds:

| token | from | holds |
|---|---|---|
| `wikilink` | `[[…]]`, `![[…]]` | `meta`: target, anchor, label, embed, text (what is shown) |
| `mark_open`/`mark_close` | `==…==` | a highlight around inline tokens |
| `comment`, `comment_block` | `%%…%%` | the hidden text (`content`) |
| `block_id` | `^id` ending a block | `meta["id"]` |
| `tag` | `#tag` | `content`: the tag without `#` |
| `blockquote_open` with `meta["callout"]` | `> [!type]± Title` | type, fold, title |

Parsers are made once per setting and shared: markdown-it parsers keep no state between
parses, so threads may use the same one.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from functools import cache
from typing import Any

from markdown_it import MarkdownIt, rules_inline
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from reader.markdown.block_lines import fast_block_lines
from reader.markdown.cjk_emphasis import cjk_friendly_emphasis
from reader.markdown.obsidian import obsidian_plugin


@cache
def markdown_parser(*, reversed_labels: bool = False) -> MarkdownIt:
    """The parser; `reversed_labels` reads wiki links as `[[label|target]]` (Dendron)."""
    md = MarkdownIt("commonmark", {"html": True, "tasklists": True})
    md.use(cjk_friendly_emphasis)  # first: it replaces the inline parser
    md.use(fast_block_lines)  # the block parser, same tokens at less cost
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    md.use(obsidian_plugin, reversed_labels=reversed_labels)
    md.inline.ruler.at("link", _with_offset(rules_inline.link))
    md.inline.ruler.at("image", _with_offset(rules_inline.image))
    md.core.ruler.at("inline", _inline)
    return md


#: Where `parse` puts, in the parse's env, which inline tokens a caller wants parsed.
_INLINE_IF = "reader_inline_if"
#: Says whether the inline token `tokens[at]` is to be parsed (its children made); it is
#: given the parse's env too (the block parse has filed reference definitions there).
InlineIf = Callable[[list[Token], int, MutableMapping[str, Any]], bool]


def _inline(state: StateCore) -> None:
    """markdown-it's core rule that parses the inline tokens, skipping those the caller of
    `parse` does not want (their children stay empty): a scan that only collects links and
    tags need not parse the inline text of a paragraph that holds no `[` or `#`."""
    wanted: InlineIf | None = state.env.get(_INLINE_IF)
    tokens = state.tokens
    for at, token in enumerate(tokens):
        if token.type == "inline":
            if token.children is None:
                token.children = []
            if wanted is None or wanted(tokens, at, state.env):
                state.md.inline.parse(token.content, state.md, state.env, token.children)


def _with_offset(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap markdown-it's link or image rule so the token it makes records where in the
    inline text it began (`meta["offset"]`), as the wiki link rule does: the scanner turns
    offsets into line numbers for a link's context."""

    def positioned(state: StateInline, silent: bool) -> bool:
        start, before = state.pos, len(state.tokens)
        matched = rule(state, silent)
        if matched and not silent:
            for token in state.tokens[before:]:
                if token.type in ("link_open", "image"):
                    token.meta = {**(token.meta or {}), "offset": start}
                    break
        return matched

    return positioned


def parse(
    text: str, *, reversed_labels: bool = False, inline_if: InlineIf | None = None
) -> list[Token]:
    """A note body's tokens (the body only: frontmatter is read elsewhere). With `inline_if`,
    only the inline tokens it accepts are parsed (the others keep no children)."""
    env = {} if inline_if is None else {_INLINE_IF: inline_if}
    return markdown_parser(reversed_labels=reversed_labels).parse(text, env)
