"""Tests for CJK-aware line breaking: Textual actually using the rules."""

from __future__ import annotations

import asyncio
import inspect
from importlib.metadata import version

import frontmatter
import pytest
import textual.content
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Markdown
from textual.widgets._markdown import MarkdownParagraph

from reader.tui.widgets.cjk_text import (
    PATCHED_NAME,
    cjk_divide_line,
    install_cjk_wrapping,
    is_cjk_wrapping_installed,
    uninstall_cjk_wrapping,
)
from tests.cjk_wrap_checks import (
    SEED,
    WIDTHS,
    check_wrapped,
    seed_paragraphs,
)

# --- the Textual hook ---------------------------------------------------------------


def test_textual_internals_still_have_the_patched_shape() -> None:
    """Fails loudly when a Textual upgrade moves what ``cjk_text`` patches."""
    assert version("textual") == "8.2.8", "re-check reader/tui/widgets/cjk_text.py for this Textual"
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
