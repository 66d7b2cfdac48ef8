"""Loading notes: files under a vault, their frontmatter, title, date, entities and problems.

A note is never lost: whatever goes wrong while reading it (bad YAML, an odd encoding, a
scalar where a list belongs) is recorded in `Note.problems` and the rest of the note is kept.
This module is part of the core and must never import Textual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

NOTE_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True)
class Note:
    """One note as read from disk.

    `path` is relative to the vault with `/` separators. `date` is a normalised ISO 8601
    string (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`), so dates compare as strings; a date that
    could not be understood is kept in `date_text` and reported in `problems`.
    `entities` maps each entity type key to the names listed under it, as written.
    `body_offset` is where the body starts in the decoded file text, so snippets can be cut
    from the original text without parsing the frontmatter again.
    """

    path: str
    title: str
    body: str
    meta: dict[str, Any] = field(default_factory=dict)
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date: str | None = None
    date_text: str | None = None
    summary: str = ""
    status: str = ""
    problems: tuple[str, ...] = ()
    encoding: str = "utf-8"
    body_offset: int = 0
    mtime_ns: int = 0
    size: int = 0
    digest: str = ""


@dataclass(frozen=True)
class Skipped:
    """A file under the vault that is not loaded as a note, and why (e.g. it is binary)."""

    path: str
    reason: str


def iter_note_paths(root: Path) -> Iterator[str]:
    """Yield the vault-relative paths (with `/`) of every note file under `root`, sorted.

    Hidden folders (`.git`, `.obsidian`, …) are skipped; symlinks are followed only when
    they stay inside the vault, and never into a loop.
    """
    root = root.resolve()
    seen: set[tuple[int, int]] = set()
    found: list[str] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue
        seen.add((st.st_dev, st.st_ino))
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            full = Path(entry.path)
            try:
                if entry.is_symlink():
                    target = full.resolve()
                    if not target.is_relative_to(root):
                        continue
                if entry.is_dir():
                    stack.append(full)
                elif entry.is_file() and entry.name.lower().endswith(NOTE_SUFFIXES):
                    found.append(full.relative_to(root).as_posix())
            except OSError:
                continue
    return iter(sorted(found))


def load_note(root: Path, relpath: str, entity_keys: Collection[str] = ()) -> Note | Skipped:
    """Read one note. Never raises for bad content; unreadable files become `Skipped`."""
    full = root / relpath
    try:
        raw = full.read_bytes()
        st = full.stat()
    except OSError as exc:
        return Skipped(relpath, f"cannot read: {exc.strerror or exc}")
    if b"\x00" in raw[:8192] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Skipped(relpath, "binary file")
    text, encoding = raw.decode("utf-8", errors="replace"), "utf-8"
    return parse_note(
        relpath,
        text,
        entity_keys,
        encoding=encoding,
        mtime_ns=st.st_mtime_ns,
        size=st.st_size,
        digest=hashlib.blake2b(raw, digest_size=16).hexdigest(),
    )


def parse_note(
    relpath: str, text: str, entity_keys: Collection[str] = (), **stat: Any
) -> Note:
    """Build a `Note` from decoded text."""
    problems: list[str] = []
    try:
        post = frontmatter.loads(text)
        meta: dict[str, Any] = dict(post.metadata)
        body = post.content
    except (yaml.YAMLError, ValueError) as exc:
        problems.append(f"frontmatter: {exc}")
        meta, body = {}, text
    offset = max(text.find(body[:64]), 0) if body else len(text)
    entities = {key: _as_names(meta.get(key)) for key in entity_keys if key in meta}
    date, date_text = _normalise_date(meta.get("date"))
    return Note(
        path=relpath,
        title=str(meta.get("title") or _first_heading(body) or Path(relpath).stem),
        body=body,
        meta=meta,
        entities={k: v for k, v in entities.items() if v},
        date=date,
        date_text=date_text,
        summary=str(meta.get("summary") or ""),
        status=str(meta.get("status") or ""),
        problems=tuple(problems),
        body_offset=offset,
        **stat,
    )


def _as_names(value: Any) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    if isinstance(value, list):
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())
    return (str(value).strip(),)


def _normalise_date(value: Any) -> tuple[str | None, str | None]:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds"), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip(), None
    return None, (None if value is None else str(value))


def _first_heading(body: str) -> str | None:
    match = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", body, re.MULTILINE)
    return match.group(1) if match else None
