"""Reading Whoosh 3's on-disk structures directly, where its own readers are slow.

Whoosh 3 (pinned, see docs/decisions.md) keeps each term's postings in blocks of up to 128
(docnums as gaps, frequencies, each block's highest frequency and shortest length), each
field's lengths in a column of one byte a note, and the terms in a hash file. Its matchers
read a posting at a time with a Python call each, and without memory maps every lookup is
several small reads. The functions here read those structures whole and decode them in
bulk; anything that is not Whoosh 3's on-disk format is handed to Whoosh's own readers.
Part of the core: never imports Textual.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.filedb.structfile import BufferFile
from whoosh.matching.wrappers import FilterMatcher
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length


def hold_term_files(searcher: Searcher) -> None:
    """Read each segment's term file into memory once (~1.6 MB a segment on the 10,000-note
    benchmark index, a few milliseconds): without memory maps a term lookup is otherwise a
    few dozen small reads of the file, and a date range looks up some 180 terms in each
    segment."""
    for reader, _ in searcher.reader().leaf_readers():
        terms: Any = getattr(reader, "_terms", None)
        table: Any = getattr(terms, "_tindex", None)
        source: Any = getattr(table, "dbfile", None)
        if source is None or isinstance(source, BufferFile) or source is not terms._dbfile:
            continue  # not Whoosh 3's on-disk term file (or held already)
        source.seek(0, os.SEEK_END)
        held = BufferFile(source.get(0, source.tell()))
        table.dbfile = terms._dbfile = held


def deleted_in(reader: Any) -> Iterable[int]:
    """The deleted docnums of one segment."""
    known = getattr(reader, "deleted_docs_set", None)
    if known is not None:
        return known
    return [d for d in range(reader.doc_count_all()) if reader.is_deleted(d)]


def segment_lengths(reader: Any, field: str) -> Sequence[int | None]:
    """The length of `field` in every note of one segment, by docnum.

    Whoosh 3 keeps them in a column of one byte a note; it is read in one call (Whoosh's
    own accessor reads a byte at a time, a system call each without memory maps). Any
    other reader is asked note by note.
    """
    count = reader.doc_count_all()
    try:
        raw = length_bytes(reader._perdoc, field)
    except AttributeError:
        return [reader.doc_field_length(docnum, field, 1) for docnum in range(count)]
    if raw is None:
        return [None] * count
    return [byte_to_length(byte) for byte in raw] + [None] * (count - len(raw))


def length_bytes(perdoc: Any, field: str) -> bytes | None:
    """The length byte (`length_to_byte`; 0 for none) of `field` of each note of a
    segment, by docnum, from Whoosh 3's per-document reader `perdoc` in one read (notes
    past its end have none); None if the segment keeps no lengths for the field."""
    column = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if column is None:
        return None
    return bytes(column._dbfile.get(column._basepos, column._count) if column._count else b"")


def blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """A term's postings as (docnums, frequencies) arrays, one posting block at a time.

    Whoosh's on-disk matcher decodes a whole block at once; reading its arrays directly
    skips a Python call per posting. Other matchers are read posting by posting.
    """
    if has_blocks(matcher):
        yield from _w3_blocks(matcher)
        return
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def in_memory(reader: Any, field: str, text: str, info: Any) -> Any:
    """The term's matcher in one segment. An on-disk posting list of Whoosh 3 is read in
    one call and decoded from memory: without memory maps, Whoosh's own matcher reads its
    header and every block with several small reads. Other lists come from Whoosh."""
    postfile = getattr(getattr(reader, "_terms", None), "_postfile", None)
    if postfile is None or info.is_inlined() or not hasattr(info, "extent"):
        matcher = reader.postings(field, text)
        return matcher.child if isinstance(matcher, FilterMatcher) else matcher
    offset, length = info.extent()
    if isinstance(length, tuple):  # Whoosh 3 keeps some extents as 1-tuples
        (length,) = length
    raw = postfile.get(offset, length)
    fmt = reader.schema[field].format
    return W3LeafMatcher(BufferFile(raw), 0, length, fmt)  # type: ignore[abstract]


def has_blocks(matcher: Any) -> bool:
    """Whether `matcher` is Whoosh 3's on-disk matcher, whose blocks are read directly."""
    return isinstance(matcher, W3LeafMatcher) and hasattr(matcher, "_read_data")


def _w3_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """The blocks of Whoosh 3's on-disk matcher, decoded as its own `_read_ids` and
    `_read_weights` do (whoosh3 is pinned for this), without its per-posting calls."""
    while matcher.is_active():
        yield _arrays(matcher)
        matcher._next_block()


def block_summaries(matcher: Any) -> Iterator[tuple[float, int, int]]:
    """(highest frequency, shortest length, position) of each block of a posting list,
    from the block headers alone (no block is decoded); the matcher ends exhausted."""
    position = matcher._baseoffset
    while matcher.is_active():
        yield matcher._maxweight, matcher._minlength, position
        position = matcher._nextoffset
        matcher._next_block()


def block_at(matcher: Any, position: int) -> tuple[Sequence[int], Sequence[float]]:
    """The docnums and frequencies of the block at `position` of a posting list."""
    matcher._goto(position)
    return _arrays(matcher)


def _arrays(matcher: Any) -> tuple[Sequence[int], Sequence[float]]:
    """The current block's docnums and frequencies."""
    if matcher._data is None:
        matcher._read_data()
    gaps_or_ids, stored_weights = matcher._data[0], matcher._data[1]
    ids = gaps_or_ids if matcher._byteids else list(accumulate(gaps_or_ids))
    if stored_weights is None or isinstance(stored_weights, float):
        weight = 1.0 if stored_weights is None else stored_weights
        stored_weights = [weight] * len(ids)
    return ids, stored_weights
