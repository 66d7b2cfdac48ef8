"""The measurements, each a function of a `Setup`, run in one process in a fixed order.

Order within a run: cold builds (reader and peer interleaved), search (reader, peer, rg),
`reader search` as a process, incremental update, then the TUI. The reader works on a
hard-linked copy of the vault (edits replace files, so the cached vault never changes).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.generate import OUT, generate, vault_bytes, write_big_note
from bench.others import adopt_background_peer, peer_build, peer_search, rg_available, rg_scan
from bench.procs import ChildRun, load_average, median, percentile, run_child
from bench.queries import QUERIES, truth
from bench.report import now, revision

READER = Path(sys.executable).with_name("reader")
CLI_QUERIES = ("渊栋", '"Llama 4"', "people:Hinton")


@dataclass
class Setup:
    """Paths and repetition counts of one run."""

    notes: int
    seed: int
    builds: int
    search_repeats: int
    cli_runs: int
    update_rounds: int
    tui_runs: int
    peer: bool
    peer_highlights: bool
    reuse_peer: bool
    #: Where the working copies live (`bench/out/work` unless `--work-root` says).
    work_root: Path = OUT / "work"

    @property
    def tag(self) -> str:
        """`n{notes}-s{seed}`: names this run's folders."""
        return f"n{self.notes}-s{self.seed}"

    @property
    def vault(self) -> Path:
        """The cached generated vault (never modified)."""
        return generate(self.notes, self.seed)

    @property
    def work(self) -> Path:
        """The hard-linked working copy the reader indexes and edits."""
        return self.work_root / self.tag / "vault"

    @property
    def index(self) -> Path:
        """The reader's index folder."""
        return self.work_root / self.tag / "index"

    @property
    def peer_index(self) -> Path:
        """The peer's index folder."""
        return OUT / "peer" / self.tag


def fresh_copy(setup: Setup) -> None:
    """Make the working copy anew as hard links to the cached vault."""
    shutil.rmtree(setup.work.parent, ignore_errors=True)
    setup.work.parent.mkdir(parents=True)
    subprocess.run(["cp", "-al", str(setup.vault), str(setup.work)], check=True)


def _child(args: list[str]) -> ChildRun:
    run = run_child([sys.executable, "-m", "bench.child", *args])
    if run.returncode != 0 or not run.output:
        raise RuntimeError(f"bench.child {args[0]} failed: {run.stderr[-3000:]}")
    return run


def _build_row(run: ChildRun, size: int, load: str) -> dict[str, Any]:
    seconds = float(run.output["seconds"])  # type: ignore[arg-type]
    return {
        "seconds": seconds,
        "process_seconds": run.seconds,
        "mb_s": size / 1e6 / seconds,
        "max_rss_mb": run.max_rss_mb,
        "tree_rss_mb": run.tree_rss_mb,
        "cpu_seconds": run.cpu_seconds,
        "load": load,
    }


def cached_peer(setup: Setup) -> dict[str, Any] | None:
    """The peer's earlier build of this vault, when `--reuse-peer` asks for it."""
    path = OUT / "peer" / f"{setup.tag}.result.json"
    if setup.reuse_peer and not path.is_file():
        adopt_background_peer(setup.tag, vault_bytes(setup.vault))
    if setup.reuse_peer and path.is_file():
        row: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        row["reused"] = True
        return row
    return None


def measure_builds(setup: Setup) -> dict[str, Any]:
    """Cold builds, reader and peer alternating, `builds` times each."""
    size = vault_bytes(setup.vault)
    reader_rows: list[dict[str, Any]] = []
    peer_rows: list[dict[str, Any]] = []
    cached = cached_peer(setup)
    for _ in range(setup.builds):
        load = load_average()
        run = _child(["build", str(setup.work), str(setup.index)])
        reader_rows.append(_build_row(run, size, load))
        if setup.peer and cached is None and not setup.reuse_peer:
            load = load_average()
            peer = peer_build(setup.vault, setup.peer_index)
            peer_rows.append(_build_row(peer, size, load))
    if cached is not None:
        peer_rows = [cached]
    elif peer_rows:
        path = OUT / "peer" / f"{setup.tag}.result.json"
        path.write_text(json.dumps(peer_rows[-1]), encoding="utf-8")
    return {"bytes": size, "notes": setup.notes, "reader": reader_rows, "peer": peer_rows}


def _recall(found: list[str], true: list[str]) -> float:
    if not true:
        return 1.0 if not found else float("nan")
    return len(set(found) & set(true)) / len(true)


def measure_search(setup: Setup) -> dict[str, Any]:
    """Reader latency and recall, the peer's, and rg's time, over the 30 queries."""
    texts = [q.text for q in QUERIES]
    queries_file = setup.index.parent / "queries.json"
    queries_file.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    expected = truth(setup.vault, OUT / "truth" / f"{setup.tag}.json")
    run = _child(
        ["search", str(setup.work), str(setup.index), str(queries_file), str(setup.search_repeats)]
    )
    mine = {r["query"]: r for r in run.output["results"]}  # type: ignore[attr-defined]
    peer: dict[str, Any] = {}
    peer_ready = setup.peer_index.is_dir() and (not setup.reuse_peer or cached_peer(setup))
    if setup.peer and peer_ready:
        repeats = max(1, setup.search_repeats // 2)
        peer_out = peer_search(setup.vault, setup.peer_index, texts, repeats)
        peer = {r["query"]: r for r in peer_out["results"]}
        if not setup.peer_highlights:
            for row in peer.values():
                row["highlighted"] = float("nan")
    rows = []
    for q in QUERIES:
        true = expected[q.text]
        rg_time, rg_count = rg_scan(setup.vault, q.literal, 3) if rg_available() else (0.0, 0)
        row: dict[str, Any] = {
            "query": q.text,
            "kind": q.kind,
            "truth": len(true),
            "reader_times": mine[q.text]["times"],
            "reader_found": len(mine[q.text]["paths"]),
            "reader_recall": _recall(mine[q.text]["paths"], true),
            "rg_seconds": rg_time if rg_available() else None,
            "rg_files": rg_count,
        }
        if q.text in peer:
            p = peer[q.text]
            row["peer_times"] = p["times"]
            row["peer_highlighted"] = p["highlighted"]
            row["peer_recall"] = _recall(p["paths"], true) if q.peer else None
        rows.append(row)
    samples = [t for row in rows for t in row["reader_times"]]
    return {
        "rows": rows,
        "open": run.output["open"],
        "first": run.output["first"],
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "max_rss_mb": run.max_rss_mb,
        "prepared": run.output.get("prepared"),
    }


def add_peer_search(setup: Setup, search: dict[str, Any]) -> None:
    """Fill the peer's columns of earlier search results (when its build came later)."""
    expected = truth(setup.vault, OUT / "truth" / f"{setup.tag}.json")
    texts = [q.text for q in QUERIES]
    out = peer_search(setup.vault, setup.peer_index, texts, max(1, setup.search_repeats // 2))
    peer = {r["query"]: r for r in out["results"]}
    for q, row in zip(QUERIES, search["rows"], strict=True):
        p = peer[q.text]
        row["peer_times"] = p["times"]
        row["peer_highlighted"] = p["highlighted"] if setup.peer_highlights else float("nan")
        row["peer_recall"] = _recall(p["paths"], expected[q.text]) if q.peer else None


def measure_cli(setup: Setup) -> dict[str, Any]:
    """`reader search VAULT QUERY --index-dir DIR --json` as a whole process."""
    _child(["update", str(setup.work), str(setup.index), "0"])  # the index is current
    rows = []
    for query in CLI_QUERIES:
        cmd = [str(READER), "search", str(setup.work), query, "--index-dir", str(setup.index)]
        times = []
        for _ in range(setup.cli_runs):
            run = run_child([*cmd, "--json"])
            if run.returncode != 0:
                raise RuntimeError(f"reader search failed: {run.stderr[-2000:]}")
            times.append(run.seconds)
        rows.append({"query": query, "times": times, "median": median(times)})
    return {"rows": rows, "median": median([t for r in rows for t in r["times"]])}


def measure_update(setup: Setup) -> dict[str, Any]:
    """1 changed + 1 added + 1 deleted, then `Vault.update()`; several rounds."""
    (setup.work.parent / "modified").touch()
    run = _child(["update", str(setup.work), str(setup.index), str(setup.update_rounds)])
    out = dict(run.output)
    out["median"] = median(out["times"])  # type: ignore[arg-type]
    out["noop_median"] = median(out["noop"])  # type: ignore[arg-type]
    out["max_rss_mb"] = run.max_rss_mb
    return out


def measure_tui(setup: Setup) -> dict[str, Any]:
    """Start to painted list (index current) and opening a 1 MB note, several runs."""
    (setup.work.parent / "modified").touch()
    big = write_big_note(setup.work, seed=setup.seed)
    _child(["update", str(setup.work), str(setup.index), "0"])  # index the big note
    try:
        runs = [
            _child(["tui", str(setup.work), str(setup.index), big]) for _ in range(setup.tui_runs)
        ]
    except RuntimeError as exc:
        last = str(exc).strip().splitlines()[-1:]
        return {"error": f"The TUI could not be measured: {' '.join(last)}"}
    return {
        "painted": median([float(r.output["painted"]) for r in runs]),  # type: ignore[arg-type]
        "settled": median([float(r.output.get("settled", 0.0)) for r in runs]),  # type: ignore[arg-type]
        "open_big": median([float(r.output["open_big"]) for r in runs]),  # type: ignore[arg-type]
        "max_gap": max(float(r.output["max_gap"]) for r in runs),  # type: ignore[arg-type]
        "listed": runs[0].output["listed"],
        "max_rss_mb": max(r.max_rss_mb for r in runs),
        "tree_rss_mb": max(r.tree_rss_mb for r in runs),
        "runs": [r.output for r in runs],
    }


STEPS = {
    "build": measure_builds,
    "search": measure_search,
    "cli": measure_cli,
    "update": measure_update,
    "tui": measure_tui,
}


def compile_reader() -> None:
    """Write the reader's bytecode, as installing it does (pip compiles a package's
    modules). An editable install in an environment with PYTHONDONTWRITEBYTECODE set
    would otherwise compile every module from source in every measured process."""
    import compileall

    import reader

    compileall.compile_dir(Path(reader.__file__).parent, quiet=1)


def run_all(setup: Setup, only: list[str] | None = None) -> dict[str, Any]:
    """Run the chosen steps (all by default) in order; the copy is made fresh first."""
    compile_reader()
    steps = only or list(STEPS)
    stale = "search" in steps and (setup.work.parent / "modified").exists()
    if "build" in steps or stale or not setup.index.is_dir():
        fresh_copy(setup)
        if "build" not in steps:  # an index for the other steps, not a measurement
            print(f"[bench] {setup.tag}: indexing the fresh copy", file=sys.stderr)
            _child(["build", str(setup.work), str(setup.index)])
    results: dict[str, Any] = {}
    for name in STEPS:
        if name in steps:
            print(f"[bench] {setup.tag}: {name} (load {load_average()})", file=sys.stderr)
            began = now()
            results[name] = STEPS[name](setup)
            results[name]["revision"] = revision()
            results[name]["when"] = began
    return results
