"""Where the time goes: pyinstrument profiles of a cold build and of the 30 queries.

`pyinstrument` is not a dependency of the project: `pip install pyinstrument` into the venv
first. Below `reader.search.index.store.PARALLEL_MIN` notes the build runs in one process, so the
profile sees all of it; above, the build's worker processes are invisible to it, so the build
profile uses a vault under that size by default.

    python -m bench profile --notes 1000     # build: min(notes, 300); search: the N-note index
"""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

from bench.generate import OUT, generate
from bench.queries import QUERIES

PROFILE_DIR = OUT / "profile"
BUILD_NOTES = 300


def _profiler():  # type: ignore[no-untyped-def]
    try:
        from pyinstrument import Profiler
    except ImportError as exc:
        raise SystemExit("pip install pyinstrument into the venv first") from exc
    return Profiler(interval=0.002)


def _write(profiler, name: str) -> Path:  # type: ignore[no-untyped-def]
    PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    path = PROFILE_DIR / f"{name}.txt"
    path.write_text(profiler.output_text(unicode=True, color=False), encoding="utf-8")
    full = profiler.output_text(unicode=True, color=False, show_all=True)
    path.with_name(f"{name}-all.txt").write_text(full, encoding="utf-8")
    return path


def _copy(notes: int, seed: int, keep: bool = False) -> tuple[Path, Path]:
    """A hard-linked copy of the vault and an index folder; `keep` reuses an earlier one."""
    base = PROFILE_DIR / f"n{notes}-s{seed}"
    if keep and (base / "vault").is_dir():
        return base / "vault", base / "index"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    subprocess.run(["cp", "-al", str(generate(notes, seed)), str(base / "vault")], check=True)
    return base / "vault", base / "index"


def profile_build(notes: int, seed: int) -> tuple[Path, float]:
    """Profile a cold single-process build; return the profile file and the seconds."""
    from reader.vault.vault import Vault

    vault, index = _copy(notes, seed)
    profiler = _profiler()
    began = time.perf_counter()
    profiler.start()
    Vault(vault, index).update()
    profiler.stop()
    return _write(profiler, f"build-n{notes}"), time.perf_counter() - began


def profile_search(
    notes: int, seed: int, repeats: int = 3, where: tuple[Path, Path] | None = None
) -> tuple[Path, float]:
    """Profile the 30 queries (top 20 with snippets) on an index of `notes` notes, or on
    the (vault, index) given in `where` (e.g. the benchmark's working copy)."""
    from reader.vault.vault import Vault

    vault, index = where or _copy(notes, seed, keep=True)
    Vault(vault, index).update()  # builds the index unless it is current
    v = Vault(vault, index)
    v.open_cached()
    for q in QUERIES:  # warm: lexicons, OS cache
        v.search(q.text, limit=20)
    profiler = _profiler()
    began = time.perf_counter()
    profiler.start()
    for _ in range(repeats):
        for q in QUERIES:
            v.search(q.text, limit=20)
    profiler.stop()
    return _write(profiler, f"search-n{notes}"), time.perf_counter() - began


def profile(notes: int, seed: int) -> None:
    """Write both profiles into bench/out/profile/ and say where. The search profile uses
    the benchmark's working copy of this size when there is one."""
    path, seconds = profile_build(min(notes, BUILD_NOTES), seed)
    print(f"build profile: {path} ({seconds:.1f} s)")
    work = OUT / "work" / f"n{notes}-s{seed}"
    where = (work / "vault", work / "index") if (work / "index").is_dir() else None
    path, seconds = profile_search(notes, seed, where=where)
    print(f"search profile: {path} ({seconds:.1f} s for {3 * len(QUERIES)} queries)")
