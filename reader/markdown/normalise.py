"""A note's Markdown as the tokens every reader of the rendered note uses.

The parser (`reader.markdown.parser`) keeps what was written: raw HTML, footnote blocks, math
blocks, comments, callout markers, embeds. `note_tokens` rewrites that into markdown-it's
common block tokens (paragraph, heading, lists, blockquote, table, fence, hr), whose inline
children `reader.markdown.inline` has normalised, so the TUI's Markdown widget and
`reader show` draw the same thing:

- HTML blocks become the blocks they show (`reader.markdown.html`); comment blocks vanish;
- math is Unicode text in the math style (`reader.markdown.math`: `α ≤ √x`), a display
  block a paragraph of its own; what cannot be converted stays TeX without its `$`: inline
  a text token in the math style, a block a fence (`info` "latex");
- footnotes: the marks are numbers in the text, the notes an ordered list after a rule;
- a callout is a blockquote (`meta["callout"]` kept) opening with its title, its inline
  Markdown rendered; a folding callout is shown open, its title marked ▸ (folded in
  Obsidian, `-`) or ▾ (`+`): a terminal reader has no click to unfold it;
- a task's checkbox is the first text of its item (☐ or ☑);
- `![[Note]]` and `![[Note#Heading]]` standing in a paragraph are transcluded: the paragraph
  is cut around them and the embedded note (or section) follows as a blockquote with
  `meta["embed"]` (its title) and a title line. Other notes come from a `Resolve` callback,
  so this layer never reads the vault; embeds go `embed_depth` levels deep (1 by default),
  never into a note already being embedded, and show at most `EMBED_CHARS` of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from markdown_it.token import Token

from reader.markdown.footnotes import Footnotes
from reader.markdown.html import html_blocks, inline_token, text_token, trim_inline
from reader.markdown.inline import normalise_inline
from reader.markdown.math import math_text
from reader.markdown.parser import parse
from reader.markdown.scan import inline_text
from reader.markdown.wiki import attachment_kind, same_heading

#: Finds another note for an embed: its target as written → (title, body), or None.
Resolve = Callable[[str], "tuple[str, str] | None"]

#: How a callout's title is drawn, by type (Obsidian's types and their aliases).
CALLOUT_STYLES = {
    "note": "callout.note",
    "info": "callout.note",
    "todo": "callout.note",
    "abstract": "callout.quote",
    "summary": "callout.quote",
    "tldr": "callout.quote",
    "quote": "callout.quote",
    "cite": "callout.quote",
    "tip": "callout.tip",
    "hint": "callout.tip",
    "important": "callout.tip",
    "success": "callout.tip",
    "check": "callout.tip",
    "done": "callout.tip",
    "question": "callout.warning",
    "help": "callout.warning",
    "faq": "callout.warning",
    "warning": "callout.warning",
    "caution": "callout.warning",
    "attention": "callout.warning",
    "failure": "callout.danger",
    "fail": "callout.danger",
    "missing": "callout.danger",
    "danger": "callout.danger",
    "error": "callout.danger",
    "bug": "callout.danger",
    "example": "callout.example",
}
_FOLD_MARKS = {"+": " ▾", "-": " ▸", "": ""}
#: How much of an embedded note or section is transcluded. The TUI lays a long note out a
#: part of ~8,000 characters at a time, and an embed belongs to the part that holds it: an
#: embedded book would otherwise stall the screen while thousands of blocks are built.
#: The rest is one link away, and said to be there.
EMBED_CHARS = 8_000


@dataclass(frozen=True)
class _Context:
    """What a pass needs besides the tokens: how to find embedded notes, how wiki links
    read, how many embed levels are left, the notes being embedded (never again), the body
    being rendered (for `![[#Heading]]`) and, for one part of a note, its footnotes."""

    resolve: Resolve | None
    reversed_labels: bool
    depth: int
    seen: frozenset[str]
    own_body: str
    footnotes: Footnotes | None = None


def note_tokens(
    body: str,
    *,
    resolve: Resolve | None = None,
    reversed_labels: bool = False,
    embed_depth: int = 1,
    name: str = "",
    footnotes: Footnotes | None = None,
) -> list[Token]:
    """A body's normalised tokens (see the module docstring); `name` is how links name this
    note (its file name without suffix), so it never embeds itself; `footnotes` are those of
    the whole note when `body` is one part of it (`reader.markdown.footnotes`)."""
    seen = frozenset({name.casefold()}) if name else frozenset()
    context = _Context(resolve, reversed_labels, embed_depth, seen, body, footnotes)
    if footnotes is None:
        return _normalise(parse(body, reversed_labels=reversed_labels), context)
    body = f"{body.rstrip()}\n\n{footnotes.definitions}\n"
    tokens = _normalise(parse(body, reversed_labels=reversed_labels), context)
    if footnotes.listed and footnotes.items:
        tokens += _listed_footnotes(footnotes, replace(context, depth=0, footnotes=None))
    return tokens


def _listed_footnotes(footnotes: Footnotes, context: _Context) -> list[Token]:
    """The whole note's footnotes as the list ending its last part (markdown-it would list
    only those marked in that part)."""
    items: list[Token] = []
    for number, text in footnotes.items:
        items.append(Token("footnote_open", "", 1, meta={"id": number - 1}))
        for token in parse(text, reversed_labels=context.reversed_labels):
            if token.type.startswith("paragraph_") and not token.level:
                token.hidden = True  # a tight list, as `_footnotes` makes it
            items.append(token)
        items.append(Token("footnote_close", "", -1))
    return _footnotes(items, context)


def _normalise(tokens: list[Token], context: _Context) -> list[Token]:
    out: list[Token] = []
    task: bool | None = None
    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.type
        if kind == "html_block":
            out += html_blocks(token.content, token.level)
        elif kind == "math_block":
            out += _math_block(token)
        elif kind == "footnote_block_open":
            end = _closing(tokens, i, "footnote_block_close")
            if context.footnotes is None:  # one part of a note lists none (`note_tokens`)
                out += _footnotes(tokens[i + 1 : end], context)
            i = end
        elif kind == "paragraph_open" and _embeds(tokens[i + 1], context):
            out += _split_embeds(token, tokens[i + 1], context)
            i += 2
        elif kind == "inline":
            _renumber(token.children or [], context)
            children = normalise_inline(token.children or [])
            if task is not None:
                children.insert(0, text_token("☑ " if task else "☐ ", style="task"))
                task = None
            token.children = children
            out.append(token)
        elif kind not in ("comment_block", "footnote_anchor", "front_matter"):
            out.append(token)
            if kind == "list_item_open":
                task = (token.meta or {}).get("checked")
            elif kind == "blockquote_open" and (token.meta or {}).get("callout"):
                out += _callout_title(token, context)
        i += 1
    return out


def _math_block(token: Token) -> list[Token]:
    """Display math as a paragraph of Unicode in the math style, one line per line of the
    result; a fence of its TeX when it cannot be converted (`reader.markdown.math`)."""
    tex = token.content.strip("\n")
    text = math_text(tex)
    if text is None:
        fence = Token("fence", "code", 0, content=tex + "\n", map=token.map, block=True)
        fence.info, fence.markup = "latex", "$$"
        return [fence]
    children: list[Token] = []
    for line in (" ".join(line.split()) for line in text.split("\n")):
        if line:
            if children:
                children.append(Token("hardbreak", "br", 0))
            children.append(text_token(line, style="math"))
    paragraph = Token("paragraph_open", "p", 1, level=token.level, map=token.map, block=True)
    closing = Token("paragraph_close", "p", -1, level=token.level, block=True)
    return [paragraph, inline_token(children, token.level + 1), closing]


def _renumber(children: list[Token], context: _Context) -> None:
    """Footnote marks numbered as in the whole note when this is one part of it."""
    if context.footnotes is None:
        return
    numbers = context.footnotes.numbers
    for child in children:
        if child.type == "footnote_ref" and child.meta.get("label") in numbers:
            child.meta = {**child.meta, "id": numbers[child.meta["label"]] - 1}


def _closing(tokens: list[Token], start: int, kind: str) -> int:
    """The index of the first `kind` token after `start` (the end if there is none)."""
    for index in range(start + 1, len(tokens)):
        if tokens[index].type == kind:
            return index
    return len(tokens)


def _callout_title(quote: Token, context: _Context) -> list[Token]:
    """A callout's title line: its inline Markdown rendered, in the style of its type, with
    a mark when it folds."""
    meta = quote.meta
    children = normalise_inline(meta["title_inline"].children or [])
    fold = _FOLD_MARKS.get(meta.get("fold", ""), "")
    if fold:
        children.append(text_token(fold))
    style = CALLOUT_STYLES.get(meta["callout"], "callout.note")
    return _title(children, style, quote.level + 1)


def _title(children: list[Token] | str, style: str, level: int) -> list[Token]:
    """A paragraph of one styled line: a callout's or an embed's title. The style is a
    `style_open`/`style_close` span (`reader.markdown.inline.styled`)."""
    if isinstance(children, str):
        children = [text_token(children)]
    spanned = [
        Token("style_open", "", 1, meta={"style": style}),
        *children,
        Token("style_close", "", -1),
    ]
    paragraph = Token("paragraph_open", "p", 1, level=level, block=True, hidden=True)
    inline = inline_token(spanned, level + 1)
    closing = Token("paragraph_close", "p", -1, level=level, block=True, hidden=True)
    return [paragraph, inline, closing]


def _footnotes(tokens: list[Token], context: _Context) -> list[Token]:
    """The footnote block as a rule and an ordered list numbered as the marks are."""
    out = [Token("hr", "hr", 0, markup="---", block=True)]
    out.append(Token("ordered_list_open", "ol", 1, block=True, markup="."))
    for token in tokens:
        if token.type == "footnote_open":
            number = str(token.meta["id"] + 1)
            out.append(Token("list_item_open", "li", 1, info=number, markup=".", block=True))
        elif token.type == "footnote_close":
            out.append(Token("list_item_close", "li", -1, block=True))
        else:
            if token.type.startswith("paragraph_") and token.level == 1:
                token.hidden = True  # a tight list: no blank line between the notes
            out.append(token)
    body = _normalise(out, context)
    return [*body, Token("ordered_list_close", "ol", -1, block=True)]


def _embeds(inline: Token, context: _Context) -> bool:
    """Whether a paragraph holds a note embed that will be transcluded."""
    if context.depth < 1 or inline.type != "inline":
        return False
    return any(_is_note_embed(child) for child in inline.children or [])


def _is_note_embed(child: Token) -> bool:
    return (
        child.type == "wikilink"
        and child.meta["embed"]
        and attachment_kind(child.meta["target"]) is None
    )


def _split_embeds(paragraph: Token, inline: Token, context: _Context) -> list[Token]:
    """A paragraph cut around its note embeds, each embed transcluded between the pieces."""
    out: list[Token] = []
    pending: list[Token] = []
    for child in inline.children or []:
        embedded = _embedded(child, context) if _is_note_embed(child) else None
        if embedded is None:
            pending.append(child)
            continue
        out += _paragraph(pending, paragraph)
        out += embedded
        pending = []
    return out + _paragraph(pending, paragraph)


def _paragraph(children: list[Token], like: Token) -> list[Token]:
    """A paragraph of `children`, or nothing when they show nothing."""
    shown = normalise_inline(children)
    while shown and shown[0].type in ("softbreak", "hardbreak"):
        shown.pop(0)
    while shown and shown[-1].type in ("softbreak", "hardbreak"):
        shown.pop()
    shown = trim_inline(shown)
    if not shown:
        return []
    opening = Token("paragraph_open", "p", 1, level=like.level, map=like.map, block=True)
    closing = Token("paragraph_close", "p", -1, level=like.level, block=True)
    return [opening, inline_token(shown, like.level + 1), closing]


def _embedded(link: Token, context: _Context) -> list[Token] | None:
    """The blocks of an embedded note or section, framed and titled; None if it cannot be."""
    target, anchor = link.meta["target"], link.meta["anchor"]
    key = target.casefold()
    if key in context.seen:
        return None
    if not target:
        found: tuple[str, str] | None = ("", context.own_body)
    elif context.resolve is None:
        return None
    else:
        found = context.resolve(target)
    if found is None:
        return None
    title, body = found
    part = section(body, anchor, context.reversed_labels) if anchor else body
    if part is None:
        return None
    inner = _Context(
        context.resolve, context.reversed_labels, context.depth - 1, context.seen | {key}, body
    )
    heading = " › ".join(x for x in (title, (anchor or "").lstrip("^")) if x) or target
    quote = Token("blockquote_open", "blockquote", 1, markup=">", block=True)
    quote.meta = {"embed": heading}
    part, rest = _capped(part)
    tokens = _normalise(parse(part, reversed_labels=context.reversed_labels), inner)
    if rest:
        tokens += _title(f"⋯ {rest:,} more characters of {heading}", "placeholder", 1)
    return [
        quote,
        *_title(f"⧉ {heading}", "embed.title", 1),
        *tokens,
        Token("blockquote_close", "blockquote", -1, block=True),
    ]


def _capped(part: str) -> tuple[str, int]:
    """At most `EMBED_CHARS` of an embedded text, cut at a blank line (else a line end)
    when there is one in its second half, and how many characters were left out."""
    if len(part) <= EMBED_CHARS:
        return part, 0
    cut = part.rfind("\n\n", EMBED_CHARS // 2, EMBED_CHARS)
    if cut < 0:
        cut = part.rfind("\n", EMBED_CHARS // 2, EMBED_CHARS)
    cut = cut if cut > 0 else EMBED_CHARS
    return part[:cut], len(part) - cut


def section(body: str, anchor: str, reversed_labels: bool = False) -> str | None:
    """The part of `body` an anchor names: a heading's section (to the next heading of its
    level or above; the heading matched as links match it, `same_heading`), or the block
    holding `^id`. None when there is no such part."""
    tokens = parse(body, reversed_labels=reversed_labels)
    lines = body.splitlines(keepends=True)
    wanted = anchor.lstrip("^").casefold()
    if anchor.startswith("^"):
        outer: Token | None = None
        for token in tokens:
            if token.level == 0 and token.map and token.nesting >= 0:
                outer = token
            for child in token.children or []:
                found = child.type == "block_id" and child.meta["id"].casefold() == wanted
                if found and outer is not None and outer.map:
                    return "".join(lines[outer.map[0] : outer.map[1]])
        return None
    for index, token in enumerate(tokens):
        if token.type != "heading_open" or not token.map:
            continue
        if not same_heading(inline_text(tokens[index + 1].children or []), anchor):
            continue
        level, start = int(token.tag[1:]), token.map[0]
        end = next(
            (
                t.map[0]
                for t in tokens[index + 1 :]
                if t.type == "heading_open" and t.map and int(t.tag[1:]) <= level
            ),
            len(lines),
        )
        return "".join(lines[start:end])
    return None
