"""Keeping the link model in step with the catalog, and its records on disk.

The vault asks `LinkKeeper.current(catalog)` for the link model of its catalog. The first
call loads the saved records (`links.marshal`), scans the notes whose digest is not among them
(an update hands over the notes it read, `take`, so those are not read twice) and builds
the model; later calls hand only what changed since to `LinkIndex.apply`, so an
update of one note costs the scan of that note and the re-resolution of what it touches.
Slow the first time on a large vault (a scan of every note): callers run it off the UI
thread. Part of the core: never imports Textual.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from reader.notes.config import Config
from reader.notes.note import Note, load_note
from reader.vault.catalog import Catalog
from reader.vault.link_store import NoteRefs, Row, load_refs, refs_of, row_of, save_refs
from reader.vault.links import LinkIndex


def outliner_vault(root: Path, config: Config) -> bool:
    """Whether the vault is an outliner's (indentation is nesting): as configured, else when
    it looks like a Logseq graph (a `logseq` folder, or `pages` and `journals`)."""
    if config.outliner is not None:
        return config.outliner
    return (root / "logseq").is_dir() or (
        (root / "pages").is_dir() and (root / "journals").is_dir()
    )


def label_first_links(root: Path, config: Config) -> bool:
    """Whether wiki links put the label first (`[[label|target]]`): when configured
    (`wikilinks: {reversed_labels: true}`) or the vault is a Dendron workspace (a
    `dendron.yml` at its root)."""
    return config.reversed_labels or (root / "dendron.yml").is_file()


def _identity(note: Note) -> tuple[str, tuple[str, ...]]:
    """What the model depends on in a catalog record: the note's version and its aliases."""
    return note.digest, note.aliases


class LinkKeeper:
    """The link model of a vault, brought up to date with each new catalog."""

    def __init__(
        self, root: Path, directory: Path | None, reversed_labels: bool, outliner: bool = False
    ) -> None:
        self.root = root
        self.directory = directory
        self.reversed_labels = reversed_labels
        self.outliner = outliner
        #: How notes are scanned; saved records of another style are scanned again.
        self.style = ("label-first" if reversed_labels else "target-first") + (
            " outliner" if outliner else ""
        )
        self.index: LinkIndex | None = None
        self.messages: list[str] = []
        self._catalog: Catalog | None = None
        self._records: dict[str, tuple[str, tuple[str, ...]]] = {}
        #: Each note's saved entry, with the record it was made from (see `row_of`).
        self._rows: dict[str, tuple[NoteRefs, Row]] = {}
        self._lock = threading.Lock()
        #: Notes scanned during an update, until the model takes them in.
        self._taken: dict[str, NoteRefs] = {}
        self._taken_lock = threading.Lock()

    def take(self, note: Note) -> None:
        """Scan a note an update has just read (body and frontmatter in hand), so that the
        model need not read it again. Called on the updating thread, once per changed note."""
        refs = refs_of(note, reversed_labels=self.reversed_labels, outliner=self.outliner)
        with self._taken_lock:
            self._taken[note.path] = refs

    def ready_for(self, catalog: Catalog) -> LinkIndex | None:
        """The model if it is up to date with this catalog (no work), else None."""
        return self.index if self._catalog is catalog else None

    def current(self, catalog: Catalog) -> LinkIndex:
        """The model of this catalog, built or updated now."""
        with self._lock:
            if self.index is not None and self._catalog is catalog:
                return self.index
            refs = self.index.refs if self.index is not None else self._load()
            notes = catalog.notes
            fresh = self._scan(
                [n for n in notes.values() if n.path not in refs or refs[n.path].digest != n.digest]
            )
            gone = {p for p in refs if p not in notes}
            if self.index is None:
                kept = {p: r for p, r in refs.items() if p in notes}
                self.index = LinkIndex(notes.values(), {**kept, **fresh})
            else:
                changed = {
                    p: n
                    for p, n in notes.items()
                    if p in fresh or self._records.get(p) != _identity(n)
                }
                gone |= {p for p in self._records if p not in notes}
                self.index.apply(changed, fresh, gone)
            self._records = {p: _identity(n) for p, n in notes.items()}
            self._catalog = catalog
            if fresh or gone:
                self._save()
            return self.index

    def _load(self) -> dict[str, NoteRefs]:
        if self.directory is None:
            return {}
        return load_refs(self.directory, self.style)

    def _scan(self, notes: list[Note]) -> dict[str, NoteRefs]:
        """Read and scan notes whose records are missing or stale."""
        fresh: dict[str, NoteRefs] = {}
        with self._taken_lock:
            taken, self._taken = self._taken, {}
        for record in notes:
            kept = taken.get(record.path)
            if kept is not None and kept.digest == record.digest:
                fresh[record.path] = kept
                continue
            loaded = load_note(self.root, record.path)
            if isinstance(loaded, Note):
                # Filed under the catalog's digest: a file changed since is scanned again
                # when the catalog catches up, not on every call until then.
                refs = refs_of(loaded, reversed_labels=self.reversed_labels, outliner=self.outliner)
                fresh[record.path] = replace(refs, digest=record.digest)
            else:
                fresh[record.path] = NoteRefs(record.digest)
        return fresh

    def _save(self) -> None:
        if self.directory is None or self.index is None:
            return
        rows = self._rows
        for path, refs in self.index.refs.items():
            kept = rows.get(path)
            if kept is None or kept[0] is not refs:
                rows[path] = (refs, row_of(path, refs))
        for path in [p for p in rows if p not in self.index.refs]:
            del rows[path]
        try:
            save_refs(self.directory, (row for _, row in rows.values()), self.style)
        except OSError as exc:
            self.messages.append(f"Cannot save the links of the notes: {exc.strerror}")
