"""Unit tests of note loading: finding notes, reading files, decoding, fields and dates."""

from __future__ import annotations

import codecs
import json
import os
import time
from pathlib import Path

import pytest

from reader.notes import note as note_module
from reader.notes.config import DEFAULT_TYPES
from reader.notes.encoding import decode, looks_binary
from reader.notes.note import Note, Skipped, iter_note_paths, load_note, parse_note, scan_notes
from reader.text.terminal import inert

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_6e32583a3cfba4c8.txt"
KEYS = list(DEFAULT_TYPES)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# -- finding notes ----------------------------------------------------------------------------


def test_scan_lists_note_suffixes_recursively_and_skips_hidden(tmp_path: Path) -> None:
    for name in ["a.md", "b.MARKDOWN", "sub/c.txt", "sub/deeper/d.md", "e.pdf", ".f.md"]:
        write(tmp_path / name, "x")
    write(tmp_path / ".obsidian" / "g.md", "x")
    write(tmp_path / "sub" / ".git" / "h.md", "x")
    assert list(iter_note_paths(tmp_path)) == ["a.md", "b.MARKDOWN", "sub/c.txt", "sub/deeper/d.md"]


def test_scan_follows_links_inside_but_not_outside(tmp_path: Path) -> None:
    vault, outside = tmp_path / "vault", tmp_path / "outside"
    write(vault / "real" / "note.md", "x")
    write(outside / "secret.md", "x")
    (vault / "inner_link.md").symlink_to(vault / "real" / "note.md")
    (vault / "out_file.md").symlink_to(outside / "secret.md")
    (vault / "out_dir").symlink_to(outside)
    (vault / "broken.md").symlink_to(vault / "nowhere.md")
    found, skipped = scan_notes(vault)
    assert found == ["inner_link.md", "real/note.md"]
    assert {s.path: s.reason for s in skipped} == {
        "broken.md": "broken symlink",
        "out_dir": "symlink leads outside the vault",
        "out_file.md": "symlink leads outside the vault",
    }


def test_scan_survives_symlink_loops_and_prefers_real_folders(tmp_path: Path) -> None:
    write(tmp_path / "b" / "note.md", "x")
    (tmp_path / "a_link").symlink_to(tmp_path / "b")
    (tmp_path / "b" / "loop").symlink_to(tmp_path)
    (tmp_path / "self.md").symlink_to(tmp_path / "self.md")
    found, skipped = scan_notes(tmp_path)
    assert found == ["b/note.md"]
    reasons = {s.path: s.reason for s in skipped}
    assert reasons["a_link"] == reasons["b/loop"] == "symlink to a folder already scanned (a loop?)"


def test_scan_reports_vanishing_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "gone" / "x.md", "x")
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if path.endswith("gone"):
            raise FileNotFoundError(2, "No such file or directory")
        return real_scandir(path)

    monkeypatch.setattr(note_module.os, "scandir", scandir)
    found, skipped = scan_notes(tmp_path)
    assert found == []
    reason = "cannot read folder: the file vanished while the vault was read"
    assert skipped == [Skipped("gone", reason)]


# -- reading files -----------------------------------------------------------------------------


def test_load_note_records_file_facts(tmp_path: Path) -> None:
    raw = b"---\ntitle: T\n---\nbody\n"
    path = write(tmp_path / "n.md", raw)
    note = load_note(tmp_path, "n.md")
    assert isinstance(note, Note)
    assert (note.size, note.mtime_ns, note.encoding) == (len(raw), path.stat().st_mtime_ns, "utf-8")
    assert len(note.digest) == 32


@pytest.mark.parametrize(
    ("relpath", "reason"),
    [
        ("missing.md", "cannot read: the file vanished while the vault was read"),
        ("folder.md", "not a regular file"),
        ("../escape.md", "path leads outside the vault"),
        ("binary.md", "binary file"),
    ],
)
def test_load_note_skips_what_is_not_a_note(tmp_path: Path, relpath: str, reason: str) -> None:
    (tmp_path / "folder.md").mkdir()
    write(tmp_path / "binary.md", b"\x7fELF\x02\x01\x00\x00\x00\x00")
    assert load_note(tmp_path, relpath) == Skipped(relpath, reason)


def test_load_note_skips_a_fifo_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.md")
    assert load_note(tmp_path, "pipe.md") == Skipped("pipe.md", "not a regular file")


def test_load_note_skips_unreadable_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "locked.md", "x")

    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(note_module.os, "open", refuse)
    expected = Skipped("locked.md", "cannot read: permission denied")
    assert load_note(tmp_path, "locked.md") == expected


def test_load_note_skips_huge_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "big.md", "x" * 3 * 2**20)
    monkeypatch.setattr(note_module, "MAX_NOTE_BYTES", 2**20)
    assert load_note(tmp_path, "big.md") == Skipped("big.md", "too large to be a note (3 MB)")


# -- decoding ----------------------------------------------------------------------------------

SIMPLIFIED = "我们今天讨论人工智能的发展，这是一个关于开源模型的故事。"
TRADITIONAL = "我們今天討論人工智慧的發展，這是一個關於開源模型的故事。"


@pytest.mark.parametrize(
    ("raw", "text", "encoding"),
    [
        (SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
        (TRADITIONAL.encode("gbk"), TRADITIONAL, "gb18030"),
        ("台灣".encode("big5"), "台灣", "big5"),
        (codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), SIMPLIFIED, "utf-16"),
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED, "utf-16"),
        (codecs.BOM_UTF32_LE + SIMPLIFIED.encode("utf-32-le"), SIMPLIFIED, "utf-32"),
        ("plain words".encode("utf-16-be"), "plain words", "utf-16-be"),
    ],
)
def test_decode_legacy_and_wide_encodings(raw: bytes, text: str, encoding: str) -> None:
    decoded, codec, problems = decode(raw)
    assert (decoded, codec) == (text, encoding)
    assert len(problems) == 1 and problems[0].startswith("encoded as ")


def test_decode_utf8_with_and_without_bom() -> None:
    assert decode(SIMPLIFIED.encode()) == (SIMPLIFIED, "utf-8", [])
    assert decode(codecs.BOM_UTF8 + SIMPLIFIED.encode()) == (SIMPLIFIED, "utf-8-sig", [])


def test_decode_replaces_invalid_bytes() -> None:
    text, codec, problems = decode(b"ok \xff\xfe\xfd end")
    assert (text, codec) == ("ok ��� end", "utf-8")
    assert problems == ["not valid UTF-8: undecodable bytes were replaced with �"]


def test_looks_binary() -> None:
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not looks_binary(codecs.BOM_UTF16_LE + "标题".encode("utf-16-le"))
    assert not looks_binary("words and more words".encode("utf-16-le"))
    assert not looks_binary(b"")


# -- parsing -----------------------------------------------------------------------------------


def test_body_offset_points_into_the_normalised_text() -> None:
    text = "\ufeff---\r\ntitle: x\r\n---\r\n\r\n正文\rline\r\n"
    note = parse_note("n.md", text)
    assert note.body == "正文\nline\n"
    assert inert(note_module.normalise_text(text))[note.body_offset :] == note.body


def test_decoding_problems_come_first() -> None:
    note = parse_note("n.md", "---\ntags: a, b\n---\n", ["tags"], problems=["encoded as Big5"])
    split = "tags: expected a list, split a comma-separated text"
    assert note.problems == ("encoded as Big5", split)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("---\ntitle: '  Two\n  lines '\n---\n# H\n", "Two lines"),
        ("---\ntitle: ''\n---\n# From heading #\n", "From heading"),
        ("#not a heading\n#\n####### seven\n", "fallback"),
        ("---\ntitle: [a, b]\n---\n", "fallback"),
        ("    # indented code\n", "fallback"),
    ],
)
def test_title_fallbacks(text: str, title: str) -> None:
    assert parse_note("dir/fallback.md", text).title == title


def test_title_is_never_empty() -> None:
    assert parse_note(".md", "").title == ".md"
    assert parse_note("", "").title == "(untitled)"


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2025-11-09", "2025-11-09"),
        ("'2025-11-09'", "2025-11-09"),
        ("'2025/11/9'", "2025-11-09"),
        ("2025.11.09", "2025-11-09"),
        ("'2025-11-09 10:30'", "2025-11-09T10:30:00"),
        ("2025-11-09T10:30:00Z", "2025-11-09T10:30:00"),
        ("2025-11-09T10:30:00.123+08:00", "2025-11-09T02:30:00"),
        ("'2025-11-09T10:30+0800'", "2025-11-09T02:30:00"),
        ("2025年11月9日", "2025-11-09"),
        ("２０２５年１１月９日 8:05", "2025-11-09T08:05:00"),
    ],
)
def test_dates_become_comparable_iso_text(value: str, date: str) -> None:
    note = parse_note("n.md", f"---\ndate: {value}\n---\n")
    assert (note.date, note.date_text, note.problems) == (date, None, ())


@pytest.mark.parametrize("value", ["tomorrow", "2025-13-01", "'2025-11'", "[2025]", "99"])
def test_bad_dates_are_kept_as_text(value: str) -> None:
    note = parse_note("n.md", f"---\ndate: {value}\n---\n")
    assert note.date is None and note.date_text
    assert note.problems == (f"date: '{note.date_text}' is not a date; it was kept as text",)


def test_meta_is_json_safe_for_odd_values() -> None:
    text = (
        "---\nwhen: 2025-01-01 10:00:00+02:00\nraw: !!binary aGVsbG8=\nset: !!set {a, b}\n"
        "inf: .inf\nnan: .nan\n1: one\n2025-01-01: day\n? !!null\n: nothing\n---\n"
    )
    meta = parse_note("n.md", text).meta
    json.dumps(meta, allow_nan=False)
    assert meta["when"] == "2025-01-01T08:00:00"
    assert meta["raw"] == "hello"
    assert meta["1"] == "one" and meta["2025-01-01"] == "day" and meta["null"] == "nothing"


def test_ten_thousand_entities() -> None:
    names = "".join(f"- person {i}\n" for i in range(10_000))
    note = parse_note("n.md", f"---\npeople:\n{names}---\nbody\n", ["people"])
    assert len(note.entities["people"]) == 10_000 and note.problems == ()


def test_seed_loads_cleanly() -> None:
    note = load_note(SEED.parent, SEED.name, KEYS)
    assert isinstance(note, Note)
    assert note.title == "失衡的乌托邦：Meta开源AI路线的滑铁卢与组织重构"
    assert (note.date, note.problems, note.encoding) == ("2025-11-09", (), "utf-8")
    assert "田渊栋" in note.entities["people"]
    assert note.entities["speaker"] == ("硅谷101",)


@pytest.mark.bench
def test_parse_speed_of_the_seed() -> None:
    text = SEED.read_text(encoding="utf-8")
    runs = 500
    started = time.perf_counter()
    for _ in range(runs):
        parse_note(SEED.name, text, KEYS)
    per_note = (time.perf_counter() - started) / runs
    print(f"parse_note: {per_note * 1e6:.0f} µs per note")
    assert per_note < 1e-3


def test_utf16_mark_followed_by_nul_is_not_taken_for_utf32() -> None:
    """FF FE 00 00 starts both UTF-32-LE and UTF-16-LE text beginning with U+0000."""
    text, codec, _ = decode("\x000".encode("utf-16"))
    assert (text, codec) == ("\x000", "utf-16")


@pytest.mark.parametrize(
    ("front", "aliases"),
    [
        ("aliases: [Yann, 杨立昆]", ("Yann", "杨立昆")),
        ("aliases:\n  - One\n  - One\n  - Two", ("One", "Two")),
        ("alias: 田渊栋, Yuandong Tian", ("田渊栋", "Yuandong Tian")),
        ("aliases: Single", ("Single",)),
        ("aliases:", ()),
        ("title: none here", ()),
    ],
)
def test_aliases_are_the_notes_other_names(front: str, aliases: tuple[str, ...]) -> None:
    note = parse_note("a.md", f"---\n{front}\n---\nBody\n", DEFAULT_TYPES)
    assert note.aliases == aliases
    assert note.problems == ()


def test_aliases_survive_the_catalog(tmp_path: Path) -> None:
    from reader.vault.vault import Vault

    write(tmp_path / "v" / "a.md", "---\naliases: [Other name]\n---\nBody\n")
    Vault(tmp_path / "v", tmp_path / "ix").update()
    again = Vault(tmp_path / "v", tmp_path / "ix")
    assert again.open_cached()
    record = again.get("a.md")
    assert record is not None and record.aliases == ("Other name",)
