"""The names of a vault by their pinyin: note titles, aliases and entity names.

Built from the catalog and the entity index on first use, which is the first query of
Latin letters or the first palette that asks (`reader.text.pinyin` loads its tables only
then). Body text is never read by pinyin: two or three initials match countless words, and
the names are what a reader types that way. Part of the core: never imports Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from reader.notes.note import Note
from reader.search.query import And, Node, Or, Text
from reader.text.fold import fold
from reader.text.pinyin import Unit, match_units, pinyin_query, units_of
from reader.vault.entities import EntityIndex, EntityRef


@dataclass(frozen=True)
class NameHit:
    """A note found by the pinyin of one of its names (`name`), with the match's quality."""

    path: str
    name: str
    quality: float


class NameTable:
    """Every note name and entity name that holds CJK characters, as pinyin units."""

    def __init__(self, notes: Iterable[Note], entities: EntityIndex) -> None:
        self._notes: list[tuple[str, str, tuple[Unit, ...]]] = []
        for note in notes:
            for name in dict.fromkeys([note.title, *note.aliases]):
                units = units_of(name)
                if units:
                    self._notes.append((note.path, name, units))
        self._entities: list[tuple[EntityRef, tuple[Unit, ...]]] = []
        #: The folded names of each entity type, to tell a filter its names hold as written.
        self._spelled: dict[str, list[str]] = {}
        for ref in entities.all():
            self._spelled.setdefault(ref.type, []).append(fold(ref.name))
            units = units_of(ref.name)
            if units:
                self._entities.append((ref, units))

    def notes(self, query: str) -> list[NameHit]:
        """Notes whose title or an alias the pinyin `query` matches, best first (each
        note once, by its best name)."""
        letters = pinyin_query(query)
        if letters is None:
            return []
        best: dict[str, NameHit] = {}
        for path, name, units in self._notes:
            found = match_units(letters, units)
            if found is not None and (path not in best or found.quality > best[path].quality):
                best[path] = NameHit(path, name, found.quality)
        return sorted(best.values(), key=lambda hit: (-hit.quality, hit.name, hit.path))

    def spelled(self, value: str, etype: str) -> bool:
        """Whether an entity name of `etype` holds `value` as written (folded)."""
        wanted = fold(value)
        return any(wanted in name for name in self._spelled.get(etype, ()))

    def entities(self, query: str, etype: str | None = None) -> list[tuple[EntityRef, float]]:
        """Entities (of `etype`, if given) whose name the pinyin `query` matches, best
        first, with the match's quality."""
        letters = pinyin_query(query)
        if letters is None:
            return []
        found = []
        for ref, units in self._entities:
            if etype is not None and ref.type != etype:
                continue
            match = match_units(letters, units)
            if match is not None:
                found.append((ref, match.quality))
        found.sort(key=lambda item: (-item[1], item[0].name))
        return found


def with_pinyin_entities(node: Node, table: NameTable) -> Node:
    """The query with each entity filter written in Latin letters (`people:tyd`) also
    matching the entities of that type whose name it spells in pinyin (`田渊栋`). A filter
    that some entity name of its type holds as written (`people:LeCun`) stays as it is."""
    if isinstance(node, Text):
        if node.field is None or node.field in ("title", "aliases", "summary", "body"):
            return node
        if pinyin_query(node.value) is None or table.spelled(node.value, node.field):
            return node
        names = [ref.name for ref, _ in table.entities(node.value, node.field)]
        if not names:
            return node
        return Or((node, *(Text(name, node.field) for name in names)))
    if isinstance(node, And):
        return And(tuple(with_pinyin_entities(item, table) for item in node.items))
    if isinstance(node, Or):
        return Or(tuple(with_pinyin_entities(item, table) for item in node.items))
    return node  # NOT keeps its meaning: only what is asked for is widened


def has_pinyin_filter(node: Node) -> bool:
    """Whether the query holds an entity filter written in Latin letters (cheap: no table)."""
    if isinstance(node, Text):
        named = node.field not in (None, "title", "aliases", "summary", "body")
        return named and pinyin_query(node.value) is not None
    if isinstance(node, And | Or):
        return any(has_pinyin_filter(item) for item in node.items)
    return False
