"""Write the input files of the golden tests (`tests/golden/`) and of the bad vault
(`tests/fixtures/bad_vault/`).

Many of these files are about exact bytes (legacy encodings, byte-order marks, line endings,
invalid UTF-8), which an editor would silently change, so they are defined here as bytes.
Run from the repository root with `python tests/golden/build_inputs.py`, then
`UPDATE_GOLDEN=1 pytest tests/test_notes_golden.py` and review every changed file by eye.
"""

from __future__ import annotations

import codecs
from pathlib import Path

HERE = Path(__file__).resolve().parent
BAD_VAULT = HERE.parent / "fixtures" / "bad_vault"

SIMPLIFIED = (
    "---\ntitle: 简体中文笔记\ndate: 2024-03-05\ntags: [历史, 档案]\n---\n"
    "# 简体中文笔记\n\n这是一个用旧编码保存的笔记。我们今天讨论人工智能的发展。\n"
)
GB18030_ONLY = (
    "---\ntitle: 南汉刘䶮\npeople: [刘䶮]\n---\n这是GB18030编码的笔记，人名刘䶮里的字不在GBK中。\n"
)
TRADITIONAL = (
    "---\ntitle: 繁體中文筆記\npeople: [蔡英文]\n---\n"
    "這是一個用Big5編碼保存的舊筆記。我們今天討論人工智慧的發展。\n"
)
ENGLISH = "---\ntitle: Wide characters\ntags: [windows]\n---\nSaved by an old Windows editor.\n"

# Cases whose bytes matter, shared by the golden tests and the bad vault.
ENCODED: dict[str, bytes] = {
    "gbk.md": SIMPLIFIED.encode("gbk"),
    "gb18030.md": GB18030_ONLY.encode("gb18030"),
    "big5.md": TRADITIONAL.encode("big5"),
    "big5_short.txt": "台灣筆記\n".encode("big5"),
    "utf16le_bom.md": codecs.BOM_UTF16_LE + ENGLISH.encode("utf-16-le"),
    "utf16be_bom.md": codecs.BOM_UTF16_BE + ENGLISH.encode("utf-16-be"),
    "utf16_no_bom.txt": ENGLISH.encode("utf-16-le"),
    "utf32_bom.md": codecs.BOM_UTF32_LE + ENGLISH.encode("utf-32-le"),
    "utf16_chinese.md": codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"),
    "invalid_utf8.md": b"---\ntitle: Broken bytes\n---\nGood text, then \xff\xfe\xc3 bad ones.\n",
    "latin1.md": "---\ntitle: Umlaute\n---\nGröße und café, in Latin-1.\n".encode("latin-1"),
    "bom.md": codecs.BOM_UTF8 + "---\ntitle: 带BOM的笔记\n---\n正文从这里开始。\n".encode(),
    "bom_crlf.md": codecs.BOM_UTF8 + b"---\r\ntitle: BOM and CRLF\r\n---\r\nBody line.\r\n",
    "crlf.md": (
        "---\r\ntitle: Windows 行尾\r\ntags:\r\n  - crlf\r\n  - 行尾\r\n---\r\n"
        "# Heading\r\n\r\nFirst line.\r\nSecond line.\r\n"
    ).encode(),
    "lone_cr.md": b"---\rtitle: Old Mac line endings\rtags: [cr]\r---\rLine one.\rLine two.\r",
    "binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)),
    "empty.md": b"",
    "whitespace_only.md": b"  \n\t\n\n",
}


def write(folder: Path, files: dict[str, bytes]) -> None:
    """Write each file under `folder`, making sub-folders as needed."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main() -> None:
    """Write the byte-exact golden inputs and the bad vault's encoded notes."""
    write(HERE, ENCODED)
    write(BAD_VAULT, ENCODED)


if __name__ == "__main__":
    main()
