"""The commands of the command line that work without the TUI: what each one asks the vault
and how it prints the answer (lines for a person, `--json` for a script).

`reader.cli` parses the arguments, opens the vault and calls one of these; they raise
`CliError` for a problem to report in one line (exit status 2), and return the exit
status. Kept apart so that the entry point is about arguments and dispatch.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

from reader.text.terminal import inert, json_dumps
from reader.vault.vault import Vault

if TYPE_CHECKING:  # backlinks and mentions load for `links` and `check` alone
    from reader.vault.connections import Connection


class CliError(Exception):
    """A problem to report in one line, exiting with status 2."""


def index_command(vault: Vault, rebuild: bool) -> int:
    """Build or update the index (and the link model), with a progress bar on a terminal."""
    show = sys.stderr.isatty()

    def progress(done: int, total: int) -> None:
        if show and (done == total or done % 50 == 0):
            width = 30
            filled = width * done // max(total, 1)
            bar = "█" * filled + "░" * (width - filled)
            print(f"\rindexing {bar} {done}/{total}", end="", file=sys.stderr, flush=True)

    summary = vault.update(progress=progress, rebuild=rebuild, links=True)
    vault.links  # noqa: B018  (scanned now, so later commands and the reader start with it)
    if show:
        print(file=sys.stderr)
    for message in summary.messages:
        print(f"reader: {inert(message)}", file=sys.stderr)
    print(summary.line())
    return 0


def _limit(value: int) -> int | None:
    """A `--limit` as the vault takes it: 0 or less means no limit."""
    return None if value <= 0 else value


def search_command(vault: Vault, args: argparse.Namespace) -> int:
    """Print the hits of a query, best first, each with its snippet."""
    hits = vault.search(args.query, limit=_limit(args.limit))
    if args.json:
        rows = [
            {"path": h.path, "title": h.title, "score": round(h.score, 4), "snippet": h.snippet}
            for h in hits
        ]
        print(json_dumps(rows))
        return 0
    for hit in hits:
        print(f"{inert(hit.path)}  {inert(hit.title)}  ({hit.score:.2f})")
        if hit.snippet:
            print(f"    {_mark(hit.snippet, hit.spans)}")
    if not hits:
        print("no matches", file=sys.stderr)
    return 0


def _mark(snippet: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The snippet with matches in bold on a terminal, in [brackets] otherwise."""
    if sys.stdout.isatty():
        opening, closing = "\x1b[1;33m", "\x1b[0m"
    else:
        opening, closing = "[", "]"
    out, last = [], 0
    for start, end in spans:
        out += [snippet[last:start], opening, snippet[start:end], closing]
        last = end
    out.append(snippet[last:])
    return "".join(out)


def entities_command(vault: Vault, args: argparse.Namespace) -> int:
    """Print every entity (of one type, if asked) with the notes that list or mention it."""
    etype = None
    if args.type:
        etype = vault.config.field_for(args.type)
        if etype is None:
            raise CliError(
                f"unknown entity type: {args.type} (known: {', '.join(vault.config.types)})"
            )
    rows: list[dict[str, object]] = []
    vault.links  # noqa: B018  (its inline tags are entities too)
    for ref in vault.entities.all(etype):
        notes = vault.entity_notes(ref)
        rows.append(
            {
                "type": ref.type,
                "roles": vault.entities.roles(ref),
                "name": ref.name,
                "count": len(notes),
                "notes": [n.path for n in notes],
                "listed": [n.path for n in notes if n.listed],
                "mentioned": [n.path for n in notes if n.mentioned],
            }
        )
    rows.sort(key=lambda r: (-int(str(r["count"])), str(r["type"]), str(r["name"])))
    if args.json:
        print(json_dumps(rows))
        return 0
    for row in rows:
        label = vault.config.label(str(row["type"]))
        roles = [vault.config.label(r) for r in row["roles"] if r != row["type"]]  # type: ignore[attr-defined]
        also = f"  ({', '.join(roles)})" if roles else ""
        print(f"{label:<8} {inert(str(row['name']))}  {row['count']}{also}")
    return 0


def _note_arg(vault: Vault, given: str) -> str:
    """A note named on the command line, as a vault path (an error if there is none)."""
    note = given.replace(os.sep, "/").removeprefix("./")
    if vault.get(note) is None:
        raise CliError(f"no such note in the vault: {given}")
    return note


def related_command(vault: Vault, args: argparse.Namespace) -> int:
    """Print the notes related to a note, best first, and why each is related."""
    from reader.vault.related import why

    note = _note_arg(vault, args.note)
    rows, reasons = [], []
    for rel in vault.related(note, limit=_limit(args.limit)):
        record = vault.get(rel.path)
        shared = [{"type": r.type, "name": r.name} for r in rel.shared]
        rows.append(
            {
                "path": rel.path,
                "title": record.title if record else rel.path,
                "score": round(rel.score, 4),
                "reasons": list(rel.reasons),
                "shared": shared,
                "link": rel.link or None,
                "similar": round(rel.similarity, 4) if rel.similarity > 0 else None,
                "terms": list(rel.terms),
            }
        )
        reasons.append(why(rel))
    if args.json:
        print(json_dumps(rows))
        return 0
    for row, told in zip(rows, reasons, strict=True):
        print(f"{inert(str(row['path']))}  {inert(str(row['title']))}  ({row['score']:.2f})")
        print(f"    {inert('; '.join(told))}")
    return 0


def recent_command(vault: Vault, args: argparse.Namespace) -> int:
    """Notes opened in the reader, newest first, then bookmarked notes never opened (most
    recently bookmarked first); notes no longer in the vault are left out."""
    from reader.vault.reading import reading_of

    reading = reading_of(vault)
    if reading.problem is not None:
        print(f"reader: {inert(reading.problem)}", file=sys.stderr)
    rows = []
    for entry in reading.recent():
        record = vault.get(entry.path)
        if record is not None:
            rows.append((entry, record.title))
    rows = rows[: _limit(args.limit)]
    if args.json:
        print(
            json_dumps(
                [
                    {"path": e.path, "title": title, "opened": e.opened, "bookmarked": e.bookmarked}
                    for e, title in rows
                ]
            )
        )
        return 0
    for entry, title in rows:
        when = (entry.opened or "never opened")[:16].replace("T", " ")
        mark = "★" if entry.bookmarked else " "
        print(f"{when:16}  {mark} {inert(entry.path)}  {inert(title)}")
    if not rows:
        print("no notes opened yet", file=sys.stderr)
    return 0


def links_command(vault: Vault, args: argparse.Namespace) -> int:
    """A note's outgoing links (resolved or not yet written), backlinks and unlinked mentions."""
    note = _note_arg(vault, args.note)
    record = vault.get(note)
    counts = Counter(
        (x.ref.target, x.path, x.ref.anchor, x.ref.embed) for x in vault.links.outgoing(note)
    )
    outgoing: list[dict[str, Any]] = [  # one row per link as written (first seen first)
        {"target": target, "path": path, "anchor": anchor, "embed": embed, "count": count}
        for (target, path, anchor, embed), count in counts.items()
    ]
    back = [_connection_row(c, count=True) for c in vault.backlinks(note)]
    unlinked = [_connection_row(c) for c in vault.unlinked_mentions(note)]
    if args.json:
        title = record.title if record is not None else note
        data = {
            "path": note,
            "title": title,
            "outgoing": outgoing,
            "backlinks": back,
            "unlinked": unlinked,
        }
        print(json_dumps(data))
        return 0
    print(f"Links ({len(outgoing)})")
    for row in outgoing:
        anchor = f"#{row['anchor']}" if row["anchor"] else ""
        where = row["path"] if row["path"] is not None else "(not written yet)"
        print(
            f"  {inert(str(row['target']) + anchor)}  ->  {inert(str(where))}{_times(row['count'])}"
        )
    for heading, found in (("Backlinks", back), ("Unlinked mentions", unlinked)):
        print(f"{heading} ({len(found)})")
        for other in found:
            count = other.get("count", 1)
            print(f"  {inert(other['path'])}  {inert(other['title'])}{_times(count)}")
            print(f"      {inert(other['context'])}")
    return 0


def _connection_row(connection: Connection, *, count: bool = False) -> dict[str, Any]:
    """A backlink or mention for `reader links`: the context is the line as shown (links
    by their label, no markup), `spans` where the link or the name is in it, `count` how
    many links to the note the line holds (backlinks)."""
    row: dict[str, Any] = {
        "path": connection.path,
        "title": connection.title,
        "context": connection.context,
    }
    if count:
        row["count"] = connection.count
    row["spans"] = [list(span) for span in connection.spans]
    return row


def _times(count: int) -> str:
    """`  ×3` after a row that stands for several links."""
    return f"  ×{count}" if count > 1 else ""


def check_command(vault: Vault, args: argparse.Namespace) -> int:
    """List every note with a problem; exit with status 1 when there is one (as linters
    do, so a script or a git hook can stop on a broken note), 0 when there is none.

    Links to notes not written yet are listed as warnings: in many vaults they are meant
    (a note to write later), so they change the status only with `--strict`; so are
    images whose file is missing or broken (the note shows their text instead)."""
    from reader.vault.connections import file_line
    from reader.vault.images import image_problems

    rows: dict[str, dict[str, list[str]]] = {
        path: {"problems": list(problems), "warnings": []} for path, problems in vault.problems()
    }
    warnings = [(link, f"no note “{link.ref.target}” yet") for link in vault.links.unresolved()]
    for link, warning in warnings + image_problems(vault):
        line = file_line(vault, link)
        where = "properties" if line is None else f"line {line + 1}"
        entry = rows.setdefault(link.source, {"problems": [], "warnings": []})
        entry["warnings"].append(f"{warning} ({where})")
    ordered = [{"path": path, **rows[path]} for path in sorted(rows)]
    if args.json:
        print(json_dumps(ordered))
    else:
        for row in ordered:
            for problem in row["problems"]:
                print(f"{inert(str(row['path']))}: {inert(str(problem))}")
            for warning in row["warnings"]:
                print(f"{inert(str(row['path']))}: warning: {inert(str(warning))}")
        if not ordered:
            print("no problems")
    failed = any(row["problems"] or (args.strict and row["warnings"]) for row in ordered)
    return 1 if failed else 0


def show_command(vault: Vault, args: argparse.Namespace) -> int:
    """Print one note as the reader renders it: plain when asked or piped, else in colour.
    Embeds and titles are found from the vault's files (and its catalog, if saved); no
    index is built."""
    from reader.markdown.layout import to_plain, to_rich
    from reader.notes.note import Note
    from reader.notes.shown import note_lines
    from reader.vault.embeds import AmbiguousNote, NoteFinder

    finder = NoteFinder(vault)
    try:
        path = finder.find(args.note)
    except AmbiguousNote as exc:
        raise CliError(str(exc)) from None
    if path is None:
        raise CliError(f"no such note in the vault: {args.note}")
    note = vault.read(path)
    if not isinstance(note, Note):
        raise CliError(f"cannot show {note.path}: {note.reason}")
    plain = args.plain or not sys.stdout.isatty()
    width = args.width or (os.get_terminal_size().columns if sys.stdout.isatty() else 80)
    if width < 10:
        raise CliError(f"--width must be at least 10, not {width}")
    finder.source = path  # embeds resolve from the note shown, as a click on them would
    lines = note_lines(note, width, resolve=finder.resolve, reversed_labels=vault.label_first)
    lines = [(inert(text), spans) for text, spans in lines]  # one character for one
    if plain:
        print(to_plain(lines))
        return 0
    from rich.console import Console

    console = Console(highlight=False, markup=False, emoji=False, soft_wrap=True)
    console.print(to_rich(lines), end="")
    return 0
