"""Segments worn out by deletions are dropped or rewritten at the next commit."""

from __future__ import annotations

from pathlib import Path

from vaults import generate_vault

from reader.vault.vault import Vault

QUERIES = ("Llama", "渊栋", "开源", '"Scale AI"')


def _segments(vault: Vault) -> list[tuple[int, int]]:
    """(notes, live notes) of each segment of the vault's index."""
    reader = vault.index._current_searcher().reader()
    return [(leaf.doc_count_all(), leaf.doc_count()) for leaf, _ in reader.leaf_readers()]


def _edit(paths: list[Path], mark: str) -> None:
    for path in paths:
        path.write_text(path.read_text(encoding="utf-8") + f"\n\n{mark}\n", encoding="utf-8")


def _results(vault: Vault) -> dict[str, set[str]]:
    return {q: {hit.path for hit in vault.search(q, limit=None)} for q in QUERIES}


def test_replacing_every_note_leaves_no_dead_segment(tmp_path: Path) -> None:
    root = generate_vault(tmp_path / "v", count=30)
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    _edit(sorted(root.rglob("*.md")), "全部改过")
    vault.update()
    assert all(live > 0 for _, live in _segments(vault))
    assert sum(live for _, live in _segments(vault)) == 30


def test_a_mostly_deleted_segment_is_rewritten_without_its_deleted_notes(tmp_path: Path) -> None:
    root = generate_vault(tmp_path / "v", count=30)
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    _edit(sorted(root.rglob("*.md"))[:20], "大半改过")
    vault.update()
    assert all(total == live for total, live in _segments(vault))
    fresh = Vault(root, tmp_path / "fresh")
    fresh.update()
    assert _results(vault) == _results(fresh)


def test_a_few_deletions_keep_the_segment(tmp_path: Path) -> None:
    root = generate_vault(tmp_path / "v", count=30)
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    _edit(sorted(root.rglob("*.md"))[:3], "少数改过")
    vault.update()
    assert any(total > live for total, live in _segments(vault))
