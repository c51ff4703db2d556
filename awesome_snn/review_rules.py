"""``check`` rules for the mistakes that reach real lists through pull requests.

Taken from the history of the list the seed came from: paper links on another venue's site
(a CVPR paper on an ICCV page, an ICML paper on the AAAI site), links whose year is not the
paper's or is not a year at all (``neurips.cc/virtual/202/poster/...``), links to sites that
are gone (paperswithcode.com shut down in July 2025), placeholder links, and titles caught by
a keyword search that are not about spiking neural networks ("spiked Wigner" models,
"spike-and-slab" priors).

Each rule is a pure function of one paper; ``findings(paper)`` runs them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from awesome_snn.findings import Finding
from awesome_snn.model import MIN_YEAR, Link, Paper, max_year
from awesome_snn.urls import arxiv_match

VENUE_HOSTS: dict[str, tuple[str, ...]] = {
    "CVPR": ("openaccess.thecvf.com", "cvpr.thecvf.com"),
    "ICCV": ("openaccess.thecvf.com", "iccv.thecvf.com"),
    "WACV": ("openaccess.thecvf.com",),
    "ECCV": ("ecva.net", "link.springer.com"),
    "NeurIPS": ("proceedings.neurips.cc", "papers.nips.cc", "neurips.cc", "nips.cc", "openreview.net"),
    "ICLR": ("iclr.cc", "openreview.net"),
    "ICML": ("proceedings.mlr.press", "icml.cc", "openreview.net"),
    "AAAI": ("ojs.aaai.org", "aaai.org"),
    "IJCAI": ("ijcai.org",),
    "ACM MM": ("dl.acm.org",),
}
"""The sites that publish each venue's papers. A paper link on a site that belongs to other
venues only is flagged; neutral sites (arXiv, DOI, IEEE Xplore, Semantic Scholar...) never."""

DEAD_HOSTS: dict[str, str] = {
    "paperswithcode.com": "Papers with Code shut down in July 2025",
}
"""Sites that are gone, and why."""

NOT_SNN_PHRASES = ("spiked wigner", "spiked covariance", "spiked matrix", "spiked tensor",
                   "spike and slab", "spike-and-slab", "spiked random matrix")
"""Title phrases of other fields that a search for "spike" finds."""

PLACEHOLDER_HOSTS = frozenset(("example.com", "example.org", "example.net", "localhost"))
BARE_HOSTS = frozenset(("github.com", "arxiv.org", "openreview.net", "doi.org", "dl.acm.org",
                        "ieeexplore.ieee.org", "proceedings.neurips.cc", "papers.nips.cc"))
"""Sites whose front page is never the right link for a paper."""

_URL_YEAR = (
    re.compile(r"//(?:www\.)?(?:neurips|nips|iclr|icml)\.cc/virtual/(\d+)/"),
    re.compile(r"//openaccess\.thecvf\.com/content(?:_|/)(?:CVPR|ICCV|WACV|ECCV)_?(\d+)", re.I),
    re.compile(r"//(?:proceedings\.neurips\.cc|papers\.nips\.cc)/paper(?:_files/paper)?/(\d+)/"),
    re.compile(r"//(?:www\.)?ecva\.net/papers/eccv_(\d+)/"),
    re.compile(r"//(?:www\.)?ijcai\.org/proceedings/(\d+)/"),
)
_CVF_VENUE = re.compile(r"//openaccess\.thecvf\.com/content(?:_|/)(CVPR|ICCV|WACV)", re.I)


_HOST = re.compile(r"(?i:https?)://(?:[^/?#@]*@)?([^/?#:]+)")
_BARE = re.compile(r"(?i:https?)://[^/?#]*/*$")


def _host(url: str) -> str:
    match = _HOST.match(url)
    return match.group(1).lower().removeprefix("www.") if match else ""


def _suffixes(host: str) -> Iterator[str]:
    """``a.b.org``, ``b.org``, ``org``: the host and the domains it belongs to."""
    while host:
        yield host
        host = host.partition(".")[2]


_OWNERS: dict[str, set[str]] = {}
for _venue, _hosts in VENUE_HOSTS.items():
    for _name in _hosts:
        _OWNERS.setdefault(_name, set()).add(_venue)


def _venues_of_host(host: str) -> set[str]:
    owners: set[str] = set()
    for name in _suffixes(host):
        owners |= _OWNERS.get(name, set())
    return owners


def _dead(host: str) -> str | None:
    return next((DEAD_HOSTS[name] for name in _suffixes(host) if name in DEAD_HOSTS), None)


def venue_host(paper: Paper) -> Iterator[Finding]:
    url = paper.link("paper")
    if not url or paper.venue not in VENUE_HOSTS:
        return
    host = _host(url)
    owners = _venues_of_host(host)
    cvf = _CVF_VENUE.search(url)
    if cvf:
        owners = {next(v for v in ("CVPR", "ICCV", "WACV") if v.lower() == cvf.group(1).lower())}
    if owners and paper.venue not in owners:
        yield Finding("warning", "venue-host", paper.key, paper.line,
                      f"paper link {url} is on a site of {', '.join(sorted(owners))}, not"
                      f" {paper.venue}: check that it links this paper")


def url_year(paper: Paper) -> Iterator[Finding]:
    for link in paper.links:
        for pattern in _URL_YEAR:
            match = pattern.search(link.url)
            if match is None:
                continue
            text = match.group(1)
            if len(text) != 4 or not MIN_YEAR <= int(text) <= max_year():
                yield Finding("error", "url-year", paper.key, paper.line,
                              f"{link.label} link {link.url} has {text!r} where a year belongs:"
                              " correct the link")
            elif int(text) != paper.year:
                yield Finding("warning", "url-year", paper.key, paper.line,
                              f"{link.label} link {link.url} is of {text}, the paper of"
                              f" {paper.year}: correct the link or the year")
            break


def dead_host(paper: Paper) -> Iterator[Finding]:
    for link in paper.links:
        why = _dead(_host(link.url))
        if why is None:
            continue
        fix = _arxiv_page(paper) if link.label == "paper" else None
        hint = (f"check --fix replaces it with {fix}" if fix
                else "replace it with a live page (the code's repository, the paper's arXiv,"
                     " DOI or proceedings page) or remove it")
        # An error when the paper's own link is dead (the paper has no page), else a warning.
        yield Finding("error" if link.label == "paper" else "warning", "dead-host", paper.key,
                      paper.line,
                      f"{link.label} link {link.url}: {why}; {hint}")


def placeholder_url(paper: Paper) -> Iterator[Finding]:
    for link in paper.links:
        host = _host(link.url)
        if host in PLACEHOLDER_HOSTS or (host in BARE_HOSTS and _BARE.match(link.url)):
            yield Finding("error", "placeholder-url", paper.key, paper.line,
                          f"{link.label} link {link.url} is a placeholder, not the paper's"
                          " page: give the real link or remove it")


def not_snn(paper: Paper) -> Iterator[Finding]:
    title = paper.title.lower()
    phrase = next((p for p in NOT_SNN_PHRASES if p in title), None)
    if phrase is not None:
        yield Finding("warning", "not-snn", paper.key, paper.line,
                      f"the title's {phrase!r} is another field's term: is this paper about"
                      ' spiking neural networks? (if it is, add ignore = ["not-snn"] to it)')


RULES = (venue_host, url_year, dead_host, placeholder_url, not_snn)


def findings(paper: Paper) -> Iterator[Finding]:
    for rule in RULES:
        yield from rule(paper)


def _arxiv_page(paper: Paper) -> str | None:
    """The arXiv abstract page of the paper, when the catalog knows its arXiv id."""
    if paper.arxiv:  # validated by the catalog reader
        return f"https://arxiv.org/abs/{paper.arxiv}"
    for link in paper.links:
        match = arxiv_match(link.url)
        if match:
            return f"https://arxiv.org/abs/{match.group('id')}"
    return None


def fixed_links(paper: Paper) -> tuple[tuple[Link, ...], list[tuple[str, str, str]]]:
    """The paper's links with a dead-host PAPER link replaced by the paper's arXiv page, when
    the catalog knows it (other dead links are only reported: what replaces them is a
    maintainer's choice). Returns the links and (label, before, after) for each change."""
    page = _arxiv_page(paper)
    if page is None:
        return paper.links, []
    links, changes = [], []
    for link in paper.links:
        if link.label == "paper" and _dead(_host(link.url)):
            links.append(Link("paper", page))
            changes.append((link.label, link.url, page))
            continue
        links.append(link)
    return tuple(links), changes
