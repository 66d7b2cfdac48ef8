"""Pinyin for names: full syllables, initials, a mix, heteronyms, traditional characters,
and the vault's name table (titles, aliases, entity names, never bodies)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.query import And, Not, Text
from reader.text.analysis import CJK_CLASS
from reader.text.fold import fold
from reader.text.pinyin import (
    Unit,
    char_readings,
    match_units,
    pinyin_query,
    spelled_units,
    unit_leads,
    units_of,
)
from reader.vault.name_store import NAMES_FILE
from reader.vault.names import has_pinyin_filter, with_pinyin_entities
from reader.vault.vault import Vault
from tests.app_helpers import vault_copy


@pytest.mark.parametrize(
    "query", ["tianyuandong", "tian yuan dong", "tyd", "tianyd", "TianYuanDong", "tianyuand"]
)
def test_a_name_is_found_by_any_spelling(query: str) -> None:
    letters = pinyin_query(query)
    assert letters is not None
    found = match_units(letters, units_of("人物：田渊栋"))
    assert found is not None and (found.start, found.length) == (2, 3)


def test_every_reading_of_a_heteronym_counts_and_traditional_is_folded() -> None:
    units = units_of("重慶")
    assert match_units("chongqing", units) is not None
    assert match_units("zhongqing", units) is not None
    assert match_units("zq", units) is not None


@pytest.mark.parametrize("query", ["td", "x", "tyx", "yuantian"])
def test_what_does_not_spell_the_name_is_no_match(query: str) -> None:
    letters = pinyin_query(query)
    assert letters is None or match_units(letters, units_of("田渊栋")) is None


def test_a_single_initial_is_no_match_but_a_whole_syllable_is() -> None:
    assert match_units("t", units_of("田")) is None
    assert match_units("tian", units_of("田")) is not None


def test_a_match_from_the_start_covering_the_name_ranks_higher() -> None:
    whole = match_units("tyd", units_of("田渊栋"))
    inside = match_units("tyd", units_of("人物：田渊栋"))
    assert whole is not None and inside is not None
    assert whole.quality > inside.quality


def test_only_latin_letters_are_pinyin_queries_and_names_need_cjk() -> None:
    assert pinyin_query("Llama 4") is None
    assert pinyin_query("people:tyd") is None
    assert pinyin_query("a") is None
    assert pinyin_query("ab" * 100) is None  # a pasted paragraph is not a name
    assert units_of("Yann LeCun") == ()
    units, spans = spelled_units("Llama 4发布")
    assert units[0] == ("llama",) and spans[1] == (7, 8)


def test_a_later_process_answers_pinyin_from_the_saved_table(tmp_path: Path) -> None:
    """The update that saves the catalog saves the name table with it: a later process
    answers a pinyin query without loading pypinyin's table or spelling a name."""
    (tmp_path / "v").mkdir()
    (tmp_path / "v" / "n.md").write_text("---\ntitle: 田渊栋\n---\n正文\n", "utf-8")
    code = f"""
from pathlib import Path
from reader.text import pinyin
from reader.vault.vault import Vault
vault = Vault(Path({str(tmp_path / "v")!r}), Path({str(tmp_path / "ix")!r}))
vault.update()
vault.search("田渊栋")
vault.search("people:田渊栋")
print(pinyin._table.cache_info().currsize)
print([hit.path for hit in vault.search("tyd")], pinyin._table.cache_info().currsize)
"""
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert first.stdout.split("\n")[:2] == ["1", "['n.md'] 1"]  # spelled once, when saved
    later = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert later.returncode == 0, later.stderr
    assert later.stdout.split("\n")[:2] == ["0", "['n.md'] 0"]


def test_a_table_of_another_catalog_is_not_used(tmp_path: Path) -> None:
    vault_dir = tmp_path / "v"
    vault_dir.mkdir()
    (vault_dir / "n.md").write_text("---\ntitle: 田渊栋\n---\n正文\n", "utf-8")
    Vault(vault_dir, tmp_path / "ix").update()
    stale = (tmp_path / "ix" / NAMES_FILE).read_bytes()
    (vault_dir / "m.md").write_text("---\ntitle: 李飞飞\n---\n正文\n", "utf-8")
    Vault(vault_dir, tmp_path / "ix").update()
    (tmp_path / "ix" / NAMES_FILE).write_bytes(stale)  # left by an older catalog
    again = Vault(vault_dir, tmp_path / "ix")
    again.open_cached()
    assert [hit.path for hit in again.search("lff")] == ["m.md"]
    (tmp_path / "ix" / NAMES_FILE).write_bytes(b"garbage")
    again = Vault(vault_dir, tmp_path / "ix")
    again.open_cached()
    assert [hit.path for hit in again.search("tyd")] == ["n.md"]


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Vault:
    base = tmp_path_factory.mktemp("pinyin")
    vault = Vault(vault_copy(base), base / "ix")
    vault.update()
    return vault


@pytest.mark.parametrize("query", ["tyd", "tianyuandong"])
def test_search_puts_the_people_note_in_the_top_three(seeds: Vault, query: str) -> None:
    paths = [hit.path for hit in seeds.search(query, limit=10)]
    assert "people/田渊栋.md" in paths[:3]
    assert {"llama-4-lmarena.md", "meta-msl-layoffs-2025.md"} <= set(paths)


def test_pinyin_never_reads_bodies(seeds: Vault) -> None:
    # 滑铁卢 (huatielu) is in a body and in one title; only the title's note is found.
    paths = {hit.path for hit in seeds.search("huatielu", limit=None)}
    assert paths == {"000_6e32583a3cfba4c8.txt"}


def test_pinyin_hits_come_below_literal_ones(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "name.md").write_text("---\ntitle: 田渊栋\n---\n正文\n", "utf-8")
    (root / "word.md").write_text("---\ntitle: Notes\n---\nThe tag tyd here.\n", "utf-8")
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    hits = vault.search("tyd")
    assert [hit.path for hit in hits] == ["word.md", "name.md"]
    assert hits[1].needles == ("田渊栋",) and hits[0].score > hits[1].score
    assert [hit.path for hit in vault.search("tyd", limit=1)] == ["word.md"]


def test_entity_filters_in_pinyin(seeds: Vault) -> None:
    listed = {h.path for h in seeds.search("people:tyd", limit=None)}
    assert listed == {
        "000_6e32583a3cfba4c8.txt",
        "llama-4-lmarena.md",
        "meta-msl-layoffs-2025.md",
        "people/田渊栋.md",
    }
    # A filter that matches as written keeps its meaning.
    assert {h.path for h in seeds.search("people:LeCun", limit=None)} == {
        p for p, _ in seeds.search_paths(Text("LeCun", "people"))
    }


def test_widening_leaves_not_and_free_text_alone() -> None:
    node = And((Text("tyd"), Not(Text("tyd", "people")), Text("tyd", "people")))
    assert has_pinyin_filter(node)
    widened = with_pinyin_entities(node, lambda text: False, lambda value, etype: ["田渊栋"])
    assert isinstance(widened, And)
    assert widened.items[0] == Text("tyd") and widened.items[1] == node.items[1]
    assert Text("田渊栋", "people") in widened.items[2].items  # type: ignore[union-attr]


def test_aliases_are_names_too(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text("---\ntitle: Alpha\naliases: [阿尔法]\n---\nbody\n", "utf-8")
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    assert [hit.path for hit in vault.search("aerfa")] == ["a.md"]
    assert [hit.path for hit in vault.search("阿尔法")] == ["a.md"]


def _spelled_one_match_at_a_time(name: str) -> tuple[tuple[Unit, ...], tuple[tuple[int, int], ...]]:
    """`spelled_units` without its caches: each piece's unit made where it is found."""
    units: list[Unit] = []
    spans: list[tuple[int, int]] = []
    has_cjk = False
    for match in re.finditer(rf"(?P<cjk>[{CJK_CLASS}])|(?P<word>[A-Za-z]+)", fold(name)):
        if match.lastgroup == "cjk":
            readings = char_readings(match.group())
            if not readings:
                continue
            has_cjk = True
            units.append(readings)
        else:
            units.append((match.group().lower(),))
        spans.append(match.span())
    return (tuple(units), tuple(spans)) if has_cjk else ((), ())


@given(
    st.lists(
        st.sampled_from([*"田渊栋說话〇㐀ぁ한", "Meta", "GPT", "ＡＢ", "4", " ", "-"]), max_size=20
    )
)
@settings(max_examples=200, deadline=None)
def test_spelled_units_and_leads_are_those_made_without_caches(pieces: list[str]) -> None:
    name = "".join(pieces)
    units, spans = spelled_units(name)
    assert (units, spans) == _spelled_one_match_at_a_time(name)
    leads = tuple("".join(dict.fromkeys(r[0] for r in unit if r)) for unit in units)
    assert unit_leads(units) == (*leads, "".join(dict.fromkeys("".join(leads))))
