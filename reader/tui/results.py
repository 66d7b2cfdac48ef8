"""A search's results as the note list shows them: every match counted, snippets made page
by page. No Textual here.

A search worker first finds the best page of matches with their snippets (`PAGE`), which the
list shows at once, then every match without snippets (`counted`), which gives the count
(`1,234 notes`) and the order of the rest. Snippets cost a read of the note's body each, so
the rows past those made are made a page at a time as the list scrolls to them (`wanted`,
then `add`): at 10,000 notes a keystroke never waits for thousands of snippets.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice

from reader.tui.rows import Row, hit_row, sort_keys, sort_order
from reader.vault.searching import Hit
from reader.vault.vault import Vault

Needles = tuple[str, ...]

#: How many results the first answer to a keystroke holds (two screenfuls of rows).
PAGE = 30
#: How many more rows are made each time the list scrolls to the end of those made.
MORE = 50


class SearchResults:
    """The matches of one query: their order, needles, and the hits made so far."""

    def __init__(self, query: str, hits: Sequence[Hit], indexing: bool = False) -> None:
        self.query = query
        self.indexing = indexing
        self.hits = {hit.path: hit for hit in hits}
        #: Every match known, best first (until `counted`, those of the first page).
        self.order = [hit.path for hit in hits]
        self.needles = {hit.path: hit.needles for hit in hits}
        #: How many notes match, once every match is known (None while counting).
        self.total: int | None = None
        self._sorted: dict[str, list[str]] = {}

    def counted(self, matches: Sequence[tuple[str, tuple[str, ...]]]) -> None:
        """Every match, best first, as (path, needles): the rows shown keep their place
        at the top (the best page was ranked with a little more care), the rest follow."""
        known = set(self.order)
        for path, needles in matches:
            if path not in known:
                known.add(path)
                self.order.append(path)
                self.needles[path] = needles
        self.total = len(self.order)
        self._sorted.clear()

    def add(self, hits: Sequence[Hit]) -> None:
        """Hits made for rows that had none yet."""
        self.hits.update((hit.path, hit) for hit in hits)

    @property
    def count(self) -> int:
        """How many notes match (as far as known while counting)."""
        return self.total if self.total is not None else len(self.order)

    def ordered(self, vault: Vault, sort: str) -> list[str]:
        """Every known match in `sort` order (relevance: best first)."""
        if sort == "relevance":
            return self.order
        if sort not in self._sorted:
            keys = sort_keys([vault.get(path) for path in self.order], self.order)
            self._sorted[sort] = [self.order[i] for i in sort_order(keys, sort)]
        return self._sorted[sort]

    def rows(self, vault: Vault, sort: str) -> list[Row]:
        """The rows in `sort` order up to the first match without its hit yet."""
        rank = {path: i for i, path in enumerate(self.order)}
        rows = []
        for path in self.ordered(vault, sort):
            hit = self.hits.get(path)
            if hit is None:
                break
            rows.append(hit_row(vault.get(path), hit, rank[path]))
        return rows

    def wanted(self, vault: Vault, sort: str, count: int = MORE) -> list[tuple[str, Needles]]:
        """The next `count` matches in `sort` order that have no hit yet, with needles."""
        missing = (p for p in self.ordered(vault, sort) if p not in self.hits)
        return [(path, self.needles[path]) for path in islice(missing, count)]


def results_caption_count(results: SearchResults) -> str:
    """`1,234 notes`, or `30+ notes, counting…` while the rest are being found."""
    count = results.count
    noun = "note" if count == 1 else "notes"
    if results.total is None:
        return f"{count:,}+ {noun}, counting…"
    return f"{count:,} {noun}"
