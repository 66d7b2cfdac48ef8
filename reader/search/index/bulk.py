"""Scoring every match of a query at once, straight from Whoosh's posting blocks.

Whoosh's collector walks a tree of matchers one note at a time and scores each note in
Python, about 10 µs a note; when a word occurs in most notes of a vault, that is most of a
query's time. The queries `reader.search.index.compile` makes hold only terms, `Or`, `And`,
`AndNot`, `Not`, `Every` and the null query, so they can be evaluated set-wise instead: each
term's postings are read a block at a time (document numbers and frequencies as arrays),
scored with the BM25F formula and statistics Whoosh itself uses (its idf, the average field
length, each note's field length), and combined with dictionary operations. The matches and
scores are Whoosh's own (tests compare the two on every query shape); only the order of
equal scores may differ. Any other query type raises `Unsupported`, and the caller asks
Whoosh. Part of the core: never imports Textual.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from whoosh import query as wq
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from reader.search.index import w3
from reader.search.index.topk import pruned_top

Scores = dict[int, float]


class Unsupported(Exception):
    """The query or the weighting is not one this module evaluates; ask Whoosh instead."""


class BulkScorer:
    """Evaluates queries against one open searcher (made anew when the searcher is)."""

    def __init__(self, searcher: Searcher) -> None:
        weighting = searcher.weighting
        if type(weighting) is not BM25F or getattr(weighting, "_field_B", None):
            raise Unsupported("only Whoosh's default BM25F weighting is evaluated in bulk")
        self._searcher = searcher
        self._b: float = weighting.B
        self._k1: float = weighting.K1
        self._leaves: list[tuple[Any, int]] = list(searcher.reader().leaf_readers())
        self._deleted = frozenset(
            base + local
            for reader, base in self._leaves
            if reader.doc_count() and reader.has_deletions()
            for local in w3.deleted_in(reader)
        )
        #: Per field, K1 * (1 - B + B * length / average length) of every note, by docnum.
        self._norms: dict[str, list[float]] = {}

    # -- entry points --------------------------------------------------------------------

    def top(self, query: wq.Query, limit: int | None) -> list[tuple[int, float]]:
        """(docnum, score) of the best `limit` matches (all of them for None), best first;
        equal scores in docnum order. A union of terms skips the posting blocks that
        cannot reach the top (`reader.search.index.topk`)."""
        if limit is not None and isinstance(query, wq.Term | wq.Or):
            pruned = pruned_top(self, list(_union_members(query, 1.0)), limit)
            if pruned is not None:
                return pruned
        scores = self.scores(query)
        if limit is not None and limit < len(scores):
            best = heapq.nlargest(limit, scores.items(), key=itemgetter(1))
        else:
            best = list(scores.items())
        best.sort(key=lambda item: (-item[1], item[0]))
        return best

    def scores(self, query: wq.Query) -> Scores:
        """Every matching docnum and its score (deleted notes left out)."""
        scores = self._evaluate(query)
        deleted = self._deleted  # terms are read with their deleted postings: drop them once
        if deleted:
            smaller = deleted if len(deleted) < len(scores) else scores.keys()
            for doc in [d for d in smaller if d in deleted and d in scores]:
                del scores[doc]
        return scores

    def _evaluate(self, query: wq.Query) -> Scores:
        """The matches of `query` and their scores; may include deleted notes."""
        if query is wq.NullQuery or isinstance(query, wq.NullQuery.__class__):
            return {}
        if isinstance(query, wq.Term | wq.Or):
            return self._add(query, {})
        if isinstance(query, wq.And):
            parts = [self._evaluate(q) for q in query.subqueries]
            return _boosted(_intersection(parts), query.boost)
        if isinstance(query, wq.AndNot):
            excluded = self._evaluate(query.b)
            return {d: s for d, s in self._evaluate(query.a).items() if d not in excluded}
        if isinstance(query, wq.Not):
            excluded = self._evaluate(query.query)
            return {d: s for d, s in self._every(query.boost).items() if d not in excluded}
        if isinstance(query, wq.Every) and query.fieldname in (None, "", "*"):
            return self._every(query.boost)
        raise Unsupported(f"cannot evaluate {type(query).__name__} in bulk")

    def _add(self, query: wq.Query, into: Scores) -> Scores:
        """Add the scores of `query` into `into`, as a union sums them: the terms of an
        `Or` (nested ones too) are accumulated in one dictionary."""
        for member, boost in _union_members(query, 1.0):
            if isinstance(member, wq.Term):
                self.add_term(member, boost, into)
                continue
            get = into.get
            for doc, score in self._evaluate(member).items():
                into[doc] = get(doc, 0.0) + score * boost
        return into

    # -- what `reader.search.index.topk` reads -------------------------------------------------

    @property
    def k1(self) -> float:
        """BM25's K1."""
        return self._k1

    @property
    def b(self) -> float:
        """BM25's B."""
        return self._b

    @property
    def deleted(self) -> frozenset[int]:
        """The docnums of deleted notes still in the segments."""
        return self._deleted

    def scorable(self, query: wq.Term) -> bool:
        """Whether the term's field has lengths (BM25 applies)."""
        schema = self._searcher.schema
        return query.fieldname in schema and bool(schema[query.fieldname].scorable)

    def doc_frequency(self, query: wq.Term) -> int:
        """How many notes (deleted ones included) hold the term."""
        return int(self._searcher.reader().doc_frequency(query.fieldname, query.text))

    def term_factor(self, query: wq.Term, boost: float) -> float:
        """idf * (K1 + 1) * the term's boost * `boost`: a note's score is this times
        tf / (tf + its norm)."""
        idf = self._searcher.idf(query.fieldname, query.text)
        return float(idf * (self._k1 + 1) * query.boost * boost)

    def norms(self, field: str) -> list[float]:
        """K1 * (1 - B + B * length / average length) of every note, by docnum."""
        return self._norms_of(field)

    def average_length(self, field: str) -> float:
        """The field's average length, as BM25 uses it."""
        return float(self._searcher.avg_field_length(field) or 1)

    def add_term(self, query: wq.Term, boost: float, into: Scores) -> None:
        """Add the term's scores (times `boost`) into `into`."""
        self._term(query.fieldname, query.text, query.boost * boost, into)

    def posting_lists(self, field: str, text: str) -> Iterator[tuple[Any, int]]:
        """The term's posting list in each segment holding a live note and the term, with
        the segment's first docnum; Whoosh 3's lists come read into memory whole. Deleted
        notes are left in (the caller drops them)."""
        for reader, base in self._leaves:
            if not reader.doc_count():
                continue
            try:
                info = reader.term_info(field, text)
            except TermNotFound:
                continue
            yield w3.in_memory(reader, field, text, info), base

    # -- leaves --------------------------------------------------------------------------

    def _every(self, boost: float) -> Scores:
        total = self._searcher.doc_count_all()
        deleted = self._deleted
        return {d: boost for d in range(total) if d not in deleted}

    def _term(self, field: str, text: str, boost: float, into: Scores) -> None:
        """Add the score of every note holding the term into `into`, as Whoosh's BM25F
        scorer computes it (deleted notes included: `scores` drops them)."""
        searcher = self._searcher
        if field not in searcher.schema:
            return
        scorable = searcher.schema[field].scorable
        factor, norms = boost, [0.0]
        if scorable:
            factor = searcher.idf(field, text) * (self._k1 + 1) * boost
            norms = self._norms_of(field)
        get = into.get
        for matcher, base in self.posting_lists(field, text):
            for ids, weights in w3.blocks(matcher):
                if not scorable:  # no lengths: the weight itself, as Whoosh scores it
                    for local, weight in zip(ids, weights, strict=True):
                        into[base + local] = get(base + local, 0.0) + weight * factor
                elif not into:
                    for local, tf in zip(ids, weights, strict=True):
                        into[base + local] = factor * tf / (tf + norms[base + local])
                else:
                    for local, tf in zip(ids, weights, strict=True):
                        doc = base + local
                        into[doc] = get(doc, 0.0) + factor * tf / (tf + norms[doc])

    def _norms_of(self, field: str) -> list[float]:
        """BM25's length normalisation of every note for `field`, computed once."""
        norms = self._norms.get(field)
        if norms is None:
            avg = self._searcher.avg_field_length(field) or 1
            k1, b = self._k1, self._b
            norms = []
            for reader, _base in self._leaves:
                if reader.doc_count() == 0:  # never read: every note in it is deleted
                    norms.extend([k1] * reader.doc_count_all())
                    continue
                norms.extend(
                    k1 * ((1 - b) + b * (length or 1) / avg)
                    for length in w3.segment_lengths(reader, field)
                )
            self._norms[field] = norms
        return norms


def _union_members(query: wq.Query, boost: float) -> Iterator[tuple[wq.Query, float]]:
    """The members of a (nested) `Or`, each with the boost it carries; anything else is
    its own single member."""
    if isinstance(query, wq.Or):
        for sub in query.subqueries:
            yield from _union_members(sub, boost * query.boost)
    else:
        yield query, boost


def _intersection(parts: list[Scores]) -> Scores:
    """Notes in every part, their scores summed."""
    if not parts:
        return {}
    parts.sort(key=len)
    out = dict(parts[0])
    for part in parts[1:]:
        out = {doc: score + part[doc] for doc, score in out.items() if doc in part}
    return out


def _boosted(scores: Scores, boost: float) -> Scores:
    if boost == 1.0:
        return scores
    return {doc: score * boost for doc, score in scores.items()}
