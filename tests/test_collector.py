"""The TUI's garbage collection: full collections wait for a pause (`reader.tui.collector`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from reader.tui.collector import FULL_AFTER, FULL_AT_THE_LATEST, IDLE_AFTER, NEVER, TICK
from reader.tui.collector import IdleCollector as Collector
from tests.app_helpers import make_app, run_async, settle


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def installed() -> Iterator[tuple[Collector, Clock]]:
    clock = Clock()
    collector = Collector(clock)
    before = gc.get_threshold()
    collector.install()
    gc.collect()  # no full collection pending: the tests count their own
    try:
        yield collector, clock
    finally:
        collector.uninstall()
        assert gc.get_threshold() == before


def _young_collections(count: int) -> None:
    """Run `count` generation-1 collections (each adds one to the full collection's count)."""
    for _ in range(count):
        gc.collect(1)


def _ticks(collector: Collector, clock: Clock, seconds: float) -> list[bool]:
    """Tick on time for `seconds`; what each tick did."""
    done = []
    for _ in range(round(seconds / TICK)):
        clock.now += TICK
        done.append(collector.tick())
    return done


def test_cpython_makes_no_full_collection_while_installed(
    installed: tuple[Collector, Clock],
) -> None:
    young, middle, _ = gc.get_threshold()
    assert gc.get_threshold() == (young, middle, NEVER)


def test_a_full_collection_waits_for_a_pause_in_the_input(
    installed: tuple[Collector, Clock],
) -> None:
    collector, clock = installed
    _young_collections(FULL_AFTER)
    collector.saw_input()
    assert not any(_ticks(collector, clock, IDLE_AFTER - TICK))
    assert gc.get_count()[2] >= FULL_AFTER
    assert _ticks(collector, clock, TICK) == [True]
    assert gc.get_count()[2] == 0
    assert not any(_ticks(collector, clock, 5.0))  # nothing is due any more


def test_nothing_runs_before_enough_has_happened(installed: tuple[Collector, Clock]) -> None:
    collector, clock = installed
    _young_collections(FULL_AFTER - 1)
    assert not any(_ticks(collector, clock, 5.0))


def test_a_late_tick_counts_as_busy(installed: tuple[Collector, Clock]) -> None:
    collector, clock = installed
    _young_collections(FULL_AFTER)
    _ticks(collector, clock, IDLE_AFTER + TICK)  # collects: idle since it was made
    _young_collections(FULL_AFTER)
    clock.now += 0.5  # the app was busy for half a second: the tick comes late
    assert not collector.tick()
    assert not any(_ticks(collector, clock, IDLE_AFTER - TICK))
    assert any(_ticks(collector, clock, 2 * TICK))


def test_a_reader_who_never_pauses_still_gets_full_collections(
    installed: tuple[Collector, Clock],
) -> None:
    collector, _ = installed
    _young_collections(FULL_AT_THE_LATEST)
    collector.saw_input()
    assert collector.tick()


def test_nothing_runs_when_not_installed_or_while_textual_pauses_the_collector() -> None:
    clock = Clock()
    collector = Collector(clock)
    _young_collections(FULL_AT_THE_LATEST)
    assert not any(_ticks(collector, clock, 2.0))  # not installed
    collector.install()
    try:
        gc.disable()
        try:
            assert not any(_ticks(collector, clock, 2.0))
        finally:
            gc.enable()
        assert any(_ticks(collector, clock, 2.0))
    finally:
        collector.uninstall()


@run_async
async def test_the_app_owns_full_collections_only_while_it_runs() -> None:
    before = gc.get_threshold()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.get_threshold()[2] == NEVER
        quiet = app.collector.last_busy
        await pilot.press("j")
        assert app.collector.last_busy > quiet  # a key counts as activity
    assert gc.get_threshold() == before
