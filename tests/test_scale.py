"""Scale: a 50,000-note generated vault indexes without crashing, with memory bounded.

Slow (minutes), not part of CI: `pytest -m slow tests/test_scale.py`. The peak resident
memory of the indexing process (and its workers) is printed and checked against a bound.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest
from vaults_big import generate_sized_vault, run_reader

NOTES = 50_000
#: Peak RSS bound for the largest process of `reader index`, in MB (353 MB measured at
#: 50,000 notes on 2026-12-07; the goal is 400).
PEAK_MB = 512


@pytest.mark.slow
def test_fifty_thousand_notes(tmp_path: Path) -> None:
    vault = generate_sized_vault(tmp_path / "vault", NOTES, kb=(2, 4), folders=100)
    started = time.perf_counter()
    done = run_reader("index", vault, "--index-dir", tmp_path / "ix", timeout=3600)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\n{NOTES} notes indexed in {seconds:.0f} s, peak RSS {peak_mb:.0f} MB")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{NOTES} notes:"), done.stdout
    assert peak_mb < PEAK_MB
    found = run_reader("search", vault, "扎克伯格", "--limit", "5", "--index-dir", tmp_path / "ix")
    assert found.returncode == 0 and found.stdout, found.stderr
