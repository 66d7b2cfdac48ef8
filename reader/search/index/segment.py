"""A Whoosh segment writer whose postings are pooled by term and written a block at a time.

When Whoosh finishes a segment, it sorts every posting tuple of its pool and hands them one
at a time to `FieldWriter.add_postings`, which reads each note's field length back from the
new segment's length column and calls `W3PostingsWriter.add_posting` (type checks, running
maxima) for each: most of the time of finishing a segment. `BulkWriter` pools its postings
by term (`reader.search.index.pool`) and fills the posting writer's block buffers a block
at a time: the note numbers are a slice of the term's array, the weights and the packed
values are made from the counts in one call each, the block's highest weight with `max`,
its shortest and longest field lengths from each field's length bytes, read once. The
buffers then go through Whoosh's own `_write_block` and `finish_postings`, so the files are
byte for byte those Whoosh writes (`tests/test_index_adding.py` compares them).

Used for a cold build (one process or each worker of a parallel one). Whoosh is pinned
(`pyproject.toml`): this fills its posting writer's internals. Part of the core: never
imports Textual.
"""

from __future__ import annotations

import sys
from array import array
from typing import Any

from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter
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
    """Fill and write the posting writer's blocks from a term's (note, count) pairs, as
    `add_posting` would, a block of up to `blocklimit` postings at a time."""
    docnums, counts = pairs[0::2], pairs[1::2]
    total, size = len(docnums), postwriter._blocklimit
    for start in range(0, total, size):
        if total <= size:  # most terms: one block
            ids, block_counts = docnums, counts
        else:
            ids, block_counts = docnums[start : start + size], counts[start : start + size]
        postwriter._ids = ids
        if boost == 1.0:
            postwriter._weights = array("f", block_counts)
        else:
            postwriter._weights = array("f", [count * boost for count in block_counts])
        postwriter._maxweight = max(block_counts) * boost
        if _SWAP:
            block_counts.byteswap()  # a copy of the term's counts: packed in place
        postwriter._values = [block_counts.tobytes()]  # fixed-size values are joined
        block_lengths = bytes(map(lengths.__getitem__, ids))
        shortest, longest = min(block_lengths), max(block_lengths)
        if not shortest:  # a note without the field's length: Whoosh skips it
            shortest = min((byte for byte in block_lengths if byte), default=0)
        postwriter._minlength = byte_to_length(shortest) if shortest else None
        postwriter._maxlength = byte_to_length(longest) if longest else 0
        postwriter._write_block(last=start + size >= total)


def _write_each(postwriter: Any, postings: list[Any], lengths: bytes) -> None:
    """Add a term's postings one at a time, with the lengths Whoosh's writer reads back."""
    for docnum, weight, value in postings:
        byte = lengths[docnum] if 0 <= docnum < len(lengths) else 0
        postwriter.add_posting(docnum, weight, value, byte_to_length(byte) if byte else None)


def _padded(raw: bytes | None, count: int) -> bytes:
    """`count` length bytes: those read, then zeros (no length) for the notes after."""
    raw = raw or b""
    return raw + bytes(count - len(raw)) if len(raw) < count else raw
