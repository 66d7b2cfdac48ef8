"""The on-disk (or in-memory) Whoosh index of a vault: open, repair, update, search.

Where it lives: a folder of our own (the user cache dir, or `--index-dir`), never inside
the vault. Beside Whoosh's files it keeps `index.json` (schema version, vault path). An
index with another schema version, or one Whoosh cannot open (a process killed while
writing, a truncated file), is rebuilt from scratch with a message. When the folder cannot
be written (a read-only file system), the index is built in memory and a message says why.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import json
import os
import shutil
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import index as windex
from whoosh import query as wq
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.reading import IndexReader
from whoosh.searching import Searcher
from whoosh.writing import CLEAR, IndexWriter

from reader.notes.note import Note
from reader.search.index.bulk import BulkScorer, Unsupported
from reader.search.index.compile import compile_query
from reader.search.index.lexicon import Lexicon
from reader.search.index.merging import merge_policy
from reader.search.index.schema import SCHEMA_VERSION, TEXT_FIELD, document_for, make_schema
from reader.search.index.similar import alike, key_terms
from reader.search.index.term_lists import segment_id, segment_terms
from reader.search.index.w3 import hold_term_files
from reader.search.locking import LOCK_FILE, folder_lock
from reader.search.query import Node

Hit = tuple[str, float]  # a note's path and its score
Similar = tuple[str, float, tuple[str, ...]]  # a path, its similarity, the words shared

META_FILE = "index.json"
#: Above this many new notes, a cold build uses two processes and one segment each.
PARALLEL_MIN = 400
WRITER_MB = 256
#: How many candidates an inexact query asks for: the limit times this, at least the minimum.
INEXACT_FACTOR = 5
INEXACT_MIN = 100


class IndexBusy(Exception):
    """Another process holds the index's write lock."""


ANOTHER_VERSION = "The index was made by another version; rebuilding it."

#: The pid of this process while it runs a parallel (two-process) build, else None.
_parallel_parent: int | None = None
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in every forked child: a worker of a parallel build ends with its parent.

    Whoosh's workers block on a queue fed by the parent and inherit its lock files; if the
    parent is killed (SIGKILL) they would wait forever and keep the index locked. On Linux
    the kernel kills them when the parent dies; if it died before this ran, exit now.
    """
    parent = _parallel_parent
    if parent is None or not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_die_with_parent)


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
            stored = self._stored_version()
            # Another version's index is not opened at all: Whoosh would unpickle its schema,
            # which may name classes that have since moved (and call the index damaged).
            if stored not in (None, SCHEMA_VERSION):
                self.messages.append(ANOTHER_VERSION)
            elif windex.exists_in(str(self.directory)):
                if stored == SCHEMA_VERSION:
                    ix = _storage(self.directory).open_index()
                    ix.doc_count()  # touch the segments: a damaged index fails here
                    return ix
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
            with folder_lock(self.directory, 30.0):
                if self._stored_version() == SCHEMA_VERSION:
                    with contextlib.suppress(Exception):  # another process just made it
                        made = _storage(self.directory).open_index()
                        made.doc_count()
                        return made
                for child in self.directory.iterdir():
                    if child.name == LOCK_FILE:
                        continue
                    if child.is_dir():
                        shutil.rmtree(child)
                    else:
                        child.unlink(missing_ok=True)  # e.g. a term list just replaced
                ix = _storage(self.directory).create_index(make_schema())
                meta = {"schema": SCHEMA_VERSION, "vault": str(self.vault or "")}
                (self.directory / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
                return ix
        except OSError as exc:
            return self._in_memory(f"cannot write the index to {self.directory}: {exc.strerror}")

    def _in_memory(self, why: str) -> windex.Index:
        self.messages.append(f"{why}; searching from an index kept in memory.")
        self.in_memory = True
        self.rebuilt = True
        return RamStorage().create_index(make_schema())

    def _stored_version(self) -> int | None:
        assert self.directory is not None
        try:
            meta = json.loads((self.directory / META_FILE).read_text(encoding="utf-8"))
            return int(meta["schema"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

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

    def update(
        self,
        notes: Iterable[Note],
        deleted: Iterable[str] = (),
        *,
        total: int = 0,
        wait: float = 10.0,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Add or replace `notes` and remove `deleted` paths in one commit.

        `total` is how many notes are coming (so a large cold build can use two processes).
        Raises `IndexBusy` if another process holds the write lock for `wait` seconds.
        Returns how many notes were written; a cancelled update commits nothing.
        """
        global _parallel_parent
        clear, self._clear_next = self._clear_next, False
        fresh = clear or self._ix.doc_count() == 0
        parallel = fresh and total >= PARALLEL_MIN and not self.in_memory
        if parallel:
            _parallel_parent = os.getpid()  # its workers must not outlive it
        try:
            writer = self._writer(parallel, wait)
            return self._write(notes, () if clear else deleted, writer, fresh, cancelled, clear)
        finally:
            _parallel_parent = None

    def _write(
        self,
        notes: Iterable[Note],
        deleted: Iterable[str],
        writer: IndexWriter,
        fresh: bool,
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
                if fresh:
                    writer.add_document(**doc)
                else:
                    writer.update_document(**doc)
                written += 1
            writer.commit(mergetype=CLEAR if clear else merge_policy)
        except BaseException:
            writer.cancel()
            raise
        return written

    def _writer(self, parallel: bool, wait: float) -> IndexWriter:
        options: dict[str, object] = {"limitmb": WRITER_MB}
        if parallel and not self.in_memory:
            options.update(procs=2, multisegment=True)
        try:
            return self._ix.writer(timeout=wait, **options)
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
            if self._bulk is None:
                self._bulk = BulkScorer(searcher)
            top = self._bulk.top(query, limit)
        except Unsupported:
            results = searcher.search(query, limit=limit)
            return [(hit["path"], float(hit.score or 0.0)) for hit in results]
        return [(self._path_of(searcher, docnum), score) for docnum, score in top]

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
                if self._bulk is None:
                    self._bulk = BulkScorer(searcher)
            except Unsupported:
                return []
            terms = key_terms(searcher.reader(), words, self._text_frequency)
            own = searcher.document_number(path=path)
            return [
                (self._path_of(searcher, found.docnum), found.similarity, found.terms)
                for found in alike(self._bulk, terms, own, limit)
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


def _storage(directory: Path) -> FileStorage:
    """The index folder's storage, read without memory maps: Whoosh 3 copies every file of
    a mapped segment into memory when a searcher opens (0.25 s and 180 MB on the
    10,000-note benchmark index); the bulk scorer reads each posting list in one call."""
    return FileStorage(str(directory), supports_mmap=False)


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
