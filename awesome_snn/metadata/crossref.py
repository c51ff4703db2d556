"""Crossref: the REST API's works (``GET /works/DOI`` and ``GET /works?query.bibliographic=``).

A work answer is ``{"status": "ok", "message-type": "work", "message": {...}}``; a search is
``"message-type": "work-list"`` with ``message.items``. In a work, ``title`` and
``container-title`` are lists, ``author`` a list of ``{"given", "family"}`` (or ``{"name"}``
for an organisation), ``event`` the conference of a proceedings article (deprecated by
Crossref but still sent), and the year is the first date-part of ``published``, else
``issued``. An unknown DOI is a 404 with a plain-text body.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from awesome_snn.errors import BadResponse
from awesome_snn.metadata.record import Record, clean
from awesome_snn.metadata.safety import parse_json


def work_url(base: str, doi: str) -> str:
    return f"{base}/works/{quote(doi, safe='/')}"


def search_url(base: str, title: str, rows: int = 5) -> str:
    return f"{base}/works?" + urlencode({"query.bibliographic": title, "rows": rows})


def doi_url(doi: str) -> str:
    return f"https://doi.org/{doi}"


def parse_work(body: bytes, content_type: str, doi: str) -> Record:
    data = parse_json(body, content_type, f"Crossref {doi}")
    if not isinstance(data, dict) or data.get("message-type") != "work":
        raise BadResponse(f"Crossref {doi}: the answer is not a work")
    return _work(data.get("message"), f"Crossref {doi}")


def parse_search(body: bytes, content_type: str, title: str) -> list[Record]:
    """The works of a search that can be read, best first (Crossref's order)."""
    data = parse_json(body, content_type, "Crossref search")
    message = data.get("message") if isinstance(data, dict) else None
    items = message.get("items") if isinstance(message, dict) else None
    if not isinstance(items, list):
        raise BadResponse("Crossref search: the answer has no list of items")
    records = []
    for item in items:
        try:
            records.append(_work(item, "Crossref search"))
        except BadResponse:
            continue
    return records


def _work(work: Any, what: str) -> Record:
    if not isinstance(work, dict):
        raise BadResponse(f"{what}: the work is not an object")
    doi = work.get("DOI")
    title = _first(work.get("title"))
    if not isinstance(doi, str) or not doi.startswith("10.") or not title:
        raise BadResponse(f"{what}: the work has no DOI or no title")
    authors = tuple(name for name in map(_author, work.get("author") or []) if name)
    # The event names the conference where the container may name a series ("Lecture Notes
    # in Computer Science" for ECCV); a journal article has no event.
    event = work.get("event")
    venue = clean(event["name"]) if isinstance(event, dict) and isinstance(event.get("name"), str) \
        else ""
    venue = venue or _first(work.get("container-title"))
    return Record("crossref", title, authors, _year(work), venue or None, doi_url(doi), doi=doi)


def _first(values: Any) -> str:
    if isinstance(values, list):
        for value in values:
            if isinstance(value, str) and clean(value):
                return clean(value)
    return ""


def _author(author: Any) -> str:
    if not isinstance(author, dict):
        return ""
    parts = [author.get("given"), author.get("family")]
    name = " ".join(clean(p) for p in parts if isinstance(p, str) and clean(p))
    if not name and isinstance(author.get("name"), str):
        name = clean(author["name"])
    return name


def _year(work: dict[str, Any]) -> int | None:
    for name in ("published", "published-print", "published-online", "issued"):
        date = work.get(name)
        parts = date.get("date-parts") if isinstance(date, dict) else None
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = parts[0][0]
            if isinstance(year, int) and not isinstance(year, bool):
                return year
    return None
