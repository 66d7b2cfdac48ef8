"""Finding notes for `Vault`: a query parsed and answered from the index (or from the
catalog alone when it looks for no text), with the notes a query in Latin letters spells in
pinyin after the literal hits; a note's text for checking and snippets; the notes that
mention an entity.

Functions over the vault, as `related` and `connections` are, kept apart so that the vault
module is about loading and keeping the catalog and what is built from it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from reader.notes.note import Note
from reader.search.query import Node, Or, Text, parse, positive_texts
from reader.vault.entities import EntityRef
from reader.vault.searching import Found, Match, Searching, answer_without_text, has_text
from reader.vault.sync import Cancelled

if TYPE_CHECKING:  # the folding tables load when first searched
    from reader.search.matching import NoteText
    from reader.vault.vault import Vault


def find_notes(
    vault: Vault,
    query: str,
    limit: int | None,
    cancelled: Cancelled | None = None,
    names_ranked: int | None = None,
) -> list[Match]:
    """The notes matching `query`, best first, without snippets (see `Vault.find`)."""
    from reader.text.pinyin import pinyin_query  # with its names: a first query's, not a start's
    from reader.vault.names import has_pinyin_filter, pinyin_notes, with_pinyin_entities

    node = parse(query, vault.config)
    if node is None:
        return []
    if has_pinyin_filter(node):
        node = with_pinyin_entities(node, lambda t: bool(vault.search_paths(t, 1)), vault.spells)
    needles = tuple(positive_texts(node))
    matching = matching_notes(vault, node, limit, cancelled, names_ranked)
    found = [(p, s, needles, doc) for p, s, doc in matching]
    if pinyin_query(query) is not None and (limit is None or len(found) < limit):
        room = None if limit is None else limit - len(found)
        seen = {match[0] for match in found}
        found += [(p, s, (name,), None) for p, s, name in pinyin_notes(vault, query, seen, room)]
    return found


def matching_notes(
    vault: Vault,
    node: Node,
    limit: int | None,
    cancelled: Cancelled | None = None,
    names_ranked: int | None = None,
) -> list[Found]:
    """The notes matching a parsed query, best first (see `reader.vault.searching`). A query
    with no text to look for (dates, status) is answered from the catalog alone."""
    text_of = functools.partial(note_text, vault)
    if not has_text(node):
        return answer_without_text(node, vault.notes(), text_of, limit)
    searching = Searching(vault.index, vault.get, text_of, cancelled)
    return searching.run(node, limit, names_ranked)


def note_text(vault: Vault, path: str) -> NoteText | None:
    """A note's text for matching and snippets; its body is read only when needed."""
    from reader.search.matching import NoteText

    record = vault.get(path)
    if record is not None:
        return NoteText(record, lambda: vault.body(record))
    note = vault.read(path)
    return NoteText(note, lambda: note.body) if isinstance(note, Note) else None


def notes_mentioning(vault: Vault, ref: EntityRef) -> frozenset[str]:
    """Paths of the notes whose title, summary or body mention the entity or an alias."""
    texts = [
        Text(name, f)
        for name in vault.entities.spellings(ref)
        for f in ("title", "summary", "body")
    ]
    return frozenset(path for path, _ in vault.search_paths(Or(tuple(texts))))
