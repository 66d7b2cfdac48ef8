"""Finding and reading a note's frontmatter: YAML between `---` lines or TOML between `+++`.

We split the block off ourselves and parse it with libyaml (`yaml.CSafeLoader`) or
`tomllib`: that is several times faster than going through python-frontmatter, needs no
`toml` package for `+++` blocks, and tells us exactly where the body starts. Whatever is
wrong with a block is reported as a short sentence and the note keeps what could be read.
The text given here must already have `\\n` line endings (see `reader.notes.note.normalise_text`).
Part of the core: never imports Textual.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reader.text.terminal import inert

if TYPE_CHECKING:  # PyYAML and tomllib load with the first block they read (see below)
    import yaml

#: Values nested deeper than this are cut (replaced by "…") when made JSON-safe.
MAX_DEPTH = 32
#: At most this many values are kept from one frontmatter (YAML aliases can multiply them).
MAX_VALUES = 100_000
#: At most this many duplicate keys are named in one problem.
_MAX_NAMED = 3

_OPENING = re.compile(r"\A(?:[ \t]*\n)*(---|\+\+\+)[ \t]*\n")
_CLOSING = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE),
    "+++": re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE),
}
_TOML_LINE = re.compile(r"at line (\d+)")
# Characters libyaml refuses anywhere in a stream (it accepts tab and line breaks).
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINE = re.compile(r"^[ \t]*$", re.MULTILINE)
_LEADING_TABS = re.compile(r"^[ \t]*\t[ \t]*", re.MULTILINE)


@dataclass
class Frontmatter:
    """A note's frontmatter as read: values as the parser made them (dates are `date`
    objects, keys may be non-strings), where the body starts, and what went wrong."""

    data: dict[Any, Any] = field(default_factory=dict)
    body_offset: int = 0
    problems: list[str] = field(default_factory=list)
    kind: str = ""  # "yaml", "toml" or "" when the note has no frontmatter block


def read_frontmatter(text: str) -> Frontmatter:
    """Find the frontmatter block at the top of `text`, parse it, and say where the body
    starts. A note without a block has empty data and its body starts at 0."""
    opening = _OPENING.match(text)
    if opening is None:
        return Frontmatter()
    fence = opening.group(1)
    start = opening.end()
    closing = _CLOSING[fence].search(text, start)
    if closing is None:
        return _read_unclosed(text, fence, start)
    block = text[start : closing.start()]
    first_line = text.count("\n", 0, start) + 1
    front = _parse_block(block, fence, first_line)
    front.body_offset = _skip_newlines(text, closing.end())
    return front


def _read_unclosed(text: str, fence: str, start: int) -> Frontmatter:
    """A block with no closing fence: try the lines up to the first blank line as
    frontmatter; when they are not a mapping, the whole file is the body."""
    blank = _BLANK_LINE.search(text, start)
    end = blank.start() if blank else len(text)
    first_line = text.count("\n", 0, start) + 1
    front = _parse_block(text[start:end], fence, first_line)
    if front.data:
        front.problems.append(
            f"frontmatter has no closing '{fence}' line; read it up to the first blank line"
        )
        front.body_offset = _skip_newlines(text, end)
        return front
    return Frontmatter(
        problems=[f"frontmatter has no closing '{fence}' line; the whole file is read as text"],
        kind=front.kind,
    )


def _skip_newlines(text: str, at: int) -> int:
    """The first position at or after `at` that is not a line break."""
    while at < len(text) and text[at] == "\n":
        at += 1
    return at


def _parse_block(block: str, fence: str, first_line: int) -> Frontmatter:
    """Parse a block's text as YAML or TOML and check it is a mapping."""
    if fence == "+++":
        data, problems = _load_toml(block, first_line)
        kind = "toml"
    else:
        data, problems = _load_yaml(block, first_line)
        kind = "yaml"
    if data is None or data == "":
        return Frontmatter(problems=problems, kind=kind)
    if not isinstance(data, dict):
        shape = "a list" if isinstance(data, list) else "a single value"
        problems.append(f"frontmatter is {shape}, not a set of keys; it was ignored")
        return Frontmatter(problems=problems, kind=kind)
    return Frontmatter(data=data, problems=problems, kind=kind)


def _load_toml(block: str, first_line: int) -> tuple[Any, list[str]]:
    """Parse TOML; an error's line number is made a line of the file, as for YAML."""
    import tomllib

    try:
        return tomllib.loads(block), []
    except tomllib.TOMLDecodeError as exc:
        message = _TOML_LINE.sub(lambda m: f"at line {int(m.group(1)) + first_line - 1}", str(exc))
        return None, [f"frontmatter is not valid TOML: {message}; it was ignored"]


def _load_yaml(block: str, first_line: int) -> tuple[Any, list[str]]:
    """Parse YAML; on failure, repair what commonly breaks it (tab indentation, control
    characters libyaml refuses) and retry once, saying what was repaired."""
    import yaml

    try:
        return _load_yaml_strict(block)
    except yaml.YAMLError as exc:
        error = exc
    except RecursionError:
        return None, ["frontmatter is nested too deeply to read; it was ignored"]
    repaired, repairs = _repair_yaml(block)
    if repairs:
        try:
            data, problems = _load_yaml_strict(repaired)
        except (yaml.YAMLError, RecursionError):
            pass
        else:
            return data, [*repairs, *problems]
    return None, [_describe_yaml_error(error, first_line)]


def _repair_yaml(block: str) -> tuple[str, list[str]]:
    """The block with tab indentation made spaces and refused characters made U+FFFD."""
    repairs = []
    if _LEADING_TABS.search(block):
        block = _LEADING_TABS.sub(lambda m: m.group().expandtabs(2), block)
        repairs.append("frontmatter: tabs used for indentation were read as spaces")
    if _REFUSED.search(block):
        block = _REFUSED.sub("\ufffd", block)
        repairs.append("frontmatter: control characters were replaced with �")
    return block, repairs


def _load_yaml_strict(block: str) -> tuple[Any, list[str]]:
    from reader.notes.yaml_loader import NoteLoader

    loader = NoteLoader(block)
    try:
        data = loader.get_single_data()
    finally:
        loader.dispose()
    problems = []
    if loader.duplicates:
        keys = _named([f"'{key}'" for key in loader.duplicates], "key")
        problems.append(f"frontmatter: duplicate {keys}; the last value is used")
    if loader.unknown_tags:
        tags = _named(loader.unknown_tags, "YAML tag")
        problems.append(f"frontmatter: unknown {tags} read as plain values")
    return data, problems


def _named(items: list[str], noun: str) -> str:
    """'key 'a'' or 'keys 'a', 'b' …': a few items named, with the noun in number."""
    shown = ", ".join(items[:_MAX_NAMED]) + (" …" if len(items) > _MAX_NAMED else "")
    return f"{noun}{'s' if len(items) > 1 else ''} {shown}"


def _describe_yaml_error(exc: yaml.YAMLError, first_line: int) -> str:
    """One short sentence: what libyaml found wrong, and on which line of the file."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + first_line})" if mark is not None else ""
    return f"frontmatter is not valid YAML{where}: {problem}; it was ignored"


# -- JSON-safe values ---------------------------------------------------------------------


def iso_datetime(value: dt.datetime) -> str:
    """A datetime as ISO text to the second; aware times are converted to UTC first, so
    every date of every note compares as a plain string."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        value = value.astimezone(dt.UTC)
    return value.replace(tzinfo=None).isoformat(timespec="seconds")


@dataclass
class _Budget:
    left: int = MAX_VALUES
    too_deep: bool = False
    too_many: bool = False


def to_jsonable(data: dict[Any, Any], problems: list[str]) -> dict[str, Any]:
    """A copy of parsed frontmatter that `json.dumps` accepts: string keys, dates as ISO
    text, other odd objects as text. Over-deep or over-large values are cut, with a problem."""
    budget = _Budget()
    result = {_json_key(key): _jsonable(value, 1, budget) for key, value in data.items()}
    if budget.too_deep:
        problems.append(f"frontmatter: values nested more than {MAX_DEPTH} levels deep were cut")
    if budget.too_many:
        problems.append(f"frontmatter: more than {MAX_VALUES} values; the rest were cut")
    return result


def _json_key(key: Any) -> str:
    if isinstance(key, str):
        return inert(key)
    if key is None or isinstance(key, bool):
        return {None: "null", True: "true", False: "false"}[key]
    value = _jsonable(key, MAX_DEPTH, _Budget())
    return value if isinstance(value, str) else str(value)


def _jsonable(value: Any, depth: int, budget: _Budget) -> Any:
    """One value made JSON-safe, within the depth and size budget."""
    budget.left -= 1
    if budget.left < 0:
        budget.too_many = True
        return "…"
    if isinstance(value, str):
        return inert(value)  # YAML escapes (\e, \x9b) make control characters in values
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        # Wider integers go as text, which every JSON reader can take; absurd ones are cut.
        if value.bit_length() <= 63:
            return value
        return str(value) if value.bit_length() <= 10_000 else "…"
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime):
        return iso_datetime(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return inert(value.decode("utf-8", errors="replace"))
    if isinstance(value, dict | list | tuple | set | frozenset):
        if depth >= MAX_DEPTH:
            budget.too_deep = True
            return "…"
        if isinstance(value, dict):
            return {_json_key(k): _jsonable(v, depth + 1, budget) for k, v in value.items()}
        return [_jsonable(v, depth + 1, budget) for v in value]
    return inert(str(value))
