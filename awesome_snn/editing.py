"""Changing the catalog: ``add``, ``edit`` and ``remove``.

Each change runs under the catalog's lock, re-reads the file inside it (so it never works
from a stale copy), validates the new record like any other, refuses duplicates unless
forced, and writes atomically. ``add`` appends one table; ``edit`` and ``remove`` rewrite
only the lines of one paper, then check the new text parses to exactly the intended catalog
before it replaces the old one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from awesome_snn import store
from awesome_snn.errors import (
    DuplicatePaper,
    InvalidInput,
    UnknownVenue,
    WriteFailed,
)
from awesome_snn.keys import unique_key
from awesome_snn.model import (
    Catalog,
    Link,
    Paper,
    Venue,
    validate_label,
    validate_links,
    validate_title,
    validate_url,
    validate_year,
)
from awesome_snn.search import Duplicate, find_duplicate
from awesome_snn.snapshot import (
    Snapshot,
    append_to_cache,
    load_snapshot,
    remember,
    snapshot_of,
)
from awesome_snn.venues import guess_kind, resolve_venue


def parse_link_option(text: str) -> tuple[str, str]:
    """``--link arxiv=https://...`` -> ('arxiv', 'https://...')."""
    label, sep, url = text.partition("=")
    if not sep:
        raise InvalidInput(f"--link {text!r}: write it as label=URL, e.g. arxiv=https://arxiv.org/abs/...")
    return validate_label(label), url.strip()


@dataclass(frozen=True)
class NewPaper:
    """What ``add`` was given (before validation)."""

    title: str
    venue: str
    year: str | int
    paper: str | None = None
    code: str | None = None
    links: tuple[str, ...] = ()
    """Extra ``label=URL`` options."""
    venue_name: str | None = None
    journal: bool = False


@dataclass(frozen=True)
class AddResult:
    paper: Paper
    venue: Venue
    new_venue: Venue | None
    forced_over: Paper | None = None
    """The existing paper that --force let this one duplicate."""


def _venue_for(catalog: Catalog | Snapshot, name: str, full_name: str | None,
               journal: bool) -> tuple[Venue, bool]:
    """(venue, needs registering) for a venue named on the command line."""
    if not name or not name.strip():
        raise InvalidInput("venue is empty: give --venue, e.g. --venue ICLR")
    try:
        venue = resolve_venue(name, catalog.venues)
    except UnknownVenue:
        if not full_name:
            raise
        if re.search(r"[\[\]\n\r\t]", name + full_name):
            raise InvalidInput("a venue name may not contain brackets or control characters") from None
        kind = "journal" if journal else guess_kind(full_name)
        return Venue(" ".join(name.split()), " ".join(full_name.split()), kind), True
    return venue, catalog.venue(venue.abbr) is None


def _links(paper: str | None, code: str | None, extra: tuple[str, ...]) -> tuple[Link, ...]:
    pairs: list[tuple[str, str]] = []
    if paper:
        pairs.append(("paper", paper))
    if code:
        pairs.append(("code", code))
    pairs.extend(parse_link_option(text) for text in extra)
    return validate_links(pairs)


def add_paper(path: Path, new: NewPaper, force: bool = False) -> AddResult:
    """Append a validated paper. Works from the catalog's snapshot (cached columns), so a
    100,000-paper catalog is not parsed again; the cache is updated to include the paper."""
    title = validate_title(new.title)
    year = validate_year(new.year)
    if not new.paper:
        raise InvalidInput("a paper needs its paper URL: give --paper https://...")
    links = _links(new.paper, new.code, new.links)
    with store.catalog_lock(path):
        snapshot = _current(path)
        venue, register = _venue_for(snapshot, new.venue, new.venue_name, new.journal)
        duplicate = find_duplicate(snapshot, title, [link.url for link in links])
        if duplicate is not None and not force:
            raise DuplicatePaper(_duplicate_message(duplicate, "add it"), duplicate.paper)
        key = unique_key(title, year, _TakenKeys(snapshot))
        venue_blocks = [store.venue_block(venue)] if register else []
        # The paper's table starts after the venue table (and its blank line), if any.
        offset = sum(block.count("\n") + 1 for block in venue_blocks)
        paper = Paper(key, title, venue.abbr, year, links)
        first_line = store.append_in_place(path, [*venue_blocks, store.paper_block(paper)])
        paper = replace(paper, line=first_line + offset)
        append_to_cache(path, snapshot, paper, venue if register else None)
    return AddResult(paper, venue, venue if register else None,
                     duplicate.paper if duplicate else None)


class _TakenKeys:
    """The catalog's keys as ``unique_key`` asks about them: a new key is usually free,
    which the stored column's bytes show without decoding 100,000 keys."""

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.snapshot.may_hold("keys", key) \
            and key in self.snapshot.keys


def _current(path: Path) -> Snapshot:
    """The catalog's snapshot, read under the lock; refuses a catalog with invalid records.
    (The cache is keyed by the file's stat, so the snapshot is the file as it is now.)"""
    snapshot = load_snapshot(path)
    store.refuse_invalid(path, snapshot.problems)
    return snapshot


def _duplicate_message(duplicate: Duplicate, action: str) -> str:
    existing = duplicate.paper
    return (f"{existing.key} already has {duplicate.reason}: {existing.title!r}"
            f" ({existing.venue} {existing.year}); pass --force to {action} anyway")


@dataclass(frozen=True)
class PaperChanges:
    """What ``edit`` was given; None leaves a field as it is."""

    title: str | None = None
    venue: str | None = None
    year: str | int | None = None
    paper: str | None = None
    code: str | None = None
    links: tuple[str, ...] = ()
    """``label=URL`` sets a link; ``label=`` removes it."""
    venue_name: str | None = None
    journal: bool = False

    def empty(self) -> bool:
        return (self.title is None and self.venue is None and self.year is None and
                self.paper is None and self.code is None and not self.links)


def _changed_links(current: tuple[Link, ...], changes: PaperChanges) -> tuple[Link, ...]:
    links = {link.label: link.url for link in current}
    updates: list[tuple[str, str]] = []
    if changes.paper is not None:
        updates.append(("paper", changes.paper))
    if changes.code is not None:
        updates.append(("code", changes.code))
    for text in changes.links:
        updates.append(parse_link_option(text))
    for label, url in updates:
        if url == "":
            if label not in links:
                raise InvalidInput(f"the paper has no {label!r} link to remove")
            del links[label]
        else:
            links[label] = validate_url(url, label)
    return tuple(Link(label, url) for label, url in links.items())


def edit_paper(path: Path, key: str, changes: PaperChanges,
               force: bool = False) -> tuple[Paper, Venue]:
    from awesome_snn.lookup import get_paper

    if changes.empty():
        raise InvalidInput("nothing to change: give --title, --venue, --year, --paper, --code or --link")
    with store.catalog_lock(path):
        catalog, text = store.load_valid_catalog(path)
        old = get_paper(snapshot_of(catalog), key)
        venue, register = (_venue_for(catalog, changes.venue, changes.venue_name, changes.journal)
                           if changes.venue is not None else (catalog.venue(old.venue), False))
        assert venue is not None
        new = replace(
            old,
            title=validate_title(changes.title) if changes.title is not None else old.title,
            venue=venue.abbr,
            year=validate_year(changes.year) if changes.year is not None else old.year,
            links=_changed_links(old.links, changes),
        )
        if not force:
            duplicate = find_duplicate(snapshot_of(catalog), new.title,
                                       [link.url for link in new.links if link not in old.links],
                                       ignore_key=old.key)
            if duplicate is not None and (new.title != old.title or new.links != old.links):
                raise DuplicatePaper(_duplicate_message(duplicate, "save it"), duplicate.paper)
        position = catalog.papers.index(old)
        new_text = store.edit_paper_text(text, position, old, new)
        if register:
            new_text = store.append_blocks(new_text, [store.venue_block(venue)])
        papers = list(catalog.papers)
        papers[position] = new
        _write_checked(path, new_text, replace(catalog, papers=tuple(papers),
                                               venues=catalog.venues + ((venue,) if register else ())))
    return new, venue


def remove_paper(path: Path, key: str) -> Paper:
    from awesome_snn.lookup import get_paper

    with store.catalog_lock(path):
        catalog, text = store.load_valid_catalog(path)
        old = get_paper(snapshot_of(catalog), key)
        position = catalog.papers.index(old)
        new_text = store.replace_paper_text(text, position, None)
        papers = tuple(p for p in catalog.papers if p.key != old.key)
        _write_checked(path, new_text, replace(catalog, papers=papers))
    return old


def _write_checked(path: Path, new_text: str, expected: Catalog) -> None:
    """Write ``new_text`` only if it parses to exactly ``expected``: a rewrite of one table
    must never change any other record."""
    parsed, problems = store.parse_catalog(new_text, path)
    if problems or parsed != expected:
        raise WriteFailed(f"{path}: the change could not be made without touching other"
                          " records (unusual hand formatting?); nothing was changed. Edit the"
                          " file by hand.")
    store.atomic_write(path, new_text)
    remember(path, snapshot_of(parsed))
