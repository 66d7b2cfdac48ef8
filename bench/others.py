"""The other contestants: the textbook peer (own venv, subprocess) and ripgrep.

The peer's venv is created on first use with `python -m venv` and
`pip install whoosh==2.7.4 jieba`; later runs reuse it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import OUT
from bench.procs import ChildRun, median, run_child

PEER_VENV = OUT / "peer-venv"
PEER_SCRIPT = Path(__file__).with_name("peer_worker.py")
PEER_PACKAGES = ("whoosh==2.7.4", "jieba")


def peer_python() -> Path:
    """The peer venv's interpreter, creating the venv if needed."""
    python = PEER_VENV / "bin" / "python"
    probe = [str(python), "-c", "import whoosh, jieba"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(PEER_VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", *PEER_PACKAGES]
    subprocess.run(pip, check=True)
    return python


def _peer(args: list[str]) -> ChildRun:
    cmd = [str(peer_python()), "-W", "ignore", str(PEER_SCRIPT), *args]
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    run = run_child(cmd, env=env)
    if run.returncode != 0:
        raise RuntimeError(f"peer {args[0]} failed: {run.stderr[-2000:]}")
    return run


def peer_build(vault: Path, index: Path) -> ChildRun:
    """A cold build by the peer into an emptied `index`."""
    shutil.rmtree(index, ignore_errors=True)
    return _peer(["build", str(vault), str(index)])


def peer_build_titled(vault: Path, index: Path, titles: dict[str, str]) -> ChildRun:
    """A cold build by the peer, its titles taken from `titles` (path -> title)."""
    shutil.rmtree(index, ignore_errors=True)
    index.parent.mkdir(parents=True, exist_ok=True)
    path = index.with_name(index.name + "-titles.json")
    path.write_text(json.dumps(titles, ensure_ascii=False), encoding="utf-8")
    return _peer(["build", str(vault), str(index), str(path)])


def peer_rank(index: Path, queries: list[str], limit: int = 10) -> list[list[str]]:
    """The paths of the peer's best `limit` hits for each query."""
    path = index.with_name(index.name + "-rank.json")
    path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    ranked = _peer(["rank", str(index), str(path), str(limit)]).output["ranked"]
    return [list(paths) for paths in ranked]


def peer_search(vault: Path, index: Path, queries: list[str], repeats: int) -> dict[str, object]:
    """The peer's hits and timings for `queries` (see peer_worker.search)."""
    path = index.with_name(index.name + "-queries.json")
    path.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    return _peer(["search", str(vault), str(index), str(path), str(repeats)]).output


def rg_available() -> str | None:
    """The path of `rg`, or None when ripgrep is not installed."""
    return shutil.which("rg")


def rg_scan(vault: Path, literal: str, repeats: int) -> tuple[float, int]:
    """Median seconds of `rg -l -F -i LITERAL VAULT`, and how many files it listed."""
    rg = rg_available()
    if rg is None:
        return float("nan"), 0
    cmd = [rg, "-l", "-F", "-i", "-e", literal, str(vault)]
    times, count = [], 0
    for _ in range(repeats):
        began = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - began)
        count = len(done.stdout.splitlines())
    return median(times), count


def adopt_background_peer(tag: str, size: int) -> bool:
    """Turn a peer build run by hand in the background into a reusable result.

    Such a build is started as `/usr/bin/time -v PEER_PYTHON peer_worker.py build VAULT
    bench/out/peer/TAG > TAG.out 2> TAG.time` (with `cat /proc/loadavg > TAG.load` before),
    since the 10,000-note peer build takes the better part of an hour on a loaded machine.
    """
    base = OUT / "peer"
    out, timing = base / f"{tag}.out", base / f"{tag}.time"
    try:
        built = json.loads(out.read_text(encoding="utf-8").strip().splitlines()[-1])
        stats = dict(
            line.strip().rsplit(": ", 1)
            for line in timing.read_text(encoding="utf-8").splitlines()
            if ": " in line
        )
        rss_kb = int(stats["Maximum resident set size (kbytes)"])
        cpu = float(stats["User time (seconds)"]) + float(stats["System time (seconds)"])
    except (OSError, ValueError, IndexError, KeyError):
        return False
    load_file = base / f"{tag}.load"
    load = load_file.read_text().split()[0] if load_file.is_file() else "?"
    row = {
        "seconds": built["seconds"],
        "process_seconds": built["seconds"],
        "mb_s": size / 1e6 / built["seconds"],
        "max_rss_mb": rss_kb / 1024,
        "tree_rss_mb": rss_kb / 1024,
        "cpu_seconds": cpu,
        "load": load,
        "background": True,
    }
    (base / f"{tag}.result.json").write_text(json.dumps(row), encoding="utf-8")
    return True
