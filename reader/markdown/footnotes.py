"""Footnotes of a note rendered in parts (the TUI mounts a long note a part at a time).

A footnote's mark and its definition may fall in different parts, and markdown-it resolves
a mark only against the definitions of the text it parses: a mark in an early part would
show as `[^1]`. `part_footnotes` takes every definition out of the parts and hands each part
all of them, with the numbers the marks have in the whole note (in order of first mark, as
when the note is parsed whole); the last part lists them (`items`: markdown-it would list
only those marked in that part).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A definition: `[^label]:` at the start of a line, with its indented continuation lines.
_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:.*(?:\n(?:[ \t]+\S.*|[ \t]*(?=\n[ \t]+\S)))*", re.M)
_MARK = re.compile(r"\[\^([^\]\s]+)\](?!:)")


@dataclass(frozen=True)
class Footnotes:
    """What one part needs of the note's footnotes: every `definitions` (Markdown appended
    to the part), the `numbers` of the labels in the whole note, and whether this part
    `listed` them (the last part does)."""

    definitions: str = ""
    numbers: dict[str, int] = field(default_factory=dict)
    listed: bool = True
    #: (number, Markdown) of each marked footnote, in order: what the last part lists.
    items: tuple[tuple[int, str], ...] = ()


def part_footnotes(parts: list[str]) -> tuple[list[str], list[Footnotes | None]]:
    """The parts without their footnote definitions, and what each needs to show its marks
    (None for every part when the note has no definitions or only one part)."""
    if len(parts) < 2 or not any("[^" in part for part in parts):
        return parts, [None] * len(parts)
    definitions: list[str] = []
    stripped: list[str] = []
    for part in parts:
        definitions += [m.group(0) for m in _DEFINITION.finditer(part)]
        stripped.append(_DEFINITION.sub("", part))
    if not definitions:
        return parts, [None] * len(parts)
    numbers: dict[str, int] = {}
    for part in stripped:
        for match in _MARK.finditer(part):
            numbers.setdefault(match.group(1), len(numbers) + 1)
    text = "\n\n".join(definitions)
    items = sorted(
        (numbers[label], content) for label, content in map(_item, definitions) if label in numbers
    )
    last = len(parts) - 1
    return stripped, [
        Footnotes(text, numbers, index == last, tuple(items)) for index in range(len(parts))
    ]


def _item(definition: str) -> tuple[str, str]:
    """(label, Markdown) of one definition: the text after `[^label]:`, lines dedented."""
    head, _, rest = definition.partition("\n")
    label, _, first = head.partition("]:")
    lines = [first.strip(), *(line.strip() for line in rest.split("\n"))]
    return label.removeprefix("[^"), "\n".join(lines).strip()
