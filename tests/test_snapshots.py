"""Snapshot tests of the main views at fixed sizes (pytest-textual-snapshot).

Regenerate with `pytest tests/test_snapshots.py --snapshot-update` after a deliberate change,
and look at the report before committing the new SVGs. They run on the shared copy of the
seeds, so a change to `seeds/` changes them too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from textual.pilot import Pilot

from reader.tui.widgets.sidebar import SideOptions
from tests.app_helpers import make_app, reopened_shared_vault, settle


@pytest.fixture(autouse=True, scope="module")
def _index_built() -> Iterator[None]:
    """Every snapshot starts from the shared copy's index and link model already built, as
    a reader reopening a vault does, whichever test runs first in this process: built
    during a snapshot, the list of the small terminal was laid out while the notes arrived
    and its scrollbar sat a sub-cell higher (the snapshot failed when it ran first)."""
    reopened_shared_vault()
    yield


async def _ready(pilot: Pilot[None]) -> None:
    await settle(pilot)
    # A long note's next part is mounted by a timer (every 0.3 s) once the reader is near
    # its end, and the list may still be scrolling its cursor into view: let both finish.
    await pilot.pause(1.0)
    await settle(pilot)


def test_main_screen(snap_compare: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(160, 50), run_before=_ready)


def test_search_results(snap_compare: Any) -> None:
    async def search(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"田渊栋", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await _ready(pilot)

    assert snap_compare(make_app(), terminal_size=(160, 50), run_before=search)


def test_entity_view(snap_compare: Any) -> None:
    async def entity(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.screen.query_one(SideOptions).focus()
        await pilot.press("enter")
        await _ready(pilot)

    assert snap_compare(make_app(), terminal_size=(160, 50), run_before=entity)


def test_help_screen(snap_compare: Any) -> None:
    async def help_screen(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await _ready(pilot)

    assert snap_compare(make_app(), terminal_size=(160, 50), run_before=help_screen)


def test_small_terminal(snap_compare: Any) -> None:
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_ready)
