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
from functools import cache

from reader.text.fold import char_class, fold, lower, table_changes

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
    """How often each word of `words(text)` occurs: indexing a note needs only the counts,
    and finding them was an eighth of the CPU time of a cold build. So the words are found
    in bulk, a kind at a time, never a match at a time in Python:

    - outside CJK runs, when every letter and digit there is ASCII (nearly every note; see
      `_ascii_words`), by two byte translations and splits of the UTF-8 text, which
      run several times faster than a regular expression; else by `re.findall`;
    - in CJK runs, by one jieba call over all the runs of the text (`_cjk_words`).

    Both questions a text asks of its characters past ASCII (may `fold` change one? where
    are the CJK runs?) are asked of those characters alone (`_past_ascii`): a code-heavy
    note is mostly ASCII, which neither question needs to look at.
    """
    folded = lower(text)
    raw, beyond = _encoded(folded)
    ascii_words = _folded_and_ascii().search(beyond) is None
    if not ascii_words:  # `fold` changes a character, or a letter or digit is past ASCII
        folded = fold(text)
        raw, beyond = _encoded(folded)
        ascii_words = _beyond_ascii().search(beyond) is None
    counts = Counter(_ascii_words(raw) if ascii_words else _OTHER_WORD.findall(folded))
    if beyond and not (runs := _NON_CJK.sub(_RUN_SEPARATOR, beyond)).isspace():
        counts.update(_cjk_words(runs))
        counts.pop(_RUN_SEPARATOR, None)
    return counts


#: Byte translations keeping ASCII letters (or digits) and turning every other byte into a
#: space. In UTF-8 every byte of a character beyond ASCII is 0x80 or more: those become
#: spaces too, so a CJK character or a `，` ends a word as it does for `_OTHER_WORD`.
_KEEP_LETTERS = bytes(c if chr(c).isascii() and chr(c).isalpha() else 32 for c in range(256))
_KEEP_DIGITS = bytes(c if chr(c).isascii() and chr(c).isdigit() else 32 for c in range(256))
#: A byte translation turning every ASCII byte into a space and keeping the others.
_DROP_ASCII = bytes(32 if c < 0x80 else c for c in range(256))
#: `_past_ascii` cuts out the characters past ASCII when their extra UTF-8 bytes (two for
#: a CJK character) are fewer than the text's length times this (a quarter of its
#: characters CJK), in a text of at least `_CUT_OUT_FROM` characters (in a short one, a
#: title or a name, cutting costs more than it saves).
_CUT_OUT_BELOW = 0.5
_CUT_OUT_FROM = 256


def _ascii_words(raw: bytes) -> list[str]:
    """`_OTHER_WORD.findall(folded)` (in another order) for a text, given as UTF-8
    (`raw`), whose letters and digits outside CJK runs are all ASCII: its runs of ASCII
    letters, then its runs of digits."""
    found = raw.translate(_KEEP_LETTERS).decode("ascii").split()
    found += raw.translate(_KEEP_DIGITS).decode("ascii").split()
    return found


def _encoded(text: str) -> tuple[bytes, str]:
    """The text's UTF-8, and its characters past ASCII (`_past_ascii`)."""
    raw = text.encode("utf-8", "surrogatepass")
    return raw, _past_ascii(text, raw)


def _past_ascii(text: str, raw: bytes) -> str:
    """The text (`raw` is its UTF-8), or, when most of it is ASCII, only its characters
    past ASCII, each run of them on a line of its own: either holds the text's CJK runs,
    and every character past ASCII it holds.

    In UTF-8 a character past ASCII is bytes of 0x80 and more only, so the runs split at
    ASCII bytes are whole characters. Cutting them out costs a little more than it saves
    on a text mostly past ASCII (Chinese prose); on code it saves most of the scans."""
    length = len(text)
    if length >= _CUT_OUT_FROM and len(raw) - length < length * _CUT_OUT_BELOW:
        return b"\n".join(raw.translate(_DROP_ASCII).split()).decode("utf-8", "surrogatepass")
    return text


#: Every character past the BMP, in a character class.
_PAST_BMP = "\U00010000-\U0010ffff"


@cache
def _beyond_ascii() -> re.Pattern[str]:
    """Finds a letter or digit beyond ASCII outside CJK runs (`_ascii_words` would miss it).

    A class of BMP characters, which the regular expression engine keeps as a bitmap, and
    every character past the BMP (emoji among them: those texts take the slower way).
    """
    return re.compile(char_class(_beyond_ascii_bmp(), also=_PAST_BMP))


@cache
def _beyond_ascii_bmp() -> str:
    """The letters and digits of the BMP beyond ASCII and outside CJK runs."""
    return "".join(_OTHER_WORD.findall("".join(map(chr, range(0x80, 0x10000)))))


@cache
def _folded_and_ascii() -> re.Pattern[str]:
    """Finds a character of a lower-cased text that `fold` would change, or one
    `_beyond_ascii` finds: `fold` and `_beyond_ascii` in one scan."""
    return re.compile(char_class(table_changes() | set(_beyond_ascii_bmp()), also=_PAST_BMP))


#: Put between the CJK runs of a text for `_cjk_words`.
_RUN_SEPARATOR = "\n"
_NON_CJK = re.compile(rf"[^{CJK_CLASS}]+")


def _cjk_words(runs: str) -> list[str]:
    """The words of CJK runs given joined by `_RUN_SEPARATOR`, the separators among them.

    The same words as `_segment` gives for each run: jieba splits its input into blocks of
    Han characters (a newline is never in one) and cuts each block on its own; outside the
    blocks each whitespace character is a word and every other character one too. One
    call instead of one per run: the calls, not the cutting, were most of jieba's time.
    """
    import rjieba  # imported late: searching never needs the segmenter

    return rjieba.cut(runs)


def literal_pieces(text: str) -> list[str]:
    """Split a query literal into maximal CJK runs and whole Latin/digit words, folded.

    Unlike `iter_words`, CJK runs are kept whole: the query side expands them against the
    term list rather than segmenting them (which would need the dictionary loaded).
    """
    return [m.group() for m in _PIECES.finditer(fold(text)) if m.lastgroup != "gap"]
