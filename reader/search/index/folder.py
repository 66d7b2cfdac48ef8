"""The index folder on disk: Whoosh's files beside `index.json`, which names the schema
version and the vault the index is of; opened as it is, or emptied and made afresh.

`SearchIndex` decides when (another version, a damaged index, a rebuild) and what to tell
the user; this module only touches the files. Kept apart so that the store is about writing
and searching. The folder is ours alone, never inside the vault.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

from whoosh import index as windex
from whoosh.filedb.filestore import FileStorage

from reader.search.index.schema import SCHEMA_VERSION, make_schema
from reader.search.locking import LOCK_FILE, folder_lock

META_FILE = "index.json"


def stored_version(directory: Path) -> int | None:
    """The schema version `index.json` names (None if there is none, or it is unreadable)."""
    try:
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        return int(meta["schema"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def open_index(directory: Path) -> windex.Index:
    """The index in the folder, its segments touched: a damaged index raises here (Whoosh
    raises many types for damaged files)."""
    ix = _storage(directory).open_index()
    ix.doc_count()
    return ix


def create_index(directory: Path, vault: Path | None) -> windex.Index:
    """A new empty index in the folder, made while holding the vault's update lock, so two
    processes opening a missing or damaged index never make it at once: everything in the
    folder but the lock file goes, unless another process has just made a good index.
    Raises `OSError` when the folder cannot be written."""
    with folder_lock(directory, 30.0):
        if stored_version(directory) == SCHEMA_VERSION:
            with contextlib.suppress(Exception):  # another process just made it
                return open_index(directory)
        for child in directory.iterdir():
            if child.name == LOCK_FILE:
                continue
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink(missing_ok=True)  # e.g. a term list just replaced
        ix = _storage(directory).create_index(make_schema())
        meta = {"schema": SCHEMA_VERSION, "vault": str(vault or "")}
        (directory / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
        return ix


def _storage(directory: Path) -> FileStorage:
    """The index folder's storage, read without memory maps: Whoosh 3 copies every file of
    a mapped segment into memory when a searcher opens (0.25 s and 180 MB on the
    10,000-note benchmark index); the bulk scorer reads each posting list in one call."""
    return FileStorage(str(directory), supports_mmap=False)
