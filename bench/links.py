"""`python -m bench.links`: the link model measured on real vaults.

    python -m bench.links accuracy VAULT...            precision and recall of resolved links
                                                       and backlinks against a reference
    python -m bench.links scale VAULT --copies 3 [--main-tree /work/main]
                                                       builds, start and incremental updates
                                                       on VAULT copied N times side by side;
                                                       TUI start before (main) and after

The reference is written apart from the model, as plainly as the rules allow: links are
found with regular expressions on the text with fenced code blocks and code spans blanked
out, and each is resolved by trying the rules of docs/architecture.md one after another
over the list of every note path (no tables, no keys). Where the two disagree, one of them
misreads the Markdown or the rule; both counts are printed with a sample of disagreements.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from reader.notes.config import Config, load_config
from reader.notes.note import Note, load_note, scan_notes
from reader.vault.vault import Vault

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)
_COMMENT = re.compile(r"%%.*?%%", re.DOTALL)
_WIKI = re.compile(r"\[\[([^\[\]\n]+)\]\]")
_MD = re.compile(r"\[[^\]\n]*\]\((<[^>\n]+>|[^)\s]+)(?:\s+\"[^\"]*\")?\)")
#: An HTML link's address (`<a href="…">`): the reader shows it as a link, as Obsidian does.
_HTML = re.compile(r"<a\s[^>]*?\bhref\s*=\s*[\"']([^\"'\s]+)[\"']", re.I)
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_ATTACH = re.compile(
    r"\.(png|jpe?g|gif|svg|webp|bmp|pdf|mp[34]|wav|ogg|webm|mov|zip|canvas)$", re.I
)
_SUFFIXES = (".md", ".markdown", ".txt")


def _blank_code(body: str) -> str:
    """The body with fenced code blocks, code spans and `%%comments%%` (hidden: Obsidian
    indexes no link inside them) replaced by spaces."""
    lines, fence = [], ""
    for line in body.split("\n"):
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            lines.append("")
        elif opened:
            fence = opened.group(1)
            lines.append("")
        else:
            lines.append(line)
    # A code span never runs past the end of its paragraph.
    paragraphs = re.split(r"(\n[ \t]*\n)", "\n".join(lines))
    text = "".join(_CODE_SPAN.sub(lambda m: " " * len(m.group(0)), p) for p in paragraphs)
    return _COMMENT.sub(lambda m: " " * len(m.group(0)), text)


def _strip(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def _near(source: str, paths: list[str]) -> str:
    mine = source.split("/")[:-1]

    def key(path: str) -> tuple[int, int, str]:
        theirs = path.split("/")[:-1]
        shared = 0
        while shared < min(len(mine), len(theirs)) and mine[shared] == theirs[shared]:
            shared += 1
        return (-shared, len(theirs), path)

    return sorted(paths, key=key)[0]


class Reference:
    """The rules of docs/architecture.md applied by brute force over every path."""

    def __init__(self, notes: list[Note]) -> None:
        self.paths = [n.path for n in notes]
        self.aliases = {n.path: [a.casefold() for a in n.aliases] for n in notes}

    def resolve(self, target: str, source: str, markdown: bool) -> str | None:
        target = target.strip()
        if not target:
            return source
        if _ATTACH.search(target):
            return None
        tries = []
        if markdown and not target.startswith("/"):
            tries.append(posixpath.normpath(posixpath.join(posixpath.dirname(source), target)))
        tries.append(posixpath.normpath(target.lstrip("/")))
        for wanted in tries:
            hits = [p for p in self.paths if _strip(p).casefold() == _strip(wanted).casefold()]
            if hits:
                return _near(source, hits)
        name = _strip(target).casefold()
        if "/" in name.strip("/"):
            hits = [p for p in self.paths if _strip(p).casefold().endswith("/" + name.strip("/"))]
        else:
            hits = [p for p in self.paths if _strip(p.rsplit("/", 1)[-1]).casefold() == name]
        if hits:
            return _near(source, hits)
        hits = [p for p in self.paths if target.casefold() in self.aliases[p]]
        return _near(source, hits) if hits else None

    def links(self, note: Note, label_first: bool) -> list[tuple[str, str | None]]:
        """(target as written, resolved path) of every link of a note."""
        found = []
        body = _blank_code(note.body)
        texts = [(body, True)] + [(s, False) for s in _strings(note.meta)]
        for text, in_body in texts:
            for match in _WIKI.finditer(text):
                inside = match.group(1).replace("\\|", "|")
                first, bar, second = inside.partition("|")
                if bar and label_first:
                    first = second
                target = first.partition("#")[0].strip()
                found.append((target, self.resolve(target, note.path, False)))
            if not in_body:
                continue
            for match in [*_MD.finditer(text), *_HTML.finditer(text)]:
                href = match.group(1).strip("<>")
                if _SCHEME.match(href) or href.startswith("//"):
                    continue
                target = unquote(href).partition("#")[0]
                found.append((target, self.resolve(target, note.path, True)))
        return [(t, p) for t, p in found if not _ATTACH.search(t)]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _score(mine: Counter, theirs: Counter) -> tuple[float, float, int, int]:
    """Precision and recall of `mine` against `theirs` (multisets), and their sizes; both
    are 1.0 when neither holds anything (nothing to find, nothing wrongly found)."""
    both = sum((mine & theirs).values())
    total_mine, total_theirs = sum(mine.values()), sum(theirs.values())
    precision = both / total_mine if total_mine else 1.0
    recall = both / total_theirs if total_theirs else 1.0
    return precision, recall, total_mine, total_theirs


def accuracy(root: Path, label_first: bool) -> None:
    """Print precision and recall of resolved links and of backlinks for one vault."""
    config = load_config(root)
    config.reversed_labels = config.reversed_labels or label_first
    work = Path(tempfile.mkdtemp(prefix="links-bench-"))
    try:
        vault = Vault(root, work / "index", config)
        vault.update()
        model = vault.links
        keys = list(config.types)
        notes = [
            n
            for n in (load_note(root, p, keys) for p in scan_notes(root)[0])
            if isinstance(n, Note)
        ]
        reference = Reference(notes)
        ref_links: Counter = Counter()
        for note in notes:
            ref_links.update((note.path, t, p) for t, p in reference.links(note, label_first))
        my_links: Counter = Counter(
            (n.path, link.ref.target, link.path) for n in notes for link in model.outgoing(n.path)
        )
        resolved_mine = Counter({k: v for k, v in my_links.items() if k[2] is not None})
        resolved_ref = Counter({k: v for k, v in ref_links.items() if k[2] is not None})
        back_mine = Counter({(k[2], k[0]) for k in resolved_mine if k[2] != k[0]})
        back_ref = Counter({(k[2], k[0]) for k in resolved_ref if k[2] != k[0]})
        p, r, n_mine, n_ref = _score(resolved_mine, resolved_ref)
        bp, br, b_mine, b_ref = _score(back_mine, back_ref)
        print(f"{root.name}: {len(notes)} notes")
        print(
            f"  resolved links  precision {p:.4f}  recall {r:.4f}"
            f"  (model {n_mine}, reference {n_ref})"
        )
        print(
            f"  backlinks       precision {bp:.4f}  recall {br:.4f}"
            f"  (model {b_mine}, reference {b_ref})"
        )
        unresolved = sum(v for k, v in my_links.items() if k[2] is None)
        print(f"  unresolved (notes not written yet): model {unresolved}")
        for label, diff in (
            ("model only", resolved_mine - resolved_ref),
            ("reference only", resolved_ref - resolved_mine),
        ):
            for item in list(diff)[:5]:
                print(f"    {label}: {item}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def scale(root: Path, copies: int, main_tree: Path | None = None) -> None:
    """Build a vault of `copies` copies of `root` and time the link model on it."""
    work = Path(tempfile.mkdtemp(prefix="links-scale-"))
    try:
        vault_dir = work / "vault"
        for i in range(copies):
            shutil.copytree(root, vault_dir / f"copy{i}")
        vault = Vault(vault_dir, work / "index", Config())
        started = time.perf_counter()
        vault.update(links=True)
        built = time.perf_counter() - started
        started = time.perf_counter()
        links = vault.links
        scanned = time.perf_counter() - started
        count = sum(len(links.outgoing(p)) for p in links.refs)
        print(f"{len(vault.records())} notes, {count} links")
        print(
            f"  cold update (catalog + index, notes scanned as read) {built:.2f} s;"
            f" link model built from the scans {scanned:.2f} s"
        )
        again = Vault(vault_dir, work / "index", Config())
        started = time.perf_counter()
        again.open_cached()
        opened = time.perf_counter() - started
        started = time.perf_counter()
        again.links  # noqa: B018
        loaded = time.perf_counter() - started
        print(f"  next start: catalog {opened:.2f} s; link model from links.json {loaded:.2f} s")
        _incremental(again, vault_dir)
        if main_tree is not None:
            _tui_start(vault_dir, work / "index", main_tree)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _incremental(vault: Vault, root: Path) -> None:
    """One note changed, one added, one deleted: `update()` alone, then the link model."""
    notes = sorted(p for p in (n.path for n in vault.records()) if p.endswith(".md"))
    changed, deleted = root / notes[len(notes) // 2], root / notes[-1]
    for _ in range(5):
        changed.write_text(
            changed.read_text(encoding="utf-8") + "\nSee [[Added note]].\n", encoding="utf-8"
        )
        (root / "Added note.md").write_text(
            "# Added\n\nBack to [[" + Path(notes[0]).stem + "]].\n", encoding="utf-8"
        )
        saved = deleted.read_bytes()
        deleted.unlink()
        started = time.perf_counter()
        vault.update()
        updated = time.perf_counter() - started
        started = time.perf_counter()
        links = vault.links
        relinked = time.perf_counter() - started
        assert vault.backlinks("Added note.md"), "the new note has a backlink"
        print(
            f"  1 changed + 1 added + 1 deleted: update {updated:.3f} s,"
            f" link model {relinked:.3f} s"
        )
        deleted.write_bytes(saved)
        (root / "Added note.md").unlink()
        vault.update()
        links = vault.links  # noqa: F841


def _tui_start(vault: Path, index: Path, main_tree: Path, runs: int = 5) -> None:
    """TUI start (list painted, app settled) with the main branch's tree and with this one,
    interleaved, on the same vault and index (`bench.child tui`)."""
    here = Path(__file__).resolve().parent.parent
    trees = {
        "before": (main_tree / ".venv" / "bin" / "python", main_tree),
        "after": (Path(sys.executable), here),
    }
    # Compiled first, as installing does (this environment may not write bytecode itself);
    # the main tree is taken as it is, never written to.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(here / "reader")], check=True)
    found: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
    for _ in range(runs):
        for name, (python, tree) in trees.items():
            done = subprocess.run(
                [str(python), "-m", "bench.child", "tui", str(vault), str(index)],
                cwd=tree,
                capture_output=True,
                text=True,
                check=True,
            )
            found[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
    for name, rows in found.items():
        painted = statistics.median(r["painted"] for r in rows)
        settled = statistics.median(r["settled"] for r in rows)
        print(
            f"  TUI start {name}: painted {painted:.2f} s, settled {settled:.2f} s"
            f" (median of {runs})"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.links",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    acc = sub.add_parser("accuracy")
    acc.add_argument("vaults", nargs="+", type=Path)
    acc.add_argument("--label-first", action="store_true", help="[[label|target]] (Dendron)")
    sc = sub.add_parser("scale")
    sc.add_argument("vault", type=Path)
    sc.add_argument("--copies", type=int, default=3)
    sc.add_argument(
        "--main-tree", type=Path, help="a checkout of main with its .venv: TUI start before"
    )
    args = parser.parse_args(argv)
    if args.command == "accuracy":
        for root in args.vaults:
            accuracy(root, args.label_first)
    else:
        scale(args.vault, args.copies, args.main_tree)
    return 0


if __name__ == "__main__":
    sys.exit(main())
