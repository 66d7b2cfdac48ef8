"""Bringing the catalog and the index up to date with the notes on disk.

Unchanged notes are recognised by mtime and size, then by content digest, and never
re-indexed. Notes are read lazily while the index writer consumes them, so a cold build of
a large vault never holds every body in memory. While the notes are read, a `SoFar` can hand
the records read so far to a caller now and then (the TUI lists them during a first build).
An OS file lock (`update.lock` in the index folder) makes concurrent updaters of one vault
take turns; one that cannot get the lock in time leaves the index as it is and says so.
Part of the core: never imports Textual.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.notes.fields import TITLE_SOURCES
from reader.notes.note import Note, Skipped, file_stat, load_note, scan_notes
from reader.search.locking import folder_lock
from reader.vault.catalog import Catalog, catalog_record, collector_paused
from reader.vault.disk_check import stat_changed

if TYPE_CHECKING:  # importing the index imports Whoosh: only when an update runs
    from reader.search.index.store import SearchIndex

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
#: Receives the catalog records read so far (bodies empty), how many files were handled and
#: how many there are. The tuple is a copy that is never changed: it may go to another thread.
ReadSoFar = Callable[[tuple[Note, ...], int, int], None]

#: The shortest time between two hand-outs of the notes read so far, in seconds: each copies
#: every record read (about 1 ms for 10,000), and a list refreshed more often than this is
#: a list the reader cannot follow anyway.
SO_FAR_EVERY = 0.5


@dataclass
class UpdateSummary:
    """What one update did."""

    notes: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    problems: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary `reader index` prints."""
        return (
            f"{self.notes} notes: {self.added} added, {self.changed} changed, "
            f"{self.removed} removed, {self.problems} with problems, {self.seconds:.2f} s"
        )


@contextlib.contextmanager
def update_lock(directory: Path | None, wait: float) -> Iterator[bool]:
    """Hold the vault's update lock (none for an index in memory); yields False if another
    process kept it for `wait` seconds."""
    if directory is None:
        yield True
        return
    with folder_lock(directory, wait) as held:
        yield held


class SoFar:
    """Hands the records an update has read so far to `callback`, at most every `every` s.

    The update offers its new catalog after each note it reads; most offers only look at the
    clock, so the cost of the copy is paid twice a second, not once a note. The first offer
    is handed out at once (a first note to show), and `flush()` hands out the last records
    when the reading ends (the index's commit may take seconds more). Offers and copies
    happen on the updating thread, between two notes, so the catalog never changes while it
    is copied. `clock` is for tests.
    """

    def __init__(
        self,
        callback: ReadSoFar,
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._callback = callback
        self._every = SO_FAR_EVERY if every is None else every
        self._clock = clock
        self._next = float("-inf")
        self._pending: tuple[Catalog, int, int] | None = None

    def offer(self, catalog: Catalog, done: int, total: int) -> None:
        """Note that `done` of `total` files were handled; hand the records out if it is time."""
        self._pending = (catalog, done, total)
        now = self._clock()
        if now >= self._next:
            self._next = now + self._every
            self.flush()

    def flush(self) -> None:
        """Hand out the last offered records, unless they were handed out already."""
        if self._pending is not None:
            catalog, done, total = self._pending
            self._pending = None
            self._callback(tuple(catalog.notes.values()), done, total)


@dataclass(frozen=True)
class Scanning:
    """How an update scans each note it reads and found changed (for the link model):
    `scan` runs where the note was read and parsed, which may be a worker process (so it
    must pickle: a module-level class), and `keep` receives its result in this process."""

    scan: Callable[[Note], Any]
    keep: Callable[[str, Any], None]


@dataclass(frozen=True)
class NoteReading:
    """What a worker of a parallel build does with each note (`SearchIndex.build`): read it,
    scan it while its body is in hand, and send back its catalog record (body left out),
    its scan, or why it was skipped. Picklable, so it may run in another process."""

    root: Path
    keys: tuple[str, ...]
    title_from: tuple[str, ...]
    scan: Callable[[Note], Any] | None

    def __call__(self, path: str) -> tuple[Note | None, tuple[str, Note | Skipped, Any]]:
        loaded = load_note(self.root, path, self.keys, self.title_from)
        if isinstance(loaded, Skipped):
            return None, (path, loaded, None)
        found = self.scan(loaded) if self.scan is not None else None
        return loaded, (path, catalog_record(loaded), found)


class Synchroniser:
    """One pass over the vault: decides what changed and streams it into the index."""

    def __init__(
        self,
        root: Path,
        keys: list[str],
        old: Catalog,
        index: SearchIndex,
        title_from: tuple[str, ...] = TITLE_SOURCES,
        scan: Scanning | None = None,
    ) -> None:
        self.root = root
        self.scan = scan
        self._root_text = str(root)
        self.keys = keys
        self.title_from = title_from
        self.old = old
        self.index = index
        self.new = Catalog(title_from=title_from)
        self.summary = UpdateSummary()
        self.indexed: set[str] = set()
        #: Whether the new catalog differs from the old one (and so must be saved).
        self.changed = False

    def run(
        self,
        progress: Progress | None,
        cancelled: Cancelled | None,
        wait: float,
        so_far: SoFar | None = None,
    ) -> Catalog:
        """Update the index; return the new catalog (the old one if cancelled or busy).

        `so_far`, if given, is offered the new catalog as the notes are read.
        """
        from reader.search.index.store import IndexBusy

        started = time.perf_counter()
        paths, left_out = scan_notes(self.root)
        for skipped in left_out:
            self.new.skipped[skipped.path] = skipped
            self.new.skipped_stat[skipped.path] = (0, 0)
        indexed = self.indexed = self._indexed_paths()
        to_read = self._to_read(paths, indexed)
        on_disk = set(paths)
        deleted = [p for p in (set(self.old.notes) | indexed) if p not in on_disk]
        self.summary.removed = len(set(self.old.notes) - on_disk)
        done = len(paths) - len(to_read)
        workers = self.index.parallel_workers(len(to_read))
        try:
            if workers:  # a cold build: the index is empty or rebuilt, nothing to delete
                hooks = (progress, cancelled, so_far)
                self._build(to_read, workers, hooks, (done, len(paths)), wait)
            elif to_read or deleted:
                stream = self._read(to_read, progress, done, len(paths), so_far)
                self.index.update(stream, deleted, wait=wait, cancelled=cancelled)
        except IndexBusy:
            self.summary.messages.append(
                "Another process is updating the index; using it as it is."
            )
            return self.old
        if cancelled is not None and cancelled():
            return self.old
        self.changed = bool(
            to_read or deleted or self.old.skipped.keys() != self.new.skipped.keys()
        )
        # Notes skipped now but indexed before must leave the index too.
        stale = [p for p in self.new.skipped if p in indexed]
        if stale:
            self.index.update((), stale, wait=wait)
            self.changed = True
        self.new.generation = self.index.generation()
        self._finish(started)
        if not self.changed and self.new.generation == self.old.generation:
            return self.old  # the same notes: keep the catalog (and what was built on it)
        return self.new

    def _indexed_paths(self) -> set[str]:
        """The notes the index holds: the old catalog's when it describes the index's
        current generation (the usual case), else asked of the index (after a crash
        between a commit and the catalog's save)."""
        if self.old.generation >= 0 and self.old.generation == self.index.generation():
            return set(self.old.notes)
        return self.index.indexed_paths()

    def _to_read(self, paths: list[str], indexed: set[str]) -> list[str]:
        """The notes of `paths` to read again (in their order); the others' old records
        are kept in the new catalog: indexed notes whose file is as recorded, and files
        skipped before that did not change."""
        changed = set(stat_changed(self._root_text, paths, self.old.notes))
        old, new = self.old.notes, self.new.notes
        to_read = []
        for path in paths:
            if path not in changed and path in indexed:
                new[path] = old[path]
            elif path not in self.old.skipped or not self._still_skipped(path):
                to_read.append(path)
        return to_read

    def _still_skipped(self, path: str) -> bool:
        """Keep the skip of a file skipped before while its mtime and size are as then."""
        stat = file_stat(self._root_text, path)
        if stat is None or stat != self.old.skipped_stat.get(path):
            return False
        self.new.skipped[path] = self.old.skipped[path]
        self.new.skipped_stat[path] = stat
        return True

    def _read(
        self,
        paths: list[str],
        progress: Progress | None,
        done: int,
        total: int,
        so_far: SoFar | None = None,
    ) -> Iterator[Note]:
        """Load each note and yield those the index must (re)write."""
        for path in paths:
            loaded = load_note(self.root, path, self.keys, self.title_from)
            done += 1
            if self._filed(path, loaded, (done, total), progress, so_far):
                assert isinstance(loaded, Note)
                if self.scan is not None:
                    self.scan.keep(path, self.scan.scan(loaded))
                yield loaded
        if so_far is not None:
            so_far.flush()

    def _filed(
        self,
        path: str,
        read: Note | Skipped,
        step: tuple[int, int],
        progress: Progress | None,
        so_far: SoFar | None,
    ) -> bool:
        """File a note just read (its catalog record, the body left out) or skipped, and
        say how far the reading is. True when the index must (re)write it: it is counted
        as added or changed (a note touched but not changed is not)."""
        done, total = step
        if progress is not None:
            progress(done, total)
        if isinstance(read, Skipped):
            self._record_skip(path, read)
            return False
        old = self.old.notes.get(path)
        self.new.notes[path] = catalog_record(read)
        if so_far is not None:
            so_far.offer(self.new, done, total)
        if old is not None and old.digest == read.digest and path in self.indexed:
            return False
        if old is None:
            self.summary.added += 1
        else:
            self.summary.changed += 1
        return True

    def _build(
        self,
        paths: list[str],
        workers: int,
        hooks: tuple[Progress | None, Cancelled | None, SoFar | None],
        counts: tuple[int, int],
        wait: float,
    ) -> None:
        """A cold build in `workers` processes (`SearchIndex.build`): they read, scan and
        index the notes; this process files what they send back, as `_read` does."""
        progress, cancelled, so_far = hooks
        scan = self.scan
        if scan is not None:
            # Its records hold the scan's classes: loaded here, before the workers are
            # forked, they share the parser instead of each importing it (~0.1 s apiece).
            import reader.markdown.scan  # noqa: F401
        reading = NoteReading(
            self.root, tuple(self.keys), self.title_from, None if scan is None else scan.scan
        )
        done, total = counts

        def receive(item: tuple[str, Note | Skipped, Any]) -> None:
            nonlocal done
            path, record, found = item
            done += 1
            if self._filed(path, record, (done, total), progress, so_far) and scan is not None:
                scan.keep(path, found)

        with collector_paused(collect_after=True):  # the records hold no cycles
            self.index.build(
                paths, reading, receive, workers=workers, wait=wait, cancelled=cancelled
            )
        if so_far is not None:
            so_far.flush()
        # In the order of the paths, as a build in one process files them.
        order = {path: n for n, path in enumerate(paths)}
        notes = sorted(self.new.notes.items(), key=lambda item: order.get(item[0], -1))
        self.new.notes = dict(notes)

    def _record_skip(self, path: str, skipped: Skipped) -> None:
        self.new.skipped[path] = skipped
        self.new.skipped_stat[path] = file_stat(self._root_text, path) or (0, 0)

    def _finish(self, started: float) -> None:
        self.summary.notes = len(self.new.notes)
        self.summary.problems = sum(1 for n in self.new.notes.values() if n.problems) + len(
            self.new.skipped
        )
        self.summary.rebuilt = self.index.rebuilt
        self.summary.seconds = time.perf_counter() - started
