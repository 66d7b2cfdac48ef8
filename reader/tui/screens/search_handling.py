"""The main screen's search: the search text settles and is searched in a worker, results
arrive (first page, then the count and more rows as the list needs them) and are listed as a
step of the history; an empty search goes back to every note.

A base class of `MainScreen`, kept apart so that the screen module is about layout, keys
and the rest of the panes' and workers' messages.
"""

from __future__ import annotations

from textual import on

from reader.tui.history import Listing
from reader.tui.messages import MoreHits, SearchChanged, SearchCounted, SearchDone
from reader.tui.results import SearchResults
from reader.tui.screens.link_commands import LinkCommands
from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.search_bar import SearchBar


class SearchHandling(LinkCommands):
    """Searching from the search bar (see the module docstring)."""

    def on_search_done(self, message: SearchDone) -> None:
        """Search results arrived: list them (a history step while typing merges)."""
        if message.query.strip() != self.query_one(SearchBar).value.strip():
            return  # stale: the user typed on
        self._hits[message.query] = SearchResults(message.query, message.hits, message.indexing)
        if self._refresh_search(message.query):
            return  # the same query again: refreshed, no new step
        state = self.snapshot().with_(
            listing=Listing("search", message.query, sort="relevance"),
            selected=None,
            list_scroll=0.0,
        )
        self.go(state, push=True, load=False)

    def on_search_counted(self, message: SearchCounted) -> None:
        """Every match of a search is known: the count, and the order of the rows to come."""
        done = self._hits.get(message.query)
        if done is not None:
            done.counted(message.matches)
            self._refresh_search(message.query)

    def on_more_hits(self, message: MoreHits) -> None:
        """Rows further down a search's results are ready: add them to the list."""
        done = self._hits.get(message.query)
        if done is not None:
            done.add(message.hits)
            self._refresh_search(message.query)

    def _refresh_search(self, query: str) -> bool:
        """Show a search's results again if they are listed (cursor and scroll kept);
        whether they were."""
        listing = self.history.current.listing
        if listing.mode != "search" or listing.query != query:
            return False
        self.show_listing(self.snapshot())
        return True

    @on(NoteList.NeedMore)
    def _need_more(self) -> None:
        self.more_results()

    @on(SearchChanged)
    def _search_changed(self, message: SearchChanged) -> None:
        """The search text settled: search in a worker, or go back to every note."""
        if not message.query.strip():
            if self.history.current.listing.mode == "search":
                self.go(self.snapshot().with_(listing=Listing()), push=True, load=False)
            return
        if self.indexing:
            self.query_one(NoteList).show([], f"Still indexing — searching “{message.query}”…")
        self.run_search(message.query)

    @on(SearchBar.Left)
    def _search_left(self) -> None:
        self.query_one(NoteList).options.focus()

    @on(SearchBar.ToResults)
    def _to_results(self) -> None:
        self.query_one(NoteList).options.focus()
