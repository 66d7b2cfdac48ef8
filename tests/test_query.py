"""The query language parses into a tree, and never raises."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.notes.config import Config
from reader.search.query import And, DateRange, Not, Or, Status, Text, parse, positive_texts


def test_free_text_is_anded() -> None:
    assert parse("田渊栋 Llama") == And((Text("田渊栋"), Text("Llama")))


def test_phrase_and_or() -> None:
    assert parse('"Llama 4" OR 扎克伯格') == Or((Text("Llama 4"), Text("扎克伯格")))


def test_not_and_minus() -> None:
    assert parse("a NOT b -c") == And((Text("a"), Not(Text("b")), Not(Text("c"))))


def test_field_filters_by_key_alias_and_label() -> None:
    assert parse("people:田渊栋") == Text("田渊栋", "people")
    assert parse("person:田渊栋") == Text("田渊栋", "people")
    assert parse("人物:田渊栋") == Text("田渊栋", "people")
    assert parse("org:Meta") == Text("Meta", "companies_orgs")
    assert parse('tag:"open source"') == Text("open source", "tags")
    assert parse("title:Llama") == Text("Llama", "title")


def test_date_and_status() -> None:
    assert parse("date:2025-01..2025-06") == DateRange("2025-01", "2025-06")
    assert parse("date:2025..") == DateRange("2025", None)
    assert parse("date:..2024") == DateRange(None, "2024")
    assert parse("status:Evergreen") == Status("evergreen")


def test_unknown_fields_and_urls_are_text() -> None:
    assert parse("foo:bar") == Text("foo:bar")
    assert parse("https://example.com/x") == Text("https://example.com/x")


def test_grouping() -> None:
    assert parse("a AND (b OR c)") == And((Text("a"), Or((Text("b"), Text("c")))))


def test_configured_types_are_fields() -> None:
    config = Config()
    config.types["guests"] = "来宾"
    assert parse("来宾:张三", config) == Text("张三", "guests")


def test_highlight_texts_skip_negations() -> None:
    assert positive_texts(parse("a -b (c OR NOT d)")) == ["a", "c"]


def test_empty_and_junk() -> None:
    assert parse("") is None
    assert parse(")))") is None
    assert parse('((( "unclosed') == Text("unclosed")


@given(st.text())
@settings(max_examples=300)
def test_parse_never_raises(query: str) -> None:
    parse(query)


@pytest.mark.slow
@given(st.text())
@settings(max_examples=10_000, deadline=None)
def test_parse_never_raises_long_run(query: str) -> None:
    parse(query)
