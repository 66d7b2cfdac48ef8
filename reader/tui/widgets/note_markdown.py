"""The widget a part of a note renders into: Textual's Markdown fed the reader's own tokens.

Textual's Markdown widget parses with any object that has `.parse(text)` (`parser_factory`)
and builds one block widget per token. `NoteParser` hands it the normalised tokens of
`reader.markdown.normalise` (the same ones `reader show` lays out), and every block class is
swapped for a subclass whose `build_from_token` styles the inline text with
`reader.markdown.inline.styled`, so highlights, math, tags, wiki links and placeholders look
the same wherever they stand (paragraph, heading, list item, table cell). Quotes that are
callouts or embeds get a class by type (styles.tcss colours their border).

Kept apart from `marks` and imported when the first note is rendered, not at start-up:
Textual's Markdown widget brings in markdown-it, the syntax highlighter and the tree widget
(~45-70 ms of imports), which the first paint of the note list does not need.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

from markdown_it.token import Token
from textual.content import Content, Span
from textual.style import Style
from textual.widgets import Markdown
from textual.widgets.markdown import MarkdownBlock

from reader.markdown.footnotes import Footnotes
from reader.markdown.inline import styled
from reader.markdown.normalise import CALLOUT_STYLES, Resolve, note_tokens
from reader.tui.widgets.image_block import IMAGE_TOKEN, FindImage, ImageBlock, image_blocks

#: How each style of `reader.markdown.inline` is drawn here (Textual style strings; the
#: four Markdown classes keep Textual's own look).
TEXTUAL_STYLES = {
    "em": ".em",
    "strong": ".strong",
    "s": ".s",
    "code": ".code_inline",
    "mark": "$text on $warning 40%",
    "math": "italic $text-accent",
    "tag": "$text-success",
    "footnote": "$text-muted",
    "placeholder": "italic $text-muted",
    "task": "bold $text-primary",
    "embed.title": "bold $text-secondary",
    "callout.note": "bold $text-primary",
    "callout.tip": "bold $text-success",
    "callout.warning": "bold $text-warning",
    "callout.danger": "bold $text-error",
    "callout.example": "bold $text-accent",
    "callout.quote": "bold $text-muted",
}


#: The blocks that hold inline text, and quotes (a callout or embed gets a class).
STYLED_BLOCKS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "paragraph_open", "th_open", "td_open"}
    | {"blockquote_open"}
)


class NoteParser:
    """The parser the widget uses: a part's text to normalised tokens. Runs in Textual's
    executor thread, so reading embedded notes through `resolve` never blocks the UI."""

    def __init__(
        self,
        resolve: Resolve | None = None,
        reversed_labels: bool = False,
        name: str = "",
        footnotes: Footnotes | None = None,
        images: FindImage | None = None,
    ) -> None:
        self.resolve = resolve
        self.reversed_labels = reversed_labels
        self.name = name
        self.footnotes = footnotes
        self.images = images

    def parse(self, text: str) -> list[Token]:
        """Normalised tokens of `text` (`name`: the note's own, which it never embeds;
        `footnotes`: the whole note's, when `text` is one of its parts); with `images`
        (how to find an image's file), a block after each block holding local images."""
        tokens = note_tokens(
            text,
            resolve=self.resolve,
            reversed_labels=self.reversed_labels,
            name=self.name,
            footnotes=self.footnotes,
        )
        return image_blocks(tokens) if self.images is not None else tokens


def inline_content(token: Token) -> Content:
    """An inline token as Textual content in the styles of `TEXTUAL_STYLES`."""
    shown = styled(token.children or [])
    spans: list[Span] = []
    for start, end, name, href in shown.spans:
        if name == "link":
            spans.append(Span(start, end, Style.from_meta({"@click": f"link({href!r})"})))
        elif name in TEXTUAL_STYLES:
            spans.append(Span(start, end, TEXTUAL_STYLES[name]))
    return Content(shown.text, spans=spans)


class _NoteBlock(MarkdownBlock):
    """Builds its text with the reader's inline styles; a callout or embed quote gets a
    class by type (`callout-tip`, `embed`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        token = args[1] if len(args) > 1 else kwargs.get("token")
        meta = getattr(token, "meta", None) or {}
        if meta.get("callout"):
            style = CALLOUT_STYLES.get(meta["callout"], "callout.note")
            self.add_class(style.replace(".", "-"))
        elif meta.get("embed"):
            self.add_class("embed")

    def build_from_token(self, token: Token) -> None:
        """Set the block's content from its inline token (replaces Textual's styling)."""
        self._inline_token = token
        self.set_content(inline_content(token))


@cache
def note_block_class(base: type[MarkdownBlock]) -> type[MarkdownBlock]:
    """`base` with the reader's inline styling. `base` comes first among the bases: Textual
    takes a widget's CSS types and default CSS along the chain of first bases, so the
    subclass keeps every rule written for `base`; `_NoteBlock` still precedes
    `MarkdownBlock` in the method order, so its `build_from_token` is the one called."""
    return type(base.__name__, (base, _NoteBlock), {})


class NoteMarkdown(Markdown):
    """The note body: Textual's Markdown with the reader's tokens and highlight styles."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "match",
        "match--current",
        "mention--person",
        "mention--org",
        "mention--product",
        "mention--media",
        "mention--link",
        "mention--current",
    }

    def __init__(self, *, id: str | None = None, parser: NoteParser | None = None) -> None:
        # Empty at first: the note view awaits `update()` so it knows when blocks exist.
        # Links are not opened here: the main screen decides (`reader.notes.links`).
        chosen = parser or NoteParser()
        super().__init__("", id=id, open_links=False, parser_factory=lambda: chosen)  # type: ignore[arg-type, return-value]
        self._note_parser = chosen

    def get_block_class(self, block_name: str) -> type[MarkdownBlock]:
        """Textual's block class for `block_name`; those holding text (or a quote that may
        be a callout) are styled by the reader."""
        base = super().get_block_class(block_name)
        return note_block_class(base) if block_name in STYLED_BLOCKS else base

    def unhandled_token(self, token: Token) -> MarkdownBlock | None:
        """An image's block (`reader.tui.widgets.image_block`); nothing for other tokens."""
        if token.type == IMAGE_TOKEN:
            return ImageBlock(self, token, self._note_parser.images)
        return None
