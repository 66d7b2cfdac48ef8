"""Following links from the open note and the sidebar: to another note (at a heading or a
block when the link names one), to a web page, or, for a note not written yet, an offer to
search for its name.

Links reach here as hrefs (`FollowLink`, and Textual's `Markdown.LinkClicked` for links
Markdown rendered): a Markdown link's own href, or `wiki:` for a wiki link (`reader.markdown.wiki`).
Wiki links and Markdown links the plain path rule cannot place are resolved by the vault's
link model, as the CLI resolves them. A base class of `MainScreen`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from textual import work

from reader.markdown.wiki import parse_wiki_href
from reader.notes.links import resolve_link
from reader.tui.messages import FollowLink, FollowRef, LinksReady, OpenNote
from reader.tui.screens.note_commands import NoteCommands
from reader.tui.widgets.note_view import NoteView
from reader.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from textual.widgets import Markdown

    from reader.markdown.scan import LinkRef


class LinkCommands(NoteCommands):
    """Following links (see the module docstring)."""

    #: The note and anchor to scroll to once that note is rendered.
    _pending_anchor: tuple[str, str] | None = None
    #: The name of a note not written yet whose search was offered (a second follow runs it).
    _offered: str | None = None

    def on_follow_link(self, message: FollowLink) -> None:
        """A link in the note was followed from the keyboard or clicked as written."""
        message.stop()
        self.follow_href(message.href)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        """A link Markdown rendered was activated (click or key)."""
        event.stop()
        self.follow_href(event.href)

    def on_follow_ref(self, message: FollowRef) -> None:
        """A link listed in the sidebar was chosen."""
        message.stop()
        if message.path is not None:
            self.post_message(OpenNote(message.path, anchor=message.anchor, focus_body=False))
        else:
            self.offer_search(message.target)

    def follow_href(self, href: str) -> None:
        """Web pages open in the browser, notes of the vault open here (at the heading or
        block named), a note not written yet offers a search; anything else is refused
        with the reason."""
        from reader.markdown.scan import LinkRef  # loaded with the first note anyway

        if self.note is None:
            return
        wiki = parse_wiki_href(href)
        if wiki is not None:
            ref = LinkRef(wiki[0], wiki[1], None, False, False, 0)
        else:
            known = frozenset(n.path for n in self.vault.records())  # no need to sort them
            target = resolve_link(href, self.note.path, known)
            fragment = unquote(urlsplit(href.strip()).fragment) or None
            if target.kind == "web":
                self.app.open_url(target.target)
                return
            if target.kind == "anchor":
                self.post_message(OpenNote(self.note.path, anchor=unquote(target.target)))
                return
            if target.kind == "note":
                self.post_message(OpenNote(target.target, anchor=fragment))
                return
            parts = urlsplit(href.strip())
            if parts.scheme or parts.path.startswith("/") or target.target.startswith("this"):
                self.notify(f"Not opened: {target.target}", severity="warning")
                return
            ref = LinkRef(unquote(parts.path), fragment, None, False, True, 0)
        self._follow_ref(ref)

    def _follow_ref(self, ref: LinkRef) -> None:
        """Open the note a link names, by the vault's rule (as the CLI does)."""
        assert self.note is not None
        links = self.vault.links_if_ready()
        if links is None:
            self.notify("The links are still being read; try again in a moment.", timeout=3)
            return
        path = links.names.resolve(ref, self.note.path)
        if path is None:
            self.offer_search(ref.target)
        else:
            self.post_message(OpenNote(path, anchor=ref.anchor))

    def offer_search(self, target: str) -> None:
        """A link to a note not written yet: say so, and search for its name when the same
        link is followed again."""
        if self._offered == target:
            self._offered = None
            self.query_one(SearchBar).set_quietly(target)
            self.run_search(target)
            return
        self._offered = target
        self.notify(
            f"No note “{target}” yet. Follow the link again to search for it.",
            title="Not written yet",
            timeout=4,
        )

    def expect_anchor(self, path: str, anchor: str | None) -> None:
        """Scroll to `anchor` once `path` is rendered (now, if it already is)."""
        self._offered = None
        self._pending_anchor = (path, anchor) if anchor else None
        if anchor and self.note is not None and self.note.path == path:
            self._pending_anchor = None
            self._goto_anchor(anchor)

    def anchor_rendered(self, path: str) -> None:
        """A note was rendered: scroll to the anchor waiting for it."""
        pending = self._pending_anchor
        if pending is not None and pending[0] == path:
            self._pending_anchor = None
            self._goto_anchor(pending[1])

    @work(exclusive=True, group="anchor", exit_on_error=False)
    async def _goto_anchor(self, anchor: str) -> None:
        view = self.query_one(NoteView)
        if not await view.goto_anchor(anchor, self._block_line(anchor)):
            self.notify(f"No “{anchor.lstrip('^')}” in this note.", timeout=3)

    def _block_line(self, anchor: str) -> str:
        """The text of the line a `^block` id ends, from the link model (the id itself is
        not shown once rendered); "" for a heading or when the model is not ready."""
        links = self.vault.links_if_ready()
        if not anchor.startswith("^") or links is None or self.note is None:
            return ""
        line = links.anchor_line(self.note.path, anchor)
        lines = self.note.body.split("\n")
        return lines[line] if line is not None and 0 <= line < len(lines) else ""

    def on_links_ready(self, message: LinksReady) -> None:
        """The link model is ready: show the open note's links in the sidebar."""
        if self.note is not None:
            self.load_note_facts(self.note)
