"""Entities: the people, organisations, models, tags… that notes list in their frontmatter.

An entity is identified by its kind (the frontmatter key, or the kind that key belongs to:
`speaker` and `guest` name people, see `Config.kinds`) and a normalised key (Unicode
NFKC, trimmed, inner spaces collapsed, case-folded, aliases applied); the display form is the
one written most often. From the notes' frontmatter this module answers: which notes list an
entity, which entities occur with it, and which notes are related to a note by the entities
they share (rarer shared entities weigh more). Body mentions come from the search index and
are joined in by `reader.vault.vault`. Part of the core: never imports Textual.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from reader.notes.config import Config
from reader.notes.note import Note

_SPACES = re.compile(r"\s+")
#: The entity type of tags: frontmatter `tags` and inline `#tags` together.
TAGS = "tags"


def tag_names(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags as entity names: a leading `#` dropped, and a nested tag (`a/b/c`) followed by
    its parents (`a/b`, `a`), as Obsidian's tag pane counts them; each once, in order."""
    found: dict[str, None] = {}
    for tag in tags:
        name = tag.strip().lstrip("#").strip("/")
        parts = name.split("/")
        for end in range(len(parts), 0, -1):
            found.setdefault("/".join(parts[:end]))
    return tuple(n for n in found if n)


@lru_cache(maxsize=1 << 16)
def normalise(name: str) -> str:
    """The identity form of an entity name: NFKC, trimmed, spaces collapsed, case-folded."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name)).strip().casefold()


#: One listed name: its entity's (type, key), and the name as written (trimmed).
_Entry = tuple[tuple[str, str], str]
#: Marks a name not looked at yet (None marks a blank one).
_UNSEEN: _Entry = (("", ""), "")


@dataclass(frozen=True, order=True)
class EntityRef:
    """One entity: its type key, its identity key, and the name to show."""

    type: str
    key: str
    name: str


@dataclass(frozen=True)
class Related:
    """A note related to another: by shared entities (`score` sums their weights, plus
    the text's similarity times its weight once `reader.vault.related` ranks it), by links
    (`link`: "out" when the note links to it, "in" when it links to the note, "both", or ""
    when they are not linked) and by content (`similarity` from 0 to 1, and the note's
    distinctive words that it shares, `terms`)."""

    path: str
    score: float
    shared: tuple[EntityRef, ...]
    link: str = ""
    similarity: float = 0.0
    terms: tuple[str, ...] = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the note is related: "link", "entities", "similar" (those that apply)."""
        found: tuple[str, ...] = ("link",) if self.link else ()
        found += ("entities",) if self.shared else ()
        return found + (("similar",) if self.similarity > 0 else ())


class EntityIndex:
    """Entities of a set of notes, built in memory from their frontmatter."""

    def __init__(
        self,
        notes: Iterable[Note],
        config: Config,
        inline_tags: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        """`inline_tags`: each note's `#tags` from its body (the link model scans them),
        joined with the frontmatter's `tags`."""
        self.config = config
        notes = list(notes)
        self._inline_tags = inline_tags or {}
        #: Other names: the config's, then each note's `aliases:` for the note's title.
        self._alias_names = dict(config.aliases)
        for note in notes:
            for alias in note.aliases:
                if normalise(alias) != normalise(note.title):
                    self._alias_names.setdefault(alias, note.title)
        self._aliases = {normalise(a): normalise(c) for a, c in self._alias_names.items()}
        self._canonical_names = {normalise(c): c for c in config.aliases.values()}
        self._notes_of: dict[tuple[str, str], list[str]] = defaultdict(list)
        self._of_note: dict[str, list[tuple[str, str]]] = {}
        self._spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        #: The keys each entity is listed under (its roles: `people`, `speaker`…).
        self._roles: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
        entries: dict[str, dict[str, _Entry | None]] = {etype: {} for etype in config.types}
        spelled: list[_Entry] = []
        for note in notes:
            self._add(note, entries, spelled)
        for (ident, spelling), times in Counter(spelled).items():
            self._spellings[ident][spelling] += times
        self._refs = {ident: self._make_ref(ident) for ident in self._notes_of}

    def key_of(self, name: str) -> str:
        """The identity key of a name, with aliases applied."""
        key = normalise(name)
        return self._aliases.get(key, key)

    def _add(
        self, note: Note, entries: dict[str, dict[str, _Entry | None]], spelled: list[_Entry]
    ) -> None:
        """Record the entities a note lists (each once), in type order then as written.

        A vault lists a few hundred entities 100,000 times over, so each (type, name) is
        normalised once into an `_Entry` kept in `entries`, and spellings are counted at
        the end from `spelled` (this was most of the time to index 10,000 notes).
        """
        idents: list[tuple[str, str]] = []
        listed = note.entities
        inline = self._inline_tags.get(note.path, ())
        if listed or inline:
            for etype, known in entries.items():
                names = listed.get(etype, ())
                if etype == TAGS:
                    names = tag_names((*names, *inline))
                for name in names:
                    entry = known.get(name, _UNSEEN)
                    if entry is _UNSEEN:
                        entry = known[name] = self._entry(etype, name)
                    if entry is None:
                        continue
                    self._roles[entry[0]].setdefault(etype)
                    if entry[0] in idents:
                        continue
                    idents.append(entry[0])
                    self._notes_of[entry[0]].append(note.path)
                    spelled.append(entry)
        self._of_note[note.path] = idents

    def _entry(self, etype: str, name: str) -> _Entry | None:
        """The identity and the spelling of a listed name (None for a blank name)."""
        key = self.key_of(name)
        return ((self.config.kind_of(etype), key), name.strip()) if key else None

    def _make_ref(self, ident: tuple[str, str]) -> EntityRef:
        name = self._canonical_names.get(ident[1])
        if name is None:
            name = self._spellings[ident].most_common(1)[0][0]
        return EntityRef(ident[0], ident[1], name)

    def ref(self, etype: str, name: str) -> EntityRef | None:
        """The entity of a type (or its kind) with this name or alias, if a note lists it."""
        return self._refs.get((self.config.kind_of(etype), self.key_of(name)))

    def all(self, etype: str | None = None) -> list[EntityRef]:
        """Every entity (of one kind, or listed under one key, if given), most-listed
        first, then by name."""
        kind = self.config.kind_of(etype) if etype is not None else None
        refs = [
            r
            for r in self._refs.values()
            if kind is None or (r.type == kind and (etype == kind or etype in self.roles(r)))
        ]
        return sorted(refs, key=lambda r: (-self.count(r), r.type, r.name))

    def roles(self, ref: EntityRef) -> list[str]:
        """The keys the entity is listed under, in config order (`people`, `speaker`…)."""
        mine = self._roles.get((ref.type, ref.key), {})
        return [key for key in self.config.types if key in mine]

    def role_labels(self, ref: EntityRef) -> list[str]:
        """Labels of the roles other than the kind itself (`讲者` for a person who spoke)."""
        return [self.config.label(key) for key in self.roles(ref) if key != ref.type]

    def count(self, ref: EntityRef) -> int:
        """How many notes list this entity in their frontmatter."""
        return len(self._notes_of.get((ref.type, ref.key), ()))

    def notes_listing(self, ref: EntityRef) -> list[str]:
        """Paths of the notes whose frontmatter lists this entity."""
        return list(self._notes_of.get((ref.type, ref.key), ()))

    def of_note(self, path: str) -> list[EntityRef]:
        """The entities a note lists, in config type order then as written."""
        return [self._refs[i] for i in self._of_note.get(path, ())]

    def spellings(self, ref: EntityRef) -> list[str]:
        """Every way the entity is written: listed spellings and configured aliases."""
        names = set(self._spellings.get((ref.type, ref.key), Counter()))
        names.add(ref.name)
        names.update(a for a, c in self._alias_names.items() if self.key_of(c) == ref.key)
        return sorted(names, key=lambda n: (-len(n), n))

    def weight(self, ref: EntityRef) -> float:
        """Inverse document frequency: entities listed by fewer notes weigh more."""
        total = max(len(self._of_note), 1)
        return math.log(1 + total / max(self.count(ref), 1))

    def related(self, path: str, limit: int | None = 10) -> list[Related]:
        """Notes sharing entities with `path`, best first (rarer shared entities weigh more)."""
        scores = self.sharing(path)
        ranked = sorted(scores, key=lambda p: (-scores[p], p))
        chosen = ranked if limit is None else ranked[:limit]
        return [Related(p, scores[p], self.shared(path, p)) for p in chosen]

    def sharing(self, path: str) -> dict[str, float]:
        """Every note sharing entities with `path`, and the sum of their weights (one pass
        over the notes listing each of its entities; no record made per note)."""
        scores: dict[str, float] = {}
        get = scores.get
        for ident in self._of_note.get(path, ()):
            weight = self.weight(self._refs[ident])
            for other in self._notes_of[ident]:
                scores[other] = get(other, 0.0) + weight
        scores.pop(path, None)
        return scores

    def shared(self, path: str, other: str) -> tuple[EntityRef, ...]:
        """The entities `other` shares with `path`, in `path`'s order."""
        theirs = set(self._of_note.get(other, ()))
        return tuple(self._refs[i] for i in self._of_note.get(path, ()) if i in theirs)

    def cooccurring(self, ref: EntityRef, limit: int | None = 20) -> list[tuple[EntityRef, int]]:
        """Entities listed together with `ref`, most often first."""
        counts: Counter[tuple[str, str]] = Counter()
        for path in self._notes_of.get((ref.type, ref.key), ()):
            counts.update(i for i in self._of_note[path] if i != (ref.type, ref.key))
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], self._refs[kv[0]].name))
        pairs = [(self._refs[i], n) for i, n in ranked]
        return pairs if limit is None else pairs[:limit]

    def labels(self) -> Mapping[str, str]:
        """Entity type key -> display label, in display order."""
        return self.config.types
