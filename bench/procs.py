"""Running measured child processes: wall time, the child's own JSON, and peak memory.

Peak RSS is taken two ways: `os.wait4` gives the largest single process of the child's
tree (the kernel's ru_maxrss), and a sampler summing VmRSS over the whole tree every 50 ms
catches a multi-process build's total (worker processes included).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ChildRun:
    """What one child process did."""

    seconds: float
    returncode: int
    max_rss_mb: float
    tree_rss_mb: float
    stdout: str
    stderr: str
    output: dict[str, object] = field(default_factory=dict)
    #: user + system CPU seconds of the child and the descendants it waited for.
    cpu_seconds: float = 0.0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found.extend(int(c) for c in text.split())
    except OSError:
        pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def tree_rss_kb(pid: int) -> int:
    """The summed resident memory of a process and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _rss_kb(current)
        stack.extend(_children(current))
    return total


class _Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.05):
            self.peak = max(self.peak, tree_rss_kb(self.pid))


def run_child(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 7200) -> ChildRun:
    """Run `cmd`, time it, and parse the last stdout line as JSON when it is JSON."""
    out_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-{os.getpid()}-{time.time_ns()}"
    with open(f"{out_path}.out", "w+b") as out, open(f"{out_path}.err", "w+b") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        sampler = _Sampler(proc.pid)
        sampler.start()
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        sampler.stop.set()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    for suffix in (".out", ".err"):
        Path(f"{out_path}{suffix}").unlink(missing_ok=True)
    run = ChildRun(
        seconds, proc.returncode, usage.ru_maxrss / 1024, sampler.peak / 1024, stdout, stderr
    )
    run.cpu_seconds = usage.ru_utime + usage.ru_stime
    lines = stdout.strip().splitlines()
    if lines:
        try:
            parsed = json.loads(lines[-1])
            if isinstance(parsed, dict):
                run.output = parsed
        except ValueError:
            pass
    return run


def median(values: list[float]) -> float:
    """The median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def load_average() -> str:
    """The 1-minute load average, as a string (the machine is shared)."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"
