"""The identity of a link: what makes two URLs the same page.

Kept apart from ``lint`` (which needs the store and the whole rule set) because ``add``
checks a new paper's links against the catalog's with it, and ``add`` must start fast.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit, urlunsplit

_ARXIV_HOSTS = frozenset(("arxiv.org", "export.arxiv.org"))
_ARXIV_PATH = re.compile(
    r"^/(?P<kind>abs|pdf)/(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?P<version>v\d+)?"
    r"(?:\.pdf)?$"
)


def arxiv_match(url: str) -> re.Match[str] | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return _ARXIV_PATH.match(parts.path.rstrip("/")) if host in _ARXIV_HOSTS else None


def canonical_url(url: str) -> str:
    """The form two links to the same page share: scheme, ``www.``, a trailing slash and the
    fragment are ignored; an arXiv link becomes ``https://arxiv.org/abs/ID`` whatever its
    version or pdf/abs form, and an OpenReview pdf link its forum page. A fragment that
    routes a single-page site (``#/...``, ``#!...``) is kept."""
    arxiv = arxiv_match(url)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv.group('id')}"
    parts = urlsplit(url.strip())
    # From the netloc rather than .port, which raises on a port such as ':abc'.
    host = re.sub(r":(80|443)?$", "", parts.netloc.rpartition("@")[2].lower())
    host = host.removeprefix("www.")
    path = parts.path.rstrip("/")
    query = parts.query
    if host == "openreview.net" and path in ("/pdf", "/forum"):
        ids = parse_qs(query).get("id")
        if ids:
            path, query = "/forum", f"id={ids[0]}"
    fragment = parts.fragment if parts.fragment[:1] in ("/", "!") else ""
    return urlunsplit(("https", host, path, query, fragment))
