"""Related notes: by links, by shared entities and by content, in one ranking.

A link counts most: notes linked both ways come first, then notes linked one way, then the
rest. Within each, a note's score is the weight of the entities it shares (rarer ones weigh
more: `EntityIndex.weight`, log(1 + notes / notes listing it)) plus `SIMILAR_WEIGHT` times
its text's similarity (0 to 1, `reader.search.index.similar`). With the weight at 2, the
most alike text counts as much as an entity listed by one note in six and a half: an
entity shared by fewer notes still ranks first, one that half the vault lists (a broad tag)
counts less than text that is truly alike, and among notes tied on entities the more alike
comes first. Notes with neither links nor entities are found by their text alone, so a
vault without either still has related notes. Ties left after that go to the newer note,
then by title: never by path. Part of the core: never imports Textual.
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.notes.card import sort_date
from reader.text.analysis import VALUE_SEPARATOR, words
from reader.vault.entities import Related

if TYPE_CHECKING:
    from reader.notes.note import Note
    from reader.vault.vault import Vault

#: What the most alike text (similarity 1) adds to a note's score; see the module's text.
SIMILAR_WEIGHT = 2.0
#: Below this similarity, text alone does not make a note related.
MIN_SIMILARITY = 0.05
#: At least this many notes alike are looked up (they also break ties among the others).
ALIKE_MIN = 40

#: Linked both ways ranks above one way, which ranks above not linked.
_LINK_RANK = {"both": 0, "out": 1, "in": 1, "": 2}


def related(vault: Vault, path: str, limit: int | None = 10, links: bool = True) -> list[Related]:
    """Notes related to `path`, best first (see the module's text); `links=False` leaves
    links out (the link model is not ready yet)."""
    entities = vault.entities
    linked = vault.links.linked(path) if links else {}
    sharing = entities.sharing(path)
    by_text = {p: (s, t) for p, s, t in alike(vault, path, max(limit or 0, ALIKE_MIN))}
    pool = set(linked) | {p for p, (s, _) in by_text.items() if s >= MIN_SIMILARITY or p in sharing}
    pool |= _best_by_entities(sharing, limit)
    found = []
    for other in pool:
        if vault.get(other) is None:
            continue
        similarity, terms = by_text.get(other, (0.0, ()))
        score = sharing.get(other, 0.0) + SIMILAR_WEIGHT * similarity
        found.append(Related(other, score, (), linked.get(other, ""), similarity, terms))
    found.sort(key=lambda r: _title(vault.get(r.path)))
    found.sort(key=lambda r: _date(vault.get(r.path)), reverse=True)
    found.sort(key=lambda r: (_LINK_RANK[r.link], -r.score, -r.similarity))
    return [
        replace(r, shared=entities.shared(path, r.path)) if r.path in sharing else r
        for r in (found if limit is None else found[:limit])
    ]


def _best_by_entities(sharing: dict[str, float], limit: int | None) -> set[str]:
    """The notes sharing entities that may rank among the first `limit`: every one whose
    weight reaches the `limit`-th best (ties all kept), or all of them for no limit. Text
    likeness only raises the notes already in the pool, so no other can overtake them."""
    if limit is None or len(sharing) <= limit:
        return set(sharing)
    floor = heapq.nlargest(limit, sharing.values())[-1]
    return {p for p, score in sharing.items() if score >= floor}


def alike(vault: Vault, path: str, limit: int) -> list[tuple[str, float, tuple[str, ...]]]:
    """The notes most alike `path` by content: (path, similarity, shared key words)."""
    record = vault.get(path)
    if record is None:
        return []
    text = note_text(vault, record)
    return [
        (other, similarity, terms)
        for other, similarity, terms in vault.index.similar(path, words(text), limit)
        if other != path
    ]


def note_text(vault: Vault, record: Note) -> str:
    """The text a note is compared by: its names, summary and body (its entities are
    compared as entities)."""
    body = vault.body(record) or ""
    return VALUE_SEPARATOR.join([record.title, *record.aliases, record.summary, body])


def _title(note: Note | None) -> str:
    return note.title.casefold() if note is not None else ""


def _date(note: Note | None) -> str:
    return sort_date(note) if note is not None else ""


#: How a link is told, by direction.
LINKED = {"out": "links to it", "in": "links here", "both": "linked both ways"}
#: How many shared key words a reason names.
WHY_TERMS = 3


def why(rel: Related) -> list[str]:
    """Why a note is related, in words: its link, the entities it shares, the distinctive
    words its text shares ("similar: …")."""
    found = [LINKED[rel.link]] if rel.link else []
    if rel.shared:
        found.append(f"{len(rel.shared)} shared: " + ", ".join(r.name for r in rel.shared))
    if rel.similarity > 0:
        found.append("similar: " + ", ".join(rel.terms[:WHY_TERMS]))
    return found
