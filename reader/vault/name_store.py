"""The pinyin name table saved beside the catalog, so a pinyin query need not spell every
name of the vault again (most of its cost: 8,840 names of a 10,000-note vault).

It is made when an update saves the catalog (`Vault`), from the catalog and its entity
index, reusing the units of names an earlier table spelled; it is tied to that catalog by
the catalog's `token`, so a table left from another catalog is never used (the vault then
builds one in memory, as it did before tables were saved). `marshal`, as the catalog:
the readings of a character are one tuple shared by every name holding it, written once.
Part of the core: never imports Textual.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path

from reader.notes.config import Config
from reader.vault.catalog import Catalog, write_atomically
from reader.vault.entities import EntityIndex
from reader.vault.names import NameTable

NAMES_FILE = "names.marshal"
#: Bump when the rows change form or meaning (how names are spelled).
NAMES_VERSION = 1


def save_names(directory: Path, token: str, table: NameTable) -> None:
    """Write the table of the catalog saved with `token`, atomically. May raise OSError."""
    head = {"version": NAMES_VERSION, "catalog": token}
    data = marshal.dumps((head, table.note_rows, table.entity_rows))
    write_atomically(directory / NAMES_FILE, data)


def load_names(directory: Path, token: str) -> NameTable | None:
    """The table saved with the catalog of `token`; None if there is none, it belongs to
    another catalog, or it cannot be read."""
    if not token:
        return None
    try:
        head, notes, entities = marshal.loads((directory / NAMES_FILE).read_bytes())
        if head.get("version") != NAMES_VERSION or head.get("catalog") != token:
            return None
        return NameTable(notes, entities)
    except (OSError, EOFError, ValueError, TypeError, AttributeError):
        return None


def save_table(
    directory: Path, catalog: Catalog, config: Config, former: NameTable | None
) -> tuple[EntityIndex, NameTable]:
    """Make and save the name table of a catalog just saved; return it with the entity
    index made for it (frontmatter only, as before the link model is read), which the
    vault keeps. Names the `former` table spelled are reused. May raise OSError."""
    entities = EntityIndex(catalog.notes.values(), config)
    table = NameTable.build(catalog.notes.values(), entities, former)
    save_names(directory, catalog.token, table)
    return entities, table


def current_table(
    directory: Path, catalog: Catalog, linked: bool, entities: Callable[[], EntityIndex]
) -> NameTable:
    """The table of the catalog: the saved one while the entities are the frontmatter's
    alone (`linked` false: no link model yet), else one made now from `entities()`,
    reusing the saved spellings."""
    saved = load_names(directory, catalog.token)
    if saved is not None and not linked:
        return saved
    return NameTable.build(catalog.notes.values(), entities(), saved)
