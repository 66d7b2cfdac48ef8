"""Raw HTML in a note turned into the same tokens Markdown gives, so nothing HTML holds is lost.

Notes copied from the web (a LeetCode problem, a Hugo page) write whole passages in HTML:
`<p>`, `<ul>`, `<pre>`, `<strong>`, `<code>`, `<sup>`, tables, `<details>`. markdown-it keeps
them as `html_block` and `html_inline` tokens, which a Markdown renderer drops. Here an HTML
block is read with the standard library's `html.parser` into a small tree and written out as
markdown-it block tokens (paragraph, heading, lists, fence, table, blockquote, hr), and the tags
inside a Markdown paragraph become inline tokens (strong, em, s, code, links, line breaks).
Unknown tags give their text; `<script>`, `<style>` and comments give nothing; an image is a
placeholder with its alt text. Unclosed tags close at the end of their fragment, stray
closing tags are ignored: a fragment never unbalances the token stream.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from markdown_it.token import Token

#: Elements whose content is never shown.
HIDDEN = frozenset({"script", "style", "template", "head", "title", "noscript", "iframe"})
#: Elements that hold no content and have no end tag.
VOID = frozenset(
    {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "source", "area", "base", "embed"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Elements laid out as blocks; any other element is inline (its text flows in a paragraph).
BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "figure"}
    | {"figcaption", "center", "address", "ul", "ol", "li", "pre", "table", "thead", "tbody"}
    | {"tfoot", "tr", "th", "td", "blockquote", "hr", "details", "summary", "dl", "dt", "dd"}
    | {"form", "fieldset", "caption", "body", "html", "menu"}
    | _HEADINGS
)
#: Inline elements that become a markdown-it span token.
SPANS = {"strong": "strong", "b": "strong", "em": "em", "i": "em", "cite": "em", "var": "em"}
SPANS |= {"dfn": "em", "s": "s", "del": "s", "strike": "s", "mark": "mark"}
_CODE = frozenset({"code", "kbd", "tt", "samp"})
#: A tag as markdown-it's inline rule hands it over.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*)>", re.DOTALL)
_ATTR = re.compile(r"""([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_SPACES = re.compile(r"[ \t\n\r\f]+")
_SUPER = str.maketrans("0123456789+-=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿ")
_SUB = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")


@dataclass
class Element:
    """One HTML element: its tag, attributes and children (elements and text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """Builds an `Element` tree, forgiving as browsers are about unclosed and stray tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("li", "p", "tr", "td", "th", "dt", "dd") and self._open(tag):
            self._close(tag)  # a new item, paragraph or cell ends the previous one
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if self._open(tag):
            self._close(tag)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def _open(self, tag: str) -> bool:
        """Whether `tag` is open, not counting an enclosing list or table boundary."""
        for element in reversed(self.stack[1:]):
            if element.tag == tag:
                return True
            if element.tag in ("ul", "ol", "table"):
                return False
        return False

    def _close(self, tag: str) -> None:
        while len(self.stack) > 1 and self.stack.pop().tag != tag:
            pass


def html_tree(source: str) -> Element:
    """An HTML fragment as a tree under a `root` element."""
    builder = _TreeBuilder()
    builder.feed(source)
    builder.close()
    return builder.root


def text_of(element: Element | str, *, raw: bool = False) -> str:
    """The text an element shows (hidden elements give none; `<br>` is a line break)."""
    if isinstance(element, str):
        return element if raw else _SPACES.sub(" ", element)
    if element.tag in HIDDEN:
        return ""
    if element.tag == "br":
        return "\n"
    if element.tag == "img":
        return image_placeholder(element.attrs)
    inner = "".join(text_of(child, raw=raw) for child in element.children)
    return script_text(inner, element.tag) if element.tag in ("sup", "sub") else inner


def image_token(attrs: dict[str, str]) -> Token:
    """An image as its placeholder text, with `meta["image"]` (its `src` and `alt`): the
    TUI draws the file below the block that holds it; `reader show` prints the text."""
    token = text_token(image_placeholder(attrs), style="placeholder")
    token.meta["image"] = {"src": attrs.get("src", ""), "alt": attrs.get("alt", "")}
    return token


def image_placeholder(attrs: dict[str, str]) -> str:
    """What an image shows in a terminal: its alt text, else its file name."""
    alt = _SPACES.sub(" ", attrs.get("alt", "")).strip()
    if not alt:
        alt = attrs.get("src", "").rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    if not alt:
        return "[image]"
    return f"[image: {alt}{' ' if alt.endswith(']') else ''}]"  # no `]]`: see inline.placeholder


def script_text(text: str, tag: str) -> str:
    """`<sup>`/`<sub>` text as Unicode super- or subscripts when every character has one,
    else with `^`/`_` in front (`10<sup>9</sup>` shows `10⁹`)."""
    table, mark = (_SUPER, "^") if tag == "sup" else (_SUB, "_")
    text = text.strip()
    converted = text.translate(table)
    if all(ord(c) > 127 for c in converted) and text:
        return converted
    return f"{mark}({text})" if len(text) > 1 else f"{mark}{text}"


def html_blocks(source: str, level: int = 0) -> list[Token]:
    """The block tokens an HTML fragment shows."""
    emitter = _Emitter(level)
    emitter.children(html_tree(source))
    emitter.flush()
    return emitter.tokens


class _Emitter:
    """Walks an HTML tree and writes markdown-it tokens: blocks into `tokens`, inline content
    into a pending paragraph that a block boundary flushes."""

    def __init__(self, level: int) -> None:
        self.tokens: list[Token] = []
        self.inline: list[Token] = []
        self.level = level
        #: Inside a list item paragraphs are tight (no blank line between items).
        self.items = 0

    def push(self, type_: str, tag: str, nesting: int, **fields: object) -> Token:
        if nesting < 0:
            self.level -= 1
        token = Token(type_, tag, nesting, level=self.level, block=True, **fields)  # type: ignore[arg-type]
        if nesting > 0:
            self.level += 1
        self.tokens.append(token)
        return token

    def flush(self) -> None:
        """Write the pending inline content as a paragraph (nothing if it shows nothing)."""
        children, self.inline = trim_inline(self.inline), []
        if children:
            self.push("paragraph_open", "p", 1).hidden = self.items > 0
            self.tokens.append(inline_token(children, self.level))
            self.push("paragraph_close", "p", -1).hidden = self.items > 0

    def children(self, element: Element) -> None:
        for child in element.children:
            if isinstance(child, str):
                self.inline.append(text_token(_SPACES.sub(" ", child)))
            elif child.tag in BLOCKS:
                self.block(child)
            else:
                self.inline.extend(inline_tokens(child))

    def block(self, element: Element) -> None:
        tag = element.tag
        self.flush()
        if tag == "hr":
            self.push("hr", "hr", 0, markup="---")
        elif tag == "pre":
            code = next((c for c in element.children if isinstance(c, Element)), None)
            info = (code.attrs.get("class", "") if code is not None else "").removeprefix(
                "language-"
            )
            content = text_of(element, raw=True).strip("\n") + "\n"
            self.push("fence", "code", 0, content=content, info=info.split(" ")[0], markup="```")
        elif tag in _HEADINGS:
            self.push("heading_open", tag, 1, markup="#" * int(tag[1]))
            self.tokens.append(inline_token(trim_inline(inline_children(element)), self.level))
            self.push("heading_close", tag, -1)
        elif tag in ("ul", "ol", "menu", "dl"):
            self.list(element)
        elif tag == "table":
            self.table(element)
        elif tag == "blockquote":
            self.push("blockquote_open", "blockquote", 1, markup=">")
            self.children(element)
            self.flush()
            self.push("blockquote_close", "blockquote", -1)
        elif tag == "summary":
            self.inline = [text_token("▸ "), *span("strong", inline_children(element))]
            self.flush()
        else:
            self.children(element)
            self.flush()

    def list(self, element: Element) -> None:
        ordered = element.tag == "ol"
        kind = "ordered_list" if ordered else "bullet_list"
        self.push(f"{kind}_open", "ol" if ordered else "ul", 1)
        number = int(element.attrs.get("start", "1") or 1) if ordered else 0
        for child in element.children:
            if isinstance(child, str) and not child.strip():
                continue
            info = str(number) if ordered else ""
            self.push("list_item_open", "li", 1, info=info, markup="." if ordered else "-")
            self.items += 1
            if isinstance(child, Element) and child.tag in ("li", "dt", "dd"):
                self.children(child)
            else:
                self.children(Element("li", children=[child]))
            self.flush()
            self.items -= 1
            self.push("list_item_close", "li", -1)
            number += 1
        self.push(f"{kind}_close", "ol" if ordered else "ul", -1)

    def table(self, element: Element) -> None:
        loose = [
            c
            for c in element.children
            if (isinstance(c, str) and c.strip())
            or (isinstance(c, Element) and c.tag not in _TABLE_PARTS)
        ]
        if loose:  # text straight inside a table shows before it, as in a browser
            self.children(Element("div", children=loose))
            self.flush()
        rows = [row for row in _rows(element) if row]
        if not rows:
            return
        columns = max(len(row) for row in rows)
        self.push("table_open", "table", 1)
        for index, row in enumerate(rows):
            if index < 2:
                section = "thead" if index == 0 else "tbody"
                if index == 1:
                    self.push("thead_close", "thead", -1)
                self.push(f"{section}_open", section, 1)
            self.push("tr_open", "tr", 1)
            cell = "th" if index == 0 else "td"
            for value in row + [Element("td")] * (columns - len(row)):
                self.push(f"{cell}_open", cell, 1)
                self.tokens.append(inline_token(trim_inline(inline_children(value)), self.level))
                self.push(f"{cell}_close", cell, -1)
            self.push("tr_close", "tr", -1)
        self.push("tbody_close" if len(rows) > 1 else "thead_close", "", -1)
        self.push("table_close", "table", -1)


_TABLE_PARTS = frozenset({"tr", "thead", "tbody", "tfoot", "caption", "colgroup", "col"})


def _rows(element: Element) -> list[list[Element]]:
    """The rows of a table (through thead/tbody/tfoot), each a list of its cells."""
    rows: list[list[Element]] = []
    for child in element.children:
        if not isinstance(child, Element):
            continue
        if child.tag == "tr":
            rows.append([_cell(c) for c in child.children if not isinstance(c, str) or c.strip()])
        elif child.tag in ("thead", "tbody", "tfoot"):
            rows.extend(_rows(child))
        elif child.tag == "caption":
            rows.insert(0, [child])
    return [[c for c in row if c.tag in ("th", "td", "caption")] for row in rows]


def _cell(child: Element | str) -> Element:
    """A row's child as a cell: text or another element straight in a row gets a cell."""
    if isinstance(child, Element) and child.tag in ("th", "td"):
        return child
    return Element("td", children=[child])


def inline_children(element: Element) -> list[Token]:
    """An element's content as inline tokens; blocks inside flow as text with spaces."""
    tokens: list[Token] = []
    for child in element.children:
        if isinstance(child, str):
            tokens.append(text_token(_SPACES.sub(" ", child)))
        elif child.tag in BLOCKS:
            tokens += [text_token(" "), *inline_children(child), text_token(" ")]
        else:
            tokens.extend(inline_tokens(child))
    return tokens


def inline_tokens(element: Element) -> list[Token]:
    """One inline element as tokens."""
    tag = element.tag
    if tag in HIDDEN:
        return []
    if tag == "br":
        return [Token("hardbreak", "br", 0)]
    if tag == "img":
        return [image_token(element.attrs)]
    if tag in _CODE:
        return [code_token(text_of(element))]
    if tag in ("sup", "sub"):
        return [text_token(script_text(text_of(element), tag))]
    if tag in SPANS:
        return span(SPANS[tag], inline_children(element))
    if tag == "a" and element.attrs.get("href"):
        return link(element.attrs["href"], inline_children(element))
    return inline_children(element)


def span(kind: str, inner: list[Token]) -> list[Token]:
    """`inner` between `kind_open` and `kind_close`."""
    return [Token(f"{kind}_open", kind, 1), *inner, Token(f"{kind}_close", kind, -1)]


def link(href: str, inner: list[Token]) -> list[Token]:
    """`inner` as the text of a link to `href`."""
    opening = Token("link_open", "a", 1, attrs={"href": href})
    return [opening, *inner, Token("link_close", "a", -1)]


def text_token(content: str, style: str | None = None) -> Token:
    """A text token; `style` names how it is drawn (`placeholder`, `math`, `tag`, …)."""
    token = Token("text", "", 0, content=content)
    if style:
        token.meta = {"style": style}
    return token


def code_token(content: str) -> Token:
    """An inline code span."""
    return Token("code_inline", "code", 0, content=content, markup="`")


def inline_token(children: list[Token], level: int = 0) -> Token:
    """A block's inline token holding `children`."""
    content = "".join(c.content for c in children)
    return Token("inline", "", 0, children=children, content=content, level=level, block=True)


def trim_inline(children: list[Token]) -> list[Token]:
    """Inline tokens without leading and trailing white space; none if they show nothing."""
    shows = any(
        (c.type in ("text", "code_inline") and c.content.strip()) or c.type == "image"
        for c in children
    )
    if not shows:
        return []
    texts = [i for i, c in enumerate(children) if c.type == "text"]
    if texts:
        first, last = children[texts[0]], children[texts[-1]]
        first.content = first.content.lstrip()
        last.content = last.content.rstrip()
    return children


def tag_parts(source: str) -> tuple[bool, str, dict[str, str]] | None:
    """(closing, name, attributes) of one inline tag; None for comments and the like."""
    match = _TAG.fullmatch(source.strip())
    if match is None:
        return None
    attrs = {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTR.finditer(match.group(3))
    }
    return bool(match.group(1)), match.group(2).lower(), attrs
