"""`python -m bench compare --other TREE`: this tree against another checkout, in one run.

Each tree measures with its own interpreter (`TREE/.venv/bin/python`) and its own code, on
the same generated vaults, alternating: cold builds of the small vault (this, other, this,
other, ...), then in-process search (the 30 queries of `bench.queries`, top 20 with
snippets, recall against substring truth) and `reader search` as a whole process on the
large vault, each with its own index; then the same on real collections (`bench.corpus_compare`:
knowledge-garden unless `--corpus` names others). Every figure is also given as a ratio
`this/other`. On a loaded machine only a comparison within one run means anything; the load
average is printed with each step.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.corpus_compare import DEFAULT_CORPUS, cli_times, compare_corpus, ratio
from bench.generate import OUT, generate
from bench.procs import load_average, median, percentile
from bench.queries import QUERIES, truth
from bench.run import CLI_QUERIES

THIS = Path(__file__).resolve().parent.parent


def _child(tree: Path, args: list[str]) -> dict[str, Any]:
    """Run `python -m bench.child ARGS` with the tree's interpreter, in the tree."""
    python = tree / ".venv" / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "bench.child", *args], cwd=tree, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"{tree}: {args[0]} failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _compile(tree: Path) -> None:
    """Compile the tree's modules to bytecode with its own interpreter, as installing does.
    With `PYTHONDONTWRITEBYTECODE` set (as here) a fresh checkout would otherwise compile
    every module it changed from source in every measured process, 0.1-0.2 s of each
    `reader search`, and look that much slower than a tree compiled before."""
    python = tree / ".venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "compileall", "-q", str(tree / "reader")], check=True)


def default_corpora() -> list[Path]:
    """The real collections measured when none is named: knowledge-garden, if present."""
    return [DEFAULT_CORPUS] if DEFAULT_CORPUS.is_dir() else []


def compare(
    other: Path,
    build_notes: int,
    builds: int,
    notes: int,
    repeats: int,
    corpora: list[Path] | None = None,
) -> str:
    """Measure both trees on generated vaults, then on each real collection (`corpora`,
    default `default_corpora()`); the report as Markdown."""
    trees = {"this": THIS, "other": other.resolve()}
    for tree in trees.values():
        _compile(tree)
    work = OUT / "compare"
    lines = [f"Trees: this = {THIS}, other = {trees['other']}.", ""]
    small = generate(build_notes, 1)
    seconds: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(builds):
        for name, tree in trees.items():
            print(f"[compare] build {name} (load {load_average()})", file=sys.stderr)
            out = _child(tree, ["build", str(small), str(work / f"{name}-build")])
            seconds[name].append(float(out["seconds"]))
    lines.append(f"Cold build, {build_notes} notes, {builds} runs each, alternating:")
    for name, values in seconds.items():
        runs = ", ".join(f"{v:.1f}" for v in values)
        lines.append(f"- {name}: median {median(values):.1f} s ({runs})")
    lines.append(f"- this/other: {ratio(median(seconds['this']), median(seconds['other']))}")
    big = generate(notes, 1)
    queries = work / "queries.json"
    queries.write_text(json.dumps([q.text for q in QUERIES], ensure_ascii=False), "utf-8")
    expected = truth(big, OUT / "truth" / f"n{notes}-s1.json")
    lines += ["", f"Search, {notes} notes, top 20 with snippets, 2 rounds of {repeats} runs:"]
    times: dict[str, list[float]] = {name: [] for name in trees}
    recall: dict[str, list[float]] = {name: [] for name in trees}
    for _ in range(2):  # alternating, so that neither tree always runs first
        for name, tree in trees.items():
            index = work / f"{name}-n{notes}"
            print(f"[compare] search {name} (load {load_average()})", file=sys.stderr)
            out = _child(tree, ["search", str(big), str(index), str(queries), str(repeats)])
            times[name] += [t for r in out["results"] for t in r["times"]]
            recall[name] = [
                len(set(r["paths"]) & set(expected[r["query"]])) / max(1, len(expected[r["query"]]))
                for r in out["results"]
            ]
    for name in trees:
        lines.append(
            f"- {name}: p50 {1000 * median(times[name]):.1f} ms, p95 "
            f"{1000 * percentile(times[name], 95):.1f} ms, "
            f"mean recall {sum(recall[name]) / len(recall[name]):.3f}"
        )
    lines.append(f"- this/other (p50): {ratio(median(times['this']), median(times['other']))}")
    lines += ["", "`reader search VAULT QUERY --index-dir DIR --json`, whole process:"]
    print(f"[compare] cli (load {load_average()})", file=sys.stderr)
    index = {name: work / f"{name}-n{notes}" for name in trees}
    cli = cli_times(trees, big, index, list(CLI_QUERIES), 5)
    for name, values in cli.items():
        lines.append(f"- {name}: median {median(values):.2f} s, max {max(values):.2f} s")
    lines.append(f"- this/other: {ratio(median(cli['this']), median(cli['other']))}")
    for corpus in default_corpora() if corpora is None else corpora:
        lines += compare_corpus(trees, corpus.resolve(), work, _child, max(3, builds))
    return "\n".join(lines)
