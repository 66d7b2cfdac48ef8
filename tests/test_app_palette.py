"""Pilot tests: the command palette's "Open note…" and "Go to entity…" providers."""

from __future__ import annotations

import asyncio

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from tests.app_helpers import main_screen, make_app, run_async, settle


@run_async
async def test_palette_opens_notes_and_goes_to_entities() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        target = next(n for n in screen.vault.notes() if n.title.startswith("失衡的乌托邦"))

        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"失衡乌托邦")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert not CommandPalette.is_open(app)
        assert screen.note is not None and screen.note.path == target.path

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to entity")
        await pilot.pause(0.6)
        await pilot.press("enter")  # the command opens an entities-only palette
        await pilot.pause(0.3)
        assert CommandPalette.is_open(app)
        await pilot.press(*"Yann LeCun")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        listing = screen.history.current.listing
        assert listing.mode == "entity" and listing.entity is not None
        assert listing.entity.name == "Yann LeCun"


async def _offered(pilot: Pilot[None], text: str) -> None:
    """Wait until the open palette lists a hit showing `text` first (the pinyin lookup runs
    in a thread; a loaded machine may take a while)."""
    for _ in range(100):
        await pilot.pause(0.05)
        hits = pilot.app.screen.query(CommandList)
        if (
            hits
            and hits.first().option_count
            and text in str(hits.first().get_option_at_index(0).prompt)
        ):
            return
    raise AssertionError(f"the palette never offered {text!r} first")


@run_async
async def test_palette_finds_notes_and_entities_by_pinyin() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        await asyncio.to_thread(lambda: screen.vault.names)  # the pinyin table, made once

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open note")
        await pilot.pause(0.6)
        await pilot.press("enter")  # the notes-only palette
        await pilot.pause(0.3)
        await pilot.press(*"renwutyd")  # 人物：田渊栋: two syllables in full, then initials
        await _offered(pilot, "人物：田渊栋")
        await pilot.press("enter")
        await settle(pilot)
        assert not CommandPalette.is_open(app)
        assert screen.note is not None and screen.note.path == "people/田渊栋.md"

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Go to entity")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"tianyuandong")
        await _offered(pilot, "田渊栋")
        await pilot.press("enter")
        await settle(pilot)
        listing = screen.history.current.listing
        assert listing.mode == "entity" and listing.entity is not None
        assert listing.entity.name == "田渊栋"
