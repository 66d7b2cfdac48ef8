"""The catalog file beside the index, as this process last loaded or saved it.

Loading the records of 10,000 notes takes ~0.5 s, so an update starts from the catalog in
memory while the file is the one this process loaded or saved (same modification time and
size); when another process has rewritten it, it is read again. Saving a catalog saves the
pinyin name table made from it too. Used by `Vault`, kept apart so that the vault module is
about what it answers rather than the files it keeps.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reader.notes.config import Config
from reader.vault.catalog import Catalog, catalog_stamp, load_catalog, save_catalog
from reader.vault.sync import UpdateSummary

if TYPE_CHECKING:
    from reader.vault.entities import EntityIndex
    from reader.vault.names import NameTable


class CatalogFile:
    """The saved catalog of one index folder (see the module docstring)."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = index_dir
        #: (mtime_ns, size) of the catalog file when this object last loaded or saved it.
        self._stamp: tuple[int, int] | None = None

    def load(self) -> Catalog | None:
        """The catalog as saved (None if there is none, or it cannot be read)."""
        stamp = catalog_stamp(self.index_dir)
        catalog = load_catalog(self.index_dir)
        if catalog is not None:
            self._stamp = stamp
        return catalog

    def saved(self, in_memory: Catalog) -> Catalog:
        """The catalog on disk: `in_memory` if it was loaded or saved here and no other
        process has rewritten the file since (or if there is no file)."""
        stamp = catalog_stamp(self.index_dir)
        if stamp is not None and stamp == self._stamp:
            return in_memory
        loaded = load_catalog(self.index_dir)
        self._stamp = stamp if loaded is not None else None
        return loaded or in_memory

    def save(
        self,
        catalog: Catalog,
        config: Config,
        names: NameTable | None,
        token: str,
        summary: UpdateSummary,
    ) -> tuple[EntityIndex, NameTable] | None:
        """Save the catalog and its pinyin name table, made from the former table (`names`,
        else the one saved with the catalog of `token`) where names did not change; return
        the entity index and the table, which the new catalog can use as they are. A
        failure is told in `summary`: the update itself stands."""
        from reader.vault.name_store import load_names, save_table

        former = names or load_names(self.index_dir, token)
        try:
            save_catalog(self.index_dir, catalog)
            self._stamp = catalog_stamp(self.index_dir)
            return save_table(self.index_dir, catalog, config, former)
        except OSError as exc:
            summary.messages.append(f"Cannot save the note catalog: {exc.strerror}")
            return None
