"""Images for the note pane, as plain data: how the terminal draws pictures, and a file
decoded and scaled to the cells it will fill (cached). No Textual here: the image widget
(`reader.tui.widgets.image_block`) calls `load_picture` from a thread worker, never on the
UI thread. Pillow is imported on the first image, not at start-up.

How pictures are drawn (`image_protocol`): Kitty's graphics protocol in Kitty (and Ghostty),
Sixel in terminals known to draw it, else half-cell blocks (`▀` in two colours), which
every colour terminal shows; tmux (and screen) pass neither protocol on, so inside them it
is blocks. The terminal's own variables decide, not a query: once Textual runs it reads
every reply of the terminal as keys. `READER_IMAGES=kitty|sixel|blocks|off` overrides.
"""

from __future__ import annotations

import math
import os
import sys
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL.Image import Image

PROTOCOLS = ("kitty", "sixel", "blocks")
#: Terminals that draw Sixel, by `TERM` and by `TERM_PROGRAM`.
SIXEL_TERMS = frozenset({"foot", "foot-extra", "mlterm", "yaft-256color", "contour"})
SIXEL_PROGRAMS = frozenset({"WezTerm", "iTerm.app", "mintty"})
#: A cell's size in pixels when the terminal does not say (a VT340's, as most assume).
DEFAULT_CELL = (10, 20)
#: Larger images are not decoded (a "decompression bomb" would take the memory).
MAX_PIXELS = 50_000_000
#: How many scaled pictures are kept (a note's images, and those of the last few notes).
CACHE_SIZE = 48


class PictureError(Exception):
    """The file cannot be drawn (unreadable, not an image, too large)."""


@dataclass(frozen=True, eq=False)
class Picture:
    """An image scaled for the pane: `image` has the pixels to draw (for blocks, one
    pixel per cell across and two down), filling `columns` × `rows` cells. Compared and
    hashed by identity (the cache hands out the same one for the same file and size)."""

    image: Image
    columns: int
    rows: int


def image_protocol(env: Mapping[str, str] = os.environ) -> str | None:
    """`kitty`, `sixel` or `blocks`: how this terminal draws images (None: as text)."""
    chosen = env.get("READER_IMAGES", "").strip().lower()
    if chosen in ("off", "none", "text"):
        return None
    if chosen in PROTOCOLS:
        return chosen
    term = env.get("TERM", "")
    if env.get("TMUX") or term.startswith(("screen", "tmux")):
        return "blocks"
    program = env.get("TERM_PROGRAM", "")
    if env.get("KITTY_WINDOW_ID") or term == "xterm-kitty" or program == "ghostty":
        return "kitty"
    if term in SIXEL_TERMS or program in SIXEL_PROGRAMS or "sixel" in term:
        return "sixel"
    return "blocks"


def cell_size() -> tuple[int, int]:
    """A terminal cell's width and height in pixels, as the terminal reports its window
    (`TIOCGWINSZ`); `DEFAULT_CELL` when it does not."""
    try:
        import fcntl
        import struct
        import termios

        for stream in (sys.__stdout__, sys.__stderr__):
            if stream is None or not stream.isatty():
                continue
            packed = fcntl.ioctl(stream.fileno(), termios.TIOCGWINSZ, b"\0" * 8)
            rows, columns, width, height = struct.unpack("HHHH", packed)
            if rows and columns and width and height:
                return max(1, width // columns), max(1, height // rows)
    except (ImportError, OSError, ValueError):
        pass
    return DEFAULT_CELL


def fit(
    size: tuple[int, int], columns: int, max_rows: int, cell: tuple[int, int]
) -> tuple[int, int]:
    """The cells an image of `size` pixels fills: its natural size (a pixel for a pixel),
    no wider than `columns` and no taller than `max_rows`, keeping its proportions."""
    width, height = size
    cell_w, cell_h = cell
    cols = max(1, min(columns, math.ceil(width / cell_w)))
    rows = max(1, round(cols * height * cell_w / (width * cell_h)))
    if rows > max_rows:
        rows = max(1, max_rows)
        cols = max(1, min(cols, round(rows * width * cell_h / (height * cell_w))))
    return cols, rows


_cache: OrderedDict[tuple[Any, ...], Picture] = OrderedDict()
_cache_lock = Lock()


def load_picture(
    path: Path,
    columns: int,
    max_rows: int,
    protocol: str,
    background: tuple[int, int, int] = (0, 0, 0),
    cell: tuple[int, int] = DEFAULT_CELL,
) -> Picture:
    """The image at `path` decoded and scaled to fill at most `columns` × `max_rows` cells
    (transparent parts on `background`); cached by file version and size. Raises
    `PictureError` when it cannot be drawn."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise PictureError(str(exc)) from None
    key = (str(path), stat.st_mtime_ns, stat.st_size, columns, max_rows, protocol, background, cell)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    picture = _decode(path, columns, max_rows, protocol, background, cell)
    with _cache_lock:
        _cache[key] = picture
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return picture


def _decode(
    path: Path,
    columns: int,
    max_rows: int,
    protocol: str,
    background: tuple[int, int, int],
    cell: tuple[int, int],
) -> Picture:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise PictureError(f"too large to draw ({opened.width}×{opened.height})")
            cols, rows = fit(opened.size, columns, max_rows, cell)
            wanted = (cols, rows * 2) if protocol == "blocks" else (cols * cell[0], rows * cell[1])
            opened.draft("RGB", wanted)  # JPEG: decode at a fraction of the size
            image = opened.convert("RGBA")
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise PictureError(str(exc) or type(exc).__name__) from None
    flat = Image.new("RGB", image.size, background)
    flat.paste(image, mask=image.getchannel("A"))
    return Picture(flat.resize(wanted, Image.Resampling.LANCZOS), cols, rows)
