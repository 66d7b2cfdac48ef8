"""Highlights painted over a rendered Markdown note: find matches and entity mentions.

Textual's Markdown widget renders each paragraph, heading, list item, table cell and code
block into a `Static` whose `content` is a `Content`. We collect those leaves in document
order, find matches and mentions in their plain text (in a worker thread: a pure function
over strings), and restyle each leaf with extra spans. The original content of every leaf is
kept, so highlights can be repainted (the current match moves) or cleared without
re-rendering the note. Styles are component classes of `NoteMarkdown` (`note_markdown`,
styles.tcss), so they follow the light and dark themes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from textual.content import Content
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from reader.markdown.wiki import WIKI_TEXT, href_of
from reader.tui.mentions import MENTION_CLASS, Mention, MentionFinder, find_ranges
from reader.vault.entities import EntityRef


@dataclass(frozen=True)
class Mark:
    """One highlight: in leaf `leaf`, characters `start`..`end`; `ref` for entity mentions,
    `href` for links (`wiki:` for a wiki link shown as written)."""

    leaf: int
    start: int
    end: int
    ref: EntityRef | None = None
    href: str | None = None


#: A link inside a leaf: start, end, href.
LinkSpan = tuple[int, int, str]
_CLICK = re.compile(r"link\((['\"])(.*)\1\)\Z", re.DOTALL)


@dataclass
class Found:
    """The marks of a note: find matches and entity mentions, each in document order."""

    matches: list[Mark] = field(default_factory=list)
    mentions: list[Mark] = field(default_factory=list)


def find_marks(
    texts: Sequence[str],
    needles: Sequence[str],
    finder: MentionFinder | None,
    links: Sequence[list[LinkSpan]] = (),
) -> Found:
    """Matches of `needles`, mentions of entities and links in each text (`links`: those
    the Markdown rendered, per leaf; wiki links still shown as written are found here).
    Mentions and links are one list in document order, so `]`/`[` visit both; a mention
    inside a link is left to the link. Pure: runs in a thread."""
    found = Found()
    for leaf, text in enumerate(texts):
        for start, end in find_ranges(text, needles):
            found.matches.append(Mark(leaf, start, end))
        spans = links[leaf] if leaf < len(links) else []
        marks = [Mark(leaf, start, end, href=href) for start, end, href in spans]
        if finder:
            mentions: list[Mention] = finder.find(text)
            marks += [
                Mark(leaf, m.start, m.end, m.ref)
                for m in mentions
                if not any(s < m.end and m.start < e for s, e, _ in spans)
            ]
        found.mentions.extend(sorted(marks, key=lambda m: m.start))
    return found


def leaf_links(leaf: Static, content: Content, label_first: bool = False) -> list[LinkSpan]:
    """The links of a leaf: those Markdown rendered (spans whose click action opens an
    href), and wiki links still shown as written (`[[Note#Heading|label]]`, as `wiki:`
    hrefs) outside inline code; none in a code block. Cheap: run on the UI thread."""
    from textual.widgets.markdown import MarkdownFence  # loaded with the first note

    if isinstance(leaf.parent, MarkdownFence) or isinstance(leaf, MarkdownFence):
        return []
    found: list[LinkSpan] = []
    code: list[tuple[int, int]] = []
    for span in content.spans:
        style = span.style
        if isinstance(style, str):
            if "code_inline" in style:
                code.append((span.start, span.end))
            continue
        action = style.meta.get("@click")
        matched = _CLICK.match(action) if isinstance(action, str) else None
        if matched and span.end > span.start:
            found.append((span.start, span.end, matched.group(2)))
    for m in WIKI_TEXT.finditer(content.plain):
        inside_code = any(s <= m.start() < e for s, e in code)
        if not inside_code and not any(s < m.end() and m.start() < e for s, e, _ in found):
            found.append((m.start(), m.end(), href_of(m.group(2), reversed_labels=label_first)))
    return sorted(found)


def leaves(markdowns: Sequence[Widget]) -> list[Static]:
    """Every text-bearing Static inside the given Markdown widgets, in document order."""
    found: list[Static] = []
    for markdown in markdowns:
        for widget in markdown.query(Static):
            content = widget.content
            if isinstance(content, Content) and content.plain.strip():
                found.append(widget)
    return found


#: Meta key that marks a mention's characters, so a click on them can be followed.
MENTION_META = "reader-entity"


def mention_meta(ref: EntityRef) -> Style:
    """A style that tags the characters of a mention with its entity.

    Not an `@click` action: Textual paints every `@click` span in the widget's single link
    colour, which would erase the colour per entity type. `NoteView` reads this meta from
    the click event instead.
    """
    return Style.from_meta({MENTION_META: (ref.type, ref.key)})


#: Meta key that marks a link's characters with its href (see `mention_meta`).
LINK_META = "reader-link"


def link_meta(href: str | None) -> Style:
    """A style that tags the characters of a link with its href."""
    return Style.from_meta({LINK_META: href or ""})


class Painter:
    """Keeps each leaf's original content and repaints leaves with their marks."""

    def __init__(self) -> None:
        self.leaves: list[Static] = []
        self.originals: list[Content] = []
        self.found = Found()
        self.current_match = -1
        self.current_mention = -1
        #: Leaves showing something other than their original (only these are restored:
        #: updating every leaf of a long part costs a relayout of each).
        self._painted: set[int] = set()
        #: The current match and mention kept by `reset(keep_current=True)` for `apply`.
        self._kept: tuple[Mark | None, Mark | None] = (None, None)

    def reset(self, leaves: list[Static], keep_current: bool = False) -> None:
        """Start over with a new set of leaves: a new note, or with `keep_current` more of
        the same note or its marks found again, when the current match and mention stay
        current if `apply` brings marks at the same places (leaves are only ever added
        after the others, so a leaf keeps its number)."""
        if keep_current:
            match, mention = self._kept
            self._kept = (self.current("match") or match, self.current("mention") or mention)
        else:
            self._kept = (None, None)
        self.restore()
        self.leaves = leaves
        self.originals = [leaf.content for leaf in leaves]  # type: ignore[misc]  # Content, see leaves()
        self.found = Found()
        self.current_match = self.current_mention = -1

    def texts(self) -> list[str]:
        """The plain text of each leaf, for `find_marks`."""
        return [c.plain for c in self.originals]

    def restore(self) -> None:
        """Put every painted leaf back as Markdown rendered it."""
        for index in sorted(self._painted):
            if index < len(self.leaves) and self.leaves[index].is_attached:
                self.leaves[index].update(self.originals[index], layout=False)
        self._painted.clear()

    def apply(self, found: Found) -> None:
        """Use new marks: paint the leaves that have marks, restore those that lost them."""
        self.found = found
        match, mention = self._kept
        self.current_match = _index_at(found.matches, match)
        self.current_mention = _index_at(found.mentions, mention)
        self._kept = (None, None)
        marked = {mark.leaf for mark in (*found.matches, *found.mentions)}
        self.paint(sorted(marked | self._painted))

    def paint(self, which: range | Sequence[int]) -> None:
        """Repaint some leaves from their originals plus their marks."""
        wanted = set(which)
        styled = {i: self.originals[i] for i in wanted if i < len(self.originals)}
        for index, mark in enumerate(self.found.mentions):
            if mark.leaf in styled:
                kind = "mention--" + (
                    "current"
                    if index == self.current_mention
                    else "link"
                    if mark.ref is None
                    else MENTION_CLASS.get(mark.ref.type, "person")
                )
                content = styled[mark.leaf].stylize("." + kind, mark.start, mark.end)
                meta = mention_meta(mark.ref) if mark.ref is not None else link_meta(mark.href)
                styled[mark.leaf] = content.stylize(meta, mark.start, mark.end)
        for index, mark in enumerate(self.found.matches):
            if mark.leaf in styled:
                kind = ".match--current" if index == self.current_match else ".match"
                styled[mark.leaf] = styled[mark.leaf].stylize(kind, mark.start, mark.end)
        for i, content in styled.items():
            if self.leaves[i].is_attached:
                self.leaves[i].update(content, layout=False)
            if content is self.originals[i]:
                self._painted.discard(i)
            else:
                self._painted.add(i)

    def move(self, kind: str, step: int) -> Mark | None:
        """Make the next (`step`=1) or previous (-1) match or mention current; wrap around."""
        marks = self.found.matches if kind == "match" else self.found.mentions
        if not marks:
            return None
        old = self.current_match if kind == "match" else self.current_mention
        new = (old + step) % len(marks) if old >= 0 else (0 if step > 0 else len(marks) - 1)
        if kind == "match":
            self.current_match = new
        else:
            self.current_mention = new
        touched = {marks[new].leaf} | ({marks[old].leaf} if old >= 0 else set())
        self.paint(sorted(touched))
        return marks[new]

    def current(self, kind: str) -> Mark | None:
        """The current match or mention, if one is current."""
        marks = self.found.matches if kind == "match" else self.found.mentions
        index = self.current_match if kind == "match" else self.current_mention
        return marks[index] if 0 <= index < len(marks) else None


def _index_at(marks: list[Mark], mark: Mark | None) -> int:
    """The index of the mark at the same place as `mark` (-1 if none or no mark)."""
    if mark is not None:
        for index, other in enumerate(marks):
            if (other.leaf, other.start) == (mark.leaf, mark.start):
                return index
    return -1
