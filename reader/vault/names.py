"""The names of a vault by their pinyin: note titles, aliases and entity names.

Built from the catalog and the entity index on first use, which is the first query of
Latin letters or the first palette that asks (`reader.text.pinyin` loads its tables only
then). Body text is never read by pinyin: two or three initials match countless words, and
the names are what a reader types that way. Part of the core: never imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.notes.note import Note
from reader.search.query import And, Node, Or, Text
from reader.text.pinyin import Unit, match_units, pinyin_query, spelled_units, units_of
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


class NameTable:
    """Every note name and entity name that holds CJK characters, as pinyin units."""

    def __init__(self, notes: Iterable[Note], entities: EntityIndex) -> None:
        self._notes: list[tuple[str, str, tuple[Unit, ...], tuple[tuple[int, int], ...]]] = []
        for note in notes:
            for name in dict.fromkeys([note.title, *note.aliases]):
                units, spans = spelled_units(name)
                if units:
                    self._notes.append((note.path, name, units, spans))
        self._entities: list[tuple[EntityRef, tuple[Unit, ...]]] = []
        for ref in entities.all():
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
        for path, name, units, spans in self._notes:
            found = match_units(letters, units)
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
        for ref, units in self._entities:
            if etype is not None and ref.type != etype:
                continue
            match = match_units(letters, units)
            if match is not None:
                found.append((ref, match.quality))
        found.sort(key=lambda item: (-item[1], item[0].name))
        return found


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
        listing = vault.entities.notes_listing(ref)
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
