"""Normalised tokens laid out as lines of a terminal: what `reader show` prints.

Paragraphs are wrapped with the reader's CJK line breaking (`reader.text.cjk_wrap`, the same
rules the TUI hooks into Textual), with cell widths measured as Rich and Textual measure them.
Quotes, callouts and embeds get a bar down their left side, lists their bullets or numbers
with hanging indents, code blocks are indented and never re-flowed (only folded when wider
than the page), tables are drawn with rules and cells wrapped to fit. Each line keeps the
spans of its styles (`reader.markdown.inline`), so the same lines print as plain text or in
colour (`to_rich`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it.token import Token
from rich.cells import cell_len, get_character_cell_size
from rich.style import Style
from rich.text import Text

from reader.markdown.inline import Span, Styled, styled
from reader.markdown.normalise import CALLOUT_STYLES
from reader.text.cjk_wrap import break_offsets

#: One line of output: its text and the spans of its styles.
Line = tuple[str, tuple[Span, ...]]

BULLETS = ("•", "◦", "▪", "‣")
#: How each style name is drawn on a terminal (Rich styles).
RICH_STYLES = {
    "em": "italic",
    "strong": "bold",
    "s": "strike",
    "mark": "black on yellow",
    "code": "bold cyan",
    "code.block": "cyan",
    "math": "italic magenta",
    "link": "underline blue",
    "tag": "green",
    "footnote": "dim",
    "placeholder": "dim italic",
    "task": "bold",
    "bullet": "bold",
    "quote": "dim",
    "rule": "dim",
    "table.header": "bold",
    "h1": "bold underline magenta",
    "h2": "bold magenta",
    "h3": "bold",
    "h4": "bold",
    "h5": "bold dim",
    "h6": "dim",
    "card.title": "bold magenta",
    "card.facts": "dim",
    "card.summary": "italic",
    "card.problem": "yellow",
    "embed.title": "bold",
    "callout.note": "bold blue",
    "callout.tip": "bold green",
    "callout.warning": "bold yellow",
    "callout.danger": "bold red",
    "callout.example": "bold magenta",
    "callout.quote": "bold dim",
}


@dataclass
class _Frame:
    """A level of nesting: what it puts before its first line and before every other."""

    first: str
    rest: str
    style: str
    bar: bool = False
    used: bool = False


@dataclass
class _State:
    lines: list[Line] = field(default_factory=list)
    frames: list[_Frame] = field(default_factory=list)
    lists: list[bool] = field(default_factory=list)
    gap: bool = False


def layout(tokens: list[Token], width: int) -> list[Line]:
    """Normalised block tokens (`reader.markdown.normalise`) as lines at most `width` cells
    wide (wider only where a table cannot shrink more)."""
    return _Layout(max(width, 10)).run(tokens)


def text_lines(styled_text: Styled, width: int, style: str | None = None) -> list[Line]:
    """One block of styled text wrapped to `width` (`style` over all of it)."""
    spans = styled_text.spans
    if style:
        spans = ((0, len(styled_text.text), style, ""), *spans)
    out: list[Line] = []
    base = 0
    for number, segment in enumerate(styled_text.text.split("\n")):
        lead = len(segment) - len(segment.lstrip(" ")) if number else 0
        cuts = [
            lead,
            *(
                lead + c
                for c in break_offsets(segment[lead:], width, char_width=get_character_cell_size)
            ),
        ]
        for start, end in zip(cuts, [*cuts[1:], len(segment)], strict=True):
            piece = segment[start:end].rstrip()
            out.append((piece, _clip(spans, base + start, base + start + len(piece), 0)))
        base += len(segment) + 1
    return out


def _clip(spans: tuple[Span, ...], start: int, end: int, shift: int) -> tuple[Span, ...]:
    """The spans over `start`..`end`, moved to begin at `shift`."""
    return tuple(
        (max(s, start) - start + shift, min(e, end) - start + shift, name, href)
        for s, e, name, href in spans
        if s < end and e > start
    )


class _Layout:
    def __init__(self, width: int) -> None:
        self.width = width
        self.state = _State()
        self.heading: str | None = None
        self.hidden = False
        self.table: list[list[Styled]] | None = None

    def run(self, tokens: list[Token]) -> list[Line]:
        for token in tokens:
            self.token(token)
        return self.state.lines

    def token(self, token: Token) -> None:
        """Lay out one token: a method per kind (`_on_<kind>`); others draw nothing."""
        handler = getattr(self, f"_on_{token.type}", None)
        if handler is not None:
            handler(token)

    def _on_inline(self, token: Token) -> None:
        self.inline(token)

    def _on_heading_open(self, token: Token) -> None:
        self.space()
        self.heading = token.tag

    def _on_heading_close(self, token: Token) -> None:
        self.heading = None

    def _on_paragraph_open(self, token: Token) -> None:
        self.hidden = token.hidden
        if not token.hidden:
            self.space()

    def _on_fence(self, token: Token) -> None:
        self.space()
        self.code(token.content)

    _on_code_block = _on_fence

    def _on_hr(self, token: Token) -> None:
        self.space()
        self.emit([("─" * self.room(), ((0, self.room(), "rule", ""),))])
        self.state.gap = True

    def _on_blockquote_open(self, token: Token) -> None:
        self.space()
        meta = token.meta or {}
        style = CALLOUT_STYLES.get(meta.get("callout") or "", "quote")
        bar = "┃ " if meta.get("embed") else "│ "
        self.state.frames.append(_Frame(bar, bar, style, bar=True))

    def _on_blockquote_close(self, token: Token) -> None:
        self.state.frames.pop()
        self.state.gap = True

    def _on_bullet_list_open(self, token: Token) -> None:
        self.space()
        self.state.lists.append(token.type == "ordered_list_open")

    _on_ordered_list_open = _on_bullet_list_open

    def _on_bullet_list_close(self, token: Token) -> None:
        self.state.lists.pop()
        self.state.gap = True

    _on_ordered_list_close = _on_bullet_list_close

    def _on_list_item_open(self, token: Token) -> None:
        self.item(token)

    def _on_list_item_close(self, token: Token) -> None:
        frame = self.state.frames[-1]
        if not frame.used:  # an empty item still shows its bullet
            self.emit([("", ())])
        self.state.frames.pop()

    def _on_table_open(self, token: Token) -> None:
        self.table = []

    def _on_tr_open(self, token: Token) -> None:
        if self.table is not None:
            self.table.append([])

    def _on_table_close(self, token: Token) -> None:
        if self.table is not None:
            self.space()
            self.emit(self.grid(self.table))
            self.table, self.state.gap = None, True

    def inline(self, token: Token) -> None:
        content = styled(token.children or [])
        if self.table is not None:
            if self.table:
                self.table[-1].append(content)
            return
        self.emit(text_lines(content, self.room(), self.heading))
        self.state.gap = self.heading is not None or not self.hidden

    def item(self, token: Token) -> None:
        ordered = self.state.lists[-1] if self.state.lists else False
        if ordered:
            marker = f"{token.info or '1'}{token.markup if token.markup in '.)' else '.'} "
        else:
            depth = sum(1 for is_ordered in self.state.lists if not is_ordered) - 1
            marker = BULLETS[depth % len(BULLETS)] + " "
        self.state.frames.append(_Frame(marker, " " * cell_len(marker), "bullet"))

    def space(self) -> None:
        """A blank line before the next block, if the last block asked for one."""
        if self.state.gap and self.state.lines:
            bars = "".join(f.rest if f.bar else " " * cell_len(f.rest) for f in self.state.frames)
            self.state.lines.append((bars.rstrip(), ()))
        self.state.gap = False

    def room(self) -> int:
        """Cells left for text inside the current nesting."""
        return max(self.width - sum(cell_len(f.rest) for f in self.state.frames), 8)

    def emit(self, lines: list[Line]) -> None:
        """Append lines, each behind the prefixes of the current nesting."""
        for text, spans in lines:
            prefix, prefix_spans = "", []
            for frame in self.state.frames:
                part = frame.rest if frame.used else frame.first
                frame.used = True
                prefix_spans.append((len(prefix), len(prefix) + len(part), frame.style, ""))
                prefix += part
            shifted = _clip(spans, 0, len(text), len(prefix))
            self.state.lines.append(((prefix + text).rstrip(), (*prefix_spans, *shifted)))

    def code(self, content: str) -> None:
        room = self.room() - 2
        lines: list[Line] = []
        for raw in content.rstrip("\n").expandtabs(4).split("\n"):
            cuts = (
                [0, *break_offsets(raw, room, char_width=get_character_cell_size)] if raw else [0]
            )
            for start, end in zip(cuts, [*cuts[1:], len(raw)], strict=True):
                piece = "  " + raw[start:end]
                lines.append((piece, ((2, len(piece), "code.block", ""),)))
        self.emit(lines)
        self.state.gap = True

    def grid(self, rows: list[list[Styled]]) -> list[Line]:
        """A table: cells wrapped to columns that fit the room, a rule under the header."""
        columns = max(len(row) for row in rows)
        rows = [row + [Styled("")] * (columns - len(row)) for row in rows]
        widths = [
            max(max((cell_len(p) for p in row[c].text.split("\n")), default=0) for row in rows)
            for c in range(columns)
        ]
        widths = [max(w, 1) for w in widths]
        room = self.room() - 3 * (columns - 1)
        while sum(widths) > room and max(widths) > 6:
            widths[widths.index(max(widths))] -= 1
        lines: list[Line] = []
        for index, row in enumerate(rows):
            cells = [
                text_lines(cell, widths[c], "table.header" if index == 0 else None)
                for c, cell in enumerate(row)
            ]
            for depth in range(max(len(c) for c in cells)):
                lines.append(_row_line(cells, widths, depth))
            if index == 0:
                rule = "─┼─".join("─" * w for w in widths)
                lines.append((rule, ((0, len(rule), "rule", ""),)))
        return lines


def _row_line(cells: list[list[Line]], widths: list[int], depth: int) -> Line:
    """Line `depth` of a table row: each cell's line padded to its column."""
    text, spans = "", []
    for column, cell in enumerate(cells):
        if column:
            spans.append((len(text), len(text) + 3, "rule", ""))
            text += " │ "
        piece, piece_spans = cell[depth] if depth < len(cell) else ("", ())
        spans.extend(_clip(piece_spans, 0, len(piece), len(text)))
        text += piece + " " * max(widths[column] - cell_len(piece), 0)
    return text.rstrip(), tuple(spans)


def to_plain(lines: list[Line]) -> str:
    """Lines as plain text."""
    return "\n".join(text for text, _ in lines)


def to_rich(lines: list[Line]) -> Text:
    """Lines as Rich text in the styles of `RICH_STYLES`."""
    out = Text()
    for text, spans in lines:
        start = len(out)
        out.append(text)
        for s, e, name, _href in spans:
            style = RICH_STYLES.get(name)
            if style:
                out.stylize(Style.parse(style), start + s, start + e)
        out.append("\n")
    return out
