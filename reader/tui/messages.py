"""App-wide messages of the reader's UI, as dataclasses.

Widgets post these *up* to the main screen, which is the hub: it decides what happens and
sets attributes *down* on the other widgets. Workers post them from their threads (posting
is thread-safe). Messages that only matter inside one widget stay nested in that widget.
High-rate messages (indexing progress) say so with `can_replace`, so a burst of them
collapses into the latest one instead of flooding the queue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from reader.notes.note import Note, Skipped
from reader.tui.mentions import MentionFinder
from reader.vault.entities import EntityRef
from reader.vault.searching import Hit
from reader.vault.vault import EntityNote, UpdateSummary

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reader.tui.facts import NoteFacts
    from reader.tui.rows import Row


@dataclass
class IndexProgress(Message):
    """The vault update has handled `done` of `total` files."""

    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        """Only the latest progress matters: replace a queued one."""
        return isinstance(message, IndexProgress)


@dataclass
class VaultUpdated(Message):
    """`Vault.update()` finished; `first` is True for the update at start-up.

    `unchecked` is True when only the catalog of the last run was loaded: the disk has not
    been compared with it yet (the screen starts that check once the first note is shown).
    `newest` is every note newest first, sorted in the worker (sorting 10,000 notes on the
    UI thread delayed the first paint of the list by ~0.1 s).
    """

    summary: UpdateSummary
    first: bool = False
    finder: MentionFinder | None = None
    unchecked: bool = False
    newest: Sequence[Row] | None = None


@dataclass
class NotesReadSoFar(Message):
    """A first build has handled `done` of `total` files; `newest` lists the notes read so
    far, newest first (sorted in the worker). Only the latest matters: it replaces a queued
    one, so the list is never refreshed more often than the screen gets to it."""

    newest: Sequence[Row]
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        """A newer list of the notes read so far replaces a queued one."""
        return isinstance(message, NotesReadSoFar)


@dataclass
class WorkFailed(Message):
    """Background work failed; `what` says which, `error` is the one-line reason."""

    what: str
    error: str


@dataclass
class OpenNote(Message):
    """Open a note in the centre pane (a history step), highlighting `needles` if any, and
    scrolled to `anchor` (a heading or `^block`) if given."""

    path: str
    needles: tuple[str, ...] = ()
    focus_body: bool = True
    anchor: str | None = None


@dataclass
class FollowLink(Message):
    """Follow a link of the open note: a Markdown href, or `wiki:` for a wiki link (see
    `reader.markdown.wiki`)."""

    href: str


@dataclass
class FollowRef(Message):
    """Follow a link the sidebar lists: to `path` at `anchor`, or, when `path` is None, to
    a note not written yet named `target`."""

    target: str
    path: str | None
    anchor: str | None = None


@dataclass
class LinksReady(Message):
    """The vault's link model is up to date (built in a worker after an update)."""


@dataclass
class PreviewNote(Message):
    """The list cursor rests on a note: show it without making a history step."""

    path: str


@dataclass
class ChooseEntity(Message):
    """Make an entity the active filter and show it in the sidebar (a history step)."""

    ref: EntityRef


@dataclass
class SearchChanged(Message):
    """The search text settled (after the debounce) on `query`."""

    query: str


@dataclass
class SearchDone(Message):
    """The best page of results for `query` with snippets, computed in a worker (every
    match follows in `SearchCounted`)."""

    query: str
    hits: list[Hit]
    seconds: float
    indexing: bool = False


@dataclass
class SearchCounted(Message):
    """Every match of `query`, best first, as (path, needles), without snippets: the
    count, and the rows to make as the list scrolls (see `reader.tui.results`)."""

    query: str
    matches: list[tuple[str, tuple[str, ...]]]


@dataclass
class MoreHits(Message):
    """Hits with snippets for more rows of the results of `query`."""

    query: str
    hits: list[Hit]


@dataclass
class EntityNotesReady(Message):
    """An entity's notes (listed and mentioned), computed in a worker."""

    ref: EntityRef
    notes: list[EntityNote]


@dataclass
class NoteFactsReady(Message):
    """The sidebar facts of the note at `path` (entities, related notes), from a worker."""

    path: str
    facts: NoteFacts


@dataclass
class NoteRead(Message):
    """A note was read from disk in a worker; `token` pairs it with the request."""

    path: str
    note: Note | Skipped
    token: int = 0


@dataclass
class MatchesChanged(Message):
    """The find-in-note matches changed: `count` of them, `current` (0-based) or -1."""

    count: int
    current: int = -1
    needles: tuple[str, ...] = field(default=())


@dataclass
class FindChanged(Message):
    """The find bar's text changed to `text` (empty: clear the find highlights)."""

    text: str


@dataclass
class HeadingChosen(Message):
    """A heading of the outline was chosen: scroll the note to block `block_id`."""

    block_id: str
