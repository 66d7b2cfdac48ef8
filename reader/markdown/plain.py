"""A note's visible text: what `reader show --plain` prints of the body, unwrapped.

Search snippets are cut from it, so no tag, URL, `$` or `[[` reaches a result. Parsing a
whole long note for each hit would cost more than the search (a 20 KB note takes ~10 ms), so
`visible_window` renders only the stretch of source around the first match, from the start
of a line or sentence to the end of one, just far enough out that the snippet fits inside
(the TUI asks for 200 hits at a time). A stretch with no character Markdown or HTML could
act on is its own visible text and is not parsed at all.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it.token import Token

from reader.markdown.inline import Styled, styled
from reader.markdown.normalise import note_tokens

#: How far the source window reaches before and after the match before it looks for the
#: start or end of a line or sentence: a snippet shows ~40 characters before the match and
#: ~110 after, and the markup around them takes more of the source than of the text.
BEFORE, AFTER = 50, 150
#: How far past those a boundary is looked for before the window is cut anyway.
SLACK = 150
#: Where a window may start or end: line breaks and the ends of sentences, which markup
#: (emphasis, links, code) rarely spans.
_STOPS = ("\n", "。", "！", "？", ". ", "! ", "? ")
_INDENT = re.compile(r"^[ \t]+", re.M)
#: A link's address after its `](`, or a bare web address (the `](` itself is kept).
_ADDRESS = re.compile(r"(\]\(|)(?:(?<=\]\()[^)\s]*|https?://[^\s)\]]*)")
#: Inline markers that come in pairs: a window holds both or neither.
_PAIRS = ("**", "__", "~~", "==", "`")
#: Anything Markdown or HTML could make of a text; a window without it is shown as it is.
_MARKUP = re.compile(r"[\\`*_\[\]<>$=%^|#~&!]|^[ \t]*(?:[-+]|\d+[.)])[ \t]", re.M)
#: A level-1 heading opening a body: `# Title`, or a paragraph over a line of `=`.
_OPENING_ATX = re.compile(r"(?:[ \t]*\n)* {0,3}#[ \t]+(.*)(?:\n|\Z)(?:[ \t]*\n)*")
_OPENING_SETEXT = re.compile(
    r"(?:[ \t]*\n)*((?: {0,3}\S.*\n)+?) {0,3}=+[ \t]*(?:\n|\Z)(?:[ \t]*\n)*"
)
_CLOSING_HASHES = re.compile(r"(?:[ \t]+#+)?[ \t]*$")


def visible_text(body: str, *, reversed_labels: bool = False) -> str:
    """The body's text as shown, one block per line (embeds are not transcluded)."""
    return tokens_text(note_tokens(body, reversed_labels=reversed_labels))


def tokens_text(tokens: list[Token]) -> str:
    """The text of normalised tokens, one block per line."""
    lines: list[str] = []
    for token in tokens:
        if token.type == "inline":
            lines.append(styled(token.children or []).text)
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.rstrip("\n"))
    return "\n".join(line for line in lines if line)


def past_title(body: str, title: str) -> int:
    """Where the body's text starts once a level-1 heading that opens it and reads as
    `title` is left out, with the blank lines after it (0 when it opens otherwise): a
    search hit shows the title already, so its snippet need not begin by repeating it."""
    match = _OPENING_ATX.match(body)
    if match is not None:
        heading = _CLOSING_HASHES.sub("", match.group(1))
    else:
        match = _OPENING_SETEXT.match(body)
        if match is None:
            return 0
        heading = match.group(1)
    if _same_words(heading, title):
        return match.end()
    if _MARKUP.search(heading) is None:
        return 0  # plain text, and not the title
    from reader.markdown.scan import plain_inline

    return match.end() if _same_words(plain_inline(heading), title) else 0


def _same_words(one: str, other: str) -> bool:
    return one.casefold().split() == other.casefold().split()


@lru_cache(maxsize=1024)
def visible_line(line: str, *, reversed_labels: bool = False) -> Styled:
    """One source line as shown, with the spans of its styles (a link's with its href): no
    bullet, `#`, `>` or callout marker, links by their label. Indentation is dropped (one
    line of an outline is not code). The line's blocks are joined by a space."""
    text, spans = "", []
    for token in note_tokens(line.strip(), reversed_labels=reversed_labels):
        if token.type != "inline":
            continue
        shown = styled(token.children or [])
        gap = " " if text and shown.text else ""
        at = len(text) + len(gap)
        spans += [(at + start, at + end, name, href) for start, end, name, href in shown.spans]
        text += gap + shown.text
    return Styled(text.replace("\n", " "), tuple(spans))


def visible_window(body: str, at: int | None, *, reversed_labels: bool = False) -> str:
    """The visible text of the source around offset `at` (the start when None): from the
    start of the line, or of the sentence, a little before `at`, to the end of the line or
    sentence some way after it (`BEFORE`, `AFTER`; a sentence end is looked for within
    `SLACK`, else the window is cut there)."""
    at = 0 if at is None else at
    start = _boundary_before(body, max(0, at - BEFORE))
    end = _boundary_after(body, at + AFTER)
    start, end = _whole_markup(body, start, end, at)
    window = _INDENT.sub("", body[start:end])  # a nested list item alone is not code
    if _MARKUP.search(window) is None:
        return window  # plain prose: its text is itself
    return _window_text(window, reversed_labels)


@lru_cache(maxsize=4096)
def _window_text(window: str, reversed_labels: bool) -> str:
    """`visible_text` of a window, remembered: while a query is typed the first match of
    most hits stays where it was, so their windows come back (~1.5 MB at most)."""
    return visible_text(window, reversed_labels=reversed_labels)


def _whole_markup(body: str, start: int, end: int, at: int) -> tuple[int, int]:
    """Widen a window, within its lines and by at most `SLACK` each way, so that it does not
    cut inline markup in two: half a `**bold**` or a link cut in its `(url)` would be shown
    as typed, and the snippet would carry `**` or `](https://…`. Markup left open at the end
    that cannot be closed so (a long address) is cut off before it, when the match stays."""
    line = body.rfind("\n", 0, start) + 1
    opened = [line + i for i in _openers(body[line:start]) if start - (line + i) <= SLACK]
    start = min(opened, default=start)
    line_end = body.find("\n", end)
    rest = body[end : len(body) if line_end < 0 else line_end]
    window = body[start:end]
    left_open = _openers(window)
    if left_open:
        closed = _closers(window, rest)
        if closed is not None and closed <= SLACK:
            return start, end + closed
        if start + min(left_open) > at:
            return start, start + min(left_open)
    return start, end


def _openers(prefix: str) -> list[int]:
    """Where markup that `prefix` leaves open starts: a pair marker seen an odd number of
    times, a `[` not closed, or a link whose `(url` has not ended."""
    prefix = _masked(prefix)
    found = [prefix.rfind(mark) for mark in _PAIRS if prefix.count(mark) % 2]
    link = prefix.rfind("](")
    if link > prefix.rfind(")"):
        found.append(prefix.rfind("[", 0, link))
    elif prefix.rfind("[") > prefix.rfind("]"):
        found.append(prefix.rfind("["))
    found = [i for i in found if i >= 0]
    return [len(prefix[:i].rstrip("[!")) for i in found]


def _closers(window: str, rest: str) -> int | None:
    """How far into `rest` the markup `window` leaves open ends (None if it does not)."""
    window, rest = _masked(window), _masked(rest)
    ends = []
    for mark in _PAIRS:
        if window.count(mark) % 2 and (i := rest.find(mark)) >= 0:
            ends.append(i + len(mark))
    if window.rfind("[") > window.rfind("]"):
        i = rest.find("]")
        if i >= 0:
            i += len(rest[i:]) - len(rest[i:].lstrip("]"))  # past `]]` too
            if rest.startswith("(", i) and (j := rest.find(")", i)) >= 0:
                i = j + 1  # and past the link's `(url)`
            ends.append(i)
    elif window.rfind("](") > window.rfind(")") and (i := rest.find(")")) >= 0:
        ends.append(i + 1)
    return max(ends) if ends else None


def _masked(text: str) -> str:
    """`text` with web addresses blanked out, character for character: an address's `__`
    or `*` is not emphasis, and `(` or `)` in it are not a link's ends."""
    return _ADDRESS.sub(lambda m: m.group(1) + " " * (len(m.group()) - len(m.group(1))), text)


def _boundary_before(body: str, at: int) -> int:
    """Where a window ending after `at` starts: the start of `at`'s line when it is at most
    `SLACK` before (a line is usually a whole paragraph, so no markup is cut), else the
    nearest sentence start within `SLACK`, else `SLACK` before."""
    if at <= 0:
        return 0
    floor = max(0, at - SLACK)
    line = body.rfind("\n", 0, at) + 1
    if line >= floor:
        return line
    starts = [found + len(stop) for stop in _STOPS if (found := body.rfind(stop, floor, at)) >= 0]
    return max(starts, default=floor)


def _boundary_after(body: str, at: int) -> int:
    """The nearest line or sentence end at or after `at` (at most `SLACK` after)."""
    if at >= len(body):
        return len(body)
    ceiling = min(len(body), at + SLACK)
    ends = [found + len(stop) for stop in _STOPS if (found := body.find(stop, at, ceiling)) >= 0]
    return min(ends, default=ceiling)
