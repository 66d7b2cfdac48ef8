"""The term list of one index field, searchable by substring, prefix and suffix.

Queries are expanded against it instead of indexing n-grams: a CJK query that lies inside
one indexed word is found through the words that *contain* it; one that spans several words
through a word that *ends* with its start, whole words, and a word that *starts* with its
end. Lookups are C-speed: substring search runs `str.find` over all terms joined by
newlines, prefix and suffix search bisect sorted lists.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable

_SEP = "\n"


class Lexicon:
    """An immutable set of terms with substring, prefix and suffix lookups."""

    def __init__(
        self,
        terms: Iterable[str],
        frequency: Callable[[str], int] | None = None,
        documents: int = 0,
    ):
        """`frequency` tells how many notes hold a term (asked lazily, then remembered:
        reading every term's statistics up front took a second on a two-segment index);
        `documents` is how many notes the index holds."""
        self.documents = documents
        self._frequency_of = frequency
        self._frequencies: dict[str, int] = {}
        self._sorted = sorted(set(terms))
        self._set = frozenset(self._sorted)
        self._reversed = sorted(t[::-1] for t in self._sorted)
        self._joined = _SEP + _SEP.join(self._sorted) + _SEP
        self._starts: list[int] = []
        at = 1
        for term in self._sorted:
            self._starts.append(at)
            at += len(term) + 1

    def __len__(self) -> int:
        return len(self._sorted)

    def __contains__(self, term: object) -> bool:
        return term in self._set

    def frequency(self, term: str) -> int:
        """How many notes hold `term` (0 if none)."""
        if term not in self._set:
            return 0
        if term not in self._frequencies:
            ask = self._frequency_of
            self._frequencies[term] = ask(term) if ask is not None else 1
        return self._frequencies[term]

    def containing(self, part: str) -> list[str]:
        """Terms that contain `part` anywhere."""
        found: list[str] = []
        last = -1
        at = self._joined.find(part)
        while at >= 0:
            index = bisect_left(self._starts, at + 1) - 1
            if index != last:
                found.append(self._sorted[index])
                last = index
            at = self._joined.find(part, at + 1)
        return found

    def starting(self, prefix: str) -> list[str]:
        """Terms that start with `prefix` (including `prefix` itself)."""
        return _with_prefix(self._sorted, prefix)

    def between(self, low: str, high: str) -> list[str]:
        """Terms from `low` to `high`, both included, in order."""
        return self._sorted[bisect_left(self._sorted, low) : bisect_right(self._sorted, high)]

    def ending(self, suffix: str) -> list[str]:
        """Terms that end with `suffix` (including `suffix` itself)."""
        return [t[::-1] for t in _with_prefix(self._reversed, suffix[::-1])]


def _with_prefix(ordered: list[str], prefix: str) -> list[str]:
    found = []
    for index in range(bisect_left(ordered, prefix), len(ordered)):
        if not ordered[index].startswith(prefix):
            break
        found.append(ordered[index])
    return found
