"""The main screen's background work: indexing, live reload, reading, searching.

Everything that touches the disk or the index runs here in thread workers and reports back
with messages (posting is the only thing a worker does to the UI). Each kind of work has its
own group and is exclusive, so a newer request cancels an older one (a new search cancels the
previous search). Failures are not swallowed: `on_worker_state_changed` on the screen turns
them into a visible error. Kept as a mixin so the screen module stays about the UI.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.worker import get_current_worker

from reader.entities import EntityRef
from reader.messages import (
    EntityNotesReady,
    IndexProgress,
    NoteRead,
    SearchDone,
    VaultUpdated,
)
from reader.notes import iter_note_paths
from reader.sync import UpdateSummary
from reader.ui.text import MENTION_TYPES, MentionFinder

if TYPE_CHECKING:
    from reader.vault import Vault

#: How many hits a search asks for: plenty for a list, bounded for a huge vault.
SEARCH_LIMIT = 200


def disk_signature(vault: Vault) -> dict[str, tuple[int, int]]:
    """Path -> (mtime, size) of every note file: cheap to compute, changes when a file does."""
    signature: dict[str, tuple[int, int]] = {}
    for path in iter_note_paths(vault.root):
        try:
            st = vault.file_path(path).stat()
        except OSError:
            continue
        signature[path] = (st.st_mtime_ns, st.st_size)
    return signature


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
    _signature: dict[str, tuple[int, int]] | None = None
    _updating: bool = False

    @work(thread=True, exclusive=True, group="vault", exit_on_error=False, name="indexing")
    def update_vault(self, first: bool = False) -> None:
        """Bring the vault up to date at start-up (the window is already showing)."""
        self._update(first)

    @work(thread=True, exclusive=True, group="vault", exit_on_error=False, name="live reload")
    def check_disk(self) -> None:
        """Compare file stats with the last update; update the vault if anything changed."""
        if self._updating or self._signature is None:
            return
        if disk_signature(self.vault) != self._signature:
            self._update(False)

    def _progress(self, done: int, total: int) -> None:
        """Report indexing progress (from the worker thread: posting is thread-safe)."""
        self.post_message(IndexProgress(done, total))

    def _update(self, first: bool) -> None:
        """Run `Vault.update()` with progress, then post the summary and a new finder."""
        worker = get_current_worker()
        self._updating = True
        try:
            if first and self.vault.open_cached():
                # Paint the notes as of the last run at once (mentions are found once the
                # entities are built, below); the update then arrives as a reload, usually
                # with nothing changed.
                cached = UpdateSummary(notes=len(self.vault.notes()))
                self.post_message(VaultUpdated(cached, True, None))
                self.vault.entities  # noqa: B018 - build them here, off the UI thread
                first = False
            signature = disk_signature(self.vault)
            summary = self.vault.update(
                progress=self._progress,
                cancelled=lambda: worker.is_cancelled,
            )
            if worker.is_cancelled:
                return
            self._signature = signature
            self.post_message(VaultUpdated(summary, first, mention_finder(self.vault)))
        finally:
            self._updating = False

    @work(thread=True, exclusive=True, group="read", exit_on_error=False, name="reading a note")
    def read_note(self, path: str, token: int) -> None:
        """Read the whole note (the catalog keeps no bodies)."""
        self.post_message(NoteRead(path, self.vault.read(path), token))

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="search")
    def run_search(self, query: str) -> None:
        """Search, and say whether the index was still being built."""
        started = time.perf_counter()
        indexing = self._updating
        hits = self.vault.search(query, limit=SEARCH_LIMIT)
        if not get_current_worker().is_cancelled:
            self.post_message(SearchDone(query, hits, time.perf_counter() - started, indexing))

    @work(thread=True, exclusive=True, group="entity", exit_on_error=False, name="entity notes")
    def load_entity_notes(self, ref: EntityRef) -> None:
        """The notes listing or mentioning an entity (mentions come from the index)."""
        notes = self.vault.entity_notes(ref)
        if not get_current_worker().is_cancelled:
            self.post_message(EntityNotesReady(ref, notes))
