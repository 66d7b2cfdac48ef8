"""The command line: `reader [VAULT]` opens the TUI; subcommands work without it.

    reader [VAULT]                          open the reader (default: the current folder)
    reader index VAULT [--rebuild]          build or update the index
    reader search VAULT QUERY [--limit N] [--json]
    reader entities VAULT [--type TYPE] [--json]
    reader related VAULT NOTE [--limit N] [--json]
    reader links VAULT NOTE [--json]
    reader check VAULT [--strict] [--json]
    reader show VAULT NOTE [--width N] [--plain]
    reader recent VAULT [--limit N] [--json] [--state-dir DIR]
    every command: --index-dir DIR

Errors print one line on stderr and exit with status 2; `check` exits with status 1 when
a note has a problem (or, with `--strict`, a link to a note not written yet). This module
parses the arguments and opens the vault; each command's work and output is in
`reader.cli_commands`. Only these two modules and the TUI print; Textual is imported only
when the TUI opens.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import reader
from reader.cli_commands import (
    CliError,
    check_command,
    entities_command,
    index_command,
    links_command,
    recent_command,
    related_command,
    search_command,
    show_command,
)
from reader.text.terminal import inert
from reader.vault.vault import Vault, VaultError

COMMANDS = ("index", "search", "entities", "related", "links", "check", "show", "recent")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    try:
        if args and args[0] in COMMANDS:
            return _run_command(_command_parser().parse_args(args))
        return _run_tui(_tui_parser().parse_args(args))
    except (CliError, VaultError) as exc:
        print(f"reader: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `reader search … | head`: the reader went away
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _tui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reader",
        description="Read, search and jump between the notes of a folder. Subcommands: "
        + ", ".join(COMMANDS)
        + " (reader COMMAND --help).",
    )
    parser.add_argument("vault", nargs="?", default=".", help="the notes folder (default: .)")
    parser.add_argument("--index-dir", type=Path, help="where to keep the index")
    parser.add_argument("--state-dir", type=Path, help=STATE_DIR_HELP)
    parser.add_argument("--version", action="version", version=f"reader {reader.__version__}")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reader")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("vault", type=Path, help="the notes folder")
    common.add_argument("--index-dir", type=Path, help="where to keep the index")
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print JSON")
    index = sub.add_parser("index", parents=[common], help="build or update the index")
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    search = sub.add_parser("search", parents=[common, as_json], help="search the notes")
    search.add_argument("query")
    search.add_argument("--limit", type=int, default=20, help="how many hits (0: all)")
    entities = sub.add_parser("entities", parents=[common, as_json], help="list entities")
    entities.add_argument("--type", help="only this entity type (key or label)")
    related = sub.add_parser("related", parents=[common, as_json], help="notes related to a note")
    related.add_argument("note", help="the note's path, relative to the vault")
    related.add_argument("--limit", type=int, default=10, help="how many (0: all)")
    links = sub.add_parser(
        "links", parents=[common, as_json], help="a note's links, backlinks and unlinked mentions"
    )
    links.add_argument("note", help="the note's path, relative to the vault")
    check = sub.add_parser("check", parents=[common, as_json], help="list notes with problems")
    check.add_argument(
        "--strict", action="store_true", help="links to notes not written yet count as problems"
    )
    show = sub.add_parser("show", parents=[common], help="print a note as the reader shows it")
    show.add_argument("note", help="the note's path relative to the vault, or its title")
    show.add_argument("--width", type=int, help="wrap at N columns (default: the terminal's)")
    show.add_argument("--plain", action="store_true", help="no colours or styles")
    recent = sub.add_parser(
        "recent", parents=[common, as_json], help="recently opened and bookmarked notes"
    )
    recent.add_argument("--limit", type=int, default=20, help="how many (0: all)")
    recent.add_argument("--state-dir", type=Path, help=STATE_DIR_HELP)
    return parser


STATE_DIR_HELP = "where the reader keeps reading places, bookmarks and history"


def _open_vault(path: Path, index_dir: Path | None, state_dir: Path | None = None) -> Vault:
    if not path.exists():
        raise CliError(f"no such vault: {path}")
    if not path.is_dir():
        raise CliError(f"not a folder: {path}")
    if index_dir is not None:
        if index_dir.exists() and not index_dir.is_dir():
            raise CliError(f"index dir is not a folder: {index_dir}")
        if index_dir.exists() and not os.access(index_dir, os.R_OK | os.X_OK):
            raise CliError(f"cannot read the index dir: {index_dir}")
    return Vault(path, index_dir, state_dir=state_dir)


def _run_tui(args: argparse.Namespace) -> int:
    vault = _open_vault(Path(args.vault), args.index_dir, args.state_dir)
    from reader.tui.app import build_app  # Textual is imported only here

    build_app(vault.root, index_dir=args.index_dir, state_dir=args.state_dir).run()
    return 0


def _run_command(args: argparse.Namespace) -> int:
    vault = _open_vault(args.vault, args.index_dir, getattr(args, "state_dir", None))
    if args.command == "index":
        return index_command(vault, args.rebuild)
    if args.command == "show":  # reads the note itself: no index needed
        return show_command(vault, args)
    _update_quietly(vault)
    handler = {
        "search": search_command,
        "entities": entities_command,
        "related": related_command,
        "links": links_command,
        "check": check_command,
        "recent": recent_command,
    }
    return handler[args.command](vault, args)


def _update_quietly(vault: Vault) -> None:
    summary = vault.update()
    for message in summary.messages:
        print(f"reader: {inert(message)}", file=sys.stderr)
