"""``search``: papers best first for a few words of a title, a venue or a year."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.commands.common import Progress, open_view, paper_filter
from awesome_snn.errors import InvalidInput, NoMatch

if TYPE_CHECKING:
    from awesome_snn.model import Paper, Venue
    from awesome_snn.problems import Problem


@dataclass(frozen=True)
class SearchResult:
    papers: tuple[Paper, ...]
    """Best first."""
    venues: tuple[Venue, ...]
    """The catalog's venue registry (for full names and kinds)."""
    problems: tuple[Problem, ...] = ()
    total: int = 0
    """Papers that match, shown or not (more than ``len(papers)`` when --limit cut them)."""


def search(query: Sequence[str], venue: Sequence[str] | None = None, year: str | None = None,
           has_code: bool = False, limit: int = 20, catalog: Path | None = None,
           progress: Progress | None = None, author: str | None = None) -> SearchResult:
    """Papers best first for ``query``; ``NoMatch`` (exit 1) when none. With ``--author``
    and no query, that author's papers in catalog order."""
    from awesome_snn.search import allowed_indexes, ranking

    if limit < 1:
        raise InvalidInput("--limit must be at least 1")
    view = open_view(catalog, progress)
    filters = paper_filter(view.venues, venue, year, has_code, author)
    if not query and author is not None:
        indexes = sorted(allowed_indexes(view, filters) or ())
        if not indexes:
            raise NoMatch(f"no paper has an author matching {author!r}", tuple(view.problems))
        return SearchResult(tuple(view.paper(i) for i in indexes[:limit]), tuple(view.venues),
                            tuple(view.problems), len(indexes))
    found = ranking(view, list(query), filters, limit)
    if not found.hits:
        raise NoMatch(f"no paper matches {' '.join(query)!r}", tuple(view.problems))
    return SearchResult(tuple(hit.paper for hit in found.hits), tuple(view.venues),
                        tuple(view.problems), found.total)
