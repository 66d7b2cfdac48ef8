"""Inline tokens as a reader sees them: normalised to a few standard kinds, then styled text.

`normalise_inline` rewrites a paragraph's children so every renderer needs to know only
markdown-it's common inline tokens (text, code, breaks, em/strong/s, links) plus `mark`:

- inline HTML tags become those tokens (`reader.markdown.html`); comments and scripts go;
- a wiki link becomes a link whose href is `wiki:<quoted target>` or
  `wiki:<quoted target>#<quoted anchor>` (`urllib.parse.quote` with no safe characters) and
  whose text is what Obsidian shows; an embedded attachment becomes a placeholder;
- images become placeholders with their alt text; math, tags and footnote marks become text
  tokens with `meta["style"]` naming how they are drawn (math as Unicode where
  `reader.markdown.math` can convert it, else its TeX); comments and block ids go.

`styled` then turns the children into one string and the spans of its styles: the TUI makes
Textual `Content` of it, `reader show` wraps it into lines, snippets and the outline read its
text. One pass, so the two outputs cannot disagree on what a note says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from reader.markdown.html import (
    HIDDEN,
    SPANS,
    code_token,
    image_token,
    script_text,
    tag_parts,
    text_token,
)
from reader.markdown.math import math_text
from reader.markdown.wiki import attachment_kind, wiki_href

_COLLECT = frozenset({"code", "kbd", "tt", "samp", "sup", "sub"})
_SPACES = re.compile(r"\s+")
#: The label of an embedded image that gives its size in Obsidian (`300`, `300x200`).
_IMAGE_SIZE = re.compile(r"\s*\d+\s*(?:x\s*\d+\s*)?")

#: One styled stretch of a block's text: start, end, style name, and the href of a link.
Span = tuple[int, int, str, str]


@dataclass(frozen=True)
class Styled:
    """A block's inline content as shown: its text and the spans of its styles."""

    text: str
    spans: tuple[Span, ...] = ()


def placeholder(kind: str, label: str) -> str:
    """`[image: name]`: what stands for an image or file (a space keeps a label ending in
    `]` from closing it with `]]`)."""
    return f"[{kind}: {label}{' ' if label.endswith(']') else ''}]"


def normalise_inline(children: list[Token]) -> list[Token]:
    """A paragraph's children with only the common kinds (see the module docstring)."""
    out: list[Token] = []
    dropped = False
    for child in fold_html(children):
        kind = child.type
        if kind in ("comment", "block_id"):
            dropped = True
            continue
        if dropped and kind == "text" and out and out[-1].content.endswith(" "):
            child.content = child.content.lstrip(" ")  # no double space where it was
        dropped = False
        if kind == "wikilink":
            out.extend(wiki_tokens(child.meta))
        elif kind == "tag":
            out.append(text_token("#" + child.content, style="tag"))
        elif kind in ("math_inline", "math_inline_double"):
            tex = child.content.strip()
            out.append(text_token(math_text(tex) or tex, style="math"))
        elif kind == "footnote_ref":
            out.append(text_token(f"[{child.meta['id'] + 1}]", style="footnote"))
        elif kind == "image":
            alt = "".join(c.content for c in child.children or []) or child.content
            attrs = {"alt": alt, "src": str(child.attrGet("src") or "")}
            out.append(image_token(attrs))
        else:
            out.append(child)
    return out


def wiki_tokens(meta: dict) -> list[Token]:
    """A wiki link as a link with its label; an embedded attachment as a placeholder."""
    target, text = meta["target"], meta["text"]
    if meta["embed"]:
        kind = attachment_kind(target)
        if kind is not None:
            alt = meta["label"] or ""
            if kind == "image" and _IMAGE_SIZE.fullmatch(alt):
                alt = ""  # `![[a.png|300]]`, `|300x200`: Obsidian's size, not a caption
            label = alt or target.rsplit("/", 1)[-1]
            token = text_token(placeholder(kind, label), style="placeholder")
            if kind == "image":
                token.meta["image"] = {"src": target, "alt": alt}
            return [token]
        text = f"⧉ {text}"
    opening = Token("link_open", "a", 1, attrs={"href": wiki_href(target, meta["anchor"])})
    opening.meta = {"wiki": True}
    return [opening, text_token(text), Token("link_close", "a", -1)]


def fold_html(children: list[Token]) -> list[Token]:
    """Turn `html_inline` tags into span tokens, balanced: a closing tag closes only what is
    open, and whatever is still open closes at the end. Comments and unknown tags vanish,
    the content of `<script>`/`<style>` too; `<code>`, `<sup>` and `<sub>` gather the text
    up to their closing tag."""
    if not any(c.type == "html_inline" for c in children):
        return children
    out: list[Token] = []
    open_spans: list[str] = []
    hiding: str | None = None
    gathering: tuple[str, list[str]] | None = None
    for child in children:
        parts = tag_parts(child.content) if child.type == "html_inline" else None
        if hiding is not None:
            if parts is not None and parts[0] and parts[1] == hiding:
                hiding = None
            continue
        if gathering is not None:
            if parts is not None and parts[0] and parts[1] == gathering[0]:
                out.append(_gathered(*gathering))
                gathering = None
            elif child.type != "html_inline":
                gathering[1].append("\n" if child.type == "hardbreak" else child.content)
            continue
        if child.type != "html_inline":
            out.append(child)
        elif parts is not None:
            closing, name, attrs = parts
            if not closing and name in HIDDEN:
                hiding = name
            elif not closing and name in _COLLECT:
                gathering = (name, [])
            else:
                out.extend(_tag_tokens(closing, name, attrs, open_spans))
    if gathering is not None:
        out.append(_gathered(*gathering))
    out.extend(Token(f"{kind}_close", "", -1) for kind in reversed(open_spans))
    return out


def _gathered(name: str, texts: list[str]) -> Token:
    text = "".join(texts)
    return text_token(script_text(text, name)) if name in ("sup", "sub") else code_token(text)


def _tag_tokens(closing: bool, name: str, attrs: dict[str, str], stack: list[str]) -> list[Token]:
    """The tokens one inline tag gives, keeping `stack` (the open spans) balanced."""
    if name == "br":
        return [Token("hardbreak", "br", 0)]
    if name == "img":
        return [image_token(attrs)]
    kind = "link" if name == "a" else SPANS.get(name)
    if kind is None:
        return []
    if not closing:
        if kind == "link":
            if not attrs.get("href"):
                return []
            stack.append(kind)
            return [Token("link_open", "a", 1, attrs={"href": attrs["href"]})]
        stack.append(kind)
        return [Token(f"{kind}_open", kind, 1)]
    if kind not in stack:
        return []
    closed: list[Token] = []
    while stack:
        top = stack.pop()
        closed.append(Token(f"{top}_close", "", -1))
        if top == kind:
            break
    return closed


def styled(children: list[Token]) -> Styled:
    """Normalised inline tokens as one string with the spans of their styles.

    White space inside text collapses to single spaces, as Textual's own Markdown does; a
    hard break is a line break. Styles: `em`, `strong`, `s`, `mark`, `code`, `link` (with its
    href), the `meta["style"]` of text tokens (`math`, `tag`, `footnote`, …) and of
    `style_open` spans (a callout's title).
    """
    parts: list[str] = []
    spans: list[Span] = []
    stack: list[tuple[str, int, str]] = []
    position = 0
    for child in children:
        kind = child.type
        text = ""
        if kind == "text":
            text = _SPACES.sub(" ", child.content)
            style = (child.meta or {}).get("style")
            if style and text:
                spans.append((position, position + len(text), style, ""))
        elif kind == "code_inline":
            text = child.content
            spans.append((position, position + len(text), "code", ""))
        elif kind == "softbreak":
            text = " "
        elif kind == "hardbreak":
            text = "\n"
        elif kind.endswith("_open"):
            name = (child.meta or {}).get("style") or kind[: -len("_open")]
            stack.append((name, position, str(child.attrGet("href") or "")))
        elif kind.endswith("_close") and stack:
            name, start, href = stack.pop()
            if position > start:
                spans.append((start, position, name, href))
        parts.append(text)
        position += len(text)
    return Styled("".join(parts), tuple(spans))
