"""Helpers for the TUI tests: a private copy of `seeds/`, the app built as the CLI builds it.

Every test works on its own copy of the sample vault under `tmp_path` (the reader must never
write into a vault, and live-reload tests change files), with the index under `tmp_path`
too, so nothing depends on the user's cache directory.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import hashlib
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from reader.tui.app import ReaderApp, build_app
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.note_view import NoteView

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED_NOTE = "000_6e32583a3cfba4c8.txt"


def vault_copy(tmp_path: Path) -> Path:
    """A fresh copy of the sample vault."""
    target = tmp_path / "vault"
    if not target.exists():
        shutil.copytree(SEEDS, target)
    return target


_SHARED: list[Path] = []


def shared_vault() -> Path:
    """One read-only copy of the seeds (and its index) per test process.

    Building the index takes seconds; tests that only read share this copy, so only the
    first of them pays for it. Tests that change files use `vault_copy` instead.
    """
    if not _SHARED:
        root = Path(tempfile.mkdtemp(prefix="reader-tui-"))
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        shutil.copytree(SEEDS, root / "vault")
        _SHARED.append(root)
    return _SHARED[0] / "vault"


def reopened_shared_vault() -> Path:
    """The shared copy of the seeds with its index and link model built and saved, as a
    reader finds them when it reopens a vault after a first run."""
    from reader.vault.vault import Vault

    root = shared_vault()
    built = Vault(root, root.parent / "index")
    built.update(links=True)
    built.links  # noqa: B018  (scanned and saved, as the reader does after a start)
    return root


def make_app(tmp_path: Path | None = None, vault: Path | None = None) -> ReaderApp:
    """The app as the CLI builds it: on `vault` with its index under `tmp_path` (and its
    reading state beside the index: a second app on the same `tmp_path` is a restart), or
    on the shared read-only copy of the seeds when no vault is given, with a reading state
    of its own (what one test read never reopens in another)."""
    if vault is None:
        vault = shared_vault()
        state = tempfile.mkdtemp(prefix="state-", dir=vault.parent)
        return build_app(vault, index_dir=vault.parent / "index", state_dir=state)
    assert tmp_path is not None
    return build_app(vault, index_dir=tmp_path / "index")


def tree_digest(root: Path) -> str:
    """A digest of every file under `root` (names and bytes), to prove nothing was written."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    """Let workers finish and their messages be handled (a few rounds: work begets work)."""
    for _ in range(rounds):
        await pilot.pause()
        # A newer request may have cancelled a worker; a failed one the app reports itself.
        with contextlib.suppress(WorkerCancelled, WorkerFailed):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@contextlib.asynccontextmanager
async def started(app: ReaderApp, size: tuple[int, int]) -> AsyncIterator[Pilot[None]]:
    """Run `app` headless at `size` and let its start-up settle; the pilot."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        yield pilot


async def mount_every_part(pilot: Pilot[None], view: NoteView) -> None:
    """Scroll a note shown in parts to its end until every part is mounted (a part mounts
    as the reader nears it), then let the app settle."""
    for _ in range(60):
        if not view.has_more:
            break
        view.body.scroll_end(animate=False, immediate=True)
        await pilot.pause(0.4)
        await settle(pilot, rounds=1)
    assert not view.has_more
    await settle(pilot)


def main_screen(pilot: Pilot[None]) -> MainScreen:
    """The app's main screen."""
    app = pilot.app
    assert isinstance(app, ReaderApp)
    return app.main_screen


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test with `asyncio.run` (no async pytest plugin is installed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper
