"""An image drawn in the note pane, below the block whose text names it.

The text keeps the image's placeholder (`[image: alt]`), which `reader show`, the find bar
and the marks read; `image_blocks` adds a block token after each block that holds a local
image, and `NoteMarkdown` makes this widget of it. The widget starts empty (no height), and
a thread worker finds the file, decodes and scales it (`reader.tui.pictures`, cached); the
picture is then drawn with textual-image (Kitty's protocol, Sixel or half-cell blocks, by
`image_protocol`). A web address, a missing or broken file leaves the placeholder alone.
textual-image is imported by the first worker that draws a picture, never at start-up.
"""

from __future__ import annotations

import io
import sys
import threading
from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path
from types import ModuleType
from typing import Any

from markdown_it.token import Token
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets.markdown import Markdown, MarkdownBlock

from reader.tui.pictures import (
    CACHE_SIZE,
    Picture,
    PictureError,
    cell_size,
    image_protocol,
    load_picture,
)
from reader.vault.images import is_remote

#: Finds an image's file from its source as written (None: not in the vault).
FindImage = Callable[[str], Path | None]
#: The token type of an image drawn below a block.
IMAGE_TOKEN = "reader_image"
#: The tallest an image is drawn, as a share of the screen's height.
MAX_HEIGHT_SHARE = 0.6
#: Seconds after the note is shown before its images are read: the text comes first.
LOAD_DELAY = 0.05
#: One image is read at a time: workers contending for the interpreter would slow the UI.
_one_at_a_time = threading.Lock()

#: The blocks an image's block token follows (a table's cells: after the whole table).
_ENDS = {"paragraph_close", "heading_close", "table_close"}


def image_blocks(tokens: list[Token]) -> list[Token]:
    """`tokens` with an `IMAGE_TOKEN` after each block holding local images (one per
    image, in order); web addresses get none."""
    out: list[Token] = []
    waiting: list[Token] = []
    in_table = 0
    for token in tokens:
        out.append(token)
        if token.type == "table_open":
            in_table += 1
        elif token.type == "table_close":
            in_table -= 1
        if token.type == "inline":
            waiting += _image_tokens(token)
        elif waiting and token.type in _ENDS and not (in_table and token.type != "table_close"):
            out += waiting
            waiting = []
    return out + waiting


def _image_tokens(inline: Token) -> list[Token]:
    found = []
    for child in inline.children or []:
        image = (child.meta or {}).get("image")
        if image and image["src"].strip() and not is_remote(image["src"]):
            block = Token(IMAGE_TOKEN, "", 0)
            block.meta = dict(image)
            block.map = inline.map
            found.append(block)
    return found


_import_lock = threading.Lock()
_widgets: ModuleType | None = None


def image_widgets() -> ModuleType:
    """textual-image's widgets, imported once. Its modules ask the terminal for its
    graphics and cell size when imported: Textual is already reading the keyboard then,
    so the cell size is given to it and the import sees no terminal (our choice of
    protocol is `image_protocol`'s)."""
    global _widgets
    with _import_lock:
        if _widgets is None:
            from textual_image import _terminal

            setattr(_terminal.get_cell_size, "_result", _terminal.CellSize(*cell_size()))  # noqa: B010
            saved = sys.__stdout__
            sys.__stdout__ = io.StringIO()  # type: ignore[assignment, misc]
            try:
                import textual_image.widget as widgets
            finally:
                sys.__stdout__ = saved  # type: ignore[misc]
            _widgets = widgets
        return _widgets


class _Lines:
    """A picture as half-cell blocks, laid out already: drawing it only copies them."""

    def __init__(self, lines: list[list[Segment]]) -> None:
        self.lines = lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines:
            yield from line
            yield Segment.line()


@lru_cache(maxsize=CACHE_SIZE)
def _blocks(picture: Picture, widgets: ModuleType) -> _Lines:
    """Lay a picture out as textual-image's half-cell blocks, off the UI thread (a style
    for each cell: ~20 ms for 80 × 30 cells, which the UI would pay on every redraw);
    kept for as long as the picture is."""
    console = Console(width=picture.columns, color_system="truecolor", file=io.StringIO())
    options = console.options.update(width=picture.columns, height=picture.rows)
    renderable = widgets.HalfcellRenderable(picture.image, picture.columns, picture.rows)
    return _Lines(console.render_lines(renderable, options, pad=False))


class ImageBlock(MarkdownBlock):
    """A local image, drawn once its file is found and scaled (empty until then, and if
    it cannot be)."""

    DEFAULT_CSS = """
    ImageBlock { height: auto; width: 1fr; margin: 0 0 1 0; }
    ImageBlock.-empty { display: none; }
    """

    def __init__(self, markdown: Markdown, token: Token, find: FindImage | None) -> None:
        super().__init__(markdown, token)
        self.src: str = token.meta["src"]
        self.alt: str = token.meta.get("alt", "")
        self._find = find
        #: Why the image is not drawn ("" while loading or once drawn).
        self.failed = ""
        #: The picture drawn (None until it is).
        self.picture: Picture | None = None
        #: How pictures are drawn here, and the pane's width they were scaled for.
        self._protocol: str | None = None
        self._columns = 0
        self.add_class("-empty")

    def on_mount(self) -> None:
        """Start loading once laid out (the pane's width is known then)."""
        protocol = image_protocol()
        if protocol is None or self._find is None:
            self.failed = "images are shown as text"
            return
        # After the frame that shows the note's text, and a little later still.
        self.call_after_refresh(self.set_timer, LOAD_DELAY, partial(self._start, protocol))

    def on_resize(self) -> None:
        """Scale the picture again when the pane's width changes (the sidebar hidden or
        shown, the terminal resized)."""
        width = self._markdown.content_size.width
        if self.picture is not None and self._protocol and width and width != self._columns:
            self._start(self._protocol)

    def _start(self, protocol: str) -> None:
        columns = self._markdown.content_size.width or self.app.size.width // 2
        self._protocol, self._columns = protocol, columns
        max_rows = max(4, int(self.screen.size.height * MAX_HEIGHT_SHARE))
        background = self.background_colors[1].rgb
        work = partial(self._load, protocol, max(1, columns), max_rows, background)
        self.run_worker(work, thread=True, group="image", exit_on_error=False)

    def _load(self, protocol: str, columns: int, max_rows: int, background: Any) -> None:
        """In a thread: find, decode and scale the image, then draw it on the UI thread."""
        assert self._find is not None
        path = self._find(self.src)
        if path is None:
            self._report("no such file")
            return
        try:
            with _one_at_a_time:
                picture = load_picture(path, columns, max_rows, protocol, background, cell_size())
                widgets = image_widgets()
                drawn = _blocks(picture, widgets) if protocol == "blocks" else None
        except PictureError as exc:
            self._report(f"cannot be drawn: {exc}")
            return
        except ImportError as exc:
            self._report(f"no image library: {exc}")
            return
        self._call(self._draw, picture, protocol, widgets, drawn)

    def _report(self, why: str) -> None:
        self._call(setattr, self, "failed", why)

    def _call(self, function: Callable[..., Any], *args: Any) -> None:
        try:
            self.app.call_from_thread(function, *args)
        except RuntimeError:  # the app is closing
            return

    def _draw(
        self, picture: Picture, protocol: str, widgets: ModuleType, drawn: _Lines | None
    ) -> None:
        """Show the picture: blocks laid out already; Kitty's and Sixel's images by
        textual-image's widgets (they talk to the terminal as they are drawn)."""
        if not self.is_attached:
            return
        shown: Widget
        if drawn is not None:
            shown = Static(drawn)
        else:
            kind = widgets.TGPImage if protocol == "kitty" else widgets.SixelImage
            shown = kind(picture.image)
        shown.styles.width = picture.columns
        shown.styles.height = picture.rows
        self.picture = picture
        self.remove_class("-empty")
        self.remove_children()
        self.mount(shown)
