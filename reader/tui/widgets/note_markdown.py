"""The widget a part of a note renders into: Textual's Markdown with the highlight styles.

Kept apart from `marks` and imported when the first note is rendered, not at start-up:
Textual's Markdown widget brings in markdown-it, the syntax highlighter and the tree widget
(~45-70 ms of imports), which the first paint of the note list does not need.
"""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import Markdown


class NoteMarkdown(Markdown):
    """The note body: Textual's Markdown with the highlight styles declared on it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "match",
        "match--current",
        "mention--person",
        "mention--org",
        "mention--product",
        "mention--media",
        "mention--link",
        "mention--current",
    }

    def __init__(self, *, id: str | None = None) -> None:
        # Empty at first: the note view awaits `update()` so it knows when blocks exist.
        # Links are not opened here: the main screen decides (`reader.notes.links`).
        super().__init__("", id=id, open_links=False)
