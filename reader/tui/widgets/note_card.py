"""The header card above a note: the lines of `reader.notes.card` in Textual styles; and how
a link is named when the reader moves onto it."""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from reader.markdown.wiki import parse_wiki_href
from reader.notes.card import card_lines
from reader.notes.note import Note
from reader.tui.labels import BOOKMARK

#: How the card's lines (`reader.notes.card`) are drawn.
_CARD_STYLES = {
    "card.title": "bold $text-accent",
    "card.facts": "$text-muted",
    "card.summary": "italic",
    "card.problem": "$text-warning",
}


def card_content(note: Note, bookmarked: bool = False) -> Content:
    """The header card: title (marked when bookmarked), facts line, source link, summary,
    and any problems."""
    lines = []
    for text, style in card_lines(note):
        if style == "card.title" and bookmarked:
            lines.append(
                Content.assemble((f"{BOOKMARK} ", "$text-warning"), (text, _CARD_STYLES[style]))
            )
            continue
        if style == "link":
            source = text.removeprefix("source ")
            link = Content.styled(source, Style(underline=True, link=source))
            lines.append(Content.assemble(("source ", "$text-muted"), link))
        else:
            lines.append(Content.styled(text, _CARD_STYLES.get(style, "")))
    return Content("\n").join(lines)


def describe_href(href: str) -> str:
    """A link's destination as the reader knows it: `Note › Heading` for a wiki link."""
    wiki = parse_wiki_href(href)
    if wiki is None:
        return href
    target, anchor = wiki
    shown = (anchor or "").lstrip("^")
    return f"{target} › {shown}" if target and shown else target or shown
