"""A Whoosh segment writer whose postings are pooled by term and written a block at a time.

When Whoosh finishes a segment, it sorts every posting tuple of its pool and hands them one
at a time to `FieldWriter.add_postings`, which reads each note's field length back from the
new segment's length column and calls `W3PostingsWriter.add_posting` (type checks, running
maxima) for each: most of the time of finishing a segment. `BulkWriter` pools its postings
by term (`reader.search.index.pool`) and fills the posting writer's block buffers a block
at a time: the note numbers are a slice of the term's array, the weights and the packed
values are made from the counts in one call each, the block's highest weight with `max`,
its shortest and longest field lengths from each field's length bytes, read once. The
blocks are then written as Whoosh's `_write_block` writes them (in fewer steps) and the
term finished by its `finish_postings`, so the files are byte for byte those Whoosh
writes (`tests/test_index_adding.py` compares them).

Used for a cold build (one process or each worker of a parallel one). Whoosh is pinned
(`pyproject.toml`): this fills its posting writer's internals. Part of the core: never
imports Textual.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from itertools import chain
from operator import sub
from pickle import dumps
from typing import Any

from whoosh.codec.whoosh3 import (
    COMPRESSION_MIN_SIZE,
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3PostingsWriter,
)
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from reader.search.index.pool import TermPool, merged_postings
from reader.search.index.w3 import length_bytes

_SWAP = sys.byteorder == "little"  # Whoosh packs counts big-endian (`pack_uint`)
assert array("I").itemsize == 4, "counts are packed as 4-byte unsigned ints"


class BulkWriter(SegmentWriter):
    """`SegmentWriter` with a `TermPool` (same memory limit, `limitmb`) in place of
    Whoosh's posting pool; `reader.search.index.adding.add_note` adds to it in bulk."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        super().__init__(ix, **kwargs)
        self.pool: Any = TermPool(self._tempstorage, self.pool.limit / (1024 * 1024))

    def _flush_segment(self) -> None:
        """Write the pooled postings into the segment (Whoosh's `_flush_segment`, with the
        postings written a term at a time)."""
        self.perdocwriter.close()
        perdoc = self.per_document_reader()
        try:
            fieldwriter = self.fieldwriter
            if isinstance(fieldwriter, W3FieldWriter):
                write_records(fieldwriter, self.schema, perdoc, self.pool.records())
            else:  # another codec: its own writer takes the postings one at a time
                fieldwriter.add_postings(self.schema, perdoc, self.pool.postings(self.schema))
            fieldwriter.close()
        finally:
            perdoc.close()


def write_records(fieldwriter: Any, schema: Any, perdoc: Any, records: Any) -> None:
    """Write the terms of `records` (in order) with Whoosh 3's field writer; `perdoc` reads
    the segment's field lengths."""
    current = None
    lengths = b""
    boost = 1.0
    for field, text, pairs, other in records:
        if field != current:
            if current is not None:
                fieldwriter.finish_field()
            fieldobj = schema[field]
            fieldwriter.start_field(field, fieldobj)
            current, boost = field, fieldobj.format.field_boost
            lengths = _padded(length_bytes(perdoc, field), perdoc.doc_count_all())
        fieldwriter.start_term(text)
        postwriter = fieldwriter._postwriter
        if _in_blocks(postwriter, pairs, other, boost):
            _write_blocks(postwriter, pairs, boost, lengths)
        else:
            _write_each(postwriter, merged_postings(pairs, boost, other), lengths)
        fieldwriter.finish_term()
    if current is not None:
        fieldwriter.finish_field()


def _in_blocks(postwriter: Any, pairs: Any, other: Any, boost: float) -> bool:
    """Whether a term's postings can be written a block at a time: counted postings only,
    a positive boost (the block's highest weight is its highest count times it), and
    more postings than Whoosh inlines in the term's entry."""
    return (
        other is None
        and type(postwriter) is W3PostingsWriter
        and boost > 0
        and len(pairs) // 2 >= postwriter._inlinelimit
    )


def _write_blocks(postwriter: Any, pairs: array[int], boost: float, lengths: bytes) -> None:
    """Write a term's (note, count) pairs as the posting writer's blocks of up to
    `blocklimit` postings: what `add_posting` for each and `_write_block` would write."""
    docnums, counts = pairs[0::2], pairs[1::2]
    total, size = len(docnums), postwriter._blocklimit
    for start in range(0, total, size):
        if total <= size:  # most terms: one block
            ids, block_counts = docnums, counts
        else:
            ids, block_counts = docnums[start : start + size], counts[start : start + size]
        if boost == 1.0:
            weights = array("f", block_counts)
        else:
            weights = array("f", [count * boost for count in block_counts])
        block_lengths = bytes(map(lengths.__getitem__, ids))
        shortest, longest = min(block_lengths), max(block_lengths)
        if not shortest:  # a note without the field's length: Whoosh skips it
            shortest = min((byte for byte in block_lengths if byte), default=0)
        block = _Block(ids, weights, max(block_counts) * boost, shortest, longest)
        if _SWAP:
            block_counts.byteswap()  # a copy of the term's counts: packed in place
        _write_block(postwriter, block, block_counts.tobytes(), start + size >= total)


class _Block:
    """One block's postings and statistics, as `W3PostingsWriter` holds them while it
    buffers a block (what the term's `add_block` reads)."""

    __slots__ = (
        "_ids",
        "_maxlength",
        "_maxweight",
        "_minlength",
        "_weights",
        "longest",
        "shortest",
    )

    def __init__(
        self, ids: array[int], weights: array[float], maxweight: float, shortest: int, longest: int
    ) -> None:
        self._ids, self._weights, self._maxweight = ids, weights, maxweight
        self.shortest, self.longest = shortest, longest  # as length bytes
        self._minlength = byte_to_length(shortest) if shortest else None
        self._maxlength = byte_to_length(longest) if longest else 0

    def __len__(self) -> int:
        return len(self._ids)

    def min_id(self) -> int:
        return self._ids[0]

    def max_id(self) -> int:
        return self._ids[-1]

    def min_length(self) -> int | None:
        return self._minlength

    def max_length(self) -> int:
        return self._maxlength

    def max_weight(self) -> float:
        return self._maxweight


def _write_block(postwriter: Any, block: _Block, values: bytes, last: bool) -> None:
    """`W3PostingsWriter._write_block` for a block of counted postings (fixed-size values,
    joined), in fewer steps: the same header, block info and pickled, compressed data.
    A block's length bytes are its lengths' (`length_to_byte(byte_to_length(b)) == b`)."""
    postfile = postwriter._postfile
    if not postwriter._blockcount:
        postfile.write(WHOOSH3_HEADER_MAGIC)
    postwriter._terminfo.add_block(block)
    ids, weights = block._ids, block._weights
    first = weights[0]
    if weights.count(first) != len(weights):
        mini_weights: Any = tuple(weights)
    else:
        mini_weights = None if first == 1.0 else first
    databytes = dumps((tuple(map(sub, ids, chain((0,), ids))), mini_weights, values), 2)
    comp = postwriter._compression if len(databytes) >= COMPRESSION_MIN_SIZE else 0
    if comp:
        databytes = zlib.compress(databytes, comp)
    info = (len(ids), ids[-1], block._maxweight, comp, block.shortest, block.longest)
    infobytes = dumps(info, 2)
    length = len(infobytes) + len(databytes)
    postfile.write_int(-length if last else length)
    postfile.write(infobytes)
    postfile.write(databytes)
    postwriter._blockcount += 1


def _write_each(postwriter: Any, postings: list[Any], lengths: bytes) -> None:
    """Add a term's postings one at a time, with the lengths Whoosh's writer reads back."""
    for docnum, weight, value in postings:
        byte = lengths[docnum] if 0 <= docnum < len(lengths) else 0
        postwriter.add_posting(docnum, weight, value, byte_to_length(byte) if byte else None)


def _padded(raw: bytes | None, count: int) -> bytes:
    """`count` length bytes: those read, then zeros (no length) for the notes after."""
    raw = raw or b""
    return raw + bytes(count - len(raw)) if len(raw) < count else raw
