"""The core never imports Textual: each core module is imported alone in a fresh process."""

from __future__ import annotations

from pathlib import Path

import pytest
from vaults import indexed_seeds, python_prints

PACKAGE = Path(__file__).resolve().parent.parent / "reader"
#: The user interface, the only package allowed to import Textual, and the entry point that
#: starts it.
UI_PACKAGE = "tui"
UI_MODULES = {"__main__"}


def _core_modules() -> list[str]:
    """Every module of the package outside the UI (found on disk, so new ones are covered)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts[0] == UI_PACKAGE or parts[-1] in UI_MODULES:
            continue
        name = ".".join(("reader", *parts)).removesuffix(".__init__")
        found.append(name)
    return found


CORE_MODULES = _core_modules()


def test_the_core_is_found() -> None:
    for module in (
        "reader.cli",
        "reader.text.fold",
        "reader.notes.note",
        "reader.search.index.store",
        "reader.search.query",
        "reader.vault.entities",
        "reader.vault.vault",
    ):
        assert module in CORE_MODULES


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    assert python_prints(code) == "False"


def test_searching_does_not_load_the_segmenter(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A query is answered from the term list: jieba's dictionary is never needed."""
    vault = indexed_seeds(tmp_path)
    code = (
        "import sys; from pathlib import Path; from reader.vault.vault import Vault;"
        f"v = Vault(Path({str(vault.root)!r}), Path({str(tmp_path / 'ix')!r}));"
        "v.open_cached(); hits = v.search('扎克伯'); assert hits, 'no hits';"
        "print('rjieba' in sys.modules)"
    )
    assert python_prints(code) == "False"
