"""What each note refers to, scanned once per version of the note and kept beside the index.

The link model needs every note's links, inline tags, headings and block ids. Scanning a
body with the Markdown parser costs about 1 s per MB here, so it is done once per version of
a note (recognised by its content digest) and saved in `links.json` next to the catalog:
later starts read the saved records and scan only notes whose digest changed. The catalog
itself stays as it was, so listing a vault at start-up never pays for the links.

Links in frontmatter values (Obsidian properties: `related: "[[Other]]"`) are kept with the
body's links, with line -1. Part of the core: never imports Textual.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.markdown.wiki import parse_wikilink
from reader.notes.note import Note
from reader.vault.catalog import write_atomically

if TYPE_CHECKING:  # the parser (markdown-it) loads when a note is scanned, not at start-up
    from reader.markdown.scan import Heading, LinkRef

LINKS_FILE = "links.json"
#: Bump when what a record holds changes meaning (how bodies are scanned, the record's form).
#: Version 6: a wiki link's bare `|` in a table row, CJK-friendly emphasis in headings.
LINKS_VERSION = 6

#: A body holding none of these has no link, tag, heading or block id: no need to parse it.
#: (`[` opens every Markdown and wiki link, `href` an HTML one, `#` tags and ATX headings,
#: `^` block ids; a line starting with `=` or `-` may underline a setext heading.)
_MARKERS = ("[", "#", "^", "\n=", "\n-", "href")
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


def refs_of(note: Note, *, reversed_labels: bool = False, outliner: bool = False) -> NoteRefs:
    """Scan a fully read note (body and frontmatter). In an outliner's vault (Logseq) a line's
    indentation is its depth in the outline, never an indented code block, so it is left out
    of the scan (lines keep their numbers)."""
    from reader.markdown.scan import LinkRef, Scan, scan, wikilinks_in

    body = _OUTLINE_INDENT.sub("", note.body) if outliner else note.body
    found = (
        scan(body, reversed_labels=reversed_labels)
        if any(marker in body for marker in _MARKERS) or body.startswith(("=", "-"))
        else Scan()
    )
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


def _to_row(refs: NoteRefs) -> list[Any]:
    return [
        refs.digest,
        [[r.target, r.anchor, r.label, r.embed, r.markdown, r.line] for r in refs.links],
        list(refs.tags),
        [[h.level, h.text, h.line] for h in refs.headings],
        [list(b) for b in refs.blocks],
    ]


def _from_row(row: list[Any]) -> NoteRefs:
    from reader.markdown.scan import Heading, LinkRef

    digest, links, tags, headings, blocks = row
    return NoteRefs(
        str(digest),
        tuple(LinkRef(*link) for link in links),
        tuple(tags),
        tuple(Heading(*h) for h in headings),
        tuple((str(b[0]), int(b[1])) for b in blocks),
    )


def load_refs(directory: Path, style: str) -> dict[str, NoteRefs]:
    """The saved records by path ({} when there are none, or they were scanned in another
    `style`, see `LinkKeeper.style`)."""
    try:
        data = json.loads((directory / LINKS_FILE).read_text(encoding="utf-8"))
        if data.get("version") != LINKS_VERSION or data.get("style") != style:
            return {}
        return {path: _from_row(row) for path, row in data["notes"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def row_text(path: str, refs: NoteRefs) -> str:
    """One note's entry of the saved file, as JSON text (`"path":[…]`). Callers keep these
    between saves: writing 10,000 records took ~0.13 s, joining kept texts a few ms."""
    return _dumps(path) + ":" + _dumps(_to_row(refs))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def save_refs(directory: Path, rows: Iterable[str], style: str) -> None:
    """Write the records (each made by `row_text`) atomically. May raise OSError."""
    head = _dumps({"version": LINKS_VERSION, "style": style})[:-1]
    text = head + ',"notes":{' + ",".join(rows) + "}}"
    directory.mkdir(parents=True, exist_ok=True)
    write_atomically(directory / LINKS_FILE, text)
