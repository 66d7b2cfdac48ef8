"""A `reader index` killed with SIGKILL at any point leaves an index the next run repairs.

The vault is large enough (420 notes of 4-8 KB) that a cold build takes several seconds
and uses a worker process per core (two here), so kills land while the workers read and
index notes, and while the segments are committed. After each kill no process of the
killed run may live on (a worker left behind would hold the locks forever), and after the
repair the search results equal those of a fresh rebuild in another index folder.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from vaults_big import (
    ROOT,
    child_env,
    comparable,
    generate_sized_vault,
    reader_command,
    run_reader,
    search_results,
)

NOTES = 420  # at least PARALLEL_MIN, so the cold build uses worker processes


@pytest.fixture(scope="module")
def big_vault(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The generated vault and the search results of a clean build of it."""
    base = tmp_path_factory.mktemp("kill")
    vault = generate_sized_vault(base / "vault", NOTES, kb=(4, 8))
    done = run_reader("index", vault, "--index-dir", base / "reference")
    assert done.returncode == 0, done.stderr
    return vault, comparable(search_results(vault, base / "reference"))


def _survivors(group: int) -> list[str]:
    """The processes still alive in a process group (as `ps` lines), zombies excepted."""
    listing = subprocess.run(
        ["ps", "-o", "pid=,stat=,args=", "-g", str(group)],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return [line for line in listing.splitlines() if line.split()[1:2] != ["Z"]]


def _wait_for_segment(index_dir: Path) -> Callable[[subprocess.Popen[bytes]], bool]:
    """A trigger that fires when the first worker segment appears (the commit is running)."""

    def ready(proc: subprocess.Popen[bytes]) -> bool:
        return any(index_dir.glob("*.seg")) or proc.poll() is not None

    return ready


def kill_index_run(vault: Path, index_dir: Path, when: float | Callable[..., bool]) -> bool:
    """Start `reader index`, SIGKILL only its main process at `when` (seconds, or a trigger),
    and check that none of its worker processes outlives it. True if the kill landed."""
    proc = subprocess.Popen(
        reader_command("index", vault, "--index-dir", index_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=child_env(),
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        if callable(when):
            while not when(proc) and time.monotonic() < deadline:
                time.sleep(0.005)
        else:
            time.sleep(when)
        landed = proc.poll() is None
        if landed:  # else the run has ended (and been reaped): there is nothing to kill
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        left: list[str] = []
        for _ in range(50):  # the workers notice their parent's death at once
            left = _survivors(proc.pid)
            if not left:
                break
            time.sleep(0.1)
        assert not left, f"worker processes outlived the killed indexer: {left}"
        return landed
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)  # only our own group, if anything is left


def repair_and_compare(vault: Path, index_dir: Path, reference: dict) -> None:
    """Run `reader index` again: it must succeed without a traceback, hold every note, and
    give the same search results as the clean build."""
    done = run_reader("index", vault, "--index-dir", index_dir)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "Another process" not in done.stderr, done.stderr
    assert done.stdout.startswith(f"{NOTES} notes:"), done.stdout
    assert comparable(search_results(vault, index_dir)) == reference
    assert not list(index_dir.glob("*.tmp")) or not any(
        any(p.iterdir()) for p in index_dir.glob("*.tmp")
    ), "temporary files of the killed run are still there"


def test_killed_repeatedly_then_repaired(big_vault: tuple[Path, dict], tmp_path: Path) -> None:
    """Kills while reading, while indexing and during the commit, one after another on the
    same index folder; the run after them repairs everything."""
    vault, reference = big_vault
    index_dir = tmp_path / "ix"
    for when in (0.3, 1.0, 2.0):
        kill_index_run(vault, index_dir, when)
    kill_index_run(vault, index_dir, _wait_for_segment(index_dir))
    repair_and_compare(vault, index_dir, reference)


@pytest.mark.slow
@pytest.mark.parametrize("when", [0.1, 0.5, 1.5, 3.0, 4.5, 6.0, 7.5, "commit"])
def test_killed_at_one_point_then_repaired(
    big_vault: tuple[Path, dict], tmp_path: Path, when: float | str
) -> None:
    """One kill per run at many points of a cold build, each repaired on its own."""
    vault, reference = big_vault
    index_dir = tmp_path / "ix"
    kill_index_run(vault, index_dir, _wait_for_segment(index_dir) if when == "commit" else when)
    repair_and_compare(vault, index_dir, reference)


@pytest.mark.slow
def test_killed_during_an_incremental_update(big_vault: tuple[Path, dict], tmp_path: Path) -> None:
    """A kill while an update rewrites changed notes; the repair matches a clean build."""
    vault, _ = big_vault
    copy = tmp_path / "vault"
    subprocess.run(["cp", "-a", str(vault), str(copy)], check=True)
    index_dir = tmp_path / "ix"
    assert run_reader("index", copy, "--index-dir", index_dir).returncode == 0
    for number, path in enumerate(sorted(copy.rglob("*.md"))[:200]):
        path.write_text(path.read_text(encoding="utf-8") + f"\n追加 {number} 扎克伯格\n")
    kill_index_run(copy, index_dir, 1.5)
    clean = tmp_path / "clean"
    assert run_reader("index", copy, "--index-dir", clean).returncode == 0
    expected = comparable(search_results(copy, clean))
    done = run_reader("index", copy, "--index-dir", index_dir)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    # Scores move with the deleted documents an incremental index still counts: compare
    # which notes are found, with their titles and snippets.
    assert _found(comparable(search_results(copy, index_dir))) == _found(expected)


def _found(results: dict) -> dict:
    """The hits of each query without their scores, in path order."""
    return {query: sorted(row[1:] for row in rows) for query, rows in results.items()}
