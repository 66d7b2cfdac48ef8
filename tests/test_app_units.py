"""Unit tests of the UI's plain-Python parts: history, rows and sorting, text helpers,
splitting long notes into parts, the painter's current match, and where the stylesheet
is found."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from reader.notes.note import Note
from reader.tui.app import styles_path
from reader.tui.history import History, Listing, ViewState
from reader.tui.labels import spark, year_counts
from reader.tui.mentions import MentionFinder, find_ranges
from reader.tui.rows import NoteRows, Row, next_sort, position, sort_rows
from reader.tui.widgets.marks import Mark, Painter, find_marks
from reader.tui.widgets.note_view import split_parts
from reader.vault.entities import EntityRef

LECUN = EntityRef("people", "yann lecun", "Yann LeCun")
META = EntityRef("companies_orgs", "meta", "Meta")


def test_history_back_forward_and_dropping_forward_steps() -> None:
    history = History()
    a = ViewState(note="a.md")
    b = ViewState(listing=Listing("entity", entity=LECUN), note="a.md", side="entity")
    history.record(a)
    history.push(b)
    assert history.can_back and not history.can_forward
    assert history.back() == a
    assert history.forward() == b
    history.back()
    history.push(ViewState(note="c.md"))
    assert not history.can_forward and len(history) == 2


def test_history_merges_a_search_being_typed_but_not_opening_a_hit() -> None:
    history = History(ViewState(note="a.md"))
    history.push(ViewState(Listing("search", "Le"), note="a.md"))
    history.push(ViewState(Listing("search", "LeCun"), note="a.md"))
    assert len(history) == 2 and history.current.listing.query == "LeCun"
    history.push(ViewState(Listing("search", "LeCun"), note="b.md"))
    assert len(history) == 3


def test_sorting_rows() -> None:
    rows = [
        Row("b.md", "Beta", "2024-01-01", rank=1),
        Row("a.md", "alpha", "", rank=2),
        Row("c.md", "Gamma", "2025-01-01", rank=0),
    ]
    assert [r.path for r in sort_rows(rows, "date")] == ["c.md", "b.md", "a.md"]
    assert [r.path for r in sort_rows(rows, "title")] == ["a.md", "b.md", "c.md"]
    assert [r.path for r in sort_rows(rows, "relevance")] == ["c.md", "b.md", "a.md"]
    assert next_sort("date", "all") == "title" and next_sort("title", "all") == "date"
    assert next_sort("title", "search") == "relevance"


def test_find_ranges_is_case_insensitive_and_merged() -> None:
    assert find_ranges("Meta and META and meta", ["meta"]) == [(0, 4), (9, 13), (18, 22)]
    assert find_ranges("abc", []) == []


def test_mention_finder_prefers_long_names_and_respects_latin_words() -> None:
    finder = MentionFinder(
        [("Yann LeCun", LECUN), ("LeCun", LECUN), ("Meta", META), ("Metaverse", META)]
    )
    text = "Yann LeCun加入Meta，不是Metadata。LeCun说"
    found = [(text[m.start : m.end], m.ref.key) for m in finder.find(text)]
    assert found == [("Yann LeCun", "yann lecun"), ("Meta", "meta"), ("LeCun", "yann lecun")]


def test_year_counts_and_spark() -> None:
    counts = year_counts(["2023-01-01", "2025-02-02", "2025-03-03", None, "undated"])
    assert counts == [("2023", 1), ("2025", 2)]
    assert spark(counts) == "2023 ▄1  2025 █2"


def test_split_parts_cuts_at_blank_lines_outside_fences() -> None:
    body = ("段落。\n\n" * 50) + "```\ncode\n\nmore code\n```\n\n" + ("tail\n\n" * 50)
    parts = split_parts(body, size=100)
    assert "".join(parts) == body
    assert len(parts) > 3
    assert all(p.count("```") % 2 == 0 for p in parts)
    assert split_parts("short") == ["short"]


def test_stylesheet_is_found_in_a_checkout() -> None:
    assert styles_path().is_file()


def _note(path: str, title: str, date: str | None) -> Note:
    return Note(path, title, "", date=date)


def test_note_rows_are_made_on_access_and_sort_like_rows() -> None:
    notes = [
        _note("b.md", "Beta", "2024-01-01"),
        _note("a.md", "alpha", None),
        _note("c.md", "Gamma", "2025-01-01"),
        _note("d.md", "delta", "2025-01-01"),
    ]
    lazy = NoteRows(notes)
    assert lazy._made == [None] * 4  # nothing made until asked for
    assert lazy[1].title == "alpha" and lazy._made.count(None) == 3
    made = list(NoteRows(notes))
    for order in ("date", "title", "relevance"):
        assert list(sort_rows(lazy, order)) == list(sort_rows(made, order))
    assert lazy == NoteRows(list(notes)) and lazy == made
    assert lazy != NoteRows(notes[:3]) and lazy != made[:3]
    assert lazy.position("c.md") == 2 and lazy.position("zzz.md") is None
    assert position(made, "c.md") == 2 and position(made, "zzz.md") is None
    assert lazy[1:3] == made[1:3]


def test_the_painter_keeps_the_current_match_by_its_place_when_marks_are_found_again() -> None:
    """More of the note rendered, or its marks found again (even twice before the first
    search ends): the current match stays the one at the same place; a new note has none."""
    leaves = [Static(Content("one two")), Static(Content("two three"))]
    painter = Painter()
    painter.reset(leaves)
    painter.apply(find_marks(painter.texts(), ["two"], None))
    painter.move("match", 1)
    painter.move("match", 1)
    assert painter.current("match") == Mark(1, 0, 3)
    more = [*leaves, Static(Content("two again"))]
    painter.reset(more, keep_current=True)
    painter.reset(more, keep_current=True)
    painter.apply(find_marks(painter.texts(), ["two"], None))
    assert painter.current("match") == Mark(1, 0, 3)
    assert len(painter.found.matches) == 3
    painter.reset(leaves)
    painter.apply(find_marks(painter.texts(), ["two"], None))
    assert painter.current("match") is None
