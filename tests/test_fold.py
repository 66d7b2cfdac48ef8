"""Folding: case, width, compatibility forms and traditional Chinese, length-preserving."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.fold import find_matches, fold


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
