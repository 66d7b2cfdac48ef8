"""A note's connections as a reader sees them: backlinks with the line around each link,
and unlinked mentions (notes whose text names the note without linking it); related notes
are `reader.vault.related`'s.

Mentions are found by the search index, so they match as a search does: whole words for
Latin, any position for CJK, folded. Part of the core: never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.notes.encoding import decode
from reader.notes.note import normalise_text
from reader.search.query import Or, Text
from reader.text.snippets import make_snippet
from reader.text.terminal import inert
from reader.vault.link_store import FRONTMATTER_LINE
from reader.vault.links import Link

if TYPE_CHECKING:
    from reader.vault.vault import Vault

#: How many characters of context a backlink shows at most.
CONTEXT_WIDTH = 150


@dataclass(frozen=True)
class Connection:
    """A note connected to another: its path, title, the 0-based line of the link (None for
    a mention, -1 for a link in the frontmatter), the text around it, and what to look for
    in it to find the place (the link's text as written, or the names mentioned)."""

    path: str
    title: str
    context: str
    line: int | None = None
    needles: tuple[str, ...] = ()


def backlinks(vault: Vault, path: str, limit: int | None = None) -> list[Connection]:
    """The notes linking to `path`, one entry per link, by source then place."""
    links = vault.links.backlinks(path)
    bodies: dict[str, list[str]] = {}
    found = []
    for link in links[:limit]:
        if link.source not in bodies:
            bodies[link.source] = _lines(vault, link.source)
        found.append(_connection(vault, link, bodies[link.source]))
    return found


def _lines(vault: Vault, path: str) -> list[str]:
    record = vault.get(path)
    body = vault.body(record) if record is not None else None
    return (body or "").split("\n")


def _connection(vault: Vault, link: Link, lines: list[str]) -> Connection:
    record = vault.get(link.source)
    title = record.title if record is not None else link.source
    line = link.ref.line
    if line == FRONTMATTER_LINE:
        text = f"(properties) [[{link.ref.target}]]"
    else:
        text = lines[line] if 0 <= line < len(lines) else ""
    needle = link.ref.target or link.ref.label or ""
    needles = (needle,) if needle and line != FRONTMATTER_LINE else ()
    return Connection(link.source, title, clip_around(text, link.ref.target), line, needles)


def file_line(vault: Vault, link: Link) -> int | None:
    """The 0-based line of a link in its note's file, as an editor numbers it (the body's
    line plus the frontmatter's); None for a link in the frontmatter."""
    record = vault.get(link.source)
    if link.ref.line < 0 or record is None:
        return None
    if not record.body_offset:
        return link.ref.line
    try:
        raw = vault.file_path(link.source).read_bytes()
    except OSError:
        return link.ref.line
    return normalise_text(decode(raw)[0])[: record.body_offset].count("\n") + link.ref.line


def clip_around(text: str, needle: str, width: int = CONTEXT_WIDTH) -> str:
    """One line of context, at most `width` characters, keeping `needle` in view."""
    text = inert(" ".join(text.split()))
    if len(text) <= width:
        return text
    at = text.find(needle) if needle else -1
    start = max(0, min(at - width // 3, len(text) - width)) if at >= 0 else 0
    clipped = text[start : start + width]
    return ("…" if start else "") + clipped + ("…" if start + width < len(text) else "")


def unlinked_mentions(vault: Vault, path: str, limit: int | None = None) -> list[Connection]:
    """Notes whose body names this note (title or alias) without linking to it."""
    record = vault.get(path)
    if record is None:
        return []
    names = [n for n in dict.fromkeys((record.title, *record.aliases)) if len(n.strip()) >= 2]
    if not names:
        return []
    linking = {link.source for link in vault.links.backlinks(path)}
    node = Or(tuple(Text(name, "body") for name in names))
    found: list[Connection] = []
    for other, _score in vault.search_paths(node):
        if other == path or other in linking:
            continue
        found.append(_mention(vault, other, names))
        if limit is not None and len(found) >= limit:
            break
    return found


def _mention(vault: Vault, path: str, names: list[str]) -> Connection:
    record = vault.get(path)
    body = vault.body(record) if record is not None else None
    snippet, _ = make_snippet(body or "", names)
    title = record.title if record is not None else path
    return Connection(path, title, snippet, None, tuple(names))
