"""The catalog and link records on disk: what is saved loads back the same, and the files
of earlier versions (JSON) are not trusted: the notes are read again, nothing is reported as
damaged, and the old files are removed."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

from reader.vault.catalog import CATALOG_FILE, LEGACY_FILE, load_catalog
from reader.vault.link_store import LEGACY_FILE as LEGACY_LINKS
from reader.vault.link_store import LINKS_FILE, load_refs
from reader.vault.vault import Vault

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "linked_vault"


def _indexed(tmp_path: Path) -> Vault:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    vault = Vault(root, tmp_path / "index")
    vault.update(links=True)
    vault.links  # noqa: B018  (the records saved)
    return vault


def _as_version_6(index: Path) -> None:
    """Rewrite the saved catalog as the version before wrote it (JSON rows)."""
    catalog = load_catalog(index)
    assert catalog is not None
    fields = [f.name for f in dataclasses.fields(next(iter(catalog.notes.values())))]
    rows = []
    for note in catalog.notes.values():
        row = [getattr(note, name) for name in fields]
        row[fields.index("entities")] = {k: list(v) for k, v in note.entities.items()}
        rows.append(row)
    data = {
        "version": 6,
        "fields": fields,
        "generation": catalog.generation,
        "title_from": list(catalog.title_from),
        "notes": rows,
        "skipped": {p: [s.reason, 0, 0] for p, s in catalog.skipped.items()},
    }
    (index / LEGACY_FILE).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (index / CATALOG_FILE).unlink()


def _links_as_version_5(index: Path, style: str) -> None:
    """Rewrite the saved link records as version 5 wrote them (JSON)."""
    refs = load_refs(index, style)
    assert refs
    notes = {
        path: [
            r.digest,
            [[x.target, x.anchor, x.label, x.embed, x.markdown, x.line] for x in r.links],
            list(r.tags),
            [[h.level, h.text, h.line] for h in r.headings],
            [list(b) for b in r.blocks],
        ]
        for path, r in refs.items()
    }
    data = {"version": 5, "style": style, "notes": notes}
    (index / LEGACY_LINKS).write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    (index / LINKS_FILE).unlink()


def test_a_saved_catalog_loads_back_the_same_records(tmp_path: Path) -> None:
    vault = _indexed(tmp_path)
    loaded = load_catalog(tmp_path / "index")
    assert loaded is not None and loaded.token
    assert {p: dataclasses.replace(n, meta={}) for p, n in vault._catalog.notes.items()} == (
        loaded.notes
    )
    assert all(isinstance(n.aliases, tuple) for n in loaded.notes.values())


def test_saved_link_records_load_back_the_same(tmp_path: Path) -> None:
    vault = _indexed(tmp_path)
    style = vault._linker.style
    assert load_refs(tmp_path / "index", style) == vault.links.refs


def test_the_files_of_an_earlier_version_are_replaced_by_reading_the_notes_again(
    tmp_path: Path,
) -> None:
    vault = _indexed(tmp_path)
    index = tmp_path / "index"
    style = vault._linker.style
    links_before = vault.links.refs
    notes_before = load_catalog(index)
    _as_version_6(index)
    _links_as_version_5(index, style)
    again = Vault(vault.root, index)
    assert not again.open_cached()  # titles made by earlier rules are not shown
    summary = again.update(links=True)
    assert summary.notes == len(vault.notes())
    assert not any("damaged" in m or "Cannot" in m for m in summary.messages)
    assert again.links.refs == links_before  # scanned again, to the same records
    assert (index / CATALOG_FILE).is_file() and not (index / LEGACY_FILE).exists()
    assert (index / LINKS_FILE).is_file() and not (index / LEGACY_LINKS).exists()
    loaded = load_catalog(index)
    assert loaded is not None and notes_before is not None
    assert loaded.notes == notes_before.notes


def test_a_damaged_catalog_means_reading_the_notes_again(tmp_path: Path) -> None:
    vault = _indexed(tmp_path)
    index = tmp_path / "index"
    (index / CATALOG_FILE).write_bytes(b"\x00garbage")
    (index / LINKS_FILE).write_bytes(b"")
    again = Vault(vault.root, index)
    assert not again.open_cached()
    summary = again.update()
    assert summary.notes == len(vault.notes())
    assert outgoing_count(again) == outgoing_count(vault)


def outgoing_count(vault: Vault) -> int:
    links = vault.links
    return sum(len(links.outgoing(note.path)) for note in vault.notes())
