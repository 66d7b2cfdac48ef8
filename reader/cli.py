"""Command line entry point (filled in by the CLI work)."""


def main(argv: list[str] | None = None) -> int:
    """Run the reader's command line."""
    return 0
