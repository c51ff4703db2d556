"""Where the catalog is.

A command works on ``--catalog``, else ``$SNN_PAPERS_CATALOG``, else the catalog of the list
it is run in (``papers.toml`` or ``data/papers.toml`` in the current folder or a parent, up
to the repository root), else the catalog shipped inside the package, which is read-only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "SNN_PAPERS_CATALOG"
LIST_CATALOG_NAMES = ("papers.toml", "data/papers.toml")


@dataclass(frozen=True)
class CatalogLocation:
    path: Path
    shipped: bool = False
    """True for the catalog inside the installed package: read-only for every command."""
    source: str = "option"
    """How it was found: ``option``, ``environment``, ``found`` or ``shipped``."""


def shipped_catalog_path() -> Path:
    here = Path(__file__).resolve().parent.parent
    package_copy = here / "data" / "papers.toml"
    if package_copy.is_file():
        return package_copy
    # A source checkout (editable install, or running from the repo): the repo's catalog.
    return here.parent / "data" / "papers.toml"


def _list_catalog(start: Path) -> Path | None:
    """``papers.toml`` or ``data/papers.toml`` in ``start`` or a parent, stopping at the
    folder that holds ``.git`` (the list's repository root)."""
    shipped = shipped_catalog_path()
    for folder in (start, *start.parents):
        for name in LIST_CATALOG_NAMES:
            candidate = folder / name
            if candidate.is_file() and candidate.resolve() != shipped.resolve():
                return candidate
        if (folder / ".git").exists():
            return None
    return None


def locate(option: Path | None, environ: Mapping[str, str] | None = None,
           cwd: Path | None = None) -> CatalogLocation:
    environ = os.environ if environ is None else environ
    if option is not None:
        return CatalogLocation(Path(option), shipped=False, source="option")
    if environ.get(ENV_VAR):
        return CatalogLocation(Path(environ[ENV_VAR]), shipped=False, source="environment")
    try:
        start = Path.cwd() if cwd is None else cwd
    except OSError:  # the current folder was removed
        start = None
    found = _list_catalog(start) if start is not None else None
    if found is not None:
        return CatalogLocation(found, shipped=False, source="found")
    return CatalogLocation(shipped_catalog_path(), shipped=True, source="shipped")


def as_location(location: CatalogLocation | Path | str) -> CatalogLocation:
    if isinstance(location, CatalogLocation):
        return location
    return CatalogLocation(Path(location))


def new_list_catalog(cwd: Path | None = None) -> Path:
    """Where a list's first catalog goes when a command makes one without being told where
    (``import LIST.md`` in a list's repository): ``data/papers.toml`` at the repository's
    root (the folder holding ``.git``, from the current folder up), else in the current
    folder. Every command run inside the repository finds it there afterwards."""
    start = Path.cwd() if cwd is None else cwd
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder / LIST_CATALOG_NAMES[1]
    return start / LIST_CATALOG_NAMES[1]
