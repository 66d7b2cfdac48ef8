"""Related notes by content: a note's distinctive words, the notes alike, and how likeness
ranks with links and shared entities (a link first, rare entities next, text breaking ties
and filling the list; never the path)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.cli import main
from reader.search.index.similar import key_terms
from reader.text.analysis import words
from reader.vault.entities import Related
from reader.vault.related import related, why
from reader.vault.vault import Vault
from tests.vaults import PLAIN_NOTES, write_notes

LCA = PLAIN_NOTES["a-lca.md"]
FILLER = {path: text for path, text in PLAIN_NOTES.items() if "lca" not in path}


@pytest.fixture
def plain(tmp_path: Path) -> Vault:
    """A vault of plain notes: no frontmatter, no entities, no links."""
    made = Vault(write_notes(tmp_path / "vault", PLAIN_NOTES), tmp_path / "index")
    made.update()
    return made


def test_a_vault_without_entities_or_links_gets_notes_alike(plain: Vault) -> None:
    found = plain.related("a-lca.md", limit=None)
    assert [r.path for r in found] == ["z-lca-bst.md", "m-lca-deepest.md"]
    best = found[0]
    assert best.reasons == ("similar",) and not best.shared and not best.link
    assert 0 < found[1].similarity < best.similarity <= 1
    assert "lca" in best.terms and "祖先" in best.terms
    assert why(best)[0].startswith("similar: ")


def test_key_terms_leave_out_numbers_single_letters_and_words_of_one_note(plain: Vault) -> None:
    reader = plain.index._current_searcher().reader()

    def frequency(word: str) -> int:
        return int(reader.doc_frequency("text", word))

    text = LCA + " 祖先 lowestcommonancestor"
    terms = [word for word, _ in key_terms(reader, words(text), frequency)]
    assert "lca" in terms and "lowestcommonancestor" in terms
    assert not {"1", "2", "3", "p", "q"} & set(terms)
    assert "二叉树" not in terms  # no other note says it: it finds nothing
    weights = [weight for _, weight in key_terms(reader, words(LCA), frequency)]
    assert weights == sorted(weights, reverse=True)


def test_a_note_alike_in_nothing_has_no_related_notes(plain: Vault) -> None:
    assert plain.related("music.md") == []


@pytest.fixture
def mixed(tmp_path: Path) -> Vault:
    """Links, a rare shared entity, a broad tag everyone lists, and text alike."""
    broad = "tags: [tree]\n"
    root = write_notes(
        tmp_path / "vault",
        {
            **FILLER,
            "source.md": f"---\n{broad}people: [Ada]\n---\n# LCA\n\n{LCA}\n\n[[b-linked]]",
            "b-linked.md": f"---\n{broad}---\nNothing alike here at all.",
            "c-rare.md": f"---\n{broad}people: [Ada]\n---\nAda wrote about music.",
            # Tied on the broad tag: the alike one ranks first, though its path sorts last.
            "d-tied.md": f"---\n{broad}---\nPlanting trees in the garden.",
            "y-tied-alike.md": f"---\n{broad}---\nLCA, lowest common ancestor, 最近公共祖先.",
            "e-alike.md": "The lowest common ancestor (LCA): 公共祖先 of p and q.",
        },
    )
    made = Vault(root, tmp_path / "index")
    made.update()
    return made


def test_a_link_counts_most_rare_entities_next_and_text_breaks_ties(mixed: Vault) -> None:
    found = mixed.related("source.md", limit=None)
    paths = [r.path for r in found]
    assert paths[:2] == ["b-linked.md", "c-rare.md"]
    assert found[0].link == "out" and found[0].reasons[0] == "link"
    assert found[1].reasons == ("entities",)
    assert paths.index("y-tied-alike.md") < paths.index("d-tied.md")
    tied = found[paths.index("y-tied-alike.md")]
    assert tied.reasons == ("entities", "similar")
    assert "e-alike.md" in paths  # alike alone, no entity or link: still listed
    assert found[paths.index("e-alike.md")].reasons == ("similar",)


def test_without_the_link_model_links_are_left_out(mixed: Vault) -> None:
    paths = [r.path for r in related(mixed, "source.md", None, links=False)]
    assert paths[0] == "c-rare.md"


def test_reasons_in_words() -> None:
    rel = Related("x.md", 1.0, (), "both", 0.5, ("lca", "祖先", "ancestor", "tree"))
    assert rel.reasons == ("link", "similar")
    assert why(rel) == ["linked both ways", "similar: lca, 祖先, ancestor"]


def test_related_json_says_why(
    plain: Vault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["related", str(plain.root), "a-lca.md", "--json", "--index-dir", str(tmp_path / "ix")]
    assert main(args) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["path"] == "z-lca-bst.md"
    assert rows[0]["reasons"] == ["similar"] and rows[0]["link"] is None
    assert 0 < rows[0]["similar"] <= 1 and "lca" in rows[0]["terms"]
