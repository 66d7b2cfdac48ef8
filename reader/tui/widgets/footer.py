"""The key footer: Textual's `Footer`, rebuilt only when what it shows changes.

Textual's footer recomposes (removes and mounts a widget per key, each styled anew) every
time the screen's bindings are refreshed, once per refresh request. The main screen
refreshes them often (a note opened, a match count changed, focus moved) and mostly
nothing the footer shows changes: at start-up that was about ten rebuilds, tens of
milliseconds each, on the UI thread. This footer remembers what it last showed and
rebuilds at most once per screen refresh, and only when the shown keys differ.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that skips rebuilds which would show the same keys."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: Hashable = None
        self._scheduled = False

    def shown_keys(self, screen: Screen[object]) -> Hashable:
        """What the footer would show for the screen's bindings now: every shown binding's
        key, label, action, group and state, plus the command palette key."""
        app = screen.app
        return (
            self.compact,
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
            tuple(
                (key, b.key_display, b.description, b.action, id(b.group), enabled, tooltip)
                for key, (_, b, enabled, tooltip) in screen.active_bindings.items()
                if b.show or key == app.COMMAND_PALETTE_BINDING
            ),
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Schedule one rebuild after the next refresh (Textual schedules one per call)."""
        self._bindings_ready = True
        if not screen.app.app_focus or self._scheduled:
            return
        if self.is_attached and screen is self.screen:
            self._scheduled = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        """Recompose if the keys to show differ from those shown."""
        self._scheduled = False
        if not self.is_attached:
            return
        shown = self.shown_keys(self.screen)
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
