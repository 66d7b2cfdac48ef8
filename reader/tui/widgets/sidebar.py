"""The entity sidebar (right pane): the open note's entities and related notes, or one entity.

For a note: its entities grouped by type (with the type's label) and how many notes list
each; its Links, Backlinks (each with the line around the link) and Unlinked mentions; then
Related notes, linked ones first, then by shared entities. For an entity (the active
filter): what it is, how many notes list or mention it, its notes per year, the entities
that occur with it most, and its notes. Every entity, link and note is one `enter` away.
The screen computes the facts (`reader.tui.facts`) and hands them down; the sidebar draws
them and posts `ChooseEntity` / `OpenNote` / `FollowRef` up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.facts import MENTIONS_LIMIT, EntityFacts, LinkFact, NoteFacts
from reader.tui.labels import clip, spark
from reader.tui.messages import ChooseEntity, FollowRef, OpenNote
from reader.tui.widgets.keys import LIST_KEYS
from reader.vault.entities import EntityRef

if TYPE_CHECKING:  # snippets and folding load with the first connections, not at start-up
    from reader.vault.connections import Connection


@dataclass(frozen=True)
class _OpenAt:
    """Open a note with this text highlighted (the place of a backlink or a mention)."""

    path: str
    needles: tuple[str, ...]


#: How many characters of a backlink's or mention's context the sidebar shows.
CONTEXT_CHARS = 60
#: How the link or the name in a context is drawn.
CONTEXT_MATCH = "bold $text-accent"


def context_content(text: str, spans: tuple[tuple[int, int], ...], width: int) -> Content:
    """A context cut to `width` characters around its first span, the spans highlighted."""
    from reader.text.snippets import clip_spans  # loads with the first connections

    text, spans = clip_spans(text, spans, width)
    content = Content(text)
    for start, end in spans:
        content = content.stylize(CONTEXT_MATCH, start, end)
    return content


class SideOptions(OptionList):
    """The sidebar's option list, with the shared cursor keys."""

    BINDINGS: ClassVar[list[BindingType]] = [*LIST_KEYS]


def _heading(text: str) -> Option:
    """A group heading: a disabled option, so the cursor skips it."""
    return Option(Content.styled(text, "bold $text-secondary"), disabled=True)


class Sidebar(Vertical):
    """The right pane."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets: dict[str, EntityRef | LinkFact | _OpenAt | str] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="side-head", markup=False)
        yield SideOptions(id="side-options")

    def _fill(self, head: Content, options: list[Option]) -> None:
        """Replace the header and the options."""
        self.query_one("#side-head", Static).update(head)
        option_list = self.query_one(SideOptions)
        option_list.set_options(options)
        # Put the cursor on the first choosable line, so enter works at once.
        first = next((i for i, o in enumerate(options) if not o.disabled), None)
        option_list.highlighted = first

    def _entity_option(self, ref: EntityRef, count: int, label: str = "") -> Option:
        """One entity line: name, count, and the type label when it is not obvious."""
        key = f"e{len(self._targets)}"
        self._targets[key] = ref
        prompt = Content.assemble(
            ref.name,
            (f"  {count}", "$text-muted"),
            (f"  {label}" if label else "", "$text-secondary"),
        )
        return Option(prompt, id=key)

    def _note_option(self, path: str, title: str, detail: str | Content, count: int = 1) -> Option:
        """One note line: title (with how many links it stands for) and a muted detail
        (shared entities, date, or the context of a link with the link highlighted)."""
        key = f"n{len(self._targets)}"
        self._targets[key] = path
        if isinstance(detail, str):
            detail = Content(detail)
        prompt = Content.assemble(
            clip(title, 60),
            (f"  ×{count}" if count > 1 else "", "$text-muted"),
            Content("\n  ").append(detail).stylize_before("$text-muted") if detail else "",
        )
        return Option(prompt, id=key)

    def show_empty(self, text: str) -> None:
        """Nothing to show yet (no note open)."""
        self._targets = {}
        self._fill(Content.styled(text, "$text-muted"), [])

    def show_note(self, facts: NoteFacts) -> None:
        """The note's entities by type, then its related notes."""
        self._targets = {}
        options: list[Option] = []
        for label, refs in facts.groups:
            options.append(_heading(label))
            options.extend(self._entity_option(ref, count, roles) for ref, count, roles in refs)
        options += self._link_options(facts)
        options.append(_heading("Related notes"))
        if not facts.related:
            options.append(Option(Content.styled("none yet", "$text-muted"), disabled=True))
        for path, title, why in facts.related:
            options.append(self._note_option(path, title, clip("; ".join(why), 30)))
        head = Content.assemble(
            ("Entities", "bold $text-accent"), ("  enter to filter", "$text-muted")
        )
        self._fill(head, options)

    def _link_options(self, facts: NoteFacts) -> list[Option]:
        """Links, Backlinks (with the line around each) and Unlinked mentions, with counts;
        "…" while the link model or the mentions are still being computed."""
        options: list[Option] = []
        links, back, unlinked = facts.links, facts.backlinks, facts.unlinked
        written = sum(link.count for link in links) if links is not None else "…"
        options.append(_heading(f"Links  {written}"))
        for link in links or ():
            options.append(self._link_option(link))
        count = f"{facts.backlink_count}" if back is not None else "…"
        options.append(_heading(f"Backlinks  {count}"))
        for other in back or ():
            options.append(self._connection_option(other))
        more = "+" if unlinked is not None and len(unlinked) >= MENTIONS_LIMIT else ""
        count = f"{len(unlinked)}{more}" if unlinked is not None else "…"
        options.append(_heading(f"Unlinked mentions  {count}"))
        for other in unlinked or ():
            options.append(self._connection_option(other))
        return options

    def _connection_option(self, other: Connection) -> Option:
        """A backlink or a mention: the other note's title and the text around the place;
        it opens there (what links or names this note is highlighted)."""
        detail = context_content(other.context, other.spans, CONTEXT_CHARS)
        option = self._note_option(other.path, other.title, detail, other.count)
        self._targets[option.id or ""] = _OpenAt(other.path, other.needles)
        return option

    def _link_option(self, link: LinkFact) -> Option:
        """One outgoing link: the note's title (and the heading), or the name of a note not
        written yet, muted."""
        key = f"l{len(self._targets)}"
        self._targets[key] = link
        where = f" › {link.anchor.lstrip('^')}" if link.anchor else ""
        if link.path is None:
            prompt = Content.assemble(
                (clip(link.target, 50), "$text-muted"), ("  not written yet", "$text-warning")
            )
        else:
            prompt = Content.assemble(clip(link.title or link.target, 50), (where, "$text-muted"))
        if link.count > 1:
            prompt = prompt.append(Content.styled(f"  ×{link.count}", "$text-muted"))
        return Option(prompt, id=key)

    def show_entity(self, facts: EntityFacts) -> None:
        """One entity: counts, notes per year, co-occurring entities and its notes."""
        self._targets = {}
        head = Content("\n").join(
            [
                Content.assemble(
                    (facts.ref.name, "bold $text-accent"), (f"  {facts.label}", "$text-secondary")
                ),
                Content.styled(
                    f"listed in {facts.listed} · mentioned in {facts.mentioned}", "$text-muted"
                ),
                Content(spark(facts.years) or "no dated notes"),
            ]
        )
        options: list[Option] = [_heading("Occurs with")]
        if not facts.cooccurring:
            options.append(
                Option(Content.styled("no other entities", "$text-muted"), disabled=True)
            )
        options.extend(self._entity_option(ref, n, label) for ref, n, label in facts.cooccurring)
        options.append(_heading("Notes"))
        options.extend(self._note_option(path, title, date) for path, title, date in facts.notes)
        self._fill(head, options)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """enter (or click) on an entity filters by it; on a note opens it."""
        event.stop()
        target = self._targets.get(event.option.id or "")
        if isinstance(target, LinkFact):
            self.post_message(FollowRef(target.target, target.path, target.anchor))
        elif isinstance(target, _OpenAt):
            self.post_message(OpenNote(target.path, needles=target.needles, focus_body=False))
        elif isinstance(target, EntityRef):
            self.post_message(ChooseEntity(target))
        elif isinstance(target, str):
            self.post_message(OpenNote(target, focus_body=False))
