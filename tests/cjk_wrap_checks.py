"""Shared checks for the CJK line-breaking tests: seed paragraphs, a wrap checker, and
fixtures that install or remove the Textual hook for one test."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path

import frontmatter
from rich.cells import cell_len

from reader.text.cjk_wrap import (
    CJK_CLOSING,
    CJK_OPENING,
    OTHER_CLOSING,
    OTHER_OPENING,
)
from reader.tui.widgets.cjk_text import (
    install_cjk_wrapping,
    is_cjk_wrapping_installed,
    uninstall_cjk_wrapping,
)

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_6e32583a3cfba4c8.txt"
WIDTHS = (20, 37, 60, 80)

CLOSING = set(CJK_CLOSING + OTHER_CLOSING)
OPENING = set(CJK_OPENING + OTHER_OPENING)
LATIN = re.compile(r"[A-Za-z0-9]")
# The unbreakable piece a line starts with: openers, then a run of non-CJK text or
# one character, then closers. Written independently of the module under test.
CJK_CHAR = "\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
LEADING_PIECE = re.compile(
    rf"[{re.escape(CJK_OPENING + OTHER_OPENING)}]*"
    rf"(?:[^\s{CJK_CHAR}{re.escape(CJK_CLOSING + CJK_OPENING)}]+|.)"
    rf"[{re.escape(CJK_CLOSING + OTHER_CLOSING)}]*"
)


def lines_of(text: str, offsets: list[int]) -> list[str]:
    """Cut ``text`` at ``offsets``."""
    bounds = [0, *offsets, len(text)]
    return [text[start:end] for start, end in pairwise(bounds)]


def seed_paragraphs() -> list[tuple[str, list[tuple[int, int]]]]:
    """Return the seed's body paragraphs as plain text, with their bold ranges."""
    body = frontmatter.loads(SEED.read_text(encoding="utf-8")).content
    paragraphs = []
    for block in body.split("\n\n"):
        block = block.strip()
        if not block or block.startswith("#"):
            continue
        plain, bold, cursor = "", [], 0
        for index, part in enumerate(block.split("**")):
            if index % 2:
                bold.append((cursor, cursor + len(part)))
            plain += part
            cursor += len(part)
        paragraphs.append((plain, bold))
    return paragraphs


def check_wrapped(text: str, lines: list[str], width: int) -> None:
    """Assert that ``lines`` wrap ``text`` at ``width`` the way Chinese should wrap.

    Every line fits; joining the lines gives the text back, less the spaces at breaks;
    no line starts with closing or ends with opening punctuation; and, unless a piece
    wider than the line had to be folded, no Latin word is split and no line could
    have taken the first piece of the next one (so lines are as full as they can be).
    """
    position = 0
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        assert cell_len(line.rstrip()) <= width, (width, line)
        assert text.startswith(line, position), (width, line)
        position += len(line)
        spaces = len(text) - position - len(text[position:].lstrip(" "))
        position += spaces
        if last:
            continue
        following = lines[number + 1]
        assert line.strip(), (width, lines)
        assert following[0] not in CLOSING, (width, line, following)
        assert line.rstrip()[-1] not in OPENING, (width, line, following)
        folded = LEADING_PIECE.match(line + " " * spaces + following)
        assert folded is not None
        if folded.end() > len(line):
            # The line ends inside one unbreakable piece: allowed only when the piece
            # is wider than a whole line and has to be folded.
            assert cell_len(folded.group()) > width, (width, line, following)
            continue
        assert not (spaces == 0 and LATIN.match(line[-1]) and LATIN.match(following[0])), (
            width,
            line,
            following,
        )
        piece = LEADING_PIECE.match(following)
        assert piece is not None
        assert cell_len(line.rstrip()) + spaces + cell_len(piece.group()) > width, (
            width,
            line,
            following,
        )
    assert position == len(text)


@contextmanager
def wrapping(installed: bool) -> Iterator[None]:
    """Run with the CJK wrapping installed or not, then restore the previous state."""
    was_installed = is_cjk_wrapping_installed()
    if installed:
        install_cjk_wrapping()
    else:
        uninstall_cjk_wrapping()
    try:
        yield
    finally:
        if was_installed:
            install_cjk_wrapping()
        else:
            uninstall_cjk_wrapping()
