"""The query language, parsed into a small tree that the index compiles.

    free text             words are ANDed: 田渊栋 Llama
    "quoted phrase"       the words together, in order
    AND, OR, NOT, -term   boolean operators (AND binds tighter than OR), ( ) to group
    people:田渊栋          a field filter: any frontmatter entity key, a short alias
                          (person:, org:, product:, tag:, media:) or a Chinese label (人物:);
                          also title:, summary:, body:
    date:2025-01..2025-06 a date range (either end may be left open: date:2025.., date:..2024)
    status:evergreen      the note's status

`parse()` never raises: whatever it cannot make sense of is searched as plain text.
Part of the core: never imports Textual (nor Whoosh: `reader.search.index` compiles the tree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.notes.config import Config

TEXT_FIELDS = ("title", "summary", "body")


@dataclass(frozen=True)
class Text:
    """Text that must occur contiguously; in `field` (an entity key or text field) if set."""

    value: str
    field: str | None = None


@dataclass(frozen=True)
class DateRange:
    """Notes dated within [start, end] (ISO prefixes; None leaves that end open)."""

    start: str | None
    end: str | None

    def bounds(self) -> tuple[str, str]:
        """The lowest and highest normalised date text within the range (an end given as a
        prefix, such as `2024-06`, takes in every date that starts with it)."""
        return self.start or "", (self.end or "9999") + "\uffff"

    def holds(self, date: str) -> bool:
        """Whether a note's normalised date lies in the range (undated notes never do)."""
        low, high = self.bounds()
        return bool(date) and low <= date <= high


@dataclass(frozen=True)
class Status:
    """Notes with this status (compared case-insensitively)."""

    value: str


@dataclass(frozen=True)
class And:
    """All of the items."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Any of the items."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    """Notes not matching the item."""

    item: Node


Node = Text | DateRange | Status | And | Or | Not

_TOKEN = re.compile(
    r'\s*(?:(?P<open>\()|(?P<close>\))|(?P<quoted>-?(?:[^\s"():]+:)?"[^"]*"?)|(?P<word>[^\s()]+))'
)


def parse(query: str, config: Config | None = None) -> Node | None:
    """Parse a query; None for an empty one. Never raises."""
    config = config or Config()
    try:
        tokens = _tokenise(query)
        node, rest = _parse_or(tokens, 0, config)
        if rest < len(tokens):  # stray ')' or similar: take what is left as text too
            tail = _plain(" ".join(t for t in tokens[rest:] if t not in "()"))
            node = _join(And, [n for n in (node, tail) if n is not None])
        return node
    except (ValueError, IndexError, RecursionError):
        return _plain(query)


def positive_texts(node: Node | None) -> list[str]:
    """The text values a match can show (not under NOT): what to highlight."""
    if isinstance(node, Text):
        return [node.value]
    if isinstance(node, And | Or):
        return [text for item in node.items for text in positive_texts(item)]
    return []


def _plain(query: str) -> Node | None:
    words = [w.strip('"()') for w in query.split()]
    return _join(And, [Text(w) for w in words if w])


def _join(kind: type[And] | type[Or], items: list[Node]) -> Node | None:
    if not items:
        return None
    return items[0] if len(items) == 1 else kind(tuple(items))


def _tokenise(query: str) -> list[str]:
    tokens = []
    for match in _TOKEN.finditer(query):
        token = next((g for g in match.groups() if g is not None), None)
        if token:
            tokens.append(token)
    return tokens


def _parse_or(tokens: list[str], at: int, config: Config) -> tuple[Node | None, int]:
    items: list[Node] = []
    node, at = _parse_and(tokens, at, config)
    if node is not None:
        items.append(node)
    while at < len(tokens) and tokens[at] == "OR":
        node, at = _parse_and(tokens, at + 1, config)
        if node is not None:
            items.append(node)
    return _join(Or, items), at


def _parse_and(tokens: list[str], at: int, config: Config) -> tuple[Node | None, int]:
    items: list[Node] = []
    while at < len(tokens) and tokens[at] not in (")", "OR"):
        if tokens[at] == "AND":
            at += 1
            continue
        node, at = _parse_unary(tokens, at, config)
        if node is not None:
            items.append(node)
    return _join(And, items), at


def _parse_unary(tokens: list[str], at: int, config: Config) -> tuple[Node | None, int]:
    token = tokens[at]
    if token == "NOT" and at + 1 < len(tokens):
        node, at = _parse_unary(tokens, at + 1, config)
        return (Not(node) if node is not None else None), at
    if token == "(":
        node, at = _parse_or(tokens, at + 1, config)
        if at < len(tokens) and tokens[at] == ")":
            at += 1
        return node, at
    if token.startswith("-") and len(token) > 1:
        node = _atom(token[1:], config)
        return (Not(node) if node is not None else None), at + 1
    return _atom(token, config), at + 1


def _atom(token: str, config: Config) -> Node | None:
    name, sep, value = token.partition(":")
    if sep and value and name:
        node = _field_atom(name, value.strip('"'), config)
        if node is not None:
            return node
    text = token.strip('"')
    return Text(text) if text.strip() else None


def _field_atom(name: str, value: str, config: Config) -> Node | None:
    lowered = name.lower()
    if lowered == "date":
        return _date_range(value)
    if lowered == "status":
        return Status(value.lower())
    if lowered in TEXT_FIELDS:
        return Text(value, lowered)
    key = config.field_for(name)
    return Text(value, key) if key is not None else None


def _date_range(value: str) -> DateRange | None:
    start, sep, end = value.partition("..")
    if not sep:
        return DateRange(value, value) if value else None
    return DateRange(start or None, end or None)
