"""Pilot tests: names typed in pinyin in the search bar, as free text and as an entity filter."""

from __future__ import annotations

from reader.tui.widgets.note_list import NoteList
from tests.app_helpers import main_screen, make_app, run_async, settle

#: The notes of the seeds that list 田渊栋 under `people`.
LISTING = {
    "000_6e32583a3cfba4c8.txt",
    "llama-4-lmarena.md",
    "meta-msl-layoffs-2025.md",
    "people/田渊栋.md",
}


@run_async
async def test_entity_filter_in_pinyin_lists_the_notes_of_the_entity() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash", *"people:tyd")
        await settle(pilot)
        rows = screen.query_one(NoteList).rows
        assert screen.history.current.listing.mode == "search"
        assert {row.path for row in rows} == LISTING


@run_async
async def test_name_in_pinyin_finds_the_people_note_first() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash", *"tianyuandong")
        await settle(pilot)
        rows = screen.query_one(NoteList).rows
        assert rows[0].path == "people/田渊栋.md"
        assert {row.path for row in rows} == LISTING
        start, end = rows[0].spans[0]
        assert rows[0].snippet[start:end] == "田渊栋"
