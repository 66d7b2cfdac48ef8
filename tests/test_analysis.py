"""Tokenisation: words tile CJK text; Latin words survive whole, unstemmed, unstopped."""

from __future__ import annotations

from reader.text.analysis import VALUE_SEPARATOR, iter_words, literal_pieces, words
from reader.text.fold import fold


def test_latin_words_are_kept_whole_and_lower_case() -> None:
    assert words("Turing TBD it can may will") == ["turing", "tbd", "it", "can", "may", "will"]


def test_letters_and_digits_split() -> None:
    assert words("Llama 4, Llama4, GPT-3") == ["llama", "4", "llama", "4", "gpt", "3"]


def test_cjk_words_tile_the_text() -> None:
    text = "2025年10月底，Meta AI部门宣布裁员600个职位，田渊栋说扎克伯格用上亿美元的年薪挖人"
    cjk = "".join(w for w in words(text) if "\u4e00" <= w[0] <= "\u9fff")
    expected = "".join(c for c in fold(text) if "\u4e00" <= c <= "\u9fff")
    assert cjk == expected


def test_traditional_is_segmented_after_folding() -> None:
    assert "软体" in words("臺灣的軟體")


def test_positions_are_consecutive_and_values_apart() -> None:
    positions = [p for _, p in iter_words(f"Llama 4{VALUE_SEPARATOR}Maverick")]
    assert positions[1] == positions[0] + 1
    assert positions[2] > positions[1] + 50


def test_literal_pieces_keep_cjk_runs_whole() -> None:
    assert literal_pieces("Meta开源路线, Llama 4") == ["meta", "开源路线", "llama", "4"]
