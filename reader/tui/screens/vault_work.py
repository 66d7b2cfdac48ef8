"""The main screen's background work: indexing, live reload, reading, searching.

Everything that touches the disk or the index runs here in thread workers and reports back
with messages (posting is the only thing a worker does to the UI). Each kind of work has its
own group and is exclusive, so a newer request cancels an older one (a new search cancels the
previous search). Failures are not swallowed: `on_worker_state_changed` on the screen turns
them into a visible error. Kept as a mixin so the screen module stays about the UI.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.notes.note import Note
from reader.tui.facts import MENTIONS_LIMIT, SIDE_LIMIT, LinkFact, NoteFacts
from reader.tui.mentions import MENTION_TYPES, MentionFinder
from reader.tui.messages import (
    EntityNotesReady,
    IndexProgress,
    LinksReady,
    MoreHits,
    NoteFactsReady,
    NoteRead,
    NotesReadSoFar,
    SearchCounted,
    SearchDone,
    VaultUpdated,
)
from reader.tui.results import PAGE
from reader.tui.rows import newest_rows, newest_rows_of
from reader.vault.entities import EntityRef
from reader.vault.sync import UpdateSummary

if TYPE_CHECKING:
    from reader.vault.vault import Vault


def freeze_heap() -> None:
    """Exclude every object alive now from the cyclic garbage collector's later passes.

    The catalog freezes its own records when it loads (`reader.vault.catalog`); this adds what
    was built on them since: the list's rows, the entity index. Otherwise each full
    collection walks them again, a UI stall of tens of milliseconds that Textual's layouts
    trigger often. They hold no cycles, so they are still freed by reference counting when
    a newer catalog replaces them.
    """
    gc.freeze()


#: How long a search waits, its first page shown, before counting every match: a user
#: still typing cancels it first, so the count never competes with the next keystroke.
COUNT_AFTER = 0.25
#: How many of every match are ranked again by their names (the rest: BM25 order).
NAMES_RANKED = 200


def note_facts(vault: Vault, note: Note) -> NoteFacts:
    """The note's entities by type (with counts), its related notes, and, once the link
    model is ready, its links and backlinks (never waits for the model)."""
    from reader.vault.related import why  # with the word tables: not before the first paint

    entities = vault.entities
    mine = entities.of_note(note.path)
    groups = []
    for etype, label in entities.labels().items():
        refs = [
            (ref, entities.count(ref), ", ".join(entities.role_labels(ref)))
            for ref in mine
            if ref.type == etype
        ]
        if refs:
            groups.append((label, refs))
    links = vault.links_if_ready()
    related = []
    for rel in vault.related(note.path, limit=8, links=links is not None):
        other = vault.get(rel.path)
        related.append((rel.path, other.title if other else rel.path, why(rel)))
    facts = NoteFacts(note.title, groups, related)
    if links is not None:
        written = [(x.ref.target, x.path, x.ref.anchor) for x in links.outgoing(note.path)]
        counts = Counter(written)  # a link written twice is one row, with its count
        facts.links = [
            LinkFact(target, path, _title(vault, path), anchor, counts[target, path, anchor])
            for target, path, anchor in dict.fromkeys(written)
        ]
        facts.backlinks = vault.backlinks(note.path, limit=SIDE_LIMIT)
        facts.backlink_count = len(links.backlinks(note.path))
    return facts


def _title(vault: Vault, path: str | None) -> str:
    record = vault.get(path) if path is not None else None
    return record.title if record is not None else ""


def mention_finder(vault: Vault) -> MentionFinder:
    """A finder for the names and aliases of the vault's name-like entities."""
    entities = vault.entities
    return MentionFinder(
        (spelling, ref)
        for etype in MENTION_TYPES
        for ref in entities.all(etype)
        for spelling in entities.spellings(ref)
    )


class VaultWork(Screen[None]):
    """Worker methods of the main screen (its base class; the screen module adds the UI)."""

    vault: Vault
    #: Whether the vault was brought up to date with the disk once (polling starts then).
    disk_checked: bool = False
    _updating: bool = False

    @work(thread=True, exclusive=True, group="vault", exit_on_error=False, name="indexing")
    def update_vault(self, first: bool = False) -> None:
        """Bring the vault up to date at start-up (the window is already showing)."""
        self._update(first)

    @work(thread=True, exclusive=True, group="vault", exit_on_error=False, name="live reload")
    def check_disk(self) -> None:
        """Compare file stats with the catalog; update the vault if anything changed."""
        if self._updating or not self.disk_checked:
            return
        if self.vault.changed_on_disk():
            self._update(False)

    def _progress(self, done: int, total: int) -> None:
        """Report indexing progress (from the worker thread: posting is thread-safe)."""
        self.post_message(IndexProgress(done, total))

    def _read_so_far(self, notes: tuple[Note, ...], done: int, total: int) -> None:
        """Post the notes a first build has read so far, newest first (sorted here, in the
        worker; the vault calls this at most twice a second)."""
        self.post_message(NotesReadSoFar(newest_rows_of(notes), done, total))

    def _update(self, first: bool) -> None:
        """Run `Vault.update()` with progress, then post the summary and a new finder.

        At start-up with a saved catalog, only the catalog is loaded and posted (marked
        `unchecked`): the list paints at once, and the screen asks for the real update
        (`update_vault()` again) once the first note is on screen, so that neither the
        disk check nor the entity index competes with the first paint for the interpreter.
        Without one (a first build), the notes read so far are posted as the build goes,
        so the list fills long before the index is made.
        """
        worker = get_current_worker()
        self._updating = True
        try:
            if first and self.vault.open_cached():
                newest = newest_rows(self.vault)
                freeze_heap()
                cached = UpdateSummary(notes=len(newest))
                self.post_message(VaultUpdated(cached, True, None, True, newest))
                return
            summary = self.vault.update(
                progress=self._progress,
                cancelled=lambda: worker.is_cancelled,
                read_so_far=self._read_so_far if first else None,
                links=True,
            )
            if worker.is_cancelled:
                return
            self.disk_checked = True
            finder = mention_finder(self.vault)  # builds the entity index, off the UI thread
            newest = newest_rows(self.vault)
            freeze_heap()
            self.post_message(VaultUpdated(summary, first, finder, newest=newest))
            self.vault.links  # noqa: B018  (built or brought up to date here, off the UI thread)
            if not worker.is_cancelled:
                self.post_message(LinksReady())
        finally:
            self._updating = False

    @work(thread=True, exclusive=True, group="read", exit_on_error=False, name="reading a note")
    def read_note(self, path: str, token: int, delay: float = 0.0) -> None:
        """Read the whole note (the catalog keeps no bodies), after `delay` seconds.

        The delay lets a just-painted list take keys before the note's rendering claims the
        UI thread; a newer request (exclusive group) cancels a waiting read.
        """
        if delay:
            time.sleep(delay)
        if not get_current_worker().is_cancelled:
            self.post_message(NoteRead(path, self.vault.read(path), token))

    @work(thread=True, exclusive=True, group="facts", exit_on_error=False, name="note facts")
    def load_note_facts(self, note: Note) -> None:
        """The sidebar facts of a note: the entity index may still be being built (it is
        made on first use, ~0.5 s for 10,000 notes), so never on the UI thread. Posted as
        they come: entities (and links if the model is ready), then unlinked mentions,
        which search the index."""
        worker = get_current_worker()
        facts = note_facts(self.vault, note)
        if worker.is_cancelled:
            return
        self.post_message(NoteFactsReady(note.path, facts))
        if facts.links is None or self.vault.get(note.path) is None:
            return  # the links come with `LinksReady`; a note not in the catalog has none
        unlinked = self.vault.unlinked_mentions(note.path, limit=MENTIONS_LIMIT)
        if not worker.is_cancelled:
            self.post_message(NoteFactsReady(note.path, replace(facts, unlinked=unlinked)))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="search")
    def run_search(self, query: str) -> None:
        """The best page of results with snippets, posted at once; then every match
        without snippets (the count), unless a newer search cancelled this one."""
        worker = get_current_worker()
        started = time.perf_counter()
        indexing = self._updating
        found = self.vault.find(query, limit=PAGE)
        hits = [self.vault.hit(match) for match in found if not worker.is_cancelled]
        if worker.is_cancelled:
            return
        self.post_message(SearchDone(query, hits, time.perf_counter() - started, indexing))
        every = found if len(found) < PAGE else None
        if every is None:
            time.sleep(COUNT_AFTER)  # typing on cancels this search before it counts
            if worker.is_cancelled:
                return
            stop = lambda: worker.is_cancelled  # noqa: E731
            every = self.vault.find(query, None, cancelled=stop, names_ranked=NAMES_RANKED)
        if not worker.is_cancelled:
            self.post_message(SearchCounted(query, [(m[0], m[2]) for m in every]))

    @work(thread=True, exclusive=True, group="more", exit_on_error=False, name="more results")
    def make_hits(self, query: str, wanted: list[tuple[str, tuple[str, ...]]]) -> None:
        """Snippets for more rows of a search's results (as the list scrolls to them)."""
        worker = get_current_worker()
        hits = []
        for path, needles in wanted:
            if worker.is_cancelled:
                return
            hits.append(self.vault.hit((path, 0.0, needles, None)))
        self.post_message(MoreHits(query, hits))

    @work(thread=True, exclusive=True, group="entity", exit_on_error=False, name="entity notes")
    def load_entity_notes(self, ref: EntityRef) -> None:
        """The notes listing or mentioning an entity (mentions come from the index)."""
        notes = self.vault.entity_notes(ref)
        if not get_current_worker().is_cancelled:
            self.post_message(EntityNotesReady(ref, notes))
