"""The note view's header card (title, facts, source, summary, problems), and how a link
is named when the reader moves onto it. No widget here: plain functions over a note.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from reader.notes.note import Note
from reader.tui.wiki import parse_wiki_href


def card_content(note: Note) -> Content:
    """The header card: title, facts line, source link, summary, and any problems."""
    lines = [Content.styled(note.title, "bold $text-accent")]
    facts = [note.date or note.date_text or "undated"]
    for key, label in (("speaker", "speaker"), ("guest", "guest")):
        names = note.entities.get(key) or ((str(note.meta[key]),) if note.meta.get(key) else ())
        if names:
            facts.append(f"{label}: {', '.join(names)}")
    if note.status:
        facts.append(note.status)
    if note.aliases:
        facts.append("also: " + ", ".join(note.aliases))
    lines.append(Content.styled(" · ".join(facts), "$text-muted"))
    source = note.meta.get("source")
    if isinstance(source, str) and source.strip():
        link = Content.styled(source.strip(), Style(underline=True, link=source.strip()))
        lines.append(Content.assemble(("source ", "$text-muted"), link))
    if note.summary:
        lines.append(Content.styled(note.summary, "italic"))
    for problem in note.problems:
        lines.append(Content.styled(f"⚠ {problem}", "$text-warning"))
    return Content("\n").join(lines)


def describe_href(href: str) -> str:
    """A link's destination as the reader knows it: `Note › Heading` for a wiki link."""
    wiki = parse_wiki_href(href)
    if wiki is None:
        return href
    target, anchor = wiki
    shown = (anchor or "").lstrip("^")
    return f"{target} › {shown}" if target and shown else target or shown
