"""The reader's screens: the main screen (the hub), help, and the outline."""

from reader.screens.help import HelpScreen
from reader.screens.main import MainScreen
from reader.screens.outline import OutlineScreen

__all__ = ["HelpScreen", "MainScreen", "OutlineScreen"]
