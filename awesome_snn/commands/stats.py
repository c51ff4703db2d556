"""``stats``: papers per year and per venue, and how many have code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.commands.common import Progress, open_view, venue_or_bare

if TYPE_CHECKING:
    from awesome_snn.model import Venue
    from awesome_snn.problems import Problem


@dataclass(frozen=True)
class StatsResult:
    total: int
    with_code: int
    per_year: tuple[tuple[int, int, int], ...]
    """(year, papers, with code), newest first."""
    per_venue: tuple[tuple[Venue, int, int], ...]
    """(venue, papers, with code), most papers first."""
    problems: tuple[Problem, ...] = ()


def stats(catalog: Path | None = None,
          progress: Progress | None = None) -> StatsResult:
    """Papers per year and per venue, and how many have code."""
    view = open_view(catalog, progress)
    per_year: dict[int, list[int]] = {}
    per_venue: dict[str, list[int]] = {}
    for abbr, year, code in zip(view.venue_of, view.years, view.code):
        for counts in (per_year.setdefault(year, [0, 0]), per_venue.setdefault(abbr, [0, 0])):
            counts[0] += 1
            counts[1] += bool(code)
    venue_rows = sorted(((venue_or_bare(view.venue(abbr), abbr), n, code)
                         for abbr, (n, code) in per_venue.items()), key=lambda row: -row[1])
    return StatsResult(
        total=len(view),
        with_code=sum(1 for code in view.code if code),
        per_year=tuple((year, n, code) for year, (n, code) in sorted(per_year.items(), reverse=True)),
        per_venue=tuple(venue_rows),
        problems=tuple(view.problems),
    )
