"""Key bindings shared by every pane that moves a cursor or scrolls, as data.

`j`/`k`, `g`/`G` and `ctrl+d`/`ctrl+u` work wherever something scrolls (the issue asks for
it); listing them once keeps the panes consistent and lets the help screen show them.
They are hidden from the footer: the footer shows what is specific to the focused pane.
"""

from __future__ import annotations

from textual.binding import Binding

#: For cursor lists (OptionList and friends): the actions are OptionList's own.
LIST_KEYS = [
    Binding("j", "cursor_down", "Down", show=False, id="list.down"),
    Binding("k", "cursor_up", "Up", show=False, id="list.up"),
    Binding("g", "first", "First", show=False, id="list.first"),
    Binding("G", "last", "Last", show=False, id="list.last"),
    Binding("ctrl+d", "page_down", "Half page down", show=False, id="list.page_down"),
    Binding("ctrl+u", "page_up", "Half page up", show=False, id="list.page_up"),
]

#: For scrolling views (the note body, the help text): the actions are Widget's own.
SCROLL_KEYS = [
    Binding("j,down", "scroll_down", "Scroll down", show=False, id="scroll.down"),
    Binding("k,up", "scroll_up", "Scroll up", show=False, id="scroll.up"),
    Binding("g,home", "scroll_home", "Top", show=False, id="scroll.top"),
    Binding("G,end", "scroll_end", "Bottom", show=False, id="scroll.bottom"),
    Binding("ctrl+d,pagedown", "page_down", "Page down", show=False, id="scroll.page_down"),
    Binding("ctrl+u,pageup", "page_up", "Page up", show=False, id="scroll.page_up"),
]
