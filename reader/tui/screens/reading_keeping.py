"""Keeping the reading between runs: which notes were opened, where each was left, the jump
history and the open note, saved in the vault's state (`reader.vault.reading`).

Nothing is written per scroll tick: the place of the open note is taken when the reader
leaves it (another note opens) and every few seconds, and the state is written only when it
changed, at most every `SAVE_SECONDS` and when the app quits; a crash loses seconds. A note
counts as opened when it was opened on purpose (enter, a link, the palette, the start-up),
was read for `OPENED_AFTER` seconds, or was scrolled: moving down the list with `j` does
not fill the recent list. A base class of the main screen.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from reader.tui.history import History, Listing, ViewState
from reader.tui.screens.vault_work import VaultWork
from reader.tui.widgets.note_view import NoteView
from reader.vault.reading import ReadingState, now_iso

if TYPE_CHECKING:
    from reader.notes.note import Note

#: How often the open note's place is taken and a changed state is written, in seconds.
SAVE_SECONDS = 3.0
#: How long a note shown by the list's resting cursor must stay to count as opened.
OPENED_AFTER = 1.5


def restored_history(reading: ReadingState) -> History:
    """The jump history of the last run, ending on the note that was open in the list of
    every note (the list a start paints first); back goes to where the user was before."""
    history = History.restored(reading.history)
    note, current = reading.open_note, history.current
    if note is not None and (current.listing.mode != "all" or current.note != note):
        history.push(ViewState(listing=Listing(), selected=note, note=note), merge_search=False)
    return history


class ReadingKeeping(VaultWork):
    """Records what is read into `reading` and saves it (see the module docstring)."""

    reading: ReadingState
    history: History
    note: Note | None
    #: The note on screen: its path, when it was shown (ISO and monotonic), and whether
    #: it counts as opened yet.
    _shown: tuple[str, str, float] | None = None
    _counted: bool = False
    #: A note opened on purpose that is not on screen yet.
    _explicit: str | None = None
    _save_failed: bool = False
    #: (path, digest, scroll, width) when the place was last taken.
    _placed: tuple[str, str, float, int] | None = None

    def start_reading(self) -> None:
        """Report a state file that could not be read; save the reading from now on."""
        if self.reading.problem is not None:
            self.notify(self.reading.problem, severity="warning", timeout=8)
        self.set_interval(SAVE_SECONDS, self.save_reading, name="reading-state")

    def explicit_open(self, path: str) -> None:
        """`path` was opened on purpose: it counts as opened at once (when it is shown)."""
        if self._shown is not None and self._shown[0] == path:
            self._count_opened(force=True)
        else:
            self._explicit = path

    def shown_now(self, path: str) -> None:
        """A note is on screen now (the same note read again after a change goes on)."""
        if self._shown is None or self._shown[0] != path:
            self._shown, self._counted = (path, now_iso(), time.monotonic()), False
        if self._explicit == path:
            self._explicit = None
            self._count_opened(force=True)

    def _count_opened(self, force: bool = False) -> None:
        """Record the note on screen as opened (when it was shown) once it counts."""
        shown = self._shown
        if shown is None or self._counted:
            return
        if force or time.monotonic() - shown[2] >= OPENED_AFTER:
            self.reading.opened(shown[0], when=shown[1])
            self._counted = True

    def keep_place(self) -> None:
        """Take where the open note is read (a note scrolled counts as opened)."""
        if self.note is None or self._shown is None or self._shown[0] != self.note.path:
            return
        view = self.query_one(NoteView)
        seen = (self.note.path, self.note.digest, view.body.scroll_y, view.body.size.width)
        if seen == self._placed and self._counted:
            return  # nothing moved since the place was last taken
        place = view.place()
        if place is None:
            return
        self._placed = seen
        self._count_opened(force=place.scroll > 0)
        if self._counted:
            self.reading.leave(self.note.path, place)

    def save_reading(self, capture: bool = True) -> None:
        """Take the open note's place (with `capture`: the panes are there) and the
        history; write the state if it changed. A failure is reported once; reading goes on."""
        if capture:
            self.keep_place()
        open_note = self.note.path if self.note is not None else self.history.current.note
        self.reading.set_history(self.history.saved(), open_note)
        try:
            self.reading.save()
        except OSError as exc:
            if not self._save_failed:
                self._save_failed = True
                where = exc.filename or self.reading.file
                self.notify(
                    f"Cannot save the reading state to {where}: {exc.strerror}",
                    severity="warning",
                    timeout=6,
                )
