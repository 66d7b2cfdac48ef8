"""Counting a text's words in bulk gives exactly the words found one at a time.

`word_counts` finds the words outside CJK runs by byte translation when they are all ASCII
and cuts all the CJK runs of a text in one jieba call; `words` matches piece by piece and
cuts each run on its own. The index's terms come from the first, the tokenizer's from the
second: they must agree on every text, or search would miss notes.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import analysis
from reader.text.analysis import VALUE_SEPARATOR, word_counts, words

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

#: Pieces the texts are drawn from: scripts jieba cuts (Han, simplified and traditional,
#: extension A and B), scripts it leaves a character at a time (kana, hangul), Latin with
#: and without accents, Greek, digits of several scripts, full-width forms, punctuation,
#: spaces and line ends, emoji, the value separator, and a lone surrogate.
PIECES = [
    *"我们中出了一个叛徒田渊栋说扎克伯格用上亿美元的年薪挖人",
    *"筆記軟體臺灣後來發現",
    "人工智能",
    "机器学习",
    "北京烤鸭",
    "深度学习模型",
    "开源路线",
    "\u3400\u3401",
    "\U00020000\U0002a6d6",
    "\u9fd6\u9fef",
    "\uf900\ufa0a",
    *"ひらがなカタカナ",
    *"한국어",
    "Llama",
    "GPT",
    "ab",
    "Turing",
    "café",
    "naïve",
    "Ωmega",
    "αβγ",
    "Москва",
    "ß",
    "İ",
    "0",
    "42",
    "2025",
    "٣",
    "१२",
    "１２",
    "ＡＢ",
    "①",
    "²",
    "Ⅻ",
    " ",
    "\n",
    "\r\n",
    "\t",
    "\u3000",
    "，",
    "。",
    "、",
    "-",
    "_",
    "/",
    "#",
    "&",
    ".",
    "%",
    "+",
    "“",
    "”",
    "《",
    "》",
    "😀",
    "🇨🇳",
    VALUE_SEPARATOR,
    "\ud800",
    "\x00",
]


def _reference(text: str) -> Counter[str]:
    return Counter(words(text))


@given(st.lists(st.sampled_from(PIECES), max_size=60))
@settings(max_examples=300, deadline=None)
def test_counts_equal_the_words_found_one_at_a_time(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert word_counts(text) == _reference(text)


#: ASCII as code is written: notes of code are mostly ASCII, which `word_counts` leaves out
#: when it looks for CJK runs and for characters `fold` changes.
CODE = ["int main() {\n", "    return a[i] + 42;\n", "}\n", "x = y_2 * 3 # tag\n", "    "]


@given(st.lists(st.sampled_from(PIECES), max_size=20), st.lists(st.sampled_from(CODE), max_size=40))
@settings(max_examples=300, deadline=None)
def test_counts_equal_in_mostly_ascii_texts(pieces: list[str], code: list[str]) -> None:
    text = "".join(a + b for a, b in zip(code, pieces * 3, strict=False)) + "".join(pieces)
    assert word_counts(text) == _reference(text)


@pytest.mark.parametrize("cut_out", [False, True])
@given(st.lists(st.sampled_from(PIECES + CODE), max_size=40))
@settings(max_examples=150, deadline=None)
def test_either_way_of_finding_runs_counts_the_same(cut_out: bool, pieces: list[str]) -> None:
    """The characters past ASCII cut out of a text, or the whole text: the same counts."""
    text = "".join(pieces)
    saved = analysis._CUT_OUT_BELOW, analysis._CUT_OUT_FROM
    analysis._CUT_OUT_BELOW, analysis._CUT_OUT_FROM = (math.inf, 0) if cut_out else (0.0, 0)
    try:
        assert word_counts(text) == _reference(text)
    finally:
        analysis._CUT_OUT_BELOW, analysis._CUT_OUT_FROM = saved


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
@settings(max_examples=300, deadline=None)
def test_counts_equal_on_any_text(text: str) -> None:
    assert word_counts(text) == _reference(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n",
        "我",
        "我们",
        "GPT-3 和 Llama4，日本のアニメ",
        "筆記" * 500 + "笔记",  # dense traditional: folded by translating the whole text
        "笔记" * 2000 + "筆記",  # sparse traditional: folded a match at a time
        "x\n\n中文\n\n",  # the separator of CJK runs is in the text itself too
        "a_b 1_2 __init__ x2y3z",
        "café 2025年 😀 表情",  # past ASCII outside CJK: the regular expression way
        "for (i = 0; i < n; i++) {\n" * 20 + "中文注释，说明",  # mostly ASCII, CJK at the end
        "中文" + "x = 1;\n" * 30 + "，日本語" + "y\n" * 30 + "ＡＢ",  # fold changes `Ａ`
        "a\ud800b" + " " * 50 + "深度学习",  # a lone surrogate in mostly ASCII text
    ],
)
def test_counts_equal_on_odd_texts(text: str) -> None:
    assert word_counts(text) == _reference(text)


def test_counts_equal_on_the_seed_notes() -> None:
    notes = sorted(SEEDS.glob("*.*"))
    assert notes
    for note in notes:
        text = note.read_text(encoding="utf-8")
        assert word_counts(text) == _reference(text), note.name


def test_runs_are_counted_whole_words_not_separators() -> None:
    counts = word_counts("深度学习\n深度学习，机器学习 GPT4")
    assert counts["深度"] == 2 and counts["学习"] == 3 and counts["gpt"] == 1
    assert "\n" not in counts and " " not in counts
