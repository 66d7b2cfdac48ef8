"""Ranking: the note a query names comes first, every word counts, boolean logic and field
filters keep their meaning, and the date only breaks ties."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.notes.note import parse_note
from reader.search.query import And, DateRange, Not, Or, Text, parse
from reader.search.ranking import Ranker, compact, free_literals, name_query, ranked
from reader.vault.vault import Vault


def _note(title: str, date: str = "2024-01-01", **front: str) -> str:
    lines = [f"title: {title}", f"date: {date}"] + [f"{k}: {v}" for k, v in front.items()]
    return "---\n" + "\n".join(lines) + "\n---\n"


def _vault(tmp_path: Path, notes: dict[str, str]) -> Vault:
    root = tmp_path / "v"
    root.mkdir()
    for name, text in notes.items():
        (root / name).write_text(text, encoding="utf-8")
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    return vault


def test_exact_title_beats_notes_that_repeat_its_words(tmp_path: Path) -> None:
    body = "Obsidian Web Clipper 简介 " * 40
    vault = _vault(
        tmp_path,
        {
            "a.md": _note("Clipper 的用法", "2025-01-01") + body,
            "b.md": _note("Obsidian Web Clipper 简介", "2020-01-01") + "短文。\n",
            "c.md": _note("Web 简介大全", "2025-02-01") + body,
        },
    )
    assert vault.search("Obsidian Web Clipper 简介")[0].path == "b.md"
    assert vault.search("Obsidian Clipper 简介")[0].path == "b.md"  # a word dropped


def test_punctuation_and_case_do_not_matter_for_an_exact_title(tmp_path: Path) -> None:
    vault = _vault(
        tmp_path,
        {
            "a.md": _note("'706. 设计哈希映射'") + "设计哈希映射 " * 30,
            "b.md": _note("设计哈希映射的其他解法") + "设计哈希映射 " * 60,
        },
    )
    assert vault.search("706 设计哈希映射")[0].path == "a.md"


def test_a_title_match_ranks_above_a_body_only_match(tmp_path: Path) -> None:
    vault = _vault(
        tmp_path,
        {
            "body.md": _note("随笔", "2025-05-05") + "向量数据库 " * 50,
            "title.md": _note("向量数据库选型", "2019-01-01") + "正文很短。\n",
        },
    )
    assert [h.path for h in vault.search("向量数据库")] == ["title.md", "body.md"]


def test_the_first_characters_of_a_title_find_it(tmp_path: Path) -> None:
    vault = _vault(
        tmp_path,
        {
            "a.md": _note("九宫格 - 看板") + "内容\n",
            "b.md": _note("周报") + "九宫格看板很好用。" * 20,
        },
    )
    assert vault.search("九宫")[0].path == "a.md"


def test_words_side_by_side_rank_above_scattered_ones(tmp_path: Path) -> None:
    vault = _vault(
        tmp_path,
        {
            "near.md": _note("甲", "2020-01-01") + "the open weights debate\n",
            "far.md": _note("乙", "2025-01-01") + "weights of the open kind\n" * 3,
        },
    )
    assert vault.search("open weights")[0].path == "near.md"


def test_a_recent_date_only_breaks_ties(tmp_path: Path) -> None:
    text = "同样的正文。\n"
    vault = _vault(
        tmp_path,
        {
            "old.md": _note("同题", "2020-01-01") + text,
            "new.md": _note("同题", "2024-01-01") + text,
        },
    )
    assert [h.path for h in vault.search("同题")] == ["new.md", "old.md"]


def test_an_entity_name_finds_the_notes_listing_it_above_mentions(tmp_path: Path) -> None:
    vault = _vault(
        tmp_path,
        {
            "lists.md": _note("会议纪要", people="[田渊栋]") + "讨论了规划。\n",
            "mentions.md": _note("杂记") + "听说田渊栋讲过。" + "其他内容。" * 30,
        },
    )
    assert [h.path for h in vault.search("田渊栋")] == ["lists.md", "mentions.md"]


def test_boolean_logic_fields_and_dates_keep_their_meaning(tmp_path: Path) -> None:
    vault = _vault(
        tmp_path,
        {
            "a.md": _note("Alpha 笔记", "2024-03-01", tags="[x]") + "alpha beta\n",
            "b.md": _note("Beta 笔记", "2023-03-01") + "alpha gamma\n",
            "c.md": _note("Gamma", "2022-03-01") + "gamma only\n",
        },
    )

    def paths(query: str) -> set[str]:
        return {hit.path for hit in vault.search(query, limit=None)}

    assert paths("alpha -gamma") == {"a.md"}
    assert paths("alpha -beta") == set()  # b.md has beta in its title
    assert paths("alpha NOT 笔记") == set()
    assert paths("alpha OR gamma") == {"a.md", "b.md", "c.md"}
    assert paths("tag:x alpha") == {"a.md"}
    assert paths("date:2023.. alpha") == {"a.md", "b.md"}
    assert paths("title:Gamma") == {"c.md"}


def test_name_query_keeps_not_and_filters_and_reads_names_only() -> None:
    node = parse("alpha -beta tag:x")
    names = name_query(node)  # type: ignore[arg-type]
    assert names == And(
        (
            Or((Text("alpha", "title"), Text("alpha", "aliases"))),
            Not(Text("beta")),
            Text("x", "tags"),
        )
    )
    assert name_query(DateRange("2024", None)) is None
    assert free_literals(And((Text("a"), Not(Text("b")), Text("c", "title")))) == ["a", "c"]
    assert free_literals(And((Text("d", "people"), Text("e", "body")))) == ["d"]


@pytest.mark.parametrize(
    ("a", "b"), [("706. 设计哈希映射", "706 设计哈希映射"), ("Web-Clipper", "web clipper")]
)
def test_compact_ignores_punctuation_spaces_and_case(a: str, b: str) -> None:
    assert compact(a) == compact(b)


def test_ranked_orders_by_names_then_bm25_then_date() -> None:
    exact = parse_note("e.md", _note("Deep Work", "2001-01-01"))
    partial = parse_note("p.md", _note("Deep Learning Work Notes", "2024-01-01"))
    body = parse_note("b.md", _note("Misc", "2024-01-01"))
    order = ranked(
        {"b.md": (body, 9.0), "p.md": (partial, 1.0), "e.md": (exact, 0.5)},
        Ranker(("Deep", "Work")),
    )
    assert [path for path, _ in order] == ["e.md", "p.md", "b.md"]


def test_every_whole_word_of_a_literal_is_in_the_index_query() -> None:
    from whoosh import query as wq

    from reader.search.index.compile import compile_query
    from reader.search.index.lexicon import Lexicon

    counts = {"扎克": 5, "伯格": 3, "说": 9, "扎克伯": 1}
    lexicon = Lexicon(counts, counts.get, documents=40)
    compiled = compile_query(Text("扎克伯格说"), lambda field: lexicon)
    assert not compiled.exact  # adjacency is still checked on the text
    terms = {t.text for t in compiled.query.leaves() if isinstance(t, wq.Term)}
    assert {"扎克", "伯格", "说"} <= terms


def test_an_entity_filter_puts_the_note_named_for_the_entity_first(tmp_path: Path) -> None:
    vault = _vault(
        tmp_path,
        {
            "talk.md": _note("会议", "2025-01-01", people="[Geoffrey Hinton]") + "Hinton " * 20,
            "person.md": _note("人物：Geoffrey Hinton", "2001-01-01", people="[Geoffrey Hinton]"),
        },
    )
    assert [h.path for h in vault.search("people:Hinton")] == ["person.md", "talk.md"]
