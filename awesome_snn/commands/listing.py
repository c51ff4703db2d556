"""``list``: papers grouped by venue, newest year first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.commands.common import Progress, open_view, paper_filter, selected, venue_or_bare
from awesome_snn.errors import NoMatch

if TYPE_CHECKING:
    from awesome_snn.model import Paper, Venue
    from awesome_snn.problems import Problem


@dataclass(frozen=True)
class ListResult:
    groups: tuple[tuple[Venue, tuple[Paper, ...]], ...]
    """Papers by venue (registry order), newest year first within a venue."""
    venues: tuple[Venue, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def papers(self) -> tuple[Paper, ...]:
        return tuple(paper for _venue, papers in self.groups for paper in papers)


def list_papers(venue: Sequence[str] | None = None, year: str | None = None,
                has_code: bool = False, catalog: Path | None = None,
                progress: Progress | None = None) -> ListResult:
    """Papers grouped by venue (registry order), newest year first within a venue (catalog
    order among papers of one year); ``NoMatch`` when the filters leave none."""
    view = open_view(catalog, progress)
    from awesome_snn.model import NO_VENUE, OTHER_GROUP, Venue

    filters = paper_filter(view.venues, venue, year, has_code)
    by_venue: dict[str, list[int]] = {}
    venue_of = view.venue_of
    for index in selected(view, filters):
        by_venue.setdefault(venue_of[index], []).append(index)
    if not by_venue:
        raise NoMatch("no paper matches these filters", tuple(view.problems))
    registry = [v.abbr for v in view.venues]
    # Venues the registry lacks after it; papers without a venue last, as "Other".
    order = registry + [abbr for abbr in by_venue if abbr not in set(registry) and abbr]
    order.append(NO_VENUE)
    years = view.years
    groups = []
    for abbr in order:
        if abbr in by_venue:
            indexes = sorted(by_venue[abbr], key=lambda i: -years[i])  # stable: file order kept
            group = (venue_or_bare(view.venue(abbr), abbr) if abbr != NO_VENUE
                     else Venue(OTHER_GROUP, OTHER_GROUP))
            groups.append((group,
                           tuple(view.paper(i) for i in indexes)))
    return ListResult(tuple(groups), tuple(view.venues), tuple(view.problems))
