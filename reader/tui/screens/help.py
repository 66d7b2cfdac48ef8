"""The help screen (`?`): every key of every pane, generated from the bindings themselves.

Nothing here is written by hand: the sections list the `BINDINGS` of the classes that make
up the UI (walking each class's bases, so inherited keys such as `tab` appear too), so the
help can never disagree with what the keys do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.widgets.keys import SCROLL_KEYS


@dataclass(frozen=True)
class Own:
    """Only the bindings `cls` declares itself (e.g. not Input's many editing keys)."""

    cls: type[DOMNode]


HelpItem = type[DOMNode] | Binding | Own


def class_bindings(cls: type[DOMNode], inherited: bool = True) -> list[Binding]:
    """The bindings a class declares, its own first, then (optionally) those it inherits."""
    found: list[Binding] = []
    for base in cls.__mro__ if inherited else (cls,):
        declared = base.__dict__.get("BINDINGS")
        if declared:
            found.extend(Binding.make_bindings(declared))
    return found


def section(app: App[object], title: str, bindings: Iterable[Binding]) -> Content:
    """One section: a title, then `key  description` lines (duplicates folded together)."""
    rows: dict[str, list[str]] = {}
    for binding in bindings:
        description = binding.description or binding.action.replace("_", " ")
        keys = rows.setdefault(description, [])
        shown = app.get_key_display(binding)
        if shown not in keys:
            keys.append(shown)
    lines = [Content.styled(title, "bold $text-accent")]
    for description, keys in rows.items():
        lines.append(Content.assemble((f"  {' '.join(keys):<20}", "bold"), description))
    return Content("\n").join(lines)


def _bindings_of(item: HelpItem) -> list[Binding]:
    """The bindings one help item stands for."""
    if isinstance(item, Binding):
        return [item]
    if isinstance(item, Own):
        return class_bindings(item.cls, inherited=False)
    return class_bindings(item)


class HelpScreen(ModalScreen[None]):
    """Every key, grouped by where it works."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss(None)", "Close help", id="help.close"),
        *SCROLL_KEYS,
    ]

    def __init__(self, sections: list[tuple[str, list[HelpItem]]]) -> None:
        super().__init__()
        self._sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            for title, classes in self._sections:
                bindings = [b for item in classes for b in _bindings_of(item)]
                yield Static(section(self.app, title, bindings), classes="help-section")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_scroll_down(self) -> None:
        """j: scroll the help text."""
        self.query_one("#help-box").scroll_down()

    def action_scroll_up(self) -> None:
        """k: scroll the help text."""
        self.query_one("#help-box").scroll_up()

    def action_scroll_home(self) -> None:
        """g: top of the help."""
        self.query_one("#help-box").scroll_home()

    def action_scroll_end(self) -> None:
        """G: end of the help."""
        self.query_one("#help-box").scroll_end()

    def action_page_down(self) -> None:
        """ctrl+d: a page down."""
        self.query_one("#help-box").scroll_page_down()

    def action_page_up(self) -> None:
        """ctrl+u: a page up."""
        self.query_one("#help-box").scroll_page_up()
