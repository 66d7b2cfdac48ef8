"""Pilot tests: links in the TUI. `]`/`[` visit links with the entity mentions, `f` follows
them (at the heading named), back returns; a note not written yet offers a search; the
sidebar lists links, backlinks and unlinked mentions; the palette finds notes by alias."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import OptionList

from reader.tui.messages import OpenNote
from reader.tui.screens.main import MainScreen
from reader.tui.widgets.note_view import NoteView
from reader.tui.widgets.sidebar import CONTEXT_MATCH, Sidebar
from tests.app_helpers import main_screen, make_app, run_async, settle, started

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "linked_vault"


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    return root


async def _open(pilot, screen: MainScreen, path: str) -> None:  # type: ignore[no-untyped-def]
    screen.post_message(OpenNote(path))
    await settle(pilot)
    assert screen.note is not None and screen.note.path == path


async def _to_link(pilot, view: NoteView, href: str) -> None:  # type: ignore[no-untyped-def]
    """Press `]` until the current mark is the link with this href."""
    for _ in range(len(view.painter.found.mentions)):
        await pilot.press("right_square_bracket")
        await pilot.pause()
        mark = view.painter.current("mention")
        if mark is not None and mark.href == href:
            return
    raise AssertionError(f"no link {href}")


def _sidebar_lines(screen: MainScreen) -> list[str]:
    options = screen.query_one(Sidebar).query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


@run_async
async def test_follow_links_from_the_keyboard_and_come_back(tmp_path: Path) -> None:
    app = make_app(tmp_path, _vault(tmp_path))
    async with started(app, (160, 50)) as pilot:
        screen = main_screen(pilot)
        await _open(pilot, screen, "Home.md")
        view = screen.query_one(NoteView)
        hrefs = [m.href for m in view.painter.found.mentions if m.href]
        assert "wiki:Projects%2FAlpha%2FPlan" in hrefs
        assert "wiki:Not%20a%20link%20in%20code" not in hrefs  # inline code
        assert "wiki:Also%20not%20a%20link" not in hrefs  # a code block
        await _to_link(pilot, view, "wiki:Meeting")
        await pilot.press("f")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Archive/Meeting.md"
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Home.md"
        await _to_link(pilot, view, "wiki:Plan#Milestones")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Projects/Alpha/Plan.md"
        assert await view.goto_anchor("milestones")  # by its slug
        assert await view.goto_anchor("Alpha plan#Milestones")  # nested headings
        assert not await view.goto_anchor("Nowhere")


@run_async
async def test_rendered_wiki_hrefs_and_markdown_links_are_followed(tmp_path: Path) -> None:
    from textual.widgets import Markdown

    app = make_app(tmp_path, _vault(tmp_path))
    async with started(app, (160, 50)) as pilot:
        screen = main_screen(pilot)
        await _open(pilot, screen, "Home.md")
        markdown = screen.query_one(NoteView).markdowns()[0]
        markdown.post_message(Markdown.LinkClicked(markdown, "wiki:Reading%20list#%5Etop-pick"))
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Reading list.md"
        view = screen.query_one(NoteView)
        assert await view.goto_anchor("^top-pick", "- The first book ^top-pick")
        assert not await view.goto_anchor("^nowhere", "")
        markdown = screen.query_one(NoteView).markdowns()[0]
        markdown.post_message(Markdown.LinkClicked(markdown, "Home#Home"))  # by name, no suffix
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Home.md"
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Reading list.md"


@run_async
async def test_a_link_to_a_note_not_written_yet_offers_a_search(tmp_path: Path) -> None:
    app = make_app(tmp_path, _vault(tmp_path))
    async with started(app, (160, 50)) as pilot:
        screen = main_screen(pilot)
        await _open(pilot, screen, "Home.md")
        view = screen.query_one(NoteView)
        await _to_link(pilot, view, "wiki:Someday%20Idea")
        await pilot.press("f")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Home.md"
        assert screen.history.current.listing.mode == "all"
        await pilot.press("f")
        await settle(pilot)
        listing = screen.history.current.listing
        assert (listing.mode, listing.query) == ("search", "Someday Idea")


@run_async
async def test_sidebar_lists_links_backlinks_and_unlinked_mentions(tmp_path: Path) -> None:
    app = make_app(tmp_path, _vault(tmp_path))
    async with started(app, (160, 50)) as pilot:
        screen = main_screen(pilot)
        await _open(pilot, screen, "Home.md")
        await settle(pilot)
        lines = _sidebar_lines(screen)
        assert "Links  10" in lines
        assert "Someday Idea  not written yet" in lines
        assert "Backlinks  6" in lines
        assert "Unlinked mentions  1" in lines
        assert any(line.startswith("Old meeting") for line in lines)
        assert any("Back to Home." in line for line in lines)  # as the note shows it
        assert not any("[[" in line for line in lines)
        assert "2024-05-01  ×3" in [line.split("\n")[0] for line in lines]  # one row, 3 links
        assert "People/Yann LeCun.md  ×2" not in lines and "Yann LeCun  ×2" in lines
        options = screen.query_one(Sidebar).query_one(OptionList)
        options.focus()
        options.highlighted = lines.index("Alpha plan › Milestones")
        await pilot.press("enter")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Projects/Alpha/Plan.md"

        await _open(pilot, screen, "Home.md")
        await settle(pilot)
        lines = _sidebar_lines(screen)
        options.focus()
        options.highlighted = next(i for i, line in enumerate(lines) if "Back to" in line)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Reading list.md"
        assert screen.query_one(NoteView).needles == ("Home",)  # the link is highlighted
        await _open(pilot, screen, "Home.md")
        await settle(pilot)
        lines = _sidebar_lines(screen)
        options.focus()
        options.highlighted = next(i for i, line in enumerate(lines) if "Start page in" in line)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Archive/Meeting.md"
        assert screen.query_one(NoteView).needles == ("Home", "Start page", "首页")


@run_async
async def test_the_sidebar_highlights_the_link_in_each_context(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    (root / "Callout.md").write_text(
        "Intro.\n\n> [!info] 需要启用[[Home|首页]]核心插件，**再**读[[Home]]\n> Body.\n",
        encoding="utf-8",
    )
    app = make_app(tmp_path, root)
    async with started(app, (160, 50)) as pilot:
        screen = main_screen(pilot)
        await _open(pilot, screen, "Home.md")
        await settle(pilot)
        options = screen.query_one(Sidebar).query_one(OptionList)
        prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
    marked = {
        str(prompt).split("\n")[0]: [
            str(prompt)[span.start : span.end]
            for span in prompt.spans
            if span.style == CONTEXT_MATCH
        ]
        for prompt in prompts
        if not isinstance(prompt, str) and any(s.style == CONTEXT_MATCH for s in prompt.spans)
    }
    assert marked["Callout  ×2"] == ["首页", "Home"]
    assert "需要启用首页核心插件，再读Home" in next(str(p) for p in prompts if "Callout" in str(p))
    assert marked["2024-05-01  ×3"] == ["首页", "HOME"]  # the third is past the cut
    assert marked["Old meeting"] == ["Start page"]  # an unlinked mention: the name


@run_async
async def test_palette_opens_a_note_by_its_alias(tmp_path: Path) -> None:
    app = make_app(tmp_path, _vault(tmp_path))
    async with started(app, (160, 50)) as pilot:
        screen = main_screen(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"Books to read")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.note is not None and screen.note.path == "Reading list.md"
