"""Rows of the note list, built from the vault, and how they sort. No Textual here.

The main screen turns "all notes", "a search's hits" or "an entity's notes" into `Row`s and
hands them down to the list widget, which only draws them. Sorting lives here too, so the
same rules apply whichever way the rows were made, and they are easy to test.

"All notes" can be 10,000 rows while the list shows 200 at first, and making a `Row` costs
a few microseconds (more while the garbage collector walks a large heap): `NoteRows` makes
each row when it is first asked for, and sorts by the notes' own fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import overload

from reader.notes.card import sort_date
from reader.notes.note import Note
from reader.vault.searching import Hit
from reader.vault.vault import EntityNote, Vault

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
    #: `date` is the file's modification day: the note has no date of its own.
    modified: bool = False


def base_row(note: Note | None, path: str, rank: int = 0) -> Row:
    """The row a note's catalog record gives (a bare path if the note is gone)."""
    if note is None:
        return Row(path, path, rank=rank)
    return Row(
        path,
        note.title,
        date=_date_of(note),
        modified=not (note.date or note.date_text),
        tags=note.entities.get("tags", ())[:3],
        rank=rank,
        problem=bool(note.problems),
    )


class NoteRows(Sequence[Row]):
    """The rows of many notes in a given order, each made when first asked for.

    Two `NoteRows` are equal when they list the same notes with the same ranks in the same
    order: cheap when nothing changed, because the notes are then the very same objects.
    """

    def __init__(self, notes: Sequence[Note], ranks: Sequence[int] | None = None) -> None:
        self._notes = list(notes)
        self._ranks = list(ranks) if ranks is not None else list(range(len(self._notes)))
        self._made: list[Row | None] = [None] * len(self._notes)
        self._positions: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self._notes)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        row = self._made[index]
        if row is None:
            note = self._notes[index]
            row = self._made[index] = base_row(note, note.path, self._ranks[index])
        return row

    def __iter__(self) -> Iterator[Row]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, NoteRows):
            return self._ranks == other._ranks and self._notes == other._notes
        if isinstance(other, Sequence):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable cache, compared by content

    def position(self, path: str) -> int | None:
        """Where the note at `path` is listed, if it is (a lookup table made once)."""
        if self._positions is None:
            self._positions = {n.path: i for i, n in enumerate(self._notes)}
        return self._positions.get(path)

    def sorted(self, order: str) -> NoteRows:
        """The same notes in `order` (see `sort_rows`), without making their rows."""
        pairs = zip(self._notes, self._ranks, strict=True)
        keys = [(n.title, _date_of(n), n.path, r) for n, r in pairs]
        picked = sort_order(keys, order)
        return NoteRows([self._notes[i] for i in picked], [self._ranks[i] for i in picked])


def _date_of(note: Note) -> str:
    """The date a row shows and sorts by: the note's own, else its file's modification day
    (`reader.notes.card.sort_date`; the card says which)."""
    return sort_date(note)


def all_rows(vault: Vault) -> NoteRows:
    """Every note, newest first (the catalog's own order is the relevance order)."""
    return NoteRows(vault.notes())


def newest_rows(vault: Vault) -> NoteRows:
    """Every note newest first: the rows `sort_rows(all_rows(vault), "date")` gives, in one
    sort of the catalog instead of two (it is on the way to the list's first paint)."""
    return newest_rows_of(vault.records())


def newest_rows_of(notes: Iterable[Note]) -> NoteRows:
    """Catalog records newest first, as `newest_rows` orders a vault's: for the notes a
    first build has read so far, which are not the vault's catalog yet."""
    return NoteRows(sorted(notes, key=_newest_key, reverse=True))


def _newest_key(note: Note) -> tuple[str, str]:
    """Newest first when reversed; undated notes ("") last, by path like `sort_rows`."""
    return (_date_of(note), note.path)


def position(rows: Sequence[Row], path: str) -> int | None:
    """Where the note at `path` is in `rows`, if it is there."""
    if isinstance(rows, NoteRows):
        return rows.position(path)
    return next((i for i, row in enumerate(rows) if row.path == path), None)


def hit_row(note: Note | None, hit: Hit, rank: int) -> Row:
    """A search hit's row (`note` its catalog record): with its snippet and highlights."""
    base = base_row(note, hit.path)
    return replace(
        base,
        title=hit.title or base.title,
        snippet=hit.snippet,
        spans=hit.spans,
        needles=hit.needles,
        rank=rank,
    )


def entity_rows(vault: Vault, notes: Sequence[EntityNote], needles: tuple[str, ...]) -> list[Row]:
    """An entity's notes, marked listed/mentioned; relevance puts listed ones first."""
    order = sorted(range(len(notes)), key=lambda i: (not notes[i].listed, not notes[i].mentioned))
    rank = {index: position for position, index in enumerate(order)}
    return [
        replace(
            base_row(vault.get(e.path), e.path),
            listed=e.listed,
            mentioned=e.mentioned,
            needles=needles,
            rank=rank[i],
        )
        for i, e in enumerate(notes)
    ]


def sort_rows(rows: Sequence[Row], order: str) -> Sequence[Row]:
    """Rows in `order`: newest first, by title, or by rank (search/entity relevance)."""
    if isinstance(rows, NoteRows):
        return rows.sorted(order)
    picked = sort_order([(r.title, r.date, r.path, r.rank) for r in rows], order)
    return [rows[i] for i in picked]


#: What rows sort by: (title, date, path, rank).
SortKey = tuple[str, str, str, int]


def sort_keys(notes: Sequence[Note | None], paths: Sequence[str]) -> list[SortKey]:
    """The (title, date, path, rank) keys `sort_order` sorts by, of notes in rank order (a
    note gone from the catalog sorts by its path, undated)."""
    return [
        (n.title, _date_of(n), p, r) if n is not None else (p, "", p, r)
        for r, (n, p) in enumerate(zip(notes, paths, strict=True))
    ]


def sort_order(keys: Sequence[SortKey], order: str) -> list[int]:
    """Positions of (title, date, path, rank) keys in `order`; undated last by date."""
    every = range(len(keys))
    if order == "title":
        return sorted(every, key=lambda i: (keys[i][0].casefold(), keys[i][2]))
    if order == "relevance":
        return sorted(every, key=lambda i: keys[i][3])
    dated = sorted((i for i in every if keys[i][1]), key=lambda i: keys[i][1:3], reverse=True)
    return dated + [i for i in every if not keys[i][1]]


def next_sort(order: str, mode: str) -> str:
    """The sort after `order`; relevance is only offered when the list has a ranking."""
    choices = SORTS if mode in ("search", "entity") else SORTS[:2]
    return choices[(choices.index(order) + 1) % len(choices)] if order in choices else choices[0]
