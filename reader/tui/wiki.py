"""Wiki links as hrefs: `wiki:<url-quoted target>#<url-quoted anchor>`.

Followed links reach the main screen as hrefs, whether Markdown rendered them (a Markdown
link's own href, or a wiki link turned into a link token with a `wiki:` href) or the note
view found a wiki link still shown as written (`[[Note#Heading|label]]`). One form for
both keeps one way of following them. No Textual here.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

SCHEME = "wiki:"
#: A wiki link or embed as written in text.
WIKI_TEXT = re.compile(r"(!?)\[\[([^\[\]\n]+)\]\]")


def wiki_href(inside: str, *, reversed_labels: bool = False) -> str:
    """The href of a wiki link from what is between its brackets."""
    from reader.markdown.obsidian import parse_wikilink  # markdown-it: not at start-up

    meta = parse_wikilink(inside, embed=False, reversed_labels=reversed_labels)
    href = SCHEME + quote(meta["target"], safe="")
    if meta["anchor"] is not None:
        href += "#" + quote(meta["anchor"], safe="")
    return href


def parse_wiki_href(href: str) -> tuple[str, str | None] | None:
    """(target, anchor) of a `wiki:` href; None for any other href."""
    if not href.startswith(SCHEME):
        return None
    target, hash_, anchor = href[len(SCHEME) :].partition("#")
    return unquote(target), unquote(anchor) if hash_ else None
