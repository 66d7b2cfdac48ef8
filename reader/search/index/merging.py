"""Which segments a commit merges: Whoosh's policy, plus segments worn out by deletions.

Whoosh deletes a note by marking it in its segment, and its default policy merges only small
segments. When most notes of a large segment are replaced (notes edited in bulk, a change
that re-indexes every note) the old segment stays, its postings still read and skipped by
every search: on a 10,000-note index, three segments of deleted notes doubled the postings
each query read. So a segment with no live note is dropped at the next commit, and one with
more than half its notes deleted is rewritten without them. Part of the core: never imports
Textual.
"""

from __future__ import annotations

from typing import Any

from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

#: A segment with more than this share of its notes deleted is rewritten at a commit.
DELETED_SHARE = 0.5


def merge_policy(writer: Any, segments: list[Any]) -> list[Any]:
    """The segments to keep as they are; the worn ones are added to `writer`'s new one."""
    live = [segment for segment in segments if segment.doc_count() > 0]
    worn = [s for s in live if s.deleted_count() > DELETED_SHARE * s.doc_count_all()]
    for segment in worn:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return list(MERGE_SMALL(writer, [s for s in live if s not in worn]))
