"""The names of a vault by their pinyin: note titles, aliases and entity names.

Built from the catalog and the entity index when an update saves the catalog, and saved
beside it (`reader.vault.name_store`); a later process loads it on the first query of Latin
letters or the first palette that asks. Body text is never read by pinyin: two or three
initials match countless words, and the names are what a reader types that way. Part of the
core: never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.notes.note import Note
from reader.search.query import And, Node, Or, Text
from reader.text.pinyin import Unit, match_units, pinyin_query, spelled_units, unit_leads
from reader.vault.entities import EntityIndex, EntityRef

if TYPE_CHECKING:  # the vault uses this module; only the type is needed here
    from reader.vault.vault import Vault


@dataclass(frozen=True)
class NameHit:
    """A note found by the pinyin of one of its names (`name`): the part of the name the
    query spelled (`matched`, what to highlight) and the match's quality."""

    path: str
    name: str
    matched: str
    quality: float


#: One note name: (path, name, its units, where each unit lies in the name, the first
#: letters of each unit's readings).
NoteName = tuple[str, str, tuple[Unit, ...], tuple[tuple[int, int], ...], tuple[str, ...]]
#: One entity name: (type, key, name, its units, the first letters of each unit's readings,
#: the paths of the notes listing the entity).
EntityName = tuple[str, str, str, tuple[Unit, ...], tuple[str, ...], tuple[str, ...]]


class NameTable:
    """Every note name and entity name that holds CJK characters, as pinyin units.

    Made from the catalog and the entity index (`build`), or from the rows a saved table
    holds (`reader.vault.name_store`): loading those is a small part of the time of
    spelling every name again, so a pinyin query costs about what a literal one does.
    """

    def __init__(self, notes: list[NoteName], entities: list[EntityName]) -> None:
        self.note_rows = notes
        self.entity_rows = entities
        self._listing = {EntityRef(t, k, n): paths for t, k, n, _, _, paths in entities}

    @classmethod
    def build(
        cls,
        notes: Iterable[Note],
        entities: EntityIndex,
        former: NameTable | None = None,
    ) -> NameTable:
        """The table of these notes and entities; names the `former` table holds (see
        `spellings`) are not spelled again (`reader.text.pinyin` loads its table only for
        a name it has not seen)."""
        known = former.spellings() if former is not None else {}

        def spelled(name: str) -> tuple[tuple[Unit, ...], tuple[tuple[int, int], ...]]:
            found = known.get(name)
            return found if found is not None else spelled_units(name)

        rows: list[NoteName] = []
        for note in notes:
            for name in dict.fromkeys([note.title, *note.aliases]):
                if not _may_spell(name):
                    continue
                units, spans = spelled(name)
                if units:
                    rows.append((note.path, name, units, spans, unit_leads(units)))
        refs: list[EntityName] = []
        for ref in entities.all():
            units = spelled(ref.name)[0] if _may_spell(ref.name) else ()
            if units:
                listing = tuple(entities.notes_listing(ref))
                refs.append((ref.type, ref.key, ref.name, units, unit_leads(units), listing))
        return cls(rows, refs)

    def spellings(self) -> dict[str, tuple[tuple[Unit, ...], tuple[tuple[int, int], ...]]]:
        """Each name's units and spans (entity names without spans): for `build`."""
        found = {name: (units, spans) for _, name, units, spans, _ in self.note_rows}
        for _, _, name, units, _, _ in self.entity_rows:
            found.setdefault(name, (units, ()))
        return found

    def notes(self, query: str) -> list[NameHit]:
        """Notes whose title or an alias the pinyin `query` matches, best first (each
        note once, by its best name)."""
        letters = pinyin_query(query)
        if letters is None:
            return []
        best: dict[str, NameHit] = {}
        first = letters[0]
        for path, name, units, spans, leads in self.note_rows:
            found = match_units(letters, units, leads) if first in leads[-1] else None
            if found is not None and (path not in best or found.quality > best[path].quality):
                start, end = spans[found.start][0], spans[found.start + found.length - 1][1]
                best[path] = NameHit(path, name, name[start:end], found.quality)
        return sorted(best.values(), key=lambda hit: (-hit.quality, hit.name, hit.path))

    def entities(self, query: str, etype: str | None = None) -> list[tuple[EntityRef, float]]:
        """Entities (of `etype`, if given) whose name the pinyin `query` matches, best
        first, with the match's quality."""
        letters = pinyin_query(query)
        if letters is None:
            return []
        found = []
        for kind, key, name, units, leads, _ in self.entity_rows:
            if etype is not None and kind != etype:
                continue
            match = match_units(letters, units, leads)
            if match is not None:
                found.append((EntityRef(kind, key, name), match.quality))
        found.sort(key=lambda item: (-item[1], item[0].name))
        return found

    def listing(self, ref: EntityRef) -> tuple[str, ...]:
        """The notes whose frontmatter lists an entity of the table."""
        return self._listing.get(ref, ())


def _may_spell(name: str) -> bool:
    """Whether a name may hold a CJK character (cheap: any character past Latin ones)."""
    return not name.isascii()


def with_pinyin_entities(
    node: Node, spelled: Callable[[Text], bool], spells: Callable[[str, str], list[str]]
) -> Node:
    """The query with each entity filter written in Latin letters (`people:tyd`) also
    matching the entities of that type whose name it spells in pinyin (`spells(value,
    type)`: `田渊栋`). A filter that matches as written (`spelled`: `people:LeCun`) keeps
    its meaning, and the pinyin tables are not even loaded for it."""
    if isinstance(node, Text):
        if not _latin_filter(node) or spelled(node):
            return node
        assert node.field is not None
        names = spells(node.value, node.field)
        return Or((node, *(Text(name, node.field) for name in names))) if names else node
    if isinstance(node, And | Or):
        items = tuple(with_pinyin_entities(item, spelled, spells) for item in node.items)
        return And(items) if isinstance(node, And) else Or(items)
    return node  # NOT keeps its meaning: only what is asked for is widened


def has_pinyin_filter(node: Node) -> bool:
    """Whether the query holds an entity filter written in Latin letters (cheap: no table)."""
    if isinstance(node, Text):
        return _latin_filter(node)
    if isinstance(node, And | Or):
        return any(has_pinyin_filter(item) for item in node.items)
    return False


def _latin_filter(node: Text) -> bool:
    """Whether the literal is an entity filter in Latin letters (pinyin may spell it)."""
    named = node.field not in (None, "title", "aliases", "summary", "body")
    return named and pinyin_query(node.value) is not None


def pinyin_notes(
    vault: Vault, query: str, seen: set[str], limit: int | None
) -> list[tuple[str, float, str]]:
    """(path, score, the name spelled) of the notes the pinyin `query` names, none in
    `seen`, at most `limit`: those whose title or alias it spells, best first, then those
    listing an entity it spells, newest first. Scores never rise down the list."""
    table = vault.names
    found = [(hit.path, hit.quality, hit.matched) for hit in table.notes(query)]
    for ref, quality in table.entities(query):
        listing = table.listing(ref)
        newest = sorted(listing, key=lambda p: _date_of(vault, p), reverse=True)
        found.extend((path, quality / 2, ref.name) for path in newest)
    ordered: list[tuple[str, float, str]] = []
    for path, quality, name in found:
        if path in seen:
            continue
        seen.add(path)
        ordered.append((path, min(quality, ordered[-1][1]) if ordered else quality, name))
        if limit is not None and len(ordered) >= limit:
            break
    return ordered


def _date_of(vault: Vault, path: str) -> tuple[str, str]:
    """A note's date and path, to sort newest first (undated last)."""
    note = vault.get(path)
    return ((note.date or "") if note is not None else "", path)
