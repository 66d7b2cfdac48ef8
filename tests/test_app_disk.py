"""Pilot tests that touch the disk: `$EDITOR` (with a fake editor) and live reload.

Both run on a private copy of the seeds. The fake editor writes its arguments to a file in
tmp_path and nothing into the vault; the test proves the reader wrote nothing either.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from reader.tui.screens.main import MainScreen
from reader.tui.widgets.note_list import NoteList
from tests.app_helpers import main_screen, make_app, run_async, settle, tree_digest, vault_copy


def fake_editor(tmp_path: Path) -> tuple[Path, Path]:
    """A script that records its argv in tmp_path (never in the vault)."""
    log = tmp_path / "editor-argv.txt"
    script = tmp_path / "fake-editor"
    body = f"import sys\nopen({str(log)!r}, 'a').write(' '.join(sys.argv[1:]) + '\\n')\n"
    script.write_text(f"#!{sys.executable}\n{body}")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, log


@run_async
async def test_editor_runs_on_the_note_and_the_vault_is_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = vault_copy(tmp_path)
    before = tree_digest(vault)
    script, log = fake_editor(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.note is not None
        path = screen.note.path
        await pilot.press("e")
        await settle(pilot)
        assert log.read_text().strip() == str(vault / path)
        assert screen.note is not None and screen.note.path == path  # read again, still open
    assert tree_digest(vault) == before


@run_async
async def test_live_reload_picks_up_changed_added_and_removed_notes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MainScreen, "POLL_SECONDS", 0.2)
    vault = vault_copy(tmp_path)
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        note_list = screen.query_one(NoteList)
        opened = screen.note
        assert opened is not None
        file = vault / opened.path
        text = file.read_text(encoding="utf-8")
        file.write_text(
            text.replace(f"title: {opened.title}", "title: 新标题 Renamed", 1), encoding="utf-8"
        )
        (vault / "brand-new.md").write_text(
            "---\ntitle: A brand new note\ndate: 2030-01-01\n---\nHello.\n"
        )
        removed = next(r.path for r in note_list.rows if r.path != opened.path)
        os.remove(vault / removed)

        for _ in range(40):
            await pilot.pause(0.1)
            titles = [r.title for r in note_list.rows]
            if "A brand new note" in titles and "新标题 Renamed" in titles:
                break
        await settle(pilot)
        titles = [r.title for r in note_list.rows]
        assert "A brand new note" in titles
        assert "新标题 Renamed" in titles
        assert removed not in [r.path for r in note_list.rows]
        assert screen.note is not None and screen.note.title == "新标题 Renamed"
