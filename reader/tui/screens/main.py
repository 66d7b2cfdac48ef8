"""The main screen: search on top, note list, note, entity sidebar; the hub of the UI.

Widgets post messages up (a row was chosen, an entity was chosen, the search settled); this
screen decides what happens, asks the vault (through workers, see `vault_work`), records the
jump in the history, and sets what each pane shows. Panes never talk to each other.
Its base classes hold the rest: searching (`search_handling`), following links
(`link_commands`), commands on the open note (`note_commands`), the state (`main_state`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Resize
from textual.widgets import Header, OptionList
from textual.worker import Worker, WorkerState

from reader.notes.note import Note
from reader.tui.history import Listing, ViewState
from reader.tui.mentions import MentionFinder
from reader.tui.messages import (
    ChooseEntity,
    EntityNotesReady,
    IndexProgress,
    MatchesChanged,
    NoteFactsReady,
    NoteRead,
    NotesReadSoFar,
    OpenNote,
    PreviewNote,
    VaultUpdated,
)
from reader.tui.results import SearchResults
from reader.tui.rows import Row
from reader.tui.screens.reading_keeping import restored_history
from reader.tui.screens.search_handling import SearchHandling
from reader.tui.widgets.footer import KeyFooter
from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.note_view import NoteView
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.sidebar import Sidebar
from reader.vault.entities import EntityRef
from reader.vault.reading import Place, ReadingState, reading_of
from reader.vault.vault import Vault

#: Below this width the sidebar folds away (it can still be toggled).
NARROW = 100


class MainScreen(SearchHandling):
    """Search, list, note and sidebar, wired together."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_search", "Search", id="main.search"),
        Binding("escape", "leave", "Clear filter", id="main.leave"),
        Binding("o", "outline", "Outline", id="main.outline"),
        Binding("ctrl+f", "find", "Find", id="main.find"),
        Binding("n", "match(1)", "Next match", id="main.next_match"),
        Binding("N", "match(-1)", "Prev match", show=False, id="main.prev_match"),
        Binding("e", "edit", "Edit", id="main.edit"),
        Binding("y", "copy_path", "Copy path", show=False, id="main.copy"),
        Binding("b", "toggle_sidebar", "Sidebar", id="main.sidebar"),
        Binding("m", "bookmark", "Bookmark", show=False, id="main.bookmark"),
        Binding("r", "recent", "Recent", show=False, id="main.recent"),
        Binding("R", "recent(True)", "Bookmarks", show=False, id="main.bookmarks"),
        Binding("alt+left,backspace", "back", "Back", id="main.back"),
        Binding("alt+right", "forward", "Forward", show=False, id="main.forward"),
    ]

    #: How often the disk is checked for changed notes, in seconds.
    POLL_SECONDS = 2.0

    def __init__(self, vault: Vault, reading: ReadingState | None = None) -> None:
        super().__init__()
        self.vault = vault
        self.reading = reading if reading is not None else reading_of(vault)
        self.history = restored_history(self.reading)
        self.finder: MentionFinder | None = None
        self.note: Note | None = None
        self.side = "note"
        self.indexing = True
        self._read_token = 0
        self._pending_scroll: float | None = None
        self._pending_needles: tuple[str, ...] = ()
        self._pending_place: Place | None = None
        self._sidebar_choice: bool | None = None
        self._narrow: bool | None = None
        self._hits: dict[str, SearchResults] = {}
        self._entity_notes: dict[EntityRef, EntityNotesReady] = {}
        self._sorted_rows: dict[str, Sequence[Row]] = {}
        self._so_far: NotesReadSoFar | None = None
        #: The list shows the catalog of the last run; the disk is compared with it once
        #: the first note is on screen (`_start_pending_check`).
        self._check_pending = False

    def compose(self) -> ComposeResult:
        yield Header(icon="▤")
        yield SearchBar(id="search")
        with Horizontal(id="panes"):
            yield NoteList(id="note-list")
            yield NoteView(id="note-view")
            yield Sidebar(id="sidebar")
        yield KeyFooter()

    def on_mount(self) -> None:
        """Show the window at once; load the vault in a worker; poll for changes."""
        self.query_one(NoteList).bookmarks = self.reading.bookmarks
        self.query_one(NoteList).show([], "Indexing…")
        self.query_one(Sidebar).show_empty("No note open.")
        self._updating = True
        self.update_vault(first=True)
        self.set_interval(self.POLL_SECONDS, self._poll, name="live-reload")
        self.start_reading()
        self.query_one(NoteList).options.focus()

    def _poll(self) -> None:
        """Start a disk check unless an update is already running."""
        if self._check_pending:
            self._start_pending_check()  # the first note never finished rendering
        elif self.disk_checked and not self._updating:
            self.check_disk()

    def _start_pending_check(self) -> None:
        """Bring the catalog shown at start-up up to date with the disk (once)."""
        if self._check_pending:
            self._check_pending = False
            self._updating = True
            self.update_vault()

    # -- key bindings -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Keys that need a note, matches, a filter or history are shown only when they work."""
        if action in ("outline", "find", "edit", "copy_path", "bookmark"):
            return self.note_open
        if action == "match":
            return self.match_count > 0
        if action == "leave":
            return self.filtered
        if action == "back":
            return self.history.can_back or None
        if action == "forward":
            return self.history.can_forward or None
        return True

    def action_focus_search(self) -> None:
        """Focus the search box."""
        self.query_one(SearchBar).focus()

    def action_leave(self) -> None:
        """Clear the search or entity filter (back to every note), as a new step."""
        self.query_one(SearchBar).set_quietly("")
        self.go(self.snapshot().with_(listing=Listing(), side="note"))

    def action_toggle_sidebar(self) -> None:
        """Show or hide the sidebar (remembered until the width class changes).

        On a narrow terminal the sidebar takes the list's place, so the note stays readable;
        focus follows, so the keys go where the eyes are.
        """
        self._sidebar_choice = self.has_class("-no-sidebar")
        self._apply_sidebar()
        if self._narrow:
            target = self.query_one(Sidebar if self._sidebar_choice else NoteList)
            target.query_one(OptionList).focus()

    def action_back(self) -> None:
        """Go back one step, restoring list, selection and scroll."""
        self.history.record(self.snapshot())
        state = self.history.back()
        if state is not None:
            self.restore(state)

    def action_forward(self) -> None:
        """Go forward one step."""
        self.history.record(self.snapshot())
        state = self.history.forward()
        if state is not None:
            self.restore(state)

    # -- layout -----------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        """Fold the sidebar away on narrow terminals."""
        narrow = event.size.width < NARROW
        if narrow != self._narrow:
            self._narrow = narrow
            self._sidebar_choice = None
        self.set_class(narrow, "-narrow")
        self._apply_sidebar()

    def _apply_sidebar(self) -> None:
        visible = self._sidebar_choice if self._sidebar_choice is not None else not self._narrow
        self.set_class(not visible, "-no-sidebar")
        self.set_class(bool(visible), "-sidebar-open")

    # -- messages from workers ------------------------------------------------------------

    def on_index_progress(self, message: IndexProgress) -> None:
        """Show indexing progress in the header."""
        percent = 100 * message.done // max(message.total, 1)
        self.app.sub_title = f"indexing {message.done}/{message.total} ({percent}%)"

    def on_notes_read_so_far(self, message: NotesReadSoFar) -> None:
        """A first build read more notes: list them while the index is being made."""
        if self.indexing:
            self.show_read_so_far(message)

    def on_vault_updated(self, message: VaultUpdated) -> None:
        """The vault changed (start-up or live reload): refresh what is shown."""
        summary = message.summary
        self.indexing = False
        self.finder = message.finder
        self.query_one(NoteView).set_finder(message.finder)
        problems = f" · {summary.problems} with problems" if summary.problems else ""
        self.app.sub_title = f"{summary.notes} notes{problems}"
        self._hits.clear()
        self._entity_notes.clear()
        self._sorted_rows.clear()
        if message.newest is not None:
            self._sorted_rows["date"] = message.newest
        for line in summary.messages:
            self.notify(line, timeout=4)
        if not message.first and (summary.added or summary.changed or summary.removed):
            self.notify(
                f"Reloaded: {summary.added} added, {summary.changed} changed, "
                f"{summary.removed} removed",
                timeout=3,
            )
        self._check_pending = self._check_pending or message.unchecked
        reads = self._read_token
        self.refresh_after_update(first=message.first)
        if reads == self._read_token:
            self._start_pending_check()  # no note to show first

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Any failed worker shows up as an error; the app keeps going."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            what = event.worker.name or "background work"
            self.notify(f"{what} failed: {error}", title="Error", severity="error", timeout=8)
            if event.worker.group == "vault":
                self._updating = False
                self.app.sub_title = f"{what} failed — see the message"

    def on_note_read(self, message: NoteRead) -> None:
        """A note was read: show it (unless a newer request superseded it)."""
        if message.token == self._read_token:
            self.show_note(message.note)
            if not isinstance(message.note, Note):
                self._start_pending_check()  # nothing will be rendered

    def on_note_facts_ready(self, message: NoteFactsReady) -> None:
        """The open note's entities and related notes arrived: show them in the sidebar."""
        listing = self.history.current.listing
        if self.side == "entity" and listing.entity is not None:
            return
        if self.note is not None and self.note.path == message.path:
            self.query_one(Sidebar).show_note(message.facts)

    def on_entity_notes_ready(self, message: EntityNotesReady) -> None:
        """An entity's notes arrived: list them and show the entity in the sidebar."""
        self._entity_notes[message.ref] = message
        listing = self.history.current.listing
        if listing.mode == "entity" and listing.entity == message.ref:
            self.show_listing(self.history.current)
            if self.side == "entity":
                self.show_entity_side(message.ref)

    def on_matches_changed(self, message: MatchesChanged) -> None:
        """Remember how many matches the note has (for the n/N keys)."""
        self.match_count = message.count

    # -- messages from panes ----------------------------------------------------------------

    def on_open_note(self, message: OpenNote) -> None:
        """Open a note as a new step; focus its body when asked."""
        self.go(
            self.snapshot().with_(
                note=message.path,
                needles=message.needles,
                selected=message.path
                if self._listed(message.path)
                else self.history.current.selected,
                note_scroll=0.0,
                side="note",
            ),
            push=True,
            place=None if message.anchor or message.needles else self.reading.place(message.path),
        )
        self.explicit_open(message.path)
        self.expect_anchor(message.path, message.anchor)
        if message.focus_body:
            self.query_one(NoteView).body.focus()

    def on_preview_note(self, message: PreviewNote) -> None:
        """The list cursor rests on a note: show it, in the current step."""
        if self.note is None or self.note.path != message.path:
            note_list = self.query_one(NoteList)
            at = note_list.position(message.path)
            needles = note_list.rows[at].needles if at is not None else ()
            self.history.record(
                self.snapshot().with_(
                    note=message.path, selected=message.path, needles=needles, note_scroll=0.0
                )
            )
            place = None if needles else self.reading.place(message.path)
            self._open(message.path, needles, scroll=None, place=place)

    def on_choose_entity(self, message: ChooseEntity) -> None:
        """Make an entity the filter (a step); the sidebar shows the entity."""
        self.query_one(SearchBar).set_quietly("")
        listing = Listing("entity", entity=message.ref, sort="date")
        self.go(
            self.snapshot().with_(listing=listing, selected=None, list_scroll=0.0, side="entity"),
            push=True,
            load=False,
        )
        self.query_one(NoteList).options.focus()

    @on(NoteList.SortRequested)
    def _cycle_sort(self) -> None:
        """Sort the list the next way (kept in the current step)."""
        self.cycle_sort()

    @on(NoteView.Rendered)
    def _rendered(self, message: NoteView.Rendered) -> None:
        self.refresh_bindings()
        self._start_pending_check()
        self.anchor_rendered(message.path)

    def restore(self, state: ViewState) -> None:
        """Put a history step back on screen."""
        self.query_one(SearchBar).set_quietly(
            state.listing.query if state.listing.mode == "search" else ""
        )
        self.go(state, push=False)


__all__ = ["MainScreen", "ViewState"]
