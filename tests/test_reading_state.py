"""The reading state (`reader.vault.reading`): recent order, bookmarks, places, merging two
readers' changes, a corrupt file; and `reader recent` (a golden file of its JSON)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.cli import main
from reader.tui.history import History, Listing, ViewState
from reader.vault.entities import EntityRef
from reader.vault.reading import READING_FILE, Place, load_reading
from reader.vault.vault import Vault
from tests.vaults import copy_seeds

GOLDEN = Path(__file__).parent / "golden" / "recent" / "recent.expected.json"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def test_recent_is_newest_first_then_bookmarks_never_opened(tmp_path: Path) -> None:
    state = load_reading(tmp_path / READING_FILE)
    state.opened("a.md", when="2026-01-01T10:00:00.000+00:00")
    state.opened("b.md", when="2026-01-02T10:00:00.000+00:00")
    state.opened("a.md", when="2026-01-03T10:00:00.000+00:00")
    state.bookmarks.update({"c.md": "2026-01-01T00:00:00", "d.md": "2026-01-05T00:00:00"})
    state.bookmarks["b.md"] = "2026-01-04T00:00:00"
    rows = [(r.path, r.opened is not None, r.bookmarked) for r in state.recent()]
    assert rows == [
        ("a.md", True, False),
        ("b.md", True, True),
        ("d.md", False, True),
        ("c.md", False, True),
    ]
    assert [r.path for r in state.recent(limit=2)] == ["a.md", "b.md"]
    assert state.bookmarked() == ["d.md", "b.md", "c.md"]


def test_a_saved_state_loads_back_whole(tmp_path: Path) -> None:
    file = tmp_path / "state" / READING_FILE
    state = load_reading(file)
    state.opened("a.md")
    state.leave("a.md", Place(12.0, 80, "Intro", 1, "abc"))
    assert state.toggle_bookmark("a.md")
    history = History()
    entity = EntityRef("people", "yann lecun", "Yann LeCun")
    history.push(ViewState(listing=Listing("entity", entity=entity), note="a.md"))
    state.set_history(history.saved(), "a.md")
    state.save()
    assert not state.dirty
    again = load_reading(file)
    assert again.problem is None
    assert again.place("a.md") == Place(12.0, 80, "Intro", 1, "abc")
    assert list(again.bookmarks) == ["a.md"] and again.open_note == "a.md"
    restored = History.restored(again.history)
    assert len(restored) == 2 and restored.current.listing.entity == entity
    assert restored.current.note == "a.md" and restored.can_back


def test_two_readers_merge_their_changes(tmp_path: Path) -> None:
    file = tmp_path / READING_FILE
    first, second = load_reading(file), load_reading(file)
    first.opened("a.md", when="2026-01-01T00:00:00.000+00:00")
    first.toggle_bookmark("a.md")
    first.save()
    second.opened("b.md", when="2026-01-02T00:00:00.000+00:00")
    second.toggle_bookmark("b.md")
    second.save()  # the file changed since `second` loaded it: both sides are kept
    merged = load_reading(file)
    assert [r.path for r in merged.recent()] == ["b.md", "a.md"]
    assert set(merged.bookmarks) == {"a.md", "b.md"}
    first.toggle_bookmark("a.md")  # taken away on one side, while the other kept b.md
    first.save()
    assert set(load_reading(file).bookmarks) == {"b.md"}


@pytest.mark.parametrize(
    "text",
    ["{not json", "[]", '{"version": 99, "notes": {}}', '{"version": 1, "notes": {"a": 3}}'],
)
def test_a_corrupt_file_is_reported_kept_aside_and_replaced(tmp_path: Path, text: str) -> None:
    file = tmp_path / READING_FILE
    file.write_text(text, encoding="utf-8")
    state = load_reading(file)
    assert state.problem is not None and "unreadable" in state.problem and "\n" not in state.problem
    assert state.recent() == [] and state.dirty
    state.save()
    assert json.loads(file.read_text(encoding="utf-8"))["version"] == 1
    assert file.with_name(READING_FILE + ".bad").read_text(encoding="utf-8") == text
    assert load_reading(file).problem is None


def test_unreadable_history_steps_are_left_out() -> None:
    good = History()
    good.push(ViewState(note="a.md"))
    data = good.saved()
    data["steps"].insert(0, {"listing": ["nonsense", "", "date"]})
    data["steps"].append("not a step")
    restored = History.restored(data)
    assert [step.note for step in restored._steps] == [None, "a.md"]
    assert len(History.restored({"steps": 3})) == 1  # a fresh history


def test_recent_json_golden(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`reader recent --json`: newest first, bookmarked notes never opened after them, notes
    gone from the vault left out, `--limit` honoured."""
    root = copy_seeds(tmp_path / "vault")
    index_dir = tmp_path / "ix"
    state = load_reading(Vault(root, index_dir).state_dir / READING_FILE)
    state.opened("llama-4-lmarena.md", when="2026-03-01T09:30:00.000+00:00")
    state.opened("deepseek-r1-shock.md", when="2026-03-02T21:05:10.250+00:00")
    state.opened("gone.md", when="2026-03-03T08:00:00.000+00:00")
    state.bookmarks["deepseek-r1-shock.md"] = "2026-03-02T21:06:00.000+00:00"
    state.bookmarks["jepa-world-models.md"] = "2026-02-01T12:00:00.000+00:00"
    state.bookmarks["turing-award-2018.txt"] = "2026-02-02T12:00:00.000+00:00"
    state.save()
    assert main(["recent", str(root), "--json", "--index-dir", str(index_dir)]) == 0
    out = capsys.readouterr().out
    if UPDATE:
        GOLDEN.write_text(out, encoding="utf-8")
    assert json.loads(out) == json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert main(["recent", str(root), "--json", "--limit", "2", "--index-dir", str(index_dir)]) == 0
    assert [r["path"] for r in json.loads(capsys.readouterr().out)] == [
        "deepseek-r1-shock.md",
        "llama-4-lmarena.md",
    ]
    assert main(["recent", str(root), "--index-dir", str(index_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2026-03-02 21:05  ★ deepseek-r1-shock.md")
    assert lines[-1].startswith("never opened      ★ jepa-world-models.md")
