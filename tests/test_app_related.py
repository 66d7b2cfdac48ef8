"""Pilot tests: the sidebar's related notes in a vault with neither entities nor links come
from the notes' text, and say so."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from reader.tui.messages import OpenNote
from reader.tui.widgets.sidebar import Sidebar
from tests.app_helpers import main_screen, make_app, run_async, settle
from tests.vaults import PLAIN_NOTES, write_notes


@run_async
async def test_a_vault_without_entities_shows_notes_alike(tmp_path: Path) -> None:
    app = make_app(tmp_path, write_notes(tmp_path / "vault", PLAIN_NOTES))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        screen.post_message(OpenNote("a-lca.md"))
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "a-lca.md"
        options = screen.query_one(Sidebar).query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        related = lines[lines.index("Related notes") + 1 :]
        assert len(related) == 2
        assert related[0].startswith("LCA in a BST") and "similar: " in related[0]
        assert related[1].startswith("Deepest leaves")
