"""Short labels the panes draw, without Textual: clipped lines, counts per year, kinds."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.vault.entities import EntityRef
    from reader.vault.vault import Vault


def year_counts(dates: Iterable[str | None]) -> list[tuple[str, int]]:
    """How many of the dates fall in each year, oldest year first; undated ones are left out."""
    counts = Counter(d[:4] for d in dates if d and d[:4].isdigit())
    return sorted(counts.items())


#: The mark of a bookmarked note, before its title in the note list and the header card.
BOOKMARK = "★"

_BARS = "▁▂▃▄▅▆▇█"


def spark(counts: Sequence[tuple[str, int]]) -> str:
    """A one-line picture of counts per year, e.g. `2023 ▃1  2025 █4`."""
    if not counts:
        return ""
    top = max(n for _, n in counts)
    cells = []
    for year, n in counts:
        bar = _BARS[min(len(_BARS) - 1, (n * len(_BARS) - 1) // top)]
        cells.append(f"{year} {bar}{n}")
    return "  ".join(cells)


def clip(text: str, limit: int) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def kind_label(vault: Vault, ref: EntityRef) -> str:
    """The label of an entity's kind with its other roles: `人物 (讲者, 嘉宾)`."""
    roles = vault.entities.role_labels(ref)
    label = vault.config.label(ref.type)
    return f"{label} ({', '.join(roles)})" if roles else label
