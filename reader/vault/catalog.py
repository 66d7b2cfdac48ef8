"""The catalog: every note's metadata (no body, no raw frontmatter), saved beside the index.

It lets the reader list a 10,000-note vault at once without parsing a single file, and it
is what an update compares the disk against (mtime and size, then content digest). It is
written atomically after the index commits; if it is missing, stale or unreadable the next
update simply re-reads more notes. Part of the core: never imports Textual.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reader.notes.fields import TITLE_SOURCES
from reader.notes.note import Note, Skipped

CATALOG_FILE = "catalog.json"
#: Bump when what a catalog holds changes meaning (e.g. how notes are parsed); the field
#: list is checked as well. Version 6: `created` and `date created`-style keys are dates, and
#: titles come from a level-1 heading only (or as `title_from` says). Version 7: setext
#: headings and Logseq's `title::` give titles, and CJK-friendly emphasis makes them plain.
CATALOG_VERSION = 7


@dataclasses.dataclass
class Catalog:
    """Notes (bodies left empty) and skipped files, by vault-relative path."""

    notes: dict[str, Note] = dataclasses.field(default_factory=dict)
    skipped: dict[str, Skipped] = dataclasses.field(default_factory=dict)
    #: (mtime_ns, size) of each skipped file when it was looked at.
    skipped_stat: dict[str, tuple[int, int]] = dataclasses.field(default_factory=dict)
    #: The index generation this catalog describes (-1: unknown). When it is the index's
    #: current one, the two agree and the index need not be asked which notes it holds.
    generation: int = -1
    #: The order of title sources the notes were read with: a catalog read with another
    #: order holds other titles, and every note is read again.
    title_from: tuple[str, ...] = TITLE_SOURCES

    def recorded_stat(self, path: str) -> tuple[int, int] | None:
        """(mtime_ns, size) the catalog recorded for a note or a skipped file."""
        note = self.notes.get(path)
        if note is not None:
            return note.mtime_ns, note.size
        return self.skipped_stat.get(path)


def _signature() -> list[str]:
    return [f.name for f in dataclasses.fields(Note)]


def catalog_stamp(directory: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of the saved catalog, to tell whether another process rewrote it."""
    try:
        info = (directory / CATALOG_FILE).stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def load_catalog(directory: Path) -> Catalog | None:
    """The saved catalog, or None if there is none or it cannot be used."""
    try:
        text = (directory / CATALOG_FILE).read_text(encoding="utf-8")
        with _collector_paused():
            data = json.loads(text)
            if data.get("version") != CATALOG_VERSION or data.get("fields") != _signature():
                return None
            notes = _notes_from(data["notes"])
        skipped = {p: Skipped(p, r) for p, (r, _, _) in data["skipped"].items()}
        stats = {p: (int(m), int(s)) for p, (_, m, s) in data["skipped"].items()}
        order = tuple(str(source) for source in data.get("title_from", TITLE_SOURCES))
        return Catalog(notes, skipped, stats, int(data.get("generation", -1)), order)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection meanwhile: loading 10,000 notes makes a million
    containers, and the collections they trigger walk them all again and again (they find
    nothing: JSON has no cycles). Halves the time of `json.loads` here (0.18 -> 0.08 s).

    Afterwards they are frozen (`gc.freeze`), so later collections do not walk them either
    (the next full one took ~90 ms). Nothing leaks: the records hold no cycles, so reference
    counting frees them when the catalog is dropped, frozen or not.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def save_catalog(directory: Path, catalog: Catalog) -> None:
    """Write the catalog atomically (a reader never sees half a file). May raise OSError."""
    data = {
        "version": CATALOG_VERSION,
        "fields": _signature(),
        "generation": catalog.generation,
        "title_from": list(catalog.title_from),
        "notes": [_note_to(n) for n in catalog.notes.values()],
        "skipped": {
            p: [s.reason, *catalog.skipped_stat.get(p, (0, 0))] for p, s in catalog.skipped.items()
        },
    }
    # json.dumps, not json.dump: only the former uses the C encoder (5x faster here).
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    write_atomically(directory / CATALOG_FILE, text)


def write_atomically(path: Path, text: str) -> None:
    """Write a file of the index folder whole or not at all: a reader in another process
    sees the old file or the new one, never half of one. May raise OSError."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _note_to(note: Note) -> list[Any]:
    """One note as a row of field values in `Note`'s field order: no keys, which makes the
    file a third smaller and loading it twice as fast as a mapping per note."""
    row = [getattr(note, name) for name in _signature()]
    row[_BODY] = ""
    row[_META] = {}  # the raw frontmatter: only the open note's card shows it, from the file
    return row


def _notes_from(rows: list[list[Any]]) -> dict[str, Note]:
    """The notes of the rows `_note_to` wrote, by path."""
    notes: dict[str, Note] = {}
    for row in rows:
        for index in _TUPLES:
            row[index] = tuple(row[index])
        row[_ENTITIES] = {key: tuple(names) for key, names in row[_ENTITIES].items()}
        note = Note(*row)
        notes[note.path] = note
    return notes


_FIELDS = _signature()
_BODY, _META, _ENTITIES = (_FIELDS.index(name) for name in ("body", "meta", "entities"))
#: Fields held as tuples in a `Note` (JSON gives lists).
_TUPLES = [_FIELDS.index("problems"), _FIELDS.index("aliases")]
