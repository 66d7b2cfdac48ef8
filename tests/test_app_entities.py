"""Pilot tests: choosing an entity (sidebar, body mention, palette), the entity view, and
history: back and forward restore the list, the selection and the scroll position."""

from __future__ import annotations

from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.note_view import NoteView
from reader.tui.widgets.sidebar import Sidebar, SideOptions
from tests.app_helpers import main_screen, make_app, run_async, settle


@run_async
async def test_entity_jump_then_back_and_forward() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        note_list = screen.query_one(NoteList)
        await pilot.press("j", "j", "j")  # move the selection: back must restore it
        await settle(pilot)
        before_selected = note_list.selected
        before_note = screen.note.path if screen.note else None
        screen.query_one(NoteView).body.scroll_to(y=5, animate=False, immediate=True)

        screen.query_one(SideOptions).focus()
        await pilot.press("enter")  # the first entity of the open note
        await settle(pilot)
        listing = screen.history.current.listing
        assert listing.mode == "entity" and listing.entity is not None
        rows = note_list.rows
        assert rows and all(r.listed or r.mentioned for r in rows)
        assert any(r.listed for r in rows)
        caption = str(screen.query_one("#list-caption").content)  # type: ignore[attr-defined]
        assert listing.entity.name in caption
        side = str(screen.query_one("#side-head").content)  # type: ignore[attr-defined]
        assert listing.entity.name in side and "listed in" in side

        await pilot.press("backspace")
        await settle(pilot)
        assert screen.history.current.listing.mode == "all"
        assert note_list.selected == before_selected
        assert screen.note is not None and screen.note.path == before_note
        assert screen.query_one(NoteView).body.scroll_y == 5

        await pilot.press("alt+right")
        await settle(pilot)
        assert screen.history.current.listing == listing


@run_async
async def test_sidebar_shows_groups_and_related_and_entity_view_is_navigable() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        options = screen.query_one(SideOptions)
        prompts = [str(o.prompt) for o in options.options]
        assert "人物" in prompts and "Related notes" in prompts
        screen.query_one(SideOptions).focus()
        await pilot.press("enter")
        await settle(pilot)
        prompts = [str(o.prompt) for o in options.options]
        assert "Occurs with" in prompts and "Notes" in prompts
        # From the entity view, the next entity is one key away.
        first_entity = screen.history.current.listing.entity
        assert app.focused is screen.query_one(NoteList).options  # the entity's notes
        options.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert screen.history.current.listing.entity != first_entity
        assert isinstance(screen.query_one(Sidebar), Sidebar)


@run_async
async def test_mentions_are_highlighted_and_followable() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        view = screen.query_one(NoteView)
        mentions = view.painter.found.mentions
        assert mentions, "the open note names known entities"
        view.body.focus()
        await pilot.press("right_square_bracket")
        mark = view.painter.current("mention")
        assert mark is not None and mark.ref is not None
        await pilot.press("enter")
        await settle(pilot)
        assert screen.history.current.listing.entity == mark.ref
