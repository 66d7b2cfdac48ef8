"""Fidelity of `reader show --plain` on real note collections.

For a sample of notes, the share of the note's letters, digits and CJK characters that the
reader prints, against an independent rendering of the same Markdown: markdown-it-py's
CommonMark with tables, strikethrough and footnotes rendered to HTML, and the HTML's text
(scripts, styles and comments left out); Obsidian syntax is reduced beforehand to what
Obsidian displays (wiki links to their label, highlights to their text, comments and block ids
removed, a callout marker to its title). Characters are compared as multisets after NFKC, so
order and wrapping do not matter. Leaks are raw-markup strings the reader prints more often
than the reference shows them (in code, say).

    python -m bench fidelity CORPUS... [--sample 200] [--seed 1]
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from reader.markdown.layout import layout, to_plain
from reader.markdown.normalise import note_tokens
from reader.notes.note import Note, load_note, scan_notes

LEAKS = ("[[", "]]", "](", "<p>", "</", "==", "[!", "$$", "[^")
_WIKI = re.compile(r"!?\[\[([^\[\]\n]+)\]\](?!\()")
_CALLOUT = re.compile(r"^(\s*>\s*)\[!([\w-]+)\][+-]?[ \t]*(.*)$", re.M)
_COMMENT = re.compile(r"%%.*?%%", re.S)
_HIGHLIGHT = re.compile(r"==(\S(?:.*?\S)?)==")
_ARRAY = re.compile(r"[-\d\s,.\"'A-Za-z]*\d[-\d\s,.\"']*")
_BLOCK_ID = re.compile(r"(?<=\s)\^[A-Za-z0-9-]+[ \t]*$", re.M)


def _wiki_label(match: re.Match[str]) -> str:
    """A wiki link's label; an array literal such as `[[1, 3, 4]]` (LeetCode's `<pre>`
    blocks: the regex cannot tell it is in code) is left as written."""
    if _ARRAY.fullmatch(match.group(1)):
        return match.group(0)
    inside = match.group(1).replace("\\|", "|")
    target, _, label = inside.partition("|")
    return label or target.replace("#^", " ").replace("#", " ")


def reduce_obsidian(text: str) -> str:
    """Obsidian syntax replaced by what Obsidian displays (outside code, approximately)."""
    text = _COMMENT.sub("", text)
    text = _WIKI.sub(_wiki_label, text)
    text = _CALLOUT.sub(lambda m: f"{m.group(1)}{m.group(3) or m.group(2)}", text)
    text = _HIGHLIGHT.sub(r"\1", text)
    return _BLOCK_ID.sub("", text)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        elif tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


_REFERENCE = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_REFERENCE.use(footnote_plugin)


def reference_text(body: str) -> str:
    """The independent rendering's text."""
    parser = _Text()
    parser.feed(_REFERENCE.render(reduce_obsidian(body)))
    parser.close()
    return " ".join(parser.parts)


def _counted(text: str) -> Counter[str]:
    text = unicodedata.normalize("NFKC", text)
    return Counter(c for c in text if c.isalnum())


def compare(body: str) -> tuple[float, dict[str, int]]:
    """(coverage, leaks) of one body."""
    shown = to_plain(layout(note_tokens(body), 100))
    reference = reference_text(body)
    want, got = _counted(reference), _counted(shown)
    total = sum(want.values())
    coverage = 1.0 if not total else sum(min(n, got[c]) for c, n in want.items()) / total
    leaks = {s: shown.count(s) - reference.count(s) for s in LEAKS}
    return coverage, {s: n for s, n in leaks.items() if n > 0}


def fidelity(corpus: Path, sample: int, seed: int) -> dict[str, object]:
    """Mean and lowest coverage, leak counts and exceptions over a sample of a corpus."""
    paths = scan_notes(corpus)[0]
    chosen = random.Random(seed).sample(paths, min(sample, len(paths)))
    coverages: list[tuple[float, str]] = []
    leaks: Counter[str] = Counter()
    errors: list[str] = []
    for path in chosen:
        note = load_note(corpus, path)
        if not isinstance(note, Note):
            continue
        try:
            coverage, found = compare(note.body)
        except Exception as exc:  # counted and reported: the measure is "0 exceptions"
            errors.append(f"{path}: {exc!r}")
            continue
        coverages.append((coverage, path))
        leaks.update(found)
    mean = sum(c for c, _ in coverages) / max(len(coverages), 1)
    return {
        "corpus": corpus.name,
        "notes": len(coverages),
        "mean": round(mean, 4),
        "lowest": sorted(coverages)[:3],
        "leaks": dict(leaks),
        "errors": errors,
    }
