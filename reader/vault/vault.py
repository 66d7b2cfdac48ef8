"""The vault: one object the CLI and the TUI use for everything about a folder of notes.

It holds the catalog of every note's metadata (bodies are read on demand), the entity
index built from it, and the full-text index. `open_cached()` shows the last known state at
once; `update()` brings everything up to date with the disk and is the slow call: run it
off the UI thread. The catalog file is kept by `catalog_file`; queries and mentions are
answered by `finding`, links and relations by `connections` and `related`: this module
holds the state they share. Nothing here ever writes inside the vault. Part of the core:
never imports Textual.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reader.notes.body import read_body
from reader.notes.card import sort_date
from reader.notes.config import Config, load_config
from reader.notes.note import Note, Skipped, load_note
from reader.search.query import Node
from reader.vault.catalog import Catalog
from reader.vault.catalog_file import CatalogFile
from reader.vault.disk_check import changed_on_disk
from reader.vault.entities import EntityIndex, EntityRef, Related
from reader.vault.finding import find_notes, matching_notes, note_text, notes_mentioning
from reader.vault.link_keeper import LinkKeeper, label_first_links, outliner_vault
from reader.vault.links import LinkIndex
from reader.vault.locations import index_dir_for, state_dir_for
from reader.vault.searching import Hit, Match, make_hit
from reader.vault.sync import (
    Cancelled,
    Progress,
    ReadSoFar,
    Scanning,
    SoFar,
    Synchroniser,
    UpdateSummary,
    update_lock,
)

if TYPE_CHECKING:  # Whoosh and the folding tables load when first searched or updated
    from reader.search.index.store import SearchIndex
    from reader.vault.connections import Connection
    from reader.vault.images import ImageLocator
    from reader.vault.names import NameTable

__all__ = ["EntityNote", "UpdateSummary", "Vault", "VaultError"]

#: How long an update waits for another process updating the same index.
LOCK_WAIT = 30.0


class VaultError(Exception):
    """The vault cannot be used at all (it does not exist, or is not a folder)."""


@dataclass(frozen=True)
class EntityNote:
    """A note of an entity: `listed` in its frontmatter and/or `mentioned` in its text."""

    path: str
    listed: bool
    mentioned: bool


class Vault:
    """A folder of notes with its catalog, entities and search index."""

    def __init__(
        self,
        root: Path,
        index_dir: Path | None = None,
        config: Config | None = None,
        state_dir: Path | None = None,
    ):
        if not root.is_dir():
            raise VaultError(f"no such folder: {root}")
        self.root = root.resolve()
        self.config = config if config is not None else load_config(self.root)
        self.index_dir = index_dir if index_dir is not None else index_dir_for(self.root)
        #: What the reader remembers of the vault lives here (`reader.vault.reading`).
        self.state_dir = state_dir or state_dir_for(self.root, index_dir)
        self.messages: list[str] = list(self.config.problems)
        self._catalog = Catalog()
        self._entities: EntityIndex | None = None
        self._index: SearchIndex | None = None
        self._catalog_file = CatalogFile(self.index_dir)
        self._mentions: dict[EntityRef, frozenset[str]] = {}
        self._names: NameTable | None = None
        self._lock = threading.RLock()
        label_first = label_first_links(self.root, self.config)
        outliner = outliner_vault(self.root, self.config)
        self._linker = LinkKeeper(self.root, self.index_dir, label_first, outliner)
        #: Whether the entity index was built with the link model's inline tags.
        self._entities_tagged = False

    # -- loading -------------------------------------------------------------------------

    @property
    def index(self) -> SearchIndex:
        """The search index, opened (and repaired if needed) on first use."""
        with self._lock:
            if self._index is None:
                from reader.search.index.store import (
                    SearchIndex,  # imports Whoosh: not needed to list notes
                )

                self._index = SearchIndex(self.index_dir, self.root)
                self.messages.extend(self._index.messages)
            return self._index

    @property
    def entities(self) -> EntityIndex:
        """The entities of the current catalog (built on first use: ~0.5 s for 10,000
        notes, which a first paint of the note list does not need)."""
        with self._lock:
            if self._entities is None:
                links = self._linker.ready_for(self._catalog)
                tags = links.all_tags() if links is not None else {}
                self._entities = EntityIndex(self._catalog.notes.values(), self.config, tags)
                self._entities_tagged = links is not None
            return self._entities

    @cached_property
    def images(self) -> ImageLocator:
        """Finds the files of the images notes show (`reader.vault.images`)."""
        from reader.vault.images import ImageLocator

        return ImageLocator(self.root)

    @property
    def names(self) -> NameTable:
        """Note titles, aliases and entity names by their pinyin (built on first use, which
        loads the pinyin tables: only a query in Latin letters or the palette asks)."""
        with self._lock:
            if self._names is None:
                from reader.vault.name_store import current_table

                linked = self._linker.ready_for(self._catalog) is not None
                entities = lambda: self.entities  # noqa: E731  (built only if needed)
                self._names = current_table(self.index_dir, self._catalog, linked, entities)
            return self._names

    @property
    def links(self) -> LinkIndex:
        """The link model of the current catalog: outgoing links, backlinks, inline tags.
        Built or brought up to date on use (the first time on a large vault it scans every
        note: seconds), so the TUI asks for it in a worker."""
        catalog = self._catalog
        links = self._linker.current(catalog)
        with self._lock:
            if self._catalog is catalog and not self._entities_tagged:
                self._entities = None  # built again, now with the inline tags
            self.messages.extend(self._linker.messages)
            self._linker.messages.clear()
        return links

    def links_if_ready(self) -> LinkIndex | None:
        """The link model if it is up to date with the catalog (no work), else None."""
        return self._linker.ready_for(self._catalog)

    @property
    def label_first(self) -> bool:
        """Whether wiki links read `[[label|target]]` in this vault (Dendron)."""
        return self._linker.reversed_labels

    @property
    def entities_ready(self) -> bool:
        """Whether `entities` is built for the current catalog (asking for it is then free)."""
        return self._entities is not None

    def open_cached(self) -> bool:
        """Show the notes as of the last update, without reading any note. Fast."""
        catalog = self._catalog_file.load()
        if catalog is None:
            return False
        self._set_catalog(catalog)
        return True

    def update(
        self,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
        rebuild: bool = False,
        read_so_far: ReadSoFar | None = None,
        links: bool = False,
    ) -> UpdateSummary:
        """Bring the catalog, the entity index and the search index up to date with disk.

        `rebuild` throws the index away first and reads every note again. `read_so_far` is
        handed, now and then while notes are read (see `SoFar`), the records read so far:
        a long first build can show them before it ends. It changes nothing the update does.
        With `links` (or once the link model is in use) the notes read are scanned for the
        link model as they are read, so that `links` need not read them again.
        """
        index = self.index
        with update_lock(None if index.in_memory else self.index_dir, LOCK_WAIT) as locked:
            if not locked:
                self.open_cached()
                summary = UpdateSummary(notes=len(self._catalog.notes))
                summary.messages.append("Another process is updating this vault's index.")
                return summary
            if rebuild:  # only under the lock: it deletes the files another writer uses
                index.reset()
            old = Catalog() if index.rebuilt else self._catalog_file.saved(self._catalog)
            if old.title_from != self.config.title_from:
                old = Catalog()  # titles read another way: read every note again
            keys = list(self.config.types)
            linker = self._linker
            scan = (
                Scanning(linker.scanner, linker.keep) if links or linker.index is not None else None
            )
            sync = Synchroniser(self.root, keys, old, index, self.config.title_from, scan=scan)
            so_far = SoFar(read_so_far) if read_so_far is not None else None
            catalog = sync.run(progress, cancelled, wait=LOCK_WAIT, so_far=so_far)
            changed = sync.changed or catalog.generation != old.generation
            made = None
            if catalog is not old and changed and not index.in_memory:
                made = self._catalog_file.save(
                    catalog, self.config, self._names, self._catalog.token, sync.summary
                )
            index.rebuilt = False
        if catalog is not self._catalog:
            self._set_catalog(catalog)
        if made is not None:
            with self._lock:  # made for this catalog: no need to make them again
                self._entities, self._names = made
        sync.summary.messages[:0] = self.messages
        return sync.summary

    def _set_catalog(self, catalog: Catalog) -> None:
        with self._lock:
            self._catalog = catalog
            self._entities = None  # built again on first use
            self._entities_tagged = False
            self._mentions = {}
            self._names = None

    def changed_on_disk(self) -> bool:
        """Whether a note file was added, removed or touched since the catalog was made
        (cheap enough to poll: no file is read; see `disk_check.changed_on_disk`)."""
        return changed_on_disk(self.root, self._catalog)

    # -- notes ---------------------------------------------------------------------------

    def notes(self) -> list[Note]:
        """Every note's metadata (bodies empty), newest first (by the note's date, else its
        file's modification day), undated last."""
        return sorted(self._catalog.notes.values(), key=_newest_first, reverse=True)

    def records(self) -> list[Note]:
        """Every note's metadata (bodies empty), in no particular order: for callers that
        sort by something else (sorting 10,000 notes twice costs ~0.05 s)."""
        return list(self._catalog.notes.values())

    def get(self, path: str) -> Note | None:
        """The catalog record of a note (body empty), if the note exists."""
        return self._catalog.notes.get(path)

    def read(self, path: str) -> Note | Skipped:
        """The whole note, read from disk now."""
        return load_note(self.root, path, list(self.config.types), self.config.title_from)

    def file_path(self, path: str) -> Path:
        """The absolute path of a note."""
        return self.root / path

    def skipped(self) -> list[Skipped]:
        """Files under the vault that could not be loaded as notes, with the reason."""
        return sorted(self._catalog.skipped.values(), key=lambda s: s.path)

    def problems(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every note or file with a problem, and its problems, by path."""
        rows = [(n.path, n.problems) for n in self._catalog.notes.values() if n.problems]
        rows += [(s.path, (s.reason,)) for s in self._catalog.skipped.values()]
        return sorted(rows)

    # -- search --------------------------------------------------------------------------

    def search(self, query: str, limit: int | None = 20) -> list[Hit]:
        """Ranked hits with snippets for a query in the query language (`reader.search.query`).

        A query of Latin letters alone is also read as pinyin: below the literal hits come
        the notes whose title or alias it spells, then the notes listing an entity whose
        name it spells (`tyd`, `tianyuandong` -> 田渊栋). An entity filter in Latin letters
        (`people:tyd`) also takes the entities it spells.
        """
        return [self.hit(match) for match in self.find(query, limit)]

    def find(
        self,
        query: str,
        limit: int | None = 20,
        cancelled: Cancelled | None = None,
        names_ranked: int | None = None,
    ) -> list[Match]:
        """The notes `search` would list, best first, without their snippets (`hit` makes
        one): the TUI counts every match this way and makes snippets for those shown.
        `cancelled`, asked now and then, ends a long search early (the result is then
        incomplete: the caller drops it); `names_ranked`: see `Searching.run`."""
        return find_notes(self, query, limit, cancelled, names_ranked)

    def hit(self, match: Match) -> Hit:
        """A match of `find` with its snippet (reads the note's body)."""
        path, score, needles, doc = match
        return make_hit(path, score, needles, doc or note_text(self, path), self.label_first)

    def spells(self, value: str, etype: str | None = None) -> list[str]:
        """The names of the entities (of `etype`) that `value` spells in pinyin."""
        return [ref.name for ref, _ in self.names.entities(value, etype)]

    def search_paths(self, node: Node, limit: int | None = None) -> list[tuple[str, float]]:
        """(path, score) of the notes matching a parsed query, best first, no snippets."""
        return [(path, score) for path, score, _ in matching_notes(self, node, limit)]

    def body(self, record: Note) -> str | None:
        """A cataloged note's body: sliced straight from the file while it is unchanged
        (no frontmatter parsing), else from the note read again (None if it cannot be)."""
        body = read_body(self.root, record)
        if body is None:
            note = self.read(record.path)
            body = note.body if isinstance(note, Note) else None
        return body

    # -- entities ------------------------------------------------------------------------

    def mentions(self, ref: EntityRef) -> frozenset[str]:
        """Paths of the notes whose title, summary or body mention the entity or an alias."""
        with self._lock:
            cached = self._mentions.get(ref)
        if cached is not None:
            return cached
        found = notes_mentioning(self, ref)
        with self._lock:
            self._mentions[ref] = found
        return found

    def entity_notes(self, ref: EntityRef) -> list[EntityNote]:
        """Notes that list the entity or mention it in their text, newest first."""
        listed = set(self.entities.notes_listing(ref))
        mentioned = self.mentions(ref)
        paths = sorted(
            listed | mentioned, key=lambda p: _newest_first(self.get(p), p), reverse=True
        )
        return [EntityNote(p, p in listed, p in mentioned) for p in paths]

    def related(self, path: str, limit: int | None = 10, links: bool = True) -> list[Related]:
        """Notes related to `path`, best first: notes linked with it in either direction
        (the strongest relation), then by shared entities (rarer ones weigh more) and the
        likeness of their text (`reader.vault.related`); `links=False` leaves links out."""
        from reader.vault.related import related  # the index, the analyser: not at start-up

        return related(self, path, limit, links)

    # -- connections ---------------------------------------------------------------------

    def backlinks(self, path: str, limit: int | None = None) -> list[Connection]:
        """The links to `path` from other notes, each with the line around it."""
        from reader.vault.connections import backlinks

        return backlinks(self, path, limit)

    def unlinked_mentions(self, path: str, limit: int | None = None) -> list[Connection]:
        """Notes naming `path` (its title or an alias) in their text without linking it."""
        from reader.vault.connections import unlinked_mentions

        return unlinked_mentions(self, path, limit)


def _newest_first(note: Note | None, path: str = "") -> tuple[str, str]:
    """Sort key (reversed: newest first): a note without a date sorts by its file's
    modification day (`reader.notes.card.sort_date`)."""
    if note is None:
        return ("", path)
    return (sort_date(note), note.path)
