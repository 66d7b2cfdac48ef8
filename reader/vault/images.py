"""Which file an image in a note names, as Obsidian finds it, and which images are missing.

An image is written `![alt](path)`, `![[file.png]]` or `<img src="path">`. Web addresses
(any scheme, `//host/…`) are never fetched: they have no file. A local one is looked for,
in order: relative to the note's folder (`/path` from the vault's root), relative to the
vault, in the vault's attachment folder (Obsidian's `attachmentFolderPath` in
`.obsidian/app.json`: `./` the note's folder, `./sub` below it, else from the root), then
anywhere in the vault by file name (case-insensitive), the nearest to the note winning
(`reader.vault.resolve.nearest`). A file outside the vault, or not a regular file, is not
an image. Part of the core: never imports Textual.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from reader.markdown.wiki import IMAGE_SUFFIXES, attachment_kind, suffix_of
from reader.vault.links import Link
from reader.vault.resolve import nearest

if TYPE_CHECKING:
    from reader.vault.vault import Vault

#: A source with a scheme (`https:`, `data:`…) or a host (`//cdn/…`) is not a local file.
_REMOTE = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")
#: An HTML image in a note's text.
_HTML_IMAGE = re.compile(r"<img\b", re.IGNORECASE)
#: Files by name are listed again on a miss at most this often (seconds).
RELIST_AFTER = 10.0


def is_remote(src: str) -> bool:
    """Whether an image source is a web address (or any non-file address)."""
    return bool(_REMOTE.match(src.strip()))


class ImageLocator:
    """Finds the file of an image named in a note of the vault at `root`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()
        self._by_name: dict[str, list[str]] | None = None
        self._listed = 0.0
        self._attachments: str | None = _attachment_folder(root)

    def find(self, note: str, src: str) -> Path | None:
        """The image file `src` names in the note at vault path `note`; None when it is a
        web address or no such file is in the vault."""
        src = unquote(src.strip().split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
        if not src or is_remote(src):
            return None
        folder = posixpath.dirname(note)
        name = posixpath.basename(src)
        tries = [src.lstrip("/")] if src.startswith("/") else [posixpath.join(folder, src), src]
        if self._attachments is not None:
            base = self._attachments
            if base.startswith("./") or base == ".":
                base = posixpath.join(folder, base[2:])
            tries.append(posixpath.join(base, name))
        for candidate in tries:
            found = self._file(candidate)
            if found is not None:
                return found
        return self._by_file_name(note, name)

    def _file(self, relative: str) -> Path | None:
        """The regular file at a vault-relative path, if it stays inside the vault."""
        normal = posixpath.normpath(relative)
        if normal.startswith("../") or normal in ("..", ".") or posixpath.isabs(normal):
            return None
        path = self.root / normal
        return path if path.is_file() else None

    def _by_file_name(self, note: str, name: str) -> Path | None:
        key = name.casefold()
        with self._lock:
            stale = time.monotonic() - self._listed > RELIST_AFTER
            if self._by_name is None or (key not in self._by_name and stale):
                self._by_name = _images_by_name(self.root)
                self._listed = time.monotonic()
            candidates = self._by_name.get(key)
        return self.root / nearest(note, candidates) if candidates else None


def _attachment_folder(root: Path) -> str | None:
    """Obsidian's attachment folder setting, if the vault has one (None: not set, or `/`,
    which is the vault's root and tried anyway)."""
    try:
        settings = json.loads((root / ".obsidian" / "app.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    folder = settings.get("attachmentFolderPath") if isinstance(settings, dict) else None
    if not isinstance(folder, str) or folder.strip() in ("", "/"):
        return None
    return folder.strip().rstrip("/") or None


def _images_by_name(root: Path) -> dict[str, list[str]]:
    """Every image file in the vault by folded file name (hidden folders left out)."""
    found: dict[str, list[str]] = defaultdict(list)
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in files:
            if suffix_of(name) in IMAGE_SUFFIXES:
                found[name.casefold()].append(name if rel == "." else f"{rel}/{name}")
    return dict(found)


def image_problems(vault: Vault) -> list[tuple[Link, str]]:
    """The images notes show whose file is missing or cannot be read as an image, each
    with why (web addresses are not checked: they are never fetched). Images are read off
    the link model (`![alt](path)`, `![[file.png]]`); a note whose text holds `<img` is
    rendered to find its HTML images too."""
    found = []
    for link in _images(vault):
        target = link.ref.target
        path = vault.images.find(link.source, target)
        if path is None:
            found.append((link, f"no image “{target}”"))
            continue
        broken = unreadable(path)
        if broken:
            found.append((link, f"image “{target}” cannot be read: {broken}"))
    return found


def _images(vault: Vault) -> list[Link]:
    """Every local image of every note, as a link (by source, in order)."""
    from reader.markdown.scan import LinkRef  # the parser: for `check`, not at start-up

    with_html: dict[str, list[Link]] = {}
    for record in vault.records():
        body = vault.body(record)
        if body is not None and _HTML_IMAGE.search(body):
            with_html[record.path] = [
                Link(record.path, LinkRef(src, None, alt or None, True, True, line), None)
                for src, alt, line in shown_images(body)
            ]
    found = []
    for link in vault.links.embeds():
        if link.source in with_html or is_remote(link.ref.target):
            continue
        if link.ref.markdown or attachment_kind(link.ref.target) == "image":
            found.append(link)
    found += [link for links in with_html.values() for link in links]
    return sorted(found, key=lambda link: (link.source, link.ref.line))


def shown_images(body: str) -> list[tuple[str, str, int]]:
    """(src, alt, 0-based line) of every local image a body shows, in any syntax, as the
    renderer finds them (so none in code); the line is where its `src` is written next."""
    from reader.markdown.normalise import note_tokens

    found = []
    start = 0
    for token in note_tokens(body):
        for child in token.children or []:
            image = (child.meta or {}).get("image")
            if image and image["src"].strip() and not is_remote(image["src"]):
                at = body.find(image["src"], start)
                start = at + 1 if at >= 0 else start
                line = body.count("\n", 0, at) if at >= 0 else (token.map or (0,))[0]
                found.append((image["src"], image["alt"], line))
    return found


def unreadable(path: Path) -> str:
    """Why an image file cannot be drawn ("" when it can; SVG is never checked)."""
    if suffix_of(path.name) == "svg":
        return ""
    from PIL import Image  # an image library only when there are images to check

    try:
        with Image.open(path) as image:
            image.verify()
    except Exception as exc:  # Pillow raises many kinds for a bad file
        return (str(exc) or type(exc).__name__).replace(str(path), path.name)
    return ""
