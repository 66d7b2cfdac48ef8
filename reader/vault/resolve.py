"""Which note a link names, as Obsidian decides it (the rule is in docs/architecture.md).

In order: a path relative to the linking note (Markdown links only) or to the vault; for a
target with folders, a note whose path ends with them; else a note of that file name
(case-insensitive, with or without its suffix); else a note with that alias. When several
notes qualify, the nearest to the linking note wins: the one sharing the most folders with
it, then the one in the fewest folders, then the first by path. A link that names no note
is kept as unresolved: a note not written yet. Links to other files (images, PDFs…) are
attachments, not notes. Part of the core: never imports Textual.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from reader.markdown.wiki import fold_name, is_attachment
from reader.notes.note import strip_suffix

if TYPE_CHECKING:
    from reader.markdown.scan import LinkRef


_EMAIL = re.compile(r"[^\s/@]+@[^\s/@]+\.\w+")
_HOST = re.compile(r"(www\.|[\w-]+(\.[\w-]+)*\.(com|org|net|io|cn|dev|edu|gov|co)/)", re.I)


def not_a_note(ref: LinkRef) -> bool:
    """Whether a link points at something other than a note: a file that is not a note, an
    e-mail address, or (for Markdown links) a folder or site path (`/blog/post/`) or a web
    address written without its scheme (`github.com/x/y`). Such links are neither resolved
    nor reported as notes not written yet."""
    target = ref.target.strip()
    if is_attachment(target) or _EMAIL.fullmatch(target):
        return True
    return ref.markdown and (target.endswith("/") or bool(_HOST.match(target)))


def link_key(target: str) -> str:
    """The key a link is filed under: its last path part, without note suffix, folded. Every
    note a link may resolve to has this key as its file name or as an alias."""
    return fold_name(strip_suffix(target.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]))


def _folders(path: str) -> list[str]:
    return path.split("/")[:-1]


def nearest(source: str, candidates: Iterable[str]) -> str:
    """The candidate nearest the linking note: most folders in common, then fewest folders,
    then first by path."""
    mine = _folders(source)

    def distance(path: str) -> tuple[int, int, str]:
        theirs = _folders(path)
        shared = 0
        for a, b in zip(mine, theirs, strict=False):
            if a != b:
                break
            shared += 1
        return (-shared, len(theirs), path)

    return min(tuple(candidates), key=distance)


class Names:
    """The vault's notes by the names a link may use: path, file name, alias."""

    def __init__(self) -> None:
        #: Folded path without suffix -> paths (two files may differ only by suffix or case).
        self.by_path: dict[str, set[str]] = defaultdict(set)
        #: Folded file name without suffix -> paths.
        self.by_name: dict[str, set[str]] = defaultdict(set)
        #: Folded alias -> paths.
        self.by_alias: dict[str, set[str]] = defaultdict(set)

    def add(self, path: str, aliases: Iterable[str]) -> None:
        """File a note under its names."""
        self.by_path[fold_name(strip_suffix(path))].add(path)
        self.by_name[link_key(path)].add(path)
        for alias in aliases:
            if alias.strip():
                self.by_alias[fold_name(alias)].add(path)

    def remove(self, path: str, aliases: Iterable[str]) -> None:
        """Take a note out of the tables."""
        discard(self.by_path, fold_name(strip_suffix(path)), path)
        discard(self.by_name, link_key(path), path)
        for alias in aliases:
            discard(self.by_alias, fold_name(alias), path)

    def resolve(self, ref: LinkRef, source: str) -> str | None:
        """The note `ref`, written in `source`, names; None when it names none (or names an
        attachment). A link to the note itself (`[[#Heading]]`) resolves to `source`."""
        target = ref.target.strip().replace("\\", "/")
        if not target:
            return source
        if not_a_note(ref):
            return None
        tries = []
        if ref.markdown and not target.startswith("/"):
            tries.append(posixpath.normpath(posixpath.join(posixpath.dirname(source), target)))
        tries.append(posixpath.normpath(target.lstrip("/")))
        for path in tries:
            found = self.by_path.get(fold_name(strip_suffix(path)))
            if found:
                return nearest(source, found)
        key = link_key(target)
        named = self.by_name.get(key, set())
        if "/" in target.strip("/"):
            tail = "/" + fold_name(strip_suffix(target.strip("/")))
            named = {p for p in named if fold_name(strip_suffix(p)).endswith(tail)}
        if named:
            return nearest(source, named)
        aliased = self.by_alias.get(fold_name(target))
        if aliased:
            return nearest(source, aliased)
        return None


def discard(table: dict[str, set[str]], key: str, path: str) -> None:
    """Take `path` out of the set filed under `key`, and the key out when its set empties."""
    paths = table.get(key)
    if paths is not None:
        paths.discard(path)
        if not paths:
            del table[key]
