"""The link scan over whole collections: its CPU time, and whether it finds exactly what
another checkout's scan finds.

Every note's body is scanned in both link styles (`[[target|label]]` and Dendron's
`[[label|target]]`), as written and, for an outliner's vault, with line indents removed as
the link model does (`--outliner`). `--save` writes the scans to a file; `--against` reads
such a file (made by another checkout) and lists every note whose scan differs. With
`--tokens`, each body's whole parse (every inline token parsed, as the renderer has it)
is compared too, by a digest of every field of every token and child. `--block` only
times the block parse (markdown-it's block rules, which the scan runs on every body it
parses) over every body, the least CPU seconds of `--repeat` passes; under callgrind,
the instructions of `--repeat 2` less those of `--repeat 1` are one pass's. `--every N`
takes every N-th note only.

    python -m bench.scan_check CORPUS... [--save FILE | --against FILE] [--tokens]
                               [--block] [--repeat N] [--every N]

Imports only `reader`, so another checkout can run this file to make the reference:
`/work/base/.venv/bin/python bench/scan_check.py CORPUS --save /tmp/base.pickle`.
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import re
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

from markdown_it.token import Token

from reader.markdown.parser import markdown_parser, parse
from reader.markdown.scan import scan
from reader.notes.note import Note, load_note, scan_notes

#: What the link model removes from an outliner's lines before scanning (`refs_of`).
_OUTLINE_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def bodies(corpus: Path, *, outliner: bool, every: int = 1) -> dict[str, str]:
    """Every note's body by path (and its dedented form under `path + "#outline"`), or
    every `every`-th note's in path order."""
    found: dict[str, str] = {}
    for path in sorted(scan_notes(corpus)[0])[every - 1 :: every]:
        note = load_note(corpus, path)
        if isinstance(note, Note):
            found[path] = note.body
            if outliner:
                found[path + "#outline"] = _OUTLINE_INDENT.sub("", note.body)
    return found


def scan_all(texts: dict[str, str], repeat: int) -> tuple[dict[str, Any], float]:
    """Each body's scans in both link styles, and the least CPU seconds a pass took."""
    scans: dict[str, Any] = {}
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for path, body in texts.items():
            scans[path] = (scan(body), scan(body, reversed_labels=True))
        best = min(best, time.process_time() - started)
    return scans, best


def block_parse_seconds(texts: dict[str, str], repeat: int) -> float:
    """The least CPU seconds a pass of the block parse over every body took (line breaks
    normalised first, as markdown-it's core does; a fresh env per body)."""
    md = markdown_parser()
    sources = [
        body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
        for body in texts.values()
    ]
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for src in sources:
            md.block.parse(src, md, {}, [])
        best = min(best, time.process_time() - started)
    return best


def token_digests(texts: dict[str, str]) -> dict[str, str]:
    """Each body's whole parse as a digest of every field of its tokens (`_fields`)."""
    return {
        path + "#tokens": hashlib.blake2b(repr(_fields(parse(body))).encode()).hexdigest()
        for path, body in texts.items()
    }


def _fields(value: Any) -> Any:
    """Tokens (in lists, children, `meta`) as tuples of every field, recursively."""
    if isinstance(value, Token):
        return tuple(_fields(getattr(value, field.name)) for field in fields(Token))
    if isinstance(value, list | tuple):
        return tuple(_fields(item) for item in value)
    if isinstance(value, dict):
        return tuple((key, _fields(item)) for key, item in value.items())
    return value


def differences(scans: dict[str, Any], reference: dict[str, Any]) -> list[str]:
    """The paths whose scans differ from the reference's (or that only one side has)."""
    return sorted(
        path for path in scans.keys() | reference.keys() if scans.get(path) != reference.get(path)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpora", nargs="+", type=Path)
    parser.add_argument("--save", type=Path, help="write the scans to this file")
    parser.add_argument("--against", type=Path, help="compare with scans saved in this file")
    parser.add_argument("--outliner", action="store_true", help="also scan dedented bodies")
    parser.add_argument("--tokens", action="store_true", help="also compare whole parses")
    parser.add_argument("--block", action="store_true", help="only time the block parse")
    parser.add_argument("--repeat", type=int, default=1, help="passes to time (least counts)")
    parser.add_argument("--every", type=int, default=1, help="only every N-th note (by path)")
    args = parser.parse_args()
    saved: dict[str, Any] = {}
    reference = pickle.loads(args.against.read_bytes()) if args.against else {}
    failed = 0
    for corpus in args.corpora:
        texts = bodies(corpus, outliner=args.outliner, every=args.every)
        if args.block:
            seconds = block_parse_seconds(texts, args.repeat)
            print(f"{corpus.name}: {len(texts)} bodies, block parse {seconds:.2f} CPU s")
            continue
        scans, seconds = scan_all(texts, args.repeat)
        if args.tokens:
            scans.update(token_digests(texts))
        saved[corpus.name] = scans
        line = f"{corpus.name}: {len(texts)} bodies, {2 * len(texts)} scans, {seconds:.2f} CPU s"
        if args.against:
            differ = differences(scans, reference.get(corpus.name, {}))
            failed += len(differ)
            line += f", {len(differ)} differ" + "".join(f"\n  {path}" for path in differ[:10])
        print(line, flush=True)
    if args.save:
        args.save.write_bytes(pickle.dumps(saved))
    if failed:
        raise SystemExit(f"{failed} bodies scan differently")


if __name__ == "__main__":
    main()
