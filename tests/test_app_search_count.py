"""Pilot tests: a search says how many notes match, shows the best page first, and makes
more rows (with snippets) as the list scrolls to them; every match is reachable."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from pathlib import Path

from textual.pilot import Pilot

from reader.tui.results import MORE, PAGE
from reader.tui.widgets.note_list import NoteList
from tests.app_helpers import main_screen, make_app, run_async, settle, started

#: More matches than the first page and two more pages, and a few notes that do not match.
MATCHING = PAGE + 2 * MORE + 7


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    for number in range(MATCHING):
        day = f"2025-01-{number % 28 + 1:02d}"
        text = f"---\ntitle: 第{number}条\ndate: '{day}'\n---\n\n关于灯塔的第{number}段。\n"
        (root / f"n{number:04d}.md").write_text(text, encoding="utf-8")
    for number in range(5):
        (root / f"other{number}.md").write_text(f"# 别的{number}\n\n没有那个词。\n", "utf-8")
    return root


def _started(tmp_path: Path) -> AbstractAsyncContextManager[Pilot[None]]:
    """The app running on a fresh copy of the matching vault, settled."""
    return started(make_app(tmp_path, _vault(tmp_path)), (120, 40))


def _caption(note_list: NoteList) -> str:
    return str(note_list.query_one("#list-caption").render())


async def _results_focused(pilot: Pilot[None], query: str) -> NoteList:
    """Search for `query` and move into the results; the note list."""
    await pilot.press("slash", *query, "enter")
    await settle(pilot)
    note_list = main_screen(pilot).query_one(NoteList)
    note_list.options.focus()
    return note_list


@run_async
async def test_the_caption_counts_every_match_beyond_the_first_page(tmp_path: Path) -> None:
    async with _started(tmp_path) as pilot:
        screen = main_screen(pilot)
        await pilot.press("slash", *"灯塔")
        await settle(pilot)
        note_list = screen.query_one(NoteList)
        assert f"{MATCHING:,} notes" in _caption(note_list)
        rows = note_list.rows
        assert len(rows) == PAGE  # the best page first, each with its snippet
        assert all("灯塔" in row.snippet for row in rows)
        await pilot.press(*["backspace"] * 2, *"别的")
        await settle(pilot)
        assert "5 notes" in _caption(note_list)
        assert len(note_list.rows) == 5


@run_async
async def test_scrolling_to_the_end_makes_more_rows_until_every_match_is_listed(
    tmp_path: Path,
) -> None:
    async with _started(tmp_path) as pilot:
        note_list = await _results_focused(pilot, "灯塔")
        assert len(note_list.rows) == PAGE
        shown = {row.path for row in note_list.rows}
        await pilot.press("G")  # the last row made so far: the list asks for more
        await settle(pilot)
        assert len(note_list.rows) == PAGE + MORE
        assert shown <= {row.path for row in note_list.rows}  # the first rows stay put
        note_list.options.scroll_end(animate=False, immediate=True)  # scrolling asks too
        await settle(pilot)
        assert len(note_list.rows) == PAGE + 2 * MORE
        for _ in range(2):
            await pilot.press("G")
            await settle(pilot)
        rows = note_list.rows
        assert len(rows) == MATCHING
        assert len({row.path for row in rows}) == MATCHING
        assert all(row.snippet for row in rows)
        assert note_list.options.option_count == MATCHING


@run_async
async def test_sorting_a_long_search_by_date_lists_the_newest_match_first(
    tmp_path: Path,
) -> None:
    async with _started(tmp_path) as pilot:
        note_list = await _results_focused(pilot, "灯塔")
        screen = main_screen(pilot)
        await pilot.press("s")  # relevance -> date
        await settle(pilot)
        rows = note_list.rows
        assert screen.history.current.listing.sort == "date"
        assert rows and rows[0].date == "2025-01-28"
        assert [row.date for row in rows] == sorted((row.date for row in rows), reverse=True)
        assert f"{MATCHING:,} notes" in _caption(note_list)
