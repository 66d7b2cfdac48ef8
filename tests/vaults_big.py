"""Larger generated vaults for fault and scale tests, plus helpers to run the CLI in a child.

The notes are made of the seed notes' sentences and entity names (see `vaults.py`), so
queries for seed words find many of them, and the same seed always gives the same files.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from pathlib import Path

from vaults import _SENTENCE, SEEDS, load_all

ROOT = Path(__file__).resolve().parent.parent
#: Queries whose results are compared between a repaired index and a fresh rebuild.
QUERIES = ("扎克伯格", "Llama", "开源", "Meta OR OpenAI", "people:田渊栋", '"模型"', "GPU -Llama")


def _material() -> tuple[list[str], list[str], list[str]]:
    notes = load_all(SEEDS)
    sentences = [s.strip() for n in notes for s in _SENTENCE.findall(n.body) if len(s.strip()) > 8]
    people = sorted({p for n in notes for p in n.entities.get("people", ())})
    orgs = sorted({p for n in notes for p in n.entities.get("companies_orgs", ())})
    return sentences, people, orgs


def generate_sized_vault(
    target: Path, count: int, seed: int = 11, kb: tuple[int, int] = (5, 20), folders: int = 8
) -> Path:
    """`count` notes of `kb` kilobytes (UTF-8 bytes, roughly) spread over `folders` folders."""
    rng = random.Random(seed)
    sentences, people, orgs = _material()
    target.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        size = rng.randint(kb[0], kb[1]) * 1024
        paragraphs: list[str] = []
        length = 0
        while length < size:
            paragraph = " ".join(rng.choices(sentences, k=5))
            paragraphs.append(paragraph)
            length += len(paragraph.encode("utf-8")) + 2
        title = rng.choice(sentences)[:24].replace("'", "")
        listed_people = json.dumps(rng.sample(people, k=min(3, len(people))), ensure_ascii=False)
        listed_orgs = json.dumps(rng.sample(orgs, k=min(2, len(orgs))), ensure_ascii=False)
        text = (
            "---\n"
            f"title: '{number} {title}'\n"
            f"date: '20{10 + number % 16:02d}-{1 + number % 12:02d}-{1 + number % 28:02d}'\n"
            f"people: {listed_people}\n"
            f"companies_orgs: {listed_orgs}\n"
            "---\n\n" + "\n\n".join(paragraphs) + "\n"
        )
        folder = target / f"f{number % folders}"
        folder.mkdir(exist_ok=True)
        (folder / f"note-{number:05d}.md").write_text(text, encoding="utf-8")
    return target


def child_env() -> dict[str, str]:
    """The environment for a child `python -m reader`: this checkout first on the path, and
    caches pointed away from the user's real folders."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.pop("PYTHONWARNINGS", None)
    return env


def reader_command(*args: str | Path) -> list[str]:
    """`python -m reader ARGS` with this interpreter."""
    return [sys.executable, "-m", "reader", *map(str, args)]


def run_reader(*args: str | Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a child process and wait for it."""
    return subprocess.run(
        reader_command(*args),
        capture_output=True,
        text=True,
        timeout=timeout,
        env=child_env(),
        cwd=ROOT,
        check=False,
    )


def search_results(vault: Path, index_dir: Path, queries: tuple[str, ...] = QUERIES) -> dict:
    """Every hit (path, title, snippet, score) of each query, from `reader search --json`."""
    found: dict[str, list[dict[str, object]]] = {}
    for query in queries:
        done = run_reader(
            "search", vault, query, "--json", "--limit", "0", "--index-dir", index_dir
        )
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr, done.stderr
        found[query] = json.loads(done.stdout)
    return found


def comparable(results: dict) -> dict:
    """Search results with scores rounded (segment layout may move the last digits) and
    hits of equal score in path order."""
    out = {}
    for query, rows in results.items():
        out[query] = sorted(
            ((round(float(r["score"]), 2), r["path"], r["title"], r["snippet"]) for r in rows),
            key=lambda row: (-row[0], row[1]),
        )
    return out


def tree_state(root: Path) -> dict[str, tuple[str, int, int]]:
    """Every file, folder and link under `root` (hidden ones too) with a digest of its
    content, its mtime and its mode, to prove nothing inside was created, changed or deleted."""
    state: dict[str, tuple[str, int, int]] = {}
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            st = path.lstat()
            if path.is_symlink():
                digest = "link:" + os.readlink(path)
            elif path.is_dir():
                digest = "dir"
            else:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[rel] = (digest, st.st_mtime_ns, st.st_mode)
    return state
