"""The catalog lint behind ``snn-papers check``, and the safe fixes of ``check --fix``.

Pure: it judges a loaded catalog (and, when given, the catalog file's text) and returns
values; reading and writing the file belong to the catalog layer, printing to the renderer.

``lint`` returns one ``Finding`` per problem, each naming the paper's key and the catalog
line of its ``[[papers]]`` header. Records the catalog reader refused (a missing title, an
unknown venue, a bad URL...) arrive as ``Problem`` values and become error findings under
their own rule, so ``check`` shows everything in one place.

The reader collapses runs of spaces in titles, so spacing is judged on the title as written
in ``raw_text``. Duplicates follow ``duplicates`` (the policy ``add`` and ``edit`` use); every
check is linear in the number of papers, near-duplicate titles included.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from awesome_snn.check_settings import CheckSettings
from awesome_snn.duplicates import (
    fold_title,
    near_duplicate_pairs,
    shared_link_is_duplicate,
    url_identity,
)
from awesome_snn.findings import Finding, Severity  # noqa: F401 - part of lint's interface
from awesome_snn.markdown_render import ItemWriter
from awesome_snn.model import Catalog, Link, Paper, Venue
from awesome_snn.problems import Problem
from awesome_snn.urls import arxiv_match
from awesome_snn.venues import founding_year


@dataclass(frozen=True, slots=True)
class Change:
    """One value ``fixes`` changed."""

    rule: str
    key: str
    line: int
    field: str
    """``title``, ``links.<label>`` or ``as_written`` (removed: ``after`` is '')."""
    before: str
    after: str


CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org",
              "gitee.com", "sourceforge.net", "git.sr.ht", "zenodo.org")
"""Hosts (and their subdomains) where a ``code`` link may point. Self-hosted forges named
``gitlab.*``, ``gitea.*`` or ``git.*`` count too."""

HTTPS_HOSTS = frozenset((
    "arxiv.org", "www.arxiv.org", "export.arxiv.org", "openreview.net", "github.com",
    "gitlab.com", "ieeexplore.ieee.org", "proceedings.mlr.press", "proceedings.neurips.cc",
    "papers.nips.cc", "papers.neurips.cc", "openaccess.thecvf.com", "www.ecva.net",
    "ojs.aaai.org", "www.aaai.org", "www.ijcai.org", "doi.org", "dx.doi.org", "dl.acm.org",
    "link.springer.com", "www.sciencedirect.com", "direct.mit.edu", "www.nature.com",
    "www.frontiersin.org", "huggingface.co", "paperswithcode.com",
))
"""Hosts known to serve every page over https, so ``fixes`` may upgrade their http links."""

CATALOG_RULES = frozenset(("invalid-catalog", "invalid-list", "invalid-venue"))
"""Problem rules about the catalog or a venue rather than a paper: their findings name no
paper key."""

# --- URLs ----------------------------------------------------------------------------------

def _url_fix(url: str) -> tuple[str, str] | None:
    """The safe fix of a link, as (rule, new URL), or None. An arXiv PDF link becomes its
    abstract page (same version); an http link to a host that serves https becomes https."""
    if url.startswith("https://") and "arxiv.org/" not in url:
        return None  # the usual link: nothing to fix, without parsing it
    parts = urlsplit(url)
    arxiv = arxiv_match(url)
    if arxiv and arxiv.group("kind") == "pdf" and not parts.query and not parts.fragment:
        version = arxiv.group("version") or ""
        return "arxiv-pdf", f"https://arxiv.org/abs/{arxiv.group('id')}{version}"
    if parts.scheme.lower() == "http" and (parts.hostname or "") in HTTPS_HOSTS:
        return "http-link", "https" + url[len(parts.scheme):]
    return None


_PLAIN_HOST = re.compile(r"https?://([a-z0-9.-]+)(?:[/?#]|$)")


def _host(url: str) -> str:
    plain = _PLAIN_HOST.match(url)
    return plain.group(1) if plain else urlsplit(url).hostname or ""


def _is_code_host(url: str) -> bool:
    host = _host(url)
    if host.split(".")[0] in ("gitlab", "gitea", "git"):
        return True
    return any(host == name or host.endswith("." + name) for name in CODE_HOSTS)


# --- titles --------------------------------------------------------------------------------

_CLOSING = {")": "(", "]": "[", "}": "{"}
_BRACKET = re.compile(r"[][(){}]")


def _unbalanced_bracket(title: str) -> str | None:
    """The first bracket of ``title`` without its partner, or None when all pair up."""
    if _BRACKET.search(title) is None:
        return None
    stack: list[str] = []
    for ch in title:
        if ch in "([{":
            stack.append(ch)
        elif ch in _CLOSING:
            if not stack or stack[-1] != _CLOSING[ch]:
                return ch
            stack.pop()
    return stack[0] if stack else None


_TITLE_LINE = re.compile(rb"^[ \t]*title[ \t]*=[ \t]*(.*?)[ \t]*\r?$", re.M)
_PLAIN_STRING = re.compile(r'"([^"\\]*)"')
_PLAIN_ASCII_TITLE = re.compile(rb'"[^"\\ \x80-\xff]+(?: [^"\\ \x80-\xff]+)*"')


def _raw_title(value: str) -> str | None:
    """The string a ``title = ...`` line's value holds, or None when it is not one."""
    plain = _PLAIN_STRING.fullmatch(value)
    if plain:
        return plain.group(1)
    import tomllib

    try:
        title = tomllib.loads(f"title = {value}").get("title")
    except tomllib.TOMLDecodeError:
        return None
    return title if isinstance(title, str) else None


def spaced_titles(catalog: Catalog, raw_text: str | bytes | None) -> dict[int, str]:
    """Papers whose title is written with leading, trailing or repeated spaces: the index of
    each in ``catalog.papers`` -> the title as written.

    One scan of ``title = "..."`` lines: a written title is matched to the paper whose
    ``[[papers]]`` header is the nearest above it, and counts only if it collapses to that
    paper's title. No TOML parse of the whole file. ``raw_text`` may be the file's bytes (a
    large catalog need not be decoded whole).
    """
    if raw_text is None:
        return {}
    if isinstance(raw_text, str):
        raw_text = raw_text.encode("utf-8")
    headers = [(paper.line, index) for index, paper in enumerate(catalog.papers) if paper.line]
    headers.sort()
    header_lines = [line for line, _index in headers]
    found: dict[int, str] = {}
    line, position = 1, 0
    for match in _TITLE_LINE.finditer(raw_text):
        if _PLAIN_ASCII_TITLE.fullmatch(match.group(1)):
            continue  # the usual title: nothing to collapse
        value = match.group(1).decode("utf-8", "replace")
        plain = _PLAIN_STRING.fullmatch(value)
        written = plain.group(1) if plain else ""
        if plain and written.isascii() and "  " not in written \
                and not written.startswith(" ") and not written.endswith(" "):
            continue  # the usual title: nothing to collapse
        title = written if plain else _raw_title(value)
        if title is None or " ".join(title.split()) == title:
            continue
        line += raw_text.count(b"\n", position, match.start())
        position = match.start()
        above = bisect_right(header_lines, line) - 1
        if above < 0:
            continue
        index = headers[above][1]
        if " ".join(title.split()) == catalog.papers[index].title:
            found[index] = title
    return found


def _text_findings(paper: Paper, raw_title: str | None) -> Iterator[Finding]:
    if raw_title is not None:
        yield Finding("warning", "title-spacing", paper.key, paper.line,
                      f"title has leading, trailing or double spaces: write {paper.title!r}"
                      " (check --fix does it)")
    if paper.title.endswith(".") and not paper.title.endswith("..."):
        yield Finding("warning", "title-period", paper.key, paper.line,
                      "title ends with a period: remove it (titles in the list have none)")
    bracket = _unbalanced_bracket(paper.title)
    if bracket:
        yield Finding("warning", "title-brackets", paper.key, paper.line,
                      f"title has an unbalanced {bracket!r}: add its partner or remove it")


# --- fields --------------------------------------------------------------------------------

def _field_findings(paper: Paper, venue: Venue | None, founded: int | None) -> Iterator[Finding]:
    if not paper.links:
        yield Finding("error", "no-link", paper.key, paper.line,
                      'paper has no link: add [papers.links] with paper = "https://..."')
    if founded is not None and paper.year < founded:
        yield Finding("error", "year-range", paper.key, paper.line,
                      f"year {paper.year} is before {paper.venue} began ({founded}): correct"
                      " the year or the venue")
    code = paper.code_url
    if code is not None and not _is_code_host(code):
        yield Finding("warning", "code-host", paper.key, paper.line,
                      f"code link {code} is not on a code host ({_host(code)}): link the"
                      " repository, or give it another label (project, website...)")
    for link in paper.links:
        fixed = _url_fix(link.url)
        if fixed is None:
            continue
        rule, url = fixed
        what = "is an arXiv PDF" if rule == "arxiv-pdf" else "uses http"
        yield Finding("warning", rule, paper.key, paper.line,
                      f"{link.label} link {link.url} {what}: use {url} (check --fix does it)")


# --- duplicates ----------------------------------------------------------------------------

def _duplicate_findings(papers: Sequence[Paper]) -> Iterator[Finding]:
    """Each later paper that repeats an earlier one's title or a link, naming the earlier;
    then each pair of near-identical titles (``duplicates.near_duplicate_pairs``)."""
    folded = [fold_title(paper.title) for paper in papers]
    first_title: dict[str, int] = {}
    first_url: dict[int, int] = {}
    """hash of a URL's identity -> the first paper linking it (the identity itself is
    recomputed for the few URLs seen twice, so 100,000 papers keep no copy of every URL)."""
    for index, paper in enumerate(papers):
        title = folded[index]
        earlier = first_title.setdefault(title, index)
        if earlier != index:
            other = papers[earlier]
            yield Finding("error", "duplicate-title", paper.key, paper.line,
                          f"same title as {other.key} (line {other.line}): remove one of them"
                          " or merge their links", other.key)
        seen_here: dict[str, Link] = {}
        for link in paper.links:
            url = url_identity(link.url)
            if url in seen_here:
                yield Finding("warning", "repeated-link", paper.key, paper.line,
                              f"{link.label} link {link.url} is the same page as its"
                              f" {seen_here[url].label} link: remove one")
                continue
            seen_here[url] = link
            first = first_url.setdefault(hash(url), index)
            if first == index:
                continue
            other = papers[first]
            other_label = next((theirs.label for theirs in other.links
                                if url_identity(theirs.url) == url), None)
            if other_label is None:
                continue  # two URLs whose identities share a hash: not the same page
            duplicate = shared_link_is_duplicate(link.label, other_label)
            yield Finding("error" if duplicate else "warning", "duplicate-url", paper.key,
                          paper.line,
                          f"{link.label} link {link.url} is also the {other_label} link of"
                          f" {other.key} (line {other.line}): "
                          + ("remove the duplicate paper or correct the link" if duplicate
                             else "fine if both papers share one repository"), other.key)
    del first_title, first_url
    for earlier, later, score in near_duplicate_pairs(folded):
        paper, match = papers[later], papers[earlier]
        yield Finding("warning", "near-duplicate-title", paper.key, paper.line,
                      f"title is {score:.0f}% similar to {match.key} (line {match.line}):"
                      f" {match.title!r}; if it is the same paper, remove one (if not, mark the"
                      " pair in [check] not_duplicates)", match.key)


# --- the reader's problems -----------------------------------------------------------------

def problem_finding(problem: Problem) -> Finding:
    """A problem of the catalog reader as an error finding under the problem's own rule."""
    key = "" if problem.rule in CATALOG_RULES else problem.key
    return Finding("error", problem.rule, key, problem.line, problem.message)


# --- the lint ------------------------------------------------------------------------------

def _written_holds(writer: ItemWriter | None, paper: Paper) -> bool:
    """Whether export writes ``paper``'s item as its list wrote it (``Paper.as_written``)."""
    if writer is None or not paper.as_written:
        return True
    links = [(link.label, link.url) for link in paper.links]
    return writer.holds(paper.title, paper.venue, paper.year, links, paper.as_written, paper.note)


def _item_writer(catalog: Catalog) -> ItemWriter | None:
    """The catalog's own item writer, when a paper holds a line as written (else None)."""
    if not any(paper.as_written for paper in catalog.papers):
        return None
    return ItemWriter(catalog.texts.layout, catalog.venues)


def lint(catalog: Catalog, raw_text: str | bytes | None, problems: Sequence[Problem],
         settings: CheckSettings = CheckSettings()) -> list[Finding]:
    """Every finding about ``catalog``, sorted by line (errors before warnings on a line).

    ``raw_text`` is the catalog file's text: with it, title spacing is judged as written.
    ``problems`` are the reader's, for the records it left out of ``catalog``. ``settings``
    (the catalog's ``[check]`` table) change severities, turn rules off and mark pairs of
    papers as distinct; each paper's ``ignore`` list exempts it from rules.
    """
    from awesome_snn import review_rules

    findings = [problem_finding(problem) for problem in problems]
    spaced = spaced_titles(catalog, raw_text)
    founded = {venue.abbr: founding_year(venue) for venue in catalog.venues}
    venues = {venue.abbr: venue for venue in catalog.venues}
    writer = _item_writer(catalog)
    for index, paper in enumerate(catalog.papers):
        if not _written_holds(writer, paper):
            findings.append(Finding("warning", "stale-as-written", paper.key, paper.line,
                                    "as_written no longer says this paper (or holds more than"
                                    " text and its links): export makes its item from the"
                                    " paper; remove the line (check --fix does it)"))
        findings.extend(_text_findings(paper, spaced.get(index)))
        findings.extend(_field_findings(paper, venues.get(paper.venue), founded.get(paper.venue)))
        findings.extend(review_rules.findings(paper))
    findings.extend(_duplicate_findings(catalog.papers))
    findings = settings.apply(findings, catalog.papers)
    findings.sort(key=lambda f: (f.line, f.severity != "error", f.rule, f.key))
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    """``check`` exits 1 when this is true; warnings alone leave it at 0."""
    return any(finding.severity == "error" for finding in findings)


def format_finding(finding: Finding, path: Path | str) -> str:
    """``path:line: severity: key: message [rule]``, the form editors and CI logs link."""
    key = f"{finding.key}: " if finding.key else ""
    return f"{path}:{finding.line}: {finding.severity}: {key}{finding.message} [{finding.rule}]"


# --- the safe fixes ------------------------------------------------------------------------

def fixes(catalog: Catalog, raw_text: str | bytes) -> tuple[list[Paper], list[Change]]:
    """The safe fixes: every paper they change, as it should be, and each change.

    Fixes title spacing (judged on ``raw_text``: the paper's title is already the collapsed
    one, the file's is not), arXiv PDF links (to the abstract page, same version) and http
    links to hosts in ``HTTPS_HOSTS``, and removes an ``as_written`` line that no longer says
    the (fixed) paper. Papers without a fix are not returned. The caller
    writes the papers back (the catalog writer rewrites only their changed lines); after
    that, ``fixes`` finds nothing more to change. Dead-host links are replaced by the
    paper's arXiv page (or dropped beside its arXiv link) when the catalog knows it.
    """
    from awesome_snn import review_rules

    spaced = spaced_titles(catalog, raw_text)
    writer = _item_writer(catalog)
    papers: list[Paper] = []
    changes: list[Change] = []
    for index, paper in enumerate(catalog.papers):
        paper_changes = []
        raw_title = spaced.get(index)
        if raw_title is not None:
            paper_changes.append(Change("title-spacing", paper.key, paper.line, "title",
                                        raw_title, paper.title))
        links = []
        for link in paper.links:
            fixed = _url_fix(link.url)
            if fixed is not None:
                rule, url = fixed
                paper_changes.append(Change(rule, paper.key, paper.line, f"links.{link.label}",
                                            link.url, url))
                link = Link(link.label, url)
            links.append(link)
        fixed_paper = replace(paper, links=tuple(links))
        revived, dead = review_rules.fixed_links(fixed_paper)
        paper_changes.extend(Change("dead-host", paper.key, paper.line, f"links.{label}", before, after)
                             for label, before, after in dead)
        fixed_paper = replace(fixed_paper, links=revived)
        if not _written_holds(writer, fixed_paper):
            # the line as written says what the paper said before (or is not inert): it goes
            paper_changes.append(Change("stale-as-written", paper.key, paper.line, "as_written",
                                        paper.as_written, ""))
            fixed_paper = fixed_paper.without_as_written()
        if paper_changes:
            papers.append(fixed_paper)
            changes.extend(paper_changes)
    return papers, changes


def format_change(change: Change, path: Path | str) -> str:
    return (f"{path}:{change.line}: fixed: {change.key}: {change.field} {change.before!r}"
            f" -> {change.after!r} [{change.rule}]")
