"""Ranking the candidates of a query by what a reader typing it most likely wants.

The index ranks by BM25 over one text field, which finds every match but often not the note
the query names: a title's words are diluted in a long body, and a common word scores low.
So the best candidates are ranked again here with features of the note's names, read from
its catalog record (no body is read):

1. the query *is* the note's title or one of its aliases (punctuation and spaces aside);
2. the query's words stand side by side, in order, in the title or an alias, or the title
   starts with it (a few characters typed of a long title);
3. how many of the query's words the title and aliases hold, and how much of the title the
   query covers (`Redis` names `Redis` rather than `Redis 持久化`);
4. the same for entity names (a person's name finds the notes listing them);
5. the index's BM25 score, scaled to the best candidate's, and whether the query's words
   stand side by side in the text (`phrase_bonus`, for the few best only);
6. the date, newest first, only between equal scores (the caller sorts by it).

Each feature has a weight (`WEIGHTS`); the weights keep the tiers apart: an exact name
beats any other name match, a name match beats any body-only match. Part of the core:
never imports Textual (nor Whoosh).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from reader.notes.note import Note
from reader.search.matching import literal_matcher
from reader.search.query import And, Node, Not, Or, Text
from reader.text.analysis import VALUE_SEPARATOR, literal_pieces
from reader.text.fold import fold

#: The weight of each feature in a candidate's score (BM25 is scaled to 0..1).
WEIGHTS = {
    "exact": 8.0,
    "phrase": 3.0,
    "prefix": 1.0,
    "words": 2.0,
    "share": 1.0,
    "entity_exact": 1.5,
    "entity_words": 1.0,
    "bm25": 1.0,
    "adjacent": 0.5,
}


def name_query(node: Node) -> Node | None:
    """The query with every free-text literal it needs looked up in the note's names only
    (title or aliases); parts under NOT and field filters stay as they are. What it matches
    is a subset of what `node` matches, holding every note whose names hold the words;
    None when the query has no free-text literal to look up."""
    changed = _names(node)
    return None if changed is node else changed


def _names(node: Node) -> Node:
    if isinstance(node, Text) and node.field is None:
        return Or((Text(node.value, "title"), Text(node.value, "aliases")))
    if isinstance(node, And):
        return And(tuple(_names(item) for item in node.items))
    if isinstance(node, Or):
        return Or(tuple(_names(item) for item in node.items))
    return node


def only_positive_text(node: Node) -> bool:
    """Whether the query is text literals joined by AND and OR alone (no NOT, no dates, no
    status): then a note that matches `name_query` surely matches the query itself."""
    if isinstance(node, Text):
        return True
    if isinstance(node, And | Or):
        return all(only_positive_text(item) for item in node.items)
    return False


def free_literals(node: Node) -> list[str]:
    """The literals that may name a note (not under NOT), in typed order: free text, and
    title and entity filters (`people:Hinton` puts the note titled with the name first);
    summary and body filters name nothing."""
    if isinstance(node, Text):
        return [node.value] if node.field not in ("summary", "body") else []
    if isinstance(node, And | Or):
        return [value for item in node.items for value in free_literals(item)]
    if isinstance(node, Not):
        return []
    return []


@lru_cache(maxsize=1 << 16)
def compact(text: str) -> str:
    """The folded words of a text run together: what two spellings of a name share when
    they differ only in punctuation, spaces and case (`706. 设计` and `706 设计`).
    Remembered: the same titles and entity names come back query after query."""
    return "".join(literal_pieces(text))


@lru_cache(maxsize=1 << 16)
def _folded(text: str) -> str:
    """`fold`, remembered for the same reason."""
    return fold(text)


@lru_cache(maxsize=1 << 14)
def _joined(values: tuple[str, ...]) -> str:
    """Folded values in one text, kept apart so that no phrase runs from one to the next
    (remembered: a note's names are the same in every query)."""
    return VALUE_SEPARATOR.join(_folded(value) for value in values)


@dataclass(frozen=True)
class Ranker:
    """Scores candidates for one query (its free-text literals, in typed order)."""

    literals: tuple[str, ...]

    @cached_property
    def phrase(self) -> str:
        """The literals as one text, as typed: side by side in this order is a phrase."""
        return " ".join(self.literals)

    @cached_property
    def whole(self) -> str:
        """The query's words run together (see `compact`)."""
        return compact(self.phrase)

    def name_score(self, note: Note) -> float:
        """What the note's title, aliases and entity names say of the query (no body)."""
        if not self.whole:
            return 0.0
        names = (note.title, *note.aliases)
        folded = _joined(names)
        compacts = [compact(name) for name in names]
        score = 0.0
        if self.whole in compacts:
            score += WEIGHTS["exact"]
        if literal_matcher(self.phrase)(folded):
            score += WEIGHTS["phrase"]
            title = compacts[0]
            if title and self.whole in title:
                score += WEIGHTS["share"] * len(self.whole) / len(title)
        if any(name.startswith(self.whole) for name in compacts):
            score += WEIGHTS["prefix"]
        score += WEIGHTS["words"] * self._held(folded)
        return score + self._entity_score(note)

    def _entity_score(self, note: Note) -> float:
        """The share of the query's words the note's entity names hold, and whether one of
        them is the query itself."""
        values = tuple(value for names in note.entities.values() for value in names)
        if not values:
            return 0.0
        score = 0.0
        if any(compact(value) == self.whole for value in values):
            score += WEIGHTS["entity_exact"]
        return score + WEIGHTS["entity_words"] * self._held(_joined(values))

    def _held(self, text: str) -> float:
        """The share of the literals the folded `text` holds."""
        if not self.literals or not text:
            return 0.0
        held = sum(1 for literal in self.literals if literal_matcher(literal)(text))
        return held / len(self.literals)

    def adjacent(self, text: str) -> bool:
        """Whether a query of several literals stands side by side, in order, in the folded
        `text` (a single literal always does, wherever it matched)."""
        return len(self.literals) > 1 and literal_matcher(self.phrase)(text)


def ranked(
    candidates: dict[str, tuple[Note | None, float]], ranker: Ranker
) -> list[tuple[str, float]]:
    """(path, score) of the candidates (path -> catalog record, BM25 score), best first;
    equal scores newest first, then by path."""
    top = max((bm25 for _, bm25 in candidates.values()), default=0.0) or 1.0
    scored = []
    for path, (note, bm25) in candidates.items():
        score = WEIGHTS["bm25"] * bm25 / top
        if note is not None:
            score += ranker.name_score(note)
        scored.append((round(score, 9), (note.date or "") if note else "", path))
    scored.sort(key=lambda item: (-item[0], _descending(item[1]), item[2]))
    return [(path, score) for score, _, path in scored]


def _descending(date: str) -> tuple[int, ...]:
    """A sort key putting later dates first and undated notes last."""
    return (*(-ord(c) for c in date), 0) if date else (1,)
