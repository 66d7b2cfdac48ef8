"""The centre pane: a header card from the frontmatter, then the body rendered from Markdown.

The screen hands a note down with `show()`; rendering is an exclusive async worker, so a
newer note cancels an older render, and Textual parses the Markdown off the UI thread.
Long notes are cut into parts at blank lines and only the first part is rendered at once;
the next part is mounted when the reader scrolls near the end (or a search needs it), so a
1 MB note opens at once instead of freezing the UI while thousands of blocks are laid out.
Find matches and entity mentions are painted over the rendered blocks (see `marks`); moving
between them is the base class's (`note_marks`), keeping the reader's place its base's
(`note_place`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from reader.markdown.footnotes import Footnotes, part_footnotes
from reader.notes.note import Note
from reader.tui.mentions import MentionFinder
from reader.tui.messages import FindChanged, MatchesChanged
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.keys import SCROLL_KEYS
from reader.tui.widgets.marks import (
    Mark,
    Painter,
    find_marks,
    leaf_links,
    leaves,
)
from reader.tui.widgets.note_card import card_content
from reader.tui.widgets.note_marks import MarkMoving
from reader.tui.widgets.note_parts import anchor_block, new_part, split_parts

if TYPE_CHECKING:
    from reader.markdown.normalise import Resolve
    from reader.vault.reading import Place

    #: What rendering needs from the vault: the embed resolver, the label order of wiki
    #: links, and the note's own link name (a note never embeds itself).
    NoteLinks = tuple[Resolve | None, bool, str]

    from reader.tui.widgets.image_block import FindImage
    from reader.tui.widgets.note_markdown import NoteMarkdown


class NoteBody(VerticalScroll):
    """The scrolling part of the centre pane (focusable: scroll keys, n/N, mentions)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *SCROLL_KEYS,
        Binding("right_square_bracket", "mention(1)", "Next link/mention", id="note.next_mention"),
        Binding(
            "left_square_bracket",
            "mention(-1)",
            "Prev link/mention",
            show=False,
            id="note.prev_mention",
        ),
        Binding("enter,f", "follow", "Follow link/mention", id="note.follow"),
    ]

    def watch_has_focus(self, _has_focus: bool) -> None:
        """Restyle only the body itself when it gains or loses focus.

        Textual restyles the focused widget's whole subtree, every block of the rendered
        note (~1.6 ms a block: 70 ms for one part, far more for a note read far down),
        which stalled the screen each time the note was focused. Only the body's own rules
        depend on its focus (`#note-body:focus`); the blocks only drop the colours they
        cached from it (they blend its background) and are repainted by Textual when the
        background changes.
        """
        self.app.stylesheet.update_nodes([self], animate=True)
        for node in self.walk_children(with_self=False):
            node.notify_style_update()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Mention keys only when the note has mentions or links."""
        if action in ("mention", "follow"):
            view = self.parent
            return isinstance(view, NoteView) and bool(view.painter.found.mentions)
        return True

    def action_mention(self, step: int) -> None:
        """Move to the next or previous entity mention or link."""
        if isinstance(self.parent, NoteView):
            self.parent.move_mention(step)

    def action_follow(self) -> None:
        """Follow the current mention (its entity becomes the filter) or link."""
        if isinstance(self.parent, NoteView):
            self.parent.follow_mention()


class NoteView(MarkMoving):
    """The centre pane: header card and Markdown body with highlights."""

    class Rendered(Message):
        """A note finished rendering (its first part); the outline is now available."""

        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.note: Note | None = None
        self.needles: tuple[str, ...] = ()
        self.finder: MentionFinder | None = None
        self.painter = Painter()
        #: The parts not mounted yet, each with the note's footnotes it needs.
        self._pending: list[tuple[str, Footnotes | None]] = []
        #: One search for marks at a time: each resets the painter and then applies what
        #: it found, so two at once would apply marks of an older set of leaves.
        self._marking = asyncio.Lock()
        self._loading_more = False
        self._more_timer: Timer | None = None
        #: The mark last scrolled to and the scroll it got: kept there while the text
        #: re-wraps, until the reader scrolls away.
        self._anchor: tuple[Mark, float] | None = None
        #: How embeds find other notes, and whether wiki links put the label first.
        self.links: NoteLinks = (None, False, "")
        #: How the open note's images find their files (None: images stay text).
        self.images: FindImage | None = None

    def compose(self) -> ComposeResult:
        with NoteBody(id="note-body"):
            yield Static(
                Content.styled(
                    "Choose a note on the left (enter), or search with /.", "$text-muted"
                ),
                id="note-card",
            )
        yield FindBar(id="find-bar")

    def on_mount(self) -> None:
        self.watch(self.body, "virtual_size", self._keep_anchor, init=False)

    @property
    def body(self) -> NoteBody:
        """The scrolling body."""
        return self.query_one(NoteBody)

    @property
    def has_more(self) -> bool:
        """True while parts of a long note are not rendered yet."""
        return bool(self._pending)

    def markdowns(self) -> list[NoteMarkdown]:
        """The rendered parts, in order."""
        return cast("list[NoteMarkdown]", list(self.query("NoteMarkdown")))

    def show(
        self,
        note: Note,
        needles: Sequence[str] = (),
        finder: MentionFinder | None = None,
        scroll: float | None = None,
        place: Place | None = None,
        bookmarked: bool = False,
    ) -> None:
        """Render `note`, highlight `needles`, restore `scroll` or the `place` it was left
        at (else go to the first match)."""
        self.note, self.needles, self.finder = note, tuple(needles), finder
        self.show_card(bookmarked)
        self.placing = True
        self._render_note(note, scroll, place)

    def show_card(self, bookmarked: bool) -> None:
        """Draw the header card, with the bookmark mark when the note is bookmarked."""
        if self.note is not None:
            self.query_one("#note-card", Static).update(card_content(self.note, bookmarked))

    @work(exclusive=True, group="note-render", exit_on_error=False)
    async def _render_note(self, note: Note, scroll: float | None, place: Place | None) -> None:
        """Mount the first part, then paint the marks and put the scroll where it belongs."""
        parts = list(zip(*part_footnotes(split_parts(note.body)), strict=True))
        self._pending = parts[1:]
        if self._more_timer is not None:
            self._more_timer.stop()
        await self.query("NoteMarkdown").remove()
        self.painter.reset([])
        self._anchor = None
        markdown = new_part(0, self.links, parts[0][1], self.images)
        await self.body.mount(markdown)
        await markdown.update(parts[0][0])
        await self._remark()
        if place is not None:
            await self._go_to_place(note, place)
        elif scroll:
            await self._scroll_far(scroll)
        else:
            self.body.scroll_to(y=0, animate=False, immediate=True)
        if scroll is None and place is None and self.painter.found.matches:
            self.call_after_refresh(self.move_match, 1)
        self.placing = False
        self.post_message(self.Rendered(note.path))
        if self._pending:
            self._more_timer = self.set_interval(0.3, self._maybe_more, name="more-parts")

    async def _remark(self, keep_current: bool = False) -> None:
        """Collect the leaves, find marks in a thread, paint them, and report the count;
        with `keep_current` the current match and mention stay current."""
        async with self._marking:
            painter = self.painter
            painter.reset(leaves(self.markdowns()), keep_current)
            texts = painter.texts()
            links = [
                leaf_links(leaf, content, self.links[1])
                for leaf, content in zip(painter.leaves, painter.originals, strict=True)
            ]
            found = await asyncio.to_thread(find_marks, texts, self.needles, self.finder, links)
            self.painter.apply(found)
        current = self.painter.current_match
        self.post_message(MatchesChanged(len(found.matches), current, self.needles))

    async def _maybe_more(self) -> None:
        """Mount the next part when the reader is within two screens of the end."""
        body = self.body
        if (
            self._pending
            and not self._loading_more
            and (body.max_scroll_y - body.scroll_y < body.size.height * 2)
        ):
            await self._load_more()

    async def _load_more(self) -> bool:
        """Mount the next part of a long note; False when everything is shown."""
        if not self._pending:
            return False
        self._loading_more = True
        try:
            part, footnotes = self._pending.pop(0)
            markdown = new_part(len(self.markdowns()), self.links, footnotes, self.images)
            await self.body.mount(markdown)
            await markdown.update(part)
            await self._remark(keep_current=True)
        finally:
            self._loading_more = False
        return True

    def set_finder(self, finder: MentionFinder | None) -> None:
        """Find entity mentions with another finder (the vault's entities changed)."""
        if finder is not self.finder:
            self.finder = finder
            if self.note is not None:
                self._repaint()

    @work(exclusive=True, group="note-marks", exit_on_error=False)
    async def _repaint(self) -> None:
        """Paint the marks again where they are, without moving to a match."""
        await self._remark(keep_current=True)

    def set_needles(self, needles: Sequence[str]) -> None:
        """Highlight other text (find-in-note) without rendering again."""
        self.needles = tuple(needles)
        self._refind()

    @work(exclusive=True, group="note-marks", exit_on_error=False)
    async def _refind(self) -> None:
        """Repaint the marks for the current needles."""
        await self._remark()
        if self.painter.found.matches:
            self.move_match(1)

    async def next_match(self, step: int) -> None:
        """Go to the next (1) or previous (-1) match; at the end of a long note load more."""
        painter = self.painter
        at_end = painter.current_match == len(painter.found.matches) - 1
        if step > 0 and at_end and self._pending:
            await self._load_more()  # the last match stays current: the next is the part's first
        self.move_match(step)

    def goto_block(self, block_id: str) -> None:
        """Scroll a heading (from the outline) to the top."""
        for markdown in self.markdowns():
            for block in markdown.query(f"#{block_id}"):
                self.body.scroll_to_widget(block, top=True, animate=False)
                return

    async def goto_anchor(self, anchor: str, line_text: str = "") -> bool:
        """Scroll a heading (`Heading`, a slug, or `H1#H2`) or a block (`^id`; its id is
        hidden once rendered, so `line_text`, the text of its line, finds it) to the top,
        mounting more parts of a long note until it is found; False if it is nowhere."""
        while True:
            block = anchor_block(self.markdowns(), anchor, line_text)
            if block is not None:
                await self._laid_out()  # a part just mounted has no place yet
                self.body.scroll_to_widget(block, top=True, animate=False)
                return True
            if not await self._load_more():
                return False

    def table_of_contents(self) -> list[tuple[int, str, str | None]]:
        """The headings rendered so far: (level, text, block id)."""
        return [entry for md in self.markdowns() for entry in md.table_of_contents]

    # -- find in note ----------------------------------------------------------------------

    def open_find(self) -> None:
        """Show the find bar and focus it."""
        bar = self.query_one(FindBar)
        bar.display = True
        bar.focus()

    def on_find_changed(self, message: FindChanged) -> None:
        """The find text changed: highlight it (empty clears)."""
        message.stop()
        self.set_needles((message.text,) if message.text.strip() else ())

    async def on_find_bar_step(self, message: FindBar.Step) -> None:
        """enter / shift+enter in the find bar: next or previous match."""
        message.stop()
        await self.next_match(message.step)

    def on_find_bar_closed(self, message: FindBar.Closed) -> None:
        """esc in the find bar: hide it, clear its highlights, go back to the body."""
        message.stop()
        bar = self.query_one(FindBar)
        bar.display = False
        bar.value = ""
        self.set_needles(())
        self.body.focus()

    def on_matches_changed(self, message: MatchesChanged) -> None:
        """Show the match count in the find bar (the message continues up to the screen)."""
        self.query_one(FindBar).show_count(message.count, message.current)
