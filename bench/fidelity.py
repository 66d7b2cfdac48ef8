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
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from reader.markdown.layout import layout, to_plain
from reader.markdown.normalise import note_tokens
from reader.notes.note import Note, load_note, scan_notes

LEAKS = ("[[", "]]", "](", "<p>", "</", "==", "[!", "$$", "[^")
_WIKI = re.compile(r"!?\[\[([^\[\]\n]+)\]\](?!\()")
_CALLOUT_TEXT = re.compile(r"^\[!([\w-]+)\][+-]?[ \t]*(.*)$", re.M)
_COMMENT = re.compile(r"%%.*?%%")
_FENCE = re.compile(r"\s*(```|~~~)")
_HIGHLIGHT = re.compile(r"==(\S(?:.*?\S)?)==")
_ARRAY = re.compile(r"[-\d\s,.\"'A-Za-z]*\d[-\d\s,.\"']*")
_BLOCK_ID = re.compile(r"(?<=\s)\^[A-Za-z0-9-]+[ \t]*$", re.M)
#: Math between dollars (inline or display) and a TeX command's name in it.
_MATH = re.compile(r"\$\$?[^$]+\$\$?")
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+")


def _wiki_label(match: re.Match[str]) -> str:
    """A wiki link's label; an array literal such as `[[1, 3, 4]]` (LeetCode's `<pre>`
    blocks: the regex cannot tell it is in code) is left as written."""
    if _ARRAY.fullmatch(match.group(1)):
        return match.group(0)
    inside = match.group(1).replace("\\|", "|")
    target, _, label = inside.partition("|")
    return label or target.replace("#^", " ").replace("#", " ")


def reduce_obsidian(text: str) -> str:
    """Obsidian syntax in one run of plain text (never code) replaced by what Obsidian
    displays."""
    text = _WIKI.sub(_wiki_label, text)
    text = _CALLOUT_TEXT.sub(lambda m: m.group(2) or m.group(1), text)
    text = _HIGHLIGHT.sub(r"\1", text)
    return _BLOCK_ID.sub("", text)


def _without_comments(body: str) -> str:
    """`%%comments%%` removed (before parsing: a comment may span blocks, fences included,
    as in Obsidian); a `%%` inside a fence opens none."""
    out: list[str] = []
    fenced = commented = False
    for line in body.splitlines(keepends=True):
        if commented:
            end = line.find("%%")
            if end < 0:
                continue
            line, commented = line[end + 2 :], False
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced:
            line = _COMMENT.sub("", line)
            start = line.find("%%")
            if start >= 0:
                line, commented = line[:start] + "\n", True
        out.append(line)
    return "".join(out)


def _without_tex_commands(children: list[Token]) -> None:
    """In math (`$…$`, `$$…$$`), a command's name (`\\alpha`) is markup, not text: the
    letters and digits that count are the formula's own (the reader shows `α`). A formula
    runs over several text tokens (line breaks, `_` read as emphasis), so they are read
    together and the names blanked in place."""
    texts = [c for c in children if c.type in ("text", "softbreak")]
    joined = "".join(c.content if c.type == "text" else "\n" for c in texts)
    if "$" not in joined or "\\" not in joined:
        return
    blank = lambda m: " " * len(m.group())  # noqa: E731
    joined = _MATH.sub(lambda m: _TEX_COMMAND.sub(blank, m.group()), joined)
    at = 0
    for child in texts:
        size = len(child.content) if child.type == "text" else 1
        if child.type == "text":
            child.content = joined[at : at + size]
        at += size


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
    """The independent rendering's text: Obsidian syntax is reduced in the text tokens of
    markdown-it's CommonMark parse only, so code keeps what it shows."""
    env: dict[str, object] = {}
    tokens = _REFERENCE.parse(_without_comments(body), env)
    for token in tokens:
        _without_tex_commands(token.children or [])
        for child in token.children or []:
            if child.type == "text":
                child.content = reduce_obsidian(child.content)
    parser = _Text()
    parser.feed(_REFERENCE.renderer.render(tokens, _REFERENCE.options, env))
    parser.close()
    return " ".join(parser.parts)


def _counted(text: str) -> Counter[str]:
    text = unicodedata.normalize("NFKC", text).casefold()  # a callout's type as its title
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
