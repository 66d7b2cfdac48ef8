"""A whole note laid out as `reader show` prints it: the header card, a rule, the body.

Apart from `reader.notes.card` because it loads the Markdown parser and the renderer, which
listing notes at start-up does not need.
"""

from __future__ import annotations

from reader.markdown.inline import Styled
from reader.markdown.layout import Line, layout, text_lines
from reader.markdown.normalise import Resolve, note_tokens
from reader.notes.card import card_lines, link_name
from reader.notes.note import Note


def note_lines(
    note: Note, width: int, *, resolve: Resolve | None = None, reversed_labels: bool = False
) -> list[Line]:
    """The note as `reader show` prints it: the card, a rule, then the body, `width` wide."""
    lines: list[Line] = []
    for text, style in card_lines(note):
        lines += text_lines(Styled(text), width, style)
    rule = "─" * width
    lines += [(rule, ((0, width, "rule", ""),)), ("", ())]
    name = link_name(note.path)
    tokens = note_tokens(note.body, resolve=resolve, reversed_labels=reversed_labels, name=name)
    return lines + layout(tokens, width)
