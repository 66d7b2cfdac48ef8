"""What a note's Markdown refers to, read off its tokens: links, embeds, inline tags, headings
and block ids, each with its line. Code spans and code blocks hold none of them (the parser
never makes link or tag tokens there). Every link the renderer shows is found: in callout
titles, footnotes, headings, tables, and HTML `<a href>` (inline or in an HTML block). The
link model and the outline build on this; the renderer reads the same tokens.
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote

from markdown_it.token import Token

from reader.markdown.html import html_blocks
from reader.markdown.inline import fold_html
from reader.markdown.parser import markdown_parser, parse
from reader.markdown.wiki import WIKI_TEXT, parse_wikilink

#: A link destination with a scheme (`https:`, `mailto:`, `obsidian:`…) points outside the vault.
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


@dataclass(frozen=True)
class LinkRef:
    """One link as written. `target` is the note named ("" for the note itself), without its
    anchor; `anchor` a heading or `^block-id` (None when none); `markdown` is True for
    `[text](path)` and `![alt](path)`, False for wiki links; `line` is 0-based in the body."""

    target: str
    anchor: str | None
    label: str | None
    embed: bool
    markdown: bool
    line: int


@dataclass(frozen=True)
class Heading:
    """A heading: level 1-6, its text as shown (no markup), its 0-based line."""

    level: int
    text: str
    line: int


@dataclass(frozen=True)
class Scan:
    """Everything a body refers to, in the order written. `tags` leaves out tags in headings,
    each tag once."""

    links: tuple[LinkRef, ...] = ()
    tags: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()
    block_ids: tuple[tuple[str, int], ...] = ()


#: Inline text holding none of these, nor a link into the vault (below), holds nothing a
#: scan collects: `[[` opens every wiki link and embed, `#` a tag and `^` a block id where
#: they follow a space, a line break or the start of the text (which a `[` may open:
#: `![#alt](…)`, `^[note]`), as the tag and block id rules ask; a block id starts with a
#: letter or digit. A scan leaves such text unparsed (most of a long note's paragraphs:
#: `C#`, `2^12`, `x ^ y` are text), and a heading's text too when it holds no markup.
_INLINE_MARKERS = re.compile(r"\[\[|(?<![^\s\[])(?:#|\^[A-Za-z0-9])")
#: A Markdown link or image whose destination is not a web address (`scheme:` or `//`, which
#: `_markdown_ref` leaves out): `](` and the destination, after the spaces and the `<` that
#: the link rule skips.
_VAULT_DESTINATION = re.compile(rf"\]\([ \t\n]*<?(?!{_SCHEME.pattern}|//)")
#: An HTML link or image (`<a href>`, `<img src>`), which the renderer shows as one.
_HTML_LINK = re.compile(r"<[^>]*(?:href|src)", re.IGNORECASE)
#: A character an inline rule of the parser starts at (`newline` aside; a `#` only where a
#: tag may start: `C#` is text). Text holding none is plain text: a heading's is its text
#: as written.
_MARKUP = re.compile(r"[\\`$~*_=%\[\]!<&^]|(?<!\S)#")
#: A wiki link or embed as the wiki link rule takes one (`obsidian.wikilink_rule`): not
#: before a `(` (`![[x]](url)` is an image).
_WIKI_LINK = re.compile(r"(!?)\[\[([^\[\]\n]+)\]\](?!\()")


def _wiki_links_only(content: str) -> bool:
    """Whether inline text is wiki links in plain text (`_Found.wiki_links` reads them):
    none of the rules before the wiki link rule starts at `[[` or `![[`."""
    return "[[" in content and _MARKUP.search(_WIKI_LINK.sub("", content)) is None


def _worth_parsing(tokens: list[Token], at: int, env: MutableMapping[str, Any]) -> bool:
    """Whether a scan needs the inline token `tokens[at]` parsed: a heading's text holding
    markup (plain text is its own text: `_Found.inline`), or text that may hold a link into
    the vault, a tag or a block id (a reference-style link, when the note defines
    references, may hold any destination), unless it is only wiki links in plain text."""
    content = tokens[at].content
    if at and tokens[at - 1].type == "heading_open":
        return _MARKUP.search(content) is not None
    if _INLINE_MARKERS.search(content):
        return not _wiki_links_only(content)
    if "<" in content and _HTML_LINK.search(content):
        return True
    if "[" not in content:
        return False
    return bool(env.get("references")) or _VAULT_DESTINATION.search(content) is not None


#: What every body a scan finds something in holds: `[` (links, wiki links, embeds,
#: footnotes, callouts), `#` (tags, headings), `^` (block ids), an HTML link or image's
#: `href`/`src`, or a setext heading's underline (`===` or `---` starting a line, after any
#: indent and quote markers).
_MAY_REFER = re.compile(r"[\[#^]|href|src|^[ \t>]*[=-]", re.IGNORECASE | re.MULTILINE)


def scan(body: str, *, reversed_labels: bool = False) -> Scan:
    """Parse a body and collect what it refers to (a body holding nothing a scan collects is
    not parsed)."""
    if _MAY_REFER.search(body) is None:
        return Scan()
    tokens = parse(body, reversed_labels=reversed_labels, inline_if=_worth_parsing)
    return scan_tokens(tokens, reversed_labels=reversed_labels)


def scan_tokens(tokens: list[Token], *, reversed_labels: bool = False) -> Scan:
    """`scan` over tokens already parsed (the renderer parses once for both), with the
    parser's setting (inline text left unparsed as wiki links only is read so)."""
    found = _Found(reversed_labels)
    heading_level = 0
    for token in tokens:
        if token.type == "heading_open":
            heading_level = int(token.tag[1:])
        elif token.type == "heading_close":
            heading_level = 0
        elif token.type == "inline":
            found.inline(token, heading_level)
        elif token.type == "blockquote_open" and token.meta and "title_inline" in token.meta:
            found.inline(token.meta["title_inline"], 0)  # a callout's title line
        elif token.type == "html_block" and "href" in token.content.lower():
            found.html_block(token)
    return Scan(tuple(found.links), tuple(found.tags), tuple(found.headings), tuple(found.blocks))


class _Found:
    """What `scan_tokens` has collected so far."""

    def __init__(self, reversed_labels: bool) -> None:
        self.reversed_labels = reversed_labels
        self.links: list[LinkRef] = []
        self.tags: dict[str, None] = {}
        self.headings: list[Heading] = []
        self.blocks: list[tuple[str, int]] = []

    def inline(self, token: Token, heading_level: int) -> None:
        """One inline token's links, tags and block ids (and the heading it is, if one)."""
        first = token.map[0] if token.map else 0
        children = token.children or []
        if "<" in token.content and any(child.type == "html_inline" for child in children):
            children = fold_html(children)  # `<a href>` as the renderer shows it: a link
        if heading_level:  # a heading left unparsed holds no markup: its text is as written
            text = inline_text(children) if children else " ".join(token.content.split())
            self.headings.append(Heading(heading_level, text, first))
        elif not children and "[[" in token.content:  # left unparsed: wiki links only
            self.wiki_links(token.content, first)
        for i, child in enumerate(children):
            line = first + token.content.count("\n", 0, (child.meta or {}).get("offset", 0))
            if child.type == "wikilink":
                self.links.append(_wiki_ref(child.meta, line))
            elif child.type in ("link_open", "image"):
                ref = _markdown_ref(child, _link_label(children, i), line)
                if ref is not None:
                    self.links.append(ref)
            elif child.type == "tag" and not heading_level:
                self.tags.setdefault(child.content)
            elif child.type == "block_id":
                self.blocks.append((child.meta["id"], first + token.content.count("\n")))

    def wiki_links(self, content: str, first: int) -> None:
        """The wiki links of inline text holding nothing else (`_wiki_links_only`), each on
        its line, as the wiki link rule reads them."""
        for match in _WIKI_LINK.finditer(content):
            meta = parse_wikilink(
                match.group(2), embed=bool(match.group(1)), reversed_labels=self.reversed_labels
            )
            self.links.append(_wiki_ref(meta, first + content.count("\n", 0, match.start())))

    def html_block(self, token: Token) -> None:
        """The links of an HTML block, as the renderer shows it, each on the line of the
        block where its address is written."""
        first = token.map[0] if token.map else 0
        for shown in html_blocks(token.content):
            children = shown.children or []
            for i, child in enumerate(children):
                if child.type == "link_open":
                    ref = _markdown_ref(child, _link_label(children, i), first)
                    if ref is not None:
                        at = token.content.find(str(child.attrGet("href")))
                        line = first + token.content.count("\n", 0, max(at, 0))
                        self.links.append(replace(ref, line=line))


def wikilinks_in(text: str, *, reversed_labels: bool = False) -> list[LinkRef]:
    """The wiki links in a plain string (a frontmatter value: `related: "[[Other note]]"`)."""
    return [
        _wiki_ref(
            parse_wikilink(m.group(2), embed=bool(m.group(1)), reversed_labels=reversed_labels), 0
        )
        for m in WIKI_TEXT.finditer(text)
    ]


def inline_text(children: list[Token]) -> str:
    """Inline tokens as the text a reader sees: no markup, links by their text, wiki links by
    their label, math as its TeX, hidden tokens (comments, block ids, footnote marks) left out."""
    parts: list[str] = []
    for child in children:
        kind = child.type
        if kind in ("text", "code_inline", "math_inline", "math_inline_double", "html_inline"):
            parts.append(child.content if kind != "html_inline" else "")
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif kind == "wikilink":
            parts.append(child.meta["text"])
        elif kind == "tag":
            parts.append("#" + child.content)
        elif kind == "image":
            parts.append(inline_text(child.children or []))
    return " ".join("".join(parts).split())


def _wiki_ref(meta: dict, line: int) -> LinkRef:
    return LinkRef(meta["target"], meta["anchor"], meta["label"], meta["embed"], False, line)


def _link_label(children: list[Token], at: int) -> str:
    """The text of the link opened at `at` (up to its close), or of the image there."""
    if children[at].type == "image":
        return inline_text(children[at].children or [])
    depth, end = 0, at
    for end in range(at, len(children)):
        depth += children[end].nesting if children[end].type.startswith("link_") else 0
        if depth == 0:
            break
    return inline_text(children[at + 1 : end])


def _markdown_ref(token: Token, label: str, line: int) -> LinkRef | None:
    """A Markdown link or image into the vault (None for web addresses and the like)."""
    href = str(token.attrGet("href") or token.attrGet("src") or "")
    if not href or _SCHEME.match(href) or href.startswith("//"):
        return None
    path, hash_, anchor = unquote(href).partition("#")
    return LinkRef(
        path, anchor if hash_ else None, label or None, token.type == "image", True, line
    )


def plain_inline(markdown: str, *, reversed_labels: bool = False) -> str:
    """One line of inline Markdown as plain text: `[706. 设计哈希映射](https://…)` gives
    `706. 设计哈希映射` (titles taken from a heading)."""
    parser = markdown_parser(reversed_labels=reversed_labels)
    tokens = parser.parseInline(markdown)
    return inline_text(tokens[0].children or []) if tokens else ""
