"""The bulk scorer finds exactly Whoosh's matches with Whoosh's scores, on every query shape
the compiler makes, across segments, deletions and an in-memory index."""

from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from vaults import copy_seeds, generate_vault, load_all
from whoosh import query as wq
from whoosh.searching import Searcher

from reader.notes.note import Note
from reader.search.index import w3
from reader.search.index.bulk import BulkScorer, Unsupported
from reader.search.index.compile import compile_query
from reader.search.index.store import SearchIndex
from reader.search.query import parse
from reader.vault.vault import Vault

QUERIES = [
    "渊栋",
    "扎克伯格",
    "开源路线",
    "Llama",
    "gpt",
    '"Scale AI"',
    "图灵奖 -深度学习",
    "Meta OR 谷歌",
    "people:田渊栋",
    "tag:ai",
    "title:笔记",
    "status:done",
    "-开源",
    "笔记 -(Meta OR Google)",
]


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    """Seeds plus generated notes in several segments, some notes deleted and changed."""
    base = tmp_path_factory.mktemp("bulk")
    root = copy_seeds(base / "v")
    generate_vault(root / "gen", count=40)
    vault = Vault(root, base / "ix")
    vault.update()
    for index, path in enumerate(sorted((root / "gen").glob("*.md"))[:12]):
        if index % 2:
            path.unlink()
        else:
            path.write_text(path.read_text(encoding="utf-8") + "\n\n新增 Llama 段落\n", "utf-8")
    generate_vault(root / "more", count=8, seed=11)
    vault.update()
    return vault


def _whoosh(searcher: Searcher, query: wq.Query) -> dict[int, float]:
    return {hit.docnum: float(hit.score or 0.0) for hit in searcher.search(query, limit=None)}


def _compiled(index: SearchIndex, vault: Vault, text: str) -> wq.Query:
    node = parse(text, vault.config)
    assert node is not None
    return compile_query(node, index.lexicon).query


def _assert_same(index: SearchIndex, vault: Vault, texts: list[str]) -> None:
    searcher = index._current_searcher()
    scorer = BulkScorer(searcher)
    for text in texts:
        query = _compiled(index, vault, text)
        expected = _whoosh(searcher, query)
        got = scorer.scores(query)
        assert set(got) == set(expected), text
        for doc, score in expected.items():
            assert math.isclose(got[doc], score, rel_tol=1e-9, abs_tol=1e-12), (text, doc)


def test_the_index_under_test_has_segments_and_deletions(vault: Vault) -> None:
    leaves = vault.index._current_searcher().reader().leaf_readers()
    assert len(leaves) > 1
    assert any(reader.has_deletions() for reader, _ in leaves)


def test_matches_and_scores_equal_whoosh(vault: Vault) -> None:
    _assert_same(vault.index, vault, QUERIES)


def test_posting_by_posting_reading_gives_the_same(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(w3, "has_blocks", lambda matcher: False)  # the generic path
    _assert_same(vault.index, vault, QUERIES)


def test_in_memory_index_equals_whoosh(tmp_path: Path, vault: Vault) -> None:
    index = SearchIndex(None)
    index.update(load_all(copy_seeds(tmp_path / "v")))
    assert index.in_memory
    _assert_same(index, vault, QUERIES)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("date:2024", "2024", "2024"), ("date:2023-01..2024-06", "2023-01", "2024-06")],
)
def test_date_ranges_match_the_catalog_dates(vault: Vault, text: str, low: str, high: str) -> None:
    """Date terms score 0 (Whoosh's collector drops such matches, so no comparison)."""
    node = parse(text, vault.config)
    assert node is not None
    hits, exact = vault.index.search(node, limit=None)
    assert exact
    dated = {n.path for n in vault.notes() if n.date and low <= n.date[: len(high)] <= high}
    assert dated
    assert {path for path, _ in hits} == dated
    assert {score for _, score in hits} == {0.0}


def test_a_date_range_narrows_a_text_query_without_changing_its_ranking(vault: Vault) -> None:
    both = parse("date:2023-01..2024-06 开源", vault.config)
    text = parse("开源", vault.config)
    assert both is not None and text is not None
    narrowed = [hit.path for hit in vault.search("date:2023-01..2024-06 开源", limit=None)]
    ranked = [hit.path for hit in vault.search("开源", limit=None)]
    assert narrowed
    assert narrowed == [p for p in ranked if p in set(narrowed)]


def test_top_orders_by_score_then_docnum(vault: Vault) -> None:
    searcher = vault.index._current_searcher()
    query = _compiled(vault.index, vault, "Llama")
    ranked = BulkScorer(searcher).top(query, None)
    assert ranked == sorted(ranked, key=lambda item: (-item[1], item[0]))
    assert BulkScorer(searcher).top(query, 5) == ranked[:5]


def test_other_query_types_are_left_to_whoosh(vault: Vault) -> None:
    searcher = vault.index._current_searcher()
    with pytest.raises(Unsupported):
        BulkScorer(searcher).scores(wq.Prefix("text", "llam"))
    hits, _ = vault.index.search(parse("Llama", vault.config), limit=3)  # type: ignore[arg-type]
    assert len(hits) == 3


def test_search_results_equal_whoosh_ranking(vault: Vault) -> None:
    """The index's ranked paths are Whoosh's, up to the order of equal scores."""
    index = vault.index
    searcher = index._current_searcher()
    for text in QUERIES:
        node = parse(text, vault.config)
        assert node is not None
        hits, _ = index.search(node, limit=None)
        query = compile_query(node, index.lexicon).query
        expected = {
            hit["path"]: round(float(hit.score or 0.0), 9)
            for hit in searcher.search(query, limit=None)
        }
        assert {path: round(score, 9) for path, score in hits} == expected, text
        scores = [score for _, score in hits]
        assert scores == sorted(scores, reverse=True), text


@pytest.fixture(scope="module")
def many_blocks() -> SearchIndex:
    """An in-memory index of 1,500 notes of ~80 words in two segments, some deleted: the
    common words' postings span many blocks of 128. Most notes say each word once or twice;
    a few early ones say "omega" 30 times, so most of its blocks cannot reach its top."""
    rng = random.Random(5)
    words = ["alpha", "beta", "gamma", "delta", "omega", "llama", "模型", "开源", "训练"]
    filler = [f"w{n}" for n in range(400)]

    def note(number: int) -> Note:
        body = rng.choices(words, k=rng.randint(1, 8)) + rng.choices(filler, k=80)
        if number < 300 and number % 50 == 0:
            body += ["omega"] * 30
        return Note(path=f"n{number:05}.md", title=f"note {number}", body=" ".join(body))

    index = SearchIndex(None)
    index.update([note(n) for n in range(1000)])
    gone = [f"n{n:05}.md" for n in range(0, 600, 7)]
    index.update([note(n) for n in range(1000, 1500)], deleted=gone)
    return index


@pytest.mark.parametrize("limit", [1, 5, 20, 100])
def test_pruned_top_equals_scoring_every_match(many_blocks: SearchIndex, limit: int) -> None:
    scorer = BulkScorer(many_blocks._current_searcher())
    queries = [
        wq.Term("text", "alpha"),
        wq.Term("text", "omega"),
        wq.Or([wq.Term("text", "llama"), wq.Term("text", "模型", boost=0.4)]),
        wq.Or([wq.Term("text", "开源"), wq.Or([wq.Term("text", "beta"), wq.Term("text", "训练")])]),
        wq.Or([wq.Term("text", "delta"), wq.Term("title", "note")], boost=2.0),
    ]
    for query in queries:
        every = sorted(scorer.scores(query).items(), key=lambda item: (-item[1], item[0]))
        top = scorer.top(query, limit)
        assert [doc for doc, _ in top] == [doc for doc, _ in every[:limit]], query
        for (_, got), (_, want) in zip(top, every, strict=False):
            assert math.isclose(got, want, rel_tol=1e-9), query


def test_pruning_skips_blocks(many_blocks: SearchIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    scorer = BulkScorer(many_blocks._current_searcher())
    read: list[int] = []
    real = w3.block_at
    monkeypatch.setattr(w3, "block_at", lambda m, at: read.append(at) or real(m, at))
    scorer.top(wq.Term("text", "omega"), 5)
    blocks = sum(
        1 for matcher, _ in scorer.posting_lists("text", "omega") for _ in w3.blocks(matcher)
    )
    assert 0 < len(read) < blocks
