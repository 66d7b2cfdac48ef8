"""Jump history for the reader: what the screen showed at each step, with back and forward.

A step is one jump (open a note, choose an entity, run a search). Before a new step is
pushed, the screen records where the user was (selection, scroll) into the current step, so
going back restores the list, the selection and the scroll position, like a browser. The
history is kept between runs as plain JSON values (`History.saved`, `History.restored`).
Plain Python (no Textual) so it is unit-tested on its own.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from typing import Any, Literal, cast

from reader.vault.entities import EntityRef

Mode = Literal["all", "search", "entity"]


@dataclass(frozen=True)
class Listing:
    """What the note list shows: every note, a search's hits, or an entity's notes."""

    mode: Mode = "all"
    query: str = ""
    entity: EntityRef | None = None
    sort: str = "date"


@dataclass(frozen=True)
class ViewState:
    """Everything needed to put the main screen back as it was."""

    listing: Listing = Listing()
    selected: str | None = None
    note: str | None = None
    needles: tuple[str, ...] = ()
    note_scroll: float = 0.0
    list_scroll: float = 0.0
    side: str = "note"  # what the sidebar shows: the open "note" or the listed "entity"

    def with_(self, **changes: object) -> ViewState:
        """A copy with some fields changed (a short name for `dataclasses.replace`)."""
        return replace(self, **changes)  # type: ignore[arg-type]  # fields checked at runtime


class History:
    """A browser-like list of view states with a cursor; pushing drops the forward steps."""

    def __init__(self, first: ViewState | None = None, limit: int = 200) -> None:
        self._steps: list[ViewState] = [first or ViewState()]
        self._index = 0
        self._limit = limit

    @property
    def current(self) -> ViewState:
        """The state of the step the user is on."""
        return self._steps[self._index]

    @property
    def can_back(self) -> bool:
        """True when there is a step to go back to."""
        return self._index > 0

    @property
    def can_forward(self) -> bool:
        """True when there is a step to go forward to."""
        return self._index < len(self._steps) - 1

    def __len__(self) -> int:
        return len(self._steps)

    def record(self, state: ViewState) -> None:
        """Overwrite the current step (e.g. with the latest selection and scroll)."""
        self._steps[self._index] = state

    def push(self, state: ViewState, *, merge_search: bool = True) -> None:
        """Add a step after the current one, dropping any forward steps.

        While the user types a search, each settled query would be a step; with
        `merge_search`, a search for another query directly after a search step (with the
        same note open) replaces it, so back goes to where the user was before typing.
        """
        del self._steps[self._index + 1 :]
        if (
            merge_search
            and state.listing.mode == "search"
            and self.current.listing.mode == "search"
            and self.current.listing.query != state.listing.query
            and self.current.note == state.note
        ):
            self._steps[self._index] = state
            return
        if state == self.current:
            return
        self._steps.append(state)
        if len(self._steps) > self._limit:
            del self._steps[0]
        self._index = len(self._steps) - 1

    def back(self) -> ViewState | None:
        """Move one step back and return its state, or None at the start."""
        if not self.can_back:
            return None
        self._index -= 1
        return self.current

    def forward(self) -> ViewState | None:
        """Move one step forward and return its state, or None at the end."""
        if not self.can_forward:
            return None
        self._index += 1
        return self.current

    # -- kept between runs -----------------------------------------------------------------

    def saved(self, keep: int = 50) -> dict[str, Any]:
        """The last `keep` steps and the cursor as plain JSON values (`restored` reads them)."""
        first = max(0, len(self._steps) - keep)
        return {
            "index": max(0, self._index - first),
            "steps": [_step_data(step) for step in self._steps[first:]],
        }

    @classmethod
    def restored(cls, data: dict[str, Any]) -> History:
        """The history `saved` gave; steps that cannot be read are left out, and an empty or
        unreadable history is a fresh one."""
        items = data.get("steps") if isinstance(data, dict) else None
        steps = []
        for item in items if isinstance(items, list) else ():
            with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
                steps.append(_step_from(item))
        history = cls()
        if steps:
            history._steps = steps
            index = data.get("index", len(steps) - 1)
            history._index = min(max(index, 0), len(steps) - 1) if isinstance(index, int) else 0
        return history


def _step_data(step: ViewState) -> dict[str, Any]:
    """One step as JSON values (the entity, if any, as [type, key, name])."""
    listing = step.listing
    entity = listing.entity
    return {
        "listing": [listing.mode, listing.query, listing.sort],
        "entity": [entity.type, entity.key, entity.name] if entity is not None else None,
        "selected": step.selected,
        "note": step.note,
        "needles": list(step.needles),
        "note_scroll": step.note_scroll,
        "list_scroll": step.list_scroll,
        "side": step.side,
    }


def _step_from(data: dict[str, Any]) -> ViewState:
    """The step `_step_data` wrote; raises on anything else."""
    mode, query, sort = (str(value) for value in data["listing"])
    if mode not in ("all", "search", "entity"):
        raise ValueError(mode)
    entity = EntityRef(*(str(v) for v in data["entity"])) if data.get("entity") else None
    if mode == "entity" and entity is None:
        raise ValueError("an entity listing without its entity")
    listing = Listing(cast("Mode", mode), query, entity, sort)
    selected, note = data.get("selected"), data.get("note")
    return ViewState(
        listing=listing,
        selected=str(selected) if selected is not None else None,
        note=str(note) if note is not None else None,
        needles=tuple(str(n) for n in data.get("needles", ())),
        note_scroll=float(data.get("note_scroll", 0.0)),
        list_scroll=float(data.get("list_scroll", 0.0)),
        side="entity" if data.get("side") == "entity" else "note",
    )
