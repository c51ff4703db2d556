"""``add URL``: a paper from its arXiv, OpenReview or DOI page.

The source is fetched (``metadata.lookup.Lookup.describe``): title, authors, year,
identifiers, and the venue as the source names it (OpenReview's decision, Crossref's
container or event, DBLP's venue for an arXiv paper found by title), mapped through the
registry (``metadata.venue_map``). What the user gave on the command line wins over what
was fetched. The paper's link is the source's canonical page. Then the paper is shown and,
on a terminal, the user is asked before it is written (``--yes`` otherwise); the write is
``add``'s own (``maintain.add``): its validation, its duplicate rules, its venue
registration. Nothing is written when the source cannot be reached.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awesome_snn.errors import InvalidInput

if TYPE_CHECKING:
    from awesome_snn.commands.maintain import AddResult, Ask
    from awesome_snn.metadata.lookup import Found, Lookup
    from awesome_snn.model import Venue


@dataclass(frozen=True)
class Proposal:
    """What ``add URL`` would write, shown before the question."""

    source: str
    title: str
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    """The registry's abbreviation the paper goes under (None: not known yet)."""
    venue_text: str | None
    """The venue as the source names it."""
    url: str
    identifiers: tuple[tuple[str, str], ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AddSourceResult:
    proposal: Proposal
    added: AddResult | None
    """None when the person asked said no (exit 1)."""

    @property
    def exit_code(self) -> int:
        return 0 if self.added is not None else 1


Confirm = Callable[[Proposal], bool]


def propose(found: Found, registry: Sequence[Venue], title: str | None, venue: str | None,
            year: str | int | None) -> Proposal:
    """The paper ``found`` describes, with the user's values first."""
    from awesome_snn.metadata.venue_map import map_venue

    fields = found.fields()
    mapped = map_venue(found.venue_text, registry)
    return Proposal(
        found.record.source,
        title if title is not None else found.record.title,
        tuple(fields.get("authors", ())),
        int(year) if isinstance(year, int) or (isinstance(year, str) and year.strip().isdigit())
        else found.year if year is None else None,
        venue if venue is not None else (mapped.abbr if mapped else None),
        found.venue_text, found.record.url,
        tuple((name, fields[name]) for name in ("arxiv", "doi", "openreview", "dblp") if name in fields),
        found.warnings)


def add_source(source: str, title: str | None = None, venue: str | None = None,
               year: str | int | None = None, code: str | None = None, links: Sequence[str] = (),
               venue_name: str | None = None, journal: bool = False, force: bool = False,
               yes: bool = False, offline: bool = False, catalog: Path | None = None,
               ask: Ask | None = None, confirm: Confirm | None = None,
               lookup: Lookup | None = None) -> AddSourceResult:
    """Fetch the paper ``source`` names and add it; see the module's doc. Without ``yes``
    the paper is written only when ``confirm`` (a person at a terminal) says so."""
    from awesome_snn import catalog as catalogs
    from awesome_snn.commands.enrich import open_lookup
    from awesome_snn.commands.maintain import add, refuse_read_only
    from awesome_snn.metadata.identifiers import parse_identifier

    identifier = parse_identifier(source)
    location = catalogs.locate(catalog)
    refuse_read_only(location)
    if not yes and confirm is None:
        raise InvalidInput(f"not adding {source!r} without confirmation: stdin is not a terminal;"
                           " pass --yes")
    lookup = lookup or open_lookup(offline)
    try:
        found = lookup.describe(identifier)
    finally:
        lookup.client.close()
    view = catalogs.open_catalog(location)
    proposal = propose(found, view.venues, title, venue, year)
    if proposal.venue is None and ask is None and venue_name is None:
        named = f"names the venue {proposal.venue_text!r}, which is not" if proposal.venue_text \
            else "names no venue that is"
        raise InvalidInput(f"{found.record.source} {named} in the registry: pass --venue"
                           " (and --venue-name \"Full name\" to register a new one)")
    if not yes and confirm is not None and not confirm(proposal):
        return AddSourceResult(proposal, None)
    metadata: dict[str, Any] = dict(proposal.identifiers)
    if proposal.authors:
        metadata["authors"] = proposal.authors
    added = add(title=proposal.title, venue=proposal.venue, year=year if year is not None else proposal.year,
                paper=proposal.url, code=code, links=links, venue_name=venue_name, journal=journal,
                force=force, catalog=location.path, ask=ask, metadata=metadata)
    return AddSourceResult(proposal, added)
