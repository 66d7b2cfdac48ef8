"""The postings of a segment being written, kept by term rather than one tuple a posting.

Whoosh's `PostingPool` holds one tuple (field, term, note, weight, value) per posting, about
200 bytes each, and sorts them all when the segment is finished. `TermPool` keeps, for each
term of a counted field (the schema's `NoteFrequency` fields, see `reader.search.index.adding`),
the note numbers and word counts of its postings in one array of unsigned ints (8 bytes a
posting); weights and values are made from the counts when the term is written. Postings of
any other field (the `path`, `date` and `status` terms, or whatever Whoosh's own
`add_document` and `add_reader` add) are kept as Whoosh keeps them. At the end only the
terms are sorted, never the postings: notes are added in increasing order, so each term's
postings already are.

Memory stays bounded: when the pool's estimate of its size passes the writer's limit, its
terms are written to a sorted run in the writer's temporary storage and the pool starts
again; the runs and what is left in memory are merged term by term at the end (the postings
of a term in an earlier run belong to earlier notes, so they are joined in run order).
Part of the core: never imports Textual.
"""

from __future__ import annotations

import contextlib
import heapq
import pickle
from array import array
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from operator import itemgetter
from typing import Any

from whoosh.system import pack_uint
from whoosh.util import random_name

#: A posting as Whoosh keeps it: note number, weight, encoded value.
Posting = tuple[int, float, bytes]
#: One term of the pool, as the pool yields them in order: field, term bytes, the counted
#: postings (note, count, note, count, … in one array; None if there are none) and the
#: other postings (None if there are none).
Record = tuple[str, bytes, "array[int] | None", "list[Posting] | None"]

#: What the pool counts for a new term besides its characters: the array (80 bytes and its
#: first allocation), the dictionary slot and the word's string (Python's sizes, rounded up).
TERM_BYTES = 240
#: What the pool counts for a counted posting: two unsigned ints, and the arrays' slack.
POSTING_BYTES = 10
#: What the pool counts for another posting (a tuple of three, an int, a float), besides its
#: term's and value's lengths; the term is kept once per posting here.
OTHER_BYTES = 200
#: Postings written to a run in one pickled chunk (a run is read back a chunk at a time).
CHUNK_POSTINGS = 1 << 16
_MB = 1024 * 1024


class TermPool:
    """The postings of one segment writer, by field and term; see the module docstring."""

    def __init__(self, tempstore: Any, limitmb: float) -> None:
        self.limit = int(limitmb * _MB)
        #: The pool's estimate of the memory its postings hold now, in bytes.
        self.size = 0
        #: Counted postings: field -> word -> array of (note, count) pairs.
        self._counted: dict[str, dict[str, array[int]]] = {}
        #: Other postings as Whoosh makes them: (field, term, note, weight, value).
        self._other: list[tuple[str, bytes, int, float, bytes]] = []
        self._tempstore = tempstore
        self._runs: list[str] = []

    @property
    def runs(self) -> int:
        """How many sorted runs the pool has spilled to temporary storage."""
        return len(self._runs)

    def add_counts(self, field: str, docnum: int, counts: Mapping[str, int]) -> None:
        """Add the postings of one note's counted field: each word with its count."""
        terms = self._counted.get(field)
        if terms is None:
            terms = self._counted[field] = {}
        get = terms.get
        added = POSTING_BYTES * len(counts)
        for word, count in counts.items():
            pairs = get(word)
            if pairs is None:
                terms[word] = array("I", (docnum, count))
                added += TERM_BYTES + 2 * len(word)
            else:
                pairs.append(docnum)
                pairs.append(count)
        self._grown(added)

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Add one posting as Whoosh's `PostingPool.add` takes it (the writer's own
        `add_document` and `add_reader` call this)."""
        field, text, docnum, weight, value = item
        assert isinstance(text, bytes), f"tbytes={text!r}"
        assert value is None or isinstance(value, bytes), f"vbytes={value!r}"
        if docnum == -1:
            return  # Whoosh's marker of a spelling word, which its writer skips too
        self._other.append((field, text, docnum, weight, value or b""))
        self._grown(OTHER_BYTES + len(field) + len(text) + len(value or b""))

    def _grown(self, added: int) -> None:
        self.size += added
        if self.size > self.limit:
            self.spill()

    # -- reading the pool back, term by term ---------------------------------------------

    def records(self) -> Iterator[Record]:
        """Every term of the pool in Whoosh's order (field, then term bytes), with its
        postings; the pool is emptied as it goes. Call once, when the segment is written."""
        if not self._runs:
            yield from self._drain()
            return
        self.spill()
        merged = heapq.merge(*map(self._read_run, list(self._runs)), key=itemgetter(0, 1))
        for (field, text), group in groupby(merged, key=itemgetter(0, 1)):
            yield _joined(field, text, list(group))

    def postings(self, schema: Any) -> Iterator[tuple[str, bytes, int, float, bytes]]:
        """Every posting in Whoosh's sorted order, as `PostingPool.iter_postings` yields
        them (weights of counted fields with the boost of their format in `schema`)."""
        for field, text, pairs, other in self.records():
            boost = schema[field].format.field_boost
            for docnum, weight, value in merged_postings(pairs, boost, other):
                yield field, text, docnum, weight, value

    def cleanup(self) -> None:
        """Remove the runs still in temporary storage (a cancelled or failed writer; a run
        is removed as soon as it has been read)."""
        for name in self._runs:
            with contextlib.suppress(OSError, KeyError):  # KeyError: from a RamStorage
                self._tempstore.delete_file(name)
        self._runs = []

    def _drain(self) -> Iterator[Record]:
        """The terms held in memory, in order; the pool is empty afterwards."""
        counted, self._counted = self._counted, {}
        other, self._other = self._other, []
        self.size = 0
        other.sort()  # as Whoosh sorts its postings
        other_terms: dict[str, dict[bytes, list[Posting]]] = {}
        for (field, text), postings in groupby(other, key=itemgetter(0, 1)):
            other_terms.setdefault(field, {})[text] = [posting[2:] for posting in postings]
        del other
        for field in sorted(counted.keys() | other_terms.keys()):
            words = counted.pop(field, {})
            terms: dict[bytes, array[int] | None] = {
                word.encode("utf-8"): pairs for word, pairs in words.items()
            }
            words.clear()
            others = other_terms.pop(field, {})
            for text in others.keys() - terms.keys():
                terms[text] = None
            for text in sorted(terms):
                yield field, text, terms.pop(text), others.get(text)

    # -- runs ----------------------------------------------------------------------------

    def spill(self) -> None:
        """Write the terms held in memory to a sorted run and empty the pool."""
        if not self._counted and not self._other:
            return
        name = f"{random_name()}.terms"
        out = self._tempstore.create_file(name)
        try:
            _write_run(out, self._drain())
        finally:
            out.close()
        self._runs.append(name)

    def _read_run(self, name: str) -> Iterator[Record]:
        """The records of one run, a chunk at a time; the run is removed once read."""
        source = self._tempstore.open_file(name).raw_file()
        try:
            while True:
                try:
                    chunk = pickle.load(source)
                except EOFError:
                    return
                for field, text, raw, other in chunk:
                    pairs = None
                    if raw is not None:
                        pairs = array("I")
                        pairs.frombytes(raw)
                    yield field, text, pairs, other
        finally:
            source.close()
            self._tempstore.delete_file(name)
            self._runs.remove(name)


def _write_run(out: Any, records: Iterable[Record]) -> None:
    """Pickle `records` to `out` in chunks of about `CHUNK_POSTINGS` postings."""
    chunk: list[tuple[str, bytes, bytes | None, list[Posting] | None]] = []
    held = 0
    for field, text, pairs, other in records:
        chunk.append((field, text, None if pairs is None else pairs.tobytes(), other))
        held += (len(pairs) // 2 if pairs is not None else 0) + len(other or ())
        if held >= CHUNK_POSTINGS:
            pickle.dump(chunk, out, pickle.HIGHEST_PROTOCOL)
            chunk, held = [], 0
    if chunk:
        pickle.dump(chunk, out, pickle.HIGHEST_PROTOCOL)


def _joined(field: str, text: bytes, group: list[Record]) -> Record:
    """One term's record from its records in several runs (earlier runs first)."""
    if len(group) == 1:
        return group[0]
    pairs: array[int] | None = None
    other: list[Posting] | None = None
    for _, _, more_pairs, more_other in group:
        if more_pairs is not None:
            pairs = more_pairs if pairs is None else pairs + more_pairs
        if more_other is not None:
            other = more_other if other is None else other + more_other
    if other is not None:
        other.sort()
    return field, text, pairs, other


def merged_postings(
    pairs: array[int] | None, boost: float, other: list[Posting] | None
) -> list[Posting]:
    """A term's postings as Whoosh's writer takes them, in note order: the counted ones
    (weight = count x the field's boost, value = the count packed) and the others."""
    postings: list[Posting] = []
    if pairs is not None:
        postings = [
            (docnum, count * boost, pack_uint(count))
            for docnum, count in zip(pairs[0::2], pairs[1::2], strict=True)
        ]
    if other is not None:
        postings = sorted(postings + other) if postings else other
    return postings
