"""``venues``: each venue with its papers per year and in total."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.commands.common import Progress, open_view, venue_or_bare

if TYPE_CHECKING:
    from awesome_snn.model import Venue
    from awesome_snn.problems import Problem


@dataclass(frozen=True)
class VenueCount:
    venue: Venue
    per_year: tuple[tuple[int, int], ...]
    """(year, papers), newest first."""
    total: int


@dataclass(frozen=True)
class VenuesResult:
    rows: tuple[VenueCount, ...]
    problems: tuple[Problem, ...] = ()


def venues(catalog: Path | None = None,
           progress: Progress | None = None) -> VenuesResult:
    """Each venue of the registry (then any venue papers use without registering it), with
    its papers per year and in total."""
    view = open_view(catalog, progress)
    counts: dict[str, dict[int, int]] = {v.abbr: {} for v in view.venues}
    for abbr, year in zip(view.venue_of, view.years):
        per_year = counts.setdefault(abbr, {})
        per_year[year] = per_year.get(year, 0) + 1
    rows = tuple(VenueCount(venue_or_bare(view.venue(abbr), abbr),
                            tuple(sorted(per_year.items(), reverse=True)), sum(per_year.values()))
                 for abbr, per_year in counts.items())
    return VenuesResult(rows, tuple(view.problems))
