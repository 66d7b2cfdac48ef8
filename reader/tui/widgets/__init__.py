"""The reader's widgets: the panes of the main screen and what they are made of.

Import them from their modules (`reader.tui.widgets.note_view`, …): this package imports
nothing, so loading one widget never loads the others.
"""
