"""A catalog's papers as columns, and how each column is stored in the cache.

Commands that touch a few papers of a large catalog (``search``, ``show``, ``add``) work on
columns (one list per field) and build ``Paper`` records only for the papers they print.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from awesome_snn.model import Link, Paper

COLUMNS = ("keys", "titles", "venue_of", "years", "links", "extras", "lines", "starts",
           "folded", "urls", "code", "meta")
"""Every stored column. ``links`` holds each paper's links as one string; ``starts`` the
byte offset of each paper's ``[[papers]]`` header in the file; ``meta`` each paper's
``Paper.metadata`` (authors and identifiers), or ``()`` for a paper with none."""
SPARSE = ("extras", "meta")
"""Columns stored sparsely: most papers have no extra keys, and many no metadata."""

PAIR, FIELD = "\x1f", "\x1e"
"""Separators of a paper's stored links: labels and URLs never hold control characters."""
URL_SEPARATOR = "\x1f"
"""As ``duplicates.URL_SEPARATOR``: the ``urls`` column is the duplicate policy's."""


def encode_links(links: Iterable[Link]) -> str:
    return PAIR.join(f"{link.label}{FIELD}{link.url}" for link in links)


def decode_links(text: str) -> tuple[Link, ...]:
    if not text:
        return ()
    return tuple(Link(*pair.split(FIELD, 1)) for pair in text.split(PAIR))


def decode_link_pairs(text: str) -> tuple[tuple[str, str], ...]:
    """``decode_links`` as plain ``(label, url)`` pairs (no ``Link`` made)."""
    if not text:
        return ()
    return tuple(tuple(pair.split(FIELD, 1)) for pair in text.split(PAIR))  # type: ignore[misc]


def row(paper: Paper, start: int) -> dict[str, Any]:
    from awesome_snn.duplicates import url_field
    from awesome_snn.folding import fold

    return {
        "keys": paper.key, "titles": paper.title, "venue_of": paper.venue, "years": paper.year,
        "links": encode_links(paper.links), "extras": paper.extra, "lines": paper.line,
        "starts": start, "folded": fold(paper.title),
        "urls": url_field(link.url for link in paper.links), "code": paper.has_code,
        "meta": meta_of(paper),
    }


def meta_of(paper: Paper) -> tuple[Any, ...]:
    """``paper.metadata``, or ``()`` when it has none (what the sparse column leaves out)."""
    metadata = paper.metadata
    return metadata if any(metadata) else ()


def metadata_fields(meta: tuple[Any, ...]) -> dict[str, Any]:
    """The ``Paper`` keyword arguments of a ``meta`` column entry."""
    if not meta:
        return {}
    authors, arxiv, doi, openreview, dblp = meta
    return {"authors": tuple(authors), "arxiv": arxiv, "doi": doi, "openreview": openreview,
            "dblp": dblp}


def paper_at(columns: Any, index: int) -> Paper:
    """The record of paper ``index`` of ``columns`` (a mapping of column lists)."""
    return Paper(columns["keys"][index], columns["titles"][index], columns["venue_of"][index],
                 columns["years"][index], decode_links(columns["links"][index]),
                 columns["extras"][index], columns["lines"][index],
                 **metadata_fields(columns["meta"][index]))


def columns_of(papers: Sequence[Paper], starts: Sequence[int]) -> dict[str, list[Any]]:
    from awesome_snn.folding import fold
    from awesome_snn.urls import canonical_url

    return {
        "keys": [p.key for p in papers], "titles": [p.title for p in papers],
        "venue_of": [p.venue for p in papers], "years": [p.year for p in papers],
        "links": [encode_links(p.links) for p in papers], "extras": [p.extra for p in papers],
        "lines": [p.line for p in papers], "starts": list(starts),
        "folded": [fold(p.title) for p in papers],
        "urls": [URL_SEPARATOR + "".join(canonical_url(link.url) + URL_SEPARATOR
                                         for link in p.links) for p in papers],
        "code": [p.has_code for p in papers],
        "meta": [meta_of(p) for p in papers],
    }


def encode_column(name: str, column: list[Any]) -> Any:
    """What marshal stores for a column: extras and metadata sparsely."""
    if name in SPARSE:
        return {index: extra for index, extra in enumerate(column) if extra}
    return column


def decode_column(name: str, stored: Any, count: int) -> list[Any]:
    if name in SPARSE:
        column: list[Any] = [()] * count
        for index, extra in stored.items():
            column[index] = extra
        return column
    return stored
