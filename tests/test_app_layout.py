"""Pilot tests: the 80×24 layout (sidebar folded away, toggled with a key) and a 1 MB note
that opens without freezing (only its first part is rendered at once)."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.tui.widgets.note_markdown import NoteMarkdown
from reader.tui.widgets.note_view import NoteView
from reader.tui.widgets.sidebar import Sidebar
from tests.app_helpers import SEED_NOTE, SEEDS, main_screen, make_app, run_async, settle


@run_async
async def test_small_terminal_folds_the_sidebar_and_b_toggles_it() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        sidebar = screen.query_one(Sidebar)
        assert not sidebar.display or sidebar.region.width == 0
        assert screen.query_one(NoteView).region.width >= 40
        await pilot.press("b")
        await pilot.pause()
        assert sidebar.region.width > 0
        await pilot.press("b")
        await pilot.pause()
        assert sidebar.region.width == 0


@run_async
async def test_a_one_megabyte_note_opens_at_once(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    body = (SEEDS / SEED_NOTE).read_text(encoding="utf-8").split("---", 2)[2]
    big = "---\ntitle: Big note\ndate: 2031-01-01\n---\n" + body * (
        1_000_000 // len(body.encode()) + 1
    )
    (vault / "big.md").write_text(big, encoding="utf-8")
    shutil.copy(SEEDS / SEED_NOTE, vault / SEED_NOTE)
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        view = screen.query_one(NoteView)
        assert screen.note is not None and screen.note.path == "big.md"
        assert view.has_more  # the rest waits until the reader scrolls there
        assert len(view.query(NoteMarkdown)) == 1
        view.body.scroll_end(animate=False, immediate=True)
        await pilot.pause(0.8)
        await settle(pilot)
        assert len(view.query(NoteMarkdown)) >= 2
