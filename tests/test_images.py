"""Images: which file a note's image names (as Obsidian finds it), how the terminal draws
pictures, how they are scaled, the image blocks the TUI adds, and `reader check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from reader.cli import main
from reader.markdown.normalise import note_tokens
from reader.tui.pictures import PictureError, fit, image_protocol, load_picture
from reader.tui.widgets.image_block import IMAGE_TOKEN, image_blocks
from reader.vault.images import ImageLocator, is_remote
from tests.vaults import write_notes


def png(
    path: Path, size: tuple[int, int] = (8, 4), colour: tuple[int, ...] = (200, 30, 30)
) -> Path:
    """A tiny PNG made for the test."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "RGBA" if len(colour) == 4 else "RGB"
    Image.new(mode, size, colour).save(path)
    return path


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    png(root / "notes" / "beside.png")
    png(root / "top.png")
    png(root / "files" / "attached.png")
    png(root / "deep" / "a" / "named.png")
    png(root / "notes" / "sub" / "named.png")
    png(tmp_path / "outside.png")
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "app.json").write_text('{"attachmentFolderPath": "files"}')
    return write_notes(root, {"notes/note.md": "# Note\n"})


def test_images_are_found_as_obsidian_finds_them(vault: Path) -> None:
    find = ImageLocator(vault).find
    assert find("notes/note.md", "beside.png") == vault / "notes" / "beside.png"
    assert find("notes/note.md", "../top.png") == vault / "top.png"
    assert find("notes/note.md", "/top.png") == vault / "top.png"
    assert find("notes/note.md", "top.png") == vault / "top.png"  # from the vault's root
    assert find("notes/note.md", "attached.png") == vault / "files" / "attached.png"
    assert find("notes/note.md", "some/where/NAMED.png") == vault / "notes/sub/named.png"
    assert find("notes/note.md", "be%73ide.png?raw=1") == vault / "notes" / "beside.png"


def test_web_addresses_and_files_outside_the_vault_are_never_read(vault: Path) -> None:
    find = ImageLocator(vault).find
    assert find("notes/note.md", "https://example.com/beside.png") is None
    assert find("notes/note.md", "//cdn.example.com/beside.png") is None
    assert find("notes/note.md", "../../outside.png") is None
    assert find("notes/note.md", "nowhere.png") is None
    assert is_remote("data:image/png;base64,AAAA") and not is_remote("a/b.png")


def test_the_attachment_folder_may_be_beside_the_note(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    png(root / "notes" / "img" / "x.png")
    png(root / "elsewhere" / "x.png")
    (root / ".obsidian").mkdir(parents=True)
    (root / ".obsidian" / "app.json").write_text('{"attachmentFolderPath": "./img"}')
    assert ImageLocator(root).find("notes/n.md", "x.png") == root / "notes" / "img" / "x.png"


def test_how_the_terminal_draws_pictures() -> None:
    assert image_protocol({"TERM": "xterm-256color", "TMUX": "/tmp/tmux-0/default,1,0"}) == (
        "blocks"
    )
    assert image_protocol({"TERM": "xterm-kitty"}) == "kitty"
    assert image_protocol({"TERM": "xterm-kitty", "TMUX": "x"}) == "blocks"
    assert image_protocol({"TERM": "foot"}) == "sixel"
    assert image_protocol({"TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"}) == "sixel"
    assert image_protocol({"TERM": "xterm-256color"}) == "blocks"
    assert image_protocol({"READER_IMAGES": "off", "TERM": "xterm-kitty"}) is None
    assert image_protocol({"READER_IMAGES": "sixel", "TMUX": "x"}) == "sixel"


def test_pictures_keep_their_proportions_within_the_pane() -> None:
    cell = (10, 20)
    assert fit((100, 40), 80, 30, cell) == (10, 2)  # natural size: a pixel for a pixel
    assert fit((1600, 800), 80, 30, cell) == (80, 20)  # no wider than the pane
    assert fit((400, 4000), 80, 30, cell) == (6, 30)  # no taller than the limit
    assert fit((1, 1), 80, 30, cell) == (1, 1)


def test_a_picture_is_scaled_for_blocks_and_cached(tmp_path: Path) -> None:
    path = png(tmp_path / "wide.png", (400, 100), (10, 20, 30, 0))  # transparent
    first = load_picture(path, 20, 10, "blocks", (255, 255, 255))
    assert (first.columns, first.rows) == (20, 2)
    assert first.image.size == (20, 4)  # two pixels down per cell
    assert first.image.getpixel((0, 0)) == (255, 255, 255)  # on the pane's background
    assert load_picture(path, 20, 10, "blocks", (255, 255, 255)) is first
    assert load_picture(path, 20, 10, "kitty", (255, 255, 255)).image.size == (200, 40)


def test_a_broken_file_cannot_be_drawn(tmp_path: Path) -> None:
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture")
    with pytest.raises(PictureError):
        load_picture(broken, 20, 10, "blocks")
    with pytest.raises(PictureError):
        load_picture(tmp_path / "missing.png", 20, 10, "blocks")


def test_image_blocks_follow_the_blocks_that_name_local_images() -> None:
    text = (
        "Intro ![a](a.png) and ![web](https://x.org/w.png).\n\n"
        "![[b.png|200]]\n\n"
        "| h |\n|---|\n| ![c](c.png) |\n\n"
        '<img src="d.png" alt="d">\n'
    )
    tokens = image_blocks(note_tokens(text))
    kinds = [t.type for t in tokens]
    images = [t for t in tokens if t.type == IMAGE_TOKEN]
    assert [t.meta["src"] for t in images] == ["a.png", "b.png", "c.png", "d.png"]
    assert kinds[kinds.index(IMAGE_TOKEN) - 1] == "paragraph_close"
    table_image = kinds.index(IMAGE_TOKEN, kinds.index("table_close") - 1)
    assert kinds[table_image - 1] == "table_close"  # after the table, not inside a cell


def test_check_lists_missing_and_broken_images(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_notes(
        tmp_path / "vault",
        {
            "note.md": "# Note\n\n![ok](ok.png)\n\n![gone](gone.png) ![[bad.png]]\n\n"
            "![web](https://example.com/x.png)\n",
            "html.md": '<p><img src="html-gone.png"></p>\n\n```\n<img src="in-code.png">\n```\n',
        },
    )
    png(root / "ok.png")
    (root / "bad.png").write_bytes(b"not a picture")
    index = ["--index-dir", str(tmp_path / "ix")]
    assert main(["check", str(root), "--json", *index]) == 0  # warnings only
    rows = json.loads(capsys.readouterr().out)
    assert [row["path"] for row in rows] == ["html.md", "note.md"]
    assert rows[0]["warnings"] == ["no image “html-gone.png” (line 1)"]  # not the one in code
    warnings = rows[1]["warnings"]
    assert len(warnings) == 2
    assert warnings[0] == "no image “gone.png” (line 5)"
    assert warnings[1].startswith("image “bad.png” cannot be read") and "line 5" in warnings[1]
    assert main(["check", str(root), "--strict", *index]) == 1


def test_an_obsidian_size_is_not_a_caption() -> None:
    tokens = note_tokens("![[pics/e.png|300]] ![[f.png|120x80]] ![[g.png|A caption]]")
    shown = [c for t in tokens for c in t.children or [] if (c.meta or {}).get("image")]
    assert [c.content for c in shown] == ["[image: e.png]", "[image: f.png]", "[image: A caption]"]
    assert [c.meta["image"]["alt"] for c in shown] == ["", "", "A caption"]
