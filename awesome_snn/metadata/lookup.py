"""Asking the services: records for identifiers (arXiv in batches) and titles, through the
cache; the title check; and which fields a paper lacks that the records fill.

The order of trust for authors, where several sources know a paper: arXiv and OpenReview
(the authors' own submission), Crossref (the publisher's), DBLP (names with homonym numbers
removed). An identifier is taken from the source that owns it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from awesome_snn.errors import MetadataError, NotCached, NotFound, TitleMismatch
from awesome_snn.folding import fold
from awesome_snn.metadata import arxiv, crossref, dblp, openreview
from awesome_snn.metadata.cache import Cache
from awesome_snn.metadata.client import Client
from awesome_snn.metadata.identifiers import Identifier
from awesome_snn.metadata.record import Record
from awesome_snn.metadata.services import ARXIV, CROSSREF, DBLP, OPENREVIEW

TITLE_MATCH = 90.0
"""Least rapidfuzz ratio (0..100) of two folded titles of the same paper: a venue's and an
arXiv's title differ by a word's case, a hyphen, a subtitle's colon, not by more."""
FIELDS = ("authors", "arxiv", "doi", "openreview", "dblp")
"""The fields the metadata layer fills, in the order they are shown."""
_TRUST = {"arxiv": 0, "openreview": 1, "crossref": 2, "dblp": 3}


def titles_match(ours: str, theirs: str) -> bool:
    """Same paper by title: folded (case, accents, punctuation), then fuzzy."""
    from rapidfuzz import fuzz

    a, b = fold(ours), fold(theirs)
    return bool(a and b) and (a == b or fuzz.ratio(a, b) >= TITLE_MATCH)


def check_title(ours: str, record: Record, where: str) -> Record:
    if not titles_match(ours, record.title):
        raise TitleMismatch(f"{where}: {record.source} has {record.title!r}, not {ours!r}:"
                            " a link to the wrong paper?")
    return record


def fill(current: Mapping[str, Any], records: Sequence[Record],
         overwrite: Collection[str] = ()) -> dict[str, Any]:
    """The fields ``current`` lacks (or is told to ``overwrite``) that ``records`` know, with
    their values: authors as a tuple, identifiers as text. A field already set is never in
    the result unless named in ``overwrite``, nor one whose value would not change."""
    ordered = sorted(records, key=lambda r: _TRUST[r.source])
    changes: dict[str, Any] = {}
    for name in FIELDS:
        have = current.get(name)
        if have and name not in overwrite:
            continue
        value = next((getattr(r, name) for r in ordered if getattr(r, name)), None)
        if value and value != have:
            changes[name] = value
    return changes


@dataclass(frozen=True)
class Found:
    """What ``add`` shows: the identifier's own record, and records of the same paper from
    the other sources (DBLP's gives an arXiv paper its venue), and what could not be asked."""

    record: Record
    others: tuple[Record, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def venue_text(self) -> str | None:
        """The venue as the sources name it: the record's own, else another source's (an
        arXiv preprint's "CoRR" at DBLP is no venue)."""
        if self.record.venue:
            return self.record.venue
        return next((r.venue for r in self.others if r.venue and r.venue != dblp.PREPRINT_VENUE),
                    None)

    @property
    def year(self) -> int | None:
        """The year of the venue's record: a preprint's year is its first version's, while
        a list files the paper under the year of the venue that published it."""
        if self.record.venue:
            return self.record.year
        source = next((r for r in self.others if r.venue and r.venue != dblp.PREPRINT_VENUE), None)
        return source.year if source is not None and source.year else self.record.year

    def fields(self) -> dict[str, Any]:
        return fill({}, (self.record, *self.others))


class Lookup:
    def __init__(self, client: Client, cache: Cache) -> None:
        self.client = client
        self.cache = cache

    @property
    def offline(self) -> bool:
        return self.client.offline

    def _through_cache(self, service: str, key: str, what: str,
                       fetch: Callable[[], Record]) -> Record:
        hit = self.cache.get(service, key)
        if hit is not None:
            if hit.record is None:
                raise NotFound(f"{what}: not found (cached answer)")
            return hit.record
        if self.offline:
            raise NotCached(f"{what}: not in the cache, and --offline sends no request")
        try:
            record = fetch()
        except NotFound:
            self.cache.put(service, key, None)
            raise
        self.cache.put(service, key, record)
        return record

    # --- by identifier ---------------------------------------------------------------------

    def arxiv(self, ids: Sequence[str],
              on_batch: Callable[[int], None] | None = None) -> dict[str, Record | MetadataError]:
        """A record, or why there is none, for each id: from the cache, else in queries of
        up to ``arxiv.BATCH`` ids. ``on_batch(n)`` after each query of n ids."""
        result: dict[str, Record | MetadataError] = {}
        missing: list[str] = []
        for arxiv_id in dict.fromkeys(ids):
            hit = self.cache.get("arxiv", arxiv_id)
            if hit is None:
                missing.append(arxiv_id)
            else:
                result[arxiv_id] = hit.record or NotFound(f"arXiv has no paper {arxiv_id} (cached answer)")
        if self.offline:
            for arxiv_id in missing:
                result[arxiv_id] = NotCached(f"arXiv {arxiv_id}: not in the cache, and --offline"
                                             " sends no request")
            return result
        for start in range(0, len(missing), arxiv.BATCH):
            batch = missing[start:start + arxiv.BATCH]
            try:
                answer = self.client.get(ARXIV, arxiv.query_url(ARXIV.base_url(), batch),
                                         f"arXiv {', '.join(batch[:3])}{'...' if len(batch) > 3 else ''}",
                                         "application/atom+xml")
                parsed = arxiv.parse_feed(answer.body, answer.content_type, batch)
            except MetadataError as exc:
                parsed = dict.fromkeys(batch, exc)
            for arxiv_id, found in parsed.items():
                if isinstance(found, Record):
                    self.cache.put("arxiv", arxiv_id, found)
                elif isinstance(found, NotFound):
                    self.cache.put("arxiv", arxiv_id, None)
                result[arxiv_id] = found
            if on_batch is not None:
                on_batch(len(batch))
        return result

    def openreview(self, forum: str) -> Record:
        what = f"OpenReview {forum}"

        def fetch() -> Record:
            answer = self.client.get(OPENREVIEW, openreview.notes_url(OPENREVIEW.base_url(), forum),
                                     what, "application/json")
            return openreview.parse_notes(answer.body, answer.content_type, forum)
        return self._through_cache("openreview", forum, what, fetch)

    def crossref(self, doi: str) -> Record:
        what = f"Crossref {doi}"

        def fetch() -> Record:
            answer = self.client.get(CROSSREF, crossref.work_url(CROSSREF.base_url(), doi), what,
                                     "application/json")
            return crossref.parse_work(answer.body, answer.content_type, doi)
        return self._through_cache("crossref", doi.casefold(), what, fetch)

    def fetch(self, identifier: Identifier) -> Record:
        if identifier.kind == "arxiv":
            found = self.arxiv([identifier.value])[identifier.value]
            if isinstance(found, MetadataError):
                raise found
            return found
        if identifier.kind == "openreview":
            return self.openreview(identifier.value)
        return self.crossref(identifier.value)

    # --- by title --------------------------------------------------------------------------

    def crossref_by_title(self, title: str) -> Record:
        """The Crossref work whose title matches ``title`` (for a DOI), else ``NotFound``."""
        what = f"Crossref search for {title[:60]!r}"

        def fetch() -> Record:
            answer = self.client.get(CROSSREF, crossref.search_url(CROSSREF.base_url(), title), what,
                                     "application/json")
            records = crossref.parse_search(answer.body, answer.content_type, title)
            return _best(records, title, what)
        return self._through_cache("crossref-title", fold(title), what, fetch)

    def dblp_by_title(self, title: str) -> Record:
        """DBLP's record of the paper titled ``title``: a published version before the CoRR
        preprint; ``NotFound`` when no hit has that title."""
        what = f"DBLP search for {title[:60]!r}"

        def fetch() -> Record:
            answer = self.client.get(DBLP, dblp.search_url(DBLP.base_url(), title), what,
                                     "application/json")
            records = dblp.parse_search(answer.body, answer.content_type)
            published = [r for r in records if r.venue != dblp.PREPRINT_VENUE]
            try:
                return _best(published, title, what)
            except NotFound:
                return _best(records, title, what)
        return self._through_cache("dblp-title", fold(title), what, fetch)

    def describe(self, identifier: Identifier) -> Found:
        """The paper ``identifier`` names, for ``add``: its record, and for an arXiv paper
        (which names no venue) DBLP's record of the same title. A failure of that second
        question is a warning: the first record is enough to add the paper."""
        record = self.fetch(identifier)
        others: list[Record] = []
        warnings: list[str] = []
        if record.source == "arxiv" or record.venue is None or not record.authors:
            try:
                others.append(self.dblp_by_title(record.title))
            except NotFound:
                pass
            except MetadataError as exc:
                warnings.append(str(exc))
        return Found(record, tuple(others), tuple(warnings))


def _best(records: Sequence[Record], title: str, what: str) -> Record:
    for record in records:
        if titles_match(title, record.title):
            return record
    raise NotFound(f"{what}: no record with that title")
