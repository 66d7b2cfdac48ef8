"""What following a link in a note may do: open a web page, open another note of the
vault, or nothing.

Web addresses (http, https, mailto) are handed to the system only when the reader
activates the link themselves; a relative link opens the note it names when that note is
inside the vault; everything else (`file:`, absolute paths, links climbing out of the vault,
other schemes) is refused with a reason. Nothing is ever opened by merely showing a note.
Part of the core: never imports Textual.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urlsplit

WEB_SCHEMES = ("http", "https", "mailto")


@dataclass(frozen=True)
class LinkTarget:
    """Where a link leads: `kind` is "web" (open `target` in the browser), "note" (open the
    vault note `target`), "anchor" (a heading of this note) or "refused" (`target` says why)."""

    kind: Literal["web", "note", "anchor", "refused"]
    target: str


def resolve_link(href: str, note_path: str, known: set[str] | frozenset[str]) -> LinkTarget:
    """Decide what following `href`, found in the note `note_path`, may do.

    `known` holds the vault's note paths: a relative link must name one of them.
    """
    href = href.strip()
    parts = urlsplit(href)
    if parts.scheme:
        if parts.scheme.lower() in WEB_SCHEMES:
            return LinkTarget("web", href)
        return LinkTarget("refused", f"{parts.scheme}: links are not opened from notes")
    if not parts.path:
        return LinkTarget("anchor", parts.fragment)
    path = unquote(parts.path)
    if path.startswith("/"):
        return LinkTarget("refused", "links to absolute paths are not opened from notes")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(note_path), path))
    if joined == ".." or joined.startswith("../"):
        return LinkTarget("refused", "this link leads outside the vault")
    for candidate in (joined, f"{joined}.md"):
        if candidate in known:
            return LinkTarget("note", candidate)
    return LinkTarget("refused", f"no note {joined} in this vault")
