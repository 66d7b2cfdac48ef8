"""Pilot tests: the command palette's "Open note…" and "Go to entity…" providers."""

from __future__ import annotations

from textual.command import CommandPalette

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
