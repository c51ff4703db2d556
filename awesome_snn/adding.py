"""The body of ``add``, shared by the Typer command and the quick entry point.

A maintainer adding papers from a script runs ``add`` with every value on the command line;
``entry`` then runs this without Typer (~40 ms of start-up). The Typer command asks for what
is missing first, then calls the same function.
"""

from __future__ import annotations

from pathlib import Path


def add(title: str | None, venue: str | None, year: str | None, paper: str | None,
        code: str | None, link: list[str] | None, venue_name: str | None, journal: bool,
        force: bool, catalog: Path | None) -> None:
    from awesome_snn import output
    from awesome_snn.editing import NewPaper, add_paper
    from awesome_snn.location import locate_catalog, writable

    path = writable(locate_catalog(catalog))
    new = NewPaper(title=title or "", venue=venue or "", year=year or "", paper=paper, code=code,
                   links=tuple(link or ()), venue_name=venue_name, journal=journal)
    result = add_paper(path, new, force=force)
    if result.forced_over is not None:
        output.warnings([f"added despite duplicating {result.forced_over.key} (--force)"])
    output.saved("Added", result.paper, result.venue, result.new_venue)
