"""CJK-friendly emphasis: `**`, `*`, `__`, `_`, `~~` and `==` open and close beside Chinese,
Japanese and Korean text and full-width punctuation, as the CommonMark CJK-friendly
amendment specifies (github.com/tats-u/markdown-cjk-friendly, `specification.md`).

CommonMark decides whether a run of delimiters may open or close from the characters on
either side (left- and right-flanking). Its rule reads any punctuation beside a delimiter as
the end of a word, so `**导读：**Kubernetes` stays open: the closing `**` follows `：` and
precedes a letter. The amendment lets a run flank on a CJK character on either side, treats
CJK punctuation like a letter there, and reads punctuation past a non-emoji variation
selector (`大塚︀`, `“︁`). Latin text is untouched: where no neighbour is at or past U+1100
the amendment is CommonMark, and `cjk_flanking` computes CommonMark's answer (the CommonMark
examples are tests).

markdown-it asks one method, `StateInline.scanDelims`, for every delimiter run (emphasis,
strikethrough and our highlight), so overriding it in a state of our own changes all of
them at once, for this parser only: `cjk_friendly_emphasis` installs an inline parser whose
states are `CjkFriendlyState`. The scan runs for every run of every note parsed, so it is
one function with the CJK tests last; on Latin text it costs fewer instructions than
markdown-it's own (it skips the Unicode look-ups beside spaces).
"""

from __future__ import annotations

from bisect import bisect_right

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.state_inline import Scanned
from markdown_it.token import Token
from markdown_it.utils import EnvType

#: The amendment's CJK characters as of Unicode 17 (East Asian Width W, F or H and not an
#: emoji by default, or Hangul), first and last code point of each range. Taken from the
#: amendment's `ranges.md` rather than Python's `unicodedata`, whose Unicode version depends
#: on the interpreter (14 to 15.1 here) and which knows no emoji presentation.
_CJK_RANGES = (
    (0x1100, 0x11FF), (0x20A9, 0x20A9), (0x2329, 0x232A), (0x2630, 0x2637),
    (0x268A, 0x268F), (0x2E80, 0x2E99), (0x2E9B, 0x2EF3), (0x2F00, 0x2FD5),
    (0x2FF0, 0x303E), (0x3041, 0x3096), (0x3099, 0x30FF), (0x3105, 0x312F),
    (0x3131, 0x318E), (0x3190, 0x31E5), (0x31EF, 0x321E), (0x3220, 0x3247),
    (0x3250, 0xA48C), (0xA490, 0xA4C6), (0xA960, 0xA97C), (0xAC00, 0xD7A3),
    (0xD7B0, 0xD7C6), (0xD7CB, 0xD7FB), (0xF900, 0xFAFF), (0xFE10, 0xFE19),
    (0xFE30, 0xFE52), (0xFE54, 0xFE66), (0xFE68, 0xFE6B), (0xFF01, 0xFFBE),
    (0xFFC2, 0xFFC7), (0xFFCA, 0xFFCF), (0xFFD2, 0xFFD7), (0xFFDA, 0xFFDC),
    (0xFFE0, 0xFFE6), (0xFFE8, 0xFFEE), (0x16FE0, 0x16FE4), (0x16FF0, 0x16FF6),
    (0x17000, 0x18CD5), (0x18CFF, 0x18D1E), (0x18D80, 0x18DF2), (0x1AFF0, 0x1AFF3),
    (0x1AFF5, 0x1AFFB), (0x1AFFD, 0x1AFFE), (0x1B000, 0x1B122), (0x1B132, 0x1B132),
    (0x1B150, 0x1B152), (0x1B155, 0x1B155), (0x1B164, 0x1B167), (0x1B170, 0x1B2FB),
    (0x1D300, 0x1D356), (0x1D360, 0x1D376), (0x1F200, 0x1F200), (0x1F202, 0x1F202),
    (0x1F210, 0x1F219), (0x1F21B, 0x1F22E), (0x1F230, 0x1F231), (0x1F237, 0x1F237),
    (0x1F23B, 0x1F23B), (0x1F240, 0x1F248), (0x1F260, 0x1F265), (0x20000, 0x3FFFD),
)  # fmt: skip
_STARTS = tuple(first for first, _ in _CJK_RANGES)
_ENDS = tuple(last for _, last in _CJK_RANGES)
#: Below this no character is CJK, a variation selector or CJK punctuation: CommonMark's
#: answer stands.
_FIRST_CJK = "\u1100"
#: Quotation marks whose East Asian Width is ambiguous: followed by U+FE01 they are the
#: full-width form, CJK punctuation (Unicode's StandardizedVariants.txt).
_AMBIGUOUS_QUOTES = "‘’“”"


def is_cjk(char: str) -> bool:
    """Whether a character is a CJK character in the amendment's sense."""
    code = ord(char)
    if code < 0x1100:
        return False
    if 0x3250 <= code <= 0xA48C:  # the common case: CJK ideographs
        return True
    at = bisect_right(_STARTS, code) - 1
    return at >= 0 and code <= _ENDS[at]


def _is_punctuation(char: str) -> bool:
    """CommonMark's Unicode punctuation: ASCII punctuation, general categories P and S."""
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def cjk_flanking(src: str, start: int, after: str, split_word: bool) -> tuple[bool, bool]:
    """Whether the delimiter run starting at `src[start]` and followed by `after` (a space at
    the end of the text) can open and can close, by the amendment. The start of the text
    reads as a space too. `split_word` is True for `*`, `~` and `=`, False for `_` (which
    never opens or closes inside a word, CJK or not)."""
    last = src[start - 1] if start > 0 else " "
    before = last  # the character before, looking past a variation selector
    selected = "\ufe00" <= last <= "\ufe0e" and start > 1 and not isWhiteSpace(ord(src[start - 2]))
    if selected:
        before = src[start - 2]
    space_before, space_after = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    if space_before or space_after:  # flanking is decided by the space alone
        return not space_after, not space_before
    if split_word and (last >= _FIRST_CJK or after >= _FIRST_CJK):
        if selected:  # a CJK character, or a quotation mark in its full-width form
            cjk_before = is_cjk(before) or (last == "\ufe01" and before in _AMBIGUOUS_QUOTES)
        else:
            cjk_before = is_cjk(last) or "\U000e0100" <= last <= "\U000e01ef"  # ideographic VS
        if cjk_before or is_cjk(after):
            return True, True  # beside CJK, punctuation or not, a run flanks both ways
    punct_before, punct_after = _is_punctuation(before), _is_punctuation(after)
    if split_word:
        return not punct_after or punct_before, not punct_before or punct_after
    # `_` opens only after punctuation and closes only before it, CJK or not (the
    # amendment's rules 2 and 6 read the punctuation before past a variation selector).
    return punct_before, punct_after


class CjkFriendlyState(StateInline):
    """markdown-it's inline state with the amendment's delimiter scan."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        """The run of delimiters at `start` and whether it can open and close, by
        `cjk_flanking` (CommonMark's answer wherever no neighbour is CJK)."""
        src, limit = self.src, self.posMax
        end = start + 1
        while end < limit and src[end] == src[start]:
            end += 1
        after = src[end] if end < limit else " "
        can_open, can_close = cjk_flanking(src, start, after, canSplitWord)
        return Scanned(can_open, can_close, end - start)


class CjkFriendlyInline(ParserInline):
    """markdown-it's inline parser, making `CjkFriendlyState`s."""

    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        """As `ParserInline.parse`: tokenize, then the pair rules (emphasis, strikethrough,
        highlight) over the delimiters found."""
        state = CjkFriendlyState(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


def cjk_friendly_emphasis(md: MarkdownIt) -> None:
    """Give `md` the CJK-friendly inline parser, with the inline rules it has so far. Use it
    first, before plugins add rules or characters that end a text run."""
    inline = CjkFriendlyInline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2
    md.inline = inline
