"""The reader's widgets: the panes of the main screen and what they are made of."""

from reader.widgets.find_bar import FindBar
from reader.widgets.note_list import NoteList
from reader.widgets.note_view import NoteView
from reader.widgets.search_bar import SearchBar
from reader.widgets.sidebar import Sidebar

__all__ = ["FindBar", "NoteList", "NoteView", "SearchBar", "Sidebar"]
