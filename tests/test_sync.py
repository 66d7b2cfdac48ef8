"""Updating the index: only what changed, repaired when damaged, never inside the vault."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from vaults import copy_seeds, generate_vault, indexed_seeds

from reader.search.index import parallel
from reader.search.index.folder import META_FILE
from reader.search.index.store import PARALLEL_MIN
from reader.vault.catalog import CATALOG_FILE, collector_paused
from reader.vault.disk_check import stat_changed
from reader.vault.vault import Vault

NOTE = "---\ntitle: 新笔记\npeople: [田渊栋]\n---\n\n独一无二的句子：蓝色企鹅。\n"


def _snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p): (p.stat().st_mtime_ns, p.read_bytes()) for p in root.rglob("*") if p.is_file()}


def test_second_update_changes_nothing(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    summary = Vault(vault.root, tmp_path / "ix").update()
    assert (summary.added, summary.changed, summary.removed) == (0, 0, 0)
    assert summary.notes == len(vault.notes())


def test_added_changed_and_deleted_notes(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    (vault.root / "new.md").write_text(NOTE, encoding="utf-8")
    changed = vault.root / "llama-4-lmarena.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n紫色长颈鹿。\n", encoding="utf-8")
    (vault.root / "gpt-3-few-shot-learners.md").unlink()
    vault = Vault(vault.root, tmp_path / "ix")
    summary = vault.update()
    assert (summary.added, summary.changed, summary.removed) == (1, 1, 1)
    assert [h.path for h in vault.search("蓝色企鹅")] == ["new.md"]
    assert [h.path for h in vault.search("紫色长颈鹿")] == ["llama-4-lmarena.md"]
    assert not vault.search("few-shot learners")
    assert vault.get("gpt-3-few-shot-learners.md") is None


def test_touched_but_unchanged_note_is_not_reindexed(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    os.utime(vault.root / "llama-4-lmarena.md", ns=(1, 1))
    summary = vault.update()
    assert (summary.added, summary.changed) == (0, 0)


def test_vault_is_never_written(tmp_path: Path) -> None:
    root = copy_seeds(tmp_path / "v")
    before = _snapshot(root)
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    vault.search("扎克伯格")
    vault.update(rebuild=True)
    assert _snapshot(root) == before
    assert not any(p.name.startswith(".") and p.is_dir() for p in root.iterdir())


def test_new_schema_version_rebuilds(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    meta = tmp_path / "ix" / META_FILE
    meta.write_text(json.dumps({"schema": -1}), encoding="utf-8")
    again = Vault(vault.root, tmp_path / "ix")
    summary = again.update()
    assert summary.rebuilt and summary.added == len(vault.notes())
    assert any("another version" in m for m in summary.messages)
    assert again.search("扎克伯格")


def test_another_versions_index_is_not_read(tmp_path: Path) -> None:
    """An older index is rebuilt as such, even when its files cannot be read today (its
    pickled schema naming classes that have moved since), not reported as damaged."""
    vault = indexed_seeds(tmp_path)
    (tmp_path / "ix" / META_FILE).write_text(json.dumps({"schema": 4}), encoding="utf-8")
    for toc in (tmp_path / "ix").glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    again = Vault(vault.root, tmp_path / "ix")
    summary = again.update()
    assert summary.rebuilt
    assert any("another version" in m for m in summary.messages)
    assert not any("damaged" in m for m in summary.messages)
    assert again.search("扎克伯格")


def test_damaged_index_is_rebuilt_with_a_message(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    for toc in (tmp_path / "ix").glob("_MAIN_*.toc"):
        toc.write_bytes(b"garbage")
    again = Vault(vault.root, tmp_path / "ix")
    summary = again.update()
    assert any("damaged" in m for m in summary.messages)
    assert again.search("扎克伯格")


def test_missing_catalog_is_recovered(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    (tmp_path / "ix" / CATALOG_FILE).unlink()
    again = Vault(vault.root, tmp_path / "ix")
    assert not again.open_cached()
    again.update()
    assert len(again.notes()) == len(vault.notes())
    assert again.search("扎克伯格")


def test_unwritable_index_dir_searches_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    vault = Vault(copy_seeds(tmp_path / "v"), blocker / "ix")
    summary = vault.update()
    assert vault.index.in_memory
    assert any("in memory" in m for m in summary.messages)
    assert vault.search("扎克伯格")


def test_two_processes_updating_at_once(tmp_path: Path) -> None:
    root = copy_seeds(tmp_path / "v")
    command = [sys.executable, "-m", "reader", "search", str(root), "扎克伯格", "--json"]
    command += ["--index-dir", str(tmp_path / "ix")]
    procs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in "ab"
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
        assert json.loads(out), err.decode()


def test_stat_changed_names_every_file_not_as_cataloged(tmp_path: Path) -> None:
    vault = indexed_seeds(tmp_path)
    notes = {note.path: note for note in vault.notes()}
    touched, gone, same = sorted(notes)[:3]
    info = (vault.root / touched).stat()
    os.utime(vault.root / touched, ns=(info.st_atime_ns, info.st_mtime_ns + 10**9))
    (vault.root / gone).unlink()
    (vault.root / "new.md").write_text("新笔记\n", encoding="utf-8")
    paths = [*sorted(notes), "new.md"]
    changed = stat_changed(str(vault.root), paths, notes)
    assert changed == [touched, gone, "new.md"]
    assert same not in changed


@pytest.mark.parametrize("enabled", [True, False])
def test_parallel_build_leaves_the_collector_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    """The parent files the workers' records with the cyclic collector paused; afterwards
    the collector is as it was, and what the build keeps is frozen out of its walks."""
    root = generate_vault(tmp_path / "v", PARALLEL_MIN + 5)
    monkeypatch.setattr(parallel, "worker_count", lambda: 2)
    vault = Vault(root, tmp_path / "ix")
    assert vault.index.parallel_workers(PARALLEL_MIN + 5) == 2
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        frozen = gc.get_freeze_count()
        assert vault.update().added == PARALLEL_MIN + 5
        assert gc.isenabled() is enabled
        assert gc.get_freeze_count() > frozen
    finally:
        (gc.enable if was else gc.disable)()


class _Node:
    """An object that can be weakly referenced and put in a cycle."""

    other: object = None


def test_paused_collector_frees_cycles_made_meanwhile_when_asked() -> None:
    """Cyclic garbage made while the collector is paused is frozen with everything else,
    for good, unless the pause asks for a collection first (as a parallel build does)."""
    gone = []
    for collect_after in (False, True):
        with collector_paused(collect_after=collect_after):
            node = _Node()
            node.other = node
            ref = weakref.ref(node)
            del node
        gc.collect()
        gone.append(ref() is None)
        gc.unfreeze()
    assert gone == [False, True]
