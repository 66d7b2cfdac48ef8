"""The 30 benchmark queries and their ground truth by plain substring matching.

Truth for a query: the notes whose folded text contains every needle of the query (in the
named scope). The default scope is the title, the summary, every entity value and the body.
CJK needles match as substrings; needles with Latin letters or digits match as whole words,
case-insensitively, with any punctuation or spaces between their words (the way a phrase
reads). Folding is `reader.text.fold.fold`, so traditional characters and full-width forms count.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from reader.text.analysis import CJK_CLASS
from reader.text.fold import fold


@dataclass(frozen=True)
class Query:
    """A query string, its kind, what truth requires, and what rg and the peer search."""

    text: str
    kind: str
    #: (scope, needle) pairs that must all match; scope "" is the whole note.
    needles: tuple[tuple[str, str], ...]
    #: (start, end) ISO prefixes, inclusive, or None.
    dates: tuple[str, str] | None = None
    #: Whether the peer (title and body only, no fields, no dates) can express the query.
    peer: bool = True

    @property
    def literal(self) -> str:
        """The text rg looks for: the longest needle."""
        return max((n for _, n in self.needles), key=len)


def _q(text: str, kind: str, *needles: str, scope: str = "") -> Query:
    return Query(text, kind, tuple((scope, n) for n in needles), peer=not scope)


QUERIES: tuple[Query, ...] = (
    _q("裁员", "cjk", "裁员"),
    _q("开源", "cjk", "开源"),
    _q("上亿", "cjk", "上亿"),
    _q("图灵奖", "cjk", "图灵奖"),
    _q("研究总监", "cjk", "研究总监"),
    _q("滑铁卢", "cjk", "滑铁卢"),
    _q("深度学习", "cjk", "深度学习"),
    _q("扎克伯格 裁员", "cjk and", "扎克伯格", "裁员"),
    _q("渊栋", "partial name", "渊栋"),
    _q("扎克伯", "partial name", "扎克伯"),
    _q("辉涛", "partial name", "辉涛"),
    _q("昊琪", "partial name", "昊琪"),
    _q("灵犀", "partial name", "灵犀"),
    _q("Zuckerberg", "latin", "zuckerberg"),
    _q("Hinton", "latin", "hinton"),
    _q("TBD", "latin", "tbd"),
    _q("GPU", "latin", "gpu"),
    _q("Schmidt", "latin", "schmidt"),
    _q("Transformer", "latin", "transformer"),
    _q('"Yann LeCun"', "phrase", "yann lecun"),
    _q('"Llama 4"', "phrase", "llama 4"),
    _q('"开源路线"', "phrase", "开源路线"),
    _q('"Scale AI"', "phrase", "scale ai"),
    _q('"Meridian Networks"', "phrase", "meridian networks"),
    _q("people:渊栋", "field", "渊栋", scope="people"),
    _q("people:Hinton", "field", "hinton", scope="people"),
    _q("org:灵犀", "field", "灵犀", scope="companies_orgs"),
    _q("product:Llama", "field", "llama", scope="products_models"),
    _q("tag:research", "field", "research", scope="tags"),
    Query(
        "date:2024-01..2024-06 开源",
        "date range",
        (("", "开源"),),
        ("2024-01", "2024-06\uffff"),
        peer=False,
    ),
)

_LETTER = rf"[^\W\d_{CJK_CLASS}]"
_TOKEN = re.compile(rf"{_LETTER}+|\d+|[{CJK_CLASS}]+")


def needle_pattern(needle: str) -> re.Pattern[str] | None:
    """A regex for a needle with Latin words or digits; None for a pure CJK needle."""
    folded = fold(needle)
    tokens = _TOKEN.findall(folded)
    if all(re.fullmatch(f"[{CJK_CLASS}]+", t) for t in tokens):
        return None
    body = r"[\W_]*".join(re.escape(t) for t in tokens)
    before = rf"(?<!{_LETTER})" if re.match(_LETTER, tokens[0]) else r"(?<!\d)"
    after = rf"(?!{_LETTER})" if re.match(_LETTER, tokens[-1][-1]) else r"(?!\d)"
    return re.compile(before + body + after)


def contains(haystack: str, needle: str) -> bool:
    """True when the folded `haystack` holds the needle (see the module docstring)."""
    pattern = needle_pattern(needle)
    if pattern is None:
        return fold(needle) in haystack
    return pattern.search(haystack) is not None


@dataclass(frozen=True)
class NoteText:
    """The folded searchable text of one note, by scope."""

    path: str
    whole: str
    entities: dict[str, tuple[str, ...]]
    date: str


def note_texts(vault: Path) -> list[NoteText]:
    """Every note of the vault, loaded and folded for truth checks."""
    from reader.notes.config import load_config
    from reader.notes.note import Skipped, iter_note_paths, load_note

    keys = list(load_config(vault).types)
    found: list[NoteText] = []
    for path in iter_note_paths(vault):
        note = load_note(vault, path, keys)
        if isinstance(note, Skipped):
            continue
        values = [v for names in note.entities.values() for v in names]
        whole = "\n".join([note.title, note.summary, *values, note.body])
        entities = {k: tuple(fold(v) for v in names) for k, names in note.entities.items()}
        found.append(NoteText(path, fold(whole), entities, note.date or ""))
    return found


def matches(note: NoteText, query: Query) -> bool:
    """Whether the note belongs to the query's truth."""
    if query.dates is not None and not (query.dates[0] <= note.date <= query.dates[1]):
        return False
    for scope, needle in query.needles:
        if scope:
            if not any(contains(value, needle) for value in note.entities.get(scope, ())):
                return False
        elif not contains(note.whole, needle):
            return False
    return True


def truth(vault: Path, cache: Path | None = None) -> dict[str, list[str]]:
    """Query text -> sorted paths of its true matches, cached in `cache` if given."""
    key = [q.text for q in QUERIES]
    if cache is not None and cache.is_file():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("queries") == key:
            return {k: list(v) for k, v in data["truth"].items()}
    notes = note_texts(vault)
    result = {q.text: sorted(n.path for n in notes if matches(n, q)) for q in QUERIES}
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        payload = {"queries": key, "truth": result}
        cache.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return result
