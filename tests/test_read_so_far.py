"""The notes read so far, handed out during an update: throttled, complete at the end, and
without effect on what the update does. No Textual here."""

from __future__ import annotations

from pathlib import Path

from vaults import copy_seeds

from reader.notes.note import Note
from reader.vault.catalog import Catalog
from reader.vault.sync import SoFar
from reader.vault.vault import Vault

Handed = tuple[tuple[Note, ...], int, int]


def _note(number: int) -> Note:
    return Note(f"n{number}.md", f"Note {number}", "")


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_first_offer_is_handed_out_then_at_most_one_every_interval() -> None:
    handed: list[Handed] = []
    clock = Clock()
    so_far = SoFar(lambda *args: handed.append(args), every=0.5, clock=clock)
    catalog = Catalog()
    for number, at in enumerate([0.0, 0.1, 0.2, 0.49, 0.5, 0.7, 0.99, 1.2]):
        clock.now = 100.0 + at
        catalog.notes[f"n{number}.md"] = _note(number)
        so_far.offer(catalog, number + 1, 20)
    # At 0.0 (the first), 0.5 (its interval is over) and 1.2 (0.5 after 0.5); not at 0.99.
    assert [(len(notes), done) for notes, done, _ in handed] == [(1, 1), (5, 5), (8, 8)]
    assert all(total == 20 for *_, total in handed)


def test_flush_hands_out_what_was_offered_since_once() -> None:
    handed: list[Handed] = []
    clock = Clock()
    so_far = SoFar(lambda *args: handed.append(args), every=0.5, clock=clock)
    catalog = Catalog()
    for number in range(3):  # the clock stands still: only the first is handed out
        catalog.notes[f"n{number}.md"] = _note(number)
        so_far.offer(catalog, number + 1, 3)
    so_far.flush()
    so_far.flush()
    assert [(len(notes), done) for notes, done, _ in handed] == [(1, 1), (3, 3)]


def test_a_hand_out_is_a_copy_the_update_never_changes() -> None:
    handed: list[Handed] = []
    so_far = SoFar(lambda *args: handed.append(args), every=0.0, clock=Clock())
    catalog = Catalog()
    catalog.notes["a.md"] = _note(1)
    so_far.offer(catalog, 1, 2)
    catalog.notes["b.md"] = _note(2)
    assert isinstance(handed[0][0], tuple) and [n.path for n in handed[0][0]] == ["n1.md"]


def test_an_update_hands_out_the_notes_read_so_far_and_is_otherwise_the_same(
    tmp_path: Path,
) -> None:
    root = copy_seeds(tmp_path / "v")
    handed: list[Handed] = []
    watched = Vault(root, tmp_path / "watched")
    summary = watched.update(read_so_far=lambda *args: handed.append(args))
    plain = Vault(root, tmp_path / "plain")
    expected = plain.update()

    assert (summary.notes, summary.added, summary.problems) == (
        expected.notes,
        expected.added,
        expected.problems,
    )
    assert watched.notes() == plain.notes()
    assert [h.path for h in watched.search("田渊栋")] == [h.path for h in plain.search("田渊栋")]
    # The first note at once, then more and more, and at the end every note of the catalog.
    assert len(handed[0][0]) == 1
    counts = [len(notes) for notes, _, _ in handed]
    assert counts == sorted(counts)
    assert {n.path for n in handed[-1][0]} == {n.path for n in watched.records()}
    assert all(done <= total for _, done, total in handed)
    assert all(not n.body for notes, _, _ in handed for n in notes)


def test_an_update_with_nothing_to_read_hands_nothing_out(tmp_path: Path) -> None:
    root = copy_seeds(tmp_path / "v")
    Vault(root, tmp_path / "ix").update()
    handed: list[Handed] = []
    Vault(root, tmp_path / "ix").update(read_so_far=lambda *args: handed.append(args))
    assert handed == []
