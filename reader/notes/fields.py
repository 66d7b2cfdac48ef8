"""The fields a note's list and viewer show, read leniently from frontmatter values.

Each function takes a value as the frontmatter gave it (any JSON-safe shape, or a date
object for `date`), returns the best reading of it, and appends a short sentence to
`problems` when the value was not what the field expects. Part of the core: never imports
Textual.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from reader.notes.frontmatter_parse import iso_datetime

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})", re.MULTILINE)
_SEPARATORS = re.compile(r"[,，、;；]")
_SPACES = re.compile(r"\s+")

_TIME = r"(?:[T ]+(\d{1,2})[:：](\d{2})(?:[:：](\d{2})(?:\.\d+)?)?)?"
_ZONE = r"[ \t]*(Z|[+-]\d{2}(?::?\d{2})?)?"
_DATE_FORMATS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME + _ZONE),
    re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _TIME + _ZONE),
)
_MAX_SHOWN = 60


def _shown(value: Any) -> str:
    """A value as quoted in a problem sentence: short, on one line."""
    text = _SPACES.sub(" ", str(value)).strip()
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a true/false value"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "a map"
    if isinstance(value, list):
        return "a list"
    return "a value"


def title_of(value: Any, problems: list[str]) -> str | None:
    """The frontmatter title as one line of text, or None to fall back to the body."""
    if value is None or value == "":
        return None
    if isinstance(value, dict | list):
        problems.append(f"title: expected text, got {_kind(value)}; it was ignored")
        return None
    text = _SPACES.sub(" ", _scalar_text(value)).strip()
    return text or None


def text_field(key: str, value: Any, problems: list[str]) -> str:
    """A free-text field (summary, status): text as written; numbers and dates as text."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        problems.append(f"{key}: expected text, got {_kind(value)}; it was ignored")
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _first_match(body: str, heading: re.Pattern[str]) -> str | None:
    """The text of the first line `heading` matches outside fenced code."""
    match = heading.search(body)
    if match is None:
        return None
    fence = _FENCE.search(body, 0, match.start())
    if fence is None:
        return match.group(1).strip()
    return _first_heading_outside_fences(body, heading)


def _first_heading_outside_fences(body: str, heading: re.Pattern[str]) -> str | None:
    """The slow path of `_first_match`, for bodies with code fences before the heading."""
    fence: str | None = None
    for line in body.split("\n"):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        found = heading.match(line)
        if found:
            return found.group(1).strip()
    return None


#: Frontmatter keys that give a note other names (Obsidian's, and the singular some vaults use).
ALIAS_KEYS = ("aliases", "alias")


def aliases_of(meta: Mapping[str, Any], problems: list[str]) -> tuple[str, ...]:
    """A note's other names, from `aliases` or `alias`: a list, or a comma-separated text as
    older Obsidian vaults write them (not a problem there). Each name once, in order."""
    for key in ALIAS_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            names: tuple[str, ...] = tuple(n.strip() for n in value.split(",") if n.strip())
        else:
            names = entity_names(key, value, problems)
        return tuple(dict.fromkeys(names))
    return ()


def entity_names(key: str, value: Any, problems: list[str]) -> tuple[str, ...]:
    """The names listed under an entity key. A list is expected; a comma-separated text is
    split, a single name or number is taken as one name, unusable items are left out."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        if _SEPARATORS.search(value) is None:
            return (value.strip(),) if value.strip() else ()
        problems.append(f"{key}: expected a list, split a comma-separated text")
        return tuple(name.strip() for name in _SEPARATORS.split(value) if name.strip())
    if isinstance(value, dict):
        problems.append(f"{key}: expected a list of names, got a map; it was ignored")
        return ()
    if not isinstance(value, list):
        problems.append(f"{key}: expected a list, got {_kind(value)}; read it as one name")
        return (_scalar_text(value),)
    return _names_from_list(key, value, problems)


def _names_from_list(key: str, items: list[Any], problems: list[str]) -> tuple[str, ...]:
    """Names from a list: text kept, numbers and booleans taken as text, the rest dropped."""
    names: list[str] = []
    converted = dropped = 0
    for item in items:
        if isinstance(item, str):
            if item.strip():
                names.append(item.strip())
        elif item is None or isinstance(item, dict | list):
            dropped += 1
        else:
            names.append(_scalar_text(item))
            converted += 1
    if converted:
        problems.append(f"{key}: {converted} item(s) were not text; read them as names")
    if dropped:
        problems.append(f"{key}: left out {dropped} item(s) that are empty, maps or lists")
    return tuple(names)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def normalise_date(value: Any, problems: list[str]) -> tuple[str | None, str | None]:
    """(ISO date, None) for anything that reads as a date; (None, text) with a problem for
    anything else; (None, None) when there is no date."""
    if value is None or value == "":
        return None, None
    if isinstance(value, dt.datetime):
        return iso_datetime(value), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    text = _SPACES.sub(" ", str(value)).strip()
    parsed = _parse_date_text(text) if isinstance(value, str) else None
    if parsed is not None:
        return parsed, None
    problems.append(f"date: '{_shown(text)}' is not a date; it was kept as text")
    return None, text


def _parse_date_text(text: str) -> str | None:
    """ISO text for '2025-11-09', '2025/11/09 10:30', '2025年11月9日', with an optional zone."""
    text = unicodedata.normalize("NFKC", text)
    for pattern in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match is not None:
            return _iso_from_parts(match.groups())
    return None


def _iso_from_parts(parts: tuple[str | None, ...]) -> str | None:
    year, month, day, hour, minute, second, zone = parts
    try:
        if hour is None:
            return dt.date(int(year or 0), int(month or 0), int(day or 0)).isoformat()
        moment = dt.datetime(
            int(year or 0),
            int(month or 0),
            int(day or 0),
            int(hour),
            int(minute or 0),
            int(second or 0),
            tzinfo=_zone(zone),
        )
    except ValueError:
        return None
    return iso_datetime(moment)


def _zone(zone: str | None) -> dt.tzinfo | None:
    if zone is None:
        return None
    if zone == "Z":
        return dt.UTC
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))


# -- titles and aliases ----------------------------------------------------------------------

#: Where a note's title may come from, in the default order of preference.
TITLE_SOURCES = ("frontmatter", "heading", "filename")
#: The order in a vault Obsidian keeps (an `.obsidian/` folder at its root): Obsidian shows
#: the file name, whatever the first heading says.
OBSIDIAN_TITLE_ORDER = ("frontmatter", "filename", "heading")

_H1 = re.compile(r"^ {0,3}#[ \t]+(.*?[^ \t#].*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
#: A line of `=` that may underline a level-1 setext heading (`Title` over `=====`).
_SETEXT_UNDERLINE = re.compile(r"\n {0,3}=+[ \t]*(?=\n|\Z)")
#: Logseq's page properties, `key:: value` lines opening a page, up to its `title::`.
_PAGE_TITLE = re.compile(r"(?:[ \t]*\n)*(?:[ \t]*[\w.-]+::.*\n)*?[ \t]*title::[ \t]*(.*)", re.I)


def first_h1(body: str) -> str | None:
    """The plain text of the first level-1 heading outside code: ATX (`# …`) or setext (a
    paragraph over a line of `=`). A body with a line that may underline one is parsed up
    to the last such line (few are: a `===` line is rare outside code); others need no
    parse to find their `# …` line."""
    last_underline = max((m.end() for m in _SETEXT_UNDERLINE.finditer(body)), default=0)
    if last_underline:
        from reader.markdown.scan import scan  # markdown-it: only when a note is read

        headings = scan(body[:last_underline]).headings
        found = next((h.text for h in headings if h.level == 1 and h.text), None)
        if found is not None:
            return found
    found = _first_match(body, _H1)
    if found is None:
        return None
    if _INLINE_MARKUP.search(found) is None:
        # Nothing the inline parser would take for markup: its text, spaces collapsed.
        return " ".join(found.split()) or None
    from reader.markdown.scan import plain_inline

    return plain_inline(found) or None


#: The characters at which the Markdown inline parser stops to try a rule other than plain
#: text (markdown-it's terminators; the emphasis, wiki link, tag, math and footnote rules
#: start at one of them too), and the characters its normaliser replaces.
_INLINE_MARKUP = re.compile(r"[\n\r\x00!#$%&*+\-:<=>@\[\\\]^_`{|}~]")


def page_title(body: str) -> str | None:
    """Logseq's `title::` page property, when the `key:: value` lines that open the body
    hold one (`title:: C++/class member` for the file `C++___class member.md`)."""
    match = _PAGE_TITLE.match(body)
    if match is None:
        return None
    return _SPACES.sub(" ", match.group(1)).strip() or None


def title_order(value: Any, problems: list[str]) -> tuple[str, ...] | None:
    """A `title_from` setting read as an order of title sources; None when unusable (with
    a problem). Sources it leaves out are never used, except the file name, always last."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        problems.append(f"title_from: expected a list of {', '.join(TITLE_SOURCES)}")
        return None
    order: list[str] = []
    for item in items:
        name = str(item).strip().lower()
        if name not in TITLE_SOURCES:
            problems.append(f"title_from: unknown source '{_shown(item)}' was ignored")
        elif name not in order:
            order.append(name)
    return (*order, "filename") if "filename" not in order else tuple(order)
