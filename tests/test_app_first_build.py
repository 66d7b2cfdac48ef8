"""Pilot tests of a first build (no saved catalog): the list fills with the notes read so
far, no note opens by itself, and what the user did while it ran decides the end.

The build is held at known points: the note loading of `reader.vault.sync` waits on an event
after a given number of files, and every note read is handed out (no throttling), so what
the list shows at a hold depends on nothing but the count. Opening a note reads it through
`Vault.read`, which the hold does not touch.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from reader.notes.note import Note, Skipped, scan_notes
from reader.tui.rows import Row
from reader.tui.widgets.note_list import NoteList, NoteOptions
from reader.vault import sync
from tests.app_helpers import main_screen, make_app, run_async, settle, vault_copy

#: How long a held build waits at most (only reached if a test fails while holding it).
HOLD_LIMIT = 60.0


class HeldBuild:
    """Holds a first build before the file after each of `stops` files, until released."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *stops: int) -> None:
        self.loaded: list[Note | Skipped] = []
        self._stops = {n: (threading.Event(), threading.Event()) for n in stops}
        real = sync.load_note

        def load(root: Path, path: str, keys: list[str], *order: tuple[str, ...]) -> Note | Skipped:
            stop = self._stops.get(len(self.loaded))
            if stop is not None:
                stop[0].set()
                stop[1].wait(HOLD_LIMIT)
            loaded = real(root, path, keys, *order)
            self.loaded.append(loaded)
            return loaded

        monkeypatch.setattr(sync, "load_note", load)
        monkeypatch.setattr(sync, "SO_FAR_EVERY", 0.0)

    async def reached(self, stop: int, pilot: Pilot[None]) -> None:
        """Wait until the build is held at `stop`, then until the screen handled what the
        build posted before it (the messages are queued by then)."""
        assert await asyncio.to_thread(self._stops[stop][0].wait, HOLD_LIMIT)
        for _ in range(3):
            await pilot.pause()

    def release(self, stop: int) -> None:
        """Let the build go on from `stop`."""
        self._stops[stop][1].set()

    def read_paths(self) -> set[str]:
        """The notes read so far (files that could not be loaded are not notes)."""
        return {n.path for n in self.loaded if isinstance(n, Note)}

    @contextmanager
    def holding(self) -> Iterator[HeldBuild]:
        """Release every hold on the way out, so a failing test never leaves a build held."""
        try:
            yield self
        finally:
            for _, release in self._stops.values():
                release.set()


async def _note_shown(pilot: Pilot[None], path: str) -> None:
    """Wait until the note at `path` is read and shown while the build is held (`settle`
    would wait for the build too): in rounds of handling every queued message, waiting for
    the reading worker whenever there is one."""
    screen = main_screen(pilot)
    for _ in range(20):
        await pilot.pause()
        if screen.note is not None and screen.note.path == path:
            return
        reads = [w for w in pilot.app.workers if w.group == "read"]
        if reads:
            await pilot.app.workers.wait_for_complete(reads)
    raise AssertionError(f"{path} was never shown")


def _caption(pilot: Pilot[None]) -> str:
    return str(main_screen(pilot).query_one("#list-caption", Static).render())


@run_async
async def test_the_list_fills_during_a_first_build_and_ends_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, vault_copy(tmp_path))
    with HeldBuild(monkeypatch, 6).holding() as build:
        async with app.run_test(size=(160, 50)) as pilot:
            await build.reached(6, pilot)
            screen = main_screen(pilot)
            note_list = screen.query_one(NoteList)
            assert {row.path for row in note_list.rows} == build.read_paths()
            dates = [row.date for row in note_list.rows if row.date]
            assert dates == sorted(dates, reverse=True)
            total = len(scan_notes(tmp_path / "vault")[0])
            assert _caption(pilot).startswith(f"Indexing 6 of {total} — notes read so far")
            assert note_list.selected == note_list.rows[0].path
            await pilot.pause(0.3)  # longer than a preview's delay: still nothing opens
            assert screen.note is None and screen.history.current.note is None
            assert note_list.options.has_focus

            build.release(6)
            await settle(pilot)
            assert _caption(pilot).startswith("All notes")
            rows = list(note_list.rows)
            assert len(rows) == len(screen.vault.notes()) > 6
            assert note_list.selected == rows[0].path
            assert screen.note is not None and screen.note.path == rows[0].path


@run_async
async def test_a_note_opened_during_the_build_stays_open_and_selected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, vault_copy(tmp_path))
    with HeldBuild(monkeypatch, 4, 12).holding() as build:
        async with app.run_test(size=(160, 50)) as pilot:
            await build.reached(4, pilot)
            screen = main_screen(pilot)
            note_list = screen.query_one(NoteList)
            await pilot.press("j", "enter")
            chosen = note_list.rows[1].path
            assert note_list.selected == chosen
            await _note_shown(pilot, chosen)

            build.release(4)  # more notes arrive, some above the open one
            await build.reached(12, pilot)
            assert len(note_list.rows) > 4
            assert note_list.selected == chosen
            assert screen.note is not None and screen.note.path == chosen

            build.release(12)
            await settle(pilot)
            assert _caption(pilot).startswith("All notes")
            assert len(note_list.rows) == len(screen.vault.notes())
            assert note_list.selected == chosen
            assert screen.note is not None and screen.note.path == chosen
            assert screen.history.current.note == chosen


@run_async
async def test_a_cursor_moved_during_the_build_stays_where_the_user_put_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, vault_copy(tmp_path))
    with HeldBuild(monkeypatch, 5).holding() as build:
        async with app.run_test(size=(160, 50)) as pilot:
            await build.reached(5, pilot)
            note_list = main_screen(pilot).query_one(NoteList)
            await pilot.press("j", "j")
            chosen = note_list.rows[2].path
            # Released at once: the build may end before or after the cursor's preview;
            # either way the end is the same.
            build.release(5)
            await settle(pilot)
            screen = main_screen(pilot)
            assert len(note_list.rows) == len(screen.vault.notes())
            assert note_list.selected == chosen
            assert screen.note is not None and screen.note.path == chosen


@run_async
async def test_a_refill_keeps_the_cursors_note_in_place_and_the_focus() -> None:
    rows = [Row(f"n{i:04d}.md", f"笔记 {i}", date=f"2025-01-{i % 28 + 1:02d}") for i in range(400)]
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        note_list = main_screen(pilot).query_one(NoteList)
        options = note_list.query_one(NoteOptions)
        note_list.show(rows[100:], "caption")
        options.focus()
        await pilot.press(*["j"] * 40)
        await pilot.pause()
        chosen = note_list.selected
        assert chosen == rows[140].path and options.scroll_y > 0
        line = options.line_of(40)
        assert line is not None
        offset = line - options.scroll_y

        note_list.refill(rows, "caption", chosen)  # 100 newer rows arrive above
        await pilot.pause()
        assert note_list.selected == chosen and options.highlighted == 140
        moved_line = options.line_of(140)
        assert moved_line is not None and moved_line - options.scroll_y == offset
        assert options.has_focus
