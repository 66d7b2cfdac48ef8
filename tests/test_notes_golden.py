"""Golden tests of note loading: each `tests/golden/<case>.<md|txt|markdown>` beside
`<case>.expected.json`.

The expected files are the contract of `load_note`, problems included. After a deliberate
change, run `UPDATE_GOLDEN=1 pytest tests/test_notes_golden.py` and read every changed file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from reader.notes.config import DEFAULT_TYPES
from reader.notes.encoding import decode
from reader.notes.note import NOTE_SUFFIXES, Note, load_note, normalise_text
from reader.text.terminal import inert

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
#: The whole `meta` is kept in an expected file only when it is this short.
META_CHARS = 2000

CASES = sorted(p.name for p in GOLDEN.iterdir() if p.name.endswith(NOTE_SUFFIXES))


def outcome(relpath: str) -> dict[str, Any]:
    """What an expected file records about loading one case."""
    loaded = load_note(GOLDEN, relpath, list(DEFAULT_TYPES))
    if not isinstance(loaded, Note):
        return {"path": loaded.path, "skipped": loaded.reason}
    meta = json.dumps(loaded.meta, ensure_ascii=False, sort_keys=True)
    return {
        "path": loaded.path,
        "title": loaded.title,
        "date": loaded.date,
        "date_text": loaded.date_text,
        "summary": loaded.summary,
        "status": loaded.status,
        "entities": {key: list(names) for key, names in loaded.entities.items()},
        "problems": list(loaded.problems),
        "body_start": loaded.body[:40],
        "encoding": loaded.encoding,
        "meta": json.loads(meta) if len(meta) <= META_CHARS else f"<{len(meta)} characters>",
    }


def test_there_are_cases() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES)
def test_golden(case: str) -> None:
    expected_file = GOLDEN / (case.rsplit(".", 1)[0] + ".expected.json")
    actual = outcome(case)
    if UPDATE:
        text = json.dumps(actual, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        expected_file.write_text(text, encoding="utf-8")
    assert expected_file.exists(), f"no expected file: run UPDATE_GOLDEN=1 for {case}"
    assert actual == json.loads(expected_file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES)
def test_body_offset_indexes_the_normalised_text(case: str) -> None:
    loaded = load_note(GOLDEN, case)
    if isinstance(loaded, Note):
        text = normalise_text(decode((GOLDEN / case).read_bytes())[0])
        assert inert(text)[loaded.body_offset :] == loaded.body
