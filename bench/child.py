"""Measurements that run in a fresh child process, so each has its own memory peak.

Each prints one JSON line on stdout. Started by `bench.reader_side` as
`python -m bench.child COMMAND ARGS…`:

    build VAULT INDEX                       cold build (index folder emptied first)
    update VAULT INDEX ROUNDS               1 changed + 1 added + 1 deleted, ROUNDS times
    search VAULT INDEX QUERIES.json REPEATS latency (top 20 with snippets) and all hits
    tui VAULT INDEX [BIG_NOTE]              start to painted list (first frame with rows, and
                                            when the app is next idle); open a big note
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import shutil
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()


def process_age() -> float:
    """Seconds since this process started (interpreter start-up included), 10 ms grain."""
    try:
        stat = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return uptime - int(stat[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.perf_counter() - STARTED


def build(vault: Path, index: Path) -> dict[str, object]:
    """Cold build of the reader's index; seconds exclude interpreter start-up."""
    from reader.vault.vault import Vault

    shutil.rmtree(index, ignore_errors=True)
    began = time.perf_counter()
    summary = Vault(vault, index).update()
    return {
        "seconds": time.perf_counter() - began,
        "imports": began - STARTED,
        "notes": summary.notes,
        "added": summary.added,
    }


def _change(vault: Path, paths: list[str], round_: int) -> str:
    """Rewrite one note with a new paragraph, atomically (hard links stay intact)."""
    target = vault / paths[(round_ * 7919) % len(paths)]
    text = target.read_text(encoding="utf-8") + f"\n\n第{round_}轮修改：新增一段文字 edit{round_}\n"
    tmp = target.with_name(f".tmp-{target.name}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target.relative_to(vault).as_posix()


def update(vault: Path, index: Path, rounds: int) -> dict[str, object]:
    """Time `Vault.update()` after 1 change, 1 addition and 1 deletion, `rounds` times.

    Each round uses a fresh `Vault` (catalog and index opened anew), as a new process would
    after `open_cached()`. Also times an update with nothing changed.
    """
    from reader.notes.note import iter_note_paths
    from reader.vault.vault import Vault

    def timed() -> tuple[float, dict[str, int]]:
        fresh = Vault(vault, index)
        fresh.open_cached()
        began = time.perf_counter()
        summary = fresh.update()
        counts = {"added": summary.added, "changed": summary.changed, "removed": summary.removed}
        return time.perf_counter() - began, counts

    timed()  # make sure the index is current first
    noop = [timed()[0] for _ in range(3)]
    times, counts = [], []
    for round_ in range(rounds):
        paths = [p for p in iter_note_paths(vault) if not p.startswith(("big/", "added/"))]
        _change(vault, paths, round_)
        added = vault / "added" / f"new-{time.time_ns()}.md"
        added.parent.mkdir(exist_ok=True)
        added.write_text(f"---\ntitle: 新笔记 {round_}\n---\n\n新的内容 round {round_}\n", "utf-8")
        (vault / paths[(round_ * 104729 + 13) % len(paths)]).unlink()
        seconds, count = timed()
        times.append(seconds)
        counts.append(count)
    return {"noop": noop, "times": times, "counts": counts}


def search(vault: Path, index: Path, queries_file: Path, repeats: int) -> dict[str, object]:
    """In-process search: open, first query, then every query `repeats` times (top 20 with
    snippets), and every matching path (no limit) for recall."""
    from reader.search.query import parse
    from reader.vault.vault import Vault

    queries = json.loads(queries_file.read_text(encoding="utf-8"))
    began = time.perf_counter()
    summary = Vault(vault, index).update()  # a no-op unless the core changed its schema
    prepared = {"seconds": time.perf_counter() - began, "rebuilt": summary.rebuilt}
    began = time.perf_counter()
    v = Vault(vault, index)
    v.open_cached()
    opened = time.perf_counter() - began
    began = time.perf_counter()
    v.search(queries[0], limit=20)
    first = time.perf_counter() - began
    for text in queries:  # warm the lexicons and the OS cache once
        v.search(text, limit=20)
    results = []
    for text in queries:
        times = []
        for _ in range(repeats):
            began = time.perf_counter()
            hits = v.search(text, limit=20)
            times.append(time.perf_counter() - began)
        node = parse(text, v.config)
        every = getattr(v, "search_paths", None) or v.search_node  # renamed in the core
        paths = [p for p, _ in every(node, None)] if node is not None else []
        results.append({"query": text, "times": times, "paths": paths, "top": len(hits)})
    return {"open": opened, "first": first, "prepared": prepared, "results": results}


async def _tui(vault: Path, index: Path, big: str | None) -> dict[str, object]:
    from reader.tui.app import build_app
    from reader.tui.messages import OpenNote
    from reader.tui.widgets.note_list import NoteList
    from reader.tui.widgets.note_view import NoteView

    out: dict[str, object] = {}
    app = build_app(vault, index_dir=index)
    async with app.run_test(size=(160, 50)) as pilot:
        while True:
            lists = app.screen.query(NoteList)
            if lists and lists.first().options.option_count > 0:
                break
            await pilot.pause(0.01)
        out["painted"] = await _next_frame(app)
        await pilot.pause()  # Textual's "idle": the process used < 1 ms of CPU for a while
        out["settled"] = process_age()
        out["listed"] = lists.first().options.option_count
        if big:
            out.update(await _open_big(app, pilot, big, OpenNote, NoteView))
    return out


async def _next_frame(app, clock=process_age) -> float:  # type: ignore[no-untyped-def]
    """`clock()` when the next screen refresh is done: the first frame that shows what
    the app has just been given."""
    done = asyncio.Event()
    stamp: list[float] = []

    def mark() -> None:
        stamp.append(clock())
        done.set()

    app.call_after_refresh(mark)
    await asyncio.wait_for(done.wait(), timeout=60)
    return stamp[0]


async def _open_big(app, pilot, big, open_note, note_view) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Open another note first (the big one is the newest, so it is open at start), let
    the app settle, then open the big note: the time until its first part is on screen,
    and the longest gap between two ticks of a 10 ms timer started beforehand (how long
    the UI stopped answering)."""
    view = app.screen.query_one(note_view)
    await _open(app, pilot, view, open_note, _another_note(app, big))
    await pilot.pause()
    ticks: list[float] = []
    timer = app.set_interval(0.01, lambda: ticks.append(time.perf_counter()))
    while len(ticks) < 3:  # the timer is running before the clock starts
        await asyncio.sleep(0.01)
    began = time.perf_counter()
    opened = await _open(app, pilot, view, open_note, big) - began
    await pilot.pause(0.5)
    timer.stop()
    gap = max((b - a for a, b in itertools.pairwise(ticks) if b > began), default=0.0)
    return {"open_big": opened, "max_gap": gap}


async def _open(app, pilot, view, open_note, path: str) -> float:  # type: ignore[no-untyped-def]
    """Ask the app to open `path`; return when its first part is on screen: the frame
    after the blocks of a new first part are mounted. (The open note's parts stay until
    the new note renders, and a part's widget is mounted empty before its Markdown is
    parsed and its blocks mounted: neither says the new note is shown.)"""
    old = view.markdowns()  # held, so no new widget can reuse their identities
    app.screen.post_message(open_note(path))
    began = time.perf_counter()

    def shown() -> bool:
        parts = view.markdowns()
        return bool(parts and all(parts[0] is not o for o in old) and parts[0].children)

    while not (view.note is not None and view.note.path == path and shown()):
        await pilot.pause(0.01)
        if time.perf_counter() - began > 60:
            raise TimeoutError(f"{path} did not open")
    return float(await _next_frame(app, time.perf_counter))


def _another_note(app, big: str) -> str:  # type: ignore[no-untyped-def]
    """A note other than the big one."""
    root = Path(app.vault.root)
    first = next(p for p in sorted(root.glob("part00/*.md")) if p.is_file())
    return first.relative_to(root).as_posix()


def tui(vault: Path, index: Path, big: str | None) -> dict[str, object]:
    """Start the TUI headless on a current index; see `_tui`."""
    return asyncio.run(_tui(vault, index, big))


def main(argv: list[str]) -> int:
    """Run one measurement and print its JSON."""
    command, args = argv[0], argv[1:]
    if command == "build":
        out = build(Path(args[0]), Path(args[1]))
    elif command == "update":
        out = update(Path(args[0]), Path(args[1]), int(args[2]))
    elif command == "search":
        out = search(Path(args[0]), Path(args[1]), Path(args[2]), int(args[3]))
    elif command == "tui":
        out = tui(Path(args[0]), Path(args[1]), args[2] if len(args) > 2 else None)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
