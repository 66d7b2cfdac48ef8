"""Configuration: which frontmatter keys are entity types, their labels, and aliases.

Defaults cover the keys our users' notes carry. A YAML file in the user config dir
(`config.yaml`) and, optionally, `.reader.yaml` at the vault root can add, rename or hide
types and declare aliases. The vault file wins over the user file. Part of the core:
never imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from reader.notes.fields import OBSIDIAN_TITLE_ORDER, TITLE_SOURCES, title_order

APP_NAME = "reader"

DEFAULT_TYPES: dict[str, str] = {
    "people": "人物",
    "speaker": "讲者",
    "guest": "嘉宾",
    "companies_orgs": "机构",
    "products_models": "产品/模型",
    "media_books": "媒体/书籍",
    "tags": "标签",
    "project": "项目",
    "series": "系列",
    "category": "类别",
    "area": "领域",
}

#: Keys whose names are one kind of thing: a name listed under `speaker` in one note and
#: `people` in another is one entity (a person, with both roles). Key -> the kind's key.
DEFAULT_KINDS: dict[str, str] = {"speaker": "people", "guest": "people"}

#: Short field names accepted in queries, e.g. `person:田渊栋`.
FIELD_ALIASES: dict[str, str] = {
    "person": "people",
    "org": "companies_orgs",
    "company": "companies_orgs",
    "product": "products_models",
    "model": "products_models",
    "media": "media_books",
    "book": "media_books",
    "tag": "tags",
}


@dataclass
class Config:
    """Entity types (key -> label, in display order), aliases, the order of title sources,
    and the problems met while reading the files."""

    types: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_TYPES))
    aliases: dict[str, str] = field(default_factory=dict)
    #: Entity type key -> the kind it belongs to (its own key when it is a kind of its own).
    kinds: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    #: Whether indentation is nesting in an outline (Logseq), never a code block; None:
    #: decided by the vault (see `reader.vault.link_keeper`).
    outliner: bool | None = None
    problems: list[str] = field(default_factory=list)
    #: Where titles come from, first choice first (`title_from:`; see `reader.notes.note`).
    title_from: tuple[str, ...] = TITLE_SOURCES
    #: Wiki links read `[[label|target]]` (Dendron) instead of `[[target|label]]`.
    reversed_labels: bool = False

    def kind_of(self, key: str) -> str:
        """The kind an entity type key belongs to (`speaker` -> `people`)."""
        return self.kinds.get(key, key)

    def label(self, key: str) -> str:
        """The display label of an entity type (the key itself when it has none)."""
        return self.types.get(key, key)

    def field_for(self, name: str) -> str | None:
        """Resolve a query field name (key, short alias or label) to an entity type key."""
        lowered = name.strip().lower()
        if lowered in self.types:
            return lowered
        if lowered in FIELD_ALIASES and FIELD_ALIASES[lowered] in self.types:
            return FIELD_ALIASES[lowered]
        for key, label in self.types.items():
            if name.strip() == label or name.strip() in label.split("/"):
                return key
        return None


def user_config_path() -> Path:
    """The user-wide config file (it need not exist)."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.yaml"


def load_config(vault: Path | None = None, user_file: Path | None = None) -> Config:
    """Defaults, then the user file, then the vault's `.reader.yaml`. Never raises.

    A vault with an `.obsidian/` folder at its root takes titles from file names before
    headings, as Obsidian shows them, unless a file sets `title_from`."""
    config = Config()
    if vault is not None and (vault / ".obsidian").is_dir():
        config.title_from = OBSIDIAN_TITLE_ORDER
    files = [user_file if user_file is not None else user_config_path()]
    if vault is not None:
        files.append(vault / ".reader.yaml")
    for path in files:
        if path.is_file():
            _apply(config, path)
    return config


def _apply(config: Config, path: Path) -> None:
    import yaml  # only when a config file exists: most starts read none

    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        config.problems.append(f"{path}: cannot read config: {exc}")
        return
    if data is None:
        return
    if not isinstance(data, dict):
        config.problems.append(f"{path}: expected a mapping at the top level")
        return
    types = data.get("types") or {}
    if isinstance(types, dict):
        for key, label in types.items():
            if label is False or label is None:
                config.types.pop(str(key), None)  # hidden
            else:
                config.types[str(key)] = str(label)
    else:
        config.problems.append(f"{path}: 'types' must be a mapping of key: label")
    links = data.get("wikilinks")
    if isinstance(links, dict) and "reversed_labels" in links:
        config.reversed_labels = links["reversed_labels"] is True
    elif links is not None:
        config.problems.append(f"{path}: 'wikilinks' must be a mapping (reversed_labels: true)")
    for key in data.get("hide") or []:
        config.types.pop(str(key), None)
    if "title_from" in data:
        problems: list[str] = []
        order = title_order(data["title_from"], problems)
        config.problems.extend(f"{path}: {problem}" for problem in problems)
        if order is not None:
            config.title_from = order
    _apply_kinds(config, path, data.get("kinds"))
    if "outliner" in data:
        config.outliner = bool(data["outliner"])
    aliases = data.get("aliases") or {}
    if isinstance(aliases, dict):
        for alias, canonical in aliases.items():
            config.aliases[str(alias)] = str(canonical)
    else:
        config.problems.append(f"{path}: 'aliases' must be a mapping of alias: name")


def _apply_kinds(config: Config, path: Path, kinds: Any) -> None:
    """`kinds: {people: [speaker, guest, host]}`: those keys name one kind of entity; a key
    listed under itself (`speaker: [speaker]`) is a kind of its own again."""
    if kinds is None:
        return
    if not isinstance(kinds, dict):
        config.problems.append(f"{path}: 'kinds' must be a mapping of kind: [keys]")
        return
    for kind, keys in kinds.items():
        for key in keys if isinstance(keys, list) else [keys]:
            if str(key) == str(kind):
                config.kinds.pop(str(key), None)
            else:
                config.kinds[str(key)] = str(kind)
