"""What cutting snippets from the visible text costs a search, against cutting them from
the source text (as before `reader.markdown.plain`), interleaved query by query on the
working copy a `python -m bench run` left (its index must exist).

    python -m bench snippets --notes 10000 [--limit 20] [--rounds 5] [--cold]

`--cold` forgets the remembered windows before every search (a query searched for the
first time); without it a window seen in an earlier search is not rendered again.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from reader.markdown.plain import _window_text
from reader.text.snippets import make_snippet
from reader.vault.searching import Hit
from reader.vault.vault import Vault


def source_hit(vault: Vault, path: str, score: float, needles: tuple[str, ...], doc):  # type: ignore[no-untyped-def]
    """A hit with its snippet cut from the note's source text (the earlier way)."""
    doc = doc or vault._note_text(path)
    if doc is None:
        return Hit(path, path, score, "", (), needles)
    snippet, spans = make_snippet(doc.body, needles)
    return Hit(path, doc.note.title, score, snippet, spans, needles)


def compare(work: Path, limit: int, rounds: int, cold: bool) -> dict[str, dict[str, float]]:
    """p50 and p95 (ms) of `Vault.search` with each way of cutting snippets."""
    vault = Vault(work / "vault", work / "index")
    vault.open_cached()
    queries = json.loads((work / "queries.json").read_text(encoding="utf-8"))
    visible = Vault._hit
    ways = {"source text": source_hit, "visible text": visible}
    times: dict[str, list[float]] = {name: [] for name in ways}
    for query in queries:  # warm the index and the OS cache
        vault.search(query, limit=limit)
    try:
        for _ in range(rounds):
            for query in queries:
                for name, way in ways.items():
                    Vault._hit = way  # type: ignore[method-assign, assignment]
                    if cold:
                        _window_text.cache_clear()
                    began = time.perf_counter()
                    vault.search(query, limit=limit)
                    times[name].append(time.perf_counter() - began)
    finally:
        Vault._hit = visible  # type: ignore[method-assign]
    return {
        name: {
            "p50_ms": round(statistics.median(ts) * 1000, 1),
            "p95_ms": round(sorted(ts)[int(len(ts) * 0.95)] * 1000, 1),
        }
        for name, ts in times.items()
    }
