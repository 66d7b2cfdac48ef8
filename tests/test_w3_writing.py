"""`TermWriter` writes the postings and term files Whoosh's own field writer writes.

The same pooled postings are written by Whoosh (`FieldWriter.add_postings`, one posting at a
time) and by `write_records`, and every file of the segment is compared byte for byte: terms
of one note (every count shape), of several blocks, of fields with a boost and of fields
whose postings are not counted (exact terms, weights of 0), notes without a field's length,
counts past what a float32 holds, terms Whoosh inlines in their entries, a term file whose
positions outgrow 16 bits, with Whoosh's default codec and with others (small blocks, no
compression). The pickle shortcuts are compared with `pickle.dumps` on many shapes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pickle import dumps
from typing import Any

import pytest
from whoosh import fields
from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.filedb.filestore import RamStorage
from whoosh.system import pack_uint

from reader.search.index import w3_writing
from reader.search.index.pool import TermPool
from reader.search.index.schema import NoteFrequency
from reader.search.index.segment import write_records
from reader.search.index.w3_pickles import BlockPickles, block_data

DOCS = 700
#: Note numbers where each pickle opcode for ints changes (1, 2, 4 bytes, long).
EDGES = (0, 1, 255, 256, 65535, 65536, 2**31 - 1, 2**31, 2**32 - 1)


def _schema() -> fields.Schema:
    counted = fields.TEXT(phrase=False)
    counted.format = NoteFrequency()
    boosted = fields.TEXT(phrase=False)
    boosted.format = NoteFrequency(field_boost=2.5)
    return fields.Schema(
        body=counted,
        boosted=boosted,
        path=fields.ID(stored=True),
        tags=fields.KEYWORD(scorable=True),
        unlength=fields.TEXT(phrase=False),  # postings, but no note has a length in it
    )


def _lengths(docnum: int) -> dict[str, int]:
    """Field lengths of each note: varied, and some notes without a `body` length."""
    lengths = {"boosted": 1 + docnum % 5, "tags": 3, "path": 1}
    if docnum % 7:
        lengths["body"] = 1 + (docnum * 37) % 900 + (docnum % 3) * 120_000
    return lengths


def _fill(pool: TermPool) -> None:
    """Postings of every shape the writer handles, in note order."""
    rng = random.Random(5)
    for docnum in range(DOCS):
        words = {f"solo{docnum:04d}": 1 + docnum % 300, f"pair{docnum // 2:04d}": 1}
        words["every"] = 1 + docnum % 4  # several blocks, mixed weights
        words["ones"] = 1  # several blocks, all weights 1
        if docnum % 3 == 0:
            words["third"] = 2  # blocks of equal weights other than 1
        if docnum < 129:
            words["block129"] = 1 + docnum % 2
        if docnum % 7 == 0:
            words["nolength"] = 1  # notes without a body length only
        if docnum in (0, 7, 14, 21, 22, 23, 24, 25):
            words["latelength"] = 1  # small blocks: the first without lengths, then some
        if docnum in (3, 400):
            words["huge"] = 2**24 + 3 if docnum == 3 else 1  # not exact as a float32
        if docnum % 7:  # (a later block of a term without a length: Whoosh fails)
            words.update({f"w{rng.randrange(4000):04d}": rng.randrange(1, 40) for _ in range(6)})
        pool.add_counts("body", docnum, words)
        pool.add_counts("boosted", docnum, {"every": 1 + docnum % 3, f"b{docnum}": 2})
        pool.add_counts("unlength", docnum, {"term": 1})
        pool.add(("path", f"note{docnum}.md".encode(), docnum, 1.0, b""))
        tags = [b"all"] + ([b"even"] if docnum % 2 == 0 else [])
        tags += [b"unweighted"] if docnum % 5 == 0 else []  # all its weights 0
        for tag in tags:
            pool.add(("tags", tag, docnum, 1.0 if docnum % 5 else 0.0, pack_uint(1)))
        if docnum % 11 == 0:  # counted and other postings in one term
            pool.add(("body", b"every", docnum + 0, 3.0, pack_uint(3)))


def _segment_files(
    codec: W3Codec,
    ours: bool,
    fill: Callable[[TermPool], None] = _fill,
    write: Callable[[Any, Any, Any, Any], None] = write_records,
) -> Any:
    """The files of a segment whose postings are written by Whoosh or by `write_records`."""
    schema = _schema()
    storage = RamStorage()
    segment = codec.new_segment(storage, "ix")
    perdocwriter = codec.per_document_writer(storage, segment)
    for docnum in range(DOCS):
        perdocwriter.start_doc(docnum)
        for field, length in _lengths(docnum).items():
            perdocwriter.add_field(field, schema[field], None, length)
        perdocwriter.finish_doc()
    perdocwriter.close()
    segment.set_doc_count(DOCS)
    perdoc = codec.per_document_reader(storage, segment)
    pool = TermPool(RamStorage(), 64)
    fill(pool)
    fieldwriter = codec.field_writer(storage, segment)
    if ours:
        write(fieldwriter, schema, perdoc, pool.records())
    else:
        fieldwriter.add_postings(schema, perdoc, pool.postings(schema))
    fieldwriter.close()
    perdoc.close()
    prefix = segment.make_filename("")
    return {name.removeprefix(prefix): storage.open_file(name).read() for name in storage.list()}


CODECS = {
    "default": {},
    "small blocks": {"blocklimit": 4},
    "uncompressed": {"compression": 0},
}


@pytest.mark.parametrize("options", CODECS.values(), ids=list(CODECS))
def test_terms_are_written_as_whoosh_writes_them(options: dict[str, int]) -> None:
    codec = W3Codec(**options)
    whoosh = _segment_files(codec, ours=False)
    assert {".trm", ".pst"} <= whoosh.keys()
    assert len(whoosh[".trm"]) > 1 << 16, "term positions do not outgrow 16 bits"
    assert _segment_files(codec, ours=True) == whoosh


def test_files_are_the_same_when_written_in_small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    whoosh = _segment_files(W3Codec(), ours=False)
    monkeypatch.setattr(w3_writing, "_CHUNK", 64)
    assert _segment_files(W3Codec(), ours=True) == whoosh


def test_inlined_terms_go_through_whoosh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Terms of fewer postings than the codec's `inlinelimit` are inlined in their entries
    by Whoosh's own calls, between terms written directly. (Whoosh 3.54 names the method
    it calls `set_inline` but defines `set_inlined`; the test lends it the name.)"""
    monkeypatch.setattr(W3TermInfo, "set_inline", W3TermInfo.set_inlined, raising=False)
    codec = W3Codec(inlinelimit=3)
    whoosh = _segment_files(codec, ours=False)
    assert _segment_files(codec, ours=True) == whoosh
    assert b"pair0001" in whoosh[".trm"]


def test_a_term_file_without_md5_keys_is_written_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    """The term file's own hash function is used when it is not Whoosh's default."""
    from whoosh.filedb import filetables

    monkeypatch.setattr(filetables.HashWriter.__init__, "__defaults__", (b"HSH3", 1))
    whoosh = _segment_files(W3Codec(), ours=False)
    assert _segment_files(W3Codec(), ours=True) == whoosh


def test_terms_out_of_order_are_refused() -> None:
    """As by Whoosh's term file: the keys of its entries must increase."""

    def fill(pool: TermPool) -> None:
        pool.add_counts("body", 0, {"b": 1, "a": 1})

    def write(fieldwriter: Any, schema: Any, perdoc: Any, records: Any) -> None:
        write_records(fieldwriter, schema, perdoc, iter(sorted(records, reverse=True)))

    with pytest.raises(ValueError, match="Keys must increase"):
        _segment_files(W3Codec(), ours=True, fill=fill, write=write)


def test_block_data_is_what_pickle_makes() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        size = rng.choice((1, 2, 3, 4, 5, 17, 128))
        gaps = tuple(rng.choice(EDGES) for _ in range(size))
        weights = rng.choice(
            (None, 2.0, 0.5, tuple(rng.choice((1.0, 2.5, 3.0)) for _ in range(size)))
        )
        values: Any = rng.choice(
            (
                b"",
                None,
                bytes(rng.randrange(256) for _ in range(4 * size)),
                bytes(rng.randrange(128) for _ in range(rng.randrange(1, 9))),
                tuple(bytes((rng.randrange(256),)) for _ in range(size)),
            )
        )
        assert block_data(gaps, weights, values) == dumps((gaps, weights, values), 2)


def test_one_posting_blocks_are_what_pickle_makes() -> None:
    pickles = BlockPickles()
    counts = (1, 2, 3, 127, 128, 255, 256, 65535, 65536, 2**24 - 1)
    for docnum in EDGES:
        for count in counts:
            weights = None if count == 1 else float(count)
            expected = dumps(((docnum,), weights, pack_uint(count)), 2)
            assert pickles.one(docnum, count) == expected, (docnum, count)
