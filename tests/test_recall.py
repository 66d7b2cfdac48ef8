"""Search finds every note a plain substring search finds (CJK anywhere, Latin whole words)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from vaults import SEEDS, copy_seeds, generate_vault, load_all, substring_truth

from reader.text.fold import fold
from reader.vault.vault import Vault

SEED_QUERIES = [
    "扎克伯",
    "渊栋",
    "扎克伯格",
    "上亿",
    "田渊栋",
    "图灵奖",
    "开源",
    "路线",
    "滑铁卢",
    "Turing",
    "TBD",
    "llama",
    "Llama 4",
    "Meta",
    "FAIR",
    "GPT",
    "筆記",
    "笔记",
    "黄仁勋",
    "黃仁勳",
    "李飞飞",
    "乌托邦",
    "后训练",
    "大模型",
    "Alexander Wang",
    "Scale AI",
    "o1",
]


@pytest.fixture(scope="module")
def seeds_vault(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    base = tmp_path_factory.mktemp("seeds")
    vault = Vault(copy_seeds(base / "v"), base / "ix")
    vault.update()
    return vault


@pytest.fixture(scope="module")
def generated_vault(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    base = tmp_path_factory.mktemp("gen")
    vault = Vault(generate_vault(base / "v", count=40), base / "ix")
    vault.update()
    return vault


def _found(vault: Vault, query: str) -> set[str]:
    return {hit.path for hit in vault.search(f'"{query}"', limit=None)}


@pytest.mark.parametrize("query", SEED_QUERIES)
def test_seed_queries_find_every_substring_match(seeds_vault: Vault, query: str) -> None:
    truth = substring_truth(load_all(seeds_vault.root), query)
    assert truth, f"the seeds should contain {query!r}"
    assert truth <= _found(seeds_vault, query)


def _cjk_samples(vault: Vault, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    runs = [r for n in load_all(vault.root) for r in re.findall(r"[\u4e00-\u9fff]{4,}", n.body)]
    samples = []
    for _ in range(count):
        run = rng.choice(runs)
        size = rng.choice([1, 2, 2, 3, 3, 4])
        start = rng.randrange(0, len(run) - size + 1)
        samples.append(run[start : start + size])
    return samples


def test_random_cjk_substrings_have_complete_recall(generated_vault: Vault) -> None:
    notes = load_all(generated_vault.root)
    for query in _cjk_samples(generated_vault, 60, seed=3):
        truth = substring_truth(notes, query)
        assert truth <= _found(generated_vault, query), query


def test_partial_entity_names_have_complete_recall(generated_vault: Vault) -> None:
    notes = load_all(generated_vault.root)
    names = sorted({p for n in notes for p in n.entities.get("people", ()) if len(p) >= 3})
    for name in names:
        for part in (name[1:], name[:-1]):
            truth = substring_truth(notes, part.strip())
            if re.search(r"[a-z]", part, re.I):
                continue  # Latin fragments are not whole words
            assert truth <= _found(generated_vault, part), part


def test_latin_words_have_complete_recall(generated_vault: Vault) -> None:
    notes = load_all(generated_vault.root)
    vocabulary = sorted({w for n in notes for w in re.findall(r"[A-Za-z]{2,}", n.body)})
    for word in vocabulary[:80]:
        assert substring_truth(notes, word) <= _found(generated_vault, word), word


def test_phrase_matches_together_not_apart(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "together.md").write_text("马克·扎克伯格宣布裁员。", encoding="utf-8")
    (root / "apart.md").write_text("伯格说扎克不会来。", encoding="utf-8")
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    assert {h.path for h in vault.search("扎克伯格")} == {"together.md"}
    assert {h.path for h in vault.search("扎克伯")} == {"together.md"}


def test_traditional_and_simplified_find_each_other(seeds_vault: Vault) -> None:
    assert _found(seeds_vault, "筆記") == _found(seeds_vault, "笔记")
    assert _found(seeds_vault, "黃仁勳") == _found(seeds_vault, "黄仁勋")


def test_seed_ranks_first_for_its_own_title_words(seeds_vault: Vault) -> None:
    hits = seeds_vault.search("失衡的乌托邦")
    assert hits[0].path == "000_6e32583a3cfba4c8.txt"


def test_cjk_hits_contain_the_query(seeds_vault: Vault) -> None:
    """Precision: a CJK query matches only notes holding it (punctuation aside)."""
    notes = {n.path: n for n in load_all(SEEDS)}
    for query in ("渊栋", "图灵奖", "扎克伯"):
        hits = seeds_vault.search(query, limit=None)
        assert hits
        for hit in hits:
            note = notes[hit.path]
            values = [v for names in note.entities.values() for v in names]
            text = fold("".join([note.title, note.summary, note.body, *values]))
            assert query in re.sub(r"[^\u4e00-\u9fff]", "", text), (query, hit.path)
