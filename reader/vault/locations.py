"""Where a vault's index and catalog live by default (the user cache dir), and what the
reader remembers of it (the user state dir), keyed by the vault's path.

Kept outside `reader.search.index` on purpose: importing anything from that package imports
Whoosh (~0.15 s), and showing the note list at start-up needs this folder but not Whoosh.
Part of the core: never imports Textual.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import platformdirs

from reader.notes.config import APP_NAME


def index_dir_for(vault: Path) -> Path:
    """The default index folder of a vault: `<cache>/reader/indexes/<name>-<hash>`."""
    resolved = str(vault.resolve())
    digest = hashlib.sha256(resolved.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    name = re.sub(r"[^\w.-]+", "_", vault.resolve().name)[:40] or "vault"
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "indexes" / f"{name}-{digest}"


def state_dir_for(vault: Path, index_dir: Path | None = None) -> Path:
    """Where the reader keeps what it remembers of a vault (reading places, bookmarks,
    history): `<state>/reader/vaults/<name>-<hash>`, named as the index folder is; beside an
    index folder given by hand (`--index-dir DIR`: `DIR.state`), so that a vault with its own
    index keeps its own state, never inside the index folder (a new index empties it)."""
    if index_dir is not None:
        return index_dir.with_name(index_dir.name + ".state")
    name = index_dir_for(vault).name
    return Path(platformdirs.user_state_dir(APP_NAME)) / "vaults" / name
