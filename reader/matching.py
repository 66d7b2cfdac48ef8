"""Deciding on a note's own text whether it matches a parsed query.

The index answers with candidates; where a query spans several indexed words it answers
with a superset (see `reader.index.compile`), and this module gives the final word by
looking at the folded text: a CJK literal must occur as a substring, Latin words whole, and
the pieces of a literal side by side (only spaces and punctuation between them). Part of
the core: never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from reader.analysis import CJK_CLASS, VALUE_SEPARATOR, is_cjk, literal_pieces
from reader.fold import fold, fold_case, may_hide
from reader.notes import Note
from reader.query import And, DateRange, Node, Not, Or, Status, Text

#: Latin words this long or longer match inside longer words, as in the index.
LATIN_INFIX_MIN = 3
_GAP = rf"[^\w{VALUE_SEPARATOR}]*"


@dataclass
class NoteText:
    """A note's searchable text, folded on demand: `note` carries the metadata, `load`
    reads the body the first time it is needed (date and status checks never need it)."""

    note: Note
    load: Callable[[], str | None]
    _body: str | None = None
    _lowered: dict[str, tuple[str, bool]] = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The note's body ('' if it can no longer be read)."""
        if self._body is None:
            self._body = self.load() or ""
        return self._body

    def test(self, name: str | None, matcher: Callable[[str], bool], value: str) -> bool:
        """Whether `matcher` (made for the literal `value`) accepts the folded text of a
        field (None: every text field and entity value). Lower case is tried first; the full
        fold only when it could reveal a match lower case hides."""
        key = name or ""
        if key not in self._lowered:
            self._lowered[key] = fold_case(self._raw(name))
        lowered, more = self._lowered[key]
        if matcher(lowered):
            return True
        return more and may_hide(lowered, (fold(value),)) and matcher(fold(lowered))

    def _raw(self, name: str | None) -> str:
        note = self.note
        if name == "title":
            return note.title
        if name == "summary":
            return note.summary
        if name == "body":
            return self.body
        values = (
            note.entities.get(name, ())
            if name
            else [v for vs in note.entities.values() for v in vs]
        )
        if name:
            return VALUE_SEPARATOR.join(values)
        return VALUE_SEPARATOR.join([note.title, note.summary, self.body, *values])


def matches(node: Node, doc: NoteText) -> bool:
    """True when the note satisfies the query."""
    if isinstance(node, Text):
        return doc.test(node.field, literal_matcher(node.value), node.value)
    if isinstance(node, And):
        return all(matches(item, doc) for item in node.items)
    if isinstance(node, Or):
        return any(matches(item, doc) for item in node.items)
    if isinstance(node, Not):
        return not matches(node.item, doc)
    if isinstance(node, DateRange):
        return node.holds(doc.note.date or "")
    if isinstance(node, Status):
        return doc.note.status.strip().lower() == node.value
    raise TypeError(f"unknown query node {node!r}")


@lru_cache(maxsize=512)
def literal_matcher(value: str) -> Callable[[str], bool]:
    """A test of folded text for one literal."""
    pieces = literal_pieces(value)
    if not pieces:
        return lambda text: False
    if len(pieces) == 1 and (is_cjk(pieces[0]) or len(pieces[0]) >= LATIN_INFIX_MIN):
        needle = pieces[0]
        return lambda text: needle in text
    pattern = re.compile(
        _edge(pieces[0], before=True)
        + _GAP.join(map(re.escape, pieces))
        + _edge(pieces[-1], before=False)
    )
    return lambda text: pattern.search(text) is not None


def _edge(piece: str, before: bool) -> str:
    """Latin words and numbers must not continue past the literal's ends."""
    if is_cjk(piece):
        return ""
    cls = r"\d" if piece.isdigit() else rf"[^\W\d_{CJK_CLASS}]"
    return f"(?<!{cls})" if before else f"(?!{cls})"
