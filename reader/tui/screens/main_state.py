"""The main screen's state keeping: from a `ViewState` to what each pane shows, and back.

`go()` is the one way the screen changes what it shows: it records the jump in the history
(or not, for previews and restores), fills the list, opens the note and fills the sidebar.
`snapshot()` is the inverse: it reads the panes' selection and scroll into a `ViewState`, so
back and forward put the user exactly where they were. During a first build "all notes" are
the notes read so far (`show_read_so_far`); what the user did meanwhile, never how often the
list was refreshed, decides where the cursor is when the build ends. A mixin of
`MainScreen`, kept apart so that the screen module is about bindings and messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from textual.content import Content
from textual.reactive import reactive

from reader.notes.card import link_name
from reader.notes.note import Note, Skipped
from reader.tui.facts import EntityFacts
from reader.tui.history import History, ViewState
from reader.tui.labels import kind_label, year_counts
from reader.tui.mentions import MentionFinder
from reader.tui.messages import EntityNotesReady, NotesReadSoFar
from reader.tui.results import PAGE, SearchResults, results_caption_count
from reader.tui.rows import Row, all_rows, entity_rows, next_sort, sort_rows
from reader.tui.screens.reading_keeping import ReadingKeeping
from reader.tui.widgets.note_list import PREVIEW_DELAY, NoteList, caption_text, so_far_caption
from reader.tui.widgets.note_view import NoteView
from reader.tui.widgets.sidebar import Sidebar
from reader.vault.embeds import NoteFinder
from reader.vault.entities import EntityRef
from reader.vault.reading import Place


class MainState(ReadingKeeping):
    """State keeping of the main screen (see the module docstring); its base class."""

    match_count: reactive[int] = reactive(0, bindings=True)
    note_open: reactive[bool] = reactive(False, bindings=True)
    filtered: reactive[bool] = reactive(False, bindings=True)

    history: History
    indexing: bool
    note: Note | None
    finder: MentionFinder | None
    side: str
    _read_token: int
    _pending_scroll: float | None
    _pending_needles: tuple[str, ...]
    _pending_place: Place | None
    _hits: dict[str, SearchResults]
    _entity_notes: dict[EntityRef, EntityNotesReady]
    _sorted_rows: dict[str, Sequence[Row]]
    _check_pending: bool
    #: The notes a first build has read so far (the latest list), until the build ends.
    _so_far: NotesReadSoFar | None

    def snapshot(self) -> ViewState:
        """The current step as the panes show it now (selection and scroll included)."""
        current = self.history.current
        note_list = self.query_one(NoteList)
        return current.with_(
            selected=note_list.selected or current.selected,
            note=self.note.path if self.note is not None else current.note,
            needles=self.note_needles(),
            note_scroll=self.note_scroll(),
            list_scroll=note_list.options.scroll_y,
            side=self.side,
        )

    def note_needles(self) -> tuple[str, ...]:
        """What is highlighted in the open note."""
        return self.query_one(NoteView).needles

    def note_scroll(self) -> float:
        """How far the open note is scrolled."""
        return self.query_one(NoteView).body.scroll_y

    def go(
        self, state: ViewState, push: bool = False, load: bool = True, place: Place | None = None
    ) -> None:
        """Show `state`; with `push` it is a new history step, else it replaces the current.
        A note opened anew goes back to `place`, where it was left, when one is given."""
        if push:
            self.history.record(self.snapshot())
            self.history.push(state)
        else:
            self.history.record(state)
        self.side = state.side
        self.filtered = state.listing.mode != "all"
        self.show_listing(state)
        if load and state.note is not None:
            view = self.query_one(NoteView)
            if self.note is None or self.note.path != state.note:
                # At the top with something to highlight: start at the first match instead.
                top = state.note_scroll == 0 and bool(state.needles)
                scroll = None if top else state.note_scroll
                self._open(state.note, state.needles, scroll=scroll, place=place)
            else:
                if view.needles != state.needles:
                    view.set_needles(state.needles)
                view.body.scroll_to(y=state.note_scroll, animate=False)
        self.update_side()
        self.refresh_bindings()

    def show_listing(self, state: ViewState, keep_place: bool = False) -> None:
        """Fill the note list for the state's listing (starting a worker when needed).

        With `keep_place` the rows are a newer version of those shown (a first build read
        more notes): the user's cursor and what they look at stay put (`NoteList.refill`).
        """
        listing = state.listing
        note_list = self.query_one(NoteList)
        rows: Sequence[Row]
        if listing.mode == "search":
            done = self._hits.get(listing.query)
            if done is None:
                note_list.show([], f"Searching “{listing.query}”…")
                self.run_search(listing.query)
                return
            rows = done.rows(self.vault, listing.sort)
            if len(rows) < min(PAGE, done.count):
                self.more_results()  # sorted another way: the first rows need snippets
            count = results_caption_count(done)
            caption = caption_text("Search", f"“{listing.query}”", count, listing.sort)
            if done.indexing:
                caption += Content.styled(
                    "  still indexing: results may be incomplete", "$text-warning"
                )
        elif listing.mode == "entity" and listing.entity is not None:
            ready = self._entity_notes.get(listing.entity)
            if ready is None:
                note_list.show([], f"Finding the notes of {listing.entity.name}…")
                self.load_entity_notes(listing.entity)
                return
            needles = tuple(self.vault.entities.spellings(listing.entity))
            rows = sort_rows(entity_rows(self.vault, ready.notes, needles), listing.sort)
            label = self.vault.config.label(listing.entity.type)
            caption = caption_text(label, listing.entity.name, len(rows), listing.sort)
        else:
            rows = self._all_rows(listing.sort)
            so_far = self._so_far
            caption = (
                so_far_caption(so_far.done, so_far.total, listing.sort)
                if so_far is not None
                else caption_text("All notes", "", len(rows), listing.sort)
            )
        # A fresh search or entity list starts at its best row; "all notes" at the open note.
        selected = state.selected or (state.note if listing.mode == "all" else None)
        if keep_place:
            note_list.refill(rows, caption, selected)
        else:
            note_list.show(rows, caption, selected, state.list_scroll)

    def more_results(self) -> None:
        """Make the next rows of the search shown, if it has rows not made yet."""
        listing = self.history.current.listing
        done = self._hits.get(listing.query) if listing.mode == "search" else None
        if done is not None and (wanted := done.wanted(self.vault, listing.sort)):
            self.make_hits(done.query, wanted)

    def _all_rows(self, sort: str) -> Sequence[Row]:
        """Every note in `sort` order, kept until the vault changes: going to a note shows
        the listing again, and sorting 10,000 notes each time stalls the screen."""
        rows = self._sorted_rows.get(sort)
        if rows is None:
            every = self._so_far.newest if self._so_far is not None else all_rows(self.vault)
            rows = self._sorted_rows[sort] = sort_rows(every, sort)
        return rows

    def show_read_so_far(self, so_far: NotesReadSoFar) -> None:
        """A first build read more notes: they are "all notes" until it ends. The list is
        refilled in place; a search or an entity list, if shown, is left alone."""
        self._so_far = so_far
        self._sorted_rows = {"date": so_far.newest}
        state = self.history.current
        if state.listing.mode == "all":
            self.show_listing(state.with_(selected=self._cursor_to_keep()), keep_place=True)

    def _cursor_to_keep(self) -> str | None:
        """The note under the list's cursor, if the cursor should stay there when the rows
        are replaced. During a first build only if the user put it there (moved it, or
        opened a note): else it is where a partial list happened to put it, and the new
        rows decide."""
        note_list = self.query_one(NoteList)
        if self._so_far is not None and not self._user_chose():
            return None
        return note_list.selected

    def _user_chose(self) -> bool:
        """Whether the user moved the list's cursor or opened a note (during a first build:
        both are decided by keys, never by how the build went)."""
        return self.query_one(NoteList).options.moved or self.history.current.note is not None

    def cycle_sort(self) -> None:
        """Sort the list the next way; the order stays with the current step."""
        state = self.snapshot()
        sort = next_sort(state.listing.sort, state.listing.mode)
        state = state.with_(listing=replace(state.listing, sort=sort), list_scroll=0.0)
        self.history.record(state)
        self.show_listing(state)

    def _listed(self, path: str) -> bool:
        """Whether the list shows this note."""
        return self.query_one(NoteList).position(path) is not None

    def _open(
        self,
        path: str,
        needles: tuple[str, ...],
        scroll: float | None,
        delay: float = 0.0,
        place: Place | None = None,
    ) -> None:
        """Read a note in a worker (after `delay`); `show_note` renders it when it arrives
        (at `scroll`, or at `place` where it was left)."""
        self._read_token += 1
        self._pending_needles = needles
        self._pending_scroll = scroll
        self._pending_place = place
        self.read_note(path, self._read_token, delay)

    def show_note(self, loaded: Note | Skipped) -> None:
        """Render a note that was read (or report why it could not be)."""
        if isinstance(loaded, Skipped):
            self.notify(f"{loaded.path}: {loaded.reason}", title="Cannot open", severity="warning")
            return
        self.keep_place()
        self.note = loaded
        self.note_open = True
        self.shown_now(loaded.path)
        if loaded.problems:
            self.notify(
                "; ".join(loaded.problems),
                title=f"{loaded.path} has problems",
                severity="warning",
                timeout=4,
            )
        view = self.query_one(NoteView)
        links = (NoteFinder(self.vault, loaded.path).resolve, self.vault.label_first)
        view.links = (*links, link_name(loaded.path))
        view.images = partial(self.vault.images.find, loaded.path)
        view.show(
            loaded,
            self._pending_needles,
            self.finder,
            self._pending_scroll,
            self._pending_place,
            loaded.path in self.reading.bookmarks,
        )
        self.update_side()

    def refresh_after_update(self, first: bool) -> None:
        """After a vault update: list again, reopen or drop the open note, refill the sidebar.

        After a first build that listed the notes read so far, a cursor the user placed
        stays on its note, in place; else the end is that of a build that listed nothing.
        """
        state = self.history.current
        selected = self._cursor_to_keep()
        placed = self._so_far is not None and selected is not None
        self._so_far = None
        self.show_listing(state.with_(selected=selected or state.selected), keep_place=placed)
        note_list = self.query_one(NoteList)
        rows = note_list.rows
        if first and self.note is None and state.note is not None:
            state = self._reopen_last(state)
        if self.note is None and state.note is None and rows:
            # The first row (or the one the user moved to) is opened as if the cursor rested
            # on it: the list is painted and answers keys first, then the note renders.
            path = (note_list.selected or rows[0].path) if placed else rows[0].path
            self.history.record(self.snapshot().with_(note=path, selected=path))
            self._open(path, (), scroll=None, delay=PREVIEW_DELAY)
        elif self.note is not None:
            record = self.vault.get(self.note.path)
            if record is None:
                self.notify(f"{self.note.path} was removed from disk.", severity="warning")
            elif (record.mtime_ns, record.size) != (self.note.mtime_ns, self.note.size):
                self._open(self.note.path, self.note_needles(), scroll=self.note_scroll())
        self.update_side()

    def _reopen_last(self, state: ViewState) -> ViewState:
        """Start-up: open the note that was open when the reader quit, where it was left,
        after the list is painted (as a resting cursor would); forget it if it is gone."""
        path = state.note
        if path is not None and self.vault.get(path) is not None:
            place = self.reading.place(path)
            self._open(path, state.needles, None, delay=PREVIEW_DELAY, place=place)
            self.explicit_open(path)
            return state
        state = state.with_(note=None, selected=None, note_scroll=0.0)
        self.history.record(state)
        return state

    def update_side(self) -> None:
        """Fill the sidebar: the listed entity, or the open note's entities and relations."""
        listing = self.history.current.listing
        sidebar = self.query_one(Sidebar)
        if self.side == "entity" and listing.entity is not None:
            self.show_entity_side(listing.entity)
        elif self.note is not None and self._check_pending:
            # Start-up: the entity index is built with the disk check, after the first note.
            sidebar.show_empty("Entities and related notes follow in a moment.")
        elif self.note is not None and self.indexing:
            # A note opened during a first build: the catalog is not there yet.
            sidebar.show_empty("Entities and related notes follow when indexing ends.")
        elif self.note is not None:
            self.load_note_facts(self.note)  # the sidebar fills when the facts arrive
        else:
            sidebar.show_empty("No note open.")

    def show_entity_side(self, ref: EntityRef) -> None:
        """The entity in the sidebar: counts, per-year line, co-occurring entities, notes."""
        ready = self._entity_notes.get(ref)
        notes = ready.notes if ready is not None else []
        records = [(n, self.vault.get(n.path)) for n in notes]
        entities = self.vault.entities
        facts = EntityFacts(
            ref=ref,
            label=kind_label(self.vault, ref),
            listed=sum(n.listed for n in notes),
            mentioned=sum(n.mentioned for n in notes),
            years=year_counts(r.date for _, r in records if r is not None),
            cooccurring=[
                (r, n, self.vault.config.label(r.type)) for r, n in entities.cooccurring(ref, 12)
            ],
            notes=[
                (n.path, r.title if r else n.path, (r.date or "") if r else "") for n, r in records
            ][:40],
        )
        self.query_one(Sidebar).show_entity(facts)
