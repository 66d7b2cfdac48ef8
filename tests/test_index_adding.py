"""Notes added in bulk (`add_note`) and by a parallel build make the index Whoosh makes.

Every field's terms and postings (note, weight, encoded value), every note's field lengths
and stored fields are compared with those of `SegmentWriter.add_document`, on the seed
notes and on notes written to exercise the analysis (traditional characters, full-width
forms, kana and hangul, digits glued to letters, entity and alias fields, empty fields).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from vaults import copy_seeds, generate_vault, load_all
from whoosh.filedb.filestore import RamStorage

from reader.notes.note import Note, parse_note
from reader.search.index import parallel
from reader.search.index.adding import add_note
from reader.search.index.schema import document_for, make_schema
from reader.search.index.store import PARALLEL_MIN, SearchIndex
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
    writer = ix.writer()
    for note in notes:
        if adding == "whoosh":
            writer.add_document(**document_for(note))
        else:
            add_note(writer, document_for(note))
    writer.commit()
    return _read(ix)


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
    assert apart.links.refs == together.links.refs
    assert apart.index.doc_count() == count
    one, many = (_by_path(v.index) for v in (together, apart))
    assert many == one


def _by_path(index: SearchIndex) -> dict[tuple[str, bytes], list[tuple[str, float]]]:
    """Each term's postings by note path (note numbers differ between segments)."""
    searcher = index._current_searcher()
    reader = searcher.reader()
    found: dict[tuple[str, bytes], list[tuple[str, float]]] = {}
    for field, term in reader.all_terms():
        matcher = reader.postings(field, term)
        rows = []
        while matcher.is_active():
            rows.append((reader.stored_fields(matcher.id())["path"], matcher.weight()))
            matcher.next()
        found[field, term] = sorted(rows)
    return found
