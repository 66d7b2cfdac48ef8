"""Opening a note in the user's editor: suspend the app, run `$VISUAL`/`$EDITOR`, come back.

The reader itself never writes into the vault; whatever the editor does is the user's own
doing, and the caller reads the note again afterwards.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path

from textual.app import App, SuspendNotSupported


def editor_command(path: Path) -> list[str]:
    """The command line that opens `path`: `$VISUAL`, else `$EDITOR`, else `vi`."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return [*shlex.split(editor), str(path)]


def run_editor(app: App[object], path: Path) -> bool:
    """Run the editor on `path` with the app suspended; True when the editor ran.

    Headless runs (tests) cannot suspend; the editor then runs without suspending, which is
    what a non-interactive fake editor needs. Elsewhere (e.g. Textual Web) it says why not.
    """
    command = editor_command(path)
    try:
        with app.suspend():
            result = subprocess.run(command, check=False)
    except SuspendNotSupported:
        if not app.is_headless:
            app.notify("This terminal cannot hand over to an editor.", severity="error")
            return False
        result = subprocess.run(command, check=False, capture_output=True)
    except OSError as exc:
        app.notify(
            f"Cannot run {command[0]}: {exc.strerror or exc}", title="Editor", severity="error"
        )
        return False
    if result.returncode != 0:
        app.notify(f"{command[0]} exited with status {result.returncode}", severity="warning")
    return True
