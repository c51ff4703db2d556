"""``enrich``: fill what papers lack (authors, identifiers) from the services.

For each paper: the arXiv id of an arXiv link, the OpenReview id of an OpenReview link, the
DOI of a doi.org link (else one Crossref finds by the paper's title), then each source's
record, and DBLP's record by title (its key). Every record's title must match the
catalog's, folded and fuzzy: a mismatch is a link to the wrong paper, reported, and nothing
is written for that paper. So is any error (a service unreachable, a bad answer, a paper
not in the cache ``--offline``): a paper is written whole or not at all.

arXiv is asked first, for every paper at once (``metadata.lookup`` batches up to 100 ids a
query and keeps each record in the cache as it comes). The catalog is then written through
``catalog.writing`` in batches of ``BATCH`` papers, each batch under the lock, onto the
catalog as it is then (a field someone filled in the meantime is kept). A kill loses at most
the batch being made, and its records are in the cache: running ``enrich`` again continues
where it stopped, without asking the services again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from awesome_snn.errors import InvalidInput

if TYPE_CHECKING:
    from awesome_snn.metadata.lookup import Lookup
    from awesome_snn.metadata.record import Record
    from awesome_snn.model import Paper

BATCH = 10
"""Papers written together: few enough that a kill loses little, enough that a 1,000-paper
enrich does not rewrite the file 1,000 times."""

Status = Literal["filled", "complete", "nothing", "mismatch", "error"]
STATUSES: tuple[Status, ...] = ("filled", "complete", "nothing", "mismatch", "error")
"""filled: fields were written; complete: nothing was missing; nothing: the sources know
nothing the paper lacks; mismatch: a source's title is another paper's; error: a service
could not answer for it."""

Progress = Callable[[int, int, "Outcome | None"], None]
"""``progress(done, total, outcome)`` as each paper is done (the CLI's progress bar)."""


@dataclass(frozen=True)
class Outcome:
    key: str
    status: Status
    fields: tuple[str, ...] = ()
    """The fields written (filled) or that would be (mismatch: none is)."""
    message: str = ""


@dataclass(frozen=True)
class EnrichResult:
    outcomes: tuple[Outcome, ...]
    offline: bool
    requests: int
    """HTTP requests sent (0 when every answer came from the cache)."""

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def exit_code(self) -> int:
        """1 when a paper could not be enriched (a mismatch or an error), as ``check``."""
        return 1 if any(o.status in ("mismatch", "error") for o in self.outcomes) else 0


def fields_of(paper: Paper) -> dict[str, Any]:
    return {"authors": paper.authors, "arxiv": paper.arxiv, "doi": paper.doi,
            "openreview": paper.openreview, "dblp": paper.dblp}


def validate_overwrite(names: Sequence[str]) -> frozenset[str]:
    from awesome_snn.metadata.lookup import FIELDS

    wanted = frozenset(name.strip() for name in names)
    unknown = sorted(wanted - set(FIELDS))
    if unknown:
        raise InvalidInput(f"--overwrite {unknown[0]!r}: a field enrich fills is one of"
                           f" {', '.join(FIELDS)}")
    return wanted


def open_lookup(offline: bool) -> Lookup:
    """The lookup a command uses: the client, its rate gates and the response cache in the
    user cache folder (``metadata`` there)."""
    from awesome_snn import catalog
    from awesome_snn.metadata.cache import Cache
    from awesome_snn.metadata.client import Client
    from awesome_snn.metadata.lookup import Lookup

    try:
        folder: Path | None = catalog.private_folder("metadata")
    except OSError:
        folder = None
    return Lookup(Client(folder, offline=offline), Cache(folder / "answers" if folder else None))


def enrich(keys: Sequence[str] = (), overwrite: Sequence[str] = (), offline: bool = False,
           catalog: Path | None = None, progress: Progress | None = None,
           lookup: Lookup | None = None) -> EnrichResult:
    """Fill the papers ``keys`` (all when none) from the services; see the module's doc."""
    from awesome_snn import catalog as catalogs
    from awesome_snn.commands.common import find_paper
    from awesome_snn.commands.maintain import refuse_read_only
    from awesome_snn.metadata.identifiers import identifiers_in_links

    told = validate_overwrite(overwrite)
    location = catalogs.locate(catalog)
    refuse_read_only(location)
    view = catalogs.open_catalog(location)
    if view.problems:  # the writer would refuse it at the first batch: refuse before asking
        from awesome_snn.errors import CatalogInvalid

        raise CatalogInvalid(f"{view.path}: {len(view.problems)} invalid record(s); fix them"
                             " before enriching the catalog (`snn-papers check` lists them)",
                             tuple(view.problems))
    papers = [find_paper(view, key) for key in dict.fromkeys(keys)] if keys else \
        list(view.catalog().papers)
    lookup = lookup or open_lookup(offline)
    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[Paper, dict[str, str]]] = []
    for paper in papers:
        if _complete(paper, told):
            outcomes[paper.key] = Outcome(paper.key, "complete")
            if progress:
                progress(len(outcomes), len(papers), outcomes[paper.key])
            continue
        ids: dict[str, str] = dict(identifiers_in_links(link.url for link in paper.links))
        for name in ("arxiv", "doi", "openreview"):
            value = getattr(paper, name)
            if value:
                ids[name] = value
        todo.append((paper, ids))
    done = len(outcomes)
    total = len(papers)
    if progress:
        progress(done, total, None)
    with contextlib.closing(lookup.client):
        arxiv_found = lookup.arxiv([ids["arxiv"] for paper, ids in todo if "arxiv" in ids
                                    and _wants(paper, told) & GIVES["arxiv"]])
        pending: dict[str, dict[str, Any]] = {}
        with _flushing(location, pending, told, outcomes):
            for paper, ids in todo:
                outcome, changes = _enrich_one(paper, ids, arxiv_found, lookup, told)
                outcomes[paper.key] = outcome
                if changes:
                    pending[paper.key] = changes
                if len(pending) >= BATCH:
                    _write(location, pending, told, outcomes)
                done += 1
                if progress:
                    progress(done, total, outcome)
        requests = lookup.client.requests
    return EnrichResult(tuple(outcomes[p.key] for p in papers), lookup.offline, requests)


def _wants(paper: Paper, overwrite: frozenset[str]) -> set[str]:
    return {name for name, value in fields_of(paper).items() if not value or name in overwrite}


def _complete(paper: Paper, overwrite: frozenset[str]) -> bool:
    return not overwrite and all(fields_of(paper).values())


@contextlib.contextmanager
def _flushing(location: Any, pending: dict[str, dict[str, Any]], overwrite: frozenset[str],
              outcomes: dict[str, Outcome]) -> Iterator[None]:
    """Whatever ends the loop (its end, Ctrl-C, an error), what was fetched is written."""
    try:
        yield
    finally:
        if pending:
            _write(location, pending, overwrite, outcomes)


def _write(location: Any, pending: dict[str, dict[str, Any]], overwrite: frozenset[str],
           outcomes: dict[str, Outcome]) -> None:
    """One batch, under the lock, onto the papers as they are now: a field filled since the
    catalog was read is kept unless ``overwrite`` names it; a paper removed meanwhile is
    skipped."""
    from awesome_snn import catalog as catalogs

    with catalogs.writing(location) as writer:
        view = writer.view
        changed: list[Paper] = []
        for key, changes in pending.items():
            index = view.index_of(key)
            if index is None:
                continue
            current = view.paper(index)
            have = fields_of(current)
            kept = {name: value for name, value in changes.items()
                    if name in overwrite or not have[name]}
            if kept:
                changed.append(replace(current, **kept))
            outcomes[key] = replace(outcomes[key], fields=tuple(kept))
        if changed:
            writer.update(changed)
    pending.clear()


GIVES = {"arxiv": {"authors", "arxiv", "doi"}, "openreview": {"authors", "openreview"},
         "crossref": {"authors", "doi"}, "dblp": {"authors", "doi", "dblp"}}
"""The fields each source can fill: a source is asked only for a paper that lacks one."""


def _enrich_one(paper: Paper, ids: dict[str, str], arxiv_found: dict[str, Any],
                lookup: Lookup, overwrite: frozenset[str]) -> tuple[Outcome, dict[str, Any]]:
    from awesome_snn.errors import MetadataError, NotFound, TitleMismatch
    from awesome_snn.metadata.lookup import check_title, fill
    from awesome_snn.model import validate_authors

    have = fields_of(paper)
    wanted = {name for name, value in have.items() if not value or name in overwrite}
    records: list[Record] = []
    try:
        if "arxiv" in ids and wanted & GIVES["arxiv"]:
            found = arxiv_found[ids["arxiv"]]
            if isinstance(found, MetadataError):
                raise found
            records.append(check_title(paper.title, found, f"arXiv {ids['arxiv']}"))
        if "openreview" in ids and wanted & GIVES["openreview"]:
            records.append(check_title(paper.title, lookup.openreview(ids["openreview"]),
                                       f"OpenReview {ids['openreview']}"))
        if wanted & GIVES["crossref"]:
            doi = ids.get("doi") or next((r.doi for r in records if r.doi), None)
            if doi is None and not records and "arxiv" not in ids and "openreview" not in ids:
                with contextlib.suppress(NotFound):  # the search checks the title itself
                    doi = lookup.crossref_by_title(paper.title).doi
            if doi is not None:
                records.append(check_title(paper.title, lookup.crossref(doi), f"Crossref {doi}"))
        if wanted & GIVES["dblp"]:
            with contextlib.suppress(NotFound):
                records.append(lookup.dblp_by_title(paper.title))
    except TitleMismatch as exc:
        return Outcome(paper.key, "mismatch", (), str(exc)), {}
    except MetadataError as exc:
        return Outcome(paper.key, "error", (), str(exc)), {}
    changes = fill(have, records, overwrite)
    if "authors" in changes:
        try:
            changes["authors"] = validate_authors(list(changes["authors"]))
        except InvalidInput as exc:
            return Outcome(paper.key, "error", (), f"the authors the sources give: {exc}"), {}
    if not changes:
        return Outcome(paper.key, "nothing"), {}
    return Outcome(paper.key, "filled", tuple(changes)), changes
