"""Where the catalog is: ``--catalog``, then ``$SNN_PAPERS_CATALOG``, then the catalog
shipped inside the package (read-only). Kept apart from the store so a cached lookup never
loads the TOML machinery."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from awesome_snn.errors import ReadOnlyCatalog

ENV_VAR = "SNN_PAPERS_CATALOG"


@dataclass(frozen=True)
class CatalogLocation:
    path: Path
    shipped: bool
    """True for the catalog inside the installed package: read-only for every command."""


def shipped_catalog_path() -> Path:
    package_copy = Path(__file__).resolve().parent / "data" / "papers.toml"
    if package_copy.is_file():
        return package_copy
    # A source checkout (editable install, or running from the repo): the repo's catalog.
    return Path(__file__).resolve().parent.parent / "data" / "papers.toml"


def locate_catalog(option: Path | None, environ: Mapping[str, str] | None = None) -> CatalogLocation:
    """``--catalog``, then ``$SNN_PAPERS_CATALOG``, then the catalog shipped in the package."""
    environ = os.environ if environ is None else environ
    if option is not None:
        return CatalogLocation(Path(option), shipped=False)
    if environ.get(ENV_VAR):
        return CatalogLocation(Path(environ[ENV_VAR]), shipped=False)
    return CatalogLocation(shipped_catalog_path(), shipped=True)


def append_intent_file(path: Path) -> Path:
    """The record an ``add`` writing to ``path`` leaves beside it until its write is done
    (``store.append_in_place``); every reader checks for it, so it is named here, where the
    quick lookups can see it without the store."""
    return path.with_name(f".{path.name}.append")


def writable(location: CatalogLocation) -> Path:
    if location.shipped:
        raise ReadOnlyCatalog(
            f"{location.path} is the catalog shipped with snn-papers and is read-only: pass"
            f" --catalog PATH or set {ENV_VAR}=PATH (start one with `snn-papers init PATH`)"
        )
    return location.path


