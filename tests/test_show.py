"""`reader show`: golden files (Markdown in, `show --plain` out) for every construct the
renderer knows, its errors, and properties of the renderer on random Markdown with HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import main
from reader.markdown.plain import visible_text

GOLDEN = Path(__file__).parent / "golden" / "show"
VAULT = GOLDEN / "vault"
NOTES = sorted(p.stem for p in VAULT.glob("*.md") if p.stem != "Other")


def _show(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str, str]:
    status = main(["show", *args, "--index-dir", str(tmp_path / "index")])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("name", NOTES)
def test_golden(name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, _ = _show(capsys, tmp_path, str(VAULT), f"{name}.md", "--plain", "--width", "70")
    expected = GOLDEN / f"{name}.expected.txt"
    if not expected.exists():  # a new golden file: written for review, and the test fails
        expected.write_text(out, encoding="utf-8")
        pytest.fail(f"{expected.name} was missing: written from this run, check it by eye")
    assert status == 0
    assert out == expected.read_text(encoding="utf-8")


def test_no_raw_markup_in_any_golden_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in NOTES:
        _, out, _ = _show(capsys, tmp_path, str(VAULT), f"{name}.md", "--plain")
        for leak in ("[[", "]]", "](", "<p>", "</", "==", "[!", "$$", "[^", "%%"):
            assert leak not in out.replace("[[x", ""), (name, leak)


@pytest.mark.parametrize("name", ["Other", "The other note", "second name"])
def test_a_link_name_title_or_alias_finds_the_note(
    name: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    main(["index", str(VAULT), "--index-dir", str(tmp_path / "index")])  # titles: the catalog
    capsys.readouterr()
    status, out, _ = _show(capsys, tmp_path, str(VAULT), name, "--plain")
    assert status == 0 and out.startswith("The other note\n2024-04-01 · also: Second name\n")


@pytest.mark.parametrize(
    ("vault", "note", "message"),
    [
        ("missing-vault", "x.md", "no such vault"),
        (str(VAULT), "nope.md", "no such note in the vault: nope.md"),
    ],
)
def test_errors_are_one_line_with_status_2(
    vault: str, note: str, message: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    status, out, err = _show(capsys, tmp_path, vault, note)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_show_needs_no_index(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _show(capsys, tmp_path, str(VAULT), "html.md", "--plain")
    assert not (tmp_path / "index").exists()


def test_a_note_without_a_date_shows_its_modification_day(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "n.md").write_text("# Heading\n\ntext\n", encoding="utf-8")
    import os

    os.utime(vault / "n.md", (1714521600, 1714521600))  # 2024-05-01 UTC
    _, out, _ = _show(capsys, tmp_path, str(vault), "n.md", "--plain")
    assert out.splitlines()[1] == "modified 2024-05-01"


def test_reversed_labels_are_a_vault_setting(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "n.md").write_text("---\ndate: 2024-01-01\n---\n[[The label|dendron.note]]\n")
    _, out, _ = _show(capsys, tmp_path, str(vault), "n.md", "--plain")
    assert out.rstrip().endswith("dendron.note")
    (vault / ".reader.yaml").write_text("wikilinks:\n  reversed_labels: true\n")
    _, out, _ = _show(capsys, tmp_path, str(vault), "n.md", "--plain")
    assert out.rstrip().endswith("The label")


_WORD = st.text(alphabet="abcdefghij中文字", min_size=1, max_size=6)
_TAGS = st.sampled_from(
    [
        "p",
        "div",
        "b",
        "i",
        "code",
        "pre",
        "ul",
        "li",
        "ol",
        "table",
        "tr",
        "td",
        "th",
        "sup",
        "sub",
        "details",
        "summary",
        "span",
        "a",
        "blockquote",
        "h2",
        "em",
        "strong",
        "x-y",
    ]
)


@st.composite
def _html_markdown(draw: st.DrawFn) -> tuple[str, list[str]]:
    """Random Markdown mixing HTML tags (opened and closed at random) with words."""
    parts: list[str] = []
    words: list[str] = []
    for _ in range(draw(st.integers(1, 25))):
        choice = draw(st.integers(0, 5))
        if choice == 0:
            parts.append(f"<{draw(_TAGS)}>")
        elif choice == 1:
            parts.append(f"</{draw(_TAGS)}>")
        elif choice == 2:
            parts.append(draw(st.sampled_from(["\n\n", "\n", "**", "*", "- ", "> ", "==", "[["])))
        else:
            word = draw(_WORD)
            words.append(word)
            parts.append(f" {word} ")
    return "".join(parts), words


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(_html_markdown(), st.integers(10, 120))
def test_random_markdown_with_html_never_raises_nor_loses_letters(
    case: tuple[str, list[str]], width: int
) -> None:
    from reader.markdown.layout import layout, to_plain
    from reader.markdown.normalise import note_tokens

    source, words = case
    shown = re.sub(r"\s+", "", visible_text(source))
    laid_out = to_plain(layout(note_tokens(source), width))
    for word in words:
        assert word in shown, (source, word)
    # the terminal layout prints the same letters as the visible text (list numbers aside)
    assert sorted(c for c in laid_out if c.isalpha()) == sorted(c for c in shown if c.isalpha())


def test_snippets_are_cut_from_the_visible_text(tmp_path: Path) -> None:
    from reader.vault.vault import Vault

    vault_dir = tmp_path / "v"
    vault_dir.mkdir()
    body = (
        "---\ntitle: t\ndate: 2024-01-01\n---\n"
        "The <strong>needle</strong> is in [[Some note|a link]] and "
        "[text](https://example.com/url) with $x^2$ and ==marked== words.\n"
    )
    (vault_dir / "n.md").write_text(body, encoding="utf-8")
    vault = Vault(vault_dir, tmp_path / "ix")
    vault.update()
    (hit,) = vault.search("needle")
    for raw in ("<", "[[", "](", "https", "$", "=="):
        assert raw not in hit.snippet, raw
    assert "a link" in hit.snippet and "x²" in hit.snippet
    assert [hit.snippet[s:e] for s, e in hit.spans] == ["needle"]


def test_a_snippet_does_not_repeat_the_title_the_hit_shows(tmp_path: Path) -> None:
    from reader.vault.vault import Vault

    vault_dir = tmp_path / "v"
    vault_dir.mkdir()
    notes = {
        "atx.md": "# 分布式事务\n\n本文介绍 Seata 的分布式事务。\n",
        "setext.md": "Setext 标题\n========\n\n正文从这里开始。\n",
        "other.md": "---\ntitle: Front title\n---\n# 分布式 heading\n\n正文。\n",
    }
    for name, text in notes.items():
        (vault_dir / name).write_text(text, encoding="utf-8")
    vault = Vault(vault_dir, tmp_path / "ix")
    vault.update()
    (hit,) = vault.search("Seata")
    assert (hit.title, hit.snippet) == ("分布式事务", "本文介绍 Seata 的分布式事务。")
    hits = {hit.path: hit for hit in vault.search("分布式")}
    assert [hits["atx.md"].snippet[s:e] for s, e in hits["atx.md"].spans] == ["分布式"]
    assert hits["atx.md"].snippet.startswith("本文介绍")
    assert hits["other.md"].snippet.startswith("分布式 heading")  # not the title: kept
    (hit,) = vault.search("setext")  # the title alone matches: the body's text from its start
    assert (hit.title, hit.snippet, hit.spans) == ("Setext 标题", "正文从这里开始。", ())


@pytest.mark.parametrize(
    ("body", "title", "rest"),
    [
        ("# 标题\n\n正文", "标题", "正文"),
        ("\n# **导读：**Kubernetes ##\n正文", "导读：Kubernetes", "正文"),
        ("Two\nlines\n===\n正文", "Two lines", "正文"),
        ("# Another\n正文", "标题", "# Another\n正文"),
        ("    # 标题\n", "标题", "    # 标题\n"),  # indented code
        ("正文\n\n# 标题\n", "标题", "正文\n\n# 标题\n"),  # not where the body opens
    ],
)
def test_past_title(body: str, title: str, rest: str) -> None:
    from reader.markdown.plain import past_title

    assert body[past_title(body, title) :] == rest


def test_footnotes_of_a_note_in_parts_are_numbered_as_in_the_whole() -> None:
    from reader.markdown.footnotes import part_footnotes
    from reader.markdown.layout import layout, to_plain
    from reader.markdown.normalise import note_tokens

    parts = [
        "Intro[^a] and[^1].\n\n",
        "More[^1] text[^b].\n\n[^a]: Note A\n    continued.\n[^1]: One.\n\n[^b]: Bee.\n",
    ]
    whole = to_plain(layout(note_tokens("".join(parts)), 60))
    stripped, notes = part_footnotes(parts)
    shown = "\n\n".join(
        to_plain(layout(note_tokens(part, footnotes=fn), 60))
        for part, fn in zip(stripped, notes, strict=True)
    )
    assert shown == whole
    assert "[^" not in shown and "1. Note A continued." in shown


def test_a_long_embedded_note_is_cut_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    paragraphs = "\n\n".join(f"Paragraph {i} " + "words " * 30 for i in range(100))
    (vault / "Long.md").write_text(f"---\ndate: 2024-01-01\n---\n{paragraphs}\n")
    (vault / "n.md").write_text("---\ndate: 2024-01-01\n---\n![[Long]]\n")
    _, out, _ = _show(capsys, tmp_path, str(vault), "n.md", "--plain", "--width", "200")
    assert "Paragraph 0 " in out and "Paragraph 99 " not in out
    assert re.search(r"⋯ [\d,]+ more characters of Long", out)


@pytest.mark.parametrize(
    ("front", "date"),
    [
        ("created: 2023-02-03", "2023-02-03"),
        ("date created: 2023-02-04", "2023-02-04"),
        ("dateCreated: 2023-02-05", "2023-02-05"),
        ("created: 2023-01-01\ndate: 2023-02-06", "2023-02-06"),  # `date` wins
    ],
)
def test_created_keys_are_dates(front: str, date: str) -> None:
    from reader.notes.card import date_label
    from reader.notes.note import parse_note

    note = parse_note("n.md", f"---\n{front}\n---\nbody\n", mtime_ns=1)
    assert (note.date, date_label(note)) == (date, date)


def test_an_embed_shows_the_note_a_click_on_its_link_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Embeds resolve by the link model's rule: the nearest of two notes of one name, and
    an alias when no file has the name (aliases come from the saved catalog)."""
    vault = tmp_path / "v"
    for folder, words in (("a", "far away"), ("b", "close by")):
        (vault / folder).mkdir(parents=True, exist_ok=True)
        (vault / folder / "Same.md").write_text(f"Same note, {words}.\n", encoding="utf-8")
    (vault / "Named.md").write_text("---\naliases: [Nickname]\n---\nThe named one.\n", "utf-8")
    (vault / "b" / "host.md").write_text("![[Same]]\n\n![[Nickname]]\n", encoding="utf-8")
    assert main(["index", str(vault), "--index-dir", str(tmp_path / "index")]) == 0
    status, out, _ = _show(capsys, tmp_path, str(vault), "b/host.md", "--plain")
    assert status == 0
    assert "close by" in out and "far away" not in out
    assert "The named one." in out


@pytest.mark.parametrize(
    "body",
    [
        "x" * 600
        + " see [the long link text, "
        + "words " * 30
        + ". With it](https://e.com/a) end"
        + " y" * 150,
        "a" * 600 + " and **bold words " + "w " * 70 + "With it still bold** after" + " z" * 200,
        "q" * 600 + " see [[Some Note|a label]] " + "t " * 40 + "With it" + " u" * 100,
        "r" * 600
        + " a [link whose text runs "
        + "on " * 80
        + "With it](https://e.com/b)"
        + " v" * 90,
        "s" * 600 + " `code " + "c " * 70 + "With it` tail" + " w" * 100,
    ],
    ids=["link", "bold", "wiki link", "long link", "code"],
)
def test_a_snippet_window_never_cuts_markup_in_two(body: str) -> None:
    """Wherever the window around a match starts and ends, no half of a marker pair and no
    part of a link's address reaches the snippet."""
    from reader.markdown.plain import visible_window

    shown = visible_window(body, body.index("With it"))
    assert "With it" in shown
    for leak in ("**", "`", "](", "[[", "]]", "https://"):
        assert leak not in shown, (leak, shown[:120])


def test_a_snippet_window_ends_before_a_link_it_cannot_hold_whole() -> None:
    from reader.markdown.plain import visible_window

    body = "x" * 600 + " With it " + "w " * 60 + "[鱼](https://e.com/" + "%E6%AF" * 80 + ") z"
    shown = visible_window(body, body.index("With it"))
    assert "With it" in shown and "](" not in shown and "%E6" not in shown


def test_a_snippet_of_a_nested_list_item_is_text_not_code() -> None:
    from reader.markdown.plain import visible_window

    body = "- top\n" + "\t- " + "甲" * 400 + "\n\t\t- 付费课程[[LYT 笔记框架]]。最近\n"
    shown = visible_window(body, body.index("付费"))
    assert "付费课程LYT 笔记框架" in shown and "[[" not in shown


def test_an_embed_finds_its_heading_as_a_link_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A heading anchor matches by text or by slug, of `H1#H2` the last part, for embeds as
    for links (one rule: `reader.markdown.wiki.same_heading`)."""
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "Target.md").write_text(
        "# Top\n\n## My Heading\n\nUnder the heading.\n\n## Other\n\nNot this.\n", "utf-8"
    )
    (vault / "host.md").write_text(
        "![[Target#my-heading]]\n\n![[Target#Top#My Heading]]\n", "utf-8"
    )
    status, out, _ = _show(capsys, tmp_path, str(vault), "host.md", "--plain")
    assert status == 0
    assert out.count("Under the heading.") == 2 and "Not this." not in out
