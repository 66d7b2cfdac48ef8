"""The best k matches of a union of terms, without scoring every match (block-max pruning).

A broad word occurs in most notes of a large vault, yet a search shows the best 20. Whoosh
stores, for each block of 128 postings, the highest term frequency and the shortest field
length in it, which bound the BM25 score of any note in the block. So the blocks of the
query's largest term are visited best bound first, and once a block's bound (plus the most
the query's other terms can add) falls below the k-th best score already known, that block
and every block after it are left unread. On the 10,000-note benchmark two thirds of the
blocks of a broad word are skipped this way.

The result is exactly what scoring every match gives (same notes, same scores, ties in
docnum order; tests compare the two): a skipped note's score is below the k-th best, and
every note that can reach the top k is scored in full. Part of the core: never imports
Textual.
"""

from __future__ import annotations

import heapq
from itertools import chain
from typing import TYPE_CHECKING, Any

from whoosh import query as wq

from reader.search.index import w3

if TYPE_CHECKING:
    from reader.search.index.bulk import BulkScorer, Scores

#: Scores computed in another order may differ in the last bits: prune with this margin.
_MARGIN = 1e-9


def pruned_top(
    scorer: BulkScorer, members: list[tuple[wq.Query, float]], limit: int
) -> list[tuple[int, float]] | None:
    """(docnum, score) of the best `limit` notes for the union of `members` (terms, each
    with its boost), best first; None when pruning does not apply (the caller scores
    every match then)."""
    terms = [(q, boost) for q, boost in members if isinstance(q, wq.Term)]
    if limit < 1 or len(terms) != len(members) or not all(scorer.scorable(q) for q, _ in terms):
        return None
    largest = max(terms, key=lambda item: scorer.doc_frequency(item[0]))
    others: Scores = {}
    for member in terms:
        if member is not largest:
            scorer.add_term(*member, others)
    deleted = scorer.deleted
    for doc in [d for d in others if d in deleted]:
        del others[doc]
    blocks = _bounded_blocks(scorer, *largest)
    if blocks is None:
        return None
    reach = max(others.values(), default=0.0)
    floor = heapq.nlargest(limit, others.values())[-1] if len(others) >= limit else 0.0
    factor, norms = scorer.term_factor(*largest), scorer.norms(largest[0].fieldname)
    heap: list[tuple[float, int]] = []  # (score, -docnum) of the best notes scored in full
    for bound, matcher, position, base in blocks:
        threshold = max(floor, heap[0][0]) if len(heap) >= limit else floor
        if bound + reach < threshold * (1 - _MARGIN):
            break  # this block and all later ones (bounds only fall) cannot reach the top
        ids, weights = w3.block_at(matcher, position)
        for local, tf in zip(ids, weights, strict=True):
            doc = base + local
            if doc in deleted:
                continue
            entry = (factor * tf / (tf + norms[doc]) + others.pop(doc, 0.0), -doc)
            if len(heap) < limit:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
    # Notes left in `others` lack no score that could lift them into the top `limit`.
    rest = ((score, -doc) for doc, score in others.items())
    return [(-negative, score) for score, negative in heapq.nlargest(limit, chain(heap, rest))]


def _bounded_blocks(
    scorer: BulkScorer, query: wq.Term, boost: float
) -> list[tuple[float, Any, int, int]] | None:
    """(score bound, matcher, block position, docnum base) of every posting block of the
    term, highest bound first; None if its postings are not Whoosh 3's on-disk blocks."""
    factor = scorer.term_factor(query, boost)
    field = query.fieldname
    k1, b, average = scorer.k1, scorer.b, scorer.average_length(field)
    blocks = []
    for matcher, base in scorer.posting_lists(field, query.text):
        if not w3.has_blocks(matcher):
            return None
        for tf, length, position in w3.block_summaries(matcher):
            norm = k1 * ((1 - b) + b * (length or 1) / average)
            blocks.append((factor * tf / (tf + norm), matcher, position, base))
    blocks.sort(key=lambda block: -block[0])
    return blocks
