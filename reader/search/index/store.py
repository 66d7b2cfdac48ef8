"""The on-disk (or in-memory) Whoosh index of a vault: open, repair, update, search.

Where it lives: a folder of our own (the user cache dir, or `--index-dir`), never inside
the vault. Beside Whoosh's files it keeps `index.json` (schema version, vault path); the
files are opened and made by `folder`. An index with another schema version, or one Whoosh
cannot open (a process killed while writing, a truncated file), is rebuilt from scratch
with a message. When the folder cannot be written (a read-only file system), the index is
built in memory and a message says why. A cold build of many notes runs in worker
processes (`parallel`).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from whoosh import index as windex
from whoosh import query as wq
from whoosh.filedb.filestore import RamStorage
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.writing import CLEAR, SegmentWriter

from reader.notes.note import Note
from reader.search.index.adding import add_note
from reader.search.index.bulk import BulkScorer, Unsupported
from reader.search.index.compile import compile_query
from reader.search.index.folder import create_index, open_index, stored_version
from reader.search.index.lexicon import Lexicon
from reader.search.index.merging import merge_policy
from reader.search.index.schema import SCHEMA_VERSION, TEXT_FIELD, document_for, make_schema
from reader.search.index.segment import BulkWriter
from reader.search.index.similar import alike, key_terms
from reader.search.index.term_lists import segment_id, segment_terms
from reader.search.index.w3 import hold_term_files
from reader.search.locking import LOCK_FILE
from reader.search.query import Node

if TYPE_CHECKING:  # the worker processes' module (multiprocessing, ctypes) loads for a build
    from reader.search.index.parallel import Prepare, Receive

Hit = tuple[str, float]  # a note's path and its score
Similar = tuple[str, float, tuple[str, ...]]  # a path, its similarity, the words shared

#: From this many new notes on, a cold build uses a worker process per core (see `build`).
PARALLEL_MIN = 400
#: The memory an index writer may fill before it spills sorted postings to disk, in MB.
#: Whoosh's pool (an update of an index that holds notes) counts ~200 bytes a posting and
#: peaks at about 1.3 times this plus 80 MB (409 MB at 256); spilling it is dear (a
#: quarter of the GeeksforGeeks collection took 41 % more CPU with 24 MB than with 192 MB).
#: A cold build's `TermPool` (`reader.search.index.pool`) counts ~10 bytes a posting and
#: ~250 a term, so it seldom fills. A parallel build gives each worker its share of
#: `BUILD_MB`, at most `WRITER_MB`.
WRITER_MB = 240
BUILD_MB = 1024
#: How many candidates an inexact query asks for: the limit times this, at least the minimum.
INEXACT_FACTOR = 5
INEXACT_MIN = 100


class IndexBusy(Exception):
    """Another process holds the index's write lock."""


ANOTHER_VERSION = "The index was made by another version; rebuilding it."


class SearchIndex:
    """A Whoosh index of notes, with lexicon-expanded search."""

    def __init__(self, directory: Path | None, vault: Path | None = None) -> None:
        self.directory = directory
        self.vault = vault
        self.messages: list[str] = []
        self.in_memory = directory is None
        self.rebuilt = False
        self._lock = threading.RLock()
        #: Term lists of the open searcher's generation, by field (dropped with it).
        self._lexicons: dict[str, Lexicon] = {}
        self._searcher: Searcher | None = None
        #: Scores queries against the open searcher (made with it, dropped with it).
        self._bulk: BulkScorer | None = None
        #: The path of each note number already looked up in the open searcher.
        self._paths: dict[int, str] = {}
        #: Document frequencies of words in `text` already looked up in the open searcher.
        self._frequencies: dict[str, int] = {}
        #: Set by `reset()`: the next commit replaces every segment.
        self._clear_next = False
        self._ix = self._open()

    # -- opening -------------------------------------------------------------------------

    def _open(self) -> windex.Index:
        if self.directory is None:
            return RamStorage().create_index(make_schema())
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with open(self.directory / LOCK_FILE, "a+b"):
                pass  # a folder that cannot be written fails here, before any note is read
            stored = stored_version(self.directory)
            # Another version's index is not opened at all: Whoosh would unpickle its schema,
            # which may name classes that have since moved (and call the index damaged).
            if stored not in (None, SCHEMA_VERSION):
                self.messages.append(ANOTHER_VERSION)
            elif windex.exists_in(str(self.directory)):
                if stored == SCHEMA_VERSION:
                    return open_index(self.directory)  # a damaged index fails here
                self.messages.append(ANOTHER_VERSION)
        except OSError as exc:
            return self._in_memory(f"cannot use the index folder {self.directory}: {exc.strerror}")
        except Exception as exc:  # Whoosh raises many types for damaged files
            self.messages.append(f"The index was damaged ({type(exc).__name__}); rebuilding it.")
        return self._create()

    def reset(self) -> None:
        """Start the index over: the next update writes every note into an empty index.

        On disk nothing is deleted now: the next commit drops every old segment at once
        (Whoosh's CLEAR merge), so searches in other processes or threads keep the old
        generation until the new one is whole, and a killed rebuild leaves the old index.
        """
        with self._lock:
            self.rebuilt = True
            self._lexicons = {}
            if self.in_memory:
                if self._searcher is not None:
                    self._searcher.close()
                    self._searcher = None  # the next one starts its caches afresh
                self._ix.close()
                self._ix = RamStorage().create_index(make_schema())
            else:
                self._clear_next = True

    def _create(self) -> windex.Index:
        """A new empty index in the folder, made while holding the vault's update lock, so
        two processes opening a missing or damaged index never make it at once."""
        assert self.directory is not None
        self.rebuilt = True
        try:
            return create_index(self.directory, self.vault)
        except OSError as exc:
            return self._in_memory(f"cannot write the index to {self.directory}: {exc.strerror}")

    def _in_memory(self, why: str) -> windex.Index:
        self.messages.append(f"{why}; searching from an index kept in memory.")
        self.in_memory = True
        self.rebuilt = True
        return RamStorage().create_index(make_schema())

    # -- writing -------------------------------------------------------------------------

    def indexed_paths(self) -> set[str]:
        """The paths of every note in the index."""
        if self._clear_next:
            return set()  # being rebuilt: every old note goes at the next commit
        with self._lock, self._ix.reader() as reader:
            return {fields["path"] for _, fields in reader.iter_docs()}

    def generation(self) -> int:
        """The index's current generation: it changes with every commit."""
        return int(self._ix.latest_generation())

    def doc_count(self) -> int:
        """How many notes the index holds."""
        return int(self._ix.doc_count())

    def parallel_workers(self, total: int) -> int:
        """How many worker processes a cold build of `total` notes would use (see `build`):
        0 when it would not be worth it (or possible), so the notes go through `update`."""
        if self.in_memory or total < PARALLEL_MIN:
            return 0
        from reader.search.index.parallel import CHUNK, worker_count

        workers = min(worker_count(), -(-total // CHUNK))
        return workers if self._fresh() and workers >= 2 else 0

    def _fresh(self) -> bool:
        """Whether the next commit starts the index afresh: it is empty, or being rebuilt."""
        return self._clear_next or self._ix.doc_count() == 0

    def build(
        self,
        paths: Sequence[str],
        prepare: Prepare,
        receive: Receive,
        *,
        workers: int,
        wait: float = 10.0,
        cancelled: Callable[[], bool] | None = None,
    ) -> bool:
        """Write every note of `paths` into the index, now empty or being rebuilt, in
        `workers` processes that each read and prepare their notes (`prepare`) and index them
        (see `reader.search.index.parallel`); `receive` gets, in this process, what `prepare`
        returned for each. One commit; False (nothing committed) if cancelled.
        Raises `IndexBusy` if another process holds the write lock for `wait` seconds.
        """
        from reader.search.index.parallel import (
            build_segments,
            commit_segments,
            workers_end_with_this_process,
        )

        clear, self._clear_next = self._clear_next, False
        with workers_end_with_this_process():
            writer = self._writer(wait)
            try:
                limitmb = max(32, min(WRITER_MB, BUILD_MB // workers))
                segments = build_segments(
                    writer, paths, prepare, receive, workers, limitmb, cancelled
                )
                if segments is None:
                    writer.cancel()
                    return False
                commit_segments(writer, segments, CLEAR if clear else merge_policy)
            except BaseException:
                if not writer.is_closed:
                    writer.cancel()
                raise
        return True

    def update(
        self,
        notes: Iterable[Note],
        deleted: Iterable[str] = (),
        *,
        wait: float = 10.0,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Add or replace `notes` and remove `deleted` paths in one commit, in this process.

        Raises `IndexBusy` if another process holds the write lock for `wait` seconds.
        Returns how many notes were written; a cancelled update commits nothing.
        """
        fresh = self._fresh()
        clear, self._clear_next = self._clear_next, False
        writer = self._writer(wait, bulk=fresh)
        return self._write(notes, () if clear else deleted, writer, cancelled, clear)

    def _write(
        self,
        notes: Iterable[Note],
        deleted: Iterable[str],
        writer: SegmentWriter,
        cancelled: Callable[[], bool] | None,
        clear: bool = False,
    ) -> int:
        """Stream the changes into `writer` and commit them (cancel it on any failure)."""
        written = 0
        try:
            for path in deleted:
                writer.delete_by_term("path", path)
            for note in notes:
                if cancelled is not None and cancelled():
                    writer.cancel()
                    return 0
                doc = document_for(note)
                if isinstance(writer, BulkWriter):  # a cold build: postings in bulk
                    add_note(writer, doc)
                else:
                    writer.update_document(**doc)
                written += 1
            writer.commit(mergetype=CLEAR if clear else merge_policy)
        except BaseException:
            writer.cancel()
            raise
        return written

    def _writer(self, wait: float, bulk: bool = False) -> SegmentWriter:
        """A writer holding the index's lock; for a cold build (`bulk`) one that pools
        postings by term (`reader.search.index.segment`)."""
        try:
            if bulk:
                return BulkWriter(self._ix, timeout=wait, limitmb=WRITER_MB)
            writer = self._ix.writer(timeout=wait, limitmb=WRITER_MB)
            assert isinstance(writer, SegmentWriter)  # what a file or RAM index makes
            return writer
        except windex.LockError as exc:
            raise IndexBusy("another process is updating the index") from exc

    # -- searching -----------------------------------------------------------------------

    def lexicon(self, field: str) -> Lexicon:
        """The terms of `field` as the open searcher sees them (cached with it)."""
        with self._lock:
            return self._lexicon(self._current_searcher(), field)

    def _lexicon(self, searcher: Searcher, field: str) -> Lexicon:
        """The terms of `field` in `searcher`, the one a search holds: never renewed
        half-way through compiling a query, which would close the reader it scores with."""
        lexicon = self._lexicons.get(field)
        if lexicon is None:
            lexicon = self._lexicons[field] = Lexicon(
                _terms(searcher.reader(), field, None if self.in_memory else self.directory),
                lambda term: int(searcher.reader().doc_frequency(field, term)),
                int(searcher.doc_count_all()),
            )
        return lexicon

    def search(
        self, node: Node, limit: int | None = 20, widen: bool = True
    ) -> tuple[list[Hit], bool]:
        """(path, score) of the notes matching a parsed query, best first, and whether the
        list is exact; when it is not, it is a superset to check on the notes' text, and
        holds more than `limit` candidates (unless `widen` is False: a caller that only
        wants the best few candidates, checked or not)."""
        with self._lock:
            searcher = self._current_searcher()
            compiled = compile_query(node, functools.partial(self._lexicon, searcher))
            if not compiled.exact and limit is not None and widen:
                # Candidates are checked one by one and some fail: ask for several times
                # as many at once (asking again evaluates the whole query again).
                limit = max(limit * INEXACT_FACTOR, INEXACT_MIN)
            hits = self._ranked(searcher, compiled.query, limit)
        return hits, compiled.exact

    def _ranked(self, searcher: Searcher, query: wq.Query, limit: int | None) -> list[Hit]:
        """(path, score) of the best `limit` matches: scored in bulk (`reader.search.index.bulk`),
        or by Whoosh's collector for a query the bulk scorer does not evaluate."""
        try:
            top = self._bulk_scorer(searcher).top(query, limit)
        except Unsupported:
            results = searcher.search(query, limit=limit)
            return [(hit["path"], float(hit.score or 0.0)) for hit in results]
        return [(self._path_of(searcher, docnum), score) for docnum, score in top]

    def _bulk_scorer(self, searcher: Searcher) -> BulkScorer:
        """The bulk scorer of the open searcher, made on first use (may raise `Unsupported`)."""
        if self._bulk is None:
            self._bulk = BulkScorer(searcher)
        return self._bulk

    def _path_of(self, searcher: Searcher, docnum: int) -> str:
        """The path of an index number in the open searcher (looked up once)."""
        path = self._paths.get(docnum)
        if path is None:
            path = self._paths[docnum] = searcher.reader().stored_fields(docnum)["path"]
        return path

    def _text_frequency(self, word: str) -> int:
        """How many notes hold `word` in their text, remembered with the open searcher."""
        known = self._frequencies.get(word)
        if known is None:
            reader = self._current_searcher().reader()
            known = self._frequencies[word] = int(reader.doc_frequency(TEXT_FIELD, word))
        return known

    def similar(self, path: str, words: Iterable[str], limit: int) -> list[Similar]:
        """The `limit` notes most alike `path` by content, given its words as the index
        analyses them (`reader.search.index.similar`): (path, similarity from 0 to 1, the
        distinctive words shared), best first."""
        with self._lock:
            searcher = self._current_searcher()
            try:
                scorer = self._bulk_scorer(searcher)
            except Unsupported:
                return []
            terms = key_terms(searcher.reader(), words, self._text_frequency)
            own = searcher.document_number(path=path)
            return [
                (self._path_of(searcher, found.docnum), found.similarity, found.terms)
                for found in alike(scorer, terms, own, limit)
            ]

    def _current_searcher(self) -> Searcher:
        """One searcher kept open across queries (opening one reads every segment), renewed
        when another writer has committed."""
        if self._searcher is not None and not self._searcher.up_to_date():
            # Not `Searcher.refresh()`: Whoosh 3's reader reuse adds the old generation's
            # segments to the new ones (every hit twice, deleted notes found again) and
            # fails outright when the old index was empty. A new searcher reads the TOC.
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self._ix.searcher()
            hold_term_files(self._searcher)
            self._bulk, self._paths, self._lexicons = None, {}, {}
            self._frequencies = {}
        return self._searcher


def _terms(reader: IndexReader, field: str, directory: Path | None) -> set[str]:
    """Every term of `field` in the segments that hold a live note; none if the field was
    never written. Each segment's list is read on its own (Whoosh's merged view of several
    segments merges them term by term in Python, five times slower), from the copy saved
    in `directory` when there is one (`reader.search.index.term_lists`)."""
    leaves = [leaf for leaf, _ in reader.leaf_readers() if leaf.doc_count()]
    live = [name for name in map(segment_id, leaves) if name is not None]
    terms: set[str] = set()
    for leaf in leaves:
        if field in leaf.indexed_field_names():
            terms.update(segment_terms(directory, leaf, field, live))
    return terms
