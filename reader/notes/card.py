"""The header card above a note's body, as lines of text with style names.

The TUI draws these lines with Textual styles and `reader show` with Rich's, so both show the
same card: the title, a facts line (date, speaker, guest, status, other names), the source,
the summary and the note's problems. A note without a date in its frontmatter shows its file's
modification time, marked as such (`modified 2024-05-01`). Imports no Markdown (the list
and the vault use the dates at start-up); `reader.notes.shown` lays a whole note out. Part
of the core: no Textual.
"""

from __future__ import annotations

import datetime as dt

from reader.notes.note import Note


def link_name(path: str) -> str:
    """How wiki links name a note: its file name without the suffix."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def modified_date(note: Note) -> str:
    """The file's modification day (UTC, ISO), or "" when it is not known."""
    if not note.mtime_ns:
        return ""
    moment = dt.datetime.fromtimestamp(note.mtime_ns / 1e9, tz=dt.UTC)
    return moment.date().isoformat()


def sort_date(note: Note) -> str:
    """The date a note sorts by: its own date, else the date text it has, else its file's
    modification day ("" when none is known: such notes sort last)."""
    return note.date or note.date_text or modified_date(note)


def date_label(note: Note) -> str:
    """The date as shown: the note's own, else `modified …`, else `undated`."""
    if note.date or note.date_text:
        return str(note.date or note.date_text)
    modified = modified_date(note)
    return f"modified {modified}" if modified else "undated"


def card_lines(note: Note) -> list[tuple[str, str]]:
    """The card as (text, style name) lines; styles: `card.title`, `card.facts`, `link`,
    `card.summary`, `card.problem`."""
    lines = [(note.title, "card.title")]
    facts = [date_label(note)]
    for key, label in (("speaker", "speaker"), ("guest", "guest")):
        names = note.entities.get(key) or ((str(note.meta[key]),) if note.meta.get(key) else ())
        if names:
            facts.append(f"{label}: {', '.join(names)}")
    if note.status:
        facts.append(note.status)
    if note.aliases:
        facts.append("also: " + ", ".join(note.aliases))
    lines.append((" · ".join(facts), "card.facts"))
    source = note.meta.get("source")
    if isinstance(source, str) and source.strip():
        lines.append((f"source {source.strip()}", "link"))
    if note.summary:
        lines.append((note.summary, "card.summary"))
    lines.extend((f"⚠ {problem}", "card.problem") for problem in note.problems)
    return lines
