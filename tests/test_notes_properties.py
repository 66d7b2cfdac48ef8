"""Property tests: no text makes `parse_note` raise, no bytes make `decode` raise, and what
comes out always keeps its promises (a title, JSON-safe meta, an exact body offset)."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.notes.config import DEFAULT_TYPES
from reader.notes.encoding import decode, looks_binary
from reader.notes.note import normalise_text, parse_note
from reader.text.terminal import inert

KEYS = [*DEFAULT_TYPES, "date", "title"]

# Text that often looks like frontmatter: fences, keys, YAML and TOML punctuation, CJK.
_PIECES = st.sampled_from(
    [
        "---",
        "+++",
        "...",
        "\n",
        "\r\n",
        "\r",
        "\t",
        " ",
        ": ",
        "- ",
        "[",
        "]",
        "{",
        "}",
        "&a ",
        "*a",
        "!tag ",
        "!!binary ",
        "? ",
        "#",
        "# ",
        "'",
        '"',
        ",",
        "，",
        "、",
        "title",
        "date",
        "tags",
        "people",
        "2025-11-09",
        "2025年11月9日",
        "10:30",
        "+08:00",
        "null",
        "true",
        "NO",
        "1e400",
        "9" * 30,
        "田渊栋",
        "\ufeff",
        "\x00",
        "\x1b",
        "\u0301",
        "🎉",
        "```",
        "=",
        '"""',
    ]
)
FRONTMATTERISH = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=60).map("".join)
TEXT = st.one_of(st.text(), FRONTMATTERISH)
PATHS = st.one_of(st.just("note.md"), st.text(max_size=20))


def check_note(relpath: str, text: str) -> None:
    """The promises every parsed note keeps, whatever its text."""
    note = parse_note(relpath, text, KEYS)
    assert note.title
    json.dumps(note.meta)
    assert inert(normalise_text(text))[note.body_offset :] == note.body
    assert all(isinstance(p, str) and p for p in note.problems)
    assert all(isinstance(n, str) for names in note.entities.values() for n in names)
    assert note.date is None or note.date[:4].isdigit()


def check_decode(raw: bytes) -> None:
    """`decode` returns text and a codec that really decodes the bytes, and never raises."""
    text, codec, problems = decode(raw)
    assert isinstance(text, str) and isinstance(problems, list)
    if not problems or problems[0].startswith("encoded as"):
        assert raw.decode(codec) == text
    looks_binary(raw)


@given(relpath=PATHS, text=TEXT)
@settings(max_examples=300, deadline=None)
def test_parse_note_never_raises(relpath: str, text: str) -> None:
    check_note(relpath, text)


@given(raw=st.binary(max_size=300))
@settings(max_examples=300, deadline=None)
def test_decode_never_raises(raw: bytes) -> None:
    check_decode(raw)


@given(text=TEXT, codec=st.sampled_from(["gb18030", "big5", "utf-16", "utf-8-sig", "utf-32"]))
@settings(max_examples=300, deadline=None)
def test_decode_of_encoded_text_never_raises(text: str, codec: str) -> None:
    check_decode(text.encode(codec, errors="replace"))


@pytest.mark.slow
@given(relpath=PATHS, text=TEXT)
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_parse_note_never_raises_long(relpath: str, text: str) -> None:
    check_note(relpath, text)


@pytest.mark.slow
@given(raw=st.one_of(st.binary(max_size=2000), TEXT.map(lambda t: t.encode("gb18030"))))
@settings(max_examples=10_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_decode_never_raises_long(raw: bytes) -> None:
    check_decode(raw)
