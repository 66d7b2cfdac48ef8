"""The vault: one object the CLI and the TUI use for everything about a folder of notes.

It keeps a catalog of every note's metadata (no bodies: those are read on demand), the
entity index built from it, and the full-text index. `update()` brings both up to date with
the disk and is the slow call: run it off the UI thread. Part of the core: never imports
Textual.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.config import Config, load_config
from reader.entities import EntityIndex, EntityRef, Related
from reader.notes import Note, Skipped, iter_note_paths, load_note

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


@dataclass(frozen=True)
class Hit:
    """One search result: `snippet` is cut from the original text; `spans` are the
    (start, end) character ranges of the matched text inside `snippet`; `needles` are the
    folded strings that matched, for highlighting the same text in the whole note."""

    path: str
    title: str
    score: float
    snippet: str
    spans: tuple[tuple[int, int], ...] = ()
    needles: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntityNote:
    """A note of an entity: `listed` in its frontmatter and/or `mentioned` in its text."""

    path: str
    listed: bool
    mentioned: bool


@dataclass
class UpdateSummary:
    """What one `Vault.update()` did."""

    notes: int = 0
    added: int = 0
    changed: int = 0
    removed: int = 0
    problems: int = 0
    seconds: float = 0.0
    rebuilt: bool = False
    messages: list[str] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary `reader index` prints."""
        return (
            f"{self.notes} notes: {self.added} added, {self.changed} changed, "
            f"{self.removed} removed, {self.problems} with problems, {self.seconds:.2f} s"
        )


class Vault:
    """A folder of notes with its catalog, entities and search index."""

    def __init__(self, root: Path, index_dir: Path | None = None, config: Config | None = None):
        self.root = root.resolve()
        self.config = config if config is not None else load_config(self.root)
        self.index_dir = index_dir
        self._catalog: dict[str, Note] = {}
        self._skipped: dict[str, Skipped] = {}
        self.entities = EntityIndex((), self.config)

    # -- loading -------------------------------------------------------------------------

    def update(self, progress: Progress | None = None, cancelled: Cancelled | None = None) -> UpdateSummary:
        """Bring the catalog, the entity index and the search index up to date with disk."""
        started = time.perf_counter()
        summary = UpdateSummary()
        paths = list(iter_note_paths(self.root))
        keys = list(self.config.types)
        catalog: dict[str, Note] = {}
        self._skipped = {}
        for done, path in enumerate(paths, 1):
            if cancelled is not None and cancelled():
                break
            loaded = load_note(self.root, path, keys)
            if isinstance(loaded, Skipped):
                self._skipped[path] = loaded
            else:
                summary.added += path not in self._catalog
                catalog[path] = replace(loaded, body="")
            if progress is not None:
                progress(done, len(paths))
        summary.removed = len(set(self._catalog) - set(catalog))
        self._catalog = catalog
        self.entities = EntityIndex(catalog.values(), self.config)
        summary.notes = len(catalog)
        summary.problems = sum(1 for n in catalog.values() if n.problems) + len(self._skipped)
        summary.seconds = time.perf_counter() - started
        return summary

    # -- notes ---------------------------------------------------------------------------

    def notes(self) -> list[Note]:
        """Every note's metadata (bodies empty), newest first, undated last."""
        return sorted(self._catalog.values(), key=lambda n: (n.date or "", n.path), reverse=True)

    def get(self, path: str) -> Note | None:
        """The catalog record of a note (body empty), if the note exists."""
        return self._catalog.get(path)

    def read(self, path: str) -> Note | Skipped:
        """The whole note, read from disk now."""
        return load_note(self.root, path, list(self.config.types))

    def file_path(self, path: str) -> Path:
        """The absolute path of a note."""
        return self.root / path

    def skipped(self) -> list[Skipped]:
        """Files under the vault that could not be loaded as notes, with the reason."""
        return sorted(self._skipped.values(), key=lambda s: s.path)

    def problems(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every note or file with a problem, and its problems, by path."""
        rows = [(n.path, n.problems) for n in self._catalog.values() if n.problems]
        rows += [(s.path, (s.reason,)) for s in self._skipped.values()]
        return sorted(rows)

    # -- search and entities ---------------------------------------------------------------

    def search(self, query: str, limit: int | None = 20) -> list[Hit]:
        """Ranked hits for a query in the query language (see `reader.query`)."""
        needle = query.strip().casefold()
        hits: list[Hit] = []
        for note in self.notes():
            full = self.read(note.path)
            if isinstance(full, Note) and needle and needle in (full.title + full.body).casefold():
                at = full.body.casefold().find(needle)
                snippet = full.body[max(at - 40, 0) : at + 80] if at >= 0 else full.summary
                hits.append(Hit(note.path, note.title, 1.0, snippet, (), (needle,)))
        return hits if limit is None else hits[:limit]

    def entity_notes(self, ref: EntityRef) -> list[EntityNote]:
        """Notes that list the entity or mention it (or one of its aliases) in their text."""
        listed = set(self.entities.notes_listing(ref))
        mentioned: set[str] = set()
        for name in self.entities.spellings(ref):
            mentioned.update(h.path for h in self.search(f'"{name}"', limit=None))
        paths = sorted(listed | mentioned, key=lambda p: self._sort_key(p), reverse=True)
        return [EntityNote(p, p in listed, p in mentioned) for p in paths]

    def related(self, path: str, limit: int | None = 10) -> list[Related]:
        """Notes related to `path` by shared entities, best first."""
        return self.entities.related(path, limit)

    def _sort_key(self, path: str) -> tuple[str, str]:
        note = self._catalog.get(path)
        return ((note.date or "") if note else "", path)
