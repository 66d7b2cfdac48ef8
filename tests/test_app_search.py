"""Pilot tests: search as you type, hits with highlighted snippets, matches in the body, n/N,
and find-in-note on its own (ctrl+f)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from textual.pilot import Pilot

from reader.tui.widgets import note_view
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.marks import Found, find_marks
from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.note_view import NoteView
from tests.app_helpers import main_screen, make_app, run_async, settle, vault_copy


def _styles(view: NoteView, kind: str) -> int:
    """How many spans of a highlight kind the rendered body carries."""
    count = 0
    for leaf in view.painter.leaves:
        content = leaf.content
        if isinstance(content, Content):
            count += sum(1 for span in content.spans if span.style == kind)
    return count


@run_async
async def test_search_lists_hits_and_highlights_them_in_the_note() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash", *"LeCun")
        await settle(pilot)
        rows = screen.query_one(NoteList).rows
        assert screen.history.current.listing.mode == "search"
        assert rows and all(r.snippet for r in rows)
        assert any(r.spans for r in rows)
        first = rows[0]
        start, end = first.spans[0]
        assert first.snippet[start:end].casefold() == "lecun"

        await pilot.press("enter", "enter")  # to the results, then open the best hit
        await settle(pilot)
        view = screen.query_one(NoteView)
        assert screen.note is not None and screen.note.path == first.path
        assert screen.match_count > 1
        assert _styles(view, ".match--current") == 1
        assert _styles(view, ".match") == screen.match_count - 1

        painter = view.painter
        assert painter.current_match == 0
        await pilot.press("n")
        assert painter.current_match == 1
        await pilot.press("N", "N")
        assert painter.current_match == screen.match_count - 1  # wraps around


@run_async
async def test_search_follows_typing_and_clearing_returns_to_all_notes() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        total = len(screen.query_one(NoteList).rows)
        await pilot.press("slash", *"田渊栋")
        await settle(pilot)
        hits = screen.query_one(NoteList).rows
        assert 0 < len(hits) < total
        await pilot.press(*["backspace"] * 3)
        await settle(pilot)
        assert screen.history.current.listing.mode == "all"
        assert len(screen.query_one(NoteList).rows) == total


@run_async
async def test_find_in_note_counts_and_steps() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        view = screen.query_one(NoteView)
        await pilot.press("ctrl+f")
        bar = screen.query_one(FindBar)
        assert bar.display and app.focused is bar
        await pilot.press(*"Meta")
        await _until(pilot, lambda: screen.match_count > 0)  # after the typing pause
        await settle(pilot)
        count = screen.match_count
        assert count > 1
        assert bar.border_subtitle == f"1/{count}"
        await pilot.press("enter")
        assert view.painter.current_match == 1
        assert bar.border_subtitle == f"2/{count}"
        await pilot.press("escape")
        await settle(pilot)
        assert not bar.display
        assert screen.match_count == 0
        assert _styles(view, ".match") == 0


def _match_row(view: NoteView) -> int:
    """The row of the body's viewport that shows the current match's first character."""
    mark = view.painter.current("match")
    assert mark is not None
    leaf = view.painter.leaves[mark.leaf]
    before = view.painter.originals[mark.leaf][: mark.start].cell_length
    return leaf.region.y + before // leaf.content_region.width - view.body.content_region.y


def _long_note_with_a_match_in_the_middle(vault: Path) -> None:
    paragraph = "这一段只是为了占地方的长句子，" * 12
    body = "\n\n".join([paragraph] * 25 + [paragraph + "锚点词在这里。"] + [paragraph] * 25)
    (vault / "anchor.md").write_text(f"---\ntitle: 锚点\n---\n\n{body}\n", encoding="utf-8")


async def _until(pilot: Pilot[None], condition: Callable[[], bool], seconds: float = 10) -> None:
    """Let the app run until `condition` holds (or `seconds` pass: the caller asserts)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)


async def _open_at_the_match(pilot: Pilot[None]) -> NoteView:
    """Search for the match in the long note and open it: it shows a third of the way down."""
    await settle(pilot)
    screen = main_screen(pilot)
    await pilot.press("slash", *"锚点词", "enter", "enter")
    await settle(pilot)
    view = screen.query_one(NoteView)
    assert screen.note is not None and screen.note.path == "anchor.md"
    assert _match_row(view) == view.body.size.height // 3
    return view


@run_async
async def test_the_first_match_stays_in_view_when_the_text_rewraps(tmp_path: Path) -> None:
    """A note opened at its first match keeps it a third of the way down when the lines
    re-wrap (here the sidebar is hidden; a scrollbar appearing does the same), until the
    reader scrolls away."""
    vault = vault_copy(tmp_path)
    _long_note_with_a_match_in_the_middle(vault)
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(160, 50)) as pilot:
        view = await _open_at_the_match(pilot)
        third = view.body.size.height // 3
        before = view.body.scroll_y
        await pilot.press("b")  # the sidebar goes: the body is wider, the lines fewer
        await _until(pilot, lambda: view.body.scroll_y < before)
        await settle(pilot)
        assert _match_row(view) == third
        await pilot.press("down", "down", "down")
        await settle(pilot)
        scrolled = view.body.scroll_y
        await pilot.press("b")
        await settle(pilot)
        assert view.body.scroll_y == scrolled  # the reader's own scroll is left alone


@run_async
async def test_the_match_stays_in_view_when_the_text_rewraps_while_marks_are_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The re-wrap comes while the marks are being found again (a part mounted, the
    entities changed), when the painter has no current match: the match still ends up a
    third of the way down."""
    vault = vault_copy(tmp_path)
    _long_note_with_a_match_in_the_middle(vault)
    app = make_app(tmp_path, vault)
    entered, release = threading.Event(), threading.Event()

    def held_find_marks(*args: Any) -> Found:
        entered.set()
        release.wait(30)
        return find_marks(*args)

    async with app.run_test(size=(160, 50)) as pilot:
        view = await _open_at_the_match(pilot)
        third = view.body.size.height // 3
        before = view.body.scroll_y
        monkeypatch.setattr(note_view, "find_marks", held_find_marks)
        view.set_finder(None)  # the entities changed: the marks are found again
        await _until(pilot, entered.is_set)
        assert entered.is_set() and view.painter.current("match") is None
        await pilot.press("b")
        await _until(pilot, lambda: view.body.scroll_y < before)
        release.set()
        await settle(pilot)
        assert _match_row(view) == third


@run_async
async def test_next_match_at_the_end_of_a_part_goes_to_the_next_parts_first(
    tmp_path: Path,
) -> None:
    """`n` on the last match of what is rendered mounts the next part and goes to its first
    match (it used to wrap around to the note's first match)."""
    vault = vault_copy(tmp_path)
    paragraph = "这一段只是为了占地方的长句子，" * 12
    paragraphs = [paragraph] * 60
    paragraphs[3] += "锚点词一。"
    paragraphs[55] += "锚点词二。"
    body = "\n\n".join(paragraphs)
    (vault / "anchor.md").write_text(f"---\ntitle: 锚点\n---\n\n{body}\n", encoding="utf-8")
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await pilot.press("slash", *"锚点词", "enter", "enter")
        await settle(pilot)
        view = screen.query_one(NoteView)
        assert view.painter.current_match == 0
        await pilot.press("n")
        await settle(pilot)
        assert len(view.painter.found.matches) == 2
        assert view.painter.current_match == 1
        assert "锚点词二" in view.painter.originals[view.painter.current("match").leaf].plain


@run_async
async def test_scrolling_to_a_match_twice_before_a_refresh_lands_in_the_same_place(
    tmp_path: Path,
) -> None:
    """The match's place is taken from the body's layout, not from screen regions, which
    still show the old scroll until the next refresh (two re-wraps in one refresh once
    scrolled the match far off)."""
    vault = vault_copy(tmp_path)
    _long_note_with_a_match_in_the_middle(vault)
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(160, 50)) as pilot:
        view = await _open_at_the_match(pilot)
        placed = view.body.scroll_y
        view.body.scroll_to(y=0, animate=False, immediate=True)
        view.move_match(1)  # the only match again, with no refresh since the scroll
        assert view.body.scroll_y == placed
