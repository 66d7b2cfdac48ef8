"""The text check agrees with folding the whole text first, whatever the text holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.notes.note import Note
from reader.search.matching import NoteText, literal_matcher
from reader.text.fold import fold

_TEXT = st.text(st.sampled_from(list("筆記笔记讀书abcABＡｂ①1 ,.-İ\n")), max_size=50)
_LITERAL = st.text(st.sampled_from(list("笔记筆书abcＡ1①i -")), min_size=1, max_size=6)


def _note_text(body: str) -> NoteText:
    note = Note(path="n.md", title="标题", body="")
    return NoteText(note, lambda: body)


@given(_TEXT, _LITERAL)
@settings(max_examples=800, deadline=None)
def test_body_check_equals_matching_the_folded_body(body: str, literal: str) -> None:
    expected = literal_matcher(literal)(fold(body))
    assert _note_text(body).test("body", literal) == expected


def test_a_match_only_the_fold_reveals_is_found() -> None:
    assert _note_text("这是我的讀書筆記。").test("body", "读书笔记")
    assert _note_text("ＬＬＡＭＡ ４ 发布").test("body", "Llama 4")
    assert not _note_text("讀書").test("body", "笔记")


def test_an_underscore_parts_words_as_punctuation_does() -> None:
    from reader.search.matching import literal_matcher

    assert literal_matcher("context_encode")("y = context_encode(x)")
    assert literal_matcher("context encode")("context_encode")
    assert not literal_matcher("context encode")("context\x1eencode")
