"""arXiv: the query API's Atom feed (arXiv API User's Manual, "Outline of an Atom feed").

One query asks for up to ``BATCH`` ids (``id_list``); the feed has one ``<entry>`` per paper
found. An entry's ``<id>`` is its abstract page with the version (``.../abs/2302.02091v2``);
``<published>`` is the first version's date, the year a list gives a preprint; the arXiv
extension elements give the DOI (``<arxiv:doi>``). A malformed id is answered by a feed with
one entry whose ``<id>`` is under ``/api/errors`` and whose ``<summary>`` says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from awesome_snn.errors import BadResponse, InvalidInput, MetadataError, NotFound
from awesome_snn.metadata.identifiers import validate_arxiv
from awesome_snn.metadata.record import Record, clean
from awesome_snn.metadata.safety import parse_xml

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
BATCH = 100
"""Ids in one query: the manual's advice for id_list queries, and one polite request."""


def query_url(base: str, ids: Sequence[str]) -> str:
    """The query for ``ids`` (at most ``BATCH``), sorted so the same set is the same URL."""
    ordered = sorted(ids)
    return f"{base}?" + urlencode({"id_list": ",".join(ordered), "max_results": len(ordered)},
                                  safe=",/")


def abs_url(arxiv_id: str) -> str:
    return f"https://arxiv.org/abs/{arxiv_id}"


def parse_feed(body: bytes, content_type: str, asked: Sequence[str]) -> dict[str, Record | MetadataError]:
    """A record, or the reason there is none, for each id ``asked``. Entries for ids not
    asked are ignored (a record for another paper is never taken)."""
    root = parse_xml(body, content_type, "arXiv")
    if root.tag != f"{ATOM}feed":
        raise BadResponse(f"arXiv: the answer is not an Atom feed (<{root.tag}>)")
    found: dict[str, Record | MetadataError] = {}
    for entry in root.iter(f"{ATOM}entry"):
        entry_id = (entry.findtext(f"{ATOM}id") or "").strip()
        if "/api/errors" in entry_id:
            reason = clean(entry.findtext(f"{ATOM}summary") or "an error")
            return {arxiv_id: BadResponse(f"arXiv {arxiv_id}: the API said: {reason}")
                    for arxiv_id in asked}
        try:
            record = _entry(entry, entry_id)
        except BadResponse as exc:
            arxiv_id = _id_of(entry_id)
            if arxiv_id:
                found[arxiv_id] = exc
            continue
        found.setdefault(record.arxiv or "", record)
    return {arxiv_id: found.get(arxiv_id) or NotFound(f"arXiv has no paper {arxiv_id}")
            for arxiv_id in asked}


def _id_of(entry_id: str) -> str | None:
    _, marker, rest = entry_id.partition("/abs/")
    if not marker:
        return None
    try:
        return validate_arxiv(rest)
    except InvalidInput:
        return None


def _entry(entry: Element, entry_id: str) -> Record:
    arxiv_id = _id_of(entry_id)
    if arxiv_id is None:
        raise BadResponse(f"arXiv: an entry without an abstract-page id ({entry_id[:80]!r})")
    title = clean(entry.findtext(f"{ATOM}title") or "")
    if not title:
        raise BadResponse(f"arXiv {arxiv_id}: the entry has no title")
    authors = tuple(clean(author.findtext(f"{ATOM}name") or "")
                    for author in entry.findall(f"{ATOM}author"))
    published = (entry.findtext(f"{ATOM}published") or "").strip()
    year = int(published[:4]) if published[:4].isdigit() else None
    doi = clean(entry.findtext(f"{ARXIV}doi") or "") or None
    return Record("arxiv", title, tuple(a for a in authors if a), year, None, abs_url(arxiv_id),
                  arxiv=arxiv_id, doi=doi)
