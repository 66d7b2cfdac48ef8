"""The search input on top: it posts the query once the typing pauses.

Debouncing here keeps the screen simple: it receives one `SearchChanged` per pause instead
of one per key, and starts one search worker for it (an exclusive worker, so a newer query
cancels an older one that is still running).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from reader.tui.messages import SearchChanged

#: Pause after the last key before searching: short enough to feel live, long enough not
#: to search for every character of a word being typed.
DEBOUNCE = 0.08


class SearchBar(Input):
    """The search box: type to search, `enter` or `down` to go to the results, `esc` to leave."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Leave search", id="search.leave"),
        Binding("down", "to_results", "Results", show=False, id="search.results"),
    ]

    class Left(Message):
        """The user left the search box (esc); the screen decides where focus goes."""

    class ToResults(Message):
        """The user wants to move into the results (enter or down)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder='/ search notes (people:…, tag:…, "phrase")', id=id)
        self._timer: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        """Restart the debounce timer on every change."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        self._timer = self.set_timer(DEBOUNCE, lambda: self.post_message(SearchChanged(query)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Search now (no waiting for the pause) and move to the results."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        self.post_message(SearchChanged(event.value))
        self.post_message(self.ToResults())

    def set_quietly(self, value: str) -> None:
        """Show `value` without starting a search (used when history restores a query)."""
        with self.prevent(Input.Changed):
            self.value = value

    def action_leave(self) -> None:
        """Tell the screen the user left the search box."""
        self.post_message(self.Left())

    def action_to_results(self) -> None:
        """Tell the screen the user wants the results."""
        self.post_message(self.ToResults())
