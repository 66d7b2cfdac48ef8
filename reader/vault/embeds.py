"""Finding notes by name without the index: for `reader show` and for embeds.

A wiki link names a note as Obsidian does: `Note`, `folder/Note` or `Note.md`, matched
without case against the vault's note files (the full path first, then the file name, the
shortest path winning a tie). `reader show` also accepts a title or alias when the saved
catalog exists and exactly one note has it. The file tree is listed once, when first
needed, so showing a note with no embeds lists nothing. Part of the core: no Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.notes.note import NOTE_SUFFIXES, Note, scan_notes

if TYPE_CHECKING:
    from reader.vault.vault import Vault


class AmbiguousNote(Exception):
    """More than one note has the title or alias asked for."""

    def __init__(self, name: str, paths: list[str]) -> None:
        super().__init__(f"{name!r} is the title of {len(paths)} notes: {', '.join(paths[:5])}")
        self.paths = paths


def _plain(path: str) -> str:
    """A path compared as a link names it: no note suffix, no case."""
    lowered = path.casefold()
    for suffix in NOTE_SUFFIXES:
        if lowered.endswith(suffix):
            return lowered[: -len(suffix)]
    return lowered


class NoteFinder:
    """Notes of a vault by path, link name, title or alias."""

    def __init__(self, vault: Vault) -> None:
        self.vault = vault
        self._by_path: dict[str, str] | None = None
        self._by_name: dict[str, list[str]] = {}

    def _listing(self) -> dict[str, str]:
        if self._by_path is None:
            paths = [n.path for n in self.vault.records()] or scan_notes(self.vault.root)[0]
            self._by_path = {_plain(p): p for p in sorted(paths, key=len, reverse=True)}
            for path in sorted(paths, key=lambda p: (len(p), p)):
                name = _plain(path).rsplit("/", 1)[-1]
                self._by_name.setdefault(name, []).append(path)
        return self._by_path

    def by_link(self, target: str) -> str | None:
        """The note a wiki link's target names, or None."""
        by_path = self._listing()
        plain = _plain(target.strip().lstrip("/"))
        if plain in by_path:
            return by_path[plain]
        found = self._by_name.get(plain.rsplit("/", 1)[-1], [])
        return found[0] if found else None

    def resolve(self, target: str) -> tuple[str, str] | None:
        """(title, body) of the note a link names: the callback embeds are made with."""
        path = self.by_link(target)
        if path is None:
            return None
        note = self.vault.read(path)
        return (note.title, note.body) if isinstance(note, Note) else None

    def find(self, name: str) -> str | None:
        """The note `reader show` means: a path relative to the vault, else a link name,
        else a title or alias (from the saved catalog, if there is one) that only one note
        has. Raises `AmbiguousNote` when several notes have that title."""
        path = name.replace("\\", "/").removeprefix("./")
        if self.vault.file_path(path).is_file() and path.lower().endswith(NOTE_SUFFIXES):
            return path
        linked = self.by_link(path)
        if linked is not None:
            return linked
        if not self.vault.records():
            self.vault.open_cached()
        wanted = name.strip().casefold()
        matches = sorted(
            note.path
            for note in self.vault.records()
            if note.title.casefold() == wanted or wanted in (a.casefold() for a in note.aliases)
        )
        if len(matches) > 1:
            raise AmbiguousNote(name, matches)
        return matches[0] if matches else None
