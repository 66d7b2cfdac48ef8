"""Loading notes: files under a vault, their frontmatter, title, date, entities and problems.

A note is never lost: whatever goes wrong while reading it (bad YAML, an odd encoding, a
scalar where a list belongs) is recorded in `Note.problems` and the rest of the note is kept.
Only files that are not text at all (binary, unreadable, vanished) become `Skipped`.

Offsets: a note's text is its decoded bytes with any byte-order mark removed and every line
ending (`\\r\\n` or a lone `\\r`) turned into `\\n` (`normalise_text`). `Note.body_offset` is
an index into that text, and `text[body_offset:] == body`: the body keeps the characters as
written, so snippets cut from it are exact. This module is part of the core and must never
import Textual.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_mode
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.notes.encoding import decode, looks_binary
from reader.notes.fields import (
    TITLE_SOURCES,
    aliases_of,
    entity_names,
    first_h1,
    normalise_date,
    page_title,
    text_field,
    title_of,
)
from reader.notes.frontmatter_parse import read_frontmatter, to_jsonable
from reader.text.terminal import inert

NOTE_SUFFIXES = (".md", ".markdown", ".txt")

#: Files larger than this are not read as notes (they would not be notes, and reading them
#: whole would cost the memory of every other note together).
MAX_NOTE_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Note:
    """One note as read from disk.

    `path` is relative to the vault with `/` separators. `date` is a normalised ISO 8601
    string (`YYYY-MM-DD` or `YYYY-MM-DDTHH:MM:SS`, aware times converted to UTC), so dates
    compare as strings; a date that could not be understood is kept in `date_text` and
    reported in `problems`. `meta` is the whole frontmatter, JSON-safe. `aliases` are the
    note's other names (`aliases:`/`alias:`). `entities` maps each entity type key to the
    names listed under it, as written. `title` follows the vault's title order
    (`title_for`). `body_offset` is where the body starts in the note's normalised text
    (see the module docstring). `encoding` is the
    codec the bytes were decoded with; `digest` a BLAKE2b hash of the raw bytes.
    """

    path: str
    title: str
    body: str
    meta: dict[str, Any] = field(default_factory=dict)
    entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
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


# -- finding notes --------------------------------------------------------------------------


def file_stat(root: str, path: str) -> tuple[int, int] | None:
    """(mtime_ns, size) of the vault file `path` under `root` (the vault folder as a string),
    None if it cannot be looked at. Joins strings: with pathlib, stating 10,000 notes took
    four times as long."""
    try:
        info = os.stat(os.path.join(root, path))
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def iter_note_paths(root: Path) -> Iterator[str]:
    """Yield the vault-relative paths (with `/`) of every note file under `root`, sorted.

    Hidden files and folders (`.git`, `.obsidian`, …) are skipped; symlinks are followed
    only when they stay inside the vault, and never into a loop. See `scan_notes` for the
    reasons files were left out.
    """
    return iter(scan_notes(root)[0])


def scan_notes(root: Path) -> tuple[list[str], list[Skipped]]:
    """Every note path under `root` (sorted), and the links and folders left out, with why.

    Real folders are scanned before symlinked ones, so a note reachable both ways is listed
    under its real path; a link to a folder already scanned (a loop, or a second way in) is
    reported rather than followed.
    """
    base = os.path.realpath(root)
    found: list[str] = []
    skipped: list[Skipped] = []
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[str, str]] = [(base, "")]
    linked: list[tuple[str, str]] = []
    while stack or linked:
        folder, rel = stack.pop() if stack else linked.pop(0)
        try:
            info = os.stat(folder)
        except OSError as exc:
            skipped.append(Skipped(rel or ".", f"cannot read folder: {_reason(exc)}"))
            continue
        if (info.st_dev, info.st_ino) in seen:
            skipped.append(Skipped(rel, "symlink to a folder already scanned (a loop?)"))
            continue
        seen.add((info.st_dev, info.st_ino))
        _scan_folder(base, folder, rel, (found, skipped, stack, linked))
    return sorted(found), sorted(skipped, key=lambda s: s.path)


_ScanState = tuple[list[str], list[Skipped], list[tuple[str, str]], list[tuple[str, str]]]


def _scan_folder(base: str, folder: str, rel: str, state: _ScanState) -> None:
    """List one folder: notes into `found`, sub-folders onto the stacks, oddities skipped."""
    found, skipped, stack, linked = state
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError as exc:
        skipped.append(Skipped(rel or ".", f"cannot read folder: {_reason(exc)}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = f"{rel}/{entry.name}" if rel else entry.name
        is_note = entry.name.lower().endswith(NOTE_SUFFIXES)
        try:
            is_link = entry.is_symlink()
            if is_link and not _inside(base, entry.path):
                if is_note or os.path.isdir(entry.path):
                    skipped.append(Skipped(path, "symlink leads outside the vault"))
                continue
            if entry.is_dir():
                (linked if is_link else stack).append((entry.path, path))
            elif entry.is_file() and is_note:
                found.append(path)
            elif is_link and is_note:
                skipped.append(Skipped(path, "broken symlink"))
        except OSError as exc:
            if is_note:
                skipped.append(Skipped(path, f"cannot read: {_reason(exc)}"))


def _inside(base: str, path: str) -> bool:
    """Whether `path`, with every symlink resolved, lies inside the folder `base`."""
    real = os.path.realpath(path)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def _reason(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "the file vanished while the vault was read"
    if isinstance(exc, PermissionError):
        return "permission denied"
    return str(exc.strerror or exc)


# -- reading one note -----------------------------------------------------------------------


def load_note(
    root: Path,
    relpath: str,
    entity_keys: Collection[str] = (),
    title_from: tuple[str, ...] = TITLE_SOURCES,
) -> Note | Skipped:
    """Read one note. Never raises: bad content becomes problems on the note; files that are
    binary, unreadable, not regular, too large or gone become `Skipped`. `title_from` is
    the order of title sources (see `title_for`)."""
    read = _read_bytes(root, relpath)
    if isinstance(read, str):
        return Skipped(relpath, read)
    raw, info = read
    if looks_binary(raw):
        return Skipped(relpath, "binary file")
    text, encoding, problems = decode(raw)
    return parse_note(
        relpath,
        text,
        entity_keys,
        problems=problems,
        title_from=title_from,
        encoding=encoding,
        mtime_ns=info.st_mtime_ns,
        size=info.st_size,
        digest=hashlib.blake2b(raw, digest_size=16).hexdigest(),
    )


def _read_bytes(root: Path, relpath: str) -> tuple[bytes, os.stat_result] | str:
    """The file's bytes and status, read through one descriptor; or why they cannot be."""
    if os.path.isabs(relpath) or ".." in relpath.replace("\\", "/").split("/"):
        return "path leads outside the vault"
    try:
        # O_NONBLOCK: a FIFO named like a note must not hang the scan; no effect on files.
        fd = os.open(root / relpath, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        return f"cannot read: {_reason(exc)}"
    try:
        info = os.fstat(fd)
        if not stat_mode.S_ISREG(info.st_mode):
            return "not a regular file"
        if info.st_size > MAX_NOTE_BYTES:
            return f"too large to be a note ({info.st_size // 2**20} MB)"
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read(), info
    except OSError as exc:
        return f"cannot read: {_reason(exc)}"
    finally:
        os.close(fd)


def normalise_text(text: str) -> str:
    """The text offsets refer to: no byte-order mark, `\\n` for every line ending."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse_note(
    relpath: str,
    text: str,
    entity_keys: Collection[str] = (),
    *,
    problems: Iterable[str] = (),
    title_from: tuple[str, ...] = TITLE_SOURCES,
    **stat: Any,
) -> Note:
    """Build a `Note` from decoded text. Never raises.

    `problems` are found before parsing (by decoding) and come first; `stat` fills the
    remaining `Note` fields (`encoding`, `mtime_ns`, `size`, `digest`).
    """
    raw = normalise_text(text)
    text = inert(raw)  # one character for one: offsets into the file's text still hold
    front = read_frontmatter(text)
    found = [*problems, *front.problems]
    if text != raw:
        found.append("control characters were made visible (they could drive a terminal)")
    meta = to_jsonable(front.data, found)
    body = text[front.body_offset :]
    date, date_text = normalise_date(date_value(front.data), found)
    entities = {}
    for key in entity_keys:
        if key in meta:
            names = entity_names(key, meta[key], found)
            if names:
                entities[key] = names
    return Note(
        path=relpath,
        title=title_for(meta, body, relpath, title_from, found),
        body=body,
        meta=meta,
        entities=entities,
        aliases=tuple(inert(a) for a in aliases_of(meta, found)),
        date=date,
        date_text=None if date_text is None else inert(date_text),
        summary=text_field("summary", meta.get("summary"), found),
        status=text_field("status", meta.get("status"), found),
        problems=tuple(inert(p) for p in found),
        body_offset=front.body_offset,
        **stat,
    )


def title_for(
    meta: dict[str, Any], body: str, relpath: str, order: tuple[str, ...], problems: list[str]
) -> str:
    """The note's title from the first source in `order` that has one: the frontmatter
    `title` (any scalar, as text) or else Logseq's `title::` page property, the first
    level-1 heading as plain text, the file name without its suffix (which always has one).
    A bad frontmatter title is reported even when another source comes first."""
    front = title_of(meta.get("title"), problems)
    if front is None:
        front = page_title(body)
    for source in order:
        if source == "frontmatter" and front is not None:
            return front
        if source == "heading" and (heading := first_h1(body)) is not None:
            return heading
        if source == "filename":
            break
    return inert(_stem(relpath))


#: Frontmatter keys that hold a note's date, by preference, compared without case, spaces,
#: `_` or `-` (`date created`, `date_created`, `createdAt`, `created-at` are one key).
DATE_KEYS = ("date", "created", "datecreated", "createdat", "creationdate", "createddate")


def date_value(data: dict[str, Any]) -> Any:
    """The value of the first date key the frontmatter has (None if none)."""
    found: dict[str, Any] = {}
    for key, value in data.items():
        plain = "".join(c for c in str(key).casefold() if c not in " _-")
        if plain in DATE_KEYS and value not in (None, ""):
            found.setdefault(plain, value)
    return next((found[key] for key in DATE_KEYS if key in found), None)


def strip_suffix(name: str) -> str:
    """A note path or name without its note suffix (`a/B.md` -> `a/B`)."""
    lowered = name.lower()
    for suffix in NOTE_SUFFIXES:
        if lowered.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _stem(relpath: str) -> str:
    """The file name without its note suffix; never empty."""
    name = strip_suffix(relpath.replace("\\", "/").rsplit("/", 1)[-1])
    return name.strip() or relpath.strip() or "(untitled)"
