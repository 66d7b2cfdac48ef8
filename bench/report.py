"""Turning a run's results into Markdown, and placing it in docs/benchmarks.md.

Each vault size has its own block between `<!-- bench:TAG start -->` and
`<!-- bench:TAG end -->` markers; a run replaces only its own block, so the hand-written
analysis and the other size's numbers stay as they are.
"""

from __future__ import annotations

import datetime
import math
import os
import platform
import re
from pathlib import Path
from typing import Any

from bench.procs import median, percentile

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"
TARGETS = {
    "build": 3.0,
    "update": 1.0,
    "p95": 0.050,
    "rg": 10.0,
    "cli": 0.8,
    "tui": 1.5,
    "big": 1.0,
    "rss": 400.0,
}


def _ms(seconds: float | None) -> str:
    if seconds is None or math.isnan(seconds):
        return "–"
    return f"{seconds * 1000:.1f}"


def _s(seconds: float | None) -> str:
    return "–" if seconds is None or math.isnan(seconds) else f"{seconds:.2f}"


def _rate(size: int, seconds: float) -> str:
    return "–" if math.isnan(seconds) or not seconds else f"{size / 1e6 / seconds:.2f}"


def _mark(ok: bool) -> str:
    return "met" if ok else "**missed**"


def revision() -> str:
    """The commit measured, with `-dirty` when the work tree had changes."""
    import subprocess

    done = subprocess.run(
        ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, cwd=DOC.parent
    )
    return done.stdout.strip() or "?"


def machine() -> str:
    """One line about the machine: cores, memory, Python, system."""
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores (nproc), {mem:.0f} GiB memory, Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}"
    )


def now() -> str:
    """The time of a measurement, in UTC."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _builds(b: dict[str, Any]) -> list[str]:
    reader = median([r["seconds"] for r in b["reader"]])
    lines = [
        f"### 1. Cold index build ({b['notes']} notes, {b['bytes'] / 1e6:.1f} MB)",
        "",
        "| | runs | seconds (median) | MB/s | CPU seconds | MB per CPU second "
        "| peak RSS, largest process | peak RSS, whole tree | load avg at start |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, rows in (("reader", b["reader"]), ("peer", b["peer"])):
        if not rows:
            continue
        sec = median([r["seconds"] for r in rows])
        note = " (reused from an earlier run)" if rows[0].get("reused") else ""
        cpu = median([r.get("cpu_seconds", float("nan")) for r in rows])
        lines.append(
            f"| {name}{note} | {len(rows)} | {sec:.1f} | {b['bytes'] / 1e6 / sec:.2f} | "
            f"{_s(cpu)} | {_rate(b['bytes'], cpu)} | "
            f"{max(r['max_rss_mb'] for r in rows):.0f} MB | "
            f"{max(r['tree_rss_mb'] for r in rows):.0f} MB | "
            f"{', '.join(r['load'] for r in rows)} |"
        )
    if b["peer"]:
        ratio = median([r["seconds"] for r in b["peer"]]) / reader
        cpu_ratio = median([r.get("cpu_seconds", float("nan")) for r in b["peer"]]) / median(
            [r.get("cpu_seconds", float("nan")) for r in b["reader"]]
        )
        if not math.isnan(cpu_ratio):
            lines += [
                "",
                f"In CPU seconds the reader needs {1 / cpu_ratio:.2f}× the peer's "
                f"({cpu_ratio:.2f}× less); wall-clock ratio below.",
            ]
        lines += [
            "",
            f"Reader vs peer: **{ratio:.2f}×** faster "
            f"(target ≥ {TARGETS['build']:.0f}×: {_mark(ratio >= TARGETS['build'])}).",
        ]
    return lines


def _search(s: dict[str, Any]) -> list[str]:
    rows = s["rows"]
    lines = [
        "### 3. Search: 30 queries, top 20 with snippets, in-process",
        "",
        "| query | kind | truth | reader ms (median) | reader recall | peer ms | "
        "peer ms + highlights | peer recall | rg ms | rg files |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        peer_recall = r.get("peer_recall")
        lines.append(
            f"| `{r['query']}` | {r['kind']} | {r['truth']} | {_ms(median(r['reader_times']))} | "
            f"{r['reader_recall']:.3f} | {_ms(median(r.get('peer_times', [])))} | "
            f"{_ms(r.get('peer_highlighted'))} | "
            f"{'n/a' if peer_recall is None else f'{peer_recall:.3f}'} | "
            f"{_ms(r['rg_seconds'])} | {r['rg_files']} |"
        )
    recall = [r["reader_recall"] for r in rows if not math.isnan(r["reader_recall"])]
    peer_rows = [r for r in rows if r.get("peer_recall") is not None]
    peer_samples = [t for r in rows for t in r.get("peer_times", [])]
    lines += [
        "",
        f"Reader: p50 **{_ms(s['p50'])} ms**, p95 **{_ms(s['p95'])} ms** over every run of "
        f"every query (target p95 < 50 ms: {_mark(s['p95'] < TARGETS['p95'])}); opening the "
        f"vault {_ms(s['open'])} ms, first query {_ms(s['first'])} ms. Mean recall "
        f"**{sum(recall) / len(recall):.3f}** over {len(recall)} queries.",
    ]
    if peer_rows:
        peer_mean = sum(r["peer_recall"] for r in peer_rows) / len(peer_rows)
        mine = sum(r["reader_recall"] for r in peer_rows) / len(peer_rows)
        lines.append(
            f"Peer (top 20, no highlights): p50 {_ms(percentile(peer_samples, 50))} ms, p95 "
            f"{_ms(percentile(peer_samples, 95))} ms; mean recall **{peer_mean:.3f}** on the "
            f"{len(peer_rows)} queries it can express (reader on the same: {mine:.3f})."
        )
    rg = [r["rg_seconds"] for r in rows if r["rg_seconds"]]
    if rg:
        ratio = median(rg) / s["p50"]
        lines.append(
            f"rg: median {_ms(median(rg))} ms per query; reader p50 is **{ratio:.1f}×** faster "
            f"(target ≥ 10×: {_mark(ratio >= TARGETS['rg'])})."
        )
    return lines


def _rest(res: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    if "update" in res:
        u = res["update"]
        lines += [
            "### 2. Incremental update (1 changed, 1 added, 1 deleted)",
            "",
            f"`Vault.update()` median **{_s(u['median'])} s** over {len(u['times'])} rounds "
            f"({', '.join(_s(t) for t in u['times'])}); nothing changed: "
            f"{_s(u['noop_median'])} s (target < 1 s: {_mark(u['median'] < TARGETS['update'])}).",
            "",
        ]
    if "cli" in res:
        c = res["cli"]
        per = "; ".join(f"`{r['query']}` {_s(r['median'])} s" for r in c["rows"])
        lines += [
            "### 4. `reader search VAULT QUERY --index-dir DIR --json`, whole process",
            "",
            f"Median **{_s(c['median'])} s** ({per}; target < 0.8 s: "
            f"{_mark(c['median'] < TARGETS['cli'])}).",
            "",
        ]
    if "tui" in res:
        t = res["tui"]
        lines += ["### 5-6. TUI (headless `App.run_test()`), memory", ""]
        if "error" in t:
            lines += [t["error"], ""]
        else:
            lines += [
                f"Process start to painted note list ({t['listed']} rows): **{_s(t['painted'])} s**"
                f" (target < 1.5 s: {_mark(t['painted'] < TARGETS['tui'])}; the first frame"
                f" showing the rows; the app next idle at {_s(t.get('settled', 0.0))} s)."
                " Open a 1 MB note: "
                f"**{_s(t['open_big'])} s** (target < 1 s: {_mark(t['open_big'] < TARGETS['big'])}"
                f"); longest UI stall meanwhile {_ms(t['max_gap'])} ms. Peak RSS of the TUI: "
                f"**{t['tree_rss_mb']:.0f} MB** (target < 400 MB: "
                f"{_mark(t['tree_rss_mb'] < TARGETS['rss'])}).",
                "",
            ]
    return lines


def _rev(section: dict[str, Any]) -> list[str]:
    """The revision a section measured (the core changes while the benchmark runs)."""
    lines = []
    prepared = section.get("prepared")
    if isinstance(prepared, dict) and prepared.get("rebuilt"):
        lines.append(
            f"The index was rebuilt first for the core's current schema ({prepared['seconds']:.0f}"
            " s, not timed as a search)."
        )
    if section.get("revision"):
        when = f" {section['when']}" if section.get("when") else ""
        how = f", `{section['command']}`" if section.get("command") else ""
        lines.append(f"_Measured{when} with reader at {section['revision']}{how}._")
    return ["", *lines] if lines else []


def render(tag: str, command: str, res: dict[str, Any]) -> str:
    """The Markdown block of a run (and of later partial runs that replaced some steps:
    each section says when, with which revision and which command it was measured)."""
    lines = [
        f"<!-- bench:{tag} start -->",
        f"## Results: {tag}",
        "",
        f"Machine: {machine()}.  ",
        f"Commands: `{command}`",
        "",
    ]
    if "build" in res:
        lines += [*_builds(res["build"]), *_rev(res["build"]), ""]
    if "update" in res:
        lines += [*_rest({"update": res["update"]})[:-1], *_rev(res["update"]), ""]
    if "search" in res:
        lines += [*_search(res["search"]), *_rev(res["search"]), ""]
    for key in ("cli", "tui"):
        if key in res:
            lines += [*_rest({key: res[key]})[:-1], *_rev(res[key]), ""]
    lines.append(f"<!-- bench:{tag} end -->")
    return "\n".join(lines) + "\n"


def place(block: str, tag: str, doc: Path = DOC) -> None:
    """Replace this tag's block in the document, or append it."""
    text = doc.read_text(encoding="utf-8") if doc.is_file() else "# Benchmarks\n\n"
    pattern = re.compile(
        rf"<!-- bench:{re.escape(tag)} start -->.*?<!-- bench:{re.escape(tag)} "
        r"end -->\n?",
        re.S,
    )
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block
    doc.write_text(text, encoding="utf-8")
