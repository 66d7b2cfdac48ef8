"""Following links: web pages on request, notes inside the vault, nothing else."""

from __future__ import annotations

import pytest

from reader.notes.links import LinkTarget, resolve_link

KNOWN = frozenset({"a.md", "people/b.md", "people/c d.md", "top.md"})


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://ai.meta.com/blog/", LinkTarget("web", "https://ai.meta.com/blog/")),
        ("mailto:x@example.com", LinkTarget("web", "mailto:x@example.com")),
        ("b.md", LinkTarget("note", "people/b.md")),
        ("b", LinkTarget("note", "people/b.md")),
        ("c%20d.md", LinkTarget("note", "people/c d.md")),
        ("../top.md", LinkTarget("note", "top.md")),
        ("./b.md#heading", LinkTarget("note", "people/b.md")),
        ("#heading", LinkTarget("anchor", "heading")),
    ],
)
def test_allowed_links(href: str, expected: LinkTarget) -> None:
    assert resolve_link(href, "people/x.md", KNOWN) == expected


@pytest.mark.parametrize(
    "href",
    [
        "file:///etc/passwd",
        "/etc/shadow",
        "../../outside.md",
        "../../../etc/passwd",
        "javascript:alert(1)",
        "missing.md",
        "ftp://example.com/x",
    ],
)
def test_refused_links(href: str) -> None:
    assert resolve_link(href, "people/x.md", KNOWN).kind == "refused"
