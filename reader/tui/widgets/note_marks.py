"""Moving between the marks painted over the open note: find matches and entity mentions or
links made current in turn and scrolled into view, followed from the keyboard or a click,
and the mark last scrolled to kept in place while the text re-wraps.

A base class of `NoteView`, kept apart so that the view module is about rendering a note in
parts and finding its marks; this one is about what the reader does with them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.events import Click

from reader.tui.messages import ChooseEntity, FollowLink, MatchesChanged
from reader.tui.widgets.marks import LINK_META, MENTION_META, Mark, Painter
from reader.tui.widgets.note_card import describe_href
from reader.tui.widgets.note_place import PlaceKeeping

if TYPE_CHECKING:
    from textual.widget import Widget


class MarkMoving(PlaceKeeping):
    """The current match and mention of the note shown (see the module docstring)."""

    painter: Painter
    needles: tuple[str, ...]
    #: The mark last scrolled to and the scroll it got: kept there while the text
    #: re-wraps, until the reader scrolls away.
    _anchor: tuple[Mark, float] | None

    def move_match(self, step: int) -> None:
        """Make the next or previous match current and scroll it into view."""
        mark = self.painter.move("match", step)
        if mark is not None:
            self._scroll_to_mark(mark)
        self.post_message(
            MatchesChanged(
                len(self.painter.found.matches), self.painter.current_match, self.needles
            )
        )

    def move_mention(self, step: int) -> None:
        """Make the next or previous mention current and scroll it into view."""
        mark = self.painter.move("mention", step)
        if mark is not None:
            self._scroll_to_mark(mark)
            self.notify_mention(mark)

    def notify_mention(self, mark: Mark) -> None:
        """Say which entity or link the current mark is (the footer shows how to follow it)."""
        if mark.ref is not None:
            self.app.notify(f"{mark.ref.name} — enter to follow", timeout=2)
        elif mark.href is not None:
            self.app.notify(f"link: {describe_href(mark.href)} — enter to follow", timeout=2)

    def follow_mention(self) -> None:
        """Follow the current mark: an entity becomes the filter, a link is followed."""
        mark = self.painter.current("mention")
        if mark is not None and mark.ref is not None:
            self.post_message(ChooseEntity(mark.ref))
        elif mark is not None and mark.href is not None:
            self.post_message(FollowLink(mark.href))

    def on_click(self, event: Click) -> None:
        """A click on a highlighted mention or link follows it, like enter on the current one."""
        href = event.style.meta.get(LINK_META)
        if href:
            event.stop()
            self.post_message(FollowLink(str(href)))
            return
        tagged = event.style.meta.get(MENTION_META)
        if not tagged:
            return
        for mark in self.painter.found.mentions:
            if mark.ref is not None and (mark.ref.type, mark.ref.key) == tuple(tagged):
                event.stop()
                self.post_message(ChooseEntity(mark.ref))
                return

    def _scroll_to_mark(self, mark: Mark) -> None:
        """Scroll so the line holding the mark sits a third of the way down (found in the
        body's virtual space: screen regions lag a scroll until the next refresh)."""
        if mark.leaf >= len(self.painter.leaves):
            return
        leaf = self.painter.leaves[mark.leaf]
        if not leaf.is_attached:
            return
        body = self.body
        before = self.painter.originals[mark.leaf][: mark.start].cell_length
        top, node = before // max(leaf.content_region.width, 1), cast("Widget", leaf)
        while node is not body:
            top, node = top + node.virtual_region.y, cast("Widget", node.parent)
        body.scroll_to(y=max(0, top - body.size.height // 3), animate=False, immediate=True)
        self._anchor = (mark, body.scroll_y)

    def _keep_anchor(self) -> None:
        """The text re-wrapped (a scrollbar came, the pane was resized): put the mark last
        scrolled to back where it was unless the reader scrolled since. The mark itself is
        kept: while marks are found again the painter has none current."""
        if self._anchor is not None and abs(self.body.scroll_y - self._anchor[1]) < 1:
            self.call_after_refresh(self._scroll_to_anchor)

    def _scroll_to_anchor(self) -> None:
        if self._anchor is not None:
            self._scroll_to_mark(self._anchor[0])
