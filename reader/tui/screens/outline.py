"""The outline (`o`): the open note's headings; choosing one scrolls the note to it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.widgets.keys import LIST_KEYS


class OutlineOptions(OptionList):
    """The headings, with the shared cursor keys."""

    BINDINGS: ClassVar[list[BindingType]] = [*LIST_KEYS]


class OutlineScreen(ModalScreen[str | None]):
    """A modal list of headings, indented by level; dismisses with the chosen block id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,o,q", "dismiss(None)", "Close", id="outline.close"),
    ]

    def __init__(self, toc: list[tuple[int, str, str | None]], more: bool = False) -> None:
        super().__init__()
        self._toc = toc
        self._more = more

    def compose(self) -> ComposeResult:
        with Vertical(id="outline-box"):
            yield Static(Content.styled("Outline", "bold $text-accent"), id="outline-title")
            top = min(level for level, _, _ in self._toc)
            yield OutlineOptions(
                *(
                    Option(("  " * (level - top)) + text, id=block_id)
                    for level, text, block_id in self._toc
                ),
                id="outline-options",
            )
            if self._more:
                yield Static(
                    Content.styled(
                        "More headings appear as the rest of this long note is shown.",
                        "$text-muted",
                    )
                )

    def on_mount(self) -> None:
        self.query_one(OutlineOptions).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Dismiss with the chosen heading's block id."""
        event.stop()
        self.dismiss(event.option.id)
