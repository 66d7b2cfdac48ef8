"""Command palette providers (`ctrl+p`): "Open note…", "Go to entity…", "Recent notes…" and
"Bookmarks…".

Typing in the palette searches note titles and entity names together (fuzzy, with Textual's
matcher). Latin letters also find Chinese titles, aliases and entity names by their pinyin
(`tyd`, `tianyuandong` -> 田渊栋; see `reader.text.pinyin`), looked up in a thread: the first
such query builds the vault's pinyin table. With nothing typed, the palette offers the two
commands themselves; choosing one opens a palette restricted to notes or to entities.
Choosing a hit posts `OpenNote` or `ChooseEntity` to the main screen, as the panes do.
The recent and bookmarked notes come from the vault's reading state (`reader.vault.reading`):
their palettes list them at once, newest first, and typing narrows them.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider

from reader.text.pinyin import pinyin_query
from reader.tui.labels import BOOKMARK, kind_label
from reader.tui.messages import ChooseEntity, OpenNote
from reader.vault.entities import EntityRef

if TYPE_CHECKING:
    from textual.fuzzy import Matcher
    from textual.screen import Screen

    from reader.vault.reading import ReadingState
    from reader.vault.vault import Vault

#: How many hits one provider yields at most (the palette shows a screenful anyway).
MAX_HITS = 60
#: Pinyin hits score up to this (Textual's fuzzy scores are 0..1; a Latin query seldom
#: matches a Chinese name fuzzily, so the two rarely compete).
PINYIN_SCORE = 0.9

NOTE_COMMAND = "Open note…"
ENTITY_COMMAND = "Go to entity…"
RECENT_COMMAND = "Recent notes…"
BOOKMARK_COMMAND = "Bookmarks…"


class PaletteHost(Protocol):
    """What the providers need of the app: the vault they list and the screen they tell.

    A protocol rather than the app's class, so that this module and the app (which names
    these providers) do not import each other.
    """

    vault: Vault
    main_screen: Screen
    reading: ReadingState


def _reader_app(provider: Provider) -> PaletteHost:
    """The app the palette belongs to, seen as what the providers need of it."""
    return cast("PaletteHost", provider.app)


class NoteCommands(Provider):
    """Open note…: fuzzy search over note titles and aliases (a note's other names)."""

    async def startup(self) -> None:
        """Take the titles once per palette (in a thread: the catalog may be large)."""
        vault = _reader_app(self).vault
        self._notes = await asyncio.to_thread(
            lambda: [(n.title, n.path, n.date or "", n.aliases) for n in vault.notes()]
        )

    async def discover(self) -> Hits:
        """With nothing typed: the command that opens a notes-only palette."""
        yield DiscoveryHit(
            NOTE_COMMAND,
            partial(_palette, self, NoteCommands, NOTE_COMMAND),
            help="Fuzzy search the titles of every note",
        )

    async def search(self, query: str) -> Hits:
        """Titles matching the typed text, best first (and the command itself)."""
        matcher = self.matcher(query)
        app = _reader_app(self)
        found = 0
        if command := _command_hit(self, matcher, NoteCommands, NOTE_COMMAND):
            yield command
        offered: set[str] = set()
        for title, path, date, aliases in self._notes:
            score, name = max(
                ((matcher.match(name), name) for name in (title, *aliases)),
                key=lambda pair: pair[0],
            )
            if score > 0:
                found += 1
                offered.add(path)
                shown = title if name == title else f"{name} → {title}"
                yield Hit(
                    score,
                    matcher.highlight(name) if name == title else shown,
                    partial(app.main_screen.post_message, OpenNote(path)),
                    text=shown,
                    help=f"note · {date} · {path}".replace(" ·  ·", " ·"),
                )
                if found >= MAX_HITS:
                    return
        if pinyin_query(query) is None:
            return
        for hit in await asyncio.to_thread(app.vault.names.notes, query):
            if hit.path in offered:
                continue
            note = app.vault.get(hit.path)
            title = note.title if note is not None else hit.name
            found += 1
            yield Hit(
                PINYIN_SCORE * hit.quality,
                title,
                partial(app.main_screen.post_message, OpenNote(hit.path)),
                text=title,
                help=f"note · pinyin of {hit.name} · {hit.path}",
            )
            if found >= MAX_HITS:
                return


class EntityCommands(Provider):
    """Go to entity…: fuzzy search over entity names, with their type labels."""

    async def startup(self) -> None:
        """Take the entities once per palette."""
        app = _reader_app(self)
        entities = app.vault.entities
        self._refs: list[tuple[EntityRef, str, int]] = await asyncio.to_thread(
            lambda: [(r, kind_label(app.vault, r), entities.count(r)) for r in entities.all()]
        )

    async def discover(self) -> Hits:
        """With nothing typed: the command that opens an entities-only palette."""
        yield DiscoveryHit(
            ENTITY_COMMAND,
            partial(_palette, self, EntityCommands, ENTITY_COMMAND),
            help="Fuzzy search people, organisations, models, tags…",
        )

    async def search(self, query: str) -> Hits:
        """Entities whose name matches the typed text (and the command itself)."""
        matcher = self.matcher(query)
        app = _reader_app(self)
        found = 0
        if command := _command_hit(self, matcher, EntityCommands, ENTITY_COMMAND):
            yield command
        shown: set[EntityRef] = set()
        for ref, label, count in self._refs:
            score = matcher.match(ref.name)
            if score > 0:
                found += 1
                shown.add(ref)
                yield Hit(
                    score,
                    matcher.highlight(ref.name),
                    partial(app.main_screen.post_message, ChooseEntity(ref)),
                    text=ref.name,
                    help=f"{label} · {count} {'note' if count == 1 else 'notes'}",
                )
                if found >= MAX_HITS:
                    return
        if pinyin_query(query) is None:
            return
        vault = app.vault
        for ref, quality in await asyncio.to_thread(vault.names.entities, query):
            if ref in shown:
                continue
            found += 1
            label, count = kind_label(vault, ref), vault.entities.count(ref)
            yield Hit(
                PINYIN_SCORE * quality,
                ref.name,
                partial(app.main_screen.post_message, ChooseEntity(ref)),
                text=ref.name,
                help=f"{label} · {count} notes · pinyin",
            )
            if found >= MAX_HITS:
                return


class ReadingCommands(Provider):
    """The "Recent notes…" and "Bookmarks…" commands, each opening a palette of those notes."""

    def _commands(self) -> list[tuple[str, type[Provider], str]]:
        return [
            (RECENT_COMMAND, RecentNotes, "The notes you opened last, newest first"),
            (BOOKMARK_COMMAND, BookmarkedNotes, "The notes you bookmarked (m)"),
        ]

    async def discover(self) -> Hits:
        """With nothing typed: both commands."""
        for name, kind, help_text in self._commands():
            yield DiscoveryHit(name, partial(_palette, self, kind, name), help=help_text)

    async def search(self, query: str) -> Hits:
        """The commands whose name matches the typed text."""
        matcher = self.matcher(query)
        for name, kind, help_text in self._commands():
            if command := _command_hit(self, matcher, kind, name, help_text):
                yield command


class RecentNotes(Provider):
    """The recent notes (bookmarked ones marked), newest first; typing narrows them."""

    def _paths(self, app: PaletteHost) -> list[tuple[str, str]]:
        """(path, when) of the notes to list, in order."""
        return [(r.path, (r.opened or "")[:10]) for r in app.reading.recent()]

    async def discover(self) -> Hits:
        """With nothing typed: every note of the list, in order."""
        app = _reader_app(self)
        for title, path, help_text in self._entries(app):
            yield DiscoveryHit(
                title, partial(app.main_screen.post_message, OpenNote(path)), help=help_text
            )

    async def search(self, query: str) -> Hits:
        """The notes of the list whose title or path matches the typed text."""
        matcher = self.matcher(query)
        app = _reader_app(self)
        for title, path, help_text in self._entries(app):
            score = max(matcher.match(title), matcher.match(path))
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(app.main_screen.post_message, OpenNote(path)),
                    text=title,
                    help=help_text,
                )

    def _entries(self, app: PaletteHost) -> list[tuple[str, str, str]]:
        """(title, path, help) of the listed notes that are still in the vault."""
        entries = []
        for path, when in self._paths(app):
            note = app.vault.get(path)
            if note is None:
                continue
            mark = f"{BOOKMARK} " if path in app.reading.bookmarks else ""
            entries.append((mark + note.title, path, f"{when} · {path}".lstrip(" ·")))
        return entries


class BookmarkedNotes(RecentNotes):
    """The bookmarked notes, most recently bookmarked first."""

    def _paths(self, app: PaletteHost) -> list[tuple[str, str]]:
        return [(p, app.reading.bookmarks[p][:10]) for p in app.reading.bookmarked()]


def _command_hit(
    provider: Provider, matcher: Matcher, kind: type[Provider], name: str, help: str | None = None
) -> Hit | None:
    """The hit for the command `name` (opening a palette of `kind`) if the typed text matches it."""
    if (score := matcher.match(name)) <= 0:
        return None
    opening = partial(_palette, provider, kind, name)
    return Hit(score, matcher.highlight(name), opening, text=name, help=help)


def _palette(provider: Provider, kind: type[Provider], placeholder: str) -> None:
    """Open a palette with one provider only."""
    provider.app.push_screen(CommandPalette(providers=[kind], placeholder=placeholder))
