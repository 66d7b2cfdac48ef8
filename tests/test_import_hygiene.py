"""The core never imports Textual: each core module is imported alone in a fresh process."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE_MODULES = [
    "reader.notes",
    "reader.encoding",
    "reader.config",
    "reader.entities",
    "reader.fold",
    "reader.analysis",
    "reader.query",
    "reader.index",
    "reader.snippets",
    "reader.terminal",
    "reader.catalog",
    "reader.sync",
    "reader.vault",
    "reader.cli",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_searching_does_not_load_the_segmenter(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A query is answered from the term list: jieba's dictionary is never needed."""
    from vaults import copy_seeds

    from reader.vault import Vault

    vault = Vault(copy_seeds(tmp_path / "v"), tmp_path / "ix")
    vault.update()
    code = (
        "import sys; from pathlib import Path; from reader.vault import Vault;"
        f"v = Vault(Path({str(vault.root)!r}), Path({str(tmp_path / 'ix')!r}));"
        "v.open_cached(); hits = v.search('扎克伯'); assert hits, 'no hits';"
        "print('rjieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
