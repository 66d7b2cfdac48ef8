"""The reader's Textual app and the factory the CLI (and the tests) build it with.

`build_app(vault_path, index_dir=None)` makes a `Vault` (cheap: nothing is read yet) and the
app around it; the app shows the main screen at once and the screen loads the vault in a
worker. Global keys live here (quit, help, palette); everything else is on the main screen
and its panes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.system_commands import SystemCommandsProvider

import reader
from reader.tui.collector import TICK, IdleCollector
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.find_bar import FindBar
from reader.tui.widgets.note_list import NoteList, NoteOptions
from reader.tui.widgets.note_view import NoteBody
from reader.tui.widgets.search_bar import SearchBar
from reader.tui.widgets.sidebar import SideOptions
from reader.vault.reading import reading_of
from reader.vault.vault import Vault


def styles_path() -> Path:
    """Where `styles.tcss` is: inside the installed package (the wheel copies it there),
    else at the top of a checkout (editable installs, running from the repository)."""
    package = Path(reader.__file__).parent
    for candidate in (package / "styles.tcss", package.parent / "styles.tcss"):
        if candidate.is_file():
            return candidate
    return package / "styles.tcss"  # Textual reports the missing file clearly


def install_cjk() -> None:
    """Turn on CJK-aware line breaking when that module is present (it is written apart)."""
    try:
        from reader.tui.widgets.cjk_text import install_cjk_wrapping  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return
    install_cjk_wrapping()


def note_commands() -> type[Provider]:
    """The "Open note…" palette provider (imported when the palette first opens)."""
    from reader.tui.palette import NoteCommands

    return NoteCommands


def reading_commands() -> type[Provider]:
    """The "Recent notes…" and "Bookmarks…" palette provider."""
    from reader.tui.palette import ReadingCommands

    return ReadingCommands


def entity_commands() -> type[Provider]:
    """The "Go to entity…" palette provider (imported when the palette first opens)."""
    from reader.tui.palette import EntityCommands

    return EntityCommands


class ReaderApp(App[None]):
    """A terminal reader for a folder of Markdown notes."""

    CSS_PATH = str(styles_path())
    TITLE = "reader"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        SystemCommandsProvider,
        note_commands,
        entity_commands,
        reading_commands,
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
    ]

    def __init__(self, vault: Vault) -> None:
        super().__init__()
        self.vault = vault
        self.title = f"reader — {vault.root.name or vault.root}"
        self.sub_title = "starting…"
        self.reading = reading_of(vault)
        self.main_screen = MainScreen(vault, self.reading)
        self.collector = IdleCollector()

    def on_mount(self) -> None:
        """Show the main screen (the vault loads in its worker); full garbage collections
        wait for a pause in the input (`reader.tui.collector`)."""
        self.collector.install()
        self.set_interval(TICK, self.collector.tick, name="idle-collector")
        self.push_screen(self.main_screen)

    def on_unmount(self) -> None:
        self.collector.uninstall()
        # Quitting another way than the quit action: the panes are gone, the rest is kept.
        self.main_screen.save_reading(capture=False)

    async def action_quit(self) -> None:
        """Save the reading (where each note was left, the history) and quit."""
        self.main_screen.save_reading()
        await super().action_quit()

    async def on_event(self, event: events.Event) -> None:
        """Note the time of every key and mouse event (the collector waits for a pause)."""
        if isinstance(event, events.Key | events.MouseEvent):
            self.collector.saw_input()
        await super().on_event(event)

    def action_help(self) -> None:
        """Show every key, from the bindings (the help and outline modules load here: the
        start-up does not need them)."""
        from reader.tui.screens.help import HelpItem, HelpScreen, Own
        from reader.tui.screens.outline import OutlineScreen

        if isinstance(self.screen, HelpScreen):
            return
        palette = Binding(
            self.COMMAND_PALETTE_BINDING,
            "command_palette",
            "Command palette: open note…, go to entity…, recent notes…, bookmarks…",
        )
        sections: list[tuple[str, list[HelpItem]]] = [
            ("Everywhere", [ReaderApp, palette]),
            ("Main screen", [MainScreen]),
            ("Search box (and the usual text editing keys)", [Own(SearchBar)]),
            ("Note list", [NoteList, NoteOptions]),
            ("Note", [NoteBody]),
            ("Find in note", [Own(FindBar), Binding("enter", "", "Next match")]),
            ("Sidebar", [SideOptions]),
            ("Outline", [OutlineScreen]),
        ]
        self.push_screen(HelpScreen(sections))


def build_app(
    vault_path: str | Path,
    index_dir: str | Path | None = None,
    state_dir: str | Path | None = None,
) -> ReaderApp:
    """Make the reader app for a vault (the CLI and the tests call this)."""
    install_cjk()
    vault = Vault(
        Path(vault_path),
        Path(index_dir) if index_dir is not None else None,
        state_dir=Path(state_dir) if state_dir is not None else None,
    )
    return ReaderApp(vault)


__all__ = ["ReaderApp", "build_app"]
