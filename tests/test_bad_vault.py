"""The bad vault: every kind of malformed note users' archives hold, and what loading makes of
each (title, problems, a piece of searchable text), or why the file is skipped.

The committed notes live in `tests/fixtures/bad_vault/` (byte-exact ones are written by
`tests/golden/build_inputs.py`). Files too large to commit, links and permissions are made
at test time in a copy of the vault.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.notes import note as note_module
from reader.notes.config import DEFAULT_TYPES
from reader.notes.encoding import decode
from reader.notes.note import Note, Skipped, load_note, normalise_text, scan_notes
from reader.text.terminal import inert

FIXTURE = Path(__file__).parent / "fixtures" / "bad_vault"
KEYS = list(DEFAULT_TYPES)
COMBINING = "combining cafe\u0301.md"

# Problems that several notes share.
GB = "encoded as GB18030, not UTF-8"
BIG5 = "encoded as Big5, not UTF-8"
UTF16 = "encoded as UTF-16, not UTF-8"
REPLACED = "not valid UTF-8: undecodable bytes were replaced with �"


@dataclass(frozen=True)
class Expect:
    """What loading one note must give: its title, all its problems, and a text that must
    be found in its title or body."""

    title: str
    problems: tuple[str, ...] = ()
    text: str = ""


EXPECTED: dict[str, Expect | str] = {
    # Frontmatter that is not valid, not closed, or not a mapping.
    "invalid_yaml.md": Expect(
        "Heading after bad YAML",
        ("frontmatter is not valid YAML (line 4): found unexpected end of stream; it was ignored",),
        "The body survives",
    ),
    "unclosed_salvage.md": Expect(
        "Closing line forgotten",
        ("frontmatter has no closing '---' line; read it up to the first blank line",),
        "after the first blank line",
    ),
    "unclosed_whole.md": Expect(
        "Only heading",
        ("frontmatter has no closing '---' line; the whole file is read as text",),
        "this: is: not: yaml",
    ),
    "list_frontmatter.md": Expect(
        "List frontmatter", ("frontmatter is a list, not a set of keys; it was ignored",), "Body"
    ),
    "scalar_frontmatter.md": Expect(
        "scalar_frontmatter",
        ("frontmatter is a single value, not a set of keys; it was ignored",),
        "Body after the rules",
    ),
    "tabs.md": Expect(
        "Tabs", ("frontmatter: tabs used for indentation were read as spaces",), "with\ttab"
    ),
    "tabs_broken.md": Expect(
        "tabs_broken",
        (
            "frontmatter is not valid YAML (line 3): found a tab character that violates "
            "indentation; it was ignored",
        ),
        "Body.",
    ),
    "duplicate_keys.md": Expect(
        "Second title",
        ("frontmatter: duplicate keys 'title', 'tags'; the last value is used",),
        "Body.",
    ),
    "toml.md": Expect("TOML frontmatter", (), "TOML body"),
    "toml_invalid.md": Expect(
        "TOML heading",
        (
            "frontmatter is not valid TOML: Illegal character '\\n' (at line 2, column 22); "
            "it was ignored",
        ),
        "Body.",
    ),
    "unknown_tag.md": Expect(
        "Tagged title",
        ("frontmatter: unknown YAML tags !custom, !include read as plain values",),
        "Body.",
    ),
    "control_chars.md": Expect(
        "Escape ␛[31mred␛[0m title",
        ("control characters were made visible (they could drive a terminal)",),
        "Body with a bell",
    ),
    "empty_frontmatter.md": Expect("Only a heading", (), "Only a heading"),
    "frontmatter_only.md": Expect("Only frontmatter", (), "Only frontmatter"),
    # Values of the wrong shape.
    "odd_values.md": Expect("42", (), "Body of odd values"),
    "tags_comma.md": Expect(
        "Comma tags",
        (
            "people: expected a list, split a comma-separated text",
            "tags: expected a list, split a comma-separated text",
        ),
    ),
    "tags_number.md": Expect(
        "Number tag",
        (
            "tags: expected a list, got a number; read it as one name",
            "series: expected a list, got a true/false value; read it as one name",
            "area: expected a list of names, got a map; it was ignored",
        ),
    ),
    "list_mixed_items.md": Expect(
        "Mixed items",
        (
            "people: 2 item(s) were not text; read them as names",
            "people: left out 3 item(s) that are empty, maps or lists",
        ),
    ),
    "deep_nesting.md": Expect(
        "Deep", ("frontmatter: values nested more than 32 levels deep were cut",), "Deep body"
    ),
    "aliases.md": Expect(
        "Alias bomb", ("frontmatter: more than 100000 values; the rest were cut",), "Body."
    ),
    "huge_number.md": Expect("Huge number", (), "larger than 64 bits"),
    "yes_no.md": Expect("Norway", (), "Body."),
    "fenced_heading.md": Expect("Real heading", (), "a shell comment"),
    # Dates that are not dates.
    "date_bad.md": Expect(
        "Not a date", ("date: 'sometime next spring' is not a date; it was kept as text",)
    ),
    "date_impossible.md": Expect(
        "Impossible date", ("date: '2025-02-30' is not a date; it was kept as text",)
    ),
    "date_number.md": Expect(
        "Number date", ("date: '20251109' is not a date; it was kept as text",)
    ),
    # Bytes: marks, line endings, encodings.
    "bom.md": Expect("带BOM的笔记", (), "正文从这里开始"),
    "bom_crlf.md": Expect("BOM and CRLF", (), "Body line."),
    "crlf.md": Expect("Windows 行尾", (), "First line.\nSecond line."),
    "lone_cr.md": Expect("Old Mac line endings", (), "Line one.\nLine two."),
    "gbk.md": Expect("简体中文笔记", (GB,), "讨论人工智能的发展"),
    "gb18030.md": Expect("南汉刘䶮", (GB,), "人名刘䶮"),
    "big5.md": Expect("繁體中文筆記", (BIG5,), "討論人工智慧的發展"),
    "big5_short.txt": Expect("big5_short", (BIG5,), "台灣筆記"),
    "utf16le_bom.md": Expect("Wide characters", (UTF16,), "old Windows editor"),
    "utf16be_bom.md": Expect("Wide characters", (UTF16,), "old Windows editor"),
    "utf16_chinese.md": Expect("简体中文笔记", (UTF16,), "人工智能"),
    "utf16_no_bom.txt": Expect(
        "Wide characters",
        ("encoded as UTF-16-LE without a byte-order mark, not UTF-8",),
        "old Windows editor",
    ),
    "utf32_bom.md": Expect("Wide characters", ("encoded as UTF-32, not UTF-8",), "editor"),
    "invalid_utf8.md": Expect("Broken bytes", (REPLACED,), "bad ones"),
    "latin1.md": Expect("Umlaute", (REPLACED,), "in Latin-1"),
    "binary.md": "binary file",
    "empty.md": Expect("empty"),
    "whitespace_only.md": Expect("whitespace_only"),
    # Names.
    "name with spaces.md": Expect("Name with spaces", (), "analytical engine"),
    "emoji 🎉 party.md": Expect("🎉 Launch party 🚀", (), "庆祝发布 🎊"),
    COMBINING: Expect("Cafe\u0301 Zoe\u0308", (), "re\u0301sume\u0301"),
    "sub folder/深层/嵌套笔记.markdown": Expect("嵌套文件夹里的笔记", (), "在子文件夹中也能找到"),
    # Made at test time (see `vault`).
    "generated/five_megabytes.md": Expect("Five megabytes", (), "END OF THE BIG NOTE"),
    "generated/many_lines.md": Expect("Heading on the last line", (), "line 99999"),
    "generated/many_entities.md": Expect("Ten thousand entities", (), "entity body"),
    "generated/inside_link.md": Expect("Only frontmatter", (), "Only frontmatter"),
}

#: Links and folders `scan_notes` must report rather than follow.
EXPECTED_SCAN_SKIPS = {
    "generated/loop": "symlink to a folder already scanned (a loop?)",
    "generated/outside_dir": "symlink leads outside the vault",
    "generated/outside_note.md": "symlink leads outside the vault",
}


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the bad vault with the large files and the links added."""
    base = tmp_path_factory.mktemp("bad")
    root = base / "vault"
    shutil.copytree(FIXTURE, root, symlinks=True)
    generated = root / "generated"
    generated.mkdir()
    line = "这是一行很长的中文内容，用来把笔记撑到五兆字节。" * 4 + "\n"
    big = "---\ntitle: Five megabytes\n---\n" + line * (5 * 2**20 // len(line.encode()))
    (generated / "five_megabytes.md").write_text(big + "END OF THE BIG NOTE\n", encoding="utf-8")
    lines = "".join(f"line {i}\n" for i in range(100_000))
    (generated / "many_lines.md").write_text(lines + "# Heading on the last line\n")
    names = "".join(f"  - 人物 {i}\n" for i in range(10_000))
    (generated / "many_entities.md").write_text(
        f"---\ntitle: Ten thousand entities\npeople:\n{names}---\nentity body\n", encoding="utf-8"
    )
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n")
    (generated / "outside_note.md").symlink_to(outside / "secret.md")
    (generated / "outside_dir").symlink_to(outside)
    (generated / "loop").symlink_to(root)
    (generated / "inside_link.md").symlink_to(root / "frontmatter_only.md")
    return root


def test_the_vault_has_at_least_30_malformed_notes() -> None:
    assert len([p for p in FIXTURE.rglob("*") if p.is_file()]) >= 30


def test_scan_lists_exactly_the_expected_notes(vault: Path) -> None:
    found, skipped = scan_notes(vault)
    assert found == sorted(EXPECTED)
    assert {s.path: s.reason for s in skipped} == EXPECTED_SCAN_SKIPS


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_each_note_loads_as_expected(vault: Path, path: str) -> None:
    loaded = load_note(vault, path, KEYS)
    expected = EXPECTED[path]
    if isinstance(expected, str):
        assert loaded == Skipped(path, expected)
        return
    assert isinstance(loaded, Note)
    assert (loaded.title, loaded.problems) == (expected.title, expected.problems)
    assert expected.text in loaded.title + "\n" + loaded.body
    json.dumps(loaded.meta)
    text = normalise_text(decode((vault / path).read_bytes())[0])
    assert inert(text)[loaded.body_offset :] == loaded.body


def test_ten_thousand_entities_are_kept(vault: Path) -> None:
    loaded = load_note(vault, "generated/many_entities.md", KEYS)
    assert isinstance(loaded, Note)
    assert len(loaded.entities["people"]) == 10_000


def test_names_keep_their_spaces_emoji_and_marks(vault: Path) -> None:
    spaced = load_note(vault, "name with spaces.md", KEYS)
    emoji = load_note(vault, "emoji 🎉 party.md", KEYS)
    marks = load_note(vault, COMBINING, KEYS)
    assert isinstance(spaced, Note) and isinstance(emoji, Note) and isinstance(marks, Note)
    assert spaced.entities["people"] == ("Ada   Lovelace", "Grace Hopper")
    assert emoji.entities["tags"] == ("🎉", "🚀 launch", "🇨🇳")
    assert marks.entities["people"] == ("Zoe\u0308", "Zo\u00eb")


def test_a_file_vanishing_after_the_scan_is_skipped(tmp_path: Path) -> None:
    root = tmp_path / "v"
    shutil.copytree(FIXTURE, root)
    found, _ = scan_notes(root)
    (root / "bom.md").unlink()
    results = {path: load_note(root, path, KEYS) for path in found}
    reason = "cannot read: the file vanished while the vault was read"
    assert results["bom.md"] == Skipped("bom.md", reason)
    assert sum(isinstance(r, Note) for r in results.values()) == len(found) - 2  # and binary.md


def test_a_file_vanishing_while_read_is_skipped(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def vanish(fd: int) -> os.stat_result:
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(note_module.os, "fstat", vanish)
    reason = "cannot read: the file vanished while the vault was read"
    assert load_note(vault, "toml.md") == Skipped("toml.md", reason)


def test_an_unreadable_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "locked.md").write_text("# Locked\n")
    (tmp_path / "locked.md").chmod(0)
    try:
        loaded = load_note(tmp_path, "locked.md")
    finally:
        (tmp_path / "locked.md").chmod(0o644)
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    assert loaded == Skipped("locked.md", "cannot read: permission denied")


def test_an_unreadable_folder_is_reported(tmp_path: Path) -> None:
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "n.md").write_text("x")
    (tmp_path / "closed").chmod(0)
    try:
        found, skipped = scan_notes(tmp_path)
    finally:
        (tmp_path / "closed").chmod(0o755)
    if os.geteuid() == 0:
        pytest.skip("root reads folders whatever their permissions")
    assert found == []
    assert skipped == [Skipped("closed", "cannot read folder: permission denied")]
