"""reader: a terminal reader for a folder of Markdown notes with YAML frontmatter."""

from typing import Any


def __getattr__(name: str) -> Any:
    """`reader.__version__`, read from the installed metadata on first use (importing
    `importlib.metadata` costs ~70 ms, which every command would pay otherwise)."""
    if name != "__version__":
        raise AttributeError(name)
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("reader")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0.0.0"
