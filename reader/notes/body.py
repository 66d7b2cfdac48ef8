"""Reading a cataloged note's body fast: no frontmatter parsing.

Search checks and snippets need the bodies of a few dozen notes per query. The catalog
knows where each body starts in the decoded text, so while a file is unchanged since it was
cataloged (same mtime and size) the body is a slice of the decoded file. Part of the core:
never imports Textual.
"""

from __future__ import annotations

import os
from pathlib import Path

from reader.notes.encoding import decode
from reader.notes.note import Note, normalise_text


def read_body(root: Path, note: Note) -> str | None:
    """The note's body, or None if the file changed since it was cataloged or is unreadable."""
    try:
        with open(root / note.path, "rb") as handle:
            info = os.fstat(handle.fileno())
            if (info.st_mtime_ns, info.st_size) != (note.mtime_ns, note.size):
                return None
            raw = handle.read()
    except OSError:
        return None
    text, _, _ = decode(raw)
    return normalise_text(text)[note.body_offset :]
