"""What the reader needs at start-up, in the core: listing notes without Whoosh, telling
whether the disk changed since the catalog was made, and the entity index it builds."""

from __future__ import annotations

import os
from pathlib import Path

from vaults import copy_seeds, indexed_seeds, python_prints

from reader.notes.config import Config
from reader.notes.note import Note
from reader.vault.entities import EntityIndex
from reader.vault.locations import index_dir_for
from reader.vault.vault import Vault

NOTE = "---\ntitle: 新笔记\npeople: [田渊栋]\n---\n\n正文。\n"


def test_listing_the_saved_catalog_does_not_import_whoosh(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    code = (
        "import sys; from pathlib import Path; from reader.vault.vault import Vault;"
        f"v = Vault(Path({str(vault.root)!r}), Path({str(tmp_path / 'ix')!r}));"
        "assert v.open_cached() and v.notes() and v.entities.all();"
        "print(any(m.split('.')[0] == 'whoosh' for m in sys.modules))"
    )
    assert python_prints(code) == "False"


def test_the_default_index_folder_is_in_the_cache_indexes(tmp_path: Path) -> None:
    assert index_dir_for(tmp_path).parent.name == "indexes"


def test_nothing_changed_on_disk_after_an_update(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    assert not vault.changed_on_disk()
    (vault.root / "picture.md").write_bytes(b"\x00\x01\x02" * 100)  # skipped: binary
    assert vault.changed_on_disk()
    vault.update()
    assert vault.skipped() and not vault.changed_on_disk()


def test_added_touched_and_removed_files_are_changes(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    (vault.root / "new.md").write_text(NOTE, encoding="utf-8")
    assert vault.changed_on_disk()
    vault.update()
    assert not vault.changed_on_disk()
    note = vault.root / "new.md"
    info = note.stat()
    os.utime(note, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    assert vault.changed_on_disk()
    vault.update()
    note.unlink()
    assert vault.changed_on_disk()
    vault.update()
    assert not vault.changed_on_disk()


def test_a_removed_skipped_file_is_a_change(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    binary = vault.root / "picture.md"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    vault.update()
    binary.unlink()
    assert vault.changed_on_disk()


def test_entities_ready_says_whether_the_index_is_built(tmp_path: Path) -> None:
    vault = Vault(copy_seeds(tmp_path / "v"), tmp_path / "ix")
    vault.update()
    vault = Vault(vault.root, tmp_path / "ix")
    assert vault.open_cached() and not vault.entities_ready
    assert vault.entities.all()
    assert vault.entities_ready
    vault.update()  # nothing changed: the same catalog, the same entities
    assert vault.entities_ready


def _note(path: str, **entities: tuple[str, ...]) -> Note:
    return Note(path, path, "", entities=dict(entities))


def test_each_entity_is_counted_once_per_note_with_its_most_common_spelling() -> None:
    config = Config(types={"people": "人物", "tags": "标签"}, aliases={"Zuck": "Mark Zuckerberg"})
    notes = [
        _note("a.md", people=("Ann  Lee", "ann lee", " "), tags=("x",)),
        _note("b.md", people=("ANN LEE", "Zuck"), tags=("x", "y")),
        _note("c.md", people=("ann lee", "Mark Zuckerberg")),
        _note("d.md"),
        _note("e.md", people=("ann lee",)),
    ]
    index = EntityIndex(notes, config)
    ann = index.ref("people", "Ann Lee")
    assert ann is not None and ann.name == "ann lee"  # c.md and e.md; a.md counts once
    assert index.notes_listing(ann) == ["a.md", "b.md", "c.md", "e.md"]
    mark = index.ref("people", "zuck")
    assert mark is not None and mark.name == "Mark Zuckerberg"
    assert index.notes_listing(mark) == ["b.md", "c.md"]
    assert [r.name for r in index.of_note("b.md")] == ["ann lee", "Mark Zuckerberg", "x", "y"]
    assert index.of_note("d.md") == []
    assert index.spellings(ann) == ["Ann  Lee", "ANN LEE", "ann lee"]
    assert [r.path for r in index.related("a.md")] == ["b.md", "c.md", "e.md"]


def test_newest_rows_are_the_date_order_of_all_rows(tmp_path: Path) -> None:
    from reader.tui.rows import all_rows, newest_rows, sort_rows

    root = tmp_path / "v"
    root.mkdir()
    dates = {"a": "2024-05-01", "b": "sometime in spring", "c": None, "d": "2025-01-02", "e": None}
    for name, date in dates.items():
        head = f"date: {date}\n" if date else ""
        (root / f"{name}.md").write_text(f"---\ntitle: {name}\n{head}---\n\nx\n", "utf-8")
    os.utime(root / "c.md", (1672574400, 1672574400))  # 2023-01-01: undated, sorts by it
    os.utime(root / "e.md", (1717243200, 1717243200))  # 2024-06-01
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    expected = [row.path for row in sort_rows(all_rows(vault), "date")]
    assert [row.path for row in newest_rows(vault)] == expected
    # dates as written sort as text; notes without one by their file's modification day
    assert expected == ["b.md", "d.md", "e.md", "a.md", "c.md"]
