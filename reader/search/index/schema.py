"""The Whoosh schema of the note index and the document made from each note.

Fields: `path` (unique); `text` (title, aliases, entity values, summary and body: what free
text searches); `title`, `aliases`, `summary`, `entities` (every entity value) and one
`e_<type>` field per entity type, for field filters and for finding notes by name; all
analysed by `NoteTokenizer`, with frequencies but no positions (adjacency is checked on
the text itself, see `reader.search.matching`); `date` (normalised ISO text, so ranges
compare as text) and `status` as exact terms. Bump
`SCHEMA_VERSION` whenever the schema or the analysis changes: an index with another version
is rebuilt. Whoosh pickles the schema with the module path of `NoteTokenizer` and
`NoteFrequency`, so moving this module is a schema change too (version 5: the move from
`reader.index` to `reader.search.index`; version 6: the `aliases` field, and titles from
level-1 headings only).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from whoosh import fields
from whoosh.analysis import Token, Tokenizer
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.formats import Frequency
from whoosh.system import pack_uint

from reader.notes.note import Note
from reader.text.analysis import VALUE_SEPARATOR, iter_words, word_counts
from reader.text.fold import fold

SCHEMA_VERSION = 6
#: The field free text is searched in: title, aliases, entity values, summary and body.
TEXT_FIELD = "text"
#: The fields that hold a note's names: a query is also looked up in them, so that the
#: note it names is among the candidates however common its words are in bodies.
NAME_FIELDS = ("title", "aliases")
#: The field of each note's normalised date, one exact term.
DATE_FIELD = "date"
#: How many times the title (and each alias) and the entity values are repeated in `text`:
#: BM25 then weighs
#: a word there like a word said that often in the body. One field instead of four makes a
#: query read one posting list per term, which halved search time on 10,000 notes.
TITLE_REPEAT = 3
ENTITY_REPEAT = 2


class NoteTokenizer(Tokenizer):
    """Whoosh tokenizer applying `reader.text.analysis.iter_words` (stored in the schema)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.text = fold(value)
            token.boost = 1.0
            token.pos = start_pos
            yield token
            return
        for word, pos in iter_words(value):
            token.text = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + pos
            yield token


class NoteFrequency(Frequency):
    """Whoosh's `Frequency` format, counting words in bulk (`reader.text.analysis.word_counts`).

    Same postings and encoding as the stock format; it skips Whoosh's per-token analyzer
    chain, which took a third of the time of adding a note (measured on 150 notes:
    1.25 -> 0.8 CPU seconds).
    """

    def word_values(  # words are str, as Whoosh's own formats yield them (typed as bytes)
        self, value: Any, analyzer: Any, **kwargs: Any
    ) -> Iterator[tuple[Any, int, float, bytes]]:
        boost = self.field_boost
        for word, count in word_counts(value).items():
            yield word, count, count * boost, pack_uint(count)


def entity_field(etype: str) -> str:
    """The index field holding the values of one entity type."""
    return f"e_{etype}"


def make_schema() -> fields.Schema:
    """A fresh schema (entity fields are dynamic: `e_*`)."""
    text = fields.TEXT(analyzer=CompositeAnalyzer(NoteTokenizer()), phrase=False)
    text.format = NoteFrequency()
    schema = fields.Schema(
        path=fields.ID(stored=True, unique=True),
        text=text,
        title=text,
        aliases=text,
        summary=text,
        entities=text,
        date=fields.ID(stored=True),
        status=fields.ID,
    )
    schema.add("e_*", text, glob=True)
    return schema


def document_for(note: Note) -> dict[str, str]:
    """The fields Whoosh indexes for one note."""
    doc = {
        "path": note.path,
        "title": note.title,
        "aliases": VALUE_SEPARATOR.join(note.aliases),
        "summary": note.summary,
        "date": note.date or "",
        "status": note.status.strip().lower(),
    }
    every: list[str] = []
    for etype, names in note.entities.items():
        if names:
            doc[entity_field(etype)] = VALUE_SEPARATOR.join(names)
            every.extend(names)
    doc["entities"] = VALUE_SEPARATOR.join(every)
    every_name = VALUE_SEPARATOR.join([note.title, *note.aliases])
    parts = [every_name] * TITLE_REPEAT + [doc["entities"]] * ENTITY_REPEAT
    doc[TEXT_FIELD] = VALUE_SEPARATOR.join([*parts, note.summary, note.body])
    return {k: v for k, v in doc.items() if v or k == "path"}
