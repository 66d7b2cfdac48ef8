"""Where the reader is in a note: taken as a `Place` (scroll, pane width, the heading above
the top line) and put back, mounting the parts of a long note until the place is there.

A base class of `NoteView`, kept apart so that the view module is about rendering and marks.
Heights are known only once what was mounted is laid out (`_laid_out`), so every scroll
here waits for a refresh first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from textual.containers import Vertical

from reader.vault.reading import Place

if TYPE_CHECKING:
    from textual.containers import VerticalScroll
    from textual.widget import Widget

    from reader.notes.note import Note
    from reader.tui.widgets.note_markdown import NoteMarkdown


class PlaceKeeping(Vertical):
    """Taking and restoring the place in the note shown (see the module docstring)."""

    note: Note | None
    #: True from `show()` until the note is rendered and at its place: the body shows the
    #: note before it, or this one on its way to the place, so there is no place to take.
    placing: bool = False

    @property
    def body(self) -> VerticalScroll:
        """The scrolling body (the view's)."""
        raise NotImplementedError

    def markdowns(self) -> list[NoteMarkdown]:
        """The rendered parts, in order (the view's)."""
        raise NotImplementedError

    async def _load_more(self) -> bool:
        """Mount the next part; False when every part is shown (the view's)."""
        raise NotImplementedError

    def place(self) -> Place | None:
        """Where the open note is read: its scroll, the pane's width, and the heading
        above the top line (for `Place`; None before a note is shown and while it is being
        shown)."""
        if self.note is None or self.placing:
            return None
        body = self.body
        heading, nth = "", 0
        for text, seen, top in self._headings():
            if top > body.scroll_y + 0.5:
                break
            heading, nth = text, seen
        # The pane's width, not the text's: a scrollbar comes and goes while parts mount.
        return Place(round(body.scroll_y, 1), body.size.width, heading, nth, self.note.digest)

    def _headings(self) -> Iterator[tuple[str, int, int]]:
        """The rendered headings in order: text, how many before it have that text, and
        its top line in the body's scrolled space."""
        counts: dict[str, int] = {}
        for markdown in self.markdowns():
            # One query a part: a query by id per heading is quadratic in a long note.
            blocks = {block.id: block for block in markdown.query("MarkdownHeader")}
            for _level, text, block_id in markdown.table_of_contents:
                block = blocks.get(block_id)
                if block is not None:  # else not mounted yet (a part being laid out)
                    seen = counts[text] = counts.get(text, -1) + 1
                    yield text, seen, self._top_of(block)

    def _top_of(self, widget: Widget) -> int:
        """A widget's top line in the body's scrolled space (screen regions lag a scroll)."""
        top, node = 0, widget
        while node is not self.body and node.parent is not None:
            top, node = top + node.virtual_region.y, cast("Widget", node.parent)
        return top

    async def _go_to_place(self, note: Note, place: Place) -> None:
        """Put the note back where it was left: at the same scroll when neither the note
        nor the pane's width changed, else with the same heading at the top (else the top)."""
        if place.scroll <= 0:
            self.body.scroll_to(y=0, animate=False, immediate=True)
            return  # left at the top: nothing to wait for
        await self._laid_out()
        if place.digest == note.digest and place.width == self.body.size.width:
            await self._scroll_far(place.scroll)
        elif place.heading:
            await self._go_to_heading(place.heading, place.nth)

    async def _scroll_far(self, y: float) -> None:
        """Scroll to `y`, mounting the parts of a long note until it reaches that far."""
        while True:
            await self._laid_out()
            if self.body.max_scroll_y >= y or not await self._load_more():
                break
        self.body.scroll_to(y=y, animate=False, immediate=True)

    async def _go_to_heading(self, text: str, nth: int) -> bool:
        """Scroll the `nth` heading reading `text` to the top, mounting parts until it is
        there; False (left at the top) when the note no longer has it."""
        while True:
            await self._laid_out()
            found = [top for seen_text, seen, top in self._headings() if seen_text == text]
            if len(found) > nth or not await self._load_more():
                break
        if not found:
            return False
        await self._scroll_far(found[min(nth, len(found) - 1)])
        return True

    async def _laid_out(self) -> None:
        """Wait until what was mounted is laid out (heights are known after a refresh)."""
        done = asyncio.Event()
        self.call_after_refresh(done.set)
        await done.wait()
