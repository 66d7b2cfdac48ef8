"""A cold build on every core: worker processes that each read, prepare and index notes.

The parent hands out the paths of the notes to read, a few dozen at a time, on a queue. Each
worker reads and prepares a note with a `Prepare` callable (decoding, frontmatter, the
link scan: whatever the caller needs), adds the note to a Whoosh segment of its own and
sends back what the parent keeps (catalog records, link records). When the paths run out,
each worker finishes its segment and the parent commits them all in one table of contents.

Whoosh's own parallel writer (`procs=N`) indexes documents the parent has already read
and prepared, pickled through temporary files: the parent then does all the reading and
parsing on one core while the workers wait for it. Here the parent only hands out paths
and files records, so a build scales with the cores it is given.

Workers are forked (where the platform can) and end with their parent (see
`workers_end_with_this_process`). Part of the core: never imports Textual.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
import queue
import signal
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from whoosh.writing import SegmentWriter

from reader.notes.note import Note
from reader.search.index.adding import add_note
from reader.search.index.schema import document_for
from reader.search.index.segment import BulkWriter

#: Reads one note for the index: the note to index (None: nothing to index) and what the
#: parent is sent back for it. Runs in a worker process, so it must pickle (a module-level
#: class or function), and it must not raise for a bad note.
Prepare = Callable[[str], tuple[Note | None, Any]]
#: Receives, in the parent, what `Prepare` returned for each note (in no particular order).
Receive = Callable[[Any], None]

#: Paths handed out at a time: enough to make the queues cheap, few enough that the
#: workers finish together (a job of the largest notes takes well under a second).
CHUNK = 32
#: How long the parent waits for a message before it checks that its workers still live.
POLL = 0.5


#: The pid of this process while it runs a parallel build, else None.
_parallel_parent: int | None = None
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in every forked child: a worker of a parallel build ends with its parent.

    Whoosh's workers block on a queue fed by the parent and inherit its lock files; if the
    parent is killed (SIGKILL) they would wait forever and keep the index locked. On Linux
    the kernel kills them when the parent dies; if it died before this ran, exit now.
    """
    parent = _parallel_parent
    if parent is None or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_die_with_parent)


@contextlib.contextmanager
def workers_end_with_this_process() -> Iterator[None]:
    """While it lasts (a parallel build), every process forked from this one ends when this
    one does (see `_die_with_parent`)."""
    global _parallel_parent
    _parallel_parent = os.getpid()
    try:
        yield
    finally:
        _parallel_parent = None


def worker_count() -> int:
    """The cores this process may use (its CPU affinity where the OS tells it)."""
    count = getattr(os, "process_cpu_count", None)  # Python 3.13
    if count is not None:
        return int(count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _context() -> Any:
    """Fork where the platform has it: the worker inherits the imported modules (start-up
    of a spawned interpreter is ~0.3 s) and the hook that ties it to its parent's life."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _work(storage: Any, name: str, jobs: Any, results: Any, prepare: Prepare, limitmb: int) -> None:
    """A worker: index the notes of each job in a segment of its own; then send the segment.

    Messages sent: ("notes", [received…]) per job, ("done", segment or None) at the end, or
    ("error", traceback) if anything failed (the segment is then abandoned).
    """
    gc.freeze()  # what the worker was forked with: its collections need not walk it
    gc.enable()  # the parent may have paused its collector: a worker keeps it running
    writer = None
    try:
        writer = BulkWriter(storage.open_index(name), _lk=False, limitmb=limitmb)
        while (paths := jobs.get()) is not None:
            sent = []
            for path in paths:
                note, back = prepare(path)
                if note is not None:
                    add_note(writer, document_for(note))
                sent.append(back)
            results.put(("notes", sent))
        if writer.docnum:
            results.put(("done", writer._finalize_segment()))
        else:
            writer._close_segment()
            results.put(("done", None))
    except BaseException:
        results.put(("error", traceback.format_exc()))
        if writer is not None:
            writer.cancel()


class WorkerFailed(RuntimeError):
    """A worker of a parallel build failed or died; the build committed nothing."""


def build_segments(
    writer: SegmentWriter,
    paths: Sequence[str],
    prepare: Prepare,
    receive: Receive,
    workers: int,
    limitmb: int,
    cancelled: Callable[[], bool] | None = None,
) -> list[Any] | None:
    """Index `paths` in `workers` processes; return their segments (None if cancelled).

    `writer` is the parent's writer: it holds the index's lock and commits the segments
    (see `commit_segments`); the workers write beside it without locking, each filling at
    most `limitmb` of memory with postings before it spills them to disk.
    """
    context = _context()
    jobs, results = context.Queue(), context.Queue()
    args = (writer.storage, writer.indexname, jobs, results, prepare, limitmb)
    procs = [context.Process(target=_work, args=args) for _ in range(workers)]
    for proc in procs:  # forked before the first `put` starts the queue's feeding thread
        proc.daemon = True
        proc.start()
    try:
        for start in range(0, len(paths), CHUNK):
            jobs.put(list(paths[start : start + CHUNK]))
        for _ in range(workers):
            jobs.put(None)
        segments = _collect(procs, results, receive, cancelled)
    except BaseException:
        _stop(procs)
        raise
    finally:
        jobs.close()
        jobs.cancel_join_thread()
    for proc in procs:
        proc.join()
    return segments


def _collect(
    procs: list[Any], results: Any, receive: Receive, cancelled: Callable[[], bool] | None
) -> list[Any] | None:
    """Hand each worker's records to `receive` until every worker has sent its segment."""
    segments: list[Any] = []
    done = 0
    while done < len(procs):
        if cancelled is not None and cancelled():
            _stop(procs)
            return None
        try:
            kind, value = results.get(timeout=POLL)
        except queue.Empty:
            if any(p.exitcode not in (None, 0) for p in procs):
                raise WorkerFailed("a worker process of the index build died") from None
            continue
        if kind == "notes":
            for item in value:
                receive(item)
        elif kind == "done":
            done += 1
            if value is not None:
                segments.append(value)
        else:
            raise WorkerFailed(f"a worker of the index build failed:\n{value}")
    return segments


def _stop(procs: list[Any]) -> None:
    """End every worker now (their unfinished files are cleaned by the next commit)."""
    for proc in procs:
        if proc.is_alive():
            proc.kill()
    for proc in procs:
        proc.join()


def commit_segments(writer: SegmentWriter, segments: list[Any], mergetype: Any) -> None:
    """Commit the workers' segments with what `writer` keeps of the index's old ones, as
    Whoosh's multi-segment writer does; release the lock."""
    final = list(writer._merge_segments(mergetype, None, None))
    final += segments
    if writer._added:  # the merge policy copied notes of worn segments into this writer
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()
