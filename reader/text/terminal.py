"""Keeping note text inert on a terminal: nothing in a note may drive the user's terminal.

Notes can hold escape sequences (ESC/CSI/OSC: titles, clipboard writes via OSC 52), C1
controls and bidirectional overrides. Everything the reader prints passes through
`inert()`, which swaps each for a visible stand-in, and JSON output through `json_dumps()`,
which escapes them. Part of the core: never imports Textual.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Bidirectional embeddings, overrides and isolates: they reorder the text after them.
_BIDI = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))


def is_unsafe(char: str) -> bool:
    """True for characters a terminal could act on: C0 controls (but tab and newline), DEL,
    C1 controls and bidirectional overrides."""
    code = ord(char)
    if code < 0x20:
        return char not in "\t\n"
    return code == 0x7F or 0x80 <= code <= 0x9F or code in _BIDI


def _stand_in(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


_TABLE = {code: _stand_in(chr(code)) for code in [*range(0x20), 0x7F, *range(0x80, 0xA0), *_BIDI]}
_TABLE.pop(ord("\t"))
_TABLE.pop(ord("\n"))
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in [0x7F, *range(0x80, 0xA0), *_BIDI]}


_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_TABLE)) + "]")


def inert(text: str) -> str:
    """`text` with every unsafe character replaced by a visible stand-in (same length).

    Most text holds none: a regex search (C speed) avoids `str.translate`, which costs
    ~1.5 ms for a 20 KB note, paid by every note a cold build reads.
    """
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_TABLE)


def json_dumps(value: Any) -> str:
    """JSON with non-ASCII text kept readable but every unsafe character escaped."""
    return json.dumps(value, ensure_ascii=False, indent=2).translate(_JSON_ESCAPES)
