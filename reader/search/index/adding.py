"""Adding a note's document to a Whoosh segment, its words' postings in bulk.

`SegmentWriter.add_document` hands each word of each field through a generator, re-encodes
it, multiplies its weight by a boost of 1 and adds its posting to the pool one call at a
time (with two assertions and a size sum each): a fifth of the time of a cold build went
there. `add_note` does what it does for the schema's documents (`schema.document_for`) on a
`BulkWriter` (`reader.search.index.segment`): the words of a `NoteFrequency` field are
counted once and their counts added to its pool by term; any other field goes the way
Whoosh takes it. The postings, lengths and stored fields are the same
(`tests/test_index_adding.py` compares them).
Whoosh is pinned (`pyproject.toml`): this reads its writer's internals.
"""

from __future__ import annotations

from typing import Any

from reader.search.index.pool import TermPool
from reader.search.index.schema import NoteFrequency
from reader.search.index.segment import BulkWriter
from reader.text.analysis import word_counts


def add_note(writer: BulkWriter, doc: dict[str, str]) -> None:
    """`writer.add_document(**doc)`, with the postings of counted fields added in bulk to
    the writer's pool by term."""
    pool = writer.pool
    writer._check_state()
    schema, docnum, perdoc = writer.schema, writer.docnum, writer.perdocwriter
    names = sorted(doc)
    writer._check_fields(schema, names)
    perdoc.start_doc(docnum)
    try:
        for name in names:
            field = schema[name]
            if _counted(field):
                length = _add_counted(pool, name, field, doc[name], docnum)
            else:
                length = _add_other(pool, name, field, doc[name], docnum)
            perdoc.add_field(name, field, doc[name] if field.stored else None, length)
            if field.column_type:
                perdoc.add_column_value(name, field.column_type, field.to_column_value(doc[name]))
    except ValueError:
        perdoc.cancel_doc()
        raise
    perdoc.finish_doc()
    writer._added = True
    writer.docnum += 1


def _counted(field: Any) -> bool:
    """Whether a field's postings can be made in bulk: indexed by `NoteFrequency`, with no
    term vectors, separate spelling words or column (the schema's text fields)."""
    return (
        field.indexed
        and isinstance(field.format, NoteFrequency)
        and not field.vector
        and not field.separate_spelling()
        and not field.column_type
    )


def _add_counted(pool: TermPool, name: str, field: Any, value: str, docnum: int) -> int:
    """Add the postings of a counted field; return its length (its number of words)."""
    counts = word_counts(value)
    if not counts:
        return 0
    pool.add_counts(name, docnum, counts)
    return sum(counts.values()) if field.scorable else 0


def _add_other(pool: TermPool, name: str, field: Any, value: str, docnum: int) -> int:
    """Add a field's postings as `SegmentWriter.add_document` does; return its length."""
    length = 0
    if field.indexed:
        add = pool.add
        for term, freq, weight, encoded in field.index(value):
            length += freq if field.scorable else 0
            add((name, term, docnum, weight, encoded))
    return length
