"""Shell completion of venue names and paper keys, from the catalog the command would use.

Typer calls these while the user presses Tab (``autocompletion=`` callbacks, matched to
``ctx`` and ``incomplete`` by parameter name), so they must be quick and must never raise:
a traceback would be printed into the user's command line. A catalog that cannot be read
completes nothing. The catalog is the one the command will read: ``--catalog`` if the
command line already has one, else what ``catalog.locate`` finds.

Neither Typer nor Rich is imported here, nor the catalog at module level: the CLI imports
this module on every start to hand the callbacks to its options.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def _catalog(ctx: Any):  # noqa: ANN202 - a CatalogView or None; imported lazily
    """The catalog the completed command will read (its columns, cached, so a Tab press
    does not parse a large catalog again), or None when it cannot be read."""
    from awesome_snn import catalog

    params = getattr(ctx, "params", None) or {}
    option = params.get("catalog")
    try:
        return catalog.open_catalog(catalog.locate(Path(option) if option else None))
    # Any failure (missing file, bad TOML, a bug) must not reach the shell: complete nothing.
    except Exception:  # noqa: BLE001
        return None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


def complete_venue(ctx: Any, incomplete: str) -> list[str]:
    """Venue abbreviations and aliases starting with ``incomplete`` (case ignored), each
    venue's abbreviation before its aliases, venues in catalog order.

    Both spellings are offered because Typer keeps only candidates that start with exactly
    what was typed: ``cv`` is completed by the alias ``cvpr``, ``CV`` by ``CVPR``."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    typed = (incomplete or "").casefold()
    return _unique([name for venue in catalog.venues for name in (venue.abbr, *venue.aliases)
                    if name.casefold().startswith(typed)])


def complete_key(ctx: Any, incomplete: str) -> list[str]:
    """Paper keys starting with ``incomplete``, then keys containing it elsewhere (case
    ignored), each group in catalog order.

    Typer passes on only the prefix matches; the others serve shells and callers that do
    their own filtering."""
    catalog = _catalog(ctx)
    if catalog is None:
        return []
    typed = (incomplete or "").casefold()
    folded = [(key, key.casefold()) for key in catalog.keys]
    prefixed = [key for key, fold in folded if fold.startswith(typed)]
    inside = [key for key, fold in folded if typed in fold and not fold.startswith(typed)]
    return _unique(prefixed + inside)
