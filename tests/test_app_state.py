"""Pilot tests: what the reader remembers between runs (reading places, the open note, the
history, bookmarks and recent notes) and how it survives a bad state file. Each test starts
the app, quits it as a user does (`q`) and starts it again on the same vault and state."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Static

from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.note_view import NoteView
from reader.vault.reading import READING_FILE
from tests.app_helpers import main_screen, make_app, run_async, settle, started, tree_digest
from tests.write_guard import guard

SIZE = (120, 40)

#: A paragraph of about 400 characters: 40 sections of three make a note of several parts.
PARAGRAPH = "这一段讲的是阅读位置。" * 20 + "The reader keeps its place. " * 6


def long_note(sections: int = 40) -> str:
    """A long note with a heading per section (it is shown in parts)."""
    body = "".join(
        f"## Section {i}\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n"
        for i in range(1, sections + 1)
    )
    return f"---\ntitle: Long note\ndate: 2031-01-01\n---\n{body}"


def make_vault(tmp_path: Path) -> Path:
    """Three notes: the long one is the newest (opened first on a fresh start)."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "long.md").write_text(long_note(), encoding="utf-8")
    for name, date in (("short", "2030-01-01"), ("other", "2029-01-01")):
        text = f"---\ntitle: {name.title()} note\ndate: {date}\n---\n# {name}\n\n{PARAGRAPH}\n"
        (vault / f"{name}.md").write_text(text, encoding="utf-8")
    return vault


def state_file(tmp_path: Path) -> Path:
    """Where `make_app(tmp_path, …)` keeps the reading state (beside the index folder)."""
    return tmp_path / "index.state" / READING_FILE


async def _go_deep(pilot: Pilot[None], view: NoteView, heading: str, lines: int) -> float:
    """Scroll the note so that `heading` is at the top, then `lines` further; the scroll."""
    assert await view.goto_anchor(heading)
    await settle(pilot)
    view.body.scroll_to(y=view.body.scroll_y + lines, animate=False, immediate=True)
    await settle(pilot)
    return view.body.scroll_y


async def _quit(pilot: Pilot[None]) -> None:
    await pilot.press("q")
    await pilot.pause()


@run_async
async def test_a_restart_reopens_a_long_note_at_its_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make_vault(tmp_path)
    before = tree_digest(vault)
    written = guard(monkeypatch, vault)
    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        view = main_screen(pilot).query_one(NoteView)
        assert view.note is not None and view.note.path == "long.md" and view.has_more
        first_part = view.markdowns()[0].virtual_region.height
        deep = await _go_deep(pilot, view, "Section 30", 5)
        assert deep > first_part  # the place is in a part mounted later
        await _quit(pilot)
    assert json.loads(state_file(tmp_path).read_text(encoding="utf-8"))["open"] == "long.md"

    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        screen = main_screen(pilot)
        view = screen.query_one(NoteView)
        assert screen.note is not None and screen.note.path == "long.md"
        assert screen.query_one(NoteList).selected == "long.md"
        assert view.body.scroll_y == deep
        place = view.place()
        assert place is not None and place.heading == "Section 30"
        await _quit(pilot)
    assert written.attempts == []
    assert tree_digest(vault) == before


@run_async
async def test_a_changed_note_reopens_at_the_same_heading(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        view = main_screen(pilot).query_one(NoteView)
        deep = await _go_deep(pilot, view, "Section 12", 3)
        await _quit(pilot)
    text = (vault / "long.md").read_text(encoding="utf-8")
    head, body = text.split("---\n", 2)[1:]
    added = f"## A new first section\n\n{PARAGRAPH}\n\n{PARAGRAPH}\n\n"
    (vault / "long.md").write_text(f"---\n{head}---\n{added}{body}", encoding="utf-8")

    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        view = main_screen(pilot).query_one(NoteView)
        assert view.note is not None and view.note.path == "long.md"
        place = view.place()
        assert place is not None and place.heading == "Section 12"
        tops = {text: top for text, _, top in view._headings()}
        assert view.body.scroll_y == tops["Section 12"] != deep  # the heading at the top


@run_async
async def test_the_history_survives_a_restart(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        screen = main_screen(pilot)
        await pilot.press("j", "enter")  # short.md, a step
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "short.md"
        await pilot.press("slash", *"Other")
        for _ in range(100):  # the search starts when the typing settles, then runs
            await pilot.pause(0.05)
            if screen.history.current.listing.mode == "search":
                break
        await settle(pilot)
        assert screen.history.current.listing.mode == "search"
        await pilot.press("down", "enter")  # the hit: other.md
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "other.md"
        steps = len(screen.history)
        await _quit(pilot)

    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        screen = main_screen(pilot)
        assert screen.note is not None and screen.note.path == "other.md"
        assert screen.history.current.listing.mode == "all"  # a start shows every note
        assert len(screen.history) == steps + 1
        screen.query_one(NoteList).options.focus()
        await pilot.press("backspace")
        await settle(pilot)
        listing = screen.history.current.listing
        assert (listing.mode, listing.query) == ("search", "Other")
        assert screen.note is not None and screen.note.path == "other.md"
        await pilot.press("backspace")  # the search as it was typed, over short.md
        await settle(pilot)
        assert screen.history.current.listing.mode == "search"
        assert screen.note is not None and screen.note.path == "short.md"
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.history.current.listing.mode == "all"
        assert screen.note is not None and screen.note.path == "short.md"


def _palette_titles(pilot: Pilot[None]) -> list[str]:
    hits = pilot.app.screen.query(CommandList)
    assert hits, "no palette is open"
    options = hits.first()
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def _listed(pilot: Pilot[None], first: str = "") -> list[str]:
    """What the open palette lists, once it lists something (starting with `first`) and
    the list stays the same: its providers answer in tasks, which a loaded machine runs late."""
    seen: list[str] = []
    for _ in range(100):
        await pilot.pause(0.05)
        hits = pilot.app.screen.query(CommandList)
        if hits and hits.first().option_count:
            titles = _palette_titles(pilot)
            if titles[0].startswith(first) and titles == seen:
                return titles  # the same twice: every hit is in
            seen = titles
    raise AssertionError(f"the palette never listed {first!r} first")


async def _palette(pilot: Pilot[None], *keys: str) -> list[str]:
    """Open a palette with `keys`, read what it lists, close it."""
    await pilot.press(*keys)
    assert CommandPalette.is_open(pilot.app)
    titles = await _listed(pilot)
    await pilot.press("escape")
    await pilot.pause()
    return titles


@run_async
async def test_bookmarks_and_recent_notes(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        screen = main_screen(pilot)
        await pilot.press("j", "j", "enter")  # other.md
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        card = str(screen.query_one("#note-card", Static).content)
        assert card.startswith("★ Other note")
        note_list = screen.query_one(NoteList)
        at = note_list.position("other.md")
        assert at is not None
        assert "★ Other note" in str(note_list.options.get_option_at_index(at).prompt)
        note_list.options.focus()  # enter put the focus on the note
        await pilot.press("k", "enter")  # short.md
        await settle(pilot)

        # Newest first (the long note shown at start-up counts only if it stayed 1.5 s).
        recent = await _palette(pilot, "r")
        assert [t.split("\n")[0] for t in recent[:2]] == ["Short note", "★ Other note"]
        assert [t.split("\n")[0] for t in await _palette(pilot, "R")] == ["★ Other note"]
        await pilot.press("ctrl+p")
        await pilot.pause(0.2)
        await pilot.press(*"Bookmarks")
        await _listed(pilot, "Bookmarks")
        await pilot.press("enter")  # the bookmarks-only palette, listed at once
        assert [t.split("\n")[0] for t in await _listed(pilot, "★")] == ["★ Other note"]
        await pilot.press("enter")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "other.md"
        await _quit(pilot)

    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        screen = main_screen(pilot)
        assert screen.note is not None and screen.note.path == "other.md"
        assert str(screen.query_one("#note-card", Static).content).startswith("★ ")
        await pilot.press("m")  # the bookmark is taken away
        await settle(pilot)
        assert not str(screen.query_one("#note-card", Static).content).startswith("★")
        await pilot.press("R")
        await pilot.pause()
        assert not CommandPalette.is_open(pilot.app)
        assert "No bookmarks yet" in [n.message for n in pilot.app._notifications][-1]
        await _quit(pilot)
    saved = json.loads(state_file(tmp_path).read_text(encoding="utf-8"))
    assert saved["bookmarks"] == {}


@run_async
async def test_a_corrupt_state_file_is_reported_and_replaced(tmp_path: Path) -> None:
    vault = make_vault(tmp_path)
    state = state_file(tmp_path)
    state.parent.mkdir(parents=True)
    state.write_text('{"version": 1, "notes": [1, 2', encoding="utf-8")
    app = make_app(tmp_path, vault)
    async with started(app, SIZE) as pilot:
        screen = main_screen(pilot)
        messages = [n.message for n in app._notifications]
        assert any("unreadable" in m and str(state) in m for m in messages), messages
        assert screen.note is not None and screen.note.path == "long.md"  # as a fresh start
        await pilot.press("j", "enter")
        await settle(pilot)
        await _quit(pilot)
    assert json.loads(state.read_text(encoding="utf-8"))["open"] == "short.md"
    assert state.with_name(READING_FILE + ".bad").read_text(encoding="utf-8").startswith('{"ver')


@run_async
async def test_back_returns_deep_into_a_long_note(tmp_path: Path) -> None:
    """Back to a long note puts it where it was, mounting the parts above that place."""
    vault = make_vault(tmp_path)
    async with started(make_app(tmp_path, vault), SIZE) as pilot:
        screen = main_screen(pilot)
        view = screen.query_one(NoteView)
        note_list = screen.query_one(NoteList)
        note_list.options.focus()
        await pilot.press("enter")  # long.md as a step of its own
        await settle(pilot)
        deep = await _go_deep(pilot, view, "Section 25", 4)
        note_list.options.focus()
        await pilot.press("j", "enter")  # short.md
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "short.md"
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "long.md"
        assert view.body.scroll_y == deep
