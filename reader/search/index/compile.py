"""Turning a parsed query (`reader.search.query`) into a Whoosh query over the word index.

A text literal is split into pieces (CJK runs, Latin words, digits) and each piece into the
indexed words it may cover. Because words tile CJK text, a CJK piece either lies inside one
word (every term *containing* it, found in the field's `Lexicon`) or covers a word *ending*
with its start, whole words, and a word *starting* with its end. A literal that fits inside
single terms compiles to an exact query. One that spans several words compiles to its most
selective slot (the one fewest notes hold) and the slots that are whole words held by at
most a quarter of the notes (so each such word adds to the score): a superset of the true
matches, which the caller narrows by checking the text itself (`reader.search.matching`).
The index stores no positions, which keeps indexing fast. A date range is the date terms
within it; one over very many dates is left to the check against the catalog's dates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from whoosh import query as wq

from reader.search.index.lexicon import Lexicon
from reader.search.index.schema import DATE_FIELD, TEXT_FIELD, entity_field
from reader.search.query import And, DateRange, Node, Not, Or, Status, Text
from reader.text.analysis import is_cjk, literal_pieces

LexiconFor = Callable[[str], Lexicon]
Slot = tuple[str, ...]  # the terms one word of the literal may be
#: Caps on expansion so a pathological query stays fast.
MAX_ALTERNATIVES = 64
#: How many whole-word slots of a literal join its most selective one (`_run_query`).
EXTRA_WORDS = 3
#: ... and only words held by at most this share of the notes.
COMMON_SHARE = 0.25
#: Latin words this long or longer also match inside longer words (`gpt` in `chatgpt`).
LATIN_INFIX_MIN = 3
_INFIX_BOOST = 0.4
#: A date range over more distinct dates than this is checked on the catalog instead.
MAX_DATE_TERMS = 400


@dataclass(frozen=True)
class Compiled:
    """A Whoosh query; `exact` is False when its matches must still be checked on the text."""

    query: wq.Query
    exact: bool


def compile_query(node: Node, lexicon_for: LexiconFor) -> Compiled:
    """The Whoosh query for a parsed query."""
    if isinstance(node, Text):
        return _text(node, lexicon_for)
    if isinstance(node, And):
        return _and([compile_query(item, lexicon_for) for item in node.items])
    if isinstance(node, Or):
        parts = [compile_query(item, lexicon_for) for item in node.items]
        return Compiled(wq.Or([p.query for p in parts]), all(p.exact for p in parts))
    if isinstance(node, Not):
        inner = compile_query(node.item, lexicon_for)
        # A superset cannot be subtracted: leave the exclusion to the text check.
        return Compiled(wq.Not(inner.query) if inner.exact else wq.Every(), inner.exact)
    if isinstance(node, DateRange):
        return _date_range(node, lexicon_for(DATE_FIELD))
    if isinstance(node, Status):
        return Compiled(wq.Term("status", node.value), True)
    raise TypeError(f"unknown query node {node!r}")


def _date_range(node: DateRange, lexicon: Lexicon) -> Compiled:
    """The notes dated within the range: the date terms in it (at score 0, so a date never
    changes the ranking), or, for a range over very many dates, every note, narrowed by
    the check against the catalog."""
    dates = lexicon.between(*node.bounds())
    if len(dates) > MAX_DATE_TERMS:
        return Compiled(wq.Every(), False)
    if not dates:
        return Compiled(wq.NullQuery, True)
    terms = [wq.Term(DATE_FIELD, date, boost=0.0) for date in dates]
    return Compiled(terms[0] if len(terms) == 1 else wq.Or(terms), True)


def _and(parts: list[Compiled]) -> Compiled:
    exact = all(p.exact for p in parts)
    positives = [p.query for p in parts if not isinstance(p.query, wq.Not | wq.Every)]
    negatives = [p.query.query for p in parts if isinstance(p.query, wq.Not)]
    base = (
        wq.Every() if not positives else positives[0] if len(positives) == 1 else wq.And(positives)
    )
    return Compiled(wq.AndNot(base, wq.Or(negatives)) if negatives else base, exact)


def field_for(node: Text) -> tuple[str, bool]:
    """The index field a text literal is searched in, and whether that field is exactly the
    one asked for (`body:` searches all text, and the check narrows it to the body)."""
    if node.field is None:
        return TEXT_FIELD, True
    if node.field == "body":
        return TEXT_FIELD, False
    if node.field in ("title", "aliases", "summary", "entities"):
        return node.field, True
    return entity_field(node.field), True


def _text(node: Text, lexicon_for: LexiconFor) -> Compiled:
    pieces = literal_pieces(node.value)
    if not pieces:
        return Compiled(wq.NullQuery, True)
    field, field_exact = field_for(node)
    query, exact = _literal(field, pieces, lexicon_for(field))
    return Compiled(query, exact and field_exact)


def _literal(field: str, pieces: list[str], lexicon: Lexicon) -> tuple[wq.Query, bool]:
    """The query for one literal in one field, and whether it is exact."""
    runs = _literal_runs(pieces, lexicon)
    alternatives = [_run_query(field, slots, lexicon) for slots in runs]
    if len(pieces) == 1 and not is_cjk(pieces[0]) and len(pieces[0]) >= LATIN_INFIX_MIN:
        infix = tuple(t for t in lexicon.containing(pieces[0]) if t != pieces[0])
        if infix:
            alternatives.append(_slot_query(field, infix, _INFIX_BOOST))
    exact = all(len(slots) == 1 for slots in runs)
    if not alternatives:
        return wq.NullQuery, True
    return (alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)), exact


def _run_query(field: str, slots: list[Slot], lexicon: Lexicon) -> wq.Query:
    """One way a literal lies over the words: its most selective slot, and with it the
    slots that are one whole word held by at most `COMMON_SHARE` of the notes (at most
    `EXTRA_WORDS` of them), so that each such word adds to the score. Every slot is a word
    a true match holds, so this is still a superset of the true matches. A word in more
    notes is left out: BM25 weighs it little (its idf is low), and scoring its postings in
    full (an `And` is not pruned) cost more than the rest of the query together."""
    chosen = _most_selective(slots, lexicon)
    common = COMMON_SHARE * lexicon.documents
    extra = [
        s
        for s in dict.fromkeys(slots)
        if len(s) == 1 and s != chosen and lexicon.frequency(s[0]) <= common
    ][:EXTRA_WORDS]
    if not extra:
        return _slot_query(field, chosen, 1.0)
    return wq.And([_slot_query(field, slot, 1.0) for slot in (chosen, *extra)])


def _most_selective(slots: list[Slot], lexicon: Lexicon) -> Slot:
    """The slot held by the fewest notes: every true match holds it, so it is the smallest
    superset to hand to the text check (and the cheapest for Whoosh to score)."""
    return min(slots, key=lambda slot: sum(lexicon.frequency(t) for t in slot))


def _literal_runs(pieces: list[str], lexicon: Lexicon) -> list[list[Slot]]:
    """Every run of slots the whole literal can occupy, piece by piece (capped)."""
    runs: list[list[Slot]] = [[]]
    last = len(pieces) - 1
    for index, piece in enumerate(pieces):
        options = _piece_runs(piece, lexicon, index == 0, index == last)
        runs = [run + option for run in runs for option in options][:MAX_ALTERNATIVES]
        if not runs:
            return []
    return runs


def _piece_runs(
    piece: str, lexicon: Lexicon, left_open: bool, right_open: bool
) -> list[list[Slot]]:
    """The slot runs one piece can occupy; [] when the index cannot hold it."""
    if not is_cjk(piece):
        return [[(piece,)]] if piece in lexicon else []
    return _cjk_runs(piece, lexicon, left_open, right_open)


def _cjk_runs(run: str, lexicon: Lexicon, left_open: bool, right_open: bool) -> list[list[Slot]]:
    """Every way the CJK run `run` can lie over consecutive indexed words."""

    @cache
    def from_(start: int, open_left: bool) -> tuple[tuple[Slot, ...], ...]:
        rest = run[start:]
        found: list[tuple[Slot, ...]] = []
        whole = _edge_terms(rest, lexicon, open_left, right_open)
        if whole:
            found.append((whole,))
        for cut in range(1, len(rest)):
            head = _edge_terms(rest[:cut], lexicon, open_left, False)
            if head:
                found.extend((head, *tail) for tail in from_(start + cut, False))
            if len(found) >= MAX_ALTERNATIVES:
                break
        return tuple(found[:MAX_ALTERNATIVES])

    return [list(slots) for slots in from_(0, left_open)]


def _edge_terms(part: str, lexicon: Lexicon, left_open: bool, right_open: bool) -> Slot:
    """Terms that can hold `part` given whether it may start/stop inside a word."""
    if left_open and right_open:
        return tuple(lexicon.containing(part))
    if left_open:
        return tuple(lexicon.ending(part))
    if right_open:
        return tuple(lexicon.starting(part))
    return (part,) if part in lexicon else ()


def _slot_query(field: str, terms: Slot, boost: float) -> wq.Query:
    if len(terms) == 1:
        return wq.Term(field, terms[0], boost=boost)
    return wq.Or([wq.Term(field, t) for t in terms], boost=boost)
