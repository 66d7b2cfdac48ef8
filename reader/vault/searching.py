"""Answering a query over the vault: candidates from the index, checked and ranked.

Candidates come from two index queries: the query itself, ranked by BM25 over all text
(several times as many as asked for), and the same query looked up in the notes' names
only (`reader.search.ranking.name_query`), so that a note whose title the query names is a
candidate however common its words are elsewhere. A candidate the index cannot vouch for
is checked on the note's text (`reader.search.matching`). The candidates are then ranked
again by their names (`reader.search.ranking`), and the best few by whether the query's
words stand side by side in their text. Part of the core: never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from reader.search.query import Node, positive_texts

if TYPE_CHECKING:  # ranking (and the matching and word tables under it) loads on a first query
    from reader.notes.note import Note
    from reader.search.index.store import SearchIndex
    from reader.search.matching import NoteText
    from reader.search.ranking import Ranker

Found = tuple[str, float, "NoteText | None"]
#: A note a query found: (path, score, the query texts to highlight, its text if read).
Match = tuple[str, float, tuple[str, ...], "NoteText | None"]


@dataclass(frozen=True)
class Hit:
    """One search result: `snippet` is cut from the note's visible text; `spans` are the
    (start, end) character ranges of the matched text inside `snippet`; `needles` are the
    query texts that matched, for highlighting the same text in the whole note."""

    path: str
    title: str
    score: float
    snippet: str
    spans: tuple[tuple[int, int], ...] = ()
    needles: tuple[str, ...] = ()


def make_hit(
    path: str, score: float, needles: tuple[str, ...], doc: NoteText | None, reversed_labels: bool
) -> Hit:
    """A hit with its snippet, cut from the note's visible text (what `reader show` prints)
    around the first match, so no markup reaches the results; the summary when the visible
    text shows no match. A heading opening the body with the note's title is left out: the
    hit shows the title already."""
    from reader.markdown.plain import past_title, visible_window
    from reader.text.fold_find import first_match
    from reader.text.snippets import make_snippet

    if doc is None:
        return Hit(path, path, score, "(this note can no longer be read)", (), needles)
    body = doc.body[past_title(doc.body, doc.note.title) :]
    at = first_match(body, needles) if needles else None
    shown = visible_window(body, at, reversed_labels=reversed_labels)
    snippet, spans = make_snippet(shown, needles, markers=False)
    if not spans and doc.note.summary:
        snippet, spans = make_snippet(doc.note.summary, needles)
    return Hit(path, doc.note.title, score, snippet, spans, needles)


#: How many candidates the name lookup adds at most.
NAME_CANDIDATES = 30
#: How many of the best candidates are ranked again by adjacency in their text.
ADJACENT_CHECKED = 20


class Searching:
    """One query over the vault's index and catalog."""

    def __init__(
        self,
        index: SearchIndex,
        record: Callable[[str], Note | None],
        note_text: Callable[[str], NoteText | None],
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self._index = index
        self._record = record
        self._note_text = note_text
        self._texts: dict[str, NoteText | None] = {}
        #: Asked before each candidate is checked on its text: ends a long search early.
        self._cancelled = cancelled or (lambda: False)

    def run(self, node: Node, limit: int | None, names_ranked: int | None = None) -> list[Found]:
        """The notes matching `node`, best first (at most `limit`). With `names_ranked`,
        only that many of the best by BM25 are ranked again by their names, the rest
        follow in BM25 order: counting every match of a common word at 10,000 notes then
        spends no second on ranking rows nobody may scroll to."""
        from reader.search.ranking import Ranker, free_literals, ranked

        ranker = Ranker(tuple(free_literals(node)))
        found = self._matching(node, limit)
        if ranker.whole and limit is not None:
            self._add_by_name(node, found)
        rest: list[tuple[str, float]] = []
        if names_ranked is not None and len(found) > names_ranked:
            by_bm25 = sorted(found.items(), key=lambda item: -item[1])
            found, rest = dict(by_bm25[:names_ranked]), by_bm25[names_ranked:]
        order = ranked({p: (self._record(p), s) for p, s in found.items()}, ranker) + rest
        if len(ranker.literals) > 1:
            order = self._by_adjacency(order, ranker)
        return [(path, score, self._texts.get(path)) for path, score in islice(order, limit)]

    def _text(self, path: str) -> NoteText | None:
        if path not in self._texts:
            self._texts[path] = self._note_text(path)
        return self._texts[path]

    def _matching(self, node: Node, limit: int | None) -> dict[str, float]:
        """path -> BM25 score of the index's best `limit` matches: for an inexact query,
        the candidates checked on the text until `limit` pass (the index is asked for
        several times as many, and for more when too few pass). Asking for more than
        `limit` made the index's top-k pruning cost up to twice as much, for candidates
        that BM25 ranks below the limit and that have no name matching the query."""
        from reader.search.matching import matches

        wanted = ask = limit
        kept: dict[str, float] = {}
        checked = 0
        while True:
            results, exact = self._index.search(node, ask)
            if exact:
                return dict(results[:wanted])
            for path, score in results[checked:]:
                if self._cancelled():
                    return kept
                doc = self._text(path)
                if doc is not None and matches(node, doc):
                    kept[path] = score
                    if limit is not None and len(kept) >= limit:
                        return kept
                if limit is None:  # every match: keep no body (10,000 could be 200 MB)
                    del self._texts[path]
            checked = len(results)
            if ask is None or len(results) < ask:
                return kept
            ask = max(ask, len(results)) * 4 if ask < 5000 else None

    def _add_by_name(self, node: Node, found: dict[str, float]) -> None:
        """Add the notes whose names hold the query (checked as needed), BM25 score 0."""
        from reader.search.matching import matches
        from reader.search.ranking import name_query, only_positive_text

        names = name_query(node)
        if names is None:
            return
        results, exact = self._index.search(names, NAME_CANDIDATES, widen=False)
        positive = only_positive_text(node)
        for path, _ in results[:NAME_CANDIDATES]:
            if path in found:
                continue
            if positive and exact:
                found[path] = 0.0
                continue
            # The names alone decide a positive query (the name query matches a subset
            # of its notes); any other query is checked in full.
            doc = self._text(path)
            if doc is not None and matches(names if positive else node, doc):
                found[path] = 0.0

    def _by_adjacency(
        self, order: list[tuple[str, float]], ranker: Ranker
    ) -> list[tuple[str, float]]:
        """The best few again, those whose text holds the query's words side by side first
        (a stable sort: among equals the order stays)."""
        from reader.search.ranking import WEIGHTS

        head, tail = order[:ADJACENT_CHECKED], order[ADJACENT_CHECKED:]
        bonus = WEIGHTS["adjacent"]
        rescored = []
        for path, score in head:
            doc = self._text(path)
            near = doc is not None and doc.test(None, ranker.phrase)
            rescored.append((path, score + (bonus if near else 0.0)))
        rescored.sort(key=lambda item: -item[1])
        return rescored + tail


def answer_without_text(
    node: Node, notes: list[Note], note_text: Callable[[str], NoteText | None], limit: int | None
) -> list[Found]:
    """A query with no text to look for (dates, status), answered from the catalog alone,
    newest first."""
    from reader.search.matching import matches

    docs = (note_text(note.path) for note in notes)
    found = ((d.note.path, 0.0, d) for d in docs if d is not None and matches(node, d))
    return list(islice(found, limit))


def has_text(node: Node) -> bool:
    """Whether the query looks for any text (else the catalog answers it)."""
    return bool(positive_texts(node))
