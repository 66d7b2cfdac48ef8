"""Deterministic synthetic vaults built from the real prose of the seed notes.

Each note is ~20 KB of the seeds' own sentences, shuffled into paragraphs under a few
headings, with frontmatter shaped like the seed note (title, date, summary, people,
companies_orgs, products_models, tags, …) whose entity lists are drawn from `bench.names`.
Some of those names are also woven into the prose, so notes differ in vocabulary.

The same (N, seed) always gives byte-identical files; a finished vault is recorded in a
small JSON file beside it and reused by later runs.

    python -m bench generate --notes 1000 [--seed 1] [--out DIR]
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from bench.names import NamePool, make_pool

GENERATOR_VERSION = 1
REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
MAIN_SEED = SEEDS / "000_6e32583a3cfba4c8.txt"
OUT = REPO / "bench" / "out"
NOTE_BYTES = 20_000
NOTES_PER_FOLDER = 500
_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_FRONTMATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_CONNECTORS = ("表示，", "认为，", "提到，", "在采访中说，", "回忆说，", " said that ", " noted: ")


@dataclass(frozen=True)
class Corpus:
    """The seeds' sentences (the main seed weighted up) and their headings."""

    sentences: tuple[str, ...]
    headings: tuple[str, ...]


def load_corpus(seeds: Path = SEEDS) -> Corpus:
    """Split every seed note's body into sentences and headings, in a fixed order."""
    sentences: list[str] = []
    headings: list[str] = []
    files = sorted(p for p in seeds.rglob("*") if p.suffix in (".md", ".txt", ".markdown"))
    for path in files:
        body = _FRONTMATTER.sub("", path.read_text(encoding="utf-8"), count=1)
        weight = 3 if path == MAIN_SEED else 1
        for line in body.splitlines():
            line = line.strip()
            if not line or line.startswith(("```", "|", "---")):
                continue
            if line.startswith("#"):
                headings.append(line.lstrip("# ").strip())
                continue
            parts = [s.strip() for s in _SENTENCE_END.split(line) if s.strip()]
            sentences.extend(parts * weight)
    return Corpus(tuple(sentences), tuple(h for h in headings if h))


def _body(rng: random.Random, corpus: Corpus, names: list[str], size: int) -> str:
    """About `size` bytes of shuffled sentences in paragraphs, some naming `names`."""
    parts: list[str] = []
    used = 0
    while used < size:
        if rng.random() < 0.12:
            block = f"### {rng.choice(corpus.headings)}"
        else:
            count = rng.randint(3, 7)
            sentences = [rng.choice(corpus.sentences) for _ in range(count)]
            if names and rng.random() < 0.35:
                at = rng.randrange(count)
                sentences[at] = rng.choice(names) + rng.choice(_CONNECTORS) + sentences[at]
            block = "".join(sentences)
        parts.append(block)
        used += len(block.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def _title(rng: random.Random, corpus: Corpus, names: list[str]) -> str:
    sentence = rng.choice(corpus.sentences).strip("*#>` ")
    fragment = re.split(r"[，。：！？,.:]", sentence)[0][:24] or sentence[:24]
    return f"{rng.choice(names)}：{fragment}" if rng.random() < 0.5 else fragment


def _yaml_list(key: str, values: list[str]) -> str:
    if not values:
        return f"{key}: []\n"
    return f"{key}:\n" + "".join(f"- {_quote(v)}\n" for v in values)


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def make_note(index: int, seed: int, corpus: Corpus, pool: NamePool) -> tuple[str, str]:
    """The (relative path, text) of note `index`; depends only on its arguments."""
    rng = random.Random(f"note-{seed}-{index}")
    people = rng.sample(pool.people, rng.randint(2, 7))
    orgs = rng.sample(pool.orgs, rng.randint(1, 6))
    products = rng.sample(pool.products, rng.randint(0, 5))
    tags = rng.sample(pool.tags, rng.randint(2, 5))
    extra = rng.sample(pool.all_names(), 3)
    year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    summary = "".join(rng.choice(corpus.sentences) for _ in range(2))
    front = (
        "---\n"
        f"area: {rng.choice(('society-systems', 'tech-frontier', 'history'))}\n"
        f"category: {rng.choice(('business', 'people', 'research', 'reading'))}\n"
        + _yaml_list("companies_orgs", orgs)
        + f"date: '{year:04d}-{month:02d}-{day:02d}'\n"
        + "draft: false\n"
        + _yaml_list("people", people)
        + _yaml_list("products_models", products)
        + f"status: {rng.choice(('evergreen', 'draft', 'seedling'))}\n"
        + f"summary: {_quote(summary)}\n"
        + _yaml_list("tags", tags)
        + f"title: {_quote(_title(rng, corpus, people + orgs))}\n"
        + "---\n\n"
    )
    body = _body(rng, corpus, people + orgs + products + extra, NOTE_BYTES - len(front))
    suffix = ".txt" if index % 10 == 9 else ".md"
    folder = f"part{index // NOTES_PER_FOLDER:02d}"
    name = f"{index:05d}_{rng.getrandbits(48):012x}{suffix}"
    return f"{folder}/{name}", front + body


def vault_dir(notes: int, seed: int, out: Path | None = None) -> Path:
    """Where the vault of (notes, seed) lives."""
    return (out or OUT / "vaults") / f"n{notes}-s{seed}"


def _marker(vault: Path) -> Path:
    return vault.with_name(vault.name + ".json")


def generate(notes: int, seed: int = 1, out: Path | None = None) -> Path:
    """Write the vault of (notes, seed) unless an identical one is already there."""
    vault = vault_dir(notes, seed, out)
    expected = {"version": GENERATOR_VERSION, "notes": notes, "seed": seed}
    marker = _marker(vault)
    if marker.is_file() and vault.is_dir():
        try:
            if json.loads(marker.read_text(encoding="utf-8")).get("params") == expected:
                return vault
        except ValueError:
            pass
    if vault.exists():
        shutil.rmtree(vault)
    corpus, pool = load_corpus(), make_pool(seed)
    total = 0
    for index in range(notes):
        rel, text = make_note(index, seed, corpus, pool)
        path = vault / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    marker.write_text(json.dumps({"params": expected, "bytes": total}), encoding="utf-8")
    return vault


def vault_bytes(vault: Path) -> int:
    """The total size of the vault's note files."""
    marker = _marker(vault)
    if marker.is_file():
        return int(json.loads(marker.read_text(encoding="utf-8"))["bytes"])
    return sum(p.stat().st_size for p in vault.rglob("*") if p.is_file())


def write_big_note(vault: Path, size: int = 1_000_000, seed: int = 1) -> str:
    """Add one note of about `size` bytes to `vault` (a working copy); return its path."""
    corpus, pool = load_corpus(), make_pool(seed)
    rng = random.Random(f"big-{seed}")
    names = list(pool.all_names())
    front = "---\ntitle: \"一篇很长的笔记 A very long note\"\ndate: '2025-12-31'\n---\n\n"
    rel = "big/long-note.md"
    path = vault / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front + _body(rng, corpus, names, size - len(front)), encoding="utf-8")
    return rel
