"""Make Textual wrap Chinese text like Chinese.

Textual 8.2.8 wraps every ``Content`` (what ``Static``, ``Label`` and each block of
the ``Markdown`` widget render) in ``Content._wrap_and_format``, which asks for the
break offsets of each line from ``divide_line``, a helper imported from
``rich._wrap`` into the ``textual.content`` module. That helper breaks only at
spaces, so a run of Chinese is one unbreakable word.

There is no public hook for this: a ``MarkdownParagraph`` subclass could only change
what it renders, not how ``Content`` divides lines, and a ``Content`` subclass is lost
as soon as Textual copies it (``without_spans``, ``stylize``, ``divide``, ...), which
would make height and drawing disagree. So this module replaces the one name
``textual.content.divide_line`` with a function of the same signature that computes
the offsets with :func:`reader.text.cjk_wrap.break_offsets` when the line contains CJK,
and defers to the original for any other text. Offsets keep their meaning (character
indices where lines start), so styles that span lines and the offset mapping used
for mouse selection work unchanged.

Checked against Textual 8.2.8 (and Rich 15.0). ``tests/test_cjk_wrap.py`` asserts
that the patched name still exists with the expected signature and is still what
``Content._wrap_and_format`` calls, so an upgrade that moves it fails loudly.
"""

from __future__ import annotations

import warnings
from typing import Protocol

import textual.content as textual_content
from rich.cells import get_character_cell_size

from reader.text.cjk_wrap import break_offsets, contains_cjk


class DivideLine(Protocol):
    """Signature of ``divide_line``: the break offsets of one line of text."""

    def __call__(self, text: str, width: int, fold: bool = True) -> list[int]:
        """Return the character indices at which ``text`` is broken to fit ``width``."""
        ...


PATCHED_NAME = "divide_line"
"""The name in ``textual.content`` that Textual's wrapping looks up on every call."""

_original: dict[str, DivideLine] = {}


def _char_width(char: str) -> int:
    """Return the cell width of ``char`` as Textual measures it when drawing."""
    return get_character_cell_size(char)


def cjk_divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """Return the break offsets for ``text`` at ``width``, CJK-aware.

    Text without any CJK character is handed to Textual's own function, so Latin
    text is wrapped exactly as before.
    """
    if not contains_cjk(text):
        return _original[PATCHED_NAME](text, width, fold)
    return break_offsets(text, width, fold=fold, char_width=_char_width)


def install_cjk_wrapping() -> bool:
    """Make all of Textual's ``Content`` wrapping CJK-aware; call once at start-up.

    Safe to call again. Returns False, with a warning, and leaves Textual alone if
    its internals no longer have the expected shape.
    """
    current = getattr(textual_content, PATCHED_NAME, None)
    if current is cjk_divide_line:
        return True
    if not callable(current):
        warnings.warn(
            f"textual.content.{PATCHED_NAME} not found; Chinese text will wrap at spaces only",
            RuntimeWarning,
            stacklevel=2,
        )
        return False
    _original[PATCHED_NAME] = current
    textual_content.divide_line = cjk_divide_line
    return True


def uninstall_cjk_wrapping() -> None:
    """Restore Textual's own wrapping (for tests and for comparison)."""
    original = _original.pop(PATCHED_NAME, None)
    if original is not None:
        textual_content.divide_line = original


def is_cjk_wrapping_installed() -> bool:
    """Return True if Textual currently wraps with :func:`cjk_divide_line`."""
    return getattr(textual_content, PATCHED_NAME, None) is cjk_divide_line
