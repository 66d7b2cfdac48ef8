"""What the reader remembers of a vault between runs: where each note was left, which notes
were opened when, the bookmarks, the jump history and the note that was open.

One small JSON file per vault in the user's state folder (`reader.vault.locations`), never in
the vault. It is loaded whole at start-up (a few KB) and written whole and atomically
(`write_atomically`) when something changed, at most every few seconds and on exit: a crash
loses seconds of reading, never the file. A file that cannot be read is reported in one line,
kept beside as `reading.json.bad` and replaced by the next save. Two readers on one vault
merge on save: per note the latest opening wins, each side's bookmark changes apply on top
of the other's, and the history is the last writer's. Part of the core: never imports
Textual.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.notes.note import file_stat
from reader.vault.catalog import write_atomically

if TYPE_CHECKING:
    from reader.vault.vault import Vault

#: The file's name inside the vault's state folder.
READING_FILE = "reading.json"
#: Bump when the layout changes: an older reader then reports the file instead of misreading it.
READING_VERSION = 1
#: How many opened notes are remembered (the oldest are forgotten first; bookmarks stay).
KEEP_NOTES = 1000


def now_iso() -> str:
    """The current time as ISO 8601 with its UTC offset, to the millisecond (notes opened
    in one second still sort in the order they were opened)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Place:
    """Where a note was left: its scroll offset (good while the note and the pane's width
    are unchanged), and the heading above the top line (`nth` among headings of the same
    text), which finds the place again after the note changed or the pane was resized."""

    scroll: float = 0.0
    width: int = 0
    heading: str = ""
    nth: int = 0
    #: The note's content digest (`Note.digest`) when the place was taken.
    digest: str = ""


@dataclass
class Seen:
    """A note as the reader last had it open: when (ISO 8601) and where it was left."""

    opened: str
    place: Place | None = None


@dataclass(frozen=True)
class Recent:
    """One entry of the recent list: a note opened (`opened` None: bookmarked, never opened
    as far as the state knows) and whether it is bookmarked."""

    path: str
    opened: str | None
    bookmarked: bool


@dataclass
class ReadingState:
    """The remembered reading of one vault (see the module docstring)."""

    file: Path
    seen: dict[str, Seen] = field(default_factory=dict)
    #: Bookmarked notes and when each was bookmarked (ISO 8601).
    bookmarks: dict[str, str] = field(default_factory=dict)
    #: The jump history as the TUI saved it (opaque here), and the note that was open.
    history: dict[str, Any] = field(default_factory=dict)
    open_note: str | None = None
    #: What went wrong loading the file (one line), if anything.
    problem: str | None = None
    dirty: bool = False
    #: (mtime_ns, size) of the file as loaded or last saved: another reader wrote if it differs.
    stamp: tuple[int, int] | None = None
    _toggled: dict[str, str | None] = field(default_factory=dict)

    # -- changes ---------------------------------------------------------------------------

    def opened(self, path: str, when: str | None = None) -> None:
        """`path` was opened now (it moves to the top of the recent list)."""
        previous = self.seen.get(path)
        self.seen[path] = Seen(when or now_iso(), previous.place if previous else None)
        self.open_note = path
        self.dirty = True

    def leave(self, path: str, place: Place) -> None:
        """Remember where `path` was left (only marked changed when it moved)."""
        seen = self.seen.get(path)
        if seen is None:
            self.seen[path] = seen = Seen(now_iso())
        if seen.place != place:
            seen.place = place
            self.dirty = True

    def place(self, path: str) -> Place | None:
        """Where `path` was left, if it was."""
        seen = self.seen.get(path)
        return seen.place if seen is not None else None

    def toggle_bookmark(self, path: str) -> bool:
        """Bookmark `path`, or take its bookmark away; True when it is now bookmarked."""
        if path in self.bookmarks:
            del self.bookmarks[path]
            self._toggled[path] = None
        else:
            self.bookmarks[path] = self._toggled[path] = now_iso()
        self.dirty = True
        return path in self.bookmarks

    def set_history(self, history: dict[str, Any], open_note: str | None) -> None:
        """Keep the TUI's jump history and the open note (saved with the next save)."""
        if history != self.history or open_note != self.open_note:
            self.history, self.open_note = history, open_note
            self.dirty = True

    # -- lists -----------------------------------------------------------------------------

    def recent(self, limit: int | None = None) -> list[Recent]:
        """Opened notes, most recently opened first, then bookmarked notes never opened
        (as far as the state knows), most recently bookmarked first."""
        opened = sorted(self.seen.items(), key=lambda item: (item[1].opened, item[0]))
        rows = [Recent(p, s.opened, p in self.bookmarks) for p, s in reversed(opened)]
        marked = sorted(
            ((when, p) for p, when in self.bookmarks.items() if p not in self.seen), reverse=True
        )
        rows += [Recent(p, None, True) for _, p in marked]
        return rows if limit is None else rows[:limit]

    def bookmarked(self) -> list[str]:
        """Bookmarked notes, most recently bookmarked first."""
        return [p for p, _ in sorted(self.bookmarks.items(), key=lambda i: (i[1], i[0]))][::-1]

    # -- the file --------------------------------------------------------------------------

    def save(self) -> None:
        """Write the state if it changed, merged with what another reader wrote since it was
        loaded; a corrupt file is kept as `.bad` first. May raise OSError."""
        if not self.dirty:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        if self.problem is not None and self.file.exists():
            os.replace(self.file, self.file.with_name(self.file.name + ".bad"))
        elif _stamp(self.file) != self.stamp:
            self._merge(load_reading(self.file))
        self._forget_oldest()
        write_atomically(self.file, json.dumps(self._data(), ensure_ascii=False))
        self.stamp, self.problem, self.dirty = _stamp(self.file), None, False
        self._toggled.clear()

    def _merge(self, other: ReadingState) -> None:
        """Take in another reader's changes: later openings and its bookmarks, with this
        reader's own bookmark changes applied on top."""
        if other.problem is not None:
            return
        for path, seen in other.seen.items():
            mine = self.seen.get(path)
            if mine is None or seen.opened > mine.opened:
                self.seen[path] = seen
        self.bookmarks.clear()  # in place: the TUI holds this mapping
        self.bookmarks.update(other.bookmarks)
        for path, when in self._toggled.items():
            if when is None:
                self.bookmarks.pop(path, None)
            else:
                self.bookmarks[path] = when

    def _forget_oldest(self) -> None:
        if len(self.seen) > KEEP_NOTES:
            order = sorted(self.seen, key=lambda p: self.seen[p].opened, reverse=True)
            for path in order[KEEP_NOTES:]:
                del self.seen[path]

    def _data(self) -> dict[str, Any]:
        return {
            "version": READING_VERSION,
            "open": self.open_note,
            "notes": {
                path: {"opened": s.opened, **({"place": asdict(s.place)} if s.place else {})}
                for path, s in self.seen.items()
            },
            "bookmarks": self.bookmarks,
            "history": self.history,
        }


def load_reading(file: Path) -> ReadingState:
    """The state kept in `file`: empty when there is none; empty with `problem` set (and
    marked changed, so that the next save replaces the file) when it cannot be read."""
    state = ReadingState(file, stamp=_stamp(file))
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        return state
    except (OSError, UnicodeDecodeError) as exc:
        return _unreadable(state, str(getattr(exc, "strerror", None) or exc))
    try:
        _read_into(state, json.loads(text))
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        return _unreadable(state, str(exc) or type(exc).__name__)
    return state


def _unreadable(state: ReadingState, why: str) -> ReadingState:
    empty = ReadingState(state.file, stamp=state.stamp, dirty=True)
    empty.problem = f"The reading state {state.file} was unreadable ({why}); started afresh."
    return empty


def _read_into(state: ReadingState, data: Any) -> None:
    """Fill `state` from the file's JSON; raises ValueError (or TypeError, KeyError…) when
    it is not a state this reader wrote."""
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    if data.get("version") != READING_VERSION:
        raise ValueError(f"unknown version {data.get('version')!r}")
    for path, entry in dict(data["notes"]).items():
        place = entry.get("place")
        state.seen[str(path)] = Seen(
            str(entry["opened"]), _place(place) if place is not None else None
        )
    state.bookmarks = {str(p): str(when) for p, when in dict(data["bookmarks"]).items()}
    history = data.get("history") or {}
    state.history = dict(history)
    opened = data.get("open")
    state.open_note = str(opened) if opened is not None else None


def _place(data: dict[str, Any]) -> Place:
    return Place(
        scroll=float(data.get("scroll", 0.0)),
        width=int(data.get("width", 0)),
        heading=str(data.get("heading", "")),
        nth=int(data.get("nth", 0)),
        digest=str(data.get("digest", "")),
    )


def _stamp(file: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of the state file, to tell whether another reader rewrote it."""
    return file_stat(str(file.parent), file.name)


def reading_of(vault: Vault) -> ReadingState:
    """What the reader remembers of `vault`, loaded from its state folder now."""
    return load_reading(vault.state_dir / READING_FILE)
