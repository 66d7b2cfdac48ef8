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
import marshal
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reader.notes.fields import TITLE_SOURCES
from reader.notes.note import Note, Skipped, file_stat

CATALOG_FILE = "catalog.marshal"
#: The file earlier versions wrote (JSON): removed when a catalog is saved. It is never read:
#: its titles were made by earlier rules (setext and `title::` titles, CJK-friendly emphasis),
#: so the notes are read again instead.
LEGACY_FILE = "catalog.json"
#: Bump when what a catalog holds changes meaning (e.g. how notes are parsed); the field
#: list is checked as well. Version 6: `created` and `date created`-style keys are dates, and
#: titles come from a level-1 heading only (or as `title_from` says). Version 7: the same
#: records, in `marshal` rather than JSON (see `load_catalog`). Version 8: setext headings
#: and Logseq's `title::` give titles, and CJK-friendly emphasis makes them plain.
CATALOG_VERSION = 8


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
    #: Names this catalog as saved: files saved with it (the pinyin name table) carry it.
    token: str = ""

    def recorded_stat(self, path: str) -> tuple[int, int] | None:
        """(mtime_ns, size) the catalog recorded for a note or a skipped file."""
        note = self.notes.get(path)
        if note is not None:
            return note.mtime_ns, note.size
        return self.skipped_stat.get(path)


def catalog_record(note: Note) -> Note:
    """What the catalog keeps of a note read whole: no body and no raw frontmatter, as a
    saved catalog holds it (`_note_to`). The frontmatter's values live on in the
    fields made from it; a 50,000-note build's parent held ~1 KB a note more otherwise."""
    return dataclasses.replace(note, body="", meta={}) if note.body or note.meta else note


def catalog_stamp(directory: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of the saved catalog, to tell whether another process rewrote it."""
    return file_stat(str(directory), CATALOG_FILE)


def load_catalog(directory: Path) -> Catalog | None:
    """The saved catalog, or None if there is none or it cannot be used.

    The file is `marshal` data: rows of field values, every repeated string (entity names,
    type keys, statuses) written once and referred to after, so loading makes each string
    once and no list needs turning into a tuple; notes are made without running the
    dataclass's `__init__`. For 10,000 notes this takes about a quarter of the time JSON
    took (see docs/decisions.md). A file from another Python whose `marshal` cannot read it
    is simply not used (the next update reads the notes again), never an error.
    """
    try:
        data = (directory / CATALOG_FILE).read_bytes()
    except OSError:
        return None
    try:
        with collector_paused():
            head, rows, skipped = marshal.loads(data)
            if head.get("version") != CATALOG_VERSION or head.get("fields") != _FIELDS:
                return None
            notes = _notes_from_tuples(rows)
        return Catalog(
            notes,
            {path: Skipped(path, reason) for path, reason, _, _ in skipped},
            {path: (int(mtime), int(size)) for path, _, mtime, size in skipped},
            int(head.get("generation", -1)),
            tuple(str(source) for source in head.get("title_from", TITLE_SOURCES)),
            token=str(head.get("token", "")),
        )
    except (EOFError, ValueError, KeyError, TypeError, AttributeError):
        return None


@contextlib.contextmanager
def collector_paused(collect_after: bool = False) -> Iterator[None]:
    """No cyclic garbage collection meanwhile: loading 10,000 notes makes a million
    containers, and the collections they trigger walk them all again and again (they find
    nothing: the records hold no cycles); with JSON this halved the load (0.18 -> 0.08 s).

    Afterwards they are frozen (`gc.freeze`), so later collections do not walk them either
    (the next full one took ~90 ms). Nothing leaks: the records hold no cycles, so reference
    counting frees them when the catalog is dropped, frozen or not. Code that drops cycles
    while paused asks for one collection first (`collect_after`): frozen, a parallel build
    parent's few hundred objects of cyclic garbage kept the memory around them (~130 MB
    after a 50,000-note build, and 13 MB more at its peak) from being reused.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collect_after:
            gc.collect()
        gc.freeze()
        if enabled:
            gc.enable()


def save_catalog(directory: Path, catalog: Catalog) -> None:
    """Write the catalog atomically (a reader never sees half a file), and remove the file
    of an earlier version. It gets a new `token`. May raise OSError."""
    shared: dict[Any, Any] = {}
    catalog.token = os.urandom(8).hex()
    head = {
        "version": CATALOG_VERSION,
        "token": catalog.token,
        "fields": _FIELDS,
        "generation": catalog.generation,
        "title_from": list(catalog.title_from),
    }
    rows = [_note_to(note, shared) for note in catalog.notes.values()]
    skipped = [
        (path, item.reason, *catalog.skipped_stat.get(path, (0, 0)))
        for path, item in catalog.skipped.items()
    ]
    write_atomically(directory / CATALOG_FILE, marshal.dumps((head, rows, skipped)))
    (directory / LEGACY_FILE).unlink(missing_ok=True)


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write a file of the index folder whole or not at all: a reader in another process
    sees the old file or the new one, never half of one. May raise OSError."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _note_to(note: Note, shared: dict[Any, Any]) -> tuple[Any, ...]:
    """One note as a row of field values in `Note`'s field order (no keys), its body and
    raw frontmatter left out (only the open note's card shows the frontmatter, read from
    the file). Equal strings and tuples are made the same object through `shared`, so
    that `marshal` writes each once and refers to it after."""
    row = [getattr(note, name) for name in _FIELDS]
    row[_BODY] = ""
    row[_META] = {}
    for index in _SHARED:
        row[index] = _shared(row[index], shared)
    row[_ENTITIES] = {
        shared.setdefault(key, key): _shared(names, shared) for key, names in note.entities.items()
    }
    return tuple(row)


def _shared(value: Any, shared: dict[Any, Any]) -> Any:
    """The one object standing for `value` (a string, or a tuple of strings)."""
    if isinstance(value, tuple):
        value = tuple(shared.setdefault(item, item) for item in value)
    return shared.setdefault(value, value)


def _notes_from_tuples(rows: list[tuple[Any, ...]]) -> dict[str, Note]:
    """The notes of the rows `_note_to` wrote, by path. Each is made as `__init__` would
    make it, field by field, without running it (a frozen dataclass's `__init__` sets
    each field through `object.__setattr__`: most of the time of loading a catalog)."""
    notes: dict[str, Note] = {}
    make = object.__new__
    for row in rows:
        note = make(Note)
        note.__dict__.update(zip(_FIELDS, row, strict=True))
        notes[note.path] = note
    return notes


_FIELDS = [f.name for f in dataclasses.fields(Note)]
_BODY, _META, _ENTITIES = (_FIELDS.index(name) for name in ("body", "meta", "entities"))
#: Fields whose values often repeat from note to note (written once, see `_note_to`).
_SHARED = [_FIELDS.index(name) for name in ("date", "status", "encoding", "problems", "aliases")]
