"""``show``: one paper in full."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.commands.common import Progress, find_paper, open_view

if TYPE_CHECKING:
    from awesome_snn.model import Paper, Venue
    from awesome_snn.problems import Problem


@dataclass(frozen=True)
class ShowResult:
    paper: Paper
    venue: Venue | None
    venues: tuple[Venue, ...]
    problems: tuple[Problem, ...] = ()


def show(key: str, catalog: Path | None = None,
         progress: Progress | None = None) -> ShowResult:
    """One paper; ``UnknownPaper`` names the closest keys when there is none."""
    from awesome_snn.errors import NoMatch

    view = open_view(catalog, progress)
    if view.index_of(key) is None and view.problems:
        # The paper may be one of the records the reader could not accept: say so, not
        # "no such key".
        raise NoMatch(f"no valid paper with key {key!r}; the records above could not be read"
                      " (`snn-papers check` lists every problem)", tuple(view.problems))
    paper = find_paper(view, key)
    return ShowResult(paper, view.venue(paper.venue), tuple(view.venues), tuple(view.problems))
