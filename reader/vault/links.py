"""The link model: every note's outgoing links resolved to notes, and the backlinks of each.

Built from the catalog (titles, aliases) and the scanned records of `link_store`, and kept up
to date one note at a time: `apply()` takes the notes that were added, changed or removed,
re-resolves their own links, and re-resolves the links elsewhere whose name one of them
gains or loses (a new note may now satisfy a link to a note not written yet, a renamed one
stops satisfying links to its old name). Links are filed by key (`resolve.link_key`) so those
are found without looking at every link of the vault. Part of the core: never imports
Textual.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.markdown.wiki import same_heading
from reader.notes.note import Note
from reader.vault.link_store import NoteRefs
from reader.vault.resolve import Names, discard, link_key, not_a_note

if TYPE_CHECKING:
    from reader.markdown.scan import LinkRef


@dataclass(frozen=True)
class Link:
    """One link of `source`: as written (`ref`), and the note it resolves to (`path`, None
    when no note has that name yet)."""

    source: str
    ref: LinkRef
    path: str | None


class LinkIndex:
    """Outgoing links and backlinks of every note, with how each resolved."""

    def __init__(self, notes: Iterable[Note], refs: Mapping[str, NoteRefs]) -> None:
        self.names = Names()
        self.refs: dict[str, NoteRefs] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}
        self._out: dict[str, tuple[Link, ...]] = {}
        self._back: dict[str, set[str]] = defaultdict(set)
        #: Link key -> notes holding a link filed under it.
        self._keyed: dict[str, set[str]] = defaultdict(set)
        notes = list(notes)
        for note in notes:
            self._aliases[note.path] = note.aliases
            self.names.add(note.path, note.aliases)
        for note in notes:
            found = refs.get(note.path)
            if found is not None:
                self._set_refs(note.path, found)
                self._resolve(note.path)

    # -- reading ------------------------------------------------------------------------

    def outgoing(self, path: str) -> list[Link]:
        """The note's links to notes (written or not yet), in order; links to anything else
        (attachments, e-mail, site paths) left out."""
        return [link for link in self._out.get(path, ()) if not not_a_note(link.ref)]

    def backlinks(self, path: str) -> list[Link]:
        """The links of other notes that resolve to this one, by source then order."""
        return [
            link
            for source in sorted(self._back.get(path, ()))
            if source != path
            for link in self._out.get(source, ())
            if link.path == path
        ]

    def linked(self, path: str) -> dict[str, str]:
        """Notes linked with this one, other than itself: path -> "out", "in" or "both"."""
        found: dict[str, str] = {}
        for link in self._out.get(path, ()):
            if link.path is not None and link.path != path:
                found[link.path] = "out"
        for source in tuple(self._back.get(path, ())):  # a copy: an update may run meanwhile
            if source != path:
                found[source] = "both" if found.get(source) == "out" else "in"
        return found

    def unresolved(self) -> list[Link]:
        """Every link naming a note that does not exist (yet), by source."""
        return [
            link
            for source in sorted(self._out)
            for link in self._out[source]
            if link.path is None and not not_a_note(link.ref)
        ]

    def embeds(self) -> list[Link]:
        """Every embed (`![[…]]`, `![alt](…)`) of every note, by source: images and other
        files as well as notes."""
        return [
            link for source in sorted(self._out) for link in self._out[source] if link.ref.embed
        ]

    def tags(self, path: str) -> tuple[str, ...]:
        """The inline tags of a note."""
        found = self.refs.get(path)
        return found.tags if found is not None else ()

    def all_tags(self) -> dict[str, tuple[str, ...]]:
        """Inline tags of every note that has some."""
        return {path: r.tags for path, r in list(self.refs.items()) if r.tags}

    def anchor_line(self, path: str, anchor: str | None) -> int | None:
        """The 0-based body line of a heading or `^block` in a note (None if not found)."""
        found = self.refs.get(path)
        if found is None or not anchor:
            return None
        if anchor.startswith("^"):
            wanted = anchor[1:].strip()
            return next((line for bid, line in found.blocks if bid == wanted), None)
        last = anchor.split("#")[-1]  # `Note#H1#H2`: the innermost heading
        for heading in found.headings:
            if same_heading(heading.text, last):
                return heading.line
        return None

    # -- changing -------------------------------------------------------------------------

    def apply(
        self, notes: Mapping[str, Note], refs: Mapping[str, NoteRefs], gone: set[str]
    ) -> None:
        """Bring the model up to date: `notes` added or changed (their catalog records, with
        their new `refs`), `gone` removed. Re-resolves their links, and the links elsewhere
        filed under a name one of them gained or lost."""
        touched: set[str] = set()
        for path in gone | set(notes):
            old = self._aliases.pop(path, None)
            new = notes[path].aliases if path in notes else None
            if old != new:  # added, removed, or other aliases: names changed
                touched |= _keys(path, old or ()) | _keys(path, new or ())
            if old is not None:
                self.names.remove(path, old)
            self._drop(path)
        for path, note in notes.items():
            self._aliases[path] = note.aliases
            self.names.add(path, note.aliases)
            found = refs.get(path)
            if found is not None:
                self._set_refs(path, found)
        again = set(notes)
        for key in touched:
            again |= self._keyed.get(key, set())
        for path in again - gone:
            self._resolve(path)

    def _set_refs(self, path: str, found: NoteRefs) -> None:
        self.refs[path] = found
        for ref in found.links:
            self._keyed[link_key(ref.target)].add(path)

    def _drop(self, path: str) -> None:
        """Forget a note's links (its backlinks elsewhere stay: they are others' links)."""
        for link in self._out.pop(path, ()):
            if link.path is not None:
                discard(self._back, link.path, path)
        old = self.refs.pop(path, None)
        if old is not None:
            for ref in old.links:
                discard(self._keyed, link_key(ref.target), path)

    def _resolve(self, path: str) -> None:
        """(Re)resolve every link of one note and file it under its target's backlinks."""
        for link in self._out.get(path, ()):
            if link.path is not None:
                discard(self._back, link.path, path)
        found = self.refs.get(path)
        links = tuple(
            Link(path, ref, self.names.resolve(ref, path)) for ref in (found.links if found else ())
        )
        self._out[path] = links
        for link in links:
            if link.path is not None:
                self._back[link.path].add(path)


def _keys(path: str, aliases: Iterable[str]) -> set[str]:
    """The link keys under which links to this note are filed."""
    return {link_key(path)} | {link_key(a) for a in aliases}
