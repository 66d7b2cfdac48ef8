"""One entity per real thing: keys of one kind (people, speaker, guest) name one entity,
with its roles; `.reader.yaml` groups keys or keeps one apart."""

from __future__ import annotations

from pathlib import Path

from reader.notes.config import Config, load_config
from reader.notes.note import parse_note
from reader.vault.entities import EntityIndex, tag_names


def _notes() -> list:
    keys = list(Config().types)
    texts = {
        "a.md": "---\npeople: [Yann LeCun, Ann Lee]\n---\nA\n",
        "b.md": "---\nspeaker: Yann LeCun\n---\nB\n",
        "c.md": "---\nguest: [yann lecun]\npeople: [Ann Lee]\n---\nC\n",
    }
    return [parse_note(path, text, keys) for path, text in texts.items()]


def test_a_person_under_people_speaker_and_guest_is_one_entity() -> None:
    index = EntityIndex(_notes(), Config())
    people = index.all("people")
    yann = next(r for r in people if r.name == "Yann LeCun")
    assert yann.type == "people"
    assert index.count(yann) == 3
    assert index.roles(yann) == ["people", "speaker", "guest"]
    assert index.role_labels(yann) == ["讲者", "嘉宾"]
    assert [r.name for r in index.all("speaker")] == ["Yann LeCun"]  # listed as a speaker
    assert index.ref("speaker", "YANN LECUN") == yann
    assert sum(1 for r in index.all() if r.key == "yann lecun") == 1


def test_the_vault_config_can_keep_a_key_apart(tmp_path: Path) -> None:
    (tmp_path / ".reader.yaml").write_text(
        "kinds:\n  guest: [guest]\n  people: [host]\n", encoding="utf-8"
    )
    config = load_config(tmp_path, user_file=tmp_path / "none.yaml")
    assert config.kind_of("guest") == "guest"
    assert config.kind_of("host") == "people"
    assert config.kind_of("speaker") == "people"
    index = EntityIndex(_notes(), config)
    assert {r.type for r in index.all() if r.key == "yann lecun"} == {"people", "guest"}


def test_nested_tags_count_for_their_parents() -> None:
    assert tag_names(["#a/b/c", "a/b", "x/", "#"]) == ("a/b/c", "a/b", "a", "x")
