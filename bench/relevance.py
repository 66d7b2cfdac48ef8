"""`python -m bench relevance`: is the note a query names the first hit?

Known-item queries are built from each collection itself, never picked by hand: 150 notes
drawn at random (fixed seed), and for each
- `title`: its title as typed, punctuation as spaces;
- `drop`: the title with one word left out (words: Latin words, and jieba's words of
  Chinese runs), when it has three words or more and what is left still singles the note
  out: no other title holds all of its words (as `prefix` must be its own). A dropped word
  often leaves a query that names other notes as well (`2022 05` from `2022-05-31`,
  `唐人街 探案` from `唐人街探案2`); those are counted apart as `drop-any`, outside `all`;
- `prefix`: the first 2-4 characters of a Chinese title, the fewest that no other title
  starts with (only titles where such a prefix exists).
A hit is relevant when it is the note, or a note with the same title (punctuation and case
aside). `seeds/` also has a judged set (`bench/judged_seeds.json`): a query and the notes
that should come first (grade 2) and then (grade 1).

The reader (`Vault.search`, top 10) and the peer (Whoosh 2.7.4 + jieba, title and body
fields, `bench/peer_worker.py`, given the same titles) answer the same queries in one run;
success@1, MRR@10 and nDCG@10 are reported per query kind.
"""

from __future__ import annotations

import json
import math
import random
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import OUT, SEEDS, generate
from bench.others import peer_build_titled, peer_rank
from reader.notes.config import load_config
from reader.notes.fields import OBSIDIAN_TITLE_ORDER
from reader.search.query import And, Node, Not, Or, Text, parse
from reader.search.ranking import compact
from reader.vault.vault import Vault

#: The alternative measured against the re-ranking: each field's BM25 summed with these
#: boosts (Whoosh's multi-field scoring), over the notes the query matches.
BM25F_BOOSTS = {"title": 3.0, "aliases": 3.0, "entities": 2.0, "text": 1.0}

SAMPLE = 150
CORPORA = Path("/work/corpora")
JUDGED = Path(__file__).with_name("judged_seeds.json")
WORKER = Path(__file__).with_name("rank_worker.py")
_PUNCT = re.compile(r"[^\w]+")
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass
class Collection:
    """A folder of notes to measure; `obsidian`: titles are file names first."""

    name: str
    root: Path
    obsidian: bool = False


@dataclass
class Query:
    """One query, its kind, and the grade of each relevant note."""

    text: str
    kind: str
    grades: dict[str, int] = field(default_factory=dict)


def default_collections(notes: int) -> list[Collection]:
    """seeds/, the generated vault of `notes` notes, and the exported real collections
    found under /work/corpora."""
    found = [Collection("seeds", SEEDS), Collection(f"generated-{notes}", generate(notes, 1))]
    real = [
        ("knowledge-garden (Obsidian, zh)", "oldwinter+knowledge-garden", True),
        ("sofastack.tech (Hugo, zh)", "sofastack+sofastack.tech", False),
        ("obsidian-tasks (docs, en)", "obsidian-tasks-group+obsidian-tasks", False),
        ("foam (docs, en)", "foambubble+foam", False),
    ]
    for name, folder, obsidian in real:
        if (CORPORA / folder).is_dir():
            found.append(Collection(name, CORPORA / folder, obsidian))
    return found


def open_vault(collection: Collection, work: Path) -> Vault:
    """The collection indexed afresh by the reader (an Obsidian export without its
    `.obsidian/` folder is given Obsidian's title order)."""
    config = load_config(collection.root, user_file=work / "no-user-config.yaml")
    if collection.obsidian:
        config.title_from = OBSIDIAN_TITLE_ORDER
    index = work / "reader-index"
    shutil.rmtree(index, ignore_errors=True)
    vault = Vault(collection.root, index, config)
    vault.update()
    return vault


def _words(title: str) -> list[str]:
    """The title's words: Latin words and digits as typed, Chinese runs cut by jieba."""
    import rjieba

    found: list[str] = []
    for chunk in _PUNCT.sub(" ", title).split():
        at = 0
        for run in _CJK_RUN.finditer(chunk):
            found.extend(w for w in [chunk[at : run.start()]] if w)
            found.extend(rjieba.cut(run.group()))
            at = run.end()
        found.extend(w for w in [chunk[at:]] if w)
    return found


def known_items(vault: Vault, seed: int = 1) -> list[Query]:
    """The known-item queries of a collection (see the module docstring)."""
    notes = sorted(vault.records(), key=lambda n: n.path)
    by_title: dict[str, list[str]] = {}
    for note in notes:
        by_title.setdefault(compact(note.title), []).append(note.path)
    starts = sorted(compact(n.title) for n in notes)
    picked = random.Random(seed).sample(notes, min(SAMPLE, len(notes)))
    queries: list[Query] = []
    rng = random.Random(seed + 1)
    for note in picked:
        key = compact(note.title)
        if not key:
            continue
        grades = dict.fromkeys(by_title[key], 1)
        typed = " ".join(_PUNCT.sub(" ", note.title).split())
        queries.append(Query(typed, "title", grades))
        words = _words(note.title)
        if len(words) >= 3:
            dropped = words[: (cut := rng.randrange(len(words)))] + words[cut + 1 :]
            kind = "drop" if _singles_out(dropped, key, by_title) else "drop-any"
            queries.append(Query(" ".join(dropped), kind, grades))
        prefix = _distinct_prefix(note.title, starts)
        if prefix is not None:
            queries.append(Query(prefix, "prefix", grades))
    return queries


def _singles_out(words: list[str], key: str, by_title: dict[str, list[str]]) -> bool:
    """Whether no title but `key` holds every one of `words`."""
    wanted = [compact(word) for word in words]
    return not any(other != key and all(word in other for word in wanted) for other in by_title)


def _distinct_prefix(title: str, starts: Sequence[str]) -> str | None:
    """The shortest 2-4 character prefix of a Chinese title (within its first run of
    Chinese characters) that no other title starts with."""
    run = _CJK_RUN.match(title.strip())
    if run is None or len(run.group()) < 2:
        return None
    for size in (2, 3, 4):
        prefix = run.group()[:size]
        if len(prefix) < size:
            return None
        if sum(1 for other in starts if other.startswith(compact(prefix))) == 1:
            return prefix
    return None


def judged() -> list[Query]:
    """The judged queries over seeds/."""
    data = json.loads(JUDGED.read_text(encoding="utf-8"))
    return [Query(q["query"], "judged", dict(q["grades"])) for q in data["queries"]]


def _in_field(node: Node, name: str) -> Node:
    """The query with its free-text literals looked up in one field only."""
    if isinstance(node, Text) and node.field is None:
        return node if name == "text" else Text(node.value, name)
    if isinstance(node, And | Or):
        items = tuple(_in_field(item, name) for item in node.items)
        return And(items) if isinstance(node, And) else Or(items)
    if isinstance(node, Not):
        return node
    return node


def bm25f(vault: Vault, text: str, limit: int = 10) -> list[str]:
    """The alternative ranking: every matching note (the reader's own matching, so recall
    is the same), scored by the boosted sum of its fields' BM25 (`BM25F_BOOSTS`); each
    field's words must all be in that field to score there."""
    node = parse(text, vault.config)
    if node is None:
        return []
    matching = {path for path, _ in vault.search_paths(node, None)}
    scores = dict.fromkeys(matching, 0.0)
    for name, boost in BM25F_BOOSTS.items():
        results, _ = vault.index.search(_in_field(node, name), None)
        for path, score in results:
            if path in scores:
                scores[path] += boost * score
    order = sorted(scores, key=lambda p: (-scores[p], p))
    return order[:limit]


def metrics(ranked: Sequence[str], grades: dict[str, int]) -> tuple[float, float, float]:
    """success@1, reciprocal rank within 10 and nDCG@10 of one ranking."""
    top = list(ranked[:10])
    first = next((i for i, path in enumerate(top) if grades.get(path)), None)
    best = max(grades.values())
    success = 1.0 if top and grades.get(top[0]) == best else 0.0
    rr = 0.0 if first is None else 1.0 / (first + 1)
    dcg = sum((2 ** grades.get(p, 0) - 1) / math.log2(i + 2) for i, p in enumerate(top))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return success, rr, dcg / idcg if idcg else 0.0


def other_tree(tree: Path, collection: Collection, work: Path, texts: list[str]) -> list[list[str]]:
    """The top 10 of another checkout's reader (`bench/rank_worker.py` run with its own
    interpreter) for the same queries."""
    queries = work / "other-queries.json"
    queries.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    args = [str(work / "other-index"), str(queries)] + (["obsidian"] if collection.obsidian else [])
    done = subprocess.run(
        [str(tree / ".venv" / "bin" / "python"), str(WORKER), str(collection.root), *args],
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{tree}: {done.stderr[-2000:]}")
    ranked: list[list[str]] = json.loads(done.stdout.strip().splitlines()[-1])["ranked"]
    return ranked


def measure(
    collection: Collection,
    peer: bool = True,
    alternative: bool = False,
    other: Path | None = None,
) -> dict[str, object]:
    """Both contestants on one collection's queries: metrics per query kind."""
    work = OUT / "relevance" / re.sub(r"\W+", "-", collection.name)
    work.mkdir(parents=True, exist_ok=True)
    vault = open_vault(collection, work)
    queries = known_items(vault) + (judged() if collection.root == SEEDS else [])
    began = time.perf_counter()
    reader = [[hit.path for hit in vault.search(q.text, limit=10)] for q in queries]
    reader_seconds = time.perf_counter() - began
    rankings = {"reader": reader}
    if alternative:
        rankings["bm25f"] = [bm25f(vault, q.text) for q in queries]
    if other is not None:
        rankings["other"] = other_tree(other, collection, work, [q.text for q in queries])
    if peer:
        titles = {note.path: note.title for note in vault.records()}
        peer_build_titled(collection.root, work / "peer-index", titles)
        rankings["peer"] = peer_rank(work / "peer-index", [q.text for q in queries])
    rows: dict[str, dict[str, list[float]]] = {}
    misses: list[dict[str, object]] = []
    for name, ranked in rankings.items():
        for query, paths in zip(queries, ranked, strict=True):
            scores = metrics(paths, query.grades)
            for kind in (query.kind, "all") if query.kind != "drop-any" else (query.kind,):
                rows.setdefault(kind, {}).setdefault(name, []).append(scores[0])
                rows[kind].setdefault(name + "_rr", []).append(scores[1])
                rows[kind].setdefault(name + "_ndcg", []).append(scores[2])
            if name == "reader" and scores[0] < 1:
                misses.append({"query": query.text, "kind": query.kind, "top": paths[:3]})
    summary = {
        kind: {key: sum(values) / len(values) for key, values in cells.items()}
        | {"n": len(cells["reader"])}
        for kind, cells in rows.items()
    }
    return {
        "collection": collection.name,
        "notes": len(vault.records()),
        "summary": summary,
        "reader_ms_per_query": 1000 * reader_seconds / max(1, len(queries)),
        "misses": misses,
    }


def render(results: list[dict[str, object]]) -> str:
    """The results as a Markdown table: one row per collection and query kind."""
    lines = [
        "| collection | queries | n | reader s@1 | MRR@10 | nDCG@10 "
        "| peer s@1 | MRR@10 | nDCG@10 | BM25F s@1 | MRR@10 | nDCG@10 "
        "| before s@1 | MRR@10 | nDCG@10 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        summary = result["summary"]
        assert isinstance(summary, dict)
        for kind in ("all", "title", "drop", "prefix", "judged", "drop-any"):
            if kind not in summary:
                continue
            row = summary[kind]
            keys = (
                *("peer", "peer_rr", "peer_ndcg", "bm25f", "bm25f_rr", "bm25f_ndcg"),
                *("other", "other_rr", "other_ndcg"),
            )
            peer = [row.get(k) for k in keys]
            cells = [f"{v:.3f}" if v is not None else "–" for v in peer]
            lines.append(
                f"| {result['collection'] if kind == 'all' else ''} | {kind} | {row['n']} | "
                f"{row['reader']:.3f} | {row['reader_rr']:.3f} | {row['reader_ndcg']:.3f} | "
                + " | ".join(cells)
                + " |"
            )
    return "\n".join(lines)


def run(
    notes: int,
    only: Sequence[str] = (),
    peer: bool = True,
    alternative: bool = False,
    other: Path | None = None,
) -> str:
    """Measure every collection (or those whose name starts with one of `only`); with
    `alternative`, the BM25F ranking too (`bm25f`); with `other`, that checkout's reader."""
    results = []
    for collection in default_collections(notes):
        if only and not any(collection.name.startswith(o) for o in only):
            continue
        results.append(measure(collection, peer, alternative, other))
        print(f"{collection.name}: done", flush=True)
    (OUT / "relevance.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return render(results)
