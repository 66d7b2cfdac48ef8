"""Wiki links outside the parser: what one holds, its `wiki:` href, and which targets are
attachments rather than notes. Plain Python with no markdown-it, so the TUI and the link
model use it without loading the parser.

A wiki link followed in the TUI travels as an href, `wiki:<quoted target>` plus
`#<quoted anchor>` when it has one (`urllib.parse.quote`, no safe characters): one form for
the links the renderer makes and those found in text shown as written.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

SCHEME = "wiki:"
#: A wiki link or embed as written in text: `!` (an embed) and what is between the brackets.
WIKI_TEXT = re.compile(r"(!?)\[\[([^\[\]\n]+)\]\]")
#: Files Obsidian shows as images when embedded.
IMAGE_SUFFIXES = frozenset(
    ["avif", "bmp", "gif", "heic", "ico", "jpeg", "jpg", "png", "svg", "tif", "tiff", "webp"]
)
#: Every suffix of a file that is not a note: a link to one is an attachment, an embed of
#: one a placeholder with its name.
ATTACHMENT_SUFFIXES = IMAGE_SUFFIXES | frozenset(
    [
        "pdf",
        "mp3",
        "mp4",
        "wav",
        "ogg",
        "ogv",
        "m4a",
        "flac",
        "webm",
        "3gp",
        "mov",
        "mkv",
        "avi",
        "zip",
        "gz",
        "tar",
        "7z",
        "rar",
        "canvas",
        "excalidraw",
        "base",
        "html",
        "htm",
        "css",
        "js",
        "json",
        "csv",
        "xlsx",
        "xls",
        "docx",
        "doc",
        "pptx",
        "ppt",
        "epub",
        "py",
        "sh",
        "yaml",
        "yml",
        "toml",
        "xml",
    ]
)


def parse_wikilink(inside: str, *, embed: bool, reversed_labels: bool = False) -> dict:
    """What a wiki link holds: `target` (a note name or path, "" for the note itself),
    `anchor` (a heading, or `^id` for a block; None if none), `label` (as written, or None),
    `embed`, and `text`: what Obsidian shows in its place."""
    inside = inside.replace("\\|", "|")
    first, bar, second = inside.partition("|")
    if bar and reversed_labels:
        first, second = second, first
    label = second.strip() if bar else None
    target, hash_, anchor = first.partition("#")
    target, anchor_text = target.strip(), anchor.strip() if hash_ else None
    if label:
        text = label
    elif anchor_text:
        shown = anchor_text.lstrip("^")
        text = f"{target} › {shown}" if target else shown
    else:
        text = target
    return {"target": target, "anchor": anchor_text, "label": label, "embed": embed, "text": text}


def wiki_href(target: str, anchor: str | None) -> str:
    """The href a wiki link gets: `wiki:<quoted target>`, plus `#<quoted anchor>` if any."""
    href = SCHEME + quote(target, safe="")
    return href if anchor is None else f"{href}#{quote(anchor, safe='')}"


def href_of(inside: str, *, reversed_labels: bool = False) -> str:
    """The href of a wiki link from what is between its brackets."""
    meta = parse_wikilink(inside, embed=False, reversed_labels=reversed_labels)
    return wiki_href(meta["target"], meta["anchor"])


def parse_wiki_href(href: str) -> tuple[str, str | None] | None:
    """(target, anchor) of a `wiki:` href; None for any other href."""
    if not href.startswith(SCHEME):
        return None
    target, hash_, anchor = href[len(SCHEME) :].partition("#")
    return unquote(target), unquote(anchor) if hash_ else None


def suffix_of(target: str) -> str:
    """The lower-cased suffix of a link target's file name ("" when it has none)."""
    name = target.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def is_attachment(target: str) -> bool:
    """Whether a link target names a file that is not a note (by its suffix)."""
    return suffix_of(target) in ATTACHMENT_SUFFIXES


def attachment_kind(target: str) -> str | None:
    """`image` or `file` when an embed names an attachment, None for a note."""
    suffix = suffix_of(target)
    if suffix in IMAGE_SUFFIXES:
        return "image"
    return "file" if suffix in ATTACHMENT_SUFFIXES else None


def fold_name(text: str) -> str:
    """How note names and anchors compare: NFC, case-folded, trimmed."""
    return unicodedata.normalize("NFC", text).strip().casefold()


_SLUG_DROP = re.compile(r"[^\w\- ]", re.UNICODE)


def same_heading(text: str, anchor: str) -> bool:
    """Whether an anchor names a heading: its text (case-insensitive, spaces collapsed), or
    its slug as Markdown renderers make them (`#my-heading`). Of `H1#H2`, the last part."""
    anchor = anchor.split("#")[-1]
    heading, wanted = fold_name(" ".join(text.split())), fold_name(" ".join(anchor.split()))
    if heading == wanted:
        return True
    slug = _SLUG_DROP.sub("", unicodedata.normalize("NFC", text).casefold()).strip()
    return slug.replace(" ", "-") == wanted
