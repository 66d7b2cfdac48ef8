"""Tests for CJK-aware line breaking: the pure rules."""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line as rich_divide_line
from rich.cells import cell_len, get_character_cell_size

from reader.text.cjk_wrap import (
    break_offsets,
    break_opportunities,
    contains_cjk,
    default_char_width,
)
from tests.cjk_wrap_checks import CLOSING, LATIN, OPENING, SEED, lines_of

# --- the pure function --------------------------------------------------------------


def test_empty_text_and_no_width_give_no_breaks() -> None:
    assert break_offsets("", 10) == []
    assert break_offsets("中文", 0) == []
    assert break_offsets("中文", -3) == []
    assert break_offsets("中文", 4) == []


def test_breaks_between_any_two_chinese_characters() -> None:
    assert break_offsets("一二三四五六七八九十", 6) == [3, 6, 9]
    assert break_offsets("一二三四五六七八九十", 7) == [3, 6, 9]


def test_breaks_between_chinese_and_latin_but_not_inside_latin_words() -> None:
    text = "中文Meta中文"
    assert lines_of(text, break_offsets(text, 6)) == ["中文", "Meta中", "文"]
    text = "部门宣布裁员Llama开源"
    assert lines_of(text, break_offsets(text, 14)) == ["部门宣布裁员", "Llama开源"]


def test_a_line_may_break_at_a_space_in_mixed_text() -> None:
    text = "得主Yann LeCun也"
    assert lines_of(text, break_offsets(text, 10)) == ["得主Yann ", "LeCun也"]


def test_closing_punctuation_never_starts_a_line() -> None:
    text = "一二，三四"
    assert lines_of(text, break_offsets(text, 4)) == ["一", "二，", "三四"]
    text = "说完了。」然后"
    assert lines_of(text, break_offsets(text, 6)) == ["说完", "了。」", "然后"]
    text = "名字Meta，然后"
    assert lines_of(text, break_offsets(text, 8)) == ["名字", "Meta，然", "后"]


def test_opening_punctuation_never_ends_a_line() -> None:
    text = "一二（三四）"
    assert lines_of(text, break_offsets(text, 6)) == ["一二", "（三", "四）"]
    text = "取名“Llama”据说"
    assert lines_of(text, break_offsets(text, 7)) == ["取名", "“Llama”", "据说"]


def test_doubled_dash_and_ellipsis_stay_together() -> None:
    text = "他说——好的……然后"
    for width in range(4, 12):
        for line in lines_of(text, break_offsets(text, width)):
            assert not line.startswith(("—", "…")) or line.startswith("——")
            assert not line.endswith("—") or line.endswith("——")


def test_no_break_space_glues() -> None:
    text = "长度100\u00a0km以上"
    assert lines_of(text, break_offsets(text, 8)) == ["长度", "100\u00a0km以", "上"]


def test_long_latin_word_is_folded_only_when_wider_than_the_line() -> None:
    text = "中abcdefghijkl中"
    assert lines_of(text, break_offsets(text, 5)) == ["中", "abcde", "fghij", "kl中"]
    assert lines_of(text, break_offsets(text, 5, fold=False)) == ["中", "abcdefghijkl", "中"]
    assert break_offsets(text, 12) == [1, 13]


def test_trailing_spaces_hang_and_an_indent_stays_with_its_word() -> None:
    assert break_offsets("中文  字", 4) == [4]
    assert break_opportunities("  中文") == [3]
    assert break_offsets("  中文字", 6) == [4]
    assert break_offsets("中文   ", 4) == []


def test_widths_one_and_two() -> None:
    assert break_offsets("中文字", 2) == [1, 2]
    assert break_offsets("中文字", 1) == [1, 2]
    assert break_offsets("ab中", 1) == [1, 2]
    # Nothing but folding fits a two-cell line holding a character and its comma.
    assert break_offsets("一，二", 2) == [1, 2]
    assert break_offsets("一，二", 4) == [2]


def test_wide_characters_count_two_cells() -> None:
    assert lines_of("ab中文cd", break_offsets("ab中文cd", 5)) == ["ab中", "文cd"]
    assert lines_of("ab中文cd", break_offsets("ab中文cd", 3)) == ["ab", "中", "文", "cd"]


def test_latin_text_wraps_exactly_as_rich_does() -> None:
    text = "The quick brown fox jumps over the lazy dog and keeps   running far away"
    for width in range(8, 40):
        assert break_offsets(text, width) == rich_divide_line(text, width), width


def test_contains_cjk() -> None:
    assert contains_cjk("Llama 4的失败")
    assert contains_cjk("（")
    assert not contains_cjk("plain “quoted” text — with dashes…")
    assert not contains_cjk("")


def test_default_width_agrees_with_rich_on_the_seed() -> None:
    for char in set(SEED.read_text(encoding="utf-8")):
        assert default_char_width(char) == get_character_cell_size(char), repr(char)


def test_break_opportunities_never_split_a_latin_word_or_an_indent() -> None:
    text = "  Meta的Llama 3，“开源”路线"
    breaks = break_opportunities(text)
    assert breaks == [6, 7, 13, 15, 17, 19, 20]
    for index in breaks:
        assert not (LATIN.match(text[index - 1]) and LATIN.match(text[index]))


# --- properties ---------------------------------------------------------------------

ALPHABET = st.sampled_from(
    list("中文字的是了")
    + list("abcXYZ019")
    + list("  \u3000")
    + list("，。、：）」”’…（「“‘—")
    + ["😀"]
)


@settings(max_examples=200, deadline=None)
@given(text=st.text(ALPHABET, max_size=80), width=st.integers(1, 30), fold=st.booleans())
def test_offsets_are_increasing_and_restore_the_text(text: str, width: int, fold: bool) -> None:
    offsets = break_offsets(text, width, fold=fold)
    assert offsets == sorted(set(offsets))
    assert all(0 < offset < len(text) for offset in offsets)
    assert "".join(lines_of(text, offsets)) == text


@settings(max_examples=200, deadline=None)
@given(text=st.text(ALPHABET, max_size=80), width=st.integers(1, 30))
def test_every_line_fits_unless_a_piece_is_wider(text: str, width: int) -> None:
    lines = lines_of(text, break_offsets(text, width))
    assert all(cell_len(line.rstrip()) <= width or len(line.rstrip()) == 1 for line in lines)
    bounds = [0, *break_opportunities(text), len(text)]
    pieces = [text[start:end].rstrip() for start, end in pairwise(bounds)]
    if max((cell_len(piece) for piece in pieces), default=0) <= width:
        for line in lines[1:]:
            assert line[0] not in CLOSING and not line[0].isspace()
        for line in lines[:-1]:
            assert line.rstrip()[-1:] not in OPENING


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.text("abcdefgh", min_size=1, max_size=8), min_size=1, max_size=12),
    width=st.integers(8, 40),
)
def test_latin_only_text_matches_rich(words: list[str], width: int) -> None:
    text = " ".join(words)
    assert break_offsets(text, width) == rich_divide_line(text, width)
