"""Where a vault's index and catalog live: see `reader.locations`, which holds the rule so
that it can be imported without this package (and so without Whoosh)."""

from __future__ import annotations

from reader.locations import index_dir_for

__all__ = ["index_dir_for"]
