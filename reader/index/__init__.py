"""The full-text index. Whoosh lives behind this package and nowhere else.

`SearchIndex` opens, repairs, updates and searches a vault's index; `index_dir_for`
says where a vault's index lives by default.
"""

from reader.index.location import index_dir_for
from reader.index.store import IndexBusy, SearchIndex

__all__ = ["IndexBusy", "SearchIndex", "index_dir_for"]
