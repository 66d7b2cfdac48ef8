"""The peer: the textbook Whoosh 2.7.4 + jieba set-up, run inside its own venv.

A schema with `path` (stored ID), `title` (stored) and `body` (TEXT with jieba's
ChineseAnalyzer, default settings: not stored); one `ix.writer()` with default settings;
`MultifieldParser(["title", "body"])` for queries; `hit.highlights("body", text=...)` on
the file's text for snippets. Only the standard library, whoosh and jieba are imported.

    python peer_worker.py build VAULT INDEX_DIR [TITLES.json]  -> JSON on stdout
    python peer_worker.py search VAULT INDEX_DIR QUERIES.json [REPEATS]  -> JSON on stdout
    python peer_worker.py rank INDEX_DIR QUERIES.json [LIMIT]  -> JSON on stdout

TITLES.json, when given, maps a note's vault-relative path to its title (the relevance
benchmark gives the peer the titles the reader shows, so both rank the same titles).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import time
from pathlib import Path

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_TITLE = re.compile(r"^title:\s*(.*)$", re.M)
SUFFIXES = (".md", ".markdown", ".txt")


def _quiet_jieba() -> None:
    import jieba

    jieba.setLogLevel(logging.ERROR)


def _schema():  # type: ignore[no-untyped-def]
    from jieba.analyse import ChineseAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    analyzer = ChineseAnalyzer()
    return Schema(
        path=ID(stored=True, unique=True),
        title=TEXT(stored=True, analyzer=analyzer),
        body=TEXT(analyzer=analyzer),
    )


def _read(path: Path) -> tuple[str, str]:
    """(title, body) of a note: the frontmatter title or the file name, and the rest."""
    text = path.read_text(encoding="utf-8", errors="replace")
    match = _FRONT.match(text)
    title = path.stem
    if match:
        found = _TITLE.search(match.group(1))
        if found:
            raw = found.group(1).strip()
            title = json.loads(raw) if raw.startswith('"') else raw.strip("'")
        text = text[match.end() :]
    return title, text


def build(vault: Path, index_dir: Path, titles: dict[str, str] | None = None) -> dict[str, object]:
    """Index every note of the vault with one default writer (titles from `titles` when
    it names the note)."""
    started = time.perf_counter()
    _quiet_jieba()
    from whoosh import index

    index_dir.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(index_dir), _schema())
    writer = ix.writer()
    count = size = 0
    for root, dirs, files in os.walk(vault):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith(".") or path.suffix not in SUFFIXES:
                continue
            title, body = _read(path)
            rel = path.relative_to(vault).as_posix()
            title = (titles or {}).get(rel, title)
            writer.add_document(path=rel, title=title, body=body)
            count += 1
            size += path.stat().st_size
    writer.commit()
    return {"seconds": time.perf_counter() - started, "notes": count, "bytes": size}


def search(vault: Path, index_dir: Path, queries: list[str], repeats: int) -> dict[str, object]:
    """For each query: every matching path, top-20 times (`repeats` runs) and the time of
    one top-20 run with highlights cut from each hit's file."""
    started = time.perf_counter()
    _quiet_jieba()
    from whoosh import index
    from whoosh.qparser import MultifieldParser

    ix = index.open_dir(str(index_dir))
    parser = MultifieldParser(["title", "body"], ix.schema)
    results = []
    with ix.searcher() as searcher:
        opened = time.perf_counter() - started
        for text in queries:
            query = parser.parse(text)
            paths = [hit["path"] for hit in searcher.search(query, limit=None)]
            times = []
            for _ in range(repeats):
                began = time.perf_counter()
                titles = [hit["title"] for hit in searcher.search(query, limit=20)]
                times.append(time.perf_counter() - began)
            began = time.perf_counter()
            for hit in searcher.search(query, limit=20):
                hit.highlights("body", text=_read(vault / hit["path"])[1])
            highlighted = time.perf_counter() - began
            results.append(
                {
                    "query": text,
                    "paths": paths,
                    "times": times,
                    "highlighted": highlighted,
                    "top": len(titles),
                }
            )
    return {"open_seconds": opened, "results": results}


def rank(index_dir: Path, queries: list[str], limit: int) -> dict[str, object]:
    """The paths of the best `limit` hits of each query, best first (none for a query the
    parser rejects)."""
    _quiet_jieba()
    from whoosh import index
    from whoosh.qparser import MultifieldParser

    ix = index.open_dir(str(index_dir))
    parser = MultifieldParser(["title", "body"], ix.schema)
    ranked: list[list[str]] = []
    with ix.searcher() as searcher:
        for text in queries:
            try:
                query = parser.parse(text)
            except Exception:
                ranked.append([])
                continue
            ranked.append([hit["path"] for hit in searcher.search(query, limit=limit)])
    return {"ranked": ranked}


def main(argv: list[str]) -> int:
    """Dispatch `build`, `search` or `rank`; print the result as JSON."""
    if argv[0] == "build":
        titles = None
        if len(argv) > 3:
            titles = json.loads(Path(argv[3]).read_text(encoding="utf-8"))
        out = build(Path(argv[1]), Path(argv[2]), titles)
    elif argv[0] == "rank":
        queries = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        out = rank(Path(argv[1]), queries, int(argv[3]) if len(argv) > 3 else 10)
    elif argv[0] == "search":
        queries = json.loads(Path(argv[3]).read_text(encoding="utf-8"))
        repeats = int(argv[4]) if len(argv) > 4 else 3
        out = search(Path(argv[1]), Path(argv[2]), queries, repeats)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
