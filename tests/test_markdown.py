"""The Markdown parser's own tokens and the scan built on them: wiki links, embeds, tags,
highlights, comments, block ids, callouts, and where each is not (code, headings, URLs)."""

from __future__ import annotations

import pytest

from reader.markdown.parser import parse
from reader.markdown.scan import LinkRef, plain_inline, scan, wikilinks_in


def _children(text: str) -> list:
    return next(t for t in parse(text) if t.type == "inline").children


def _types(text: str) -> list[str]:
    return [c.type for c in _children(text)]


@pytest.mark.parametrize(
    ("source", "target", "anchor", "label", "embed", "shown"),
    [
        ("[[Note]]", "Note", None, None, False, "Note"),
        ("[[Note|the label]]", "Note", None, "the label", False, "the label"),
        ("[[Note#Heading]]", "Note", "Heading", None, False, "Note › Heading"),
        ("[[#Heading]]", "", "Heading", None, False, "Heading"),
        ("[[Note#^block-1]]", "Note", "^block-1", None, False, "Note › block-1"),
        ("![[Note]]", "Note", None, None, True, "Note"),
        ("![[Note#Part]]", "Note", "Part", None, True, "Note › Part"),
        ("![[image.png]]", "image.png", None, None, True, "image.png"),
        ("[[dir/中文 笔记|标签]]", "dir/中文 笔记", None, "标签", False, "标签"),
    ],
)
def test_wiki_link_forms(source, target, anchor, label, embed, shown) -> None:  # type: ignore[no-untyped-def]
    (token,) = [c for c in _children(f"see {source} here") if c.type == "wikilink"]
    assert (token.meta["target"], token.meta["anchor"], token.meta["label"]) == (
        target,
        anchor,
        label,
    )
    assert token.meta["embed"] is embed
    assert token.content == shown


def test_wiki_link_in_a_table_cell_uses_an_escaped_bar() -> None:
    tokens = parse("| a | b |\n|---|---|\n| [[Note\\|label]] | x |\n")
    links = [c for t in tokens if t.type == "inline" for c in t.children if c.type == "wikilink"]
    assert [(link.meta["target"], link.meta["label"]) for link in links] == [("Note", "label")]


@pytest.mark.parametrize(
    "row",
    ["| 在[[版本历史|同步版本历史]]中 | x |", "| 在[[版本历史\\|同步版本历史]]中 | x |"],
)
def test_a_wiki_link_with_a_bare_bar_in_a_table_row_is_one_link(row: str) -> None:
    """A `[[…|…]]` whose brackets close within its row is one link in one cell, escaped or
    not; the scan (and so the link model) sees the same link."""
    body = f"| a | b |\n|---|---|\n{row}\n"
    cells = [t.children for t in parse(body) if t.type == "inline"][2:]
    assert [[c.type for c in cell] for cell in cells] == [["text", "wikilink", "text"], ["text"]]
    assert cells[0][1].meta["target"] == "版本历史" and cells[0][1].meta["label"] == "同步版本历史"
    assert [(link.target, link.label, link.line) for link in scan(body).links] == [
        ("版本历史", "同步版本历史", 2)
    ]


def test_bars_outside_wiki_links_still_split_a_row() -> None:
    source = "| a | b | c |\n|---|---|---|\n| [[x]] | [[y|z]] | `[[c|d]]` |\n| [[a | b |\n"
    cells = [t.content for t in parse(source) if t.type == "inline"][3:]
    assert cells[:3] == ["[[x]]", "[[y|z]]", "`[[c|d]]`"]
    assert cells[3:] == ["[[a", "b", ""]  # a link that never closes: two cells, as before


def test_reversed_labels_read_label_first() -> None:
    (link,) = scan("[[the label|dendron.note]]", reversed_labels=True).links
    assert (link.target, link.label) == ("dendron.note", "the label")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a [[x](https://e.com) b", ["text", "link_open", "text", "link_close", "text"]),
        ("![[公式]](formula.png)", ["image"]),
        ("`[[code]]`", ["code_inline"]),
        ("[[unclosed", ["text"]),
        ("[[two\nlines]]", ["text", "softbreak", "text"]),
    ],
)
def test_what_is_not_a_wiki_link(source: str, expected: list[str]) -> None:
    assert _types(source) == expected


def test_links_in_code_blocks_do_not_count() -> None:
    body = "```\n[[fenced]] #tag [x](a.md)\n```\n\n    [[indented]]\n\nreal [[one]]\n"
    assert [link.target for link in scan(body).links] == ["one"]
    assert scan(body).tags == ()


def test_highlight_holds_inline_markdown() -> None:
    assert _types("a ==very **bold**== b")[1:4] == ["mark_open", "text", "strong_open"]
    assert "mark_open" not in _types("a == b == c")
    assert "mark_open" not in _types("`==code==`")


def test_comments_are_tokens_and_unclosed_ones_stay_text() -> None:
    assert [c.content for c in _children("a %%hidden%% b") if c.type == "comment"] == ["hidden"]
    assert "comment" not in _types("100%% sure")
    (block,) = [t for t in parse("%%\nsecret\n\nmore\n%%\n\nshown\n") if t.type == "comment_block"]
    assert "secret" in block.content and "more" in block.content
    assert [
        t.content for t in parse("%%\nsecret\n\nmore\n%%\n\nshown\n") if t.type == "inline"
    ] == ["shown"]


def test_block_ids_end_a_block() -> None:
    assert scan("A paragraph. ^para-1\n\n- item ^item2\n").block_ids == (
        ("para-1", 0),
        ("item2", 2),
    )
    assert scan("x^2 is not one").block_ids == ()


@pytest.mark.parametrize(
    ("source", "tags"),
    [
        ("#tag and #nested/tag and #中文标签", ("tag", "nested/tag", "中文标签")),
        ("#123 is a number, #2024年 is a tag", ("2024年",)),
        ("a#b and https://e.com/#frag and (#not)", ()),
        ("#tag, #tag again", ("tag",)),
        ("# Heading #intitle\n\nbody #inbody", ("inbody",)),
        ("`#code` and #real", ("real",)),
    ],
)
def test_inline_tags(source: str, tags: tuple[str, ...]) -> None:
    assert scan(source).tags == tags


def test_callouts_carry_type_fold_and_title() -> None:
    tokens = parse("> [!Tip]- Fold me\n> inside\n\n> [!note]\n> plain\n\n> quote\n")
    quotes = [t for t in tokens if t.type == "blockquote_open"]
    assert [(q.meta.get("callout"), q.meta.get("fold"), q.meta.get("title")) for q in quotes] == [
        ("tip", "-", "Fold me"),
        ("note", "", "Note"),
        (None, None, None),
    ]
    assert [t.content for t in tokens if t.type == "inline"] == ["inside", "plain", "quote"]


def test_a_callout_of_one_line_leaves_no_empty_paragraph() -> None:
    tokens = parse("> [!warning] Only a title\n")
    assert [t.type for t in tokens] == ["blockquote_open", "blockquote_close"]


def test_tasks_math_and_footnotes_come_from_plugins() -> None:
    tokens = parse(
        "- [ ] todo\n- [x] done\n\n$$\\int_0^1 x\\,dx$$ and $a_1$ [^n]\n\n[^n]: The note.\n"
    )
    assert [t.meta.get("checked") for t in tokens if t.type == "list_item_open"] == [False, True]
    inline = [t for t in tokens if t.type == "inline"][2]
    assert [(c.type, c.content) for c in inline.children if c.type.startswith("math")] == [
        ("math_inline_double", "\\int_0^1 x\\,dx"),
        ("math_inline", "a_1"),
    ]
    assert any(t.type == "footnote_block_open" for t in tokens)


def test_prices_are_not_math() -> None:
    assert "math_inline" not in _types("costs $5 and $10 today")


def test_markdown_links_into_the_vault() -> None:
    body = (
        "[a](other.md) [b](<with spaces.md>) [c](dir/%E7%AC%94%E8%AE%B0.md#Part)\n"
        "[w](https://e.com) [m](mailto:x@y) [s](#Top)"
    )
    assert scan(body).links == (
        LinkRef("other.md", None, "a", False, True, 0),
        LinkRef("with spaces.md", None, "b", False, True, 0),
        LinkRef("dir/笔记.md", "Part", "c", False, True, 0),
        LinkRef("", "Top", "s", False, True, 1),
    )


def test_lines_count_within_multi_line_blocks() -> None:
    body = "first\n\nline two [[a]]\nline three [x](b.md)\n> quoted\n> again [[c]]\n"
    assert [(link.target, link.line) for link in scan(body).links] == [
        ("a", 2),
        ("b.md", 3),
        ("c", 5),
    ]


def test_headings_are_plain_text() -> None:
    headings = scan("# [706. 设计哈希映射](https://e.com)\n\n## A *b* `c` [[d|e]]\n").headings
    assert [(h.level, h.text, h.line) for h in headings] == [
        (1, "706. 设计哈希映射", 0),
        (2, "A b c e", 2),
    ]


def test_wikilinks_in_a_frontmatter_value() -> None:
    assert [(link.target, link.embed) for link in wikilinks_in("[[A]], ![[B#x]]")] == [
        ("A", False),
        ("B", True),
    ]


def test_plain_inline_strips_markup() -> None:
    assert plain_inline("**Bold** [link](u) ==mark== %%c%% $x$") == "Bold link mark x"
