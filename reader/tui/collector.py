"""Full garbage collections at idle moments instead of in the middle of what the reader does.

With a large vault loaded, a full (generation 2) collection takes 0.1-0.15 s here, and
CPython starts one whenever enough objects have survived the younger generations: typically
right when a note opens or the list refills, because laying those out allocates the most.
Opening a 1 MB note in the 10,000-note benchmark then stalled the screen for 0.28 s, of
which 0.15 s was that collection. The app turns CPython's own full collections off while it
runs and makes them itself in a pause: no key or mouse event for a moment, and its own
timer ticking on time (a late tick means the app was busy, say re-rendering a note that
changed on disk). The younger generations are collected as usual. A user who never pauses
still gets a full collection after `FULL_AT_THE_LATEST` younger ones, so cyclic garbage
never piles up without bound.

Only the TUI uses this; it is plain Python (no Textual), so it is tested on its own.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

#: A full collection is due after this many generation-1 collections (CPython's default is
#: 10; each one follows ~7,000 net allocations).
FULL_AFTER = 10
#: ... and is made even while the reader is busy once this many have passed.
FULL_AT_THE_LATEST = 200
#: How long without input or a late tick counts as idle, in seconds.
IDLE_AFTER = 1.0
#: How often the app calls `tick()`, and how late a tick may come before it counts as busy.
TICK = 0.25
LATE = 0.05
#: CPython's third threshold set out of reach: it never starts a full collection itself.
NEVER = 1 << 30


class IdleCollector:
    """Owns the full collections while installed: `tick()` makes one when it is due."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._saved: tuple[int, int, int] | None = None
        self._last_tick: float | None = None
        #: When the reader or the app was last seen busy.
        self.last_busy = clock()

    def install(self) -> None:
        """Take the full collections over from CPython (until `uninstall`)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, NEVER)

    def uninstall(self) -> None:
        """Give the full collections back to CPython, with its thresholds as they were."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def saw_input(self) -> None:
        """A key or mouse event arrived: the reader is busy now."""
        self.last_busy = self._clock()

    def due(self) -> bool:
        """Whether a full collection should run now."""
        pending = gc.get_count()[2]  # generation-1 collections since the last full one
        if pending >= FULL_AT_THE_LATEST:
            return True
        return pending >= FULL_AFTER and self._clock() - self.last_busy >= IDLE_AFTER

    def tick(self) -> bool:
        """Called every `TICK` seconds: make a full collection if one is due (True if it
        ran). Textual turns the collector off during smooth scrolling; then nothing runs."""
        now = self._clock()
        if self._last_tick is not None and now - self._last_tick > TICK + LATE:
            self.last_busy = now
        self._last_tick = now
        if self._saved is None or not gc.isenabled() or not self.due():
            return False
        gc.collect()
        self._last_tick = self._clock()  # the collection's own time is not a late tick
        return True
