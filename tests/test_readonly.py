"""Read-only vaults and index folders: the reader reads, searches, and says why it cannot save.

Writes are refused by `write_guard` (permission bits do not stop root); a `chmod -R a-w`
vault is tested as well for when the tests do not run as root.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from vaults import copy_seeds
from vaults_big import tree_state
from write_guard import guard

from reader.cli import main
from reader.vault.vault import Vault


def _cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_guarded_vault_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command on a vault where any write fails: all work, none tried to write."""
    root = copy_seeds(tmp_path / "vault")
    before = tree_state(root)
    write_guard = guard(monkeypatch, root)
    index_dir = tmp_path / "ix"
    for args in (
        ("index", root),
        ("index", root, "--rebuild"),
        ("search", root, "扎克伯格", "--json"),
        ("entities", root),
        ("related", root, "llama-4-lmarena.md"),
        ("check", root, "--json"),
    ):
        code, out, err = _cli(capsys, *args, "--index-dir", index_dir)
        assert code == 0, err
        assert out
    vault = Vault(root, index_dir)
    vault.update()
    assert vault.search("扎克伯格")
    assert write_guard.attempts == []
    assert tree_state(root) == before


@pytest.mark.parametrize("existing", [False, True], ids=["empty-folder", "existing-index"])
def test_read_only_index_folder_searches_in_memory(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    existing: bool,
) -> None:
    """An index folder where every write fails (EROFS): search still works, and both
    `reader index` and `Vault.update().messages` say why the index is not saved."""
    root = copy_seeds(tmp_path / "vault")
    index_dir = tmp_path / "ix"
    index_dir.mkdir()
    if existing:
        Vault(root, index_dir).update()
        (root / "new.md").write_text("# 新笔记\n\n只读文件系统上的蓝色企鹅。\n", encoding="utf-8")
    guard(monkeypatch, index_dir)
    code, out, err = _cli(capsys, "index", root, "--index-dir", index_dir)
    assert code == 0, err
    assert "Traceback" not in err
    assert "Read-only file system" in err, err
    vault = Vault(root, index_dir)
    summary = vault.update()
    assert any("Read-only file system" in m for m in summary.messages), summary.messages
    assert vault.search("扎克伯格")
    if existing:
        assert [h.path for h in vault.search("蓝色企鹅")] == ["new.md"]
    code, out, err = _cli(capsys, "search", root, "扎克伯格", "--index-dir", index_dir)
    assert code == 0 and "扎克伯格" in out, err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the permission bits say")
def test_chmod_read_only_vault(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A vault made read-only with chmod works as usual."""
    root = copy_seeds(tmp_path / "vault")
    for path in [root, *root.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        before = tree_state(root)
        code, out, err = _cli(capsys, "search", root, "扎克伯格", "--index-dir", tmp_path / "ix")
        assert code == 0 and out, err
        assert tree_state(root) == before
    finally:
        for path in [root, *root.rglob("*")]:
            path.chmod(path.stat().st_mode | stat.S_IWUSR)
