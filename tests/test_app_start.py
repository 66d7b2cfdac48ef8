"""Pilot tests of start-up: a second start paints the saved catalog, opens the first row,
then checks the disk and fills the sidebar; the footer is rebuilt only when its keys change;
a long note can be rendered to its end."""

from __future__ import annotations

import shutil
from pathlib import Path

from vaults import python_prints

from reader.tui.rows import all_rows, sort_rows
from reader.tui.widgets.footer import KeyFooter
from reader.tui.widgets.note_list import NoteList
from reader.tui.widgets.note_markdown import NoteMarkdown
from reader.tui.widgets.note_view import NoteView
from reader.tui.widgets.sidebar import Sidebar, SideOptions
from tests.app_helpers import (
    SEED_NOTE,
    SEEDS,
    main_screen,
    make_app,
    mount_every_part,
    run_async,
    settle,
)


async def _first_start() -> None:
    """Start the app once on the shared seeds: it builds the index and saves the catalog,
    so the next start is a second start."""
    async with make_app().run_test(size=(160, 50)) as pilot:
        await settle(pilot)


@run_async
async def test_a_second_start_lists_the_catalog_then_checks_the_disk(tmp_path: Path) -> None:
    await _first_start()
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        note_list = screen.query_one(NoteList)
        assert len(note_list.rows) == len(screen.vault.notes()) >= 20
        assert screen.note is not None and screen.note.path == note_list.rows[0].path
        assert note_list.selected == note_list.rows[0].path
        assert screen.disk_checked and not screen._check_pending
        assert screen.finder is not None  # the entity index was built by the check
        assert screen.vault.entities.of_note(screen.note.path)
        # The note's entities and related notes, not the start-up placeholder (no options).
        assert screen.query_one(Sidebar).query_one(SideOptions).option_count > 0


@run_async
async def test_the_footer_is_rebuilt_only_when_its_keys_change() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        footer = screen.query_one(KeyFooter)
        keys = list(footer.children)
        assert keys
        for _ in range(3):
            screen.refresh_bindings()
        await settle(pilot)
        assert list(footer.children) == keys  # the same widgets: nothing was rebuilt
        await pilot.press("slash")
        await settle(pilot)
        assert list(footer.children) != keys  # the search box has other keys


@run_async
async def test_a_long_note_renders_to_its_end(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    body = (SEEDS / SEED_NOTE).read_text(encoding="utf-8").split("---", 2)[2]
    tail = "最后一段：这里是笔记的结尾。"
    text = "---\ntitle: Long note\ndate: 2031-01-01\n---\n" + body * 3 + "\n\n" + tail + "\n"
    (vault / "long.md").write_text(text, encoding="utf-8")
    shutil.copy(SEEDS / SEED_NOTE, vault / SEED_NOTE)
    app = make_app(tmp_path, vault)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        view = main_screen(pilot).query_one(NoteView)
        assert view.note is not None and view.note.path == "long.md" and view.has_more
        await mount_every_part(pilot, view)
        rendered = "".join(
            leaf.content.plain  # type: ignore[attr-defined]
            for md in view.query(NoteMarkdown)
            for leaf in md.query("MarkdownParagraph")
        )
        assert tail in rendered


@run_async
async def test_the_list_starts_newest_first() -> None:
    await _first_start()
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        rows = screen.query_one(NoteList).rows
        expected = sort_rows(all_rows(screen.vault), "date")
        assert list(rows) == list(expected)
        dates = [row.date for row in rows if row.date]
        assert dates == sorted(dates, reverse=True)
        assert list(screen._all_rows("date")) == list(expected)  # kept for the next listing


@run_async
async def test_focusing_the_note_shows_the_focus_colour_behind_every_block() -> None:
    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        view = main_screen(pilot).query_one(NoteView)
        block = view.query("MarkdownParagraph").first()
        blurred = block.visual_style.background
        options = main_screen(pilot).query_one(NoteList).options
        for focus, focused in ((view.body.focus, True), (options.focus, False)):
            focus()
            await settle(pilot)
            assert view.body.has_focus is focused
            shown = block.visual_style.background
            # What a full restyle of the note (Textual's own way) gives.
            app.stylesheet.update_nodes(list(view.body.walk_children(with_self=True)))
            assert block.visual_style.background == shown
            assert (shown != blurred) is focused


def test_the_markdown_widget_loads_with_the_first_note_not_at_start_up() -> None:
    code = (
        "import sys, reader.tui.app;"
        "print(any(m.split('.')[0] == 'markdown_it' for m in sys.modules),"
        " 'textual.widgets._markdown' in sys.modules)"
    )
    assert python_prints(code).split() == ["False", "False"]


def test_the_image_library_loads_with_the_first_image_not_with_a_note() -> None:
    code = (
        "import sys, reader.tui.app, reader.tui.widgets.note_markdown;"
        "print(any(m.split('.')[0] in ('PIL', 'textual_image') for m in sys.modules))"
    )
    assert python_prints(code) == "False"


def test_the_search_and_word_tables_load_with_the_first_query_not_at_start_up() -> None:
    """Ranking, matching, the index's word analysis, folding's finder, pinyin and PyYAML
    are not needed to paint the list: importing the app loads none of them."""
    later = (
        "reader.search.ranking",
        "reader.search.matching",
        "reader.text.analysis",
        "reader.text.fold_find",
        "reader.text.pinyin",
        "reader.vault.related",
        "yaml",
    )
    code = f"import sys, reader.tui.app; print([m for m in {later!r} if m in sys.modules])"
    assert python_prints(code) == "[]"
