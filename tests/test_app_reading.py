"""Pilot tests: the window, opening notes, the header card, the outline, the help screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.outline import OutlineScreen
from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.note_markdown import NoteMarkdown
from reader.tui.widgets.note_view import NoteView
from tests.app_helpers import main_screen, make_app, run_async, settle


@run_async
async def test_window_lists_notes_and_opens_the_newest(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        rows = screen.query_one(NoteList).rows
        assert len(rows) >= 20
        assert [r.date for r in rows if r.date] == sorted(
            (r.date for r in rows if r.date), reverse=True
        )
        assert screen.note is not None and screen.note.path == rows[0].path
        assert "notes" in app.sub_title


@run_async
async def test_enter_opens_a_note_with_card_and_body(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        rows = screen.query_one(NoteList).rows
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == rows[2].path
        card = screen.query_one("#note-card", Static)
        assert rows[2].title in str(card.content)
        assert "---" not in str(card.content)  # never raw YAML
        assert screen.query_one(NoteMarkdown).children  # the body rendered into blocks
        assert app.focused is screen.query_one(NoteView).body


@run_async
async def test_seed_note_card_shows_speaker_source_status(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        titles = [r.title for r in screen.query_one(NoteList).rows]
        index = next(i for i, t in enumerate(titles) if t.startswith("失衡的乌托邦"))
        await pilot.press(*(["j"] * index), "enter")
        await settle(pilot)
        card = str(screen.query_one("#note-card", Static).content)
        for fact in (
            "硅谷101",
            "https://www.youtube.com/watch?v=0mrko3cYqBs",
            "evergreen",
            "2025-11-09",
        ):
            assert fact in card


@run_async
async def test_outline_jumps_to_a_heading(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        body = screen.query_one(NoteView).body
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, OutlineScreen)
        await pilot.press("G", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert body.scroll_y > 0


@run_async
async def test_help_lists_every_key_from_the_bindings(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(s.content) for s in app.screen.query(".help-section").results(Static))
        for binding in MainScreen.BINDINGS:
            assert binding.description in text  # type: ignore[union-attr]
        for words in (
            "Quit",
            "Command palette",
            "Follow link/mention",
            "Sort",
            "Previous match",
            "Scroll down",
        ):
            assert words in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@run_async
async def test_copy_path(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("y")
        assert screen.note is not None
        assert app.clipboard == str(screen.vault.file_path(screen.note.path))
