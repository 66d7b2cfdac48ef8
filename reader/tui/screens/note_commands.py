"""The main screen's commands on the open note: find, matches, outline, editor, copy path,
bookmark; and the palettes of recent and bookmarked notes.

A base class of `MainScreen` (which holds their key bindings), kept apart so that the screen
module is about layout and messages.
"""

from __future__ import annotations

from reader.tui.screens.main_state import MainState
from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.note_view import NoteView


class NoteCommands(MainState):
    """Actions on the open note."""

    def action_find(self) -> None:
        """Open the find-in-note bar."""
        self.query_one(NoteView).open_find()

    async def action_match(self, step: int) -> None:
        """Next or previous match in the note."""
        await self.query_one(NoteView).next_match(step)

    def action_outline(self) -> None:
        """Show the note's headings; jump to the chosen one."""
        from reader.tui.screens.outline import OutlineScreen

        view = self.query_one(NoteView)
        toc = view.table_of_contents()
        if not toc:
            self.notify("This note has no headings.", timeout=2)
            return

        def jump(block_id: str | None) -> None:
            if block_id:
                view.goto_block(block_id)
                view.body.focus()

        self.app.push_screen(OutlineScreen(toc, more=view.has_more), jump)

    def action_edit(self) -> None:
        """Open the note in $EDITOR (the app suspends), then read it again."""
        from reader.tui.screens.editor import run_editor

        if self.note is not None and run_editor(self.app, self.vault.file_path(self.note.path)):
            self._open(self.note.path, self.note_needles(), scroll=self.note_scroll())
            self.check_disk()

    def action_copy_path(self) -> None:
        """Copy the open note's full path to the clipboard."""
        if self.note is not None:
            path = str(self.vault.file_path(self.note.path))
            self.app.copy_to_clipboard(path)
            self.notify(f"Copied {path}", timeout=2)

    def action_bookmark(self) -> None:
        """Bookmark the open note, or take its bookmark away (marked in the card and list)."""
        if self.note is None:
            return
        path = self.note.path
        on = self.reading.toggle_bookmark(path)
        self.query_one(NoteView).show_card(on)
        self.query_one(NoteList).redraw(path)
        self.notify(f"Bookmarked {self.note.title}" if on else "Bookmark removed", timeout=2)

    def action_recent(self, bookmarks: bool = False) -> None:
        """A palette of the recent notes (bookmarked ones marked), or of the bookmarks."""
        from textual.command import CommandPalette

        from reader.tui.palette import (
            BOOKMARK_COMMAND,
            RECENT_COMMAND,
            BookmarkedNotes,
            RecentNotes,
        )

        if not (self.reading.bookmarks if bookmarks else self.reading.recent(limit=1)):
            empty = "No bookmarks yet: m bookmarks the open note." if bookmarks else None
            self.notify(empty or "No notes opened yet.", timeout=3)
            return
        kind, name = (
            (BookmarkedNotes, BOOKMARK_COMMAND) if bookmarks else (RecentNotes, RECENT_COMMAND)
        )
        self.app.push_screen(CommandPalette(providers=[kind], placeholder=name))
