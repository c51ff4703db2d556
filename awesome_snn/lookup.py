"""Finding papers: ``search`` and ``show``, shared by the Typer CLI and the quick entry point.

Both commands are what a researcher types most, so they must start fast: this module
imports neither Typer nor Rich at load time (``entry`` calls it without Typer when the
command line is plain; ``cli`` calls it after Typer parsed a harder one), and works on the
catalog's cached columns (``snapshot``), building records only for the papers it prints.
"""

from __future__ import annotations

from pathlib import Path

from awesome_snn.errors import InvalidInput, NoMatch, UnknownPaper
from awesome_snn.model import Paper, Venue
from awesome_snn.search import Hit, PaperFilter, parse_years, rank
from awesome_snn.snapshot import Snapshot, load_snapshot


def load_snapshot_with_warnings(catalog: Path | None) -> Snapshot:
    """The catalog as columns (cached), warning on stderr about invalid records."""
    from awesome_snn import output
    from awesome_snn.location import locate_catalog

    snapshot = load_snapshot(locate_catalog(catalog).path)
    output.warnings(snapshot.problems)
    return snapshot


def paper_filter(registry: tuple[Venue, ...], venues: list[str] | None = None,
                 year: str | None = None, has_code: bool = False) -> PaperFilter:
    """The filters of --venue (names or aliases), --year (2022 or 2021..2023), --has-code."""
    venue_set = None
    if venues:
        from awesome_snn.venues import resolve_venue

        venue_set = frozenset(resolve_venue(name, registry).abbr for name in venues)
    years = parse_years(year) if year else None
    return PaperFilter(venue_set, years, has_code)


def search_papers(snapshot: Snapshot, query: list[str], filters: PaperFilter,
                  limit: int = 20) -> list[Hit]:
    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    hits = rank(snapshot, query, filters, limit)
    if not hits:
        raise NoMatch(f"no paper matches {' '.join(query)!r}")
    return hits


def get_paper(snapshot: Snapshot, key: str) -> Paper:
    """The paper called ``key``; ``UnknownPaper`` names the closest keys when there is none."""
    index = snapshot.index_of(key)
    if index is not None:
        return snapshot.paper(index)
    from rapidfuzz import fuzz, process

    close = [k for k, _s, _i in process.extract(key, snapshot.keys, scorer=fuzz.WRatio,
                                                 limit=3, score_cutoff=60)]
    hint = f" Did you mean {', '.join(close)}?" if close else " `snn-papers search WORDS` finds keys."
    raise UnknownPaper(f"No paper with key {key!r}.{hint}")


def search(query: list[str], venue: list[str] | None, year: str | None, has_code: bool,
           limit: int, json: bool, catalog: Path | None) -> None:
    from awesome_snn import output

    snapshot = load_snapshot_with_warnings(catalog)
    filters = paper_filter(snapshot.venues, venue, year, has_code)
    hits = search_papers(snapshot, query, filters, limit)
    if json:
        output.print_json(output.paper_records(snapshot, [hit.paper for hit in hits]))
    else:
        output.search_results(hits)


def show(key: str, json: bool, catalog: Path | None) -> None:
    from awesome_snn import output

    snapshot = load_snapshot_with_warnings(catalog)
    paper = get_paper(snapshot, key)
    if json:
        output.print_json(output.paper_records(snapshot, [paper])[0])
    else:
        output.paper_detail(paper, snapshot.venue(paper.venue))
