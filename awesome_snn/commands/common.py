"""What several commands share: the catalog a command reads, the filters of ``--venue``,
``--year`` and ``--has-code``, and finding a paper by its key."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.errors import UnknownPaper, UnknownVenue

if TYPE_CHECKING:
    from awesome_snn.catalog import CatalogView
    from awesome_snn.model import Paper, Venue
    from awesome_snn.search import PaperFilter


Progress = Callable[..., None]
"""Told how long work goes: ``progress(label, done, total)`` (``total`` 0 when unknown).
Given by the CLI on a terminal (``render.activity``), else None."""


def reading(progress: Progress | None, path: Path) -> Callable[[int, int], None] | None:
    """What ``catalog.open_catalog`` tells as it parses a large catalog, as ``progress``."""
    if progress is None:
        return None
    label = f"reading {path.name}"
    return lambda done, total: progress(label, done, total)


def open_view(catalog_option: Path | None, progress: Progress | None = None) -> CatalogView:
    """The catalog a reading command works on: ``--catalog``, else ``$SNN_PAPERS_CATALOG``,
    else the list's own, else the shipped one."""
    from awesome_snn import catalog

    location = catalog.locate(catalog_option)
    return catalog.open_catalog(location, progress=reading(progress, location.path))


def paper_filter(registry: Sequence[Venue], venues: Sequence[str] | None = None,
                 year: str | None = None, has_code: bool = False,
                 author: str | None = None) -> PaperFilter:
    """The filters of --venue (names or aliases; ``Other``: the papers without a venue),
    --year (2022 or 2021..2023), --has-code, --author (words of one author's name)."""
    from awesome_snn.model import NO_VENUE, OTHER_GROUP
    from awesome_snn.search import PaperFilter, parse_years

    venue_set = None
    if venues:
        # 'Other' (unless a venue is called so) means the papers without a venue.
        venue_set = frozenset(
            NO_VENUE if name.strip().casefold() == OTHER_GROUP.casefold()
            and not any(v.abbr.casefold() == OTHER_GROUP.casefold() for v in registry)
            else _filter_venue(name, registry).abbr for name in venues)
    years = parse_years(year) if year else None
    if author is not None and not author.split():
        from awesome_snn.errors import InvalidInput

        raise InvalidInput("--author is empty: give words of an author's name, e.g. --author 'kaushik roy'")
    return PaperFilter(venue_set, years, has_code, author)


def _filter_venue(name: str, registry: Sequence[Venue]) -> Venue:
    """The venue ``--venue NAME`` of a filter means; an unknown one names the closest (a
    filter cannot register a venue, so no word of --venue-name)."""
    from awesome_snn.venues import KNOWN_VENUES, resolve_venue, suggest_venues

    try:
        return resolve_venue(name, registry)
    except UnknownVenue:
        candidates: dict[str, Venue] = {}
        for venue in (*registry, *KNOWN_VENUES):
            candidates.setdefault(venue.abbr, venue)
        close = suggest_venues(name, list(candidates.values()))
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        raise UnknownVenue(f"Unknown venue {name!r}.{hint} `snn-papers venues` lists them all.") from None


def selected(view: CatalogView, filters: PaperFilter) -> list[int]:
    """Indexes of the papers ``filters`` accepts, in catalog order."""
    from awesome_snn.search import allowed_indexes

    allowed = allowed_indexes(view, filters)
    return list(range(len(view))) if allowed is None else sorted(allowed)


def find_paper(view: CatalogView, key: str) -> Paper:
    """The paper called ``key``; ``UnknownPaper`` names the closest keys when there is none."""
    index = view.index_of(key)
    if index is not None:
        return view.paper(index)
    from rapidfuzz import fuzz, process

    close = [k for k, _s, _i in process.extract(key, view.keys, scorer=fuzz.WRatio,
                                                 limit=3, score_cutoff=60)]
    hint = f" Did you mean {', '.join(close)}?" if close else " `snn-papers search WORDS` finds keys."
    raise UnknownPaper(f"No paper with key {key!r}.{hint}")


def venue_or_bare(venue: Venue | None, abbr: str) -> Venue:
    """``venue``, or a bare one named ``abbr`` for a venue papers use but the registry lacks."""
    from awesome_snn.model import Venue

    return venue if venue is not None else Venue(abbr, abbr)
