"""A note's visible text: what `reader show --plain` prints of the body, unwrapped.

Search snippets are cut from it, so no tag, URL, `$` or `[[` reaches a result. Parsing a
whole long note for each hit would cost more than the search (a 20 KB note takes ~10 ms), so
`visible_window` renders only the stretch of source around the first match: it starts and
ends at blank lines (where Markdown blocks start and end), far enough out that the snippet's
window fits inside.
"""

from __future__ import annotations

from markdown_it.token import Token

from reader.markdown.inline import styled
from reader.markdown.normalise import note_tokens

#: How far the source window reaches on each side of the match before it looks for a
#: blank line (a snippet shows ~40 characters before the match and ~110 after).
REACH = 400
#: How far past `REACH` a blank line is looked for before the window is cut mid-block.
SLACK = 1200


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


def visible_window(body: str, at: int | None, *, reversed_labels: bool = False) -> str:
    """The visible text of the blocks around source offset `at` (the start when None)."""
    at = 0 if at is None else at
    start = max(0, at - REACH)
    if start:
        found = body.rfind("\n\n", max(0, start - SLACK), start)
        start = found + 2 if found >= 0 else start
    end = at + REACH
    if end < len(body):
        found = body.find("\n\n", end, end + SLACK)
        end = found if found >= 0 else end
    return visible_text(body[start:end], reversed_labels=reversed_labels)
