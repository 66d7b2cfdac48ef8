"""Segment term lists saved beside the index give the same lexicon as Whoosh's own."""

from __future__ import annotations

from pathlib import Path

import pytest
from vaults import generate_vault

from reader.search.index import term_lists
from reader.search.index.store import SearchIndex
from reader.search.index.term_lists import PREFIX
from reader.vault.vault import Vault


def _lexicon(index_dir: Path, field: str = "text") -> list[str]:
    return SearchIndex(index_dir).lexicon(field).starting("")  # every term, sorted


def _saved(index_dir: Path) -> set[str]:
    return {p.name for p in index_dir.glob(f"{PREFIX}*.txt")}


def test_a_saved_list_is_read_back_the_same(tmp_path: Path) -> None:
    vault = Vault(generate_vault(tmp_path / "v", count=12), tmp_path / "ix")
    vault.update()
    first = _lexicon(tmp_path / "ix")
    assert _saved(tmp_path / "ix")
    assert _lexicon(tmp_path / "ix") == first
    assert "llama" in first


def test_lists_of_segments_that_left_are_removed(tmp_path: Path) -> None:
    root = generate_vault(tmp_path / "v", count=12)
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    _lexicon(tmp_path / "ix")
    before = _saved(tmp_path / "ix")
    for path in sorted(root.rglob("*.md")):  # every note replaced: the old segment goes
        path.write_text(path.read_text(encoding="utf-8") + "\n\n新词汇 zebra\n", encoding="utf-8")
    vault.update()
    after_lexicon = _lexicon(tmp_path / "ix")
    assert "zebra" in after_lexicon
    assert not (before & _saved(tmp_path / "ix"))


def test_a_list_that_cannot_be_saved_still_comes_from_whoosh(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = Vault(generate_vault(tmp_path / "v", count=6), tmp_path / "ix")
    vault.update()

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError("read-only file system")

    monkeypatch.setattr(term_lists.tempfile, "mkstemp", refuse)
    assert "llama" in _lexicon(tmp_path / "ix")
    assert not _saved(tmp_path / "ix")
