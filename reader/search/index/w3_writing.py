"""Each term's posting blocks and term-file entry, written straight into Whoosh 3's files.

For each term Whoosh's field writer makes a term info, starts and finishes its posting
writer's block buffers, packs the term info, hashes the entry's key (md5, read back through
its hex digits) and writes a dozen small pieces through file wrappers, a call each: on a
segment of ~24,000 terms, most of one or two postings, these steps cost more than the
blocks. `TermWriter` writes the same bytes in one pass a term: the blocks as
`W3PostingsWriter._write_block` writes them (same pickles, same compression), the term
info packed in one struct, the entry's hash, position and key kept where the term file
(`OrderedHashWriter`) keeps them; the bytes of both files are joined in memory and written
a chunk at a time. A term whose postings Whoosh would inline in its entry (fewer than the
codec's `inlinelimit`) goes through Whoosh's own calls. The files are byte for byte
Whoosh's (`tests/test_index_adding.py`, `tests/test_w3_writing.py`).

Whoosh is pinned (`pyproject.toml`): this fills internals of `W3FieldWriter` and of its
term file. Part of the core: never imports Textual.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections.abc import Iterator
from functools import partial
from operator import sub
from pickle import dumps
from struct import Struct
from typing import Any

from whoosh.codec.whoosh3 import (
    COMPRESSION_MIN_SIZE,
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3PostingsWriter,
)
from whoosh.filedb.filetables import OrderedHashWriter, md5_hash
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length

from reader.search.index.pool import Posting, merged_postings
from reader.search.index.w3 import length_bytes
from reader.search.index.w3_pickles import BlockPickles, block_data
from reader.search.index.w3_terms import extend_index, md5_key_hash, write_hash_tables

_SWAP = sys.byteorder == "little"  # Whoosh packs counts big-endian (`pack_uint`)
assert array("I").itemsize == 4, "counts are packed as 4-byte unsigned ints"
#: A block's length before its info (negative for the term's last block).
_BLOCK_LENGTH = Struct("!i")
#: A term-file entry's head: the lengths of its key and value (`filetables._lengths`).
_ENTRY_HEAD = Struct("!ii")
#: `W3TermInfo.to_bytes` of a term whose postings are in the postings file: flags, total
#: weight, notes, shortest and longest length bytes, highest weight, first and last note,
#: then the postings' offset and length.
_TERM_INFO = Struct("!BfIBBfIIqi")
#: A block of a term's postings, as `_put_term` writes it: the note gaps, the weights and
#: values as `W3PostingsWriter` minifies them, the highest weight, the shortest (0: none) and
#: longest length bytes, the weights' sum and the last note.
Block = tuple[tuple[int, ...], Any, Any, float, int, int, float, int]
Blocks = Iterator[Block]
#: Bytes of either file held in memory before they are written.
_CHUNK = 1 << 18
#: Counts a float32 holds exactly (a block's weights are float32).
_EXACT = 1 << 24
#: What a term's one block has before its info: the postings file's magic, the length.
_ONE_BLOCK_HEAD = len(WHOOSH3_HEADER_MAGIC) + _BLOCK_LENGTH.size


def writes_directly(fieldwriter: Any) -> bool:
    """Whether `TermWriter` can write the terms of `fieldwriter` (Whoosh 3's own field
    writer and term file, not a subclass whose steps could differ)."""
    return (
        type(fieldwriter) is W3FieldWriter
        and type(getattr(fieldwriter, "_tindex", None)) is OrderedHashWriter
    )


class TermWriter:
    """Writes the terms of one segment, in order, into a `W3FieldWriter`'s postings and
    term files: `start_field`, `add` for each term of the field, `finish_field`; `close`
    once at the end (before the field writer is closed)."""

    def __init__(self, fieldwriter: Any, perdoc: Any) -> None:
        assert writes_directly(fieldwriter), f"not Whoosh 3's field writer: {fieldwriter!r}"
        self._fieldwriter = fieldwriter
        self._perdoc = perdoc
        self._tindex = tindex = fieldwriter._tindex
        self._postfile, self._termfile = fieldwriter._postfile, tindex.dbfile
        #: The term file's key hash (its default, md5, computed the quicker way).
        self._hash = md5_key_hash if tindex.hashfn is md5_hash else tindex.hashfn
        self._buckets: list[list[tuple[int, int]]] = tindex.buckets
        #: Bytes of each file not written yet, and the term file's entry positions.
        self._posts: list[bytes] = []
        self._entries: list[bytes] = []
        self._positions: list[int] = []
        self._pickles = BlockPickles()
        self._resume()
        # The field being written (`start_field`).
        self._prefix = b""
        self._lengths = b""
        self._boost = 1.0
        self._direct = False
        self._counted = False
        self._fixed: int | None = None
        self._blocklimit = self._inlinelimit = self._compression = 0

    def _resume(self) -> None:
        """Take up both files where they are (Whoosh's own calls may have written them)."""
        self._post_at = self._post_written = self._postfile.tell()
        self._term_at = self._term_written = self._termfile.tell()
        self._lastkey: bytes = self._tindex.lastkey

    def start_field(self, field: str, fieldobj: Any) -> None:
        """Start the terms of `field` (after those of the field before, if any)."""
        fieldwriter = self._fieldwriter
        fieldwriter.start_field(field, fieldobj)
        self._prefix = pack_ushort(fieldwriter._fieldid)
        raw = length_bytes(self._perdoc, field) or b""
        count = self._perdoc.doc_count_all()
        self._lengths = raw + bytes(count - len(raw)) if len(raw) < count else raw
        postwriter = fieldwriter._postwriter
        fmt = fieldobj.format
        self._boost, self._fixed = fmt.field_boost, fmt.fixed_value_size()
        self._direct = type(postwriter) is W3PostingsWriter and not postwriter._byteids
        # Counted postings (`TermPool`): weights from counts, values 4-byte counts.
        self._counted = self._direct and self._boost == 1.0 and self._fixed == 4
        self._blocklimit = postwriter._blocklimit
        self._inlinelimit = postwriter._inlinelimit
        self._compression = postwriter._compression

    def finish_field(self) -> None:
        """End the field's terms."""
        self._fieldwriter.finish_field()

    def add(self, text: bytes, pairs: array[int] | None, other: list[Posting] | None) -> None:
        """Write one term of the field: its counted postings (`pairs`: note, count, …) and
        its other postings, as the pool gives them (`reader.search.index.pool.Record`)."""
        if (
            other is None
            and pairs is not None
            and self._counted
            and len(pairs) >= 2 * self._inlinelimit
        ):
            if len(pairs) == 2 and pairs[1] < _EXACT:  # most terms: in one note
                self._add_one(text, pairs[0], pairs[1])
            else:
                self._add_counted(text, pairs)
        else:
            postings = merged_postings(pairs, self._boost, other)
            if self._direct and len(postings) >= self._inlinelimit:
                self._add_postings(text, postings)
            else:
                self._add_through_whoosh(text, postings)
        if (
            self._post_at - self._post_written > _CHUNK
            or self._term_at - self._term_written > _CHUNK
        ):
            self._write()

    def close(self) -> None:
        """Write what is still held (call before the field writer closes its files); the
        term file will write its hash tables a table at a time."""
        self._write()
        tindex = self._tindex
        tindex._write_hashes = partial(write_hash_tables, tindex)

    # -- one term -------------------------------------------------------------------------

    def _add_one(self, text: bytes, docnum: int, count: int) -> None:
        """A term of one note (most terms), counted `count` times: one block, its data
        from parts kept by note and by count (`BlockPickles`)."""
        byte = self._lengths[docnum]
        weight = float(count)
        databytes = self._pickles.one(docnum, count)
        comp = self._compression if len(databytes) >= COMPRESSION_MIN_SIZE else 0
        if comp:
            databytes = zlib.compress(databytes, comp)
        infobytes = dumps((1, docnum, weight, comp, byte, byte), 2)
        length = len(infobytes) + len(databytes)
        offset = self._post_at
        self._posts += (WHOOSH3_HEADER_MAGIC, _BLOCK_LENGTH.pack(-length), infobytes, databytes)
        self._post_at = offset + _ONE_BLOCK_HEAD + length
        self._put_entry(text, weight, 1, byte, byte, weight, docnum, docnum, offset)

    def _add_counted(self, text: bytes, pairs: array[int]) -> None:
        """A term's counted postings, of a field without boost: weights are the counts."""
        packed = pairs[1::2]
        if _SWAP:
            packed.byteswap()  # Whoosh packs counts big-endian (`pack_uint`)
        values = packed.tobytes()
        listed = pairs.tolist()  # a list is read faster than an array
        docnums, counts = listed[0::2], listed[1::2]
        total = len(docnums)
        if total > self._blocklimit:
            self._put_term(text, self._counted_blocks(docnums, counts, values), total, docnums[0])
            return
        offset = self._post_at  # most terms: one block
        block = _counted_block(docnums, counts, values, self._lengths)
        self._put_block(block, True, True)
        _, _, _, maxweight, shortest, longest, weight, last = block
        self._put_entry(text, weight, total, shortest, longest, maxweight, docnums[0], last, offset)

    def _counted_blocks(self, docnums: list[int], counts: list[int], values: bytes) -> Blocks:
        """The blocks of a term's counted postings; `values` are the counts packed."""
        size, lengths = self._blocklimit, self._lengths
        for start in range(0, len(docnums), size):
            end = start + size
            yield _counted_block(
                docnums[start:end], counts[start:end], values[4 * start : 4 * end], lengths
            )

    def _add_postings(self, text: bytes, postings: list[Posting]) -> None:
        """A term's postings as Whoosh takes them (note, weight, value)."""
        self._put_term(text, self._posting_blocks(postings), len(postings), postings[0][0])

    def _posting_blocks(self, postings: list[Posting]) -> Blocks:
        """The blocks of a term's postings, as `W3PostingsWriter.add_posting` fills them."""
        size, lengths, fixed = self._blocklimit, self._lengths, self._fixed
        for start in range(0, len(postings), size):
            block = postings[start : start + size]
            ids = [docnum for docnum, _, _ in block]
            weights = array("f", [weight for _, weight, _ in block])
            maxweight: float = 0
            for _, weight, _ in block:
                if weight > maxweight:
                    maxweight = weight
            values = [value for _, _, value in block if value]
            mini_values: Any
            if fixed is None or fixed < 0:
                mini_values = tuple(values)
            else:
                mini_values = b"".join(values) if fixed else None
            shortest, longest = _length_range([lengths[docnum] for docnum in ids])
            yield (
                tuple(map(sub, ids, [0, *ids])), _mini_weights(weights), mini_values,
                maxweight, shortest, longest, sum(weights), ids[-1],
            )  # fmt: skip

    def _add_through_whoosh(self, text: bytes, postings: list[Posting]) -> None:
        """A term written by Whoosh's own calls (postings it inlines, or another posting
        writer), after what is held so far."""
        self._write()
        fieldwriter = self._fieldwriter
        fieldwriter.start_term(text)
        _add_each(fieldwriter._postwriter, postings, self._lengths)
        fieldwriter.finish_term()
        self._resume()

    # -- bytes ----------------------------------------------------------------------------

    def _put_term(self, text: bytes, blocks: Blocks, count: int, first: int) -> None:
        """A term's blocks in the postings file, then its entry in the term file with
        what `W3TermInfo.add_block` gathers of them."""
        offset = self._post_at
        weight: float = 0
        shortest_all: int | None = None
        longest_all = 0
        maxweight_all: float = 0
        written = 0
        last = first
        for block in blocks:
            _, _, _, maxweight, shortest, longest, total, last = block
            size = len(block[0])
            written += size
            self._put_block(block, written == size, written == count)
            weight += total
            shortest_all = _shorter(shortest_all, shortest)
            longest_all = max(longest_all, longest)
            maxweight_all = max(maxweight_all, maxweight)
        self._put_entry(
            text, weight, count, shortest_all, longest_all, maxweight_all, first, last, offset
        )

    def _put_block(self, block: Block, first: bool, last: bool) -> None:
        """One block as `W3PostingsWriter._write_block` writes it: the postings file's
        magic before a term's first block, the block's length, its info and its data
        (pickled, compressed from `COMPRESSION_MIN_SIZE` bytes)."""
        gaps, mini_weights, mini_values, maxweight, shortest, longest, _, last_id = block
        data = block_data(gaps, mini_weights, mini_values)
        comp = self._compression if len(data) >= COMPRESSION_MIN_SIZE else 0
        if comp:
            data = zlib.compress(data, comp)
        info = dumps((len(gaps), last_id, maxweight, comp, shortest, longest), 2)
        length = len(info) + len(data)
        posts = self._posts
        if first:
            posts.append(WHOOSH3_HEADER_MAGIC)
            self._post_at += len(WHOOSH3_HEADER_MAGIC)
        posts += (_BLOCK_LENGTH.pack(-length if last else length), info, data)
        self._post_at += _BLOCK_LENGTH.size + length

    def _put_entry(
        self,
        text: bytes,
        weight: float,
        count: int,
        shortest: int | None,
        longest: int,
        maxweight: float,
        first: int,
        last: int,
        offset: int,
    ) -> None:
        """The term's entry in the term file (`OrderedHashWriter.add` of its key and its
        `W3TermInfo.to_bytes`), whose postings start at `offset` and end here."""
        key = self._prefix + text
        if key <= self._lastkey:
            raise ValueError(f"Keys must increase: {self._lastkey!r}..{key!r}")
        self._lastkey = key
        hashed = self._hash(key)
        at = self._term_at
        self._buckets[hashed & 255].append((hashed, at))
        self._positions.append(at)
        value = _TERM_INFO.pack(
            0, weight, count, shortest or 0, longest, maxweight, first, last, offset,
            self._post_at - offset,
        )  # fmt: skip
        entries = self._entries
        entries.append(_ENTRY_HEAD.pack(len(key), len(value)))
        entries.append(key)
        entries.append(value)
        self._term_at = at + _ENTRY_HEAD.size + len(key) + len(value)

    def _write(self) -> None:
        """Write the bytes held, and hand the term file its entries' positions and last
        key (what its `add` keeps)."""
        if self._posts:
            self._postfile.write(b"".join(self._posts))
            self._posts.clear()
        if self._entries:
            self._termfile.write(b"".join(self._entries))
            self._entries.clear()
        if self._positions:
            extend_index(self._tindex.index, self._positions)
            self._positions.clear()
        self._tindex.lastkey = self._lastkey
        self._post_written, self._term_written = self._post_at, self._term_at


def _counted_block(ids: list[int], counts: list[int], values: bytes, lengths: bytes) -> Block:
    """A block of counted postings (`values`: the counts packed), as Whoosh's posting
    writer keeps it: weights are the counts, as float32."""
    top = max(counts)
    mini_weights: Any
    if top < _EXACT:  # as float32 weights, the counts themselves
        maxweight = float(top)
        if top == 1 or counts.count(top) == len(counts):
            mini_weights = None if top == 1 else maxweight
        else:
            mini_weights = tuple(map(float, counts))
        weight = float(sum(counts))
    else:
        weights = array("f", counts)
        maxweight, mini_weights, weight = float(top), _mini_weights(weights), sum(weights)
    shortest, longest = _length_range([lengths[docnum] for docnum in ids])
    gaps = tuple(map(sub, ids, [0, *ids]))
    return gaps, mini_weights, values, maxweight, shortest, longest, weight, ids[-1]


def _length_range(block_lengths: list[int]) -> tuple[int, int]:
    """A block's shortest and longest length bytes: a note without the field's length (0)
    is skipped, as Whoosh skips it, and a block of none has shortest 0."""
    shortest, longest = min(block_lengths), max(block_lengths)
    if not shortest:
        shortest = min([byte for byte in block_lengths if byte], default=0)
    return shortest, longest


def _mini_weights(weights: array[float]) -> Any:
    """A block's weights as `W3PostingsWriter._mini_weights` keeps them: None if all are
    1, the one weight if all are equal, else all of them."""
    first = weights[0]
    if weights.count(first) != len(weights):
        return tuple(weights)
    return None if first == 1.0 else first


def _shorter(shortest: int | None, block: int) -> int | None:
    """The term's shortest length byte so far, after a block's (`W3TermInfo.add_block`:
    the first block's, even none, then the least; 0 is no length)."""
    block_shortest = block or None
    if shortest is None:
        return block_shortest
    return min(shortest, block_shortest)  # type: ignore[type-var]  # TypeError as Whoosh's


def _add_each(postwriter: Any, postings: list[Posting], lengths: bytes) -> None:
    """Add a term's postings one at a time, with the lengths Whoosh's writer reads back."""
    for docnum, weight, value in postings:
        byte = lengths[docnum] if 0 <= docnum < len(lengths) else 0
        postwriter.add_posting(docnum, weight, value, byte_to_length(byte) if byte else None)
