"""What the sidebar shows, as plain data: the screen computes it (in a worker), the sidebar
draws it. No Textual here, so workers, messages and tests use it without the widget."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.vault.entities import EntityRef

if TYPE_CHECKING:
    from reader.vault.connections import Connection

#: How many backlinks the sidebar lists at most (the count stays whole).
SIDE_LIMIT = 100
#: How many unlinked mentions it lists at most (each is a body read for its context).
MENTIONS_LIMIT = 30


@dataclass(frozen=True)
class LinkFact:
    """One outgoing link: the name as written, the note it opens (None: not written yet) and
    that note's title, the heading or block it points at, and how many times the note
    links so."""

    target: str
    path: str | None
    title: str
    anchor: str | None = None
    count: int = 1


@dataclass
class NoteFacts:
    """What the sidebar shows for an open note. `links`, `backlinks` and `unlinked` are None
    until computed (the link model and the mentions come after the entities)."""

    title: str
    #: (label of the kind, [(entity, notes listing it, its other roles' labels)]).
    groups: list[tuple[str, list[tuple[EntityRef, int, str]]]] = field(default_factory=list)
    related: list[tuple[str, str, list[str]]] = field(default_factory=list)  # path, title, reasons
    links: list[LinkFact] | None = None
    backlinks: list[Connection] | None = None
    #: How many backlinks there are (`backlinks` lists the first `SIDE_LIMIT`).
    backlink_count: int = 0
    unlinked: list[Connection] | None = None


@dataclass
class EntityFacts:
    """What the sidebar shows for the active entity."""

    ref: EntityRef
    label: str
    listed: int
    mentioned: int
    years: list[tuple[str, int]] = field(default_factory=list)
    cooccurring: list[tuple[EntityRef, int, str]] = field(default_factory=list)  # ref, n, label
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # path, title, date
