"""The index folder's lock: one process at a time updates or (re)creates a vault's index.

An OS file lock (`flock` on `update.lock` in the index folder), released by the OS when a
process dies, so a killed reader never leaves the vault locked. Part of the core: never
imports Textual.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on POSIX: Whoosh's own lock still protects the index
    fcntl = None  # type: ignore[assignment]

LOCK_FILE = "update.lock"


@contextlib.contextmanager
def folder_lock(directory: Path, wait: float) -> Iterator[bool]:
    """Hold the folder's lock; yields False if another process kept it for `wait` seconds.

    Where there is nothing to lock with (no `fcntl`, a read-only folder) it yields True:
    nothing will be written there anyway.
    """
    if fcntl is None:
        yield True
        return
    try:
        handle = open(directory / LOCK_FILE, "a+b")  # noqa: SIM115 - held for the block
    except OSError:
        yield True
        return
    with handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    yield False
                    return
                time.sleep(0.05)
        try:
            yield True
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
