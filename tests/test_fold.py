"""Folding: case, width, compatibility forms and traditional Chinese, length-preserving."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.fold import find_matches, fold, fold_table_list, lower
from reader.text.fold_find import contains, first_match


def test_folds_case_width_and_traditional() -> None:
    assert fold("ＬＬＡＭＡ４ Turing") == "llama4 turing"
    assert fold("筆記軟體臺灣") == "笔记软体台湾"
    assert fold("①") == "1"


def test_simplified_text_is_unchanged() -> None:
    text = "田渊栋说扎克伯格用上亿美元的年薪挖人"
    assert fold(text) == text


@given(st.text())
@settings(max_examples=300)
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_find_matches_across_scripts_and_forms() -> None:
    text = "我的筆記與笔记，LLAMA 4 和 llama 4"
    assert find_matches(text, ["笔记"]) == [(2, 4), (5, 7)]
    assert [text[s:e] for s, e in find_matches(text, ["Llama 4"])] == ["LLAMA 4", "llama 4"]


def test_find_matches_merges_overlaps() -> None:
    assert find_matches("扎克伯格", ["扎克", "克伯", "伯格"]) == [(0, 4)]
    assert find_matches("abc", ["", "  "]) == []


_MIXED = st.text(st.sampled_from(list("筆记笔記abcABCａｂＡ①1İi中文 \n，.")), max_size=60)


@given(_MIXED, st.lists(st.text(st.sampled_from(list("笔记筆abcＡ1①i ")), max_size=3), max_size=3))
@settings(max_examples=500, deadline=None)
def test_first_match_is_the_first_of_find_matches(text: str, needles: list[str]) -> None:
    """`first_match` folds only part of a text, yet finds what folding it all finds first."""
    ranges = find_matches(text, needles)
    assert first_match(text, needles) == (ranges[0][0] if ranges else None)


def test_first_match_finds_a_match_only_the_full_fold_shows() -> None:
    long_prefix = "笔" * 5000 + "记" * 5000
    assert first_match(long_prefix + "我的筆記", ["笔记"]) == 4999  # 笔记 at the seam
    assert first_match("無關的內容" * 300 + "讀書筆記", ["笔记"]) == 1502
    assert first_match("abc ＬＬＡＭＡ llama", ["llama"]) == 4
    assert first_match("nothing here", ["笔记"]) is None
    # a shorter needle inside the longer one's first match must not win
    assert first_match("Ｄ" + "x" * 9 + "abcd", ["abcd", "b"]) == 10


@given(_MIXED, st.text(st.sampled_from(list("笔记筆abcＡ1①i")), min_size=1, max_size=3))
@settings(max_examples=500, deadline=None)
def test_contains_agrees_with_folding_everything(text: str, needle: str) -> None:
    assert contains(text, fold(needle)) == (fold(needle) in fold(text))


@given(
    st.lists(
        st.sampled_from(
            [*"笔记筆記軟體臺灣後來ＡＢｃ①Ⅻİ", "Turing", "田渊栋", "😀", "\U0002a6d6", " "]
        ),
        max_size=300,
    )
)
@settings(max_examples=300)
def test_fold_applies_the_table_to_every_character(pieces: list[str]) -> None:
    """Sparse traditional characters are replaced a match at a time, dense ones by
    translating the whole text: either way, what the whole table gives."""
    text = "".join(pieces)
    assert fold(text) == lower(text).translate(fold_table_list())
