"""Vaults for core tests: a copy of seeds/ and a small generated vault, plus substring truth."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

from reader.notes.config import Config
from reader.notes.note import Note, iter_note_paths, load_note
from reader.text.fold import fold
from reader.vault.vault import Vault

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")


def copy_seeds(target: Path) -> Path:
    """A private copy of seeds/ (tests must never touch the real one)."""
    shutil.copytree(SEEDS, target)
    return target


def load_all(root: Path) -> list[Note]:
    """Every note of a vault, fully loaded."""
    keys = list(Config().types)
    notes = [load_note(root, p, keys) for p in iter_note_paths(root)]
    return [n for n in notes if isinstance(n, Note)]


def generate_vault(target: Path, count: int = 40, seed: int = 7) -> Path:
    """A deterministic vault made of the seed notes' sentences and entity names, shuffled."""
    rng = random.Random(seed)
    notes = load_all(SEEDS)
    sentences = [s.strip() for n in notes for s in _SENTENCE.findall(n.body) if len(s.strip()) > 8]
    people = sorted({p for n in notes for p in n.entities.get("people", ())})
    orgs = sorted({p for n in notes for p in n.entities.get("companies_orgs", ())})
    target.mkdir(parents=True)
    for number in range(count):
        picked_people = rng.sample(people, k=min(3, len(people)))
        picked_orgs = rng.sample(orgs, k=min(2, len(orgs)))
        body = "\n\n".join(" ".join(rng.sample(sentences, k=4)) for _ in range(6))
        title = rng.choice(sentences)[:24]
        text = (
            "---\n"
            f"title: '{title.replace(chr(39), '')}'\n"
            f"date: '20{10 + number % 16:02d}-0{1 + number % 9}-1{number % 10}'\n"
            f"people: [{', '.join(repr(p) for p in picked_people)}]\n"
            f"companies_orgs: [{', '.join(repr(o) for o in picked_orgs)}]\n"
            "---\n\n" + body + "\n"
        )
        folder = target / ("sub" if number % 5 == 0 else "")
        folder.mkdir(exist_ok=True)
        (folder / f"note-{number:03d}.md").write_text(text, encoding="utf-8")
    return target


def substring_truth(notes: list[Note], query: str) -> set[str]:
    """Paths of the notes whose title, body or entity values contain `query`, folded.

    CJK queries match anywhere; Latin words match as whole words.
    """
    needle = fold(query)
    latin = re.fullmatch(r"[a-z0-9 ]+", needle) is not None
    pattern = re.compile(rf"(?<![a-z0-9]){re.escape(needle)}(?![a-z0-9])") if latin else None
    found = set()
    for note in notes:
        values = [v for names in note.entities.values() for v in names]
        haystack = fold("\n".join([note.title, note.body, *values]))
        if pattern.search(haystack) if pattern else needle in haystack:
            found.add(note.path)
    return found


def indexed_seeds(tmp_path: Path) -> Vault:
    """A private copy of seeds/ at `tmp_path / "v"`, indexed into `tmp_path / "ix"`."""
    vault = Vault(copy_seeds(tmp_path / "v"), tmp_path / "ix")
    vault.update()
    return vault


def python_prints(code: str) -> str:
    """What a fresh Python process running `code` prints (to see what it imported)."""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


#: Notes with neither frontmatter nor links: three about lowest common ancestors (the first
#: says it most, the last least), the rest about nothing alike.
PLAIN_NOTES = {
    "cooking.md": "How to cook rice: wash the rice, add water, boil, then rest.",
    "garden.md": "Tomatoes want sun and water; prune the garden in spring.",
    "travel.md": "去北京旅行：坐火车，看长城，吃烤鸭。",
    "music.md": "Practice scales on the piano every morning, slowly.",
    "weather.md": "明天下雨，记得带伞。Rain tomorrow, take an umbrella.",
    "sorting.md": "Quick sort picks a pivot and partitions the array in place.",
    "a-lca.md": "# LCA\n\n二叉树的最近公共祖先：lowest common ancestor (LCA) of two nodes p and q "
    "in a tree, 1 2 3.\n\n祖先 ancestor lowestCommonAncestor",
    "z-lca-bst.md": "# LCA in a BST\n\n二叉搜索树的最近公共祖先 lowest common ancestor, "
    "LCA: 祖先 lowestCommonAncestor",
    "m-lca-deepest.md": "# Deepest leaves\n\nThe LCA of the deepest leaves: 公共祖先.",
}


def write_notes(root: Path, notes: dict[str, str]) -> Path:
    """Write `notes` (path -> text) under `root`; returns `root`."""
    for path, text in notes.items():
        file = root / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return root
