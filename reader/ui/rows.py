"""Rows of the note list, built from the vault, and how they sort. No Textual here.

The main screen turns "all notes", "a search's hits" or "an entity's notes" into `Row`s and
hands them down to the list widget, which only draws them. Sorting lives here too, so the
same rules apply whichever way the rows were made, and they are easy to test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from reader.notes import Note
from reader.vault import EntityNote, Hit, Vault

#: Sort orders, in the order the sort key cycles through them.
SORTS = ("date", "title", "relevance")


@dataclass(frozen=True)
class Row:
    """One line of the note list: a note, and why it is there (hit snippet, entity mark)."""

    path: str
    title: str
    date: str = ""
    tags: tuple[str, ...] = ()
    snippet: str = ""
    spans: tuple[tuple[int, int], ...] = ()
    needles: tuple[str, ...] = ()
    listed: bool = False
    mentioned: bool = False
    rank: int = 0
    problem: bool = False


def _base(note: Note | None, path: str, rank: int = 0) -> Row:
    """The row a note's catalog record gives (a bare path if the note is gone)."""
    if note is None:
        return Row(path, path, rank=rank)
    return Row(
        path,
        note.title,
        date=note.date or note.date_text or "",
        tags=note.entities.get("tags", ())[:3],
        rank=rank,
        problem=bool(note.problems),
    )


def all_rows(vault: Vault) -> list[Row]:
    """Every note, newest first (the catalog's own order is the relevance order)."""
    return [_base(n, n.path, i) for i, n in enumerate(vault.notes())]


def hit_rows(vault: Vault, hits: Sequence[Hit]) -> list[Row]:
    """Search hits in rank order, each with its snippet and highlight spans."""
    rows = []
    for rank, hit in enumerate(hits):
        base = _base(vault.get(hit.path), hit.path)
        rows.append(
            replace(
                base,
                title=hit.title or base.title,
                snippet=hit.snippet,
                spans=hit.spans,
                needles=hit.needles,
                rank=rank,
            )
        )
    return rows


def entity_rows(vault: Vault, notes: Sequence[EntityNote], needles: tuple[str, ...]) -> list[Row]:
    """An entity's notes, marked listed/mentioned; relevance puts listed ones first."""
    order = sorted(range(len(notes)), key=lambda i: (not notes[i].listed, not notes[i].mentioned))
    rank = {index: position for position, index in enumerate(order)}
    return [
        replace(
            _base(vault.get(e.path), e.path),
            listed=e.listed,
            mentioned=e.mentioned,
            needles=needles,
            rank=rank[i],
        )
        for i, e in enumerate(notes)
    ]


def sort_rows(rows: Sequence[Row], order: str) -> list[Row]:
    """Rows in `order`: newest first, by title, or by rank (search/entity relevance)."""
    if order == "title":
        return sorted(rows, key=lambda r: (r.title.casefold(), r.path))
    if order == "relevance":
        return sorted(rows, key=lambda r: r.rank)
    dated = sorted((r for r in rows if r.date), key=lambda r: (r.date, r.path), reverse=True)
    return dated + [r for r in rows if not r.date]


def next_sort(order: str, mode: str) -> str:
    """The sort after `order`; relevance is only offered when the list has a ranking."""
    choices = SORTS if mode in ("search", "entity") else SORTS[:2]
    return choices[(choices.index(order) + 1) % len(choices)] if order in choices else choices[0]
