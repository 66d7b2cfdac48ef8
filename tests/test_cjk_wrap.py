"""Tests for CJK-aware line breaking: the pure rules, and Textual actually using them."""

from __future__ import annotations

import asyncio
import inspect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from itertools import pairwise
from pathlib import Path

import frontmatter
import pytest
import textual.content
from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len, get_character_cell_size
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownParagraph

from reader.cjk_wrap import (
    CJK_CLOSING,
    CJK_OPENING,
    OTHER_CLOSING,
    OTHER_OPENING,
    break_offsets,
    break_opportunities,
    contains_cjk,
    default_char_width,
)
from reader.widgets.cjk_text import (
    PATCHED_NAME,
    cjk_divide_line,
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


@pytest.fixture
def cjk_wrapping() -> Iterator[None]:
    """Install the CJK wrapping for one test."""
    with wrapping(installed=True):
        yield


@pytest.fixture
def textual_wrapping() -> Iterator[None]:
    """Use Textual's own wrapping for one test."""
    with wrapping(installed=False):
        yield


# --- the pure function --------------------------------------------------------------


def test_empty_text_and_no_width_give_no_breaks() -> None:
    assert break_offsets("", 10) == []
    assert break_offsets("中文", 0) == []
    assert break_offsets("中文", -3) == []
    assert break_offsets("中文", 4) == []


def test_breaks_between_any_two_chinese_characters() -> None:
    assert break_offsets("一二三四五六七八九十", 6) == [3, 6, 9]
    assert break_offsets("一二三四五六七八九十", 7) == [3, 6, 9]


def test_breaks_between_chinese_and_latin_but_not_inside_latin_words() -> None:
    text = "中文Meta中文"
    assert lines_of(text, break_offsets(text, 6)) == ["中文", "Meta中", "文"]
    text = "部门宣布裁员Llama开源"
    assert lines_of(text, break_offsets(text, 14)) == ["部门宣布裁员", "Llama开源"]


def test_a_line_may_break_at_a_space_in_mixed_text() -> None:
    text = "得主Yann LeCun也"
    assert lines_of(text, break_offsets(text, 10)) == ["得主Yann ", "LeCun也"]


def test_closing_punctuation_never_starts_a_line() -> None:
    text = "一二，三四"
    assert lines_of(text, break_offsets(text, 4)) == ["一", "二，", "三四"]
    text = "说完了。」然后"
    assert lines_of(text, break_offsets(text, 6)) == ["说完", "了。」", "然后"]
    text = "名字Meta，然后"
    assert lines_of(text, break_offsets(text, 8)) == ["名字", "Meta，然", "后"]


def test_opening_punctuation_never_ends_a_line() -> None:
    text = "一二（三四）"
    assert lines_of(text, break_offsets(text, 6)) == ["一二", "（三", "四）"]
    text = "取名“Llama”据说"
    assert lines_of(text, break_offsets(text, 7)) == ["取名", "“Llama”", "据说"]


def test_doubled_dash_and_ellipsis_stay_together() -> None:
    text = "他说——好的……然后"
    for width in range(4, 12):
        for line in lines_of(text, break_offsets(text, width)):
            assert not line.startswith(("—", "…")) or line.startswith("——")
            assert not line.endswith("—") or line.endswith("——")


def test_no_break_space_glues() -> None:
    text = "长度100\u00a0km以上"
    assert lines_of(text, break_offsets(text, 8)) == ["长度", "100\u00a0km以", "上"]


def test_long_latin_word_is_folded_only_when_wider_than_the_line() -> None:
    text = "中abcdefghijkl中"
    assert lines_of(text, break_offsets(text, 5)) == ["中", "abcde", "fghij", "kl中"]
    assert lines_of(text, break_offsets(text, 5, fold=False)) == ["中", "abcdefghijkl", "中"]
    assert break_offsets(text, 12) == [1, 13]


def test_trailing_spaces_hang_and_an_indent_stays_with_its_word() -> None:
    assert break_offsets("中文  字", 4) == [4]
    assert break_opportunities("  中文") == [3]
    assert break_offsets("  中文字", 6) == [4]
    assert break_offsets("中文   ", 4) == []


def test_widths_one_and_two() -> None:
    assert break_offsets("中文字", 2) == [1, 2]
    assert break_offsets("中文字", 1) == [1, 2]
    assert break_offsets("ab中", 1) == [1, 2]
    # Nothing but folding fits a two-cell line holding a character and its comma.
    assert break_offsets("一，二", 2) == [1, 2]
    assert break_offsets("一，二", 4) == [2]


def test_wide_characters_count_two_cells() -> None:
    assert lines_of("ab中文cd", break_offsets("ab中文cd", 5)) == ["ab中", "文cd"]
    assert lines_of("ab中文cd", break_offsets("ab中文cd", 3)) == ["ab", "中", "文", "cd"]


def test_latin_text_wraps_exactly_as_rich_does() -> None:
    text = "The quick brown fox jumps over the lazy dog and keeps   running far away"
    for width in range(8, 40):
        assert break_offsets(text, width) == rich_divide_line(text, width), width


def test_contains_cjk() -> None:
    assert contains_cjk("Llama 4的失败")
    assert contains_cjk("（")
    assert not contains_cjk("plain “quoted” text — with dashes…")
    assert not contains_cjk("")


def test_default_width_agrees_with_rich_on_the_seed() -> None:
    for char in set(SEED.read_text(encoding="utf-8")):
        assert default_char_width(char) == get_character_cell_size(char), repr(char)


def test_break_opportunities_never_split_a_latin_word_or_an_indent() -> None:
    text = "  Meta的Llama 3，“开源”路线"
    breaks = break_opportunities(text)
    assert breaks == [6, 7, 13, 15, 17, 19, 20]
    for index in breaks:
        assert not (LATIN.match(text[index - 1]) and LATIN.match(text[index]))


# --- properties ---------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("中文字的是了")
    + list("abcXYZ019")
    + list("  \u3000")
    + list("，。、：）」”’…（「“‘—")
    + ["😀"]
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(ALPHABET, max_size=80), width=st.integers(1, 30), fold=st.booleans())
def test_offsets_are_increasing_and_restore_the_text(text: str, width: int, fold: bool) -> None:
    offsets = break_offsets(text, width, fold=fold)
    assert offsets == sorted(set(offsets))
    assert all(0 < offset < len(text) for offset in offsets)
    assert "".join(lines_of(text, offsets)) == text


@settings(max_examples=200, deadline=None)
@given(text=st.text(ALPHABET, max_size=80), width=st.integers(1, 30))
def test_every_line_fits_unless_a_piece_is_wider(text: str, width: int) -> None:
    lines = lines_of(text, break_offsets(text, width))
    assert all(cell_len(line.rstrip()) <= width or len(line.rstrip()) == 1 for line in lines)
    bounds = [0, *break_opportunities(text), len(text)]
    pieces = [text[start:end].rstrip() for start, end in pairwise(bounds)]
    if max((cell_len(piece) for piece in pieces), default=0) <= width:
        for line in lines[1:]:
            assert line[0] not in CLOSING and not line[0].isspace()
        for line in lines[:-1]:
            assert line.rstrip()[-1:] not in OPENING


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text("abcdefgh", min_size=1, max_size=8), min_size=1, max_size=12),
    width=st.integers(8, 40),
)
def test_latin_only_text_matches_rich(words: list[str], width: int) -> None:
    text = " ".join(words)
    assert break_offsets(text, width) == rich_divide_line(text, width)


# --- the Textual hook ---------------------------------------------------------------


def test_textual_internals_still_have_the_patched_shape() -> None:
    """Fails loudly when a Textual upgrade moves what ``cjk_text`` patches."""
    assert version("textual") == "8.2.8", "re-check reader/widgets/cjk_text.py for this Textual"
    original = getattr(textual.content, PATCHED_NAME)
    if original is cjk_divide_line:
        original = rich_divide_line
    assert list(inspect.signature(original).parameters) == ["text", "width", "fold"]
    assert list(inspect.signature(cjk_divide_line).parameters) == ["text", "width", "fold"]
    source = inspect.getsource(Content._wrap_and_format)
    assert f"{PATCHED_NAME}(" in source, "Content no longer wraps through divide_line"


def test_install_is_idempotent_and_reversible(textual_wrapping: None) -> None:
    assert textual.content.divide_line is rich_divide_line
    assert not is_cjk_wrapping_installed()
    assert install_cjk_wrapping()
    assert install_cjk_wrapping()
    assert textual.content.divide_line is cjk_divide_line
    uninstall_cjk_wrapping()
    assert textual.content.divide_line is rich_divide_line
    assert not is_cjk_wrapping_installed()


def test_latin_text_is_left_to_textual(cjk_wrapping: None) -> None:
    text = "plain English text, with “quotes” and an em—dash, wrapped as before"
    for width in range(5, 40):
        assert cjk_divide_line(text, width) == rich_divide_line(text, width)


def test_without_the_hook_textual_leaves_lines_short(textual_wrapping: None) -> None:
    """The bug being fixed: Textual alone breaks Chinese only at spaces."""
    text, _bold = seed_paragraphs()[0]
    lines = [line.plain for line in Content(text).wrap(37)]
    assert any(cell_len(line) < 37 // 2 for line in lines[:-1])
    with pytest.raises(AssertionError):
        check_wrapped(text, lines, 37)


@pytest.mark.parametrize("width", WIDTHS)
def test_seed_paragraphs_wrap_through_textual_content(cjk_wrapping: None, width: int) -> None:
    for text, bold in seed_paragraphs():
        content = Content(text)
        for start, end in bold:
            content = content.stylize("bold", start, end)
        wrapped = content.wrap(width)
        check_wrapped(text, [line.plain for line in wrapped], width)
        assert bold_ranges(text, wrapped) == bold


def bold_ranges(text: str, lines: list[Content]) -> list[tuple[int, int]]:
    """Map the bold spans of wrapped lines back to ranges of the original text."""
    ranges: list[tuple[int, int]] = []
    position = 0
    for line in lines:
        position = text.index(line.plain, position)
        for span in line.spans:
            start, end = position + span.start, position + span.end
            if ranges and ranges[-1][1] >= start - 1 and not text[ranges[-1][1] : start].strip():
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
        position += len(line.plain)
    return ranges


class SeedApp(App[None]):
    """Shows the seed note's body in Textual's Markdown widget."""

    def compose(self) -> ComposeResult:
        yield Markdown(frontmatter.loads(SEED.read_text(encoding="utf-8")).content)


async def render_paragraphs(size: tuple[int, int]) -> list[tuple[int, list[str]]]:
    """Render the seed in an app and return each paragraph's width and drawn lines."""
    results = []
    app = SeedApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for paragraph in app.query(MarkdownParagraph):
            lines = [paragraph.render_line(y).text.rstrip() for y in range(paragraph.size.height)]
            results.append((paragraph.size.width, lines))
    return results


@pytest.mark.parametrize("columns", [28, 44, 86])
def test_seed_renders_in_the_markdown_widget(cjk_wrapping: None, columns: int) -> None:
    paragraphs = seed_paragraphs()
    rendered = asyncio.run(render_paragraphs((columns, 50)))
    assert len(rendered) == len(paragraphs)
    for (text, _bold), (width, lines) in zip(paragraphs, rendered, strict=True):
        check_wrapped(text, lines, width)


async def drawn_offsets(size: tuple[int, int]) -> list[tuple[int, int, str]]:
    """Render the seed; return (paragraph, offset, text) for each drawn text segment."""
    found = []
    app = SeedApp()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for index, paragraph in enumerate(app.query(MarkdownParagraph)):
            for y in range(paragraph.size.height):
                for segment in paragraph.render_line(y):
                    meta = segment.style.meta if segment.style else {}
                    if "offset" in meta and segment.text.strip():
                        found.append((index, meta["offset"][0], segment.text))
    return found


def test_selection_offsets_point_into_the_text(cjk_wrapping: None) -> None:
    """Each drawn segment carries the offset of its first character, used for selection."""
    paragraphs = seed_paragraphs()
    found = asyncio.run(drawn_offsets((44, 50)))
    assert len(found) > len(paragraphs)
    for index, offset, drawn in found:
        text = paragraphs[index][0]
        assert text[offset : offset + len(drawn)] == drawn
