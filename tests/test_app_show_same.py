"""Pilot: the TUI shows a note with the same text as `reader show --plain` (one pipeline)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.content import Content

from reader.markdown.layout import layout, to_plain
from reader.markdown.normalise import note_tokens
from reader.notes.note import Note, load_note
from reader.tui.messages import OpenNote
from reader.tui.widgets.marks import leaves
from reader.tui.widgets.note_markdown import TEXTUAL_STYLES
from reader.tui.widgets.note_view import NoteView
from reader.vault.embeds import NoteFinder
from reader.vault.vault import Vault
from tests.app_helpers import main_screen, make_app, mount_every_part, run_async, settle

VAULT = Path(__file__).parent / "golden" / "show" / "vault"


def _letters(text: str) -> str:
    """The letters and CJK characters of a text, in order (digits aside: the TUI draws an
    ordered list's numbers beside its text, not in it)."""
    return "".join(c for c in text if c.isalpha())


@pytest.mark.parametrize(
    "name", ["html.md", "obsidian.md", "embeds.md", "math_footnotes.md", "math.md"]
)
@run_async
async def test_the_tui_shows_what_show_prints(name: str, tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(VAULT, vault)
    note = load_note(vault, name)
    assert isinstance(note, Note)
    finder = NoteFinder(Vault(vault, tmp_path / "unused"))
    stem = name.removesuffix(".md")
    printed = to_plain(layout(note_tokens(note.body, resolve=finder.resolve, name=stem), 70))
    shown = "".join(content.plain for content in await _shown(tmp_path, vault, name))
    assert _letters(shown) == _letters(printed)


async def _shown(tmp_path: Path, vault: Path, name: str) -> list[Content]:
    """The text blocks the TUI shows for a note, opened from the list."""
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.post_message(OpenNote(name))
        await settle(pilot)
        view = screen.query_one(NoteView)
        assert view.note is not None and view.note.path == name
        return [leaf.content for leaf in leaves(view.markdowns())]


@run_async
async def test_a_long_note_keeps_its_footnotes_across_parts(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    paragraphs = [f"Paragraph {i} " + "text " * 80 for i in range(40)]
    paragraphs[0] += "with a mark[^first]"
    body = "\n\n".join(paragraphs) + "\n\n[^first]: The footnote itself.\n"
    (vault / "long.md").write_text(f"---\ndate: 2024-01-01\n---\n{body}", encoding="utf-8")
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(140, 60)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.post_message(OpenNote("long.md"))
        await settle(pilot)
        view = screen.query_one(NoteView)
        assert view.has_more  # the note is shown in parts, mounted as the reader scrolls
        await mount_every_part(pilot, view)
        texts = [leaf.content.plain for leaf in leaves(view.markdowns())]
    shown = "\n".join(texts)
    assert "[^" not in shown
    assert "with a mark[1]" in shown and "The footnote itself." in shown


@run_async
async def test_the_tui_shows_math_as_unicode_in_the_math_style(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    body = "Inline $\\alpha \\le \\sqrt{x}$ here.\n\n$$\n\\int_0^1 x\\,dx\n$$\n"
    (vault / "m.md").write_text(body, encoding="utf-8")
    contents = await _shown(tmp_path, vault, "m.md")
    math = [
        content.plain[span.start : span.end]
        for content in contents
        for span in content.spans
        if span.style == TEXTUAL_STYLES["math"]
    ]
    assert math == ["α ≤ √x", "∫₀¹ x dx"]
    assert "\\" not in "".join(content.plain for content in contents)
