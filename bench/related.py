"""`python -m bench.related VAULT`: the time of a note's related notes, as the sidebar asks
for them on every note open (`Vault.related(path, limit=8)`, the link model ready).

    python -m bench.related VAULT [--index-dir DIR] [--sample 200] [--seed 1] [--cold]

Builds or updates the index first (not timed), warms the searcher up with one call, then
times the call on a random sample of notes (`--cold`: as if each were the first, with
no word's frequency remembered): CPU and wall milliseconds per note (median,
90th percentile, worst). Runs in any checkout (`cd OTHER && .venv/bin/python
/path/to/bench/related.py VAULT`) to compare before and after.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from reader.vault.vault import Vault


def _quantiles(values: list[float]) -> str:
    values = sorted(values)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    return f"median {statistics.median(values):.1f}  p90 {p90:.1f}  max {values[-1]:.1f}"


def main(argv: list[str] | None = None) -> int:
    """Time `Vault.related` on a sample of notes and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m bench.related", description=__doc__)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--index-dir", type=Path)
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--cold", action="store_true", help="forget the words' frequencies before each note"
    )
    args = parser.parse_args(argv)
    vault = Vault(args.vault, args.index_dir)
    vault.update()
    paths = sorted(note.path for note in vault.notes())
    sample = random.Random(args.seed).sample(paths, min(args.sample, len(paths)))
    vault.links.linked(sample[0])  # the link model, built once
    vault.related(sample[0], limit=8)  # the searcher opened once
    cpu, wall, listed = [], [], 0
    for path in sample:
        if args.cold and hasattr(vault.index, "_frequencies"):
            vault.index._frequencies.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        listed += len(vault.related(path, limit=8))
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    print(f"{len(paths)} notes, {len(sample)} timed, {listed / len(sample):.1f} related each")
    print(f"cpu ms   {_quantiles(cpu)}")
    print(f"wall ms  {_quantiles(wall)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
