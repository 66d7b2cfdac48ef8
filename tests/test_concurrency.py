"""Concurrent use of one vault: an indexer and searchers at once, in processes and threads.

Neither side may crash or print a traceback, searches keep answering while the index is
written, and when the dust settles the index gives the results of a clean build.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
import traceback
from pathlib import Path

import pytest
from vaults import copy_seeds, generate_vault
from vaults_big import ROOT, child_env, comparable, reader_command, run_reader, search_results

from reader.search.index.compile import Compiled, LexiconFor
from reader.search.query import Node
from reader.vault.catalog import CATALOG_FILE
from reader.vault.searching import Hit
from reader.vault.vault import Vault

QUERIES = ("扎克伯格", "Llama", "开源 OR 模型")


@pytest.fixture(scope="module")
def mixed_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The seeds plus 160 generated notes, and the results of a clean build."""
    base = tmp_path_factory.mktemp("conc")
    vault = copy_seeds(base / "vault")
    generate_vault(vault / "generated", count=160)
    done = run_reader("index", vault, "--index-dir", base / "reference")
    assert done.returncode == 0, done.stderr
    return vault, comparable(search_results(vault, base / "reference", QUERIES))


def _search_loop(vault: Path, index_dir: Path, stop: threading.Event, out: list) -> None:
    """Run `reader search` again and again until `stop`; keep (status, stdout, stderr)."""
    while not stop.is_set():
        done = subprocess.run(
            reader_command("search", vault, "Llama", "--json", "--index-dir", index_dir),
            capture_output=True,
            text=True,
            env=child_env(),
            cwd=ROOT,
            timeout=120,
            check=False,
        )
        out.append((done.returncode, done.stdout, done.stderr))


def test_index_rebuilds_while_another_process_searches(
    mixed_vault: tuple[Path, dict], tmp_path: Path
) -> None:
    """`reader index --rebuild` three times while `reader search` runs in a loop."""
    vault, reference = mixed_vault
    index_dir = tmp_path / "ix"
    assert run_reader("index", vault, "--index-dir", index_dir).returncode == 0
    stop = threading.Event()
    searches: list[tuple[int, str, str]] = []
    searcher = threading.Thread(target=_search_loop, args=(vault, index_dir, stop, searches))
    searcher.start()
    try:
        for _ in range(3):
            done = run_reader("index", vault, "--index-dir", index_dir, "--rebuild")
            assert done.returncode == 0, done.stderr
            assert "Traceback" not in done.stderr, done.stderr
    finally:
        stop.set()
        searcher.join(timeout=150)
    assert len(searches) >= 2
    for code, out, err in searches:
        assert code == 0 and "Traceback" not in err, err
        assert json.loads(out), f"a search found nothing while the index was rebuilt: {err}"
    assert comparable(search_results(vault, index_dir, QUERIES)) == reference


def _hammer(vault: Vault, stop: threading.Event, errors: list, counts: list[int]) -> None:
    """Search from a thread (as the TUI's workers do) until `stop`, recording failures."""
    while not stop.is_set():
        for query in QUERIES:
            try:
                hits: list[Hit] = vault.search(query, limit=None)
            except Exception:  # the test reports every failure, not just the first
                errors.append(traceback.format_exc())
                return
            counts.append(len(hits))


@pytest.mark.parametrize("rebuild", [False, True], ids=["update", "rebuild"])
def test_threads_search_while_an_update_runs(
    mixed_vault: tuple[Path, dict], tmp_path: Path, rebuild: bool
) -> None:
    """`Vault.search` from four threads while `Vault.update` runs in another."""
    vault_path, _ = mixed_vault
    vault = Vault(vault_path, tmp_path / "ix")
    vault.update()
    expected = {q: sorted(h.path for h in vault.search(q, limit=None)) for q in QUERIES}
    if not rebuild:  # an incremental update with work to do: forget every note's record
        (tmp_path / "ix" / CATALOG_FILE).unlink()
    stop = threading.Event()
    errors: list[str] = []
    counts: list[int] = []
    threads = [
        threading.Thread(target=_hammer, args=(vault, stop, errors, counts)) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    try:
        time.sleep(0.2)
        summary = vault.update(rebuild=rebuild)
        time.sleep(0.2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not errors, errors
    assert counts and summary.notes == len(vault.notes())
    if not rebuild:
        assert min(counts) > 0, "a search found nothing during an incremental update"
    again = {q: sorted(h.path for h in vault.search(q, limit=None)) for q in QUERIES}
    assert again == expected


def test_one_vault_updated_again_and_again_keeps_whole_results(tmp_path: Path) -> None:
    """The TUI keeps one Vault and updates it on every change: a search after each update
    finds every note once, and never a deleted one."""
    root = copy_seeds(tmp_path / "vault")
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    before = {h.path for h in vault.search("Llama", limit=None)}
    (root / "llama-2-open-for-business.md").unlink()
    for number in range(12):
        (root / f"n{number}.md").write_text(f"# Llama note {number}\n\nLlama {number}\n")
        vault.update()
        paths = [h.path for h in vault.search("Llama", limit=None)]
        assert len(paths) == len(set(paths)), "a note was found twice"
        assert "llama-2-open-for-business.md" not in paths
    assert set(paths) == (before - {"llama-2-open-for-business.md"}) | {
        f"n{number}.md" for number in range(12)
    }


def test_a_commit_while_a_query_compiles_leaves_its_searcher_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another writer commits just after a search took its searcher and before the query's
    terms are looked up: the search still answers, from the searcher it took (the term
    lookup once renewed it and closed the reader the search then scored with)."""
    from reader.search.index import store

    root = copy_seeds(tmp_path / "vault")
    vault = Vault(root, tmp_path / "ix")
    vault.update()
    before = {hit.path for hit in vault.search("Llama", limit=None)}
    real_compile = store.compile_query
    commits: list[object] = []

    def compile_after_a_commit(node: Node, lexicon: LexiconFor) -> Compiled:
        if not commits:
            (root / "new.md").write_text("# Llama 新\n\nLlama\n", encoding="utf-8")
            commits.append(Vault(root, tmp_path / "ix").update())
        return real_compile(node, lexicon)

    monkeypatch.setattr(store, "compile_query", compile_after_a_commit)
    assert {hit.path for hit in vault.search("Llama", limit=None)} == before
    assert commits, "the commit did not happen"
    monkeypatch.setattr(store, "compile_query", real_compile)
    assert {hit.path for hit in vault.search("Llama", limit=None)} == before | {"new.md"}
