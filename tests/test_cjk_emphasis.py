"""CJK-friendly emphasis: the amendment's own cases as golden files, the cases our notes
hold, `~~` and `==` by the same rule, and CommonMark's examples unchanged.

`tests/fixtures/cjk_friendly/*.md` are the test cases of the CommonMark CJK-friendly
amendment (github.com/tats-u/markdown-cjk-friendly, `testcases/`, MIT licence) and each
`.html` beside one is the HTML that project's markdown-it plugin gives for it (its test
snapshots; strikethrough from its micromark extension, `<del>` where markdown-it writes
`<s>`). `tests/fixtures/commonmark.json` is the CommonMark 0.31.2 specification's examples
(spec.commonmark.org, CC BY-SA 4.0), as that project keeps them in `testcases/`.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline

from reader.markdown.cjk_emphasis import cjk_flanking, is_cjk
from reader.markdown.parser import markdown_parser
from reader.markdown.scan import plain_inline

FIXTURES = Path(__file__).parent / "fixtures"
CASES = sorted(p.stem for p in (FIXTURES / "cjk_friendly").glob("*.md"))
SPEC = json.loads((FIXTURES / "commonmark.json").read_text(encoding="utf-8"))


def _case(name: str) -> tuple[str, str]:
    """One of the amendment's cases: its Markdown and the HTML expected of it."""
    folder = FIXTURES / "cjk_friendly"
    source = (folder / f"{name}.md").read_text(encoding="utf-8")
    return source, (folder / f"{name}.html").read_text(encoding="utf-8")


def _html(markdown: str, md: MarkdownIt | None = None) -> str:
    html = (md or markdown_parser()).render(markdown)
    return html.replace("<s>", "<del>").replace("</s>", "</del>")


def _commonmark_flanking() -> MarkdownIt:
    """Our parser as it was without the amendment: the same rules, markdown-it's own
    inline parser (and so its own delimiter scan)."""
    md = copy.copy(markdown_parser())
    inline = ParserInline()
    inline.ruler, inline.ruler2 = md.inline.ruler, md.inline.ruler2
    md.inline = inline
    return md


@pytest.mark.parametrize("case", CASES)
def test_the_amendments_cases(case: str) -> None:
    source, expected = _case(case)
    assert _html(source).splitlines() == expected.splitlines()


def test_the_amendments_cases_fail_without_it() -> None:
    """The golden files test something: CommonMark's rule alone leaves most of them open."""
    md = _commonmark_flanking()
    source, expected = _case("strong")
    pairs = zip(_html(source, md).splitlines(), expected.splitlines(), strict=True)
    differing = sum(got != want for got, want in pairs)
    assert differing > 50


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("**导读：**Kubernetes", "<strong>导读：</strong>Kubernetes"),
        ("在**设置 → 编辑器**中", "在<strong>设置 → 编辑器</strong>中"),
        ("**“旁路”(Aside)**，是因为", "<strong>“旁路”(Aside)</strong>，是因为"),
        ("**1、学会自我暗示，**每次", "<strong>1、学会自我暗示，</strong>每次"),
        ("这是*斜体：*后文", "这是<em>斜体：</em>后文"),
        ("__注意__：后文", "<strong>注意</strong>：后文"),
        ("~~删除：~~后文", "<s>删除：</s>后文"),
        ("==重点：==后文", "<mark>重点：</mark>后文"),
        ("前文==「引用」==后文", "前文<mark>「引用」</mark>后文"),
        ("~~「a」~~后文", "<s>「a」</s>后文"),
    ],
)
def test_delimiters_beside_full_width_punctuation(source: str, shown: str) -> None:
    assert markdown_parser().renderInline(source) == shown


@pytest.mark.parametrize(
    "source",
    [
        "a**b(**c",
        "a ==b== c",
        "a~~(b)~~c",
        "2**3**4",
        "**«a»**b",
        "snake_case_名字_x",
        "文_（a）_b",
    ],
)
def test_latin_neighbours_keep_commonmark(source: str) -> None:
    """Where CommonMark decides (no CJK neighbour, or `_` inside a word) nothing changes."""
    assert markdown_parser().renderInline(source) == _commonmark_flanking().renderInline(source)


def test_a_highlight_runs_like_a_strikethrough() -> None:
    """`==` is a delimiter run with `~~`'s flanking, so the same text pairs the same way."""
    md = markdown_parser()
    for source in ("a==(b)==c", "x==y==z", "a == b == c", "==a *b== c*", "那==（是）==吗"):
        marked = md.renderInline(source).replace("mark>", "s>").replace("==", "~~")
        assert marked == md.renderInline(source.replace("==", "~~")), source


def test_a_highlight_keeps_code_and_addresses_whole() -> None:
    md = markdown_parser()
    assert md.renderInline("==see `a==b`==") == "<mark>see <code>a==b</code></mark>"
    assert md.renderInline("[==a==](x==y)") == '<a href="x==y"><mark>a</mark></a>'
    assert md.renderInline("====Tips====") == "<mark><mark>Tips</mark></mark>"
    assert md.renderInline("a === b") == "a === b"


def test_titles_and_plain_text_agree_with_the_renderer() -> None:
    assert plain_inline("**导读：**Kubernetes") == "导读：Kubernetes"


@pytest.mark.parametrize(
    ("char", "cjk"),
    [
        ("字", True),
        ("，", True),
        ("「", True),
        ("가", True),
        ("ᄀ", True),  # a Hangul jamo (East Asian Width N, Hangul script)
        ("〰", True),  # pseudo-emoji: CJK symbols the amendment's tips single out
        ("〽", True),
        ("🈂", True),
        ("㊗", True),
        ("𠮟", True),
        ("a", False),
        ("“", False),  # ambiguous width: CJK only as `“︁` (with U+FE01)
        ("😀", False),  # an emoji by default
        ("\ufe00", False),
    ],
)
def test_cjk_characters(char: str, cjk: bool) -> None:
    assert is_cjk(char) is cjk


@pytest.mark.parametrize(
    ("before", "after", "star", "underscore"),
    [
        # (text before the run, text after it, (open, close) for `**`, for `__`)
        ("a", "a", (True, True), (False, False)),
        (" ", "字", (True, False), (True, False)),
        ("字", " ", (False, True), (False, True)),
        ("。", "a", (True, True), (True, False)),  # CJK punctuation, then a letter
        ("a", "（", (True, True), (False, True)),
        ("(", "字", (True, True), (True, False)),
        ("。\ufe00", "a", (True, True), (True, False)),  # punctuation read past a selector
        ("“\ufe01", "a", (True, True), (True, False)),  # full-width form of a quotation mark
        ("葛\U000e0100", "(", (True, True), (False, True)),  # an ideographic selector
    ],
)
def test_flanking(
    before: str, after: str, star: tuple[bool, bool], underscore: tuple[bool, bool]
) -> None:
    src = before + "**"
    assert cjk_flanking(src, len(before), after, True) == star
    assert cjk_flanking(src, len(before), after, False) == underscore


def test_commonmark_emphasis_examples_pass() -> None:
    """Every example of the spec's emphasis section renders as the spec says."""
    md = markdown_parser()
    examples = [e for e in SPEC if e["section"] == "Emphasis and strong emphasis"]
    assert len(examples) == 132
    failing = [e["example"] for e in examples if md.render(e["markdown"]) != e["html"]]
    assert failing == []


def test_every_commonmark_example_renders_as_without_the_amendment() -> None:
    """The whole spec (a few examples differ from the spec for our Obsidian syntax, `#tag`
    and `[[…]]`, as they did before): the amendment changes none of them."""
    ours, before = markdown_parser(), _commonmark_flanking()
    changed = [
        e["example"] for e in SPEC if ours.render(e["markdown"]) != before.render(e["markdown"])
    ]
    assert changed == []
