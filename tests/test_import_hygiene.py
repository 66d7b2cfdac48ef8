"""The core never imports Textual: each core module is imported alone in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from vaults import indexed_seeds, python_prints

from reader.notes.config import Config
from reader.vault.vault import Vault

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


#: What `reader search` on an unchanged vault never needs: PyYAML and tomllib (no note's
#: frontmatter is parsed), the build's worker processes, backlinks and mentions.
NOT_FOR_SEARCH = (
    "yaml",
    "tomllib",
    "multiprocessing",
    "reader.search.index.parallel",
    "reader.vault.connections",
)


def _search_loads(root: Path, index_dir: Path, config_home: Path) -> set[str]:
    """Which of `NOT_FOR_SEARCH` a fresh `reader search … --json` process loaded (with no
    user config file)."""
    code = (
        "import contextlib, io, sys\n"
        "from reader.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    status = main(['search', {str(root)!r}, '田渊栋', '--index-dir', {str(index_dir)!r},"
        " '--json'])\n"
        "assert status == 0 and '\"path\"' in out.getvalue(), out.getvalue()\n"
        f"print(' '.join(m for m in {NOT_FOR_SEARCH!r} if m in sys.modules))"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(config_home)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return set(done.stdout.split())


def test_searching_an_unchanged_vault_loads_no_yaml_nor_build_workers(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    for number in range(3):
        text = f"---\ntitle: 笔记{number}\npeople: [田渊栋]\n---\n\n田渊栋的第{number}篇。\n"
        (root / f"n{number}.md").write_text(text, encoding="utf-8")
    Vault(root, tmp_path / "ix", config=Config()).update()
    assert _search_loads(root, tmp_path / "ix", tmp_path / "config") == set()
    # A changed note is read again: its YAML frontmatter loads the parser then.
    (root / "n0.md").write_text("---\ntitle: 改了\n---\n\n田渊栋\n", encoding="utf-8")
    assert _search_loads(root, tmp_path / "ix", tmp_path / "config") == {"yaml"}
