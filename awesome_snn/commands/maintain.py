"""The commands that change a catalog: ``init``, ``add``, ``edit`` and ``remove``.

The policy lives here: every value is validated (``model.validate_*``), venues are resolved
(``venues.resolve_venue``) or registered, keys are made once (``keys.unique_key``) and a
duplicate is refused (``duplicates.find_duplicate``) unless forced. It runs inside
``catalog.writing``, which holds the catalog's lock, so it judges the catalog as it is at
the moment of the change; the writer changes the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from awesome_snn.errors import DuplicatePaper, InvalidInput, ReadOnlyCatalog, UnknownVenue, WriteFailed
from awesome_snn.model import Link, Paper, Venue

if TYPE_CHECKING:
    from awesome_snn.catalog import CatalogLocation, CatalogView
    from awesome_snn.duplicates import Duplicate

Confirm = Callable[[Paper], bool]
"""Asks a person whether to remove this paper."""


class Ask(Protocol):
    """A person at a terminal, as ``add`` asks them for what the command line left out."""

    def text(self, prompt: str, required: bool) -> str:
        """The answer typed (``""`` leaves an optional value out)."""

    def confirm(self, question: str) -> bool:
        """Yes or no (no unless they say yes)."""

    def tell(self, message: str) -> None:
        """Why an answer was not taken; the question is then asked again."""


@dataclass(frozen=True)
class InitResult:
    path: Path


@dataclass(frozen=True)
class AddResult:
    paper: Paper
    venue: Venue
    new_venue: Venue | None
    """The venue this add registered, if any."""
    forced_over: Paper | None = None
    """The existing paper that --force let this one duplicate."""


@dataclass(frozen=True)
class EditResult:
    paper: Paper
    venue: Venue
    new_venue: Venue | None


@dataclass(frozen=True)
class RemoveResult:
    paper: Paper
    removed: bool
    """False when the person asked said no (exit 1)."""

    @property
    def exit_code(self) -> int:
        return 0 if self.removed else 1


# --- init ----------------------------------------------------------------------------------

def init(path: Path | None, title: str | None = None, repo: Path | None = None) -> InitResult:
    """Write a new, empty catalog at ``path`` (never over an existing file). With ``repo``,
    scaffold a list repository there instead: ``data/papers.toml`` (in the ``awesome``
    layout), the ``README.md`` exported from it, a contributing guide, the CI workflow, a
    pre-commit config and the markdownlint-cli2 settings (none written over an existing file)."""
    from awesome_snn import catalog
    from awesome_snn.model import Catalog, ListTexts

    if path is None and repo is None:
        raise InvalidInput("give the catalog's PATH, or --repo DIR to scaffold a list repository")
    if repo is not None:
        path = path or repo / "data" / "papers.toml"
    assert path is not None
    if path.exists():
        raise WriteFailed(f"{path}: already exists; init writes only new catalogs")
    texts = ListTexts(title=title) if title else ListTexts()
    if repo is None:
        catalog.create(path, Catalog(texts=texts), overwrite=False)
        return InitResult(path)
    from dataclasses import replace

    from awesome_snn.commands.exporting import styled
    from awesome_snn.layout import AWESOME, AWESOME_BADGE
    from awesome_snn.markdown_render import render_markdown

    texts = replace(texts, badge=AWESOME_BADGE, layout=AWESOME)
    files = {repo / name: text for name, text in _repo_files(path.relative_to(repo)
                                                             if path.is_relative_to(repo) else path).items()}
    files[repo / "README.md"] = render_markdown(Catalog(*styled(texts, "awesome")[:1]), AWESOME)
    existing = [str(file) for file in files if file.exists()]
    if existing:
        raise WriteFailed(f"{existing[0]}: already exists; init --repo writes only new files")
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.create(path, Catalog(texts=texts), overwrite=False)
    for file, text in files.items():
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, encoding="utf-8")
    return InitResult(path)


_CONTRIBUTING = """# Contributing

Thank you for adding to the list. The README is made from the catalog, `{catalog}`: edit
the catalog, never the README.

1. Add a paper with `snn-papers add --catalog {catalog}` (or edit the TOML by hand).
2. Run `snn-papers check --catalog {catalog}`: it must report no errors.
3. Rewrite the README with `snn-papers export --catalog {catalog} --style awesome -o README.md`.
4. Open a pull request; the CI runs the same commands.
"""

_PRE_COMMIT = """repos:
  - repo: <URL of the snn-papers repository>
    rev: <a tag or commit of it>
    hooks:
      - id: snn-papers-check
      - id: snn-papers-readme
"""


def _repo_files(catalog_path: Path) -> dict[str, str]:
    """The files ``init --repo`` writes besides the catalog and the README."""
    workflow = Path(__file__).resolve().parents[2] / "docs" / "ci" / "snn-papers.yml"
    import json

    from awesome_snn.layout import MARKDOWNLINT_CONFIG

    files = {"CONTRIBUTING.md": _CONTRIBUTING.format(catalog=catalog_path.as_posix()),
             ".pre-commit-config.yaml": _PRE_COMMIT,
             ".markdownlint-cli2.jsonc": json.dumps(MARKDOWNLINT_CONFIG, indent=2) + "\n"}
    if workflow.is_file():
        files[".github/workflows/snn-papers.yml"] = workflow.read_text(encoding="utf-8")
    return files


# --- shared policy ------------------------------------------------------------------------

def refuse_read_only(location: CatalogLocation) -> None:
    """A write to the shipped catalog is refused before any question is asked."""
    if location.shipped:
        raise ReadOnlyCatalog(
            f"{location.path} is the catalog shipped with snn-papers and is read-only: pass"
            " --catalog PATH or set SNN_PAPERS_CATALOG=PATH (start one with"
            " `snn-papers init PATH`)")


def parse_link_option(text: str) -> tuple[str, str]:
    """``--link arxiv=https://...`` -> ('arxiv', 'https://...')."""
    from awesome_snn.model import validate_label

    label, sep, url = text.partition("=")
    if not sep:
        raise InvalidInput(f"--link {text!r}: write it as label=URL, e.g. arxiv=https://arxiv.org/abs/...")
    return validate_label(label), url.strip()


MAX_VENUE_NAME = 200


def validate_venue_text(text: str, what: str) -> str:
    """A venue's abbreviation or full name: the rules of a venue name in the catalog (those
    of a title), and no brackets (a list's heading puts the full name in brackets)."""
    from awesome_snn.model import validate_venue_name

    cleaned = validate_venue_name(text, what)
    if re.search(r"[\[\]]", cleaned):
        raise InvalidInput(f"{what} {cleaned!r} may not contain brackets")
    if len(cleaned) > MAX_VENUE_NAME:
        raise InvalidInput(f"{what} is {len(cleaned)} characters long; at most"
                           f" {MAX_VENUE_NAME} are allowed")
    return cleaned


def _venue_for(view: CatalogView, name: str, full_name: str | None,
               journal: bool) -> tuple[Venue, bool]:
    """(venue, needs registering) for a venue named on the command line."""
    from awesome_snn.venues import guess_kind, resolve_venue

    if not name or not name.strip():
        raise InvalidInput("venue is empty: give --venue, e.g. --venue ICLR")
    try:
        venue = resolve_venue(name, view.venues)
    except UnknownVenue:
        if not full_name:
            raise
        abbr = validate_venue_text(name, "the venue")
        full = validate_venue_text(full_name, "the venue's full name")
        kind = "journal" if journal else guess_kind(full)
        return Venue(abbr, full, kind), True
    return venue, view.venue(venue.abbr) is None


def _duplicate_message(duplicate: Duplicate, action: str) -> str:
    existing = duplicate.paper
    return (f"{existing.key} already has {duplicate.reason}: {existing.title!r}"
            f" ({existing.venue} {existing.year}); pass --force to {action} anyway")


def _find_duplicate(view: CatalogView, title: str, links: Sequence[Link],
                    ignore_key: str | None = None) -> Duplicate | None:
    from awesome_snn.duplicates import find_duplicate

    return find_duplicate(view, title, links, ignore_key=ignore_key)


class _TakenKeys:
    """The catalog's keys as ``keys.unique_key`` asks about them (no set of 100,000 keys)."""

    def __init__(self, view: CatalogView) -> None:
        self.view = view

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.view.index_of(key) is not None


# --- add -----------------------------------------------------------------------------------

T = TypeVar("T")


def _asked(ask: Ask, prompt: str, required: bool, judge: Callable[[str], T]) -> T:
    """An answer to ``prompt`` as ``judge`` takes it: a refused answer is told why and the
    question asked again (nothing typed before is lost)."""
    while True:
        answer = ask.text(prompt, required).strip()
        try:
            return judge(answer)
        except InvalidInput as exc:
            ask.tell(str(exc))


def _paper_url(url: str) -> str:
    from awesome_snn.model import validate_url

    if not url:
        raise InvalidInput("a paper needs its paper URL: give --paper https://...")
    return validate_url(url, "paper")


def _code_url(url: str) -> str | None:
    from awesome_snn.model import validate_url

    return validate_url(url, "code") if url else None


def _ask_venue(ask: Ask, view: CatalogView, venue: str | None,
               venue_name: str | None) -> tuple[str, str | None]:
    """(venue, full name to register it with or None), asking until the venue is known or
    the person chooses to register it: an unknown one is told with the closest known
    venues."""
    from awesome_snn.venues import KNOWN_VENUES, resolve_venue, suggest_venues

    while True:
        if venue is None:
            venue = _asked(ask, "Venue (e.g. ICLR)", True,
                           lambda text: validate_venue_text(text, "the venue"))
        try:
            resolve_venue(venue, view.venues)
            return venue, None
        except UnknownVenue:
            if venue_name:
                return venue, venue_name
        candidates = {v.abbr: v for v in reversed((*view.venues, *KNOWN_VENUES))}
        close = suggest_venues(venue, list(candidates.values()))
        hint = f"; the closest known: {', '.join(close)}" if close else ""
        ask.tell(f"{venue!r} is not a known venue{hint}")
        if ask.confirm(f"Register {venue} as a new venue?"):
            full = _asked(ask, f"Full name of {venue}", True,
                          lambda text: validate_venue_text(text, "the venue's full name"))
            return venue, full
        venue = None


def add(title: str | None = None, venue: str | None = None, year: str | int | None = None,
        paper: str | None = None, code: str | None = None, links: Sequence[str] = (),
        venue_name: str | None = None, journal: bool = False, force: bool = False,
        catalog: Path | None = None, ask: Ask | None = None,
        metadata: Mapping[str, Any] | None = None) -> AddResult:
    """Append a validated paper (and register its venue if new). What the command line
    gives is checked first, before any question. A missing value is asked for with ``ask``
    (on a terminal) in the order title, venue, year, paper, code, each answer checked as it
    is given and asked again with the reason (an unknown venue: the closest known ones, or
    registering it with its full name); without ``ask`` a missing value is an error (exit 2).
    ``metadata``: the paper's authors and identifiers (``model.METADATA_KEYS``, as ``add
    URL`` fetched them), validated as the catalog reader validates them."""
    from awesome_snn import catalog as catalogs
    from awesome_snn.keys import unique_key
    from awesome_snn.model import validate_links, validate_title, validate_year

    location = catalogs.locate(catalog)
    refuse_read_only(location)

    clean_title = validate_title(title) if title is not None else None
    clean_year = validate_year(year) if year is not None else None
    paper_url = _paper_url(paper) if paper is not None else None
    code_url = _code_url(code) if code is not None else None
    extra = [parse_link_option(text) for text in links]
    validate_links(extra)
    fields = _metadata_fields(metadata or {})
    if venue is not None and not venue.strip():
        raise InvalidInput("venue is empty: give --venue, e.g. --venue ICLR")

    if ask is None:
        for value, option in ((clean_title, "--title"), (venue, "--venue"), (clean_year, "--year"),
                              (paper_url, "--paper")):
            if value is None:
                raise InvalidInput(f"missing {option}: stdin is not a terminal, so snn-papers"
                                   f" cannot ask for it; pass {option}")
    else:
        asked_code = paper is None or title is None  # whoever answers questions is asked for code
        view = catalogs.open_catalog(location)

        def not_a_duplicate(paper_links: Sequence[Link]) -> None:
            duplicate = None if force else _find_duplicate(view, clean_title, paper_links)
            if duplicate is not None:
                raise DuplicatePaper(_duplicate_message(duplicate, "add it"), duplicate.paper)

        if clean_title is None:
            clean_title = _asked(ask, "Title", True, validate_title)
            not_a_duplicate(())
        venue, venue_name = _ask_venue(ask, view, venue, venue_name)
        if clean_year is None:
            clean_year = _asked(ask, "Year", True, validate_year)
        if paper_url is None:
            paper_url = _asked(ask, "Paper URL", True, _paper_url)
            not_a_duplicate((Link("paper", paper_url),))
        if asked_code and code_url is None:
            code_url = _asked(ask, "Code URL (optional, Enter to skip)", False, _code_url)

    assert clean_title is not None and clean_year is not None and paper_url is not None
    pairs: list[tuple[str, str]] = [("paper", paper_url)]
    if code_url:
        pairs.append(("code", code_url))
    pairs.extend(extra)
    clean_links = validate_links(pairs)
    with catalogs.writing(location) as writer:
        view = writer.view
        resolved, register = _venue_for(view, venue or "", venue_name, journal)
        duplicate = _find_duplicate(view, clean_title, clean_links)
        if duplicate is not None and not force:
            raise DuplicatePaper(_duplicate_message(duplicate, "add it"), duplicate.paper)
        key = unique_key(clean_title, clean_year, _TakenKeys(view))
        new = Paper(key, clean_title, resolved.abbr, clean_year, clean_links, **fields)
        (added,) = writer.add([new], [resolved] if register else [])
    return AddResult(added, resolved, resolved if register else None,
                     duplicate.paper if duplicate is not None else None)


def _metadata_fields(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Authors and identifiers as ``Paper`` keeps them, each validated."""
    from awesome_snn.model import IDENTIFIER_VALIDATORS, validate_authors

    fields: dict[str, Any] = {}
    for name, value in metadata.items():
        if name == "authors":
            fields[name] = validate_authors(list(value))
        elif name in IDENTIFIER_VALIDATORS:
            fields[name] = IDENTIFIER_VALIDATORS[name](value)
        else:
            raise InvalidInput(f"a paper has no field {name!r}")
    return fields


# --- edit ----------------------------------------------------------------------------------

def _changed_links(current: tuple[Link, ...], paper: str | None, code: str | None,
                   extra: Sequence[str]) -> tuple[Link, ...]:
    from awesome_snn.model import validate_url

    links = {link.label: link.url for link in current}
    updates: list[tuple[str, str]] = []
    if paper is not None:
        updates.append(("paper", paper))
    if code is not None:
        updates.append(("code", code))
    updates.extend(parse_link_option(text) for text in extra)
    for label, url in updates:
        if url == "":
            if label == "paper":
                raise InvalidInput("a paper keeps its paper link: give --paper https://... to"
                                   " change it (only other links can be removed)")
            if label not in links:
                raise InvalidInput(f"the paper has no {label!r} link to remove")
            del links[label]
        else:
            links[label] = validate_url(url, label)
    if not links:
        raise InvalidInput("a paper needs a link: give --paper https://...")
    return tuple(Link(label, url) for label, url in links.items())


def edit(key: str, title: str | None = None, venue: str | None = None,
         year: str | int | None = None, paper: str | None = None, code: str | None = None,
         links: Sequence[str] = (), venue_name: str | None = None, journal: bool = False,
         force: bool = False, catalog: Path | None = None) -> EditResult:
    """Change fields of paper ``key`` (None leaves a field as it is; an empty URL removes
    that link), validated like ``add``; the key stays."""
    from awesome_snn import catalog as catalogs
    from awesome_snn.commands.common import find_paper
    from awesome_snn.model import validate_title, validate_year

    if (title is None and venue is None and year is None and paper is None and code is None
            and not links):
        raise InvalidInput("nothing to change: give --title, --venue, --year, --paper, --code or --link")
    location = catalogs.locate(catalog)
    with catalogs.writing(location) as writer:
        view = writer.view
        old = find_paper(view, key)
        if venue is not None:
            resolved, register = _venue_for(view, venue, venue_name, journal)
        else:
            resolved, register = view.venue(old.venue) or Venue(old.venue, old.venue), False
        new = replace(
            old,
            title=validate_title(title) if title is not None else old.title,
            venue=resolved.abbr,
            year=validate_year(year) if year is not None else old.year,
            links=_changed_links(old.links, paper, code, links),
        )
        if new != old:
            # the item as the list wrote it says the old paper: the README makes the new one
            new = new.without_as_written()
        if not force:  # only what the edit changes is judged (duplicates.find_duplicate)
            duplicate = _find_duplicate(view, new.title, new.links, ignore_key=old.key)
            if duplicate is not None:
                raise DuplicatePaper(_duplicate_message(duplicate, "save it"), duplicate.paper)
        saved = writer.edit(old.key, new, [resolved] if register else [])
    return EditResult(saved, resolved, resolved if register else None)


# --- remove --------------------------------------------------------------------------------

def remove(key: str, yes: bool = False, catalog: Path | None = None,
           confirm: Confirm | None = None) -> RemoveResult:
    """Remove paper ``key``. Unless ``yes``, ask ``confirm`` first (outside the lock: a
    person may take a while to answer); a "no" removes nothing, and without ``confirm`` (no
    terminal to ask on) nothing is removed without ``yes``."""
    from awesome_snn import catalog as catalogs
    from awesome_snn.commands.common import find_paper

    location = catalogs.locate(catalog)
    refuse_read_only(location)
    if not yes:
        paper = find_paper(catalogs.open_catalog(location), key)
        if confirm is None:
            raise InvalidInput(f"not removing {key} without confirmation: stdin is not a"
                               " terminal; pass --yes")
        if not confirm(paper):
            return RemoveResult(paper, removed=False)
    with catalogs.writing(location) as writer:
        find_paper(writer.view, key)
        removed = writer.remove(key)
    return RemoveResult(removed, removed=True)
