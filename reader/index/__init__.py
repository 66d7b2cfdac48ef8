"""The full-text index. Whoosh lives behind this package and nowhere else.

`SearchIndex` opens, repairs, updates and searches a vault's index. Where a vault's index
lives by default is `reader.locations` (kept outside, so that it imports no Whoosh).
"""

from reader.index.store import IndexBusy, SearchIndex

__all__ = ["IndexBusy", "SearchIndex"]
