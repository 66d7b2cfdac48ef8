"""A scan parses only the inline text that can hold what it collects; it finds what a scan
of the whole parse finds (`scan_tokens(parse(body))`, the renderer's tokens)."""

from __future__ import annotations

import pytest

from reader.markdown.parser import parse
from reader.markdown.scan import scan, scan_tokens

BODIES = [
    "plain text, no markers at all\n\nsecond paragraph",
    "see [the docs](https://example.com/a) and [more](HTTP://x.org) and ![p](//cdn/x.png)",
    "a [local](notes/other.md) link after [a web one](https://x.org)",
    "angle brackets: [a](<my note.md>) and [b](<https://x.org>)",
    "a destination on the next line: [a](\n  other.md)",
    "[label]([[Logseq page]]) and [[wiki|shown]] and ![[embed.png]]",
    "a reference [shortcut] and [full][ref] and [collapsed][]\n\n"
    "[shortcut]: a.md\n[ref]: b.md\n[collapsed]: https://x.org",
    "[undefined reference] only, no definitions",
    "mail [me](mailto:a@b.c), a [scheme-like](a:b), an [anchor](#heading)",
    "# Heading with [link](https://x.org) and #tag\n\nbody #tag2 and a block ^block-id",
    "Setext heading\n===\n\n`[[not a link]]` and ```[x](y.md)```",
    "| a | b |\n|---|---|\n| [c](c.md) | [d](https://d.org) |",
    "> [!note] Callout [[Target]]\n> text [e](e.md)",
    "- item [f](f.md)\n  - nested [g](https://g.org)\n\n1. [h](h.md)",
    "<p>html <a href='x.md'>a</a></p>\n\n全角　[空格](　a.md) 和 [链接](b.md)",
    "footnote[^1] text\n\n[^1]: the [note](n.md)",
    "$[math](m.md)$ and %%[[hidden]]%% and ==[[marked]]==",
    'inline html <a href="h.md">h</a>, <A HREF=\'H.md\'>H</A> and <img src="i.png">',
    'html links to the web: <a href="https://x.org">x</a> <b>bold</b>',
    '<div>\n<a href="block.md">in a block</a>\n</div>',
    "# Plain heading\n\n## C++ and Java (语言)\n\nSetext plain\n  ---\n\n### *marked* `code`",
    "Multi-line\nsetext   heading\n===\n\n#   spaced    heading   #",
    "> quoted setext\n> ---\n\n- in a list\n  ===\n\n1. x\n   > y\n   > ---",
    "no markers at all, only - dashes - and = signs =\nsecond line",
    "an image only: <IMG SRC='pic.png'>, upper case",
    "## &amp; entity and \\* escape in a heading\n\n#\n\n##  ",
    "\tindented\n\n    code [x](y.md) #tag\n\n```\n[z](z.md)\n```",
    "C# and F#, 2^12, x ^ y, &#124; and (#no) a#b #123 are text\n\n## C# heading",
    "text ^[an inline note with #tag and ^not-id] and ![#alt ^alt-id](https://x.org/a.png)",
    "[see ^label-id](https://x.org) and **bold #tag** and\n#tag-on-a-new-line\u3000#全角",
    "^starts-with-id\n\nends with an id ^end-id  \n\nnot an id ^-x or ^ x",
    "plain [[a]] and ![[b.png]] and [[c|label]]\nnext line [[d#h]] [[#^id]] [[ spaced ]]",
    "C# and [[x]] in plain text\n\nC# and [[x]] and #tag [[y]]\n\n#start [[z]]",
    "[[x]](not-a-wiki.md) and [[a]]] and [[[b]] and ![[c]](d.png)",
    "[[a]] with `code` and [[a\\|b]] and [[e]] *em* and [[f]]\n\n- [[in a list]]\n> [[quoted]]",
]


@pytest.mark.parametrize("body", BODIES)
@pytest.mark.parametrize("reversed_labels", [False, True])
def test_scan_finds_what_the_whole_parse_holds(body: str, reversed_labels: bool) -> None:
    whole = scan_tokens(parse(body, reversed_labels=reversed_labels))
    assert scan(body, reversed_labels=reversed_labels) == whole


def test_a_body_without_markers_is_not_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing to find, nothing parsed: a body with no `[`, `#`, `^`, link attribute or
    setext underline."""
    import reader.markdown.scan as scan_module

    def no_parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(scan_module, "parse", no_parse)
    body = "plain words\n\n* a list - with dashes\n\n1 + 1 = 2 and ~~struck~~ *em*"
    assert scan(body) == scan_tokens(parse(body)) == scan_module.Scan()


def test_text_without_markers_is_left_unparsed() -> None:
    """The point of it: a paragraph of web links only gets no inline parse."""
    tokens = parse("[a](https://x.org) text", inline_if=lambda tokens, at, env: False)
    assert [t.children for t in tokens if t.type == "inline"] == [[]]
    found = scan("[a](https://x.org) text\n\n[b](b.md)")
    assert [link.target for link in found.links] == ["b.md"]
