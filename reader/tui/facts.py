"""What the sidebar shows, as plain data: the screen computes it (in a worker), the sidebar
draws it. No Textual here, so workers, messages and tests use it without the widget."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.vault.entities import EntityRef


@dataclass
class NoteFacts:
    """What the sidebar shows for an open note."""

    title: str
    groups: list[tuple[str, list[tuple[EntityRef, int]]]] = field(default_factory=list)
    related: list[tuple[str, str, list[str]]] = field(default_factory=list)  # path, title, shared


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
