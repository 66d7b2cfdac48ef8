"""A long note list: rows are loaded in chunks, and every key still reaches every note."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from textual.pilot import Pilot

from reader.tui.widgets.note_list import CHUNK, NoteList
from tests.app_helpers import (
    main_screen,
    make_app,
    reopened_shared_vault,
    run_async,
    settle,
    started,
)

COUNT = CHUNK + 57


def _long_vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    for number in range(COUNT):
        day = (date(2025, 12, 31) - timedelta(days=number)).isoformat()  # n0000 newest
        text = f"---\ntitle: 第{number}条笔记\ndate: '{day}'\n---\n\n正文{number}。\n"
        (root / f"n{number:04d}.md").write_text(text, encoding="utf-8")
    return root


@run_async
async def test_rows_load_in_chunks_and_G_reaches_the_last(tmp_path: Path) -> None:
    app = make_app(tmp_path, _long_vault(tmp_path))
    async with started(app, (120, 40)) as pilot:
        note_list = main_screen(pilot).query_one(NoteList)
        assert len(note_list.rows) == COUNT
        assert note_list.options.option_count == CHUNK
        note_list.options.focus()
        await pilot.press("G")
        await settle(pilot)
        assert note_list.options.option_count == COUNT
        assert note_list.options.highlighted == COUNT - 1
        assert note_list.selected == note_list.rows[-1].path


@run_async
async def test_moving_down_loads_more(tmp_path: Path) -> None:
    app = make_app(tmp_path, _long_vault(tmp_path))
    async with started(app, (120, 40)) as pilot:
        note_list = main_screen(pilot).query_one(NoteList)
        note_list.options.focus()
        note_list.options.highlighted = CHUNK - 5
        await pilot.press("j")
        await settle(pilot)
        assert note_list.options.option_count == COUNT


@run_async
async def test_the_list_height_is_counted_at_the_width_drawn() -> None:
    """In a small terminal the seeds' titles wrap, and the scrollbar takes two of the list's
    columns: the list's height must be counted at the width its rows are drawn at (it was
    often counted before the scrollbar showed, and the last lines could not be reached)."""
    heights: list[int] = []

    async def measure(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.pause(1.0)
        await settle(pilot)
        options = main_screen(pilot).query_one(NoteList).options
        assert options.show_vertical_scrollbar
        heights.append(options.virtual_size.height)
        options._clear_caches()  # measure every row again, at the width drawn now
        options._update_lines()
        heights.append(options.virtual_size.height)
        pilot.app.exit()

    reopened_shared_vault()
    await make_app().run_async(headless=True, size=(80, 24), auto_pilot=measure)
    assert len(heights) == 2 and heights[0] == heights[1]
