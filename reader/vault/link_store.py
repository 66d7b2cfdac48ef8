"""What each note refers to, scanned once per version of the note and kept beside the index.

The link model needs every note's links, inline tags, headings and block ids. Scanning a
body with the Markdown parser costs about 1 s per MB here, so it is done once per version of
a note (recognised by its content digest) and saved in `links.marshal` next to the catalog:
later starts read the saved records and scan only notes whose digest changed. The catalog
itself stays as it was, so listing a vault at start-up never pays for the links.

Links in frontmatter values (Obsidian properties: `related: "[[Other]]"`) are kept with the
body's links, with line -1. Part of the core: never imports Textual.
"""

from __future__ import annotations

import marshal
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.markdown.wiki import parse_wikilink
from reader.notes.note import Note
from reader.vault.catalog import collector_paused, write_atomically

if TYPE_CHECKING:  # the parser (markdown-it) loads when a note is scanned, not at start-up
    from reader.markdown.scan import Heading, LinkRef

LINKS_FILE = "links.marshal"
#: Bump when what a record holds changes meaning (how bodies are scanned, the record's form).
#: Version 5: HTML links are scanned too. Version 6: the records of version 5, in `marshal`
#: rather than JSON. Version 7: a wiki link's bare `|` in a table row, CJK-friendly emphasis
#: in headings. Version 8: notes whose only link is an upper-case `<A HREF>` (or an indented
#: setext heading) are scanned too.
LINKS_VERSION = 8
#: The file earlier versions wrote (JSON): never read (their scans miss links found now, so
#: the notes are scanned again), removed on the next save.
LEGACY_FILE = "links.json"
_OUTLINE_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
#: Line of a link found in the frontmatter.
FRONTMATTER_LINE = -1


@dataclass(frozen=True)
class NoteRefs:
    """What one version of a note refers to. `links` are the body's links in order, then the
    frontmatter's (line -1); `tags` the inline tags as written (no `#`)."""

    digest: str
    links: tuple[LinkRef, ...] = ()
    tags: tuple[str, ...] = ()
    headings: tuple[Heading, ...] = ()
    blocks: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class RefScan:
    """`refs_of` with a vault's settings, as an object that pickles: a parallel build runs
    it in the worker process that read the note (see `reader.vault.sync.Scanning`)."""

    reversed_labels: bool = False
    outliner: bool = False

    def __call__(self, note: Note) -> NoteRefs:
        return refs_of(note, reversed_labels=self.reversed_labels, outliner=self.outliner)


def refs_of(note: Note, *, reversed_labels: bool = False, outliner: bool = False) -> NoteRefs:
    """Scan a fully read note (body and frontmatter). In an outliner's vault (Logseq) a line's
    indentation is its depth in the outline, never an indented code block, so it is left out
    of the scan (lines keep their numbers)."""
    from reader.markdown.scan import LinkRef, scan, wikilinks_in

    body = _OUTLINE_INDENT.sub("", note.body) if outliner else note.body
    found = scan(body, reversed_labels=reversed_labels)  # parses nothing when nothing is there
    front = [
        LinkRef(ref.target, ref.anchor, ref.label, ref.embed, False, FRONTMATTER_LINE)
        for text in _strings(note.meta)
        if "[[" in text
        for ref in wikilinks_in(text, reversed_labels=reversed_labels)
    ]
    links = tuple(_unwrap(ref) for ref in found.links) + tuple(front)
    return NoteRefs(note.digest, links, found.tags, found.headings, found.block_ids)


def _unwrap(ref: LinkRef) -> LinkRef:
    """`[label]([[Page]])` (Logseq's labelled page link) is a link to the page: a Markdown
    link whose destination is a wiki link is read as that wiki link."""
    whole = ref.target.strip() + ("" if ref.anchor is None else "#" + ref.anchor)
    if not (ref.markdown and whole.startswith("[[") and whole.endswith("]]")):
        return ref
    inner = parse_wikilink(whole[2:-2], embed=ref.embed)
    return type(ref)(inner["target"], inner["anchor"], ref.label, ref.embed, False, ref.line)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a frontmatter value (lists and mappings walked)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


# -- saving and loading -----------------------------------------------------------------------
#
# `marshal`, as the catalog (see `reader.vault.catalog`): a row of plain tuples per note,
# link targets and tags written once however many notes repeat them, and records made
# without their dataclasses' `__init__`. Loading 10,000 notes' records from JSON took
# about a second; it is a fraction of that now. The `links.json` of earlier versions is
# never read (their scans missed links the scan finds now); it is removed on the next save.

Row = tuple[Any, ...]


def row_of(path: str, refs: NoteRefs) -> Row:
    """One note's entry of the saved file. Callers keep these between saves, so that a
    save after a small change does not turn every record into a row again."""
    return (
        path,
        refs.digest,
        tuple((r.target, r.anchor, r.label, r.embed, r.markdown, r.line) for r in refs.links),
        refs.tags,
        tuple((h.level, h.text, h.line) for h in refs.headings),
        refs.blocks,
    )


def save_refs(directory: Path, rows: Iterable[Row], style: str) -> None:
    """Write the records (each made by `row_of`) atomically. May raise OSError."""
    shared: dict[Any, Any] = {}
    rows = [_shared_row(row, shared) for row in rows]
    directory.mkdir(parents=True, exist_ok=True)
    write_atomically(
        directory / LINKS_FILE, marshal.dumps(({"version": LINKS_VERSION, "style": style}, rows))
    )
    (directory / LEGACY_FILE).unlink(missing_ok=True)


def _shared_row(row: Row, shared: dict[Any, Any]) -> Row:
    """The row with each repeated string the same object (written once by marshal)."""
    path, digest, links, tags, headings, blocks = row
    links = tuple(
        (shared.setdefault(t, t), a, shared.setdefault(label, label), e, m, n)
        for t, a, label, e, m, n in links
    )
    tags = tuple(shared.setdefault(tag, tag) for tag in tags)
    return (path, digest, links, tags, headings, blocks)


def load_refs(directory: Path, style: str) -> dict[str, NoteRefs]:
    """The saved records by path ({} when there are none, or they were scanned in another
    `style`, see `LinkKeeper.style`)."""
    from reader.markdown.scan import Heading, LinkRef

    try:
        data = (directory / LINKS_FILE).read_bytes()
    except OSError:
        return {}
    try:
        with collector_paused():  # a million tuples and records, none in a cycle
            head, rows = marshal.loads(data)
            if head.get("version") != LINKS_VERSION or head.get("style") != style:
                return {}
            return {row[0]: _refs(row, LinkRef, Heading) for row in rows}
    except (EOFError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _refs(row: Row, link_type: type[LinkRef], heading_type: type[Heading]) -> NoteRefs:
    """The record of a row, its parts made field by field (as their `__init__` would)."""
    _, digest, links, tags, headings, blocks = row
    return _made(
        NoteRefs,
        _REFS_FIELDS,
        (
            digest,
            tuple(_made(link_type, _LINK_FIELDS, link) for link in links),
            tags,
            tuple(_made(heading_type, _HEADING_FIELDS, heading) for heading in headings),
            blocks,
        ),
    )


def _made(kind: type[Any], fields: tuple[str, ...], values: Iterable[Any]) -> Any:
    made = object.__new__(kind)
    made.__dict__.update(zip(fields, values, strict=True))
    return made


_REFS_FIELDS = ("digest", "links", "tags", "headings", "blocks")
_LINK_FIELDS = ("target", "anchor", "label", "embed", "markdown", "line")
_HEADING_FIELDS = ("level", "text", "line")
