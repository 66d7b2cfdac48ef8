"""Turning a parsed query (`reader.query`) into a Whoosh query, expanding text on the way.

A text literal is split into pieces (CJK runs, Latin words, digits). Each piece becomes a
run of *slots*, one per indexed word it covers, and consecutive slots must sit at
consecutive positions (`Sequence`). A CJK piece at the start of the literal may begin
inside a word, one at the end may stop inside a word: those slots match every term that
ends (or starts) with the piece's edge, looked up in the field's `Lexicon`. So `扎克伯` finds
`扎克|伯格`, `渊栋` finds `田渊栋`, and `扎克伯格` never matches `扎克` and `伯格` apart.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from itertools import product

from whoosh import query as wq

from reader.analysis import is_cjk, literal_pieces
from reader.index.lexicon import Lexicon
from reader.index.schema import DEFAULT_FIELDS, entity_field
from reader.query import And, DateRange, Node, Not, Or, Status, Text

LexiconFor = Callable[[str], Lexicon]
Slot = tuple[str, ...]  # the terms one position may hold
#: Caps on expansion so a pathological query stays fast; recall is complete below them.
MAX_ALTERNATIVES = 64
MAX_TERMS_PER_SLOT = 4000
#: Latin words this long or longer also match inside longer words (`gpt` in `chatgpt`).
LATIN_INFIX_MIN = 3
_INFIX_BOOST = 0.4


def compile_query(node: Node, lexicon_for: LexiconFor) -> wq.Query:
    """The Whoosh query for a parsed query."""
    if isinstance(node, Text):
        return _text(node, lexicon_for)
    if isinstance(node, And):
        return _and([compile_query(item, lexicon_for) for item in node.items])
    if isinstance(node, Or):
        return wq.Or([compile_query(item, lexicon_for) for item in node.items])
    if isinstance(node, Not):
        return wq.Not(compile_query(node.item, lexicon_for))
    if isinstance(node, DateRange):
        return _date_range(node)
    if isinstance(node, Status):
        return wq.Term("status", node.value)
    raise TypeError(f"unknown query node {node!r}")


def _and(parts: list[wq.Query]) -> wq.Query:
    positives = [p for p in parts if not isinstance(p, wq.Not)]
    negatives = [p.query for p in parts if isinstance(p, wq.Not)]
    if not positives:
        positives = [wq.Every()]
    base = positives[0] if len(positives) == 1 else wq.And(positives)
    return wq.AndNot(base, wq.Or(negatives)) if negatives else base


def _date_range(node: DateRange) -> wq.Query:
    if node.start is not None and node.start == node.end:
        return wq.Prefix("date", node.start)
    return wq.TermRange(
        "date", node.start or "0", (node.end or "9999") + "\uffff", startexcl=False, endexcl=False
    )


def _text(node: Text, lexicon_for: LexiconFor) -> wq.Query:
    if node.field is None:
        fields = DEFAULT_FIELDS
    elif node.field in ("title", "summary", "body"):
        fields = {node.field: 1.0}
    else:
        fields = {entity_field(node.field): 1.0}
    pieces = literal_pieces(node.value)
    if not pieces:
        return wq.NullQuery
    queries = [
        _literal(field, pieces, lexicon_for(field), boost) for field, boost in fields.items()
    ]
    return wq.Or([q for q in queries if q is not wq.NullQuery])


def _literal(field: str, pieces: list[str], lexicon: Lexicon, boost: float) -> wq.Query:
    per_piece = [
        _piece_alternatives(piece, lexicon, i == 0, i == len(pieces) - 1)
        for i, piece in enumerate(pieces)
    ]
    alternatives: list[wq.Query] = []
    for combo in product(*per_piece):
        slots = [slot for run in combo for slot in run]
        alternatives.append(_sequence(field, slots, boost))
        if len(alternatives) >= MAX_ALTERNATIVES:
            break
    if len(pieces) == 1 and not is_cjk(pieces[0]) and len(pieces[0]) >= LATIN_INFIX_MIN:
        infix = tuple(t for t in lexicon.containing(pieces[0]) if t != pieces[0])
        if infix:
            alternatives.append(_slot_query(field, infix, boost * _INFIX_BOOST))
    if not alternatives:
        return wq.NullQuery
    return alternatives[0] if len(alternatives) == 1 else wq.Or(alternatives)


def _piece_alternatives(
    piece: str, lexicon: Lexicon, left_open: bool, right_open: bool
) -> list[list[Slot]]:
    """The slot runs a piece can occupy; [] when the index cannot hold it."""
    if not is_cjk(piece):
        return [[(piece,)]] if piece in lexicon else []
    return [list(run) for run in _cjk_runs(piece, lexicon, left_open, right_open)]


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
            if not head:
                continue
            for tail in from_(start + cut, False):
                found.append((head, *tail))
                if len(found) >= MAX_ALTERNATIVES:
                    return tuple(found)
        return tuple(found)

    return [list(slots) for slots in from_(0, left_open)]


def _edge_terms(part: str, lexicon: Lexicon, left_open: bool, right_open: bool) -> Slot:
    """Terms that can hold `part` given whether it may start/stop inside a word."""
    if left_open and right_open:
        terms = lexicon.containing(part)
    elif left_open:
        terms = lexicon.ending(part)
    elif right_open:
        terms = lexicon.starting(part)
    else:
        terms = [part] if part in lexicon else []
    return tuple(terms[:MAX_TERMS_PER_SLOT])


def _slot_query(field: str, terms: Slot, boost: float) -> wq.Query:
    if len(terms) == 1:
        return wq.Term(field, terms[0], boost=boost)
    return wq.Or([wq.Term(field, t) for t in terms], boost=boost)


def _sequence(field: str, slots: list[Slot], boost: float) -> wq.Query:
    if len(slots) == 1:
        return _slot_query(field, slots[0], boost)
    return wq.Sequence([_slot_query(field, s, 1.0) for s in slots], slop=1, boost=boost)
