"""Keystroke to results in a real terminal: the reader in tmux, a query typed into its
search box, the seconds from the query's last key to a screen showing its results.

    python -m bench.tmux_keys VAULT INDEX QUERY... [--reader PATH] [--rounds N]

The reader runs on its current index (build it first); after it settles, each query is
typed but for its last character, then the last character is sent and the pane polled
(every ~5 ms) until the list's caption names the whole query, which it does only once
its results are listed. The debounce is included, as a user feels it. `--reader` picks
another checkout's `reader` (its `.venv/bin/reader`) for an A/B run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.procs import load_average

#: How long the reader is given to settle (catalog, disk check, link model) at start.
SETTLE = 20.0


def _tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True)
    return done.stdout


def _pane(session: str) -> str:
    return _tmux("capture-pane", "-p", "-t", session)


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants so far."""
    total, stack = 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            for task in Path(f"/proc/{current}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def measure(reader: Path, vault: Path, index: Path, queries: list[str], rounds: int) -> dict:
    """Seconds from last key to results, per query and round, with the captions seen, and
    the CPU seconds the reader used meanwhile (steadier than wall time on a busy machine:
    what the keystroke cost, whoever else ran)."""
    session = f"keys-{os.getpid()}"
    command = f"{reader} {vault} --index-dir {index}"
    _tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "45", command)
    out: dict[str, list] = {"seconds": [], "cpu": [], "captions": []}
    try:
        time.sleep(SETTLE)
        pid = int(_tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        _tmux("send-keys", "-t", session, "/")
        time.sleep(0.5)  # the search box has the focus
        for _ in range(rounds):
            for query in queries:
                _tmux("send-keys", "-t", session, "C-u")
                time.sleep(0.3)
                if query[:-1]:
                    _tmux("send-keys", "-t", session, "-l", query[:-1])
                time.sleep(3.0)  # the search of the first letters is over, count and all
                wanted = f"Search “{query}”"
                cpu = _cpu(pid)
                began = time.perf_counter()
                _tmux("send-keys", "-t", session, "-l", query[-1])
                while wanted not in (screen := _pane(session)):
                    if time.perf_counter() - began > 30:
                        raise TimeoutError(f"no results for {query}:\n{screen}")
                    time.sleep(0.005)
                out["seconds"].append(round(time.perf_counter() - began, 3))
                out["cpu"].append(round(_cpu(pid) - cpu, 3))
                line = next(line for line in screen.splitlines() if wanted in line)
                out["captions"].append(line.strip(" │┃"))
                time.sleep(3.0)  # the count finishes before the next query
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.tmux_keys", description=__doc__)
    parser.add_argument("vault", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", nargs="+")
    parser.add_argument("--reader", type=Path, default=Path(sys.executable).with_name("reader"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    load = load_average()
    out = measure(args.reader, args.vault, args.index, args.queries, args.rounds)
    out["median"] = statistics.median(out["seconds"])
    out["median_cpu"] = statistics.median(out["cpu"])
    out["load"] = [load, load_average()]
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
