"""The reader's screens: the main screen (the hub), help, and the outline.

Import them from their modules (`reader.tui.screens.main`, …): this package imports nothing, so
starting the reader loads only the main screen.
"""
