"""A long note in parts, and where an anchor is among the rendered parts.

The note view renders a long note a part at a time (`split_parts`, `new_part`); following a
link to a heading or a block looks for it in the parts rendered so far (`anchor_block`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from textual.content import Content

from reader.markdown.wiki import same_heading
from reader.tui.widgets.marks import leaves

if TYPE_CHECKING:
    from textual.widget import Widget

    from reader.markdown.footnotes import Footnotes
    from reader.markdown.normalise import Resolve
    from reader.tui.widgets.image_block import FindImage
    from reader.tui.widgets.note_markdown import NoteMarkdown

    #: What rendering needs from the vault: the embed resolver, the label order of wiki
    #: links, and the note's own link name (a note never embeds itself).
    NoteLinks = tuple[Resolve | None, bool, str]

#: Size of one rendered part of a long note, in characters: about ten screens of Chinese.
#: Textual builds a part on the UI thread (~0.2 s for 8,000 characters here), so larger
#: parts make the screen stall when a long note opens or grows.
PART_CHARS = 8_000


def split_parts(body: str, size: int = PART_CHARS) -> list[str]:
    """Cut a body into parts of about `size` characters at blank lines outside code fences."""
    if len(body) <= size:
        return [body]
    parts: list[str] = []
    current: list[str] = []
    length, fenced = 0, False
    for line in body.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        current.append(line)
        length += len(line)
        if length >= size and not fenced and not line.strip():
            parts.append("".join(current))
            current, length = [], 0
    if current:
        parts.append("".join(current))
    return parts


def new_part(
    index: int, links: NoteLinks, footnotes: Footnotes | None, images: FindImage | None = None
) -> NoteMarkdown:
    """An empty widget for part `index` of a note (Markdown's imports wait for a note);
    `images` finds the files of its images (None: images stay text)."""
    from reader.tui.widgets.note_markdown import NoteMarkdown, NoteParser

    parser = NoteParser(*links, footnotes, images=images)
    return NoteMarkdown(id=f"note-md-{index}", parser=parser)


#: What opens a Markdown line and is not shown as its text: quote, list and task markers.
_LINE_MARKS = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?(?:\[[ xX]\]\s+)?")


def anchor_block(
    markdowns: Sequence[NoteMarkdown], anchor: str, line_text: str = ""
) -> Widget | None:
    """The rendered block an anchor names: a heading (its text, its slug, or the last of
    `H1#H2`), or a block: the one ending with `^id` where ids are shown, else the one
    holding the start of its line's words (`line_text`); None if not rendered (yet)."""
    if anchor.startswith("^"):
        wanted = anchor.strip()
        words = " ".join(_LINE_MARKS.sub("", line_text.replace(wanted, "")).split())[:24]
        for leaf in leaves(markdowns):
            plain = cast("Content", leaf.content).plain.rstrip()
            if plain.endswith(wanted) or (wanted + "\n") in plain:
                return leaf
            if words and words in " ".join(plain.split()):
                return leaf
        return None
    last = anchor.split("#")[-1]
    for markdown in markdowns:
        for _level, text, block_id in markdown.table_of_contents:
            if block_id and same_heading(text, last):
                return markdown.query_one(f"#{block_id}")
    return None
