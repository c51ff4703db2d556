"""Which identifier a link or a bare id names.

Pure functions, no network. ``parse_identifier`` reads what a user types after ``add``;
``identifiers_in_links`` reads a catalog paper's links for ``enrich``. What an identifier
looks like is judged by the model's validators (``model.validate_arxiv`` ...), the ones the
catalog reader uses, so a value is judged the same way wherever it comes from.

Forms, as the services write them:

- arXiv: new-style ``YYMM.NNNN`` (2007 to 2014) or ``YYMM.NNNNN`` (2015 on), old-style
  ``archive[.SC]/YYMMNNN`` (``hep-th/9901001``, ``math.GT/0309136``); a version ``vN`` is
  dropped (the catalog names the paper, not a revision).
- DOI: ``10.`` a registrant code of 4 to 9 digits, ``/``, a suffix of printable characters
  without spaces (Crossref's own advice for matching DOIs, loosened to any printable suffix).
- OpenReview: the forum id of a submission, letters, digits, ``_`` and ``-``.
- DBLP: a record key such as ``conf/iclr/ZhouZ0ZYMYT23`` or ``journals/corr/abs-2302-02091``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qs, unquote, urlsplit

from awesome_snn.errors import InvalidInput
from awesome_snn.model import (
    DBLP_PATTERN,
    DOI_PATTERN,
    IDENTIFIER_VALIDATORS,
    validate_arxiv,
    validate_dblp,
    validate_doi,
    validate_openreview,
)

__all__ = ["IDENTIFIER_VALIDATORS", "Identifier", "identifier_of_url", "identifiers_in_links",
           "parse_identifier", "validate_arxiv", "validate_dblp", "validate_doi",
           "validate_openreview"]

Kind = Literal["arxiv", "doi", "openreview"]

DBLP_KEY = DBLP_PATTERN
DOI = DOI_PATTERN

_ARXIV_HOSTS = frozenset(("arxiv.org", "export.arxiv.org"))
_DOI_HOSTS = frozenset(("doi.org", "dx.doi.org"))

FORMS = ("an arXiv link or id (https://arxiv.org/abs/2302.02091, 2302.02091),"
         " an OpenReview link (https://openreview.net/forum?id=...), or a DOI"
         " (https://doi.org/10.1109/..., 10.1109/...)")


@dataclass(frozen=True)
class Identifier:
    """One paper at one service: ``kind`` and the canonical ``value`` (arXiv without
    version, DOI without a resolver prefix)."""

    kind: Kind
    value: str

    def __str__(self) -> str:
        return f"{self.kind}:{self.value}"


def parse_identifier(text: str) -> Identifier:
    """What the user gave ``add``: a link to an arXiv, OpenReview or DOI page, or a bare arXiv
    id or DOI. ``InvalidInput`` names the forms understood."""
    text = text.strip()
    found = identifier_of_url(text) if "://" in text else _bare(text)
    if found is None:
        raise InvalidInput(f"{text!r} names no paper snn-papers can fetch: give {FORMS}")
    return found


def _bare(text: str) -> Identifier | None:
    lowered = text.lower()
    if lowered.startswith(("10.", "doi:", "doi.org/", "dx.doi.org/")):
        return Identifier("doi", validate_doi(text))
    if lowered.startswith(("arxiv.org/", "openreview.net/", "www.arxiv.org/")):
        return identifier_of_url("https://" + text)
    try:
        return Identifier("arxiv", validate_arxiv(text))
    except InvalidInput:
        return None


def identifier_of_url(url: str) -> Identifier | None:
    """The identifier an arXiv (abs or pdf, any version), OpenReview (forum or pdf) or DOI
    resolver link names; None for any other link. A link that looks like one of these but
    holds a malformed id raises ``InvalidInput``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = (parts.hostname or "").removeprefix("www.")
    path = unquote(parts.path)
    if host in _ARXIV_HOSTS:
        for prefix in ("/abs/", "/pdf/"):
            if path.startswith(prefix):
                return Identifier("arxiv", validate_arxiv(path[len(prefix):].rstrip("/")
                                                          .removesuffix(".pdf")))
        return None
    if host == "openreview.net" and path.rstrip("/") in ("/forum", "/pdf"):
        ids = parse_qs(parts.query).get("id")
        return Identifier("openreview", validate_openreview(ids[0])) if ids else None
    if host in _DOI_HOSTS and len(path) > 1:
        return Identifier("doi", validate_doi(path[1:]))
    return None


def identifiers_in_links(urls: Iterable[str]) -> dict[Kind, str]:
    """The first arXiv id, OpenReview id and DOI the links name (a malformed one is
    skipped: a catalog's link is not the user's typing)."""
    found: dict[Kind, str] = {}
    for url in urls:
        try:
            identifier = identifier_of_url(url)
        except InvalidInput:
            continue
        if identifier is not None:
            found.setdefault(identifier.kind, identifier.value)
    return found
