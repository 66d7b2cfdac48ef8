"""The find-in-note bar under the note body (`ctrl+f`): type, and matches light up.

It posts what was typed (`FindChanged`), `Step` for enter / shift+enter, and `Closed` for
esc, up to its parent, the note view, which owns the highlights. The match count is handed
down with `show_count` and drawn in the bar's border.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from reader.tui.messages import FindChanged

#: A short pause keeps find-as-you-type smooth in long notes.
DEBOUNCE = 0.12


class FindBar(Input):
    """Find in the open note: enter next, shift+enter previous, esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
        Binding("shift+enter", "step(-1)", "Previous match", id="find.previous"),
    ]

    class Step(Message):
        """Go to the next (1) or previous (-1) match."""

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    class Closed(Message):
        """The bar was closed."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="find in note", id=id)
        self.display = False
        self.border_title = "find"
        self._timer: Timer | None = None

    def on_input_changed(self, event: Input.Changed) -> None:
        """Post the text after a short pause."""
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        text = event.value
        self._timer = self.set_timer(DEBOUNCE, lambda: self.post_message(FindChanged(text)))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """enter: next match."""
        event.stop()
        self.post_message(self.Step(1))

    def action_step(self, step: int) -> None:
        """shift+enter: previous match."""
        self.post_message(self.Step(step))

    def action_close(self) -> None:
        """esc: close the bar."""
        self.post_message(self.Closed())

    def show_count(self, count: int, current: int) -> None:
        """Draw "current/count" (or "no matches") in the border."""
        if not self.value.strip():
            self.border_subtitle = ""
        elif count == 0:
            self.border_subtitle = "no matches"
        else:
            self.border_subtitle = f"{current + 1 if current >= 0 else '–'}/{count}"
