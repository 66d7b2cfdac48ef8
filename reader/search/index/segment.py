"""A Whoosh segment writer whose postings are pooled by term and written a term at a time.

When Whoosh finishes a segment, it sorts every posting tuple of its pool and hands them one
at a time to `FieldWriter.add_postings`, which reads each note's field length back from the
new segment's length column and calls `W3PostingsWriter.add_posting` (type checks, running
maxima) for each, then finishes each term with a dozen calls more: most of the time of
finishing a segment. `BulkWriter` pools its postings by term (`reader.search.index.pool`)
and writes each term's blocks and term-file entry in one pass
(`reader.search.index.w3_writing`): a block's notes and counts are slices of the term's,
its weights the counts, its shortest and longest field lengths read from each field's
length bytes, read once. The files are byte for byte those Whoosh writes
(`tests/test_index_adding.py` and `tests/test_w3_writing.py` compare them).

Used for a cold build (one process or each worker of a parallel one). Whoosh is pinned
(`pyproject.toml`): this fills its writers' internals. Part of the core: never imports
Textual.
"""

from __future__ import annotations

from typing import Any

from whoosh.writing import SegmentWriter

from reader.search.index.pool import TermPool
from reader.search.index.w3_writing import TermWriter, writes_directly


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
            if writes_directly(fieldwriter):
                write_records(fieldwriter, self.schema, perdoc, self.pool.records())
            else:  # another codec: its own writer takes the postings one at a time
                fieldwriter.add_postings(self.schema, perdoc, self.pool.postings(self.schema))
            fieldwriter.close()
        finally:
            perdoc.close()


def write_records(fieldwriter: Any, schema: Any, perdoc: Any, records: Any) -> None:
    """Write the terms of `records` (in order) with Whoosh 3's field writer; `perdoc` reads
    the segment's field lengths."""
    terms = TermWriter(fieldwriter, perdoc)
    current = None
    for field, text, pairs, other in records:
        if field != current:
            if current is not None:
                terms.finish_field()
            terms.start_field(field, schema[field])
            current = field
        terms.add(text, pairs, other)
    if current is not None:
        terms.finish_field()
    terms.close()
