"""Deciding on a note's own text whether it matches a parsed query.

The index answers with candidates; where a query spans several indexed words it answers
with a superset (see `reader.search.index.compile`), and this module gives the final word by
looking at the folded text: a CJK literal must occur as a substring, Latin words whole, and
the pieces of a literal side by side (only spaces and punctuation between them). Part of
the core: never imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from reader.notes.note import Note
from reader.search.query import And, DateRange, Node, Not, Or, Status, Text
from reader.text.analysis import CJK_CLASS, VALUE_SEPARATOR, is_cjk, literal_pieces
from reader.text.fold import fold, lower
from reader.text.fold_find import contains, may_hide

#: Latin words this long or longer match inside longer words, as in the index.
LATIN_INFIX_MIN = 3
_GAP = rf"(?:[^\w{VALUE_SEPARATOR}]|_)*"  # an underscore parts words too (`context_encode`)


@dataclass
class NoteText:
    """A note's searchable text, folded on demand: `note` carries the metadata, `load`
    reads the body the first time it is needed (date and status checks never need it)."""

    note: Note
    load: Callable[[], str | None]
    _body: str | None = None
    _raws: dict[str, str] = field(default_factory=dict)
    _lowered: dict[str, str] = field(default_factory=dict)

    @property
    def body(self) -> str:
        """The note's body ('' if it can no longer be read)."""
        if self._body is None:
            self._body = self.load() or ""
        return self._body

    def test(self, name: str | None, value: str) -> bool:
        """Whether the folded text of a field (None: every text field and entity value)
        holds the literal `value`. A literal that is one piece is looked for without
        folding the text (`reader.text.fold_find.contains`); a pattern is tried on the lower
        case, or on the full fold when folding could change its answer."""
        key = name or ""
        if key not in self._raws:
            self._raws[key] = self._raw(name)
        needle = plain_needle(value)
        if needle is not None:
            return contains(self._raws[key], needle)
        if key not in self._lowered:
            self._lowered[key] = lower(self._raws[key])
        lowered = self._lowered[key]
        matcher = literal_matcher(value)
        return matcher(fold(lowered) if may_hide(lowered, fold(value)) else lowered)

    def _raw(self, name: str | None) -> str:
        note = self.note
        if name == "title":
            return note.title
        if name == "summary":
            return note.summary
        if name == "aliases":
            return VALUE_SEPARATOR.join(note.aliases)
        if name == "body":
            return self.body
        values = (
            note.entities.get(name, ())
            if name
            else [v for vs in note.entities.values() for v in vs]
        )
        if name:
            return VALUE_SEPARATOR.join(values)
        return VALUE_SEPARATOR.join([note.title, *note.aliases, note.summary, self.body, *values])


def matches(node: Node, doc: NoteText) -> bool:
    """True when the note satisfies the query."""
    if isinstance(node, Text):
        return doc.test(node.field, node.value)
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
def plain_needle(value: str) -> str | None:
    """The folded text a literal must contain when that is all it asks (one CJK run, or a
    Latin word long enough to match inside longer words); None when it is a pattern."""
    pieces = literal_pieces(value)
    if len(pieces) == 1 and (is_cjk(pieces[0]) or len(pieces[0]) >= LATIN_INFIX_MIN):
        return pieces[0]
    return None


@lru_cache(maxsize=512)
def literal_matcher(value: str) -> Callable[[str], bool]:
    """A test of folded text for one literal."""
    pieces = literal_pieces(value)
    if not pieces:
        return lambda text: False
    needle = plain_needle(value)
    if needle is not None:
        return lambda text: needle in text
    first, before, after = re.escape(pieces[0]), _continuing(pieces[0]), _continuing(pieces[-1])
    pattern = re.compile(
        first  # the lookbehind follows the first piece, so the search skips to it at C speed
        + (f"(?<!{before}{first})" if before else "")
        + "".join(_GAP + re.escape(piece) for piece in pieces[1:])
        + (f"(?!{after})" if after else "")
    )
    return lambda text: pattern.search(text) is not None


def _continuing(piece: str) -> str:
    """The class of characters that would continue a Latin word or number past the
    literal's end ('' for CJK, which may sit inside a longer run)."""
    if is_cjk(piece):
        return ""
    return r"\d" if piece.isdigit() else rf"[^\W\d_{CJK_CLASS}]"
