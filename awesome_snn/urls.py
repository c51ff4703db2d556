"""The identity of a link: what makes two URLs the same page.

Small and quick to import: ``add`` checks a new paper's links against the catalog's with it,
and ``check`` computes it for every link of a 100,000-paper catalog, so the usual URL (a
plain host, no port or user) takes a regex fast path instead of ``urllib.parse``.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit, urlunsplit

_ARXIV_HOSTS = frozenset(("arxiv.org", "export.arxiv.org"))
_ARXIV_PATH = re.compile(
    r"^/(?P<kind>abs|pdf)/(?P<id>\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?P<version>v\d+)?"
    r"(?:\.pdf)?\Z"
)


def arxiv_match(url: str) -> re.Match[str] | None:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return _ARXIV_PATH.match(parts.path.rstrip("/")) if host in _ARXIV_HOSTS else None


_PLAIN_URL = re.compile(r"(?i:https?)://([A-Za-z0-9.-]+)([/?#][^\x00-\x20\x7f]*)?")
"""An http(s) URL with a plain host name: no user, port or brackets, no space or control
character anywhere. For these ``canonical_url`` needs no ``urlsplit``."""


def canonical_url(url: str) -> str:
    """The form two links to the same page share: scheme, ``www.``, a trailing slash and the
    fragment are ignored; an arXiv link becomes ``https://arxiv.org/abs/ID`` whatever its
    version or pdf/abs form, and an OpenReview pdf link its forum page. A fragment that
    routes a single-page site (``#/...``, ``#!...``) is kept."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain is None:
        return _canonical_parsed(url)
    host = plain.group(1).lower()
    rest, _hash, fragment = (plain.group(2) or "").partition("#")
    path, _mark, query = rest.partition("?")
    path = path.rstrip("/")
    if host.removeprefix("www.") in _ARXIV_HOSTS:
        arxiv = _ARXIV_PATH.match(path)
        if arxiv:
            return f"https://arxiv.org/abs/{arxiv.group('id')}"
    host = host.removeprefix("www.")
    if host == "openreview.net" and path in ("/pdf", "/forum"):
        ids = parse_qs(query).get("id")
        if ids:
            path, query = "/forum", f"id={ids[0]}"
    fragment = fragment if fragment[:1] in ("/", "!") else ""
    return ("https://" + host + path + ("?" + query if query else "")
            + ("#" + fragment if fragment else ""))


def _canonical_parsed(url: str) -> str:
    """``canonical_url`` of any URL, through ``urllib.parse``."""
    arxiv = arxiv_match(url)
    if arxiv:
        return f"https://arxiv.org/abs/{arxiv.group('id')}"
    parts = urlsplit(url.strip())
    # From the netloc rather than .port, which raises on a port such as ':abc'.
    host = re.sub(r":(80|443)?\Z", "", parts.netloc.rpartition("@")[2].lower())
    host = host.removeprefix("www.")
    path = parts.path.rstrip("/")
    query = parts.query
    if host == "openreview.net" and path in ("/pdf", "/forum"):
        ids = parse_qs(query).get("id")
        if ids:
            path, query = "/forum", f"id={ids[0]}"
    fragment = parts.fragment if parts.fragment[:1] in ("/", "!") else ""
    return urlunsplit(("https", host, path, query, fragment))
