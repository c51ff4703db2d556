"""The services snn-papers asks, where they are, and how often it may ask each.

Tests point a service at a local replay server through its environment variable
(``SNN_PAPERS_ARXIV_API``, ``SNN_PAPERS_OPENREVIEW_API``, ``SNN_PAPERS_CROSSREF_API``,
``SNN_PAPERS_DBLP_API``): a base URL with no trailing slash. They are for tests, not users,
and are documented in tests/README.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from awesome_snn.errors import InvalidInput
from awesome_snn.metadata.record import Source


@dataclass(frozen=True)
class Service:
    name: Source
    label: str
    """The service's name for a person: "arXiv"."""
    env: str
    default: str
    interval: float
    """Seconds between the end of one request and the start of the next (0: none)."""

    def base_url(self) -> str:
        value = os.environ.get(self.env, "").strip()
        if not value:
            return self.default
        if not value.startswith(("http://", "https://")):
            raise InvalidInput(f"{self.env}={value!r} must be an http(s) base URL")
        return value.rstrip("/")


ARXIV = Service("arxiv", "arXiv", "SNN_PAPERS_ARXIV_API", "https://export.arxiv.org/api/query", 3.0)
"""arXiv's terms of use: no more than one request every three seconds, one at a time."""
OPENREVIEW = Service("openreview", "OpenReview", "SNN_PAPERS_OPENREVIEW_API",
                     "https://api2.openreview.net", 0.0)
CROSSREF = Service("crossref", "Crossref", "SNN_PAPERS_CROSSREF_API", "https://api.crossref.org", 0.0)
DBLP = Service("dblp", "DBLP", "SNN_PAPERS_DBLP_API", "https://dblp.org", 0.0)

SERVICES: dict[Source, Service] = {s.name: s for s in (ARXIV, OPENREVIEW, CROSSREF, DBLP)}
