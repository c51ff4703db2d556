"""DBLP: the publication search API (``GET /search/publ/api?q=...&format=json``).

The answer is ``{"result": {"hits": {"@total": "N", "hit": [...]}}}``, ``hit`` absent when
nothing matched. Each hit's ``info`` has the ``title`` (ending with a full stop), ``authors``
(``{"author": [...]}``, or a single object for a single author: each ``{"@pid", "text"}``,
the text with DBLP's homonym number, "Yonghong Tian 0001"), ``venue`` (a string, or a list),
``year`` as a string, the record ``key``, and ``doi``/``ee``/``url`` when known. An arXiv
preprint is a hit of venue "CoRR".
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from awesome_snn.errors import BadResponse
from awesome_snn.metadata.identifiers import DBLP_KEY, DOI
from awesome_snn.metadata.record import Record, clean
from awesome_snn.metadata.safety import parse_json

_HOMONYM = re.compile(r"\s+\d{4}\Z")
PREPRINT_VENUE = "CoRR"


def search_url(base: str, title: str, hits: int = 10) -> str:
    return f"{base}/search/publ/api?" + urlencode({"q": title, "format": "json", "h": hits})


def parse_search(body: bytes, content_type: str) -> list[Record]:
    """The hits that can be read, in DBLP's order."""
    data = parse_json(body, content_type, "DBLP search")
    result = data.get("result") if isinstance(data, dict) else None
    hits = result.get("hits") if isinstance(result, dict) else None
    if not isinstance(hits, dict):
        raise BadResponse("DBLP search: the answer has no hits")
    listed = hits.get("hit", [])
    records = []
    for hit in listed if isinstance(listed, list) else [listed]:
        info = hit.get("info") if isinstance(hit, dict) else None
        record = _info(info) if isinstance(info, dict) else None
        if record is not None:
            records.append(record)
    return records


def _info(info: dict[str, Any]) -> Record | None:
    title = info.get("title")
    key = info.get("key")
    if not isinstance(title, str) or not isinstance(key, str) or DBLP_KEY.fullmatch(key) is None:
        return None
    title = clean(title).removesuffix(".")
    authors_field = info.get("authors")
    listed = authors_field.get("author", []) if isinstance(authors_field, dict) else []
    authors = tuple(_HOMONYM.sub("", clean(a["text"]))
                    for a in (listed if isinstance(listed, list) else [listed])
                    if isinstance(a, dict) and isinstance(a.get("text"), str) and clean(a["text"]))
    venue = info.get("venue")
    if isinstance(venue, list):
        venue = next((v for v in venue if isinstance(v, str)), None)
    year = info.get("year")
    doi = info.get("doi")
    url = info.get("url") if isinstance(info.get("url"), str) else f"https://dblp.org/rec/{key}"
    return Record("dblp", title, authors,
                  int(year) if isinstance(year, str) and year.isdigit() else None,
                  clean(venue) if isinstance(venue, str) and clean(venue) else None,
                  url, doi=doi if isinstance(doi, str) and DOI.fullmatch(doi) else None, dblp=key)
