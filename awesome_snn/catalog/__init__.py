"""The catalog seam: the only way the rest of snn-papers reads or changes a catalog file.

Public:

- ``locate(option)`` finds the catalog a command works on (``CatalogLocation``).
- ``open_catalog(location)`` returns a read-only ``CatalogView``: the list's texts, its
  venues, the ``Problem`` of every record that could not be accepted, and the papers as
  columns (``keys``, ``titles``, ``folded``, ``venue_of``, ``years``, ``code``, ``urls``,
  ``lines``) with records built only for the papers a command asks for.
- ``writing(location)`` holds the catalog's lock and yields a ``Writer`` whose ``view`` is
  the catalog as it is now and whose ``add`` / ``edit`` / ``remove`` / ``update`` /
  ``replace`` each change the file safely (atomically, every other byte kept, the result
  re-read before it is trusted).
- ``read_bytes(data, name)`` reads a catalog that is not a file here (a git revision).
- ``create(path, catalog)`` writes a new catalog file (``init``, ``import -o``) and
  ``write_output(path, text)`` any other file a command produces (``export -o``), both
  atomically.
- ``private_folder(name)`` is a folder of snn-papers' own in the user cache folder (the
  metadata layer keeps the services' answers and its rate gates there).

Private to this package: where the file is, TOML reading and writing, line-preserving
edits, safe writes, the lock and the on-disk cache. Nothing outside ``catalog/`` imports a
module whose name starts with ``_`` here (an import-linter contract checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from awesome_snn.catalog._location import (
    ENV_VAR,
    CatalogLocation,
    locate,
    new_list_catalog,
    shipped_catalog_path,
)
from awesome_snn.catalog._view import CatalogView, open_catalog, read_bytes
from awesome_snn.problems import Problem

if TYPE_CHECKING:
    from awesome_snn.catalog._dirs import private_folder
    from awesome_snn.catalog._files import write_output
    from awesome_snn.catalog._writer import Writer, create, writing

_WRITERS = {"Writer": "_writer", "create": "_writer", "writing": "_writer", "write_output": "_files",
            "private_folder": "_dirs"}
"""Imported when first asked for: a command that only reads never loads the writing code."""


def __getattr__(name: str) -> Any:
    if name in _WRITERS:
        import importlib

        return getattr(importlib.import_module(f"awesome_snn.catalog.{_WRITERS[name]}"), name)
    raise AttributeError(name)

__all__ = [
    "ENV_VAR",
    "CatalogLocation",
    "CatalogView",
    "Problem",
    "Writer",
    "create",
    "locate",
    "new_list_catalog",
    "open_catalog",
    "private_folder",
    "read_bytes",
    "shipped_catalog_path",
    "write_output",
    "writing",
]
