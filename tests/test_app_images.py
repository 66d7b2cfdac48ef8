"""Pilot tests: a local image is drawn in the note pane as half-cell blocks (what a terminal
without a graphics protocol shows); a missing one and a web address keep their placeholder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from textual.pilot import Pilot

from reader.tui.widgets.image_block import ImageBlock, image_widgets
from reader.tui.widgets.note_view import NoteView
from tests.app_helpers import main_screen, make_app, run_async, settle
from tests.vaults import write_notes

NOTE = (
    "# Pictures\n\nA red square:\n\n![red square](pics/red.png)\n\n"
    "Missing: ![gone](nowhere.png)\n\nFrom the web: ![logo](https://example.com/logo.png)\n"
)


@pytest.fixture(autouse=True)
def blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Draw as a terminal without a graphics protocol does (TERM=xterm-256color in tmux)."""
    monkeypatch.delenv("READER_IMAGES", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("TMUX", "/tmp/tmux-test,1,0")


def _pictures_vault(tmp_path: Path) -> Path:
    """A vault of `NOTE` and its one local picture, a red 40 × 20 PNG."""
    root = write_notes(tmp_path / "vault", {"pictures.md": NOTE})
    (root / "pics").mkdir()
    Image.new("RGB", (40, 20), (220, 20, 20)).save(root / "pics" / "red.png")
    return root


async def _drawn(pilot: Pilot[None], blocks: list[ImageBlock]) -> None:
    """Wait until every image block is drawn or has given up."""
    for _ in range(200):
        if all(b.picture is not None or b.failed for b in blocks):
            return
        await pilot.pause(0.02)
    raise AssertionError("images never finished loading")


@run_async
async def test_a_local_image_is_drawn_as_blocks_and_a_missing_one_stays_text(
    tmp_path: Path,
) -> None:
    root = _pictures_vault(tmp_path)
    app = make_app(tmp_path, root)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        assert screen.note is not None and screen.note.path == "pictures.md"
        view = screen.query_one(NoteView)
        blocks = list(view.query(ImageBlock))
        assert [b.src for b in blocks] == ["pics/red.png", "nowhere.png"]  # none for the web
        await _drawn(pilot, blocks)
        await pilot.pause()
        red, missing = blocks
        assert red.picture is not None and red.display and not red.failed
        drawn = red.children[0]
        line = drawn.render_line(0)
        assert set(line.text) == {"▀"}
        colours = {s.style.color.triplet for s in line if s.style and s.style.color}
        assert colours == {(220, 20, 20)}
        assert missing.failed == "no such file" and not missing.display and not missing.children
        text = " ".join(str(s.content) for s in view.query("MarkdownParagraph"))
        assert "[image: gone]" in text and "[image: logo]" in text and "[image: red square]" in text
    assert sorted(p.name for p in root.rglob("*")) == ["pics", "pictures.md", "red.png"]


@pytest.mark.parametrize(("protocol", "widget"), [("kitty", "TGPImage"), ("sixel", "SixelImage")])
@run_async
async def test_graphics_terminals_get_textual_image_widgets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, protocol: str, widget: str
) -> None:
    monkeypatch.setenv("READER_IMAGES", protocol)
    root = _pictures_vault(tmp_path)
    app = make_app(tmp_path, root)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        blocks = list(main_screen(pilot).query(ImageBlock))
        await _drawn(pilot, blocks)
        await pilot.pause()
        red = blocks[0]
        assert red.picture is not None
        assert isinstance(red.children[0], getattr(image_widgets(), widget))
        assert red.picture.image.size == (red.picture.columns * 10, red.picture.rows * 20)


@run_async
async def test_a_wide_picture_follows_the_pane_width(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "vault", {"wide.md": "# Wide\n\n![wide](wide.png)\n"})
    Image.new("RGB", (3000, 300), (20, 120, 220)).save(root / "wide.png")
    app = make_app(tmp_path, root)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = main_screen(pilot)
        block = screen.query_one(ImageBlock)
        await _drawn(pilot, [block])
        assert block.picture is not None
        narrow = block.picture.columns
        assert narrow <= screen.query_one(NoteView).size.width
        screen.query_one(NoteView).body.focus()
        await pilot.press("b")  # hide the sidebar: the note pane grows
        for _ in range(100):
            await pilot.pause(0.02)
            if block.picture.columns > narrow:
                break
        assert block.picture.columns > narrow
        assert len(block.children) == 1
