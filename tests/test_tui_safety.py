"""The TUI and the CLI on hostile notes: nothing reaches the terminal, nothing is written.

A note carries escape sequences (title setting, OSC 52 clipboard writes, CSI), C1 controls
and bidi overrides in its file name, title, frontmatter values, entity names and body. The
check looks at what Textual would write to the terminal: the full screen update rendered
to terminal codes (`Compositor.render_full_update`, private but the only place that shows
the exact output; checked against Textual 8.2.8), with Textual's own styling codes removed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from vaults import copy_seeds
from vaults_big import tree_state

from reader.cli import main
from reader.text.terminal import inert
from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.sidebar import SideOptions
from tests.app_helpers import main_screen, make_app, run_async, settle
from tests.test_app_disk import fake_editor

HOSTILE = "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\x1b[31m\x9b2J\u202egnp.exe\u202c"
EVIL_NAME = "evil\x1b[2Jname\u202e.md"
_Y = json.dumps(HOSTILE)[1:-1]  # YAML double quotes take the same escapes as JSON
NOTE = (
    "---\n"
    f'title: "Zzz {_Y} title"\n'
    f'summary: "sum {_Y}"\n'
    f'source: "https://example.com/{_Y}"\n'
    f'people: ["Mallory {_Y}", "田渊栋"]\n'
    f'tags: ["t{_Y}"]\n'
    "date: 2099-01-01\n"
    "---\n\n"
    f"# Heading {HOSTILE}\n\n危险正文 {HOSTILE} 田渊栋 Mallory\n\n"
    f"| a | b{HOSTILE} |\n|---|---|\n| `code {HOSTILE}` | [link {HOSTILE}](file:///etc/passwd) |\n"
)
#: Textual's own output: CSI/SGR codes, OSC 8 hyperlinks. Anything left is from a note.
_OWN_CODES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\]8;[^\x1b\x07]*(\x1b\\|\x07)")
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def hostile_vault(tmp_path: Path) -> Path:
    """A copy of the seeds with the hostile note (twice: a plain and a hostile file name),
    plus hidden files the reader must not touch."""
    root = copy_seeds(tmp_path / "vault")
    (root / "hostile.md").write_text(NOTE, encoding="utf-8")
    (root / EVIL_NAME).write_text(NOTE.replace("Zzz", "Zzy"), encoding="utf-8")
    (root / ".hidden.md").write_text("# hidden\n", encoding="utf-8")
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "app.json").write_text("{}", encoding="utf-8")
    return root


def terminal_output(app: object) -> str:
    """What Textual would write to the terminal for the whole current screen."""
    compositor = app.screen._compositor  # type: ignore[attr-defined]
    console = Console(force_terminal=True, color_system="truecolor", width=200)
    return str(compositor.render_full_update().render_segments(console))


def leaked(output: str) -> list[str]:
    """Raw control, C1 and bidi characters left after Textual's own codes are removed."""
    return sorted({repr(c) for c in _RAW.findall(_OWN_CODES.sub("", output))})


@run_async
async def test_tui_shows_hostile_text_inert_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A whole session (CLI commands, then the TUI: open notes, an entity jump, search,
    the editor, quit) on a vault with hostile notes: no raw control character on any
    screen, and no file of the vault created, changed or deleted."""
    root = hostile_vault(tmp_path)
    before = tree_state(root)
    index_dir = tmp_path / "index"
    for args in (["index"], ["search", "Mallory", "--json"], ["entities"], ["check"]):
        status = 1 if args[0] == "check" else 0  # the hostile notes have problems
        assert main([args[0], str(root), *args[1:], "--index-dir", str(index_dir)]) == status
    capsys.readouterr()
    script, log = fake_editor(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    app = make_app(tmp_path, root)
    screens: dict[str, str] = {}  # kept for inspection when the leak test is fixed
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        rows = screen.query_one(NoteList).rows
        assert screen.note is not None and screen.note.title.startswith("Zz"), screen.note
        screens["first note"] = terminal_output(app)
        await pilot.press("j")
        await settle(pilot)
        screens["second note"] = terminal_output(app)
        screen.query_one(SideOptions).focus()
        await pilot.press("enter")  # the first entity of the open note
        await settle(pilot)
        screens["entity"] = terminal_output(app)
        await pilot.press("backspace", "slash", *"Mallory", "enter")
        await settle(pilot)
        screens["search"] = terminal_output(app)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("q")
    assert any("hostile.md" in r.path for r in rows)
    assert log.read_text().strip()
    assert tree_state(root) == before
    assert all(screens.values())


@run_async
async def test_tui_screen_has_no_raw_control_characters(tmp_path: Path) -> None:
    """The first screen (note list, card, body, sidebar) holds no raw control character."""
    root = hostile_vault(tmp_path)
    app = make_app(tmp_path, root)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        output = terminal_output(app)
    assert not leaked(output), f"raw control characters reached the terminal: {leaked(output)}"


def test_cli_outputs_are_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every command, text and JSON: no raw control character on stdout or stderr, and
    the JSON keeps the text recoverable."""
    root = hostile_vault(tmp_path)
    ix = str(tmp_path / "ix")
    commands = [
        ["index", str(root)],
        ["search", str(root), "Mallory", "--limit", "0"],
        ["entities", str(root)],
        ["related", str(root), "hostile.md"],
        ["check", str(root)],
    ]
    for command in commands:
        for extra in ([], ["--json"]) if command[0] != "index" else ([],):
            status = 1 if command[0] == "check" else 0  # the hostile notes have problems
            assert main([*command, *extra, "--index-dir", ix]) == status
            out, err = capsys.readouterr()
            assert not leaked(out + err), (command, extra, leaked(out + err))
            if extra:
                assert json.loads(out) is not None
    main(["search", str(root), "Mallory", "--json", "--index-dir", ix])
    rows = json.loads(capsys.readouterr().out)
    assert any(inert(HOSTILE) in row["title"] for row in rows)  # visible, not lost
    assert any(row["path"] == EVIL_NAME for row in rows)


@run_async
async def test_clicked_file_and_relative_links_never_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Activating a `file:` or relative link in a note opens nothing outside the vault."""
    from textual.widgets import Markdown

    from reader.tui.widgets.note_markdown import NoteMarkdown

    root = hostile_vault(tmp_path)
    app = make_app(tmp_path, root)
    opened: list[str] = []
    monkeypatch.setattr(type(app), "open_url", lambda self, url, **_: opened.append(url))
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        markdown = app.screen.query(NoteMarkdown).first()
        for href in ("file:///etc/passwd", "../../outside.md", "/etc/shadow"):
            markdown.post_message(Markdown.LinkClicked(markdown, href))
        await settle(pilot)
        assert opened == []
        markdown.post_message(Markdown.LinkClicked(markdown, "https://example.com/x"))
        markdown.post_message(Markdown.LinkClicked(markdown, "llama-4-lmarena.md"))
        await settle(pilot)
        assert opened == ["https://example.com/x"]
        assert app.screen.note is not None and app.screen.note.path == "llama-4-lmarena.md"
