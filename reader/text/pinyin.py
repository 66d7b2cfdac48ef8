"""Finding a Chinese name by what a reader types in Latin letters: its pinyin.

A name is a row of *units*: each CJK character (folded to simplified first) with all of its
readings, every reading of a heteronym counting (`重` is `zhong` and `chong`), and each
Latin word as itself. A query of Latin letters matches a run of consecutive units when it
reads through them unit by unit, each unit spelled out in full (`tian`) or by its initial
(`t`, or `zh`/`ch`/`sh`), the last one possibly only begun (`tianyuand`): so `tianyuandong`,
`tian yuan dong`, `tyd` and `tianyd` all find `田渊栋`, and also `人物：田渊栋`.

The readings come from pypinyin's table of characters, read on the first call (about
0.05 s), never by importing this module: only a Latin query or the palette pays for it.
Each character is looked up once and remembered. Part of the core: never imports Textual.
"""

from __future__ import annotations

import importlib.util
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reader.text.analysis import CJK_CLASS, is_cjk
from reader.text.fold import fold

#: A query of Latin letters (spaces between syllables allowed), at least two letters.
_LATIN_QUERY = re.compile(r"[A-Za-z][A-Za-z ]*[A-Za-z]")
_UNITS = re.compile(rf"(?P<cjk>[{CJK_CLASS}])|(?P<word>[A-Za-z]+)")
_TWO_LETTER_INITIALS = ("zh", "ch", "sh")
#: The longest query read as pinyin (a name of 10 characters in full is about 60 letters).
MAX_LETTERS = 80

Unit = tuple[str, ...]  # the readings of one unit


def pinyin_query(text: str) -> str | None:
    """The letters of a query that may be pinyin (Latin letters and spaces only, at least
    two letters and at most `MAX_LETTERS`), lower case and without spaces; None for any
    other query. (Matching reads one unit a letter at most, recursively: the cap keeps a
    pasted paragraph from running out of stack.)"""
    text = text.strip()
    if _LATIN_QUERY.fullmatch(text) is None:
        return None
    letters = text.replace(" ", "").lower()
    return letters if len(letters) <= MAX_LETTERS else None


@cache
def char_readings(char: str) -> Unit:
    """Every toneless reading of one CJK character (empty when pypinyin has none)."""
    found = _table().get(str(ord(char)))
    if not found:
        return ()
    readings = (_toneless(reading) for reading in found.split(","))
    return tuple(dict.fromkeys(r for r in readings if r.isascii() and r.isalpha()))


@cache
def _table() -> dict[str, str]:
    """pypinyin's table of single characters (decimal code point -> its readings with tone
    marks, comma-separated), read from the JSON file the package ships, on first use.

    Read directly rather than through `pypinyin.pinyin()`: importing the package loads its
    phrase table as well (0.35 s of its 0.55 s import), which single characters do not
    need, and `pinyin()` took about 0.3 ms a character (most of a second for the names of
    a 1,000-note vault). The package is located without being imported."""
    spec = importlib.util.find_spec("pypinyin")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        return {}
    data: dict[str, str] = json.loads(
        (Path(folders[0]) / "pinyin_dict.json").read_text(encoding="utf-8")
    )
    return data


def _toneless(reading: str) -> str:
    """A reading without its tone marks, `ü` written `v` as pinyin keyboards type it."""
    decomposed = unicodedata.normalize("NFD", reading.lower()).replace("u\u0308", "v")
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def units_of(name: str) -> tuple[Unit, ...]:
    """The units of a name: its CJK characters' readings and its Latin words; () when it
    holds no CJK character (pinyin cannot name it)."""
    return spelled_units(name)[0]


def spelled_units(name: str) -> tuple[tuple[Unit, ...], tuple[tuple[int, int], ...]]:
    """The units of a name and where each lies in it, as (start, end) offsets (folding
    keeps offsets, so they hold in the name as written); ((), ()) without CJK."""
    units: list[Unit] = []
    spans: list[tuple[int, int]] = []
    has_cjk = False
    for match in _UNITS.finditer(fold(name)):
        unit = _unit(match.group())
        if unit:
            has_cjk = has_cjk or match.lastgroup == "cjk"
            units.append(unit)
            spans.append(match.span())
    return (tuple(units), tuple(spans)) if has_cjk else ((), ())


@cache
def _unit(piece: str) -> Unit:
    """The unit of one piece `_UNITS` found: a CJK character's readings (empty if it has
    none), or a Latin word in lower case. Cached: a vault's names share their pieces, and
    spelling the titles of a build was a tenth of a second after the workers ended."""
    return char_readings(piece) if is_cjk(piece) else (piece.lower(),)


@dataclass(frozen=True)
class PinyinMatch:
    """Where a query matched in a name: the first unit, how many units, how many of them
    were spelled in full, and how many units the name has."""

    start: int
    length: int
    full: int
    total: int

    @property
    def quality(self) -> float:
        """0..1, higher is better: the whole name over part of it, a match from the start
        over one inside, readings in full over initials."""
        coverage = self.length / self.total
        return (
            (coverage * 0.6) + (0.25 if self.start == 0 else 0.0) + 0.15 * (self.full / self.length)
        )


def unit_leads(units: tuple[Unit, ...]) -> tuple[str, ...]:
    """The first letters of each unit's readings, then all of them together: where a match
    may start (`match_units`), and whether one may start anywhere in the name."""
    leads = tuple(map(_lead, units))
    return (*leads, "".join(dict.fromkeys("".join(leads))))


@cache
def _lead(unit: Unit) -> str:
    """The first letters of a unit's readings (units repeat: one per character)."""
    return "".join(dict.fromkeys(r[0] for r in unit if r))


def match_units(
    query: str, units: tuple[Unit, ...], leads: tuple[str, ...] | None = None
) -> PinyinMatch | None:
    """The best match of the pinyin `query` (letters, no spaces) over consecutive units,
    or None. A match spelled only by initials must cover at least two units. `leads`
    (`unit_leads(units)`, made once per name) saves looking at every reading of every
    unit for the query's first letter."""
    if not query or not units:
        return None
    leads = leads or unit_leads(units)
    best: PinyinMatch | None = None
    first = query[0]
    for start in range(len(units)):
        if first not in leads[start] or not _may_start(query, units, leads, start):
            continue
        found = _read_through(query, units, start)
        if found is None:
            continue
        length, full = found
        if full == 0 and length < 2:
            continue
        candidate = PinyinMatch(start, length, full, len(units))
        if best is None or candidate.quality > best.quality:
            best = candidate
    return best


def _may_start(query: str, units: tuple[Unit, ...], leads: tuple[str, ...], start: int) -> bool:
    """Whether `query` may read through the units from `start` on, judged by one step:
    a way to read the unit at `start` after which the query ends or goes on with a letter
    the next unit may begin with. Most places a query's first letter fits fail this, and
    it is much cheaper than `_read_through`."""
    following = leads[start + 1] if start + 1 < len(units) else ""
    for reading in units[start]:
        used = [len(i) for i in _initials(reading) if query.startswith(i)]
        if query.startswith(reading):
            used.append(len(reading))
        elif len(query) < len(reading) and reading.startswith(query):
            return True  # the last unit, begun
        if any(n == len(query) or query[n] in following for n in used):
            return True
    return False


def _read_through(query: str, units: tuple[Unit, ...], start: int) -> tuple[int, int] | None:
    """(units read, readings in full) of the best way `query` reads through the units from
    `start` on, or None when it cannot."""

    @cache
    def go(at: int, unit: int) -> tuple[int, int] | None:
        if at == len(query):
            return (0, 0)
        if unit == len(units):
            return None
        rest = query[at:]
        best: tuple[int, int] | None = None
        for reading in units[unit]:
            options = []
            if rest.startswith(reading):
                options.append((len(reading), 1))
            elif len(rest) < len(reading) and reading.startswith(rest) and len(rest) > 1:
                options.append((len(rest), 0))  # the last unit, begun
            options.extend((len(i), 0) for i in _initials(reading) if rest.startswith(i))
            for used, full in options:
                after = go(at + used, unit + 1)
                if after is not None:
                    candidate = (after[0] + 1, after[1] + full)
                    if best is None or candidate[1] > best[1]:
                        best = candidate
        return best

    return go(0, start)


def _initials(reading: str) -> tuple[str, ...]:
    """The ways a reading may be abbreviated: its first letter, and `zh`/`ch`/`sh`."""
    if reading[:2] in _TWO_LETTER_INITIALS:
        return (reading[0], reading[:2])
    return (reading[0],)
