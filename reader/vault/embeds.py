"""Finding notes by name without the index: for `reader show` and for embeds.

A link names a note by the link model's rule (`reader.vault.resolve`: a path, else the
file name nearest the linking note, else an alias), so an embed shows the note a click on
the same link would open. `reader show` also accepts a title or alias when the saved catalog
exists and exactly one note has it. The names are filed once, when first needed (from the
catalog, else from a listing of the files), so showing a note with no embeds files nothing.
Part of the core: no Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.notes.note import NOTE_SUFFIXES, Note, scan_notes
from reader.vault.resolve import Names

if TYPE_CHECKING:
    from reader.vault.vault import Vault


class AmbiguousNote(Exception):
    """More than one note has the title or alias asked for."""

    def __init__(self, name: str, paths: list[str]) -> None:
        super().__init__(f"{name!r} is the title of {len(paths)} notes: {', '.join(paths[:5])}")
        self.paths = paths


class NoteFinder:
    """Notes of a vault by path, link name, title or alias, as linked from `source` (the
    note whose links are followed; "" for none: the vault's top)."""

    def __init__(self, vault: Vault, source: str = "") -> None:
        self.vault = vault
        self.source = source
        self._names: Names | None = None

    def _table(self) -> Names:
        if self._names is None:
            names = Names()
            if not self.vault.records():
                self.vault.open_cached()  # the saved catalog, if any: it knows the aliases
            records = self.vault.records()
            if records:
                for note in records:
                    names.add(note.path, note.aliases)
            else:
                for path in scan_notes(self.vault.root)[0]:
                    names.add(path, ())
            self._names = names
        return self._names

    def by_link(self, target: str) -> str | None:
        """The note a wiki link's target names, or None."""
        from reader.markdown.scan import LinkRef  # loads markdown-it: not at the app's start

        return self._table().resolve(LinkRef(target, None, None, True, False, 0), self.source)

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
