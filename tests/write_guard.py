"""A guard that makes every write under some folders fail, as on a read-only file system.

Tests run as root, where permission bits stop nothing, so `chmod -R a-w` proves little.
Instead the functions that create, change or delete files are wrapped: a call that would
write under a guarded folder is recorded and fails with EROFS.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class WriteGuard:
    """Records (and refuses) every attempt to write under `roots`."""

    def __init__(self, roots: list[Path]) -> None:
        self.roots = [os.path.realpath(r) for r in roots]
        self.attempts: list[str] = []

    def guarded(self, path: Any) -> bool:
        """True if `path` is one of the roots or inside one."""
        if isinstance(path, int):
            return False
        try:
            full = os.path.realpath(os.fspath(path))
        except TypeError:
            return False
        return any(full == r or full.startswith(r + os.sep) for r in self.roots)

    def refuse(self, what: str, path: Any) -> None:
        """Record the attempt and fail as a read-only file system does."""
        self.attempts.append(f"{what} {path}")
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Wrap the writing functions of os, io, builtins, shutil and pathlib."""
        real_open, real_os_open = builtins.open, os.open

        def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
            if any(c in mode for c in "wax+") and self.guarded(file):
                self.refuse(f"open({mode})", file)
            return real_open(file, mode, *args, **kwargs)

        def guarded_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if flags & _WRITE_FLAGS and self.guarded(path):
                self.refuse("os.open", path)
            return real_os_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(builtins, "open", guarded_open)
        monkeypatch.setattr(io, "open", guarded_open)
        monkeypatch.setattr(os, "open", guarded_os_open)
        for name in ("replace", "rename", "remove", "unlink", "rmdir", "link", "symlink"):
            self._wrap(monkeypatch, os, name, self._any_path)
        for name in ("mkdir", "makedirs"):
            self._wrap(monkeypatch, os, name, self._new_path)
        for name in ("utime", "chmod", "truncate"):
            self._wrap(monkeypatch, os, name, self._any_path)
        self._wrap(monkeypatch, shutil, "rmtree", self._any_path)
        self._wrap(monkeypatch, shutil, "move", self._any_path)

    def _any_path(self, args: tuple[Any, ...]) -> bool:
        return any(self.guarded(a) for a in args[:2])

    def _new_path(self, args: tuple[Any, ...]) -> bool:
        return bool(args) and self.guarded(args[0]) and not os.path.isdir(args[0])

    def _wrap(
        self,
        monkeypatch: pytest.MonkeyPatch,
        module: Any,
        name: str,
        writes: Callable[[tuple[Any, ...]], bool],
    ) -> None:
        real = getattr(module, name)

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if writes(args):
                self.refuse(f"{module.__name__}.{name}", args[0])
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)


def guard(monkeypatch: pytest.MonkeyPatch, *roots: Path) -> WriteGuard:
    """Install a write guard on `roots` for the rest of the test."""
    write_guard = WriteGuard(list(roots))
    write_guard.install(monkeypatch)
    return write_guard
