"""The note list (left pane): a caption saying what is listed, then one row per note.

It only draws what the main screen hands down (`show(rows, caption)`) and posts messages up:
`PreviewNote` when the cursor rests on a row, `OpenNote` when a row is chosen. It never
looks at the vault or at its sibling panes.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.labels import BOOKMARK, clip
from reader.tui.messages import OpenNote, PreviewNote
from reader.tui.rows import Row, position
from reader.tui.widgets.keys import LIST_KEYS

#: How long the cursor must rest on a row before the note is previewed: moving quickly
#: with `j` should not render every note on the way.
PREVIEW_DELAY = 0.12


#: How many characters of a snippet a row shows (about two lines of Chinese in the pane).
SNIPPET_CHARS = 44

#: How long the date-and-tags line may grow before tags are left out (one line at 36%).
META_CHARS = 44


def row_prompt(row: Row, width: int = META_CHARS, bookmarked: bool = False) -> Content:
    """The two or three lines of one row: title (marked when bookmarked); date, mark and
    tags; the hit snippet.

    `width` is the pane's text width: tags are added only while the line still fits.
    """
    title = Content.styled(row.title, "bold")
    if bookmarked:
        title = Content.assemble((f"{BOOKMARK} ", "$text-warning"), title)
    if row.problem:
        title = Content.assemble(("⚠ ", "$text-warning"), title)
    meta: list[str] = [f"modified {row.date}" if row.modified else row.date] if row.date else []
    if row.listed or row.mentioned:
        meta.append(
            " · ".join(m for m, on in (("listed", row.listed), ("mentioned", row.mentioned)) if on)
        )
    for tag in row.tags:  # as many tags as fit on one line of a narrow pane
        shown = "#" + tag.lstrip("#")  # `tags: ["#x"]` is the tag x
        if len("  ".join([*meta, shown])) > width:
            break
        meta.append(shown)
    lines = [title, Content.styled("  ".join(meta), "$text-muted")]
    if row.snippet:
        lines.append(_snippet(row))
    return Content("\n").join(lines)


def _snippet(row: Row) -> Content:
    """A window of the hit snippet around its first match, with the matches highlighted."""
    text = row.snippet.replace("\n", " ")
    first = row.spans[0][0] if row.spans else 0
    start = max(0, min(first - 12, len(text) - SNIPPET_CHARS))
    end = min(len(text), start + SNIPPET_CHARS)
    snippet = Content(("…" if start else "") + text[start:end] + ("…" if end < len(text) else ""))
    shift = 1 if start else 0
    for s, e in row.spans:
        s, e = max(s, start), min(e, end)
        if s < e:
            snippet = snippet.stylize(
                "bold $text-warning on $warning 25%", s - start + shift, e - start + shift
            )
    return snippet


#: Rows are added to the option list in chunks: Textual lays out every option it holds,
#: ~2 ms a row, so listing 10,000 notes at once would freeze the screen for 20 s.
CHUNK = 200
#: When the cursor or the scroll gets this close to the last loaded row, load the next chunk.
NEAR_END = 20


class NoteOptions(OptionList):
    """The option list inside the note list, with the shared cursor keys.

    It holds only the rows loaded so far; `more` (set by the note list) loads the next
    chunk, `everything` all of them (for `G`). The cursor put by `place()` moves without
    announcing itself: only the user's moves (keys, mouse) post `OptionHighlighted`, which
    previews a note, and set `moved`.
    """

    BINDINGS: ClassVar[list[BindingType]] = [*LIST_KEYS]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.more: Callable[[], None] | None = None
        self.everything: Callable[[], None] | None = None
        #: Whether the user has ever moved the cursor (set at once, before any message).
        self.moved = False
        self._placing = False
        self._scroll_when_placed = True

    def place(self, index: int, scroll: bool = True) -> None:
        """Put the cursor on `index` for the program, not the user (no preview follows);
        with `scroll`, scroll it into view as a move would."""
        self._placing, self._scroll_when_placed = True, scroll
        try:
            self.highlighted = index
        finally:
            self._placing, self._scroll_when_placed = False, True

    def watch_highlighted(self, highlighted: int | None) -> None:
        """A move by the user is announced (and remembered); a placement is not.

        The watcher runs while `highlighted` is being set, so the two are told apart by
        who sets it, not by when the message arrives.
        """
        if not self._placing:
            if highlighted is not None:
                self.moved = True
            super().watch_highlighted(highlighted)
        elif highlighted is not None and self._scroll_when_placed:
            self.scroll_to_highlight()

    def line_of(self, index: int) -> int | None:
        """The first line of the option at `index` in the list's content, if it is loaded."""
        return self._index_to_line.get(index)  # OptionList's own line table, only read

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Scrolling (wheel, page keys) near the end loads more rows."""
        super().watch_scroll_y(old_value, new_value)
        scrolling_down = new_value > old_value and self.max_scroll_y > 0
        if self.more is not None and scrolling_down and self.max_scroll_y - new_value < NEAR_END:
            self.more()

    def action_last(self) -> None:
        """`G`: the last row of the whole list, not of the rows loaded so far."""
        if self.everything is not None:
            self.everything()
        super().action_last()


class NoteList(Vertical):
    """The left pane: what is listed (caption) and the notes (rows)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s", "cycle_sort", "Sort", id="list.sort", tooltip="Sort by date, title or relevance"
        ),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[Row] = []
        self._loaded = 0
        self._timer: Timer | None = None
        self._width = 0
        self._caption: str | Content = ""
        #: The bookmarked notes (the screen hands down the live collection).
        self.bookmarks: Container[str] = ()

    def compose(self) -> ComposeResult:
        yield Static("", id="list-caption", markup=False)
        options = NoteOptions(id="list-options")
        options.more = self._load_more
        options.everything = lambda: self._load_until(len(self._rows))
        yield options

    @property
    def options(self) -> NoteOptions:
        """The option list (the focusable part)."""
        return self.query_one(NoteOptions)

    @property
    def selected(self) -> str | None:
        """The path of the row under the cursor, if any."""
        index = self.options.highlighted
        return self._rows[index].path if index is not None and index < len(self._rows) else None

    @property
    def rows(self) -> Sequence[Row]:
        """The rows shown, in order."""
        return self._rows

    def position(self, path: str) -> int | None:
        """Where the note at `path` is listed, if it is (rows not loaded yet count too)."""
        return position(self._rows, path)

    def show(
        self,
        rows: Sequence[Row],
        caption: str | Content,
        selected: str | None = None,
        scroll: float | None = None,
        *,
        load: int = CHUNK,
    ) -> None:
        """Replace the rows and the caption; keep the cursor on `selected` when it is listed.

        `rows` may be a lazy sequence (`NoteRows`): only the rows loaded into the option
        list (`load` past the cursor, more as the user goes down) are made. Showing the rows
        already shown (opening a note from the list, say) only moves the cursor: laying the
        options out again costs ~1 ms a row.
        """
        options = self.options
        width = max(self.options.scrollable_content_region.width - 2, 20)
        if caption != self._caption:
            self._caption = caption
            self.query_one("#list-caption", Static).update(caption)
        if width == self._width and self._extends(rows):
            self._rows = rows  # more of the same list (a search's next rows): keep the loaded
        elif rows != self._rows or width != self._width:
            self._rows, self._width = rows, width
            options.clear_options()
            self._loaded = 0
        at = position(self._rows, selected) if selected is not None else None
        self._load_until((at or 0) + load)
        if at is not None:
            options.place(at)
        elif self._rows:
            options.place(0)
        if scroll is not None:
            options.scroll_to(y=scroll, animate=False, immediate=True)

    def refill(self, rows: Sequence[Row], caption: str | Content, selected: str | None) -> None:
        """Replace the rows of a list that grows while the user looks at it (a first build
        lists the notes read so far): the cursor goes on `selected` (else the first row),
        and the note at the cursor, or the top one when the cursor is out of view, stays at
        its height in the pane however many rows arrive above it. Focus is left alone.

        Only a screenful of rows past the cursor is loaded (more follow as the user goes
        down, as in `show`): the list may be refilled every half second, and a chunk of
        rows takes ~0.15 s of the UI thread to lay out.
        """
        options = self.options
        anchor = self._anchor(follow_cursor=selected is not None)
        screenful = options.scrollable_content_region.height + NEAR_END
        self.show(rows, caption, load=screenful)
        at = position(self._rows, selected) if selected is not None else None
        if at is not None:
            self._load_until(at + screenful)
            options.place(at, scroll=False)
        where = position(self._rows, anchor[0]) if anchor is not None else None
        if anchor is None or where is None:
            return
        self._load_until(where + screenful)
        line = options.line_of(where)
        if line is not None:
            options.scroll_to(y=line - anchor[1], animate=False, immediate=True)

    def _anchor(self, follow_cursor: bool) -> tuple[str, int] | None:
        """The note to keep in place and how far below the top of the pane it is: the
        cursor's when it is in view (none if the cursor goes back to the first row: the
        list then shows its top), else the top one (the user scrolled away from it)."""
        options = self.options
        top, height = round(options.scroll_y), options.scrollable_content_region.height
        cursor = options.highlighted
        line = options.line_of(cursor) if cursor is not None else None
        if cursor is not None and line is not None and top <= line < top + height:
            return (self._rows[cursor].path, line - top) if follow_cursor else None
        lines = options._lines  # OptionList's own line table, only read
        if top >= len(lines):
            return None
        first = lines[top][0]
        return self._rows[first].path, (options.line_of(first) or 0) - top

    def _extends(self, rows: Sequence[Row]) -> bool:
        """Whether `rows` are the rows shown and more after them (compared row by row up
        to the first difference: a lazy `NoteRows` makes no more rows than that)."""
        shown = self._rows
        return 0 < len(shown) < len(rows) and all(
            new == old for new, old in zip(rows, shown, strict=False)
        )

    def _load_until(self, count: int) -> None:
        """Make sure the first `count` rows are in the option list."""
        count = min(count, len(self._rows))
        if count > self._loaded:
            rows = self._rows[self._loaded : count]
            self.options.add_options(
                Option(row_prompt(r, self._width, r.path in self.bookmarks), id=r.path)
                for r in rows
            )
            self._loaded = count

    def _load_more(self) -> None:
        """Load the next chunk of rows; at the end of the rows, ask for more (a search
        makes its rows a page at a time: the screen decides whether there are more)."""
        if self._rows and self._loaded >= len(self._rows):
            self.post_message(self.NeedMore())
        self._load_until(self._loaded + CHUNK)

    def redraw(self, path: str) -> None:
        """Draw the row of `path` again (it was bookmarked or its bookmark was taken)."""
        at = self.position(path)
        if at is not None and at < self._loaded:
            row = self._rows[at]
            prompt = row_prompt(row, self._width, row.path in self.bookmarks)
            self.options.replace_option_prompt_at_index(at, prompt)

    def on_resize(self) -> None:
        """Fit the date-and-tags lines to the new width."""
        if self._rows and max(self.options.scrollable_content_region.width - 2, 20) != self._width:
            self.show(self._rows, self._caption, self.selected, self.options.scroll_y)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """Preview the row the cursor rests on, after a short pause."""
        event.stop()
        if event.option_index >= self._loaded - NEAR_END:
            self._load_more()
        if event.option.id is None:
            return
        if self._timer is not None:
            self._timer.stop()
        path = event.option.id
        self._timer = self.set_timer(PREVIEW_DELAY, lambda: self.post_message(PreviewNote(path)))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen row (enter or click)."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        index = event.option_index
        if 0 <= index < len(self._rows):
            row = self._rows[index]
            self.post_message(OpenNote(row.path, row.needles))

    def action_cycle_sort(self) -> None:
        """Ask the screen to sort differently (it owns the listing state)."""
        self.post_message(self.SortRequested())

    class SortRequested(Message):
        """The user asked for the next sort order."""

    class NeedMore(Message):
        """The user scrolled to the end of the rows: more rows, if the listing has more."""


def caption_text(kind: str, detail: str, count: int | str, sort: str) -> Content:
    """The caption line: what is listed, how many (a number, or words such as
    `1,234 notes`), and the sort order."""
    return Content.assemble(
        (kind, "bold $text-accent"),
        (f" {clip(detail, 40)}" if detail else "", "bold"),
        (f"  {count} · by {sort}", "$text-muted"),
    )


def so_far_caption(done: int, total: int, sort: str) -> Content:
    """The caption while a first build fills the list: it lists only the notes read so far."""
    return Content.assemble(
        ("Indexing", "bold $text-accent"),
        (f" {done:,} of {total:,}", "bold"),
        (f" — notes read so far · by {sort}", "$text-muted"),
    )
