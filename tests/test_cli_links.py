"""The command line on a linked vault: `links`, unresolved links in `check`, inline tags in
`entities`, links in `related`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from reader.cli import main

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "linked_vault"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    base = tmp_path_factory.mktemp("cli-links")
    shutil.copytree(FIXTURE, base / "v")
    return str(base / "v"), str(base / "ix")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


def _json(
    capsys: pytest.CaptureFixture[str], vault: tuple[str, str], command: str, *args: str
) -> tuple[int, Any]:
    """`reader COMMAND VAULT ARGS --index-dir IX --json`: its exit status and its output read."""
    root, ix = vault
    code, out = _run(capsys, command, root, *args, "--index-dir", ix, "--json")
    return code, json.loads(out)


def test_links_json(capsys: pytest.CaptureFixture[str], vault: tuple[str, str]) -> None:
    code, data = _json(capsys, vault, "links", "Reading list.md")
    assert code == 0
    assert set(data) == {"path", "title", "outgoing", "backlinks", "unlinked"}
    assert (data["path"], data["title"]) == ("Reading list.md", "Reading list")
    assert data["outgoing"] == [
        {"target": "Home", "path": "Home.md", "anchor": None, "embed": False, "count": 1}
    ]
    sources = [b["path"] for b in data["backlinks"]]
    assert sources == ["Daily notes/2024-05-01.md", "Home.md", "Home.md", "Home.md"]
    embed = data["backlinks"][1]
    assert set(embed) == {"path", "title", "context", "count", "spans"}
    # The line as the note shows it, the link (an embed, by its label) in `spans`.
    ((start, end),) = embed["spans"]
    assert embed["context"][start:end] == "⧉ Reading list › top-pick" and embed["count"] == 1
    assert all("[[" not in b["context"] for b in data["backlinks"])
    assert data["unlinked"] == []


def test_links_of_a_line_are_one_row_with_a_count(
    capsys: pytest.CaptureFixture[str], vault: tuple[str, str]
) -> None:
    root, ix = vault
    _, data = _json(capsys, vault, "links", "Home.md")
    (daily,) = [b for b in data["backlinks"] if b["path"] == "Daily notes/2024-05-01.md"]
    assert daily["count"] == 3 and len(daily["spans"]) == 3
    code, out = _run(capsys, "links", root, "Home.md", "--index-dir", ix)
    assert code == 0 and "Daily notes/2024-05-01.md  2024-05-01  ×3" in out
    assert "People/Yann LeCun.md  ->  People/Yann LeCun.md  ×2" in out


def test_check_and_links_see_links_in_callout_titles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "Help.md").write_text(
        "> [!info] 需要启用[[命令面板]]核心插件\n> 然后……\n", encoding="utf-8"
    )
    ix = str(tmp_path / "ix")
    code, out = _run(capsys, "check", str(root), "--index-dir", ix)
    assert "Help.md: warning: no note “命令面板” yet (line 1)" in out
    (root / "命令面板.md").write_text("面板。\n", encoding="utf-8")
    code, data = _json(capsys, (str(root), ix), "links", "命令面板.md")
    assert code == 0
    (back,) = data["backlinks"]
    assert (back["path"], back["context"]) == ("Help.md", "需要启用命令面板核心插件")


def test_links_text_says_what_is_not_written_yet(
    capsys: pytest.CaptureFixture[str], vault: tuple[str, str]
) -> None:
    root, ix = vault
    code, out = _run(capsys, "links", root, "Home.md", "--index-dir", ix)
    assert code == 0
    assert "Someday Idea  ->  (not written yet)" in out
    assert "Unlinked mentions (1)" in out and "Archive/Meeting.md" in out


def test_links_of_a_missing_note_is_an_error(
    capsys: pytest.CaptureFixture[str], vault: tuple[str, str]
) -> None:
    root, ix = vault
    assert main(["links", root, "nope.md", "--index-dir", ix]) == 2


def test_check_warns_of_unresolved_links_and_fails_only_when_strict(
    capsys: pytest.CaptureFixture[str], vault: tuple[str, str]
) -> None:
    root, ix = vault
    code, out = _run(capsys, "check", root, "--index-dir", ix)
    assert code == 0
    assert "Home.md: warning: no note “Someday Idea” yet (line 11)" in out
    assert "Daily notes/2024-05-01.md: warning: no note “Missing Note” yet (line 2)" in out
    code, rows = _json(capsys, vault, "check", "--strict")
    assert code == 1
    assert {r["path"] for r in rows} == {"Home.md", "Daily notes/2024-05-01.md"}
    assert all(r["problems"] == [] and r["warnings"] for r in rows)


def test_entities_include_inline_tags(
    capsys: pytest.CaptureFixture[str], vault: tuple[str, str]
) -> None:
    _, rows = _json(capsys, vault, "entities", "--type", "tags")
    names = {row["name"]: row["listed"] for row in rows}
    assert names["中文标签"] == ["Home.md"]
    assert sorted(names["project/alpha"]) == ["Home.md", "Projects/Alpha/Meeting.md"]


def test_related_says_how_notes_are_linked(
    capsys: pytest.CaptureFixture[str], vault: tuple[str, str]
) -> None:
    _, rows = _json(capsys, vault, "related", "Reading list.md")
    assert rows[0]["link"] == "both" and rows[0]["path"] == "Home.md"
