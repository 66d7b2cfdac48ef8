"""Text analysis for the index: folding, then Chinese words and whole Latin words.

Every note field is tokenised the same way: the text is folded (`reader.text.fold`), runs of
CJK characters are segmented into words with jieba (precise mode, so the words of a run
*tile* it: concatenated in order they give the run back), and runs of letters and of digits
become separate lower-case words (`GPT-3` -> `gpt`, `3`; `Llama4` -> `llama`, `4`). There
is no stemming and no stop list: `Turing` stays `turing`, `TBD` stays `tbd`. Punctuation
and spaces take no position, so consecutive words have consecutive positions.

Because words tile the CJK text, any substring of it is the suffix of one word, then whole
words, then the prefix of another (or lies inside one word): `reader.search.query` expands a query
against the index's term list on exactly that basis, which gives complete substring recall
without n-gram postings. Part of the core: never imports Textual.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from reader.text.fold import fold

#: CJK characters that jieba segments (Han, kana, hangul, compatibility ideographs).
CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f"
#: Inserted between the values of a multi-valued field: a phrase never spans two values.
VALUE_SEPARATOR = "\x1e"
_VALUE_GAP = 100

_PIECES = re.compile(
    rf"(?P<cjk>[{CJK_CLASS}]+)|(?P<alpha>[^\W\d_{CJK_CLASS}]+)|(?P<digit>\d+)|(?P<gap>\x1e)"
)
_CJK_RUN = re.compile(rf"[{CJK_CLASS}]+")
#: The words outside CJK runs: `_PIECES`' alpha and digit pieces.
_OTHER_WORD = re.compile(rf"[^\W\d_{CJK_CLASS}]+|\d+")


def is_cjk(text: str) -> bool:
    """True when `text` is made only of CJK characters."""
    return bool(text) and _CJK_RUN.fullmatch(text) is not None


def _segment(run: str) -> list[str]:
    """Split a run of CJK characters into words that tile it (jieba's precise mode)."""
    if len(run) == 1:
        return [run]
    import rjieba  # imported late: searching never needs the segmenter

    return list(rjieba.cut(run))


def iter_words(text: str) -> Iterator[tuple[str, int]]:
    """Yield (word, position) for a text, folding it first. Positions skip value gaps."""
    pos = 0
    for match in _PIECES.finditer(fold(text)):
        kind = match.lastgroup
        if kind == "gap":
            pos += _VALUE_GAP
        elif kind == "cjk":
            for word in _segment(match.group()):
                yield word, pos
                pos += 1
        else:
            yield match.group(), pos
            pos += 1


def words(text: str) -> list[str]:
    """The words of a text, in order: `iter_words` without positions, built in bulk
    (indexing counts these; it is the hot loop of a cold build)."""
    found: list[str] = []
    for match in _PIECES.finditer(fold(text)):
        kind = match.lastgroup
        if kind == "cjk":
            found.extend(_segment(match.group()))
        elif kind != "gap":
            found.append(match.group())
    return found


def word_counts(text: str) -> Counter[str]:
    """How often each word of `words(text)` occurs. The same words, found a kind at a time
    by `re.findall` (in C) rather than one match at a time: indexing a note needs only
    the counts, and this was a quarter of the time of a cold build."""
    folded = fold(text)
    counts = Counter(_OTHER_WORD.findall(folded))
    for run in _CJK_RUN.findall(folded):
        if len(run) == 1:
            counts[run] += 1
        else:
            counts.update(_segment(run))
    return counts


def literal_pieces(text: str) -> list[str]:
    """Split a query literal into maximal CJK runs and whole Latin/digit words, folded.

    Unlike `iter_words`, CJK runs are kept whole: the query side expands them against the
    term list rather than segmenting them (which would need the dictionary loaded).
    """
    return [m.group() for m in _PIECES.finditer(fold(text)) if m.lastgroup != "gap"]
