"""The real-collection part of `python -m bench compare`: this tree against the other on a
folder of real notes (knowledge-garden by default), each figure as a ratio `this/other`.

Generated notes have few links, little HTML and no odd frontmatter, which is where real
vaults spend their time: a change that slows those down passes a comparison on generated
notes alone. Per collection, the trees taking turns run by run: a cold build, in-process
search (queries taken from the collection's own file names), `reader search` as a whole
process, and the TUI from start to its first painted list. The notes are read where they
are (nothing is written into the collection); each tree keeps its own index folder.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.procs import load_average, median

#: The collection measured when `--corpus` is not given (if it is on this machine).
DEFAULT_CORPUS = Path("/work/corpora/oldwinter+knowledge-garden")
#: How many queries are taken from a collection's file names.
QUERY_COUNT = 12
_WORDS = re.compile(r"[\u4e00-\u9fff]{2,4}|[A-Za-z]{4,}")

Child = Callable[[Path, list[str]], dict[str, Any]]


def corpus_queries(vault: Path, count: int = QUERY_COUNT) -> list[str]:
    """Queries a reader of this collection might type: a word (two to four CJK characters,
    or a Latin word of four letters or more) from the names of notes spread evenly over
    the sorted file list. The same collection always gives the same queries."""
    from reader.notes.note import iter_note_paths

    paths = sorted(iter_note_paths(vault))
    step = max(1, len(paths) // (count * 3))
    found: dict[str, None] = {}
    for path in paths[::step]:
        words = _WORDS.findall(Path(path).stem)
        if words:
            found.setdefault(max(words, key=len))
        if len(found) >= count:
            break
    return list(found)


def ratio(this: float, other: float) -> str:
    """`this/other` as text (n/a when the other figure is missing or zero)."""
    if not other or other != other or this != this:
        return "n/a"
    return f"{this / other:.2f}×"


def _line(label: str, this: float, other: float, unit: str = "s", digits: int = 2) -> str:
    return (
        f"- {label}: this {this:.{digits}f} {unit}, other {other:.{digits}f} {unit}, "
        f"this/other {ratio(this, other)}"
    )


def compare_corpus(
    trees: dict[str, Path], corpus: Path, work: Path, child: Child, runs: int
) -> list[str]:
    """Measure both trees on one collection; the report's lines."""
    name = corpus.name
    lines = ["", f"Real collection `{name}` ({corpus}):"]
    index = {tree: work / f"{tree}-{name}" for tree in trees}
    builds: dict[str, list[float]] = {tree: [] for tree in trees}
    for _ in range(runs):
        for tree, path in trees.items():
            print(f"[compare] {name}: build {tree} (load {load_average()})", file=sys.stderr)
            out = child(path, ["build", str(corpus), str(index[tree])])
            builds[tree].append(float(out["seconds"]))
    lines.append(_line(f"cold build ({out['notes']} notes), median of {runs}", *_medians(builds)))
    queries = work / f"queries-{name}.json"
    texts = corpus_queries(corpus)
    queries.write_text(json.dumps(texts, ensure_ascii=False), "utf-8")
    search: dict[str, list[float]] = {tree: [] for tree in trees}
    found: dict[str, dict[str, list[str]]] = {}
    for _ in range(2):
        for tree, path in trees.items():
            print(f"[compare] {name}: search {tree} (load {load_average()})", file=sys.stderr)
            out = child(path, ["search", str(corpus), str(index[tree]), str(queries), "3"])
            search[tree] += [t for r in out["results"] for t in r["times"]]
            found[tree] = {r["query"]: r["paths"] for r in out["results"]}
    this, other = (1000 * m for m in _medians(search))
    lines.append(_line(f"search, {len(texts)} queries, top 20, p50", this, other, "ms", 1))
    same = sum(set(found["this"][q]) == set(found["other"][q]) for q in texts)
    lines.append(f"- the same notes found by both trees for {same} of {len(texts)} queries")
    cli = cli_times(trees, corpus, index, texts[:3], runs)
    lines.append(_line("`reader search` process, median", *_medians(cli)))
    tui: dict[str, list[float]] = {tree: [] for tree in trees}
    for _ in range(runs):
        for tree, path in trees.items():
            print(f"[compare] {name}: tui {tree} (load {load_average()})", file=sys.stderr)
            tui[tree].append(float(child(path, ["tui", str(corpus), str(index[tree])])["painted"]))
    lines.append(_line("TUI start to painted list, median", *_medians(tui)))
    return lines


def _medians(values: dict[str, list[float]]) -> tuple[float, float]:
    return median(values["this"]), median(values["other"])


def cli_times(
    trees: dict[str, Path], vault: Path, index: dict[str, Path], queries: list[str], runs: int
) -> dict[str, list[float]]:
    """Seconds of `reader search VAULT QUERY --index-dir DIR --json` for each query, each
    tree with its own index folder, the trees taking turns run by run."""
    times: dict[str, list[float]] = {tree: [] for tree in trees}
    for _ in range(runs):
        for query in queries:
            for tree, path in trees.items():
                reader = path / ".venv" / "bin" / "reader"
                cmd = [str(reader), "search", str(vault), query, "--index-dir", str(index[tree])]
                began = time.perf_counter()
                subprocess.run([*cmd, "--json"], capture_output=True, check=True)
                times[tree].append(time.perf_counter() - began)
    return times
