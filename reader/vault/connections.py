"""A note's connections as a reader sees them: backlinks with the line around each link,
and unlinked mentions (notes whose text names the note without linking it); related notes
are `reader.vault.related`'s.

Mentions are found by the search index, so they match as a search does: whole words for
Latin, any position for CJK, folded. Part of the core: never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from reader.markdown.wiki import parse_wiki_href
from reader.notes.encoding import decode
from reader.notes.note import normalise_text
from reader.search.query import Or, Text
from reader.text.fold_find import first_match
from reader.text.snippets import clip_spans, make_snippet
from reader.text.terminal import inert
from reader.vault.link_store import FRONTMATTER_LINE
from reader.vault.links import Link

if TYPE_CHECKING:
    from reader.markdown.scan import LinkRef
    from reader.vault.vault import Vault

#: How many characters of context a backlink shows at most.
CONTEXT_WIDTH = 150
#: How many lines after a link's line are looked at for it: a Markdown link is placed on
#: its paragraph's first line, and a paragraph may run on.
_PARAGRAPH_REACH = 20

#: Where a context shows what links or names the note: (start, end) in `context`.
Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Connection:
    """A note connected to another: its path, title, the 0-based line of the link (None for
    a mention, -1 for a link in the frontmatter), the line's text as a reader sees it (links
    by their label, no markup), what to look for in the note to find the place (the link's
    text as written, or the names mentioned), how many links to the note the line holds,
    and where in `context` they (or the names mentioned) are."""

    path: str
    title: str
    context: str
    line: int | None = None
    needles: tuple[str, ...] = ()
    count: int = 1
    spans: Spans = ()


def backlinks(vault: Vault, path: str, limit: int | None = None) -> list[Connection]:
    """The notes linking to `path`, one entry per linking note and line (with how many
    links the line holds), by source then place."""
    rows: dict[tuple[str, int], list[Link]] = {}
    for link in vault.links.backlinks(path):
        rows.setdefault((link.source, link.ref.line), []).append(link)
    bodies: dict[str, list[str]] = {}
    found = []
    for (source, _line), group in list(rows.items())[:limit]:
        if source not in bodies:
            bodies[source] = _lines(vault, source)
        found.append(_connection(vault, group, bodies[source]))
    return found


def _lines(vault: Vault, path: str) -> list[str]:
    record = vault.get(path)
    body = vault.body(record) if record is not None else None
    return (body or "").split("\n")


def _connection(vault: Vault, group: list[Link], lines: list[str]) -> Connection:
    """One row of backlinks: the links to a note from one line of another."""
    first = group[0]
    record = vault.get(first.source)
    title = record.title if record is not None else first.source
    refs = [link.ref for link in group]
    line = first.ref.line
    if line == FRONTMATTER_LINE:
        names = list(dict.fromkeys(ref.label or ref.target for ref in refs))
        text, spans = "(properties) ", list[tuple[int, int]]()
        for name in names:
            text += ", " if spans else ""
            spans.append((len(text), len(text) + len(name)))
            text += name
        context, moved = _clipped(text, spans)
        return Connection(first.source, title, context, line, (), len(group), moved)
    line, text, spans = _context_line(lines, line, refs, vault.label_first)
    needles = tuple(dict.fromkeys(n for ref in refs if (n := ref.target or ref.label or "")))
    context, moved = _clipped(text, spans)
    return Connection(first.source, title, context, line, needles, len(group), moved)


def _context_line(
    lines: list[str], line: int, refs: list[LinkRef], reversed_labels: bool
) -> tuple[int, str, list[tuple[int, int]]]:
    """The line holding the links (from `line` to the end of its paragraph) as shown, and
    the spans of the links to the note in it."""
    from reader.markdown.plain import visible_line

    for at in range(line, min(len(lines), line + _PARAGRAPH_REACH)):
        if at > line and not lines[at].strip():
            break
        shown = visible_line(lines[at], reversed_labels=reversed_labels)
        spans = [
            (start, end)
            for start, end, style, href in shown.spans
            if style == "link" and _links_to(href, refs)
        ]
        if spans:
            return at, shown.text, spans
    raw = lines[line] if 0 <= line < len(lines) else ""
    return line, visible_line(raw, reversed_labels=reversed_labels).text or raw.strip(), []


def _links_to(href: str, refs: list[LinkRef]) -> bool:
    """Whether a shown link's href is one of `refs` (a wiki link's or a Markdown link's, or
    Logseq's `[label]([[Page]])`)."""
    wiki = parse_wiki_href(href)
    if wiki is not None:
        targets = {wiki[0]}
    else:
        written = unquote(href).partition("#")[0]
        targets = {written, written.strip().removeprefix("[[").removesuffix("]]")}
    return any(ref.target in targets for ref in refs)


def _clipped(text: str, spans: list[tuple[int, int]]) -> tuple[str, Spans]:
    """One line of context, at most `CONTEXT_WIDTH` characters, the first span in view."""
    return clip_spans(inert(text.replace("\n", " ")), spans, CONTEXT_WIDTH)


def file_line(vault: Vault, link: Link) -> int | None:
    """The 0-based line of a link in its note's file, as an editor numbers it (the body's
    line plus the frontmatter's); None for a link in the frontmatter."""
    record = vault.get(link.source)
    if link.ref.line < 0 or record is None:
        return None
    if not record.body_offset:
        return link.ref.line
    try:
        raw = vault.file_path(link.source).read_bytes()
    except OSError:
        return link.ref.line
    return normalise_text(decode(raw)[0])[: record.body_offset].count("\n") + link.ref.line


def unlinked_mentions(vault: Vault, path: str, limit: int | None = None) -> list[Connection]:
    """Notes whose body names this note (title or alias) without linking to it."""
    record = vault.get(path)
    if record is None:
        return []
    names = [n for n in dict.fromkeys((record.title, *record.aliases)) if len(n.strip()) >= 2]
    if not names:
        return []
    linking = {link.source for link in vault.links.backlinks(path)}
    node = Or(tuple(Text(name, "body") for name in names))
    found: list[Connection] = []
    for other, _score in vault.search_paths(node):
        if other == path or other in linking:
            continue
        found.append(_mention(vault, other, names))
        if limit is not None and len(found) >= limit:
            break
    return found


def _mention(vault: Vault, path: str, names: list[str]) -> Connection:
    """A mention's context: the visible text around the first place the note is named, as
    a search snippet is cut, with the names' spans."""
    from reader.markdown.plain import visible_window

    record = vault.get(path)
    body = (vault.body(record) if record is not None else None) or ""
    shown = visible_window(body, first_match(body, names), reversed_labels=vault.label_first)
    snippet, spans = make_snippet(shown, names, markers=False)
    title = record.title if record is not None else path
    return Connection(path, title, snippet, None, tuple(names), 1, spans)
