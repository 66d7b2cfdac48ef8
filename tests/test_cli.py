"""The command line: every command, its JSON shape, and its errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vaults import copy_seeds

from reader.cli import main

SEED = "000_6e32583a3cfba4c8.txt"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("cli")
    root = copy_seeds(base / "v")
    (root / "broken.md").write_text("---\ntitle: [unclosed\n---\n正文还在。\n", encoding="utf-8")
    (root / "escape.md").write_text("# Bell\x07 and \x1b]0;pwned\x07 title\n\n危险字符\x1b[31m红\n")
    return root, base / "ix"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path], *args: str) -> object:
    root, ix = vault
    code, out, err = _run(capsys, args[0], str(root), *args[1:], "--index-dir", str(ix), "--json")
    assert code == 0, err
    return json.loads(out)


def test_index_prints_a_summary_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    root = copy_seeds(tmp_path / "v")
    code, out, _ = _run(capsys, "index", str(root), "--index-dir", str(tmp_path / "ix"))
    assert code == 0
    assert "added" in out and "removed" in out and " s" in out
    code, out, _ = _run(
        capsys, "index", str(root), "--index-dir", str(tmp_path / "ix"), "--rebuild"
    )
    assert code == 0 and "0 removed" in out


def test_search_json_shape(capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]) -> None:
    rows = _json(capsys, vault, "search", "扎克伯格")
    assert isinstance(rows, list) and rows
    assert set(rows[0]) == {"path", "title", "score", "snippet"}
    assert any(r["path"] == SEED for r in rows)
    assert all("/" not in r["path"] or not r["path"].startswith("/") for r in rows)


def test_search_limit(capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]) -> None:
    everything = _json(capsys, vault, "search", "Meta", "--limit", "0")
    two = _json(capsys, vault, "search", "Meta", "--limit", "2")
    assert isinstance(everything, list) and isinstance(two, list)
    assert len(two) == 2 < len(everything)


def test_search_text_output_marks_matches(
    capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]
) -> None:
    root, ix = vault
    code, out, _ = _run(capsys, "search", str(root), "渊栋", "--index-dir", str(ix))
    assert code == 0 and "[渊栋]" in out


def test_subfolder_paths_use_slashes(
    capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]
) -> None:
    rows = _json(capsys, vault, "search", "花书", "--limit", "0")
    assert isinstance(rows, list)
    assert any(r["path"].startswith("读书笔记/") for r in rows)


def test_entities_json_shape(capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]) -> None:
    rows = _json(capsys, vault, "entities", "--type", "人物")
    assert isinstance(rows, list) and rows
    assert {"type", "name", "count", "notes"} <= set(rows[0])
    assert all(r["type"] == "people" for r in rows)
    wang = next(r for r in rows if r["name"] == "Alexander Wang")
    assert "meta-msl-layoffs-2025.md" in wang["notes"]  # listed there as the alias "Alex Wang"
    assert wang["count"] == len(wang["notes"])


def test_related_json_shape(capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]) -> None:
    rows = _json(capsys, vault, "related", SEED, "--limit", "3")
    assert isinstance(rows, list) and len(rows) == 3
    keys = {"path", "title", "score", "reasons", "shared", "link", "similar", "terms"}
    assert set(rows[0]) == keys
    assert set(rows[0]["shared"][0]) == {"type", "name"}
    assert "entities" in rows[0]["reasons"]
    assert rows[0]["score"] >= rows[1]["score"] >= rows[2]["score"]


def test_check_lists_broken_notes_and_exits_with_status_1(
    capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]
) -> None:
    root, ix = vault
    code, out, _ = _run(capsys, "check", str(root), "--index-dir", str(ix), "--json")
    assert code == 1
    rows = json.loads(out)
    broken = [r for r in rows if r["path"] == "broken.md"]
    assert broken and broken[0]["problems"]
    code, out, _ = _run(capsys, "check", str(root), "--index-dir", str(ix))
    assert code == 1 and out.startswith("broken.md: ")


def test_check_of_a_clean_vault_exits_with_status_0(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = copy_seeds(tmp_path / "v")
    code, out, _ = _run(capsys, "check", str(root), "--index-dir", str(tmp_path / "ix"))
    assert (code, out) == (0, "no problems\n")


def test_escape_sequences_never_reach_the_terminal(
    capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]
) -> None:
    root, ix = vault
    code, out, _ = _run(capsys, "search", str(root), "危险字符", "--index-dir", str(ix))
    assert code == 0 and "escape.md" in out
    assert "\x1b" not in out and "\x07" not in out
    code, out, _ = _run(capsys, "search", str(root), "危险字符", "--index-dir", str(ix), "--json")
    assert "\x1b" not in out and "␛" in out


@pytest.mark.parametrize(
    "args",
    [
        ["search", "/no/such/vault", "x"],
        ["index", "/no/such/vault"],
        ["entities", "/no/such/vault"],
        ["related", "{root}", "missing.md"],
        ["entities", "{root}", "--type", "nonsense"],
    ],
)
def test_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path], args: list[str]
) -> None:
    root, ix = vault
    args = [a.format(root=root) for a in args] + ["--index-dir", str(ix)]
    code, _, err = _run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("reader: ")


def test_index_dir_that_is_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "f"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = _run(
        capsys, "search", str(copy_seeds(tmp_path / "v")), "x", "--index-dir", str(blocker)
    )
    assert code == 2 and "index dir" in err


def test_entities_of_one_kind_are_one_with_their_roles(
    capsys: pytest.CaptureFixture[str], vault: tuple[Path, Path]
) -> None:
    rows = _json(capsys, vault, "entities", "--type", "speaker")
    assert isinstance(rows, list) and rows
    zuck = next(r for r in rows if r["name"] == "Mark Zuckerberg")
    assert zuck["type"] == "people" and "speaker" in zuck["roles"]
    everyone = _json(capsys, vault, "entities")
    assert isinstance(everyone, list)
    assert sum(1 for r in everyone if r["name"] == "Mark Zuckerberg") == 1
