"""The term list of each index segment, kept as a text file beside the index.

The first query of a process expands its words against a field's term list
(`reader.search.index.lexicon`), and Whoosh hands a segment's terms over one at a time in Python:
on the 10,000-note benchmark index that was ~60 ms of every `reader search`, and it grows
with the vocabulary. A segment never changes once written (deletions are recorded apart),
so its list is saved the first time a process reads it, as `terms-<segment>-<field>.txt` in
the index folder, and later processes read the file instead. Saving removes the lists of
segments that left the index. A list that cannot be read or saved (a read-only folder, a
term with a line break in it) is simply taken from Whoosh. Part of the core: never imports
Textual.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

PREFIX = "terms-"
_SAFE = re.compile(r"[\w.-]+", re.ASCII)


def segment_terms(directory: Path | None, leaf: Any, field: str, live: Iterable[str]) -> list[str]:
    """The terms of `field` in one segment reader `leaf`; `live` names the segments of the
    index now (the saved lists of any other segment are removed)."""
    segment = segment_id(leaf)
    if directory is None or segment is None or not _SAFE.fullmatch(field):
        return _from_whoosh(leaf, field)
    path = directory / f"{PREFIX}{segment}-{field}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        terms = _from_whoosh(leaf, field)
        _save(path, terms, set(live))
        return terms
    return text.split("\n") if text else []


def _from_whoosh(leaf: Any, field: str) -> list[str]:
    return [t.decode("utf-8") if isinstance(t, bytes) else t for t in leaf.lexicon(field)]


def segment_id(leaf: Any) -> str | None:
    """The id of the segment a segment reader reads (None if it has none we can use)."""
    try:
        segment = str(leaf.segment().segment_id())
    except (AttributeError, TypeError):
        return None
    return segment if _SAFE.fullmatch(segment) else None


def _save(path: Path, terms: list[str], live: set[str]) -> None:
    """Write the list atomically; remove the lists of segments no longer in `live`."""
    if any("\n" in term for term in terms):
        return
    try:
        handle, temporary = tempfile.mkstemp(prefix=".terms-", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write("\n".join(terms))
        os.replace(temporary, path)
        for old in path.parent.glob(f"{PREFIX}*.txt"):
            if old.name[len(PREFIX) :].rsplit("-", 1)[0] not in live:
                old.unlink(missing_ok=True)
    except OSError:
        return
