"""Titles (frontmatter, first level-1 heading as plain text, file name; configurable order;
the Obsidian order) and aliases."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.markdown.scan import plain_inline
from reader.notes.config import load_config
from reader.notes.fields import OBSIDIAN_TITLE_ORDER, first_h1, title_order
from reader.notes.note import load_note, parse_note


@pytest.mark.parametrize(
    ("heading", "plain"),
    [
        ("[706. 设计哈希映射](https://leetcode.cn/problems/x/)", "706. 设计哈希映射"),
        ("**Bold** and *italic* and `code`", "Bold and italic and code"),
        ("[[Some Note|shown name]] and [[Other]]", "shown name and Other"),
        ("snake_case_name stays, _this_ goes", "snake_case_name stays, this goes"),
        ("~~old~~ ==marked== <b>tag</b>", "old marked tag"),
        ("![logo](a.png) Title \\*star\\*", "logo Title *star*"),
    ],
)
def test_plain_inline(heading: str, plain: str) -> None:
    assert plain_inline(heading) == plain


def test_first_h1_skips_lower_levels_and_fenced_code() -> None:
    body = "## Second level\n```\n# in code\n```\n# The *real* one\n"
    assert first_h1(body) == "The real one"
    assert first_h1("### only lower\n") is None


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("中文标题\n====\n\n正文\n", "中文标题"),
        ("Two *lines*\nof title\n=\n", "Two lines of title"),
        ("## Lower\n\n**导读：**标题\n===\n# Later\n", "导读：标题"),
        ("# First\n\nSecond\n===\n", "First"),
        ("```\nin code\n===\n```\n# Real\n", "Real"),
        ("- an item\n===\n", None),  # a lazy line never underlines a heading
        ("Sub\n---\n", None),  # level two
    ],
)
def test_first_h1_from_setext_headings(body: str, title: str | None) -> None:
    assert first_h1(body) == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("title:: C++/class member\n\n- a block\n", "C++/class member"),
        ("alias:: modus tollens\ntitle:: 否定后件式\n\n- a block\n", "否定后件式"),
        ("- a block\n  title:: a block's property\n", "C++___class member"),
        ("first line\n\ntitle:: not a page property\n", "C++___class member"),
        ("---\ntitle: Front\n---\ntitle:: Logseq\n", "Front"),
        ("title::\n# Heading\n", "Heading"),
    ],
)
def test_logseq_title_property(text: str, title: str) -> None:
    assert parse_note("pages/C++___class member.md", text).title == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("---\ntitle: 2024-05-06\n---\n# H\n", "2024-05-06"),  # a date is still a title
        ("---\ntitle: 42\n---\n", "42"),
        ("---\ntitle: true\n---\n", "true"),
        ("## Level two\n\n# [Linked](http://x) title\n", "Linked title"),
        ("## Level two only\n", "file name"),
    ],
)
def test_title_rules(text: str, title: str) -> None:
    assert parse_note("dir/file name.md", text).title == title


def test_title_order_file_name_first() -> None:
    text = "---\ntitle: Front\n---\n# Heading\n"
    order = ("filename", "heading")
    assert parse_note("a/stem.md", text, title_from=order).title == "stem"
    assert parse_note("a/stem.md", "# Heading\n", title_from=OBSIDIAN_TITLE_ORDER).title == "stem"
    assert parse_note("a/stem.md", text, title_from=OBSIDIAN_TITLE_ORDER).title == "Front"
    assert parse_note("a/stem.md", text, title_from=("heading",)).title == "Heading"


def test_title_order_setting() -> None:
    problems: list[str] = []
    assert title_order(["Heading", "frontmatter"], problems) == (
        "heading",
        "frontmatter",
        "filename",
    )
    assert title_order(["nonsense", "filename"], problems) == ("filename",)
    assert problems == ["title_from: unknown source 'nonsense' was ignored"]
    assert title_order({"a": 1}, problems) is None


def test_obsidian_vault_and_config(tmp_path: Path) -> None:
    (tmp_path / "n.md").write_text("# Heading\n", encoding="utf-8")
    assert load_config(tmp_path).title_from[1] == "heading"
    (tmp_path / ".obsidian").mkdir()
    config = load_config(tmp_path, user_file=tmp_path / "none.yaml")
    assert config.title_from == OBSIDIAN_TITLE_ORDER
    assert load_note(tmp_path, "n.md", (), config.title_from).title == "n"  # type: ignore[union-attr]
    (tmp_path / ".reader.yaml").write_text("title_from: [heading]\n", encoding="utf-8")
    config = load_config(tmp_path, user_file=tmp_path / "none.yaml")
    assert config.title_from == ("heading", "filename")
    assert load_note(tmp_path, "n.md", (), config.title_from).title == "Heading"  # type: ignore[union-attr]


def test_note_aliases_from_either_key() -> None:
    note = parse_note("n.md", "---\naliases: [TYD, 田博士, TYD]\n---\n")
    assert note.aliases == ("TYD", "田博士")
    assert parse_note("n.md", "---\nalias: x, y\n---\n").aliases == ("x", "y")
    # An alias is never the title: the title rules stay as they are.
    assert parse_note("n.md", "---\naliases: [A]\n---\n# H\n").title == "H"


def test_changing_the_title_order_reads_the_notes_again(tmp_path: Path) -> None:
    from reader.vault.vault import Vault

    root = tmp_path / "v"
    root.mkdir()
    (root / "stem.md").write_text("# Heading\n", encoding="utf-8")
    vault = Vault(root, tmp_path / "ix", load_config(root, user_file=tmp_path / "none.yaml"))
    vault.update()
    assert [n.title for n in vault.notes()] == ["Heading"]
    (root / ".reader.yaml").write_text("title_from: [filename]\n", encoding="utf-8")
    again = Vault(root, tmp_path / "ix", load_config(root, user_file=tmp_path / "none.yaml"))
    again.open_cached()
    again.update()
    assert [n.title for n in again.notes()] == ["stem"]
    assert [hit.path for hit in again.search("title:stem")] == ["stem.md"]
