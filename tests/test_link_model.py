"""The link model on an Obsidian-style fixture vault: resolution, anchors, backlinks,
unlinked mentions, inline tags, and incremental updates as notes come, go and change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from vaults import write_notes

from reader.markdown.scan import LinkRef
from reader.vault.link_store import LINKS_FILE
from reader.vault.resolve import Names, nearest
from reader.vault.vault import Vault

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "linked_vault"


@pytest.fixture
def vault(tmp_path: Path) -> Vault:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    made = Vault(root, tmp_path / "index")
    made.update()
    return made


def outgoing(vault: Vault, path: str) -> list[tuple[str, str | None]]:
    return [(link.ref.target, link.path) for link in vault.links.outgoing(path)]


def test_every_form_of_link_resolves_as_obsidian_does(vault: Vault) -> None:
    assert outgoing(vault, "Home.md") == [
        ("Projects/Alpha/Plan", "Projects/Alpha/Plan.md"),
        ("Plan", "Projects/Alpha/Plan.md"),
        ("Meeting", "Archive/Meeting.md"),  # the nearer of two: fewer folders from the root
        ("yann", "People/Yann LeCun.md"),  # by alias, case-insensitive
        ("Reading list", "Reading list.md"),  # an embed of a block
        ("Someday Idea", None),  # not written yet: kept, unresolved
        ("People/Yann LeCun.md", "People/Yann LeCun.md"),  # <with spaces.md>
        ("People/Yann LeCun.md", "People/Yann LeCun.md"),  # URL-encoded
        ("Reading list", "Reading list.md"),  # a Markdown link by name, with a heading
        ("Reading list", "Reading list.md"),  # in the frontmatter
    ]


def test_links_in_code_attachments_and_web_addresses_do_not_count(vault: Vault) -> None:
    targets = {link.ref.target for link in vault.links.outgoing("Home.md")}
    assert not {"Not a link in code", "Also not a link", "Diagram.png"} & targets
    assert not any("example.com" in t for t in targets)


def test_nearest_of_two_notes_with_one_name(vault: Vault) -> None:
    assert outgoing(vault, "Projects/Alpha/Plan.md")[0] == ("Meeting", "Projects/Alpha/Meeting.md")
    assert nearest("a/b/x.md", ["c/y.md", "a/y.md", "a/b/c/y.md"]) == "a/b/c/y.md"
    assert nearest("x.md", ["b/y.md", "a/y.md"]) == "a/y.md"


def test_names_aliases_case_and_suffix(vault: Vault) -> None:
    assert outgoing(vault, "Daily notes/2024-05-01.md") == [
        ("首页", "Home.md"),
        ("书单", "Reading list.md"),  # an alias from a comma-separated `alias:`
        ("HOME", "Home.md"),
        ("home.md", "Home.md"),
        ("Missing Note", None),
    ]


def test_relative_markdown_link(vault: Vault) -> None:
    assert ("../../Home.md", "Home.md") in outgoing(vault, "Projects/Alpha/Plan.md")


def test_heading_and_block_anchors_resolve_to_lines(vault: Vault) -> None:
    links = vault.links
    home = links.outgoing("Home.md")
    assert links.anchor_line(home[1].path or "", home[1].ref.anchor) == 2  # ## Milestones
    assert home[4].ref.anchor == "^top-pick"
    assert links.anchor_line("Reading list.md", "^top-pick") == 4
    assert links.anchor_line("Reading list.md", "books") == 2  # case-insensitive
    assert links.anchor_line("Projects/Alpha/Plan.md", "milestones") == 2  # a slug
    assert links.anchor_line("Reading list.md", "Nowhere") is None


def test_backlinks_with_context(vault: Vault) -> None:
    found = vault.backlinks("Home.md")
    assert [(c.path, c.count) for c in found] == [
        ("Daily notes/2024-05-01.md", 3),  # 首页, HOME, home.md on one line: one row
        ("People/Yann LeCun.md", 1),
        ("Projects/Alpha/Plan.md", 1),
        ("Reading list.md", 1),
    ]
    daily = found[0]
    assert (
        daily.context
        == "Talked with 首页 open and read the 书单. Also HOME in capitals and home.md."
    )
    assert [daily.context[s:e] for s, e in daily.spans] == ["首页", "HOME", "home.md"]
    assert (found[-1].context, found[-1].spans) == ("Back to Home.", ((8, 12),))  # no bullet
    assert found[-1].title == "Reading list"
    frontmatter = vault.backlinks("Reading list.md")
    assert [(c.context, c.spans) for c in frontmatter if c.line == -1] == [
        ("(properties) Reading list", ((13, 25),))
    ]
    # A Markdown link on a paragraph's second line: that line, not the paragraph's first.
    by_name = next(c for c in frontmatter if "by name" in c.context)
    assert by_name.context == "by name, web." and by_name.spans == ((0, 7),)
    assert all("[[" not in c.context and "**" not in c.context for c in found + frontmatter)


def test_unlinked_mentions(vault: Vault) -> None:
    found = vault.unlinked_mentions("Home.md")
    assert [c.path for c in found] == ["Archive/Meeting.md"]  # names "Start page"
    assert [found[0].context[s:e] for s, e in found[0].spans] == ["Start page"]


def test_contexts_are_the_text_a_reader_sees(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "卡片笔记.md").write_text("Text.\n", encoding="utf-8")
    (root / "Source.md").write_text(
        "> [!tip] 双向链接让[[卡片笔记|卡片]]彼此相连\n> body\n\n"
        "- **粗体**和[[卡片笔记]]、`code`与 ==高亮== 以及 [[卡片笔记#标题|另一处]]\n\n"
        "# 标题里的 [[卡片笔记]]\n",
        encoding="utf-8",
    )
    (root / "Mention.md").write_text("前文。这里**提到**卡片笔记但没有链接。\n", encoding="utf-8")
    vault = Vault(root, tmp_path / "index")
    vault.update()
    rows = [
        (c.context, c.count, [c.context[s:e] for s, e in c.spans])
        for c in vault.backlinks("卡片笔记.md")
    ]
    assert rows == [
        ("双向链接让卡片彼此相连", 1, ["卡片"]),
        ("粗体和卡片笔记、code与 高亮 以及 另一处", 2, ["卡片笔记", "另一处"]),
        ("标题里的 卡片笔记", 1, ["卡片笔记"]),
    ]
    (mention,) = vault.unlinked_mentions("卡片笔记.md")
    assert "**" not in mention.context and "提到卡片笔记" in mention.context
    assert [mention.context[s:e] for s, e in mention.spans] == ["卡片笔记"]


def test_inline_and_frontmatter_tags_are_entities_with_parents(vault: Vault) -> None:
    vault.links  # noqa: B018  (the model scans the inline tags)
    names = {ref.name for ref in vault.entities.all("tags")}
    assert {"hub", "meta/index", "meta", "project/alpha", "project", "中文标签"} <= names
    assert {"project/alpha/meetings"} <= names
    assert not {"123", "42", "nope", "notatag", "b"} & names
    project = vault.entities.ref("tags", "project")
    assert project is not None
    assert sorted(vault.entities.notes_listing(project)) == ["Home.md", "Projects/Alpha/Meeting.md"]


def test_related_notes_put_links_first(vault: Vault) -> None:
    related = vault.related("Projects/Alpha/Meeting.md", limit=None)
    assert related[0].path == "Projects/Alpha/Plan.md"
    assert related[0].link == "both"


def test_a_new_note_satisfies_links_elsewhere(vault: Vault) -> None:
    vault.links  # noqa: B018
    (vault.root / "Someday Idea.md").write_text("# Someday\n", encoding="utf-8")
    vault.update()
    assert ("Someday Idea", "Someday Idea.md") in outgoing(vault, "Home.md")
    assert [c.path for c in vault.backlinks("Someday Idea.md")] == ["Home.md"]


def test_a_removed_note_hands_its_links_to_the_next_nearest(vault: Vault) -> None:
    vault.links  # noqa: B018
    (vault.root / "Archive" / "Meeting.md").unlink()
    vault.update()
    assert ("Meeting", "Projects/Alpha/Meeting.md") in outgoing(vault, "Home.md")
    (vault.root / "Projects" / "Alpha" / "Meeting.md").rename(vault.root / "Renamed.md")
    vault.update()
    assert ("Meeting", None) in outgoing(vault, "Home.md")
    assert ("Plan", "Projects/Alpha/Plan.md") in outgoing(vault, "Renamed.md")


def test_an_alias_added_or_dropped_changes_what_resolves(vault: Vault) -> None:
    vault.links  # noqa: B018
    plan = vault.root / "Projects" / "Alpha" / "Plan.md"
    plan.write_text("---\naliases: [Someday Idea]\n---\n" + plan.read_text(encoding="utf-8"))
    vault.update()
    assert ("Someday Idea", "Projects/Alpha/Plan.md") in outgoing(vault, "Home.md")
    people = vault.root / "People" / "Yann LeCun.md"
    people.write_text("No aliases any more.\n", encoding="utf-8")
    vault.update()
    assert ("yann", None) in outgoing(vault, "Home.md")


def test_the_model_is_kept_and_reused_by_the_next_start(vault: Vault, tmp_path: Path) -> None:
    before = outgoing(vault, "Home.md")
    again = Vault(vault.root, tmp_path / "index")
    assert again.open_cached()
    assert outgoing(again, "Home.md") == before
    assert (tmp_path / "index" / LINKS_FILE).is_file()


def test_dendron_links_put_the_label_first(tmp_path: Path) -> None:
    root = tmp_path / "dendron"
    root.mkdir()
    (root / "dendron.yml").write_text("version: 5\n", encoding="utf-8")
    (root / "root.md").write_text("See [[the topic|dendron.topic]].\n", encoding="utf-8")
    (root / "dendron.topic.md").write_text("# Topic\n", encoding="utf-8")
    vault = Vault(root, tmp_path / "index")
    vault.update()
    assert outgoing(vault, "root.md") == [("dendron.topic", "dendron.topic.md")]


def test_names_resolve_a_path_with_folders_only_at_its_end() -> None:
    names = Names()
    for path in ("a/b/Note.md", "c/Note.md"):
        names.add(path, ())
    ref = LinkRef("b/Note", None, None, False, False, 0)
    assert names.resolve(ref, "x.md") == "a/b/Note.md"
    assert names.resolve(LinkRef("z/Note", None, None, False, False, 0), "x.md") is None


def test_an_update_hands_the_notes_it_read_to_the_model(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    vault = Vault(root, tmp_path / "index")
    vault.update(links=True)
    # Changed after the update: the model still describes the notes the update read, and
    # the next update brings both up to date.
    (root / "Home.md").write_text("No links now.\n", encoding="utf-8")
    assert ("Someday Idea", None) in outgoing(vault, "Home.md")
    vault.update()
    assert outgoing(vault, "Home.md") == []


def test_an_outliners_indented_lines_are_outline_not_code(tmp_path: Path) -> None:
    root = tmp_path / "graph"
    (root / "pages").mkdir(parents=True)
    (root / "journals").mkdir()
    (root / "pages" / "Topic.md").write_text(
        "# History\n\t- With [[Other]] nested\n\t\t- and ```[[Not this]]```\n", encoding="utf-8"
    )
    (root / "pages" / "Other.md").write_text(
        "- back to [the topic]([[Topic#History]])\n", encoding="utf-8"
    )
    vault = Vault(root, tmp_path / "index")
    vault.update()
    assert outgoing(vault, "pages/Topic.md") == [("Other", "pages/Other.md")]
    back = vault.links.outgoing("pages/Other.md")
    assert [(b.ref.target, b.ref.anchor, b.path) for b in back] == [
        ("Topic", "History", "pages/Topic.md")
    ]
    assert [c.context for c in vault.backlinks("pages/Other.md")] == ["With Other nested"]


def test_links_to_mail_site_paths_and_bare_hosts_are_not_notes() -> None:
    names = Names()
    names.add("blog.md", ())
    for target in ("a@b.com", "/blog/", "github.com/x/y", "www.example.org", "pic.PNG"):
        ref = LinkRef(target, None, None, False, True, 0)
        assert names.resolve(ref, "x.md") is None
    assert names.resolve(LinkRef("blog", None, None, False, True, 0), "x.md") == "blog.md"


def test_every_link_the_renderer_shows_is_in_the_model(tmp_path: Path) -> None:
    """Callout titles, footnotes, headings, tables and HTML links: shown as links, so they
    are links (outgoing and backlinks)."""
    root = tmp_path / "vault"
    root.mkdir()
    (root / "Source.md").write_text(
        "> [!info] 需要启用[[命令面板]]核心插件\n"
        "> The callout's body.\n\n"
        "## A heading with [[Heading target]]\n\n"
        "| cell | [[Table target]] |\n|---|---|\n\n"
        'Inline <a href="Html%20target.md">HTML</a> and a claim[^1].\n\n'
        '<div>\n<p>A <a href="Block target.md">block link</a></p>\n</div>\n\n'
        "[^1]: See [[Footnote target]].\n",
        encoding="utf-8",
    )
    names = ["命令面板", "Heading target", "Table target", "Html target"]
    names += ["Block target", "Footnote target"]
    for name in names:
        (root / f"{name}.md").write_text("Text.\n", encoding="utf-8")
    vault = Vault(root, tmp_path / "index")
    vault.update()
    assert [(path, line) for _, path, line in _out_lines(vault, "Source.md")] == [
        ("命令面板.md", 0),
        ("Heading target.md", 3),
        ("Table target.md", 5),
        ("Html target.md", 8),
        ("Block target.md", 11),
        ("Footnote target.md", 14),
    ]
    assert [c.path for c in vault.backlinks("命令面板.md")] == ["Source.md"]


def test_a_note_whose_only_links_are_html_is_scanned(tmp_path: Path) -> None:
    """No `[`, `#` or lower-case `href` in the body: its `<A HREF>` still counts (the scan
    decides what is worth parsing, not a looser check before it)."""
    notes = {"Page.md": '图：见\n\n<A HREF="Other.md">another</A>\n', "Other.md": "Text.\n"}
    vault = Vault(write_notes(tmp_path / "vault", notes), tmp_path / "index")
    vault.update()
    assert [(path, line) for _, path, line in _out_lines(vault, "Page.md")] == [("Other.md", 2)]


def _out_lines(vault: Vault, path: str) -> list[tuple[str, str | None, int]]:
    return [(link.ref.target, link.path, link.ref.line) for link in vault.links.outgoing(path)]
