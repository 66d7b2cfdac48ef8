"""Notes added in bulk (`add_note`) and by a parallel build make the index Whoosh makes.

Every field's terms and postings (note, weight, encoded value), every note's field lengths
and stored fields are compared with those of `SegmentWriter.add_document`, on the seed
notes and on notes written to exercise the analysis (traditional characters, full-width
forms, kana and hangul, digits glued to letters, entity and alias fields, empty fields).
The segment files a `BulkWriter` writes (postings with their block statistics, term
infos, length and stored columns) are compared byte for byte with Whoosh's, also when its
pool spills sorted runs and when some notes come through Whoosh's own `add_document`.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from vaults import copy_seeds, generate_vault, load_all
from whoosh.filedb.filestore import RamStorage
from whoosh.reading import SegmentReader

from reader.notes.note import Note, parse_note
from reader.search.index import parallel
from reader.search.index.adding import add_note
from reader.search.index.pool import TermPool
from reader.search.index.schema import document_for, make_schema
from reader.search.index.segment import BulkWriter
from reader.search.index.store import PARALLEL_MIN
from reader.text.analysis import word_counts
from reader.vault.vault import Vault

ODD_NOTES = [
    (
        "a.md",
        "---\ntitle: 筆記 GPT-4o\naliases: [Ｌｌａｍａ４, カタカナ]\n---\n한국어 ①② ﬁ İstanbul\n",
    ),
    ("b.md", "---\npeople: [扎克伯格, Sam Altman]\nsummary: ''\nstatus: Done\n---\n"),
    ("c.md", "Llama4, GPT-3 的 3.14 版本，臺灣的軟體 x_y__z\n\n`code` 中文 中"),
    ("d.md", ""),
]


def _odd_notes() -> list[Note]:
    return [parse_note(path, text, ["people"]) for path, text in ODD_NOTES]


def _contents(adding: str, notes: list[Note]) -> dict[str, Any]:
    """Everything the segment holds, written by Whoosh (`adding="whoosh"`) or `add_note`."""
    ix = RamStorage().create_index(make_schema())
    writer = ix.writer() if adding == "whoosh" else BulkWriter(ix)
    for note in notes:
        if adding == "whoosh":
            writer.add_document(**document_for(note))
        else:
            add_note(writer, document_for(note))
    writer.commit()
    return _read(ix)


def _segment_files(notes: list[Note], adding: str, limitmb: float = 64) -> dict[str, bytes]:
    """The files of the one segment a writer makes of `notes`, by name without the
    segment's random id: Whoosh's writer (`adding="whoosh"`), a `BulkWriter` with
    `add_note` ("bulk"), or one taking every third note through `add_document` ("mixed")."""
    storage = RamStorage()
    ix = storage.create_index(make_schema())
    if adding == "whoosh":
        writer = ix.writer(compound=False)
    else:
        writer = BulkWriter(ix, compound=False, limitmb=limitmb)
    for number, note in enumerate(notes):
        if adding == "whoosh" or (adding == "mixed" and number % 3 == 0):
            writer.add_document(**document_for(note))
        else:
            add_note(writer, document_for(note))
    runs = writer.pool.runs if isinstance(writer.pool, TermPool) else 0
    writer.commit()
    (segment,) = ix._segments()
    prefix = f"{segment.make_filename('')}"
    files = {
        name.removeprefix(prefix): storage.open_file(name).read()
        for name in storage.list()
        if name.startswith(prefix)
    }
    assert files, f"no segment files among {storage.list()}"
    files["runs spilled"] = str(runs).encode()
    return files


def _without_runs(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: data for name, data in files.items() if name != "runs spilled"}


def _generated(tmp_path: Path, count: int) -> list[Note]:
    return load_all(generate_vault(tmp_path / "g", count))


def test_bulk_writer_writes_the_files_whoosh_writes(tmp_path: Path) -> None:
    """Same postings file (blocks, their highest weight, shortest and longest length),
    same term infos, same length and stored columns, with no run spilled."""
    notes = load_all(copy_seeds(tmp_path / "v")) + _odd_notes() + _generated(tmp_path, 200)
    whoosh = _segment_files(notes, "whoosh")
    bulk = _segment_files(notes, "bulk")
    assert bulk["runs spilled"] == b"0"
    assert {".pst", ".trm", "._text_len.col", "._stored.col"} <= whoosh.keys()
    assert _without_runs(bulk) == _without_runs(whoosh)
    texts = [document_for(note)["text"] for note in notes]
    frequencies = Counter(word for text in texts for word in word_counts(text))
    assert max(frequencies.values()) > 128, "no term fills more than one block"


def test_spilled_runs_make_the_same_files(tmp_path: Path) -> None:
    """A pool over a tiny limit spills many sorted runs; merged, they make the same
    segment, with notes through `add_document` (terms in both kinds of posting) too."""
    notes = load_all(copy_seeds(tmp_path / "v")) + _odd_notes() + _generated(tmp_path, 60)
    whoosh = _without_runs(_segment_files(notes, "whoosh"))
    spilled = _segment_files(notes, "bulk", limitmb=0.02)
    assert int(spilled["runs spilled"]) > 3
    assert _without_runs(spilled) == whoosh
    mixed = _segment_files(notes, "mixed")
    assert _without_runs(mixed) == whoosh
    mixed_spilled = _segment_files(notes, "mixed", limitmb=0.02)
    assert int(mixed_spilled["runs spilled"]) > 3
    assert _without_runs(mixed_spilled) == whoosh


def test_pool_keeps_under_its_limit_and_cleans_its_runs() -> None:
    """The pool's estimate never passes its limit: it spills sorted runs, merged in order,
    each removed once read; `cleanup` (a cancelled writer) removes those left."""
    storage = RamStorage()
    pool = TermPool(storage, limitmb=0.01)
    for docnum in range(400):
        pool.add_counts("text", docnum, {f"w{docnum % 97}": 2, f"u{docnum}": 1, "common": 3})
        assert pool.size <= pool.limit
    assert pool.runs > 1 and len(storage.list()) == pool.runs
    records = list(pool.records())
    assert [text for _, text, _, _ in records] == sorted(text for _, text, _, _ in records)
    (common,) = [pairs for _, text, pairs, _ in records if text == b"common"]
    assert list(common) == [n for docnum in range(400) for n in (docnum, 3)]
    assert storage.list() == [] and pool.runs == 0, "runs are removed once read"
    pool.add_counts("text", 0, {"x": 1})
    pool.spill()
    assert storage.list()
    pool.cleanup()
    assert storage.list() == []


def _read(ix: Any) -> dict[str, Any]:
    with ix.reader() as reader:
        postings = {}
        for field, term in reader.all_terms():
            matcher = reader.postings(field, term)
            rows = []
            while matcher.is_active():
                path = reader.stored_fields(matcher.id())["path"]
                rows.append((path, matcher.weight(), matcher.value()))
                matcher.next()
            postings[field, term] = rows
        paths = {doc: fields["path"] for doc, fields in reader.iter_docs()}
        stored = sorted(tuple(sorted(fields.items())) for _, fields in reader.iter_docs())
        fields = sorted({field for field, _ in reader.all_terms()})
        lengths = {
            (paths[doc], field): reader.doc_field_length(doc, field)
            for doc in paths
            for field in fields
        }
        return {"postings": postings, "stored": stored, "lengths": lengths}


def test_bulk_adding_makes_the_postings_whoosh_makes(tmp_path: Path) -> None:
    notes = load_all(copy_seeds(tmp_path / "v")) + _odd_notes()
    whoosh = _contents("whoosh", notes)
    assert whoosh["postings"], "nothing was indexed"
    assert _contents("bulk", notes) == whoosh


def test_parallel_build_equals_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold build large enough for worker processes holds the same notes, terms and
    postings as a build in one process, and its catalog and links agree."""
    count = PARALLEL_MIN + 20
    root = generate_vault(tmp_path / "v", count)
    (root / "binary.md").write_bytes(b"\x00\x01\x02 not a note")
    monkeypatch.setattr(parallel, "worker_count", lambda: 1)
    together = Vault(root, tmp_path / "one")
    assert together.index.parallel_workers(count) == 0
    together.update(links=True)
    monkeypatch.setattr(parallel, "worker_count", lambda: 3)
    apart = Vault(root, tmp_path / "many")
    assert apart.index.parallel_workers(count) == 3
    summary = apart.update(links=True)
    assert (summary.added, summary.problems) == (count, 1)
    assert list(apart.notes()) == list(together.notes())
    for vault in (together, apart):  # records as a saved catalog holds them: no frontmatter
        loaded = Vault(root, vault.index_dir)
        assert loaded.open_cached() and list(loaded.notes()) == list(vault.notes())
    assert apart.links.refs == together.links.refs
    assert apart.index.doc_count() == count
    one, many = (_by_path(v.index._current_searcher().reader()) for v in (together, apart))
    assert many == one
    whoosh = RamStorage().create_index(make_schema())
    with whoosh.writer() as writer:
        for note in load_all(root):
            writer.add_document(**document_for(note))
    with whoosh.reader() as reader:
        assert many == _by_path(reader)
    _assert_worker_segments_are_whooshs(apart, root)


def _assert_worker_segments_are_whooshs(vault: Vault, root: Path) -> None:
    """Each worker's segment holds the files Whoosh's writer makes of the same notes in
    the same order (every worker pools, spills and writes as `BulkWriter` does)."""
    ix = vault.index._ix
    notes = {note.path: note for note in load_all(root)}
    segments = ix._segments()
    assert len(segments) > 1, "the build made one segment"
    for segment in segments:
        with SegmentReader(ix.storage, ix.schema, segment) as reader:
            paths = [
                reader.stored_fields(docnum)["path"] for docnum in range(reader.doc_count_all())
            ]
        assert segment.is_compound()
        inside = segment.open_compound_file(ix.storage)
        prefix = segment.make_filename("")
        files = {name.removeprefix(prefix): inside.open_file(name).read() for name in inside.list()}
        inside.close()
        assert files == _without_runs(_segment_files([notes[path] for path in paths], "whoosh"))


def _by_path(reader: Any) -> dict[tuple[str, bytes], list[tuple[str, float]]]:
    """Each term's postings by note path (note numbers differ between segments)."""
    found: dict[tuple[str, bytes], list[tuple[str, float]]] = {}
    for field, term in reader.all_terms():
        matcher = reader.postings(field, term)
        rows = []
        while matcher.is_active():
            rows.append((reader.stored_fields(matcher.id())["path"], matcher.weight()))
            matcher.next()
        found[field, term] = sorted(rows)
    return found
