"""Whoosh 3's term file (`OrderedHashWriter`), filled a segment at a time: the hash of each
entry's key, the positions of the entries, and the hash tables written when it closes.

`reader.search.index.w3_writing` adds the entries itself; these helpers give the same
bytes as the term file's own `add` and `_write_hashes`, in fewer steps. Whoosh is pinned
(`pyproject.toml`). Part of the core: never imports Textual.
"""

from __future__ import annotations

import importlib
from array import array
from collections.abc import Callable
from functools import partial
from hashlib import md5
from itertools import starmap
from struct import Struct
from typing import Any

#: A hash table's slot: the key's hash and its entry's position (`filetables._pointer`).
_POINTER = Struct("!Iq")


def _quick_md5() -> Callable[[bytes], Any]:
    """CPython's own md5 (the same digest; for short keys a quicker call than OpenSSL's
    through `hashlib`), or hashlib's where Python was built without it."""
    try:
        return importlib.import_module("_md5").md5
    except ImportError:  # pragma: no cover - a Python built without it
        return partial(md5, usedforsecurity=False)


_md5 = _quick_md5()


def md5_key_hash(key: bytes) -> int:
    """`filetables.md5_hash` of a key: its md5 digest's last four bytes as a number, taken
    from the digest rather than read back through its hex digits."""
    return int.from_bytes(_md5(key).digest()[12:], "big")


def extend_index(index: Any, positions: list[int]) -> None:
    """Append entry positions to the term file's `GrowableArray`, in one step when they
    fit its type (else one at a time, as its `append` widens it)."""
    try:
        more = array(index.typecode, positions)
    except OverflowError:
        for position in positions:
            index.append(position)
        return
    index.array.extend(more if isinstance(index.array, array) else positions)


def write_hash_tables(tindex: Any) -> None:
    """`HashWriter._write_hashes`, each table packed in one call: the same slots (linear
    probing from the hash's upper bits, in the order the entries were added)."""
    dbfile = tindex.dbfile
    position = dbfile.tell()
    empty = (0, 0)
    for entries in tindex.buckets:
        size = 2 * len(entries)
        tindex.directory.append((position, size))
        table = [empty] * size
        for entry in entries:
            slot = (entry[0] >> 8) % size
            while table[slot] != empty:
                slot = (slot + 1) % size
            table[slot] = entry
        packed = b"".join(starmap(_POINTER.pack, table))
        dbfile.write(packed)
        position += len(packed)
