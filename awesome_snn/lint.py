"""The catalog lint behind ``snn-papers check``, and the safe fixes of ``check --fix``.

``lint`` judges a loaded catalog and returns one ``Finding`` per problem, each naming the
paper's key and the catalog line of its ``[[papers]]`` header. Records the store already
refused (missing title, unknown venue, bad URL...) arrive as the store's ``problems``
strings and become error findings too, so ``check`` shows everything in one place.

The store collapses runs of spaces in titles when it loads them, so spacing is judged on
the raw TOML data (``raw_text``), not on the loaded ``Paper``.

``fix`` rewrites only the tables of papers it fixes (through ``store.paper_block``), and
only when that rewrite changes nothing but the fixed values: a table holding a comment, or
one whose re-serialisation would differ in any other value, is left for a hand fix.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from awesome_snn import store
from awesome_snn.model import Catalog, Link, Paper, Venue
from awesome_snn.search import normalise_title
from awesome_snn.urls import arxiv_match, canonical_url
from awesome_snn.venues import normalise_name

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    rule: str
    """Short id such as ``duplicate-title``; stable, so CI scripts may filter on it."""
    key: str
    """The paper's key ("" for a finding about the catalog or a venue)."""
    line: int
    """Catalog line of the paper's ``[[papers]]`` header (0 when unknown)."""
    message: str
    """One line that says what is wrong and how to fix it."""


@dataclass(frozen=True)
class Change:
    """One value ``fix`` rewrote."""

    rule: str
    key: str
    line: int
    field: str
    """``title`` or ``links.<label>``."""
    before: str
    after: str


NEAR_DUPLICATE_THRESHOLD = 85.0
"""Titles this similar (0-100) but not equal are reported as possible duplicates.

The score is ``max(fuzz.ratio, fuzz.token_sort_ratio)`` on ``normalise_title`` forms. Measured
on the 93 titles of the seed list (4,278 pairs, all distinct papers): median 44, 99th
percentile 66, highest 78.0 ("Reducing Information Loss for Spiking Neural Networks" vs
"IM-Loss: Information Maximization Loss for Spiking Neural Networks"). Edited copies of
each of those 93 titles score: one transposed letter >= 95.7, a plural >= 97.9, one added
word >= 85.2, two words swapped 100, one dropped word >= 85 for 91 of 93. 85 sits 7 points
above the closest real pair and catches every one of those edits but two dropped words in
short titles.
"""

VENUE_FOUNDED: dict[str, int] = {
    "CVPR": 1983, "ICCV": 1987, "ECCV": 1990, "NeurIPS": 1987, "ICML": 1980, "ICLR": 2013,
    "AAAI": 1980, "IJCAI": 1969, "ICASSP": 1976, "IJCNN": 1987, "ACM MM": 1993, "DAC": 1964,
    "PAMI": 1979,
    # Renamed journals count from their first volume: TNNLS continues IEEE Transactions on
    # Neural Networks (1990), TCYB continues IEEE Transactions on Systems, Man, and
    # Cybernetics (1971).
    "TNNLS": 1990, "IEEE TCYB": 1971,
    "Neural Networks": 1988, "Neural Computation": 1989, "Nature Communications": 2010,
    "Frontiers in Neuroscience": 2007,
}
"""First year each well-known venue met (or published); a paper cannot be older. Keyed by
abbreviation; a catalog venue is matched by its abbreviation, aliases or full name."""

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
"""Hosts known to serve every page over https, so ``fix`` may upgrade their http links."""

# --- URLs ----------------------------------------------------------------------------------

def _url_fix(url: str) -> tuple[str, str] | None:
    """The safe fix of a link, as (rule, new URL), or None. An arXiv PDF link becomes its
    abstract page (same version); an http link to a host that serves https becomes https."""
    arxiv = arxiv_match(url)
    parts = urlsplit(url)
    if arxiv and arxiv.group("kind") == "pdf" and not parts.query and not parts.fragment:
        version = arxiv.group("version") or ""
        return "arxiv-pdf", f"https://arxiv.org/abs/{arxiv.group('id')}{version}"
    if parts.scheme.lower() == "http" and (parts.hostname or "") in HTTPS_HOSTS:
        return "http-link", "https" + url[len(parts.scheme):]
    return None


def _is_code_host(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host.split(".")[0] in ("gitlab", "gitea", "git"):
        return True
    return any(host == name or host.endswith("." + name) for name in CODE_HOSTS)


# --- titles --------------------------------------------------------------------------------

_CLOSING = {")": "(", "]": "[", "}": "{"}


def _unbalanced_bracket(title: str) -> str | None:
    """The first bracket of ``title`` without its partner, or None when all pair up."""
    stack: list[str] = []
    for ch in title:
        if ch in "([{":
            stack.append(ch)
        elif ch in _CLOSING:
            if not stack or stack[-1] != _CLOSING[ch]:
                return ch
            stack.pop()
    return stack[0] if stack else None


def _raw_titles(raw_text: str | None) -> dict[int, Any]:
    """The title of each ``[[papers]]`` table as written, by header line."""
    if raw_text is None:
        return {}
    import tomllib

    try:
        tables = tomllib.loads(raw_text).get("papers", [])
    except tomllib.TOMLDecodeError:
        return {}
    lines = store.paper_header_lines(raw_text)
    if not isinstance(tables, list) or len(lines) != len(tables):
        return {}
    return {line: table.get("title") for line, table in zip(lines, tables, strict=True)
            if isinstance(table, dict)}


def _text_findings(paper: Paper, raw_title: str) -> Iterable[Finding]:
    if raw_title != paper.title:
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

def founding_year(venue: Venue) -> int | None:
    """The year ``venue`` began, if it is one ``VENUE_FOUNDED`` knows under any name."""
    known = {normalise_name(abbr): year for abbr, year in VENUE_FOUNDED.items()}
    for name in (venue.abbr, *venue.aliases, venue.name):
        year = known.get(normalise_name(name))
        if year is not None:
            return year
    return None


def _field_findings(paper: Paper, catalog: Catalog) -> Iterable[Finding]:
    if not paper.links:
        yield Finding("error", "no-link", paper.key, paper.line,
                      'paper has no link: add [papers.links] with paper = "https://..."')
    venue = catalog.venue(paper.venue)
    founded = founding_year(venue) if venue else None
    if founded is not None and paper.year < founded:
        yield Finding("error", "year-range", paper.key, paper.line,
                      f"year {paper.year} is before {paper.venue} began ({founded}): correct"
                      " the year or the venue")
    code = paper.code_url
    if code is not None and not _is_code_host(code):
        host = urlsplit(code).hostname
        yield Finding("warning", "code-host", paper.key, paper.line,
                      f"code link {code} is not on a code host ({host}): link the repository,"
                      " or give it another label (project, website...)")
    for link in paper.links:
        fixed = _url_fix(link.url)
        if fixed is None:
            continue
        rule, url = fixed
        what = "is an arXiv PDF" if rule == "arxiv-pdf" else "uses http"
        yield Finding("warning", rule, paper.key, paper.line,
                      f"{link.label} link {link.url} {what}: use {url} (check --fix does it)")


# --- duplicates ----------------------------------------------------------------------------

def _duplicate_findings(papers: Sequence[Paper]) -> Iterable[Finding]:
    """Each later paper that repeats an earlier one's title or a link, naming the earlier."""
    first_title: dict[str, Paper] = {}
    first_url: dict[str, tuple[Paper, Link]] = {}
    for paper in papers:
        title = normalise_title(paper.title)
        if title in first_title:
            other = first_title[title]
            yield Finding("error", "duplicate-title", paper.key, paper.line,
                          f"same title as {other.key} (line {other.line}): remove one of them"
                          " or merge their links")
        else:
            first_title[title] = paper
        seen_here: dict[str, Link] = {}
        for link in paper.links:
            url = canonical_url(link.url)
            if url in seen_here:
                yield Finding("warning", "repeated-link", paper.key, paper.line,
                              f"{link.label} link {link.url} is the same page as its"
                              f" {seen_here[url].label} link: remove one")
                continue
            seen_here[url] = link
            if url not in first_url:
                first_url[url] = (paper, link)
                continue
            other, other_link = first_url[url]
            shared_code = link.label == other_link.label == "code"
            yield Finding("warning" if shared_code else "error", "duplicate-url", paper.key,
                          paper.line,
                          f"{link.label} link {link.url} is also the {other_link.label} link of"
                          f" {other.key} (line {other.line}): "
                          + ("fine if both papers share one repository" if shared_code
                             else "remove the duplicate paper or correct the link"))
    yield from _near_duplicate_findings(papers)


def _near_duplicate_findings(papers: Sequence[Paper]) -> Iterable[Finding]:
    from rapidfuzz import fuzz, process

    titles = [normalise_title(paper.title) for paper in papers]
    for index in range(1, len(papers)):
        earlier = titles[:index]
        scores: dict[int, float] = {}
        for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
            for _match, score, other in process.extract(
                titles[index], earlier, scorer=scorer, limit=None,
                score_cutoff=NEAR_DUPLICATE_THRESHOLD,
            ):
                scores[other] = max(scores.get(other, 0.0), score)
        for other, score in sorted(scores.items()):
            if titles[other] == titles[index]:
                continue  # an exact duplicate, reported as duplicate-title
            paper, match = papers[index], papers[other]
            yield Finding("warning", "near-duplicate-title", paper.key, paper.line,
                          f"title is {score:.0f}% similar to {match.key} (line {match.line}):"
                          f" {match.title!r}; if it is the same paper, remove one")


# --- the store's problems ------------------------------------------------------------------

_PROBLEM = re.compile(
    r"^(?P<path>.*?):(?:(?P<line>\d+):)? (?P<what>paper|venue) #(?P<number>\d+)"
    r"(?: \((?P<key>[^()]*)\))?: (?P<message>.*)$"
)
_PROBLEM_RULES = (
    ("missing title", "missing-title"),
    ("[[venues]] registry", "unknown-venue"),
    ("duplicate key", "duplicate-key"),
    ("missing venue", "missing-venue"),
    ("missing year", "missing-year"),
    ("URL", "invalid-link"),
    ("link", "invalid-link"),
    ("title", "invalid-title"),
    ("year", "invalid-year"),
    ("key", "invalid-key"),
)


def problem_findings(problems: Sequence[str], raw_text: str | None = None) -> list[Finding]:
    """The store's problem strings (``path:line: paper #N (key): message``) as error findings.

    A venue problem gets the line of its ``[[venues]]`` header when ``raw_text`` is given.
    """
    venue_lines = []
    if raw_text is not None:
        venue_lines = [index + 1 for index, name, is_array in store.table_headers(raw_text)
                       if is_array and name == "venues"]
    findings = []
    for problem in problems:
        match = _PROBLEM.match(problem)
        if match is None:
            findings.append(Finding("error", "invalid-catalog", "", 0,
                                    problem.partition(": ")[2] or problem))
            continue
        message = match.group("message")
        if match.group("what") == "venue":
            number = int(match.group("number"))
            line = venue_lines[number - 1] if number <= len(venue_lines) else 0
            key_note = f" ({match.group('key')})" if match.group("key") else ""
            findings.append(Finding("error", "invalid-venue", "", line,
                                    f"venue #{number}{key_note}: {message}"))
            continue
        rule = next((rule for needle, rule in _PROBLEM_RULES if needle in message),
                    "invalid-record")
        findings.append(Finding("error", rule, match.group("key") or "",
                                int(match.group("line") or 0), message))
    return findings


# --- the lint ------------------------------------------------------------------------------

def lint(catalog: Catalog, raw_text: str | None = None,
         problems: Sequence[str] = ()) -> list[Finding]:
    """Every finding about ``catalog``, sorted by line (errors before warnings on a line).

    ``raw_text`` is the catalog file's text: with it, title spacing is judged as written
    and venue problems get their line. ``problems`` are the store's, from ``load_catalog``.
    """
    raw_titles = _raw_titles(raw_text)
    findings = problem_findings(problems, raw_text)
    for paper in catalog.papers:
        raw_title = raw_titles.get(paper.line, paper.title)
        findings.extend(_text_findings(paper, raw_title if isinstance(raw_title, str)
                                       else paper.title))
        findings.extend(_field_findings(paper, catalog))
    findings.extend(_duplicate_findings(catalog.papers))
    return sorted(findings, key=lambda f: (f.line, f.severity != "error", f.rule, f.key))


def lint_file(path: Path) -> list[Finding]:
    """Read, parse and lint the catalog at ``path`` (a file that is not TOML raises
    ``CatalogSyntaxError``: it cannot be linted at all)."""
    text = store.read_text(path)
    catalog, problems = store.parse_catalog(text, path)
    return lint(catalog, text, problems)


def readme_finding(readme: Path, catalog: Catalog) -> Finding | None:
    """An error when ``readme`` is not what ``export`` writes (``check --readme``)."""
    from awesome_snn.operations import check_export

    if check_export(readme, catalog).up_to_date:
        return None
    return Finding("error", "readme-outdated", "", 0,
                   f"{readme} is not what `snn-papers export` writes: run"
                   f" `snn-papers export -o {readme}`")


def has_errors(findings: Iterable[Finding]) -> bool:
    """``check`` exits 1 when this is true; warnings alone leave it at 0."""
    return any(finding.severity == "error" for finding in findings)


def format_finding(finding: Finding, path: Path | str) -> str:
    """``path:line: severity: key: message [rule]``, the form editors and CI logs link."""
    key = f"{finding.key}: " if finding.key else ""
    return f"{path}:{finding.line}: {finding.severity}: {key}{finding.message} [{finding.rule}]"


def findings_json(findings: Sequence[Finding], path: Path | str) -> str:
    """``check --json``: ``{"catalog", "errors", "warnings", "findings": [{"severity",
    "rule", "key", "line", "message"}, ...]}``, with a trailing newline."""
    errors = sum(1 for finding in findings if finding.severity == "error")
    document = {
        "catalog": str(path),
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [asdict(finding) for finding in findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


# --- the safe fixes ------------------------------------------------------------------------

_STRING_LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'')


def _has_comment(lines: Sequence[str]) -> bool:
    """Whether any line has a TOML comment (a ``#`` outside a one-line string). Lines of a
    multi-line string may be taken for comments: that only makes ``fix`` more careful."""
    return any("#" in _STRING_LITERAL.sub("", line) for line in lines)


def _fixed_paper(paper: Paper, raw_title: str) -> tuple[Paper, list[Change]]:
    changes = []
    if raw_title != paper.title:
        changes.append(Change("title-spacing", paper.key, paper.line, "title", raw_title,
                              paper.title))
    links = []
    for link in paper.links:
        fixed = _url_fix(link.url)
        if fixed is not None:
            rule, url = fixed
            changes.append(Change(rule, paper.key, paper.line, f"links.{link.label}", link.url,
                                  url))
            link = Link(link.label, url)
        links.append(link)
    return replace(paper, links=tuple(links)), changes


def fix(catalog_text: str, path: Path = Path("<catalog>")) -> tuple[str, list[Change]]:
    """``catalog_text`` with the safe fixes applied, and what changed.

    Fixes title spacing, arXiv PDF links (to the abstract page) and http links to hosts in
    ``HTTPS_HOSTS``. Only the fixed papers' tables are rewritten; every other byte stays.
    A table is left alone when its rewrite would drop a comment or change any value other
    than the fixed ones (say, a hand-written table without a key). Running ``fix`` on its
    own output changes nothing. ``path`` only names the file in a syntax error.
    """
    import tomllib

    catalog, _problems = store.parse_catalog(catalog_text, path)
    raw_tables = tomllib.loads(catalog_text).get("papers", [])
    header_lines = store.paper_header_lines(catalog_text)
    spans = store.paper_spans(catalog_text)
    if not isinstance(raw_tables, list) or not len(header_lines) == len(spans) == len(raw_tables):
        return catalog_text, []
    position_by_line = {line: position for position, line in enumerate(header_lines)}
    lines = catalog_text.split("\n")
    edits: list[tuple[int, str]] = []
    changes: list[Change] = []
    for paper in catalog.papers:
        position = position_by_line.get(paper.line)
        if position is None:
            continue
        raw = raw_tables[position]
        fixed, paper_changes = _fixed_paper(paper, raw["title"])
        if not paper_changes:
            continue
        block = store.paper_block(fixed)
        expected = dict(raw, title=fixed.title)
        if "links" in raw:
            expected["links"] = {link.label: link.url for link in fixed.links}
        start, end = spans[position]
        if _has_comment(lines[start:end]) or tomllib.loads(block)["papers"][0] != expected:
            continue
        edits.append((position, block))
        changes.extend(paper_changes)
    text = catalog_text
    for position, block in sorted(edits, reverse=True):
        text = store.replace_paper_text(text, position, block)
    return text, changes


def fix_file(path: Path) -> list[Change]:
    """Apply ``fix`` to the catalog at ``path`` under its lock, writing atomically (and not
    at all when nothing changed). Callers check ``store.writable`` first."""
    with store.catalog_lock(path):
        text = store.read_text(path)
        new_text, changes = fix(text, path)
        if changes:
            store.atomic_write(path, new_text)
    return changes


def format_change(change: Change, path: Path | str) -> str:
    return (f"{path}:{change.line}: fixed: {change.key}: {change.field} {change.before!r}"
            f" -> {change.after!r} [{change.rule}]")
