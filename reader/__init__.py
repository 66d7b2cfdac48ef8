"""reader: a terminal reader for a folder of Markdown notes with YAML frontmatter."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("reader")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0"
