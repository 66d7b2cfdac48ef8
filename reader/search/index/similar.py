"""Notes alike by content: a note's most distinctive words, and the notes that hold them.

"More like this" as search engines do it, over the index as it is (no stored vectors, so
the build pays nothing): the note's own text is analysed as the index analyses it, each
word weighed by how often the note uses it and how rare it is in the vault (tf × idf, the
vault's document frequencies read from the index), and the best `KEY_TERMS` words become
one union query whose BM25 scores rank the other notes. A score is divided by the note's
own score for the same query, so 1.0 is "says what this note says" and the number means
the same in every vault. Each note found keeps the key words it shares, best first, to say
why it is there. Part of the core: never imports Textual.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from whoosh import query as wq
from whoosh.reading import IndexReader

from reader.search.index.bulk import BulkScorer, Scores
from reader.search.index.schema import TEXT_FIELD
from reader.text.analysis import is_cjk

#: How many of a note's words make its query (more: slower, and vaguer).
KEY_TERMS = 25
#: A word in more than this share of the notes (and in more than `FEW` notes) says nothing
#: about any one of them.
COMMON_SHARE = 0.2
FEW = 3
#: At most this many of a note's words are weighed (see `_candidates`).
CANDIDATES = 300


@dataclass(frozen=True)
class Alike:
    """A note alike by content: its index number, its similarity (0 to 1, its score over
    the note's own) and the key words it shares with the note, most distinctive first."""

    docnum: int
    similarity: float
    terms: tuple[str, ...]


def key_terms(
    reader: IndexReader, words: Iterable[str], frequency: Callable[[str], int]
) -> list[tuple[str, float]]:
    """The most distinctive of a note's words, each with its weight (tf × idf), best first.

    Left out: numbers, single Latin letters (example values, variable names), function
    words (`STOP_WORDS`), words no other note holds (they find nothing), and words in more
    than `COMMON_SHARE` of the notes (and more than `FEW`). Ties in weight go to the word
    used first in the note, so the list is stable. `frequency` gives a word's document
    frequency in the index (the caller may cache it)."""
    counts = Counter(word for word in words if _may_key(word))
    total = max(int(reader.doc_count_all()), 1)
    weighed = []
    for order, (word, tf) in enumerate(_candidates(counts)):
        df = frequency(word)
        if df < 2 or df > max(COMMON_SHARE * total, FEW):
            continue
        weighed.append((-(1 + math.log(tf)) * math.log(total / df), order, word))
    weighed.sort()
    return [(word, -weight) for weight, _, word in weighed[:KEY_TERMS]]


def _candidates(counts: Counter[str]) -> list[tuple[str, int]]:
    """The words worth looking up: all of a short note's; of a long one (more than
    `CANDIDATES` different words), those it uses twice or more, the most used first, at
    most `CANDIDATES` (a word said once in a long note rarely says what it is about, and
    each look-up costs)."""
    if len(counts) <= CANDIDATES:
        return list(counts.items())
    repeated = [(word, tf) for word, tf in counts.items() if tf > 1]
    repeated.sort(key=lambda item: -item[1])
    return repeated[:CANDIDATES]


#: Function words: in a small vault they are not yet common enough to be left out by
#: their frequency, and they never say what a note is about.
_STOP_TEXT = """a an and are as at be been but by can do does for from had has have he her his how
    i if in into is it its me my no not of on or our she so than that the their them then
    there these they this those to was we were what when where which who why will with
    would you your 的 了 是 在 和 与 及 或 也 就 都 而 但 有 没有 不 这 那 这个 那个 一个
    我 你 他 她 它 我们 你们 他们 可以 因为 所以 如果 就是 还 又 很 被 把 让 吗 呢 吧 啊"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def _may_key(word: str) -> bool:
    if word.isdigit() or word in STOP_WORDS:
        return False
    return len(word) > 1 or is_cjk(word)


def alike(
    scorer: BulkScorer, terms: list[tuple[str, float]], own: int | None, limit: int
) -> list[Alike]:
    """The `limit` notes scoring best for the union of `terms` (each boosted by its
    weight), `own` (the note's index number, if indexed) left out; best first, equal
    similarity in index order."""
    if not terms:
        return []
    parts: list[tuple[str, Scores]] = []
    scores: Scores = {}
    get = scores.get
    for word, weight in terms:
        part: Scores = {}
        scorer.add_term(wq.Term(TEXT_FIELD, word), weight, part)
        parts.append((word, part))
        for doc, score in part.items():
            scores[doc] = get(doc, 0.0) + score
    for doc in scorer.deleted:
        scores.pop(doc, None)
    best = scores.pop(own, None) if own is not None else None
    top = heapq.nlargest(limit, scores.items(), key=lambda item: (item[1], -item[0]))
    full = best or (top[0][1] if top else 1.0)
    return [
        Alike(doc, min(score / full, 1.0), tuple(word for word, part in parts if doc in part))
        for doc, score in top
    ]
