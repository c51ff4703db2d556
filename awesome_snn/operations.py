"""What each command does, apart from parsing options and drawing output.

Every command of the CLI calls one function here. They take paths and plain values, raise
only the project's errors, and return records for a renderer.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn import store
from awesome_snn.errors import ImportFailed, InvalidInput, NoMatch, WriteFailed
from awesome_snn.keys import unique_key
from awesome_snn.markdown_import import ImportResult, SkippedLine, import_markdown
from awesome_snn.markdown_render import render_markdown
from awesome_snn.model import Catalog, ListTexts, Paper, Venue
from awesome_snn.search import PaperFilter, normalise_title
from awesome_snn.snapshot import Snapshot, load_snapshot
from awesome_snn.store import CatalogLocation

if TYPE_CHECKING:
    from awesome_snn.lint import Change, Finding


@dataclass(frozen=True)
class LoadedCatalog:
    catalog: Catalog
    problems: tuple[str, ...]
    """Invalid records left out; read-only commands print them as warnings."""


def open_catalog(location: CatalogLocation) -> LoadedCatalog:
    snapshot = load_snapshot(location.path)
    return LoadedCatalog(snapshot.catalog(), snapshot.problems)


def init_catalog(path: Path, title: str | None = None) -> Path:
    """Write a new, empty catalog at ``path`` (refusing to replace an existing file)."""
    if path.exists():
        raise WriteFailed(f"{path}: already exists; init writes only new catalogs")
    texts = ListTexts(title=title) if title else ListTexts()
    store.atomic_write(path, store.dump_catalog(Catalog(texts=texts)))
    return path


@dataclass(frozen=True)
class ImportReport:
    target: Path
    papers: int
    """Papers read from the Markdown file."""
    added: int
    """Papers written to the catalog (fewer than read when merging into one that has some)."""
    venues: int
    sections: int
    skipped: tuple[SkippedLine, ...]
    already_present: tuple[str, ...]


def _read_markdown(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path}: is a folder; give the README.md file") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(f"{path}:{line}: not UTF-8 text (byte {data[exc.start]:#04x});"
                           " save the file as UTF-8") from None


def import_list(markdown_path: Path, output: Path | None, location: CatalogLocation,
                force: bool = False) -> ImportReport:
    """Read a README into a new catalog (``output``) or merge it into the catalog at
    ``location``: papers it does not have yet are appended, in the list's order."""
    text = _read_markdown(markdown_path)
    if output is not None:
        if output.exists() and not force:
            raise WriteFailed(f"{output}: already exists; pass --force to replace it, or"
                              " --catalog to merge into it")
        result = _import_text(text, markdown_path, ())
        store.atomic_write(output, store.dump_catalog(result.catalog))
        catalog = result.catalog
        return ImportReport(output, len(catalog.papers), len(catalog.papers), len(catalog.venues),
                            result.sections, result.skipped, ())
    path = store.writable(location)
    if not path.exists():
        result = _import_text(text, markdown_path, ())
        store.atomic_write(path, store.dump_catalog(result.catalog))
        catalog = result.catalog
        return ImportReport(path, len(catalog.papers), len(catalog.papers), len(catalog.venues),
                            result.sections, result.skipped, ())
    with store.catalog_lock(path):
        existing, current_text = store.load_valid_catalog(path)
        result = _import_text(text, markdown_path, existing.venues)
        have = {(normalise_title(p.title), p.year) for p in existing.papers}
        taken = {p.key for p in existing.papers}
        known_venues = {v.abbr for v in existing.venues}
        blocks = [store.venue_block(v) for v in result.catalog.venues
                  if v.abbr not in known_venues]
        present = []
        added = 0
        for paper in result.catalog.papers:
            if (normalise_title(paper.title), paper.year) in have:
                present.append(paper.title)
                continue
            paper = replace(paper, key=unique_key(paper.title, paper.year, taken))
            taken.add(paper.key)
            blocks.append(store.paper_block(paper))
            added += 1
        if blocks:
            store.atomic_write(path, store.append_blocks(current_text, blocks))
        return ImportReport(path, len(result.catalog.papers), added,
                            len({p.venue for p in result.catalog.papers}), result.sections,
                            result.skipped, tuple(present))


def _import_text(text: str, path: Path, registry: tuple[Venue, ...]) -> ImportResult:
    try:
        return import_markdown(text, registry)
    except ImportFailed as exc:
        raise ImportFailed(f"{path}: {exc}") from None


@dataclass(frozen=True)
class ExportCheck:
    up_to_date: bool
    diff: str


EXPORT_FORMATS = ("markdown", "html", "bibtex", "json", "csv")


def export_text(source: Catalog | Snapshot, fmt: str = "markdown",
                filters: PaperFilter | None = None) -> str:
    """The catalog (its papers passing ``filters``) in one of ``EXPORT_FORMATS``."""
    return "".join(export_chunks(source, fmt, filters))


def export_chunks(source: Catalog | Snapshot, fmt: str = "markdown",
                  filters: PaperFilter | None = None) -> Iterable[str]:
    """``export_text`` in pieces. From a snapshot, Markdown is rendered straight from the
    cached columns and streamed (no record per paper, no single huge string)."""
    if fmt == "markdown" and isinstance(source, Snapshot):
        from awesome_snn.markdown_render import render_chunks
        from awesome_snn.search import allowed_indexes

        rows = zip(source.titles, source.venue_of, source.years, source.iter_links())
        keep = allowed_indexes(source, filters) if filters is not None else None
        if keep is not None:
            rows = (row for index, row in enumerate(rows) if index in keep)
        return render_chunks(source.texts, source.venues, rows)
    return [_export_whole(source, fmt, filters)]


def _export_whole(source: Catalog | Snapshot, fmt: str, filters: PaperFilter | None) -> str:
    catalog = source.catalog() if isinstance(source, Snapshot) else source
    if filters is not None:
        catalog = replace(catalog, papers=tuple(filters.apply(catalog.papers)))
    if fmt == "markdown":
        return render_markdown(catalog)
    if fmt == "html":
        from awesome_snn.html_render import render_html

        return render_html(catalog)
    from awesome_snn import formats

    if fmt not in formats.EXPORT_FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    return formats.EXPORT_FORMATS[fmt](catalog, catalog.papers)


def write_output(path: Path, text: str | Iterable[str]) -> None:
    """Write an export atomically, making its folder (``site/index.html``) if needed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"{path.parent}: cannot create the folder ({exc.strerror})") from None
    store.atomic_write(path, text)


def check_export(readme: Path, catalog: Catalog | None = None, max_lines: int = 60,
                 expected: str | None = None) -> ExportCheck:
    """Is ``readme`` exactly ``expected`` (by default, what export writes for ``catalog``)?
    If not, a short unified diff."""
    if expected is None:
        assert catalog is not None
        expected = render_markdown(catalog)
    try:
        actual = readme.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        actual = ""
    except OSError as exc:
        raise ImportFailed(f"{readme}: cannot read ({exc.strerror})") from None
    if actual == expected:
        return ExportCheck(True, "")
    diff = list(difflib.unified_diff(actual.splitlines(keepends=True),
                                     expected.splitlines(keepends=True),
                                     fromfile=str(readme), tofile="snn-papers export", n=1))
    if len(diff) > max_lines:
        diff = diff[:max_lines] + [f"... ({len(diff) - max_lines} more diff lines)\n"]
    return ExportCheck(False, "".join(line if line.endswith("\n") else line + "\n"
                                      for line in diff))


# --- check and stats ------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckReport:
    path: Path
    findings: tuple[Finding, ...]
    changes: tuple[Change, ...]
    """What --fix changed (empty without --fix)."""


def check_catalog(location: CatalogLocation, fix: bool = False,
                  readme: Path | None = None) -> CheckReport:
    """Lint the catalog (after applying the safe fixes with ``fix``), and with ``readme``
    also compare the README with what export writes."""
    from awesome_snn import lint

    changes: list[Change] = []
    if fix:
        changes = lint.fix_file(store.writable(location))
    text = store.read_text(location.path)
    catalog, problems = store.parse_catalog(text, location.path)
    findings = lint.lint(catalog, text, problems)
    if readme is not None:
        finding = lint.readme_finding(readme, catalog)
        if finding is not None:
            findings.append(finding)
    return CheckReport(location.path, tuple(findings), tuple(changes))


@dataclass(frozen=True)
class Stats:
    total: int
    with_code: int
    per_year: dict[int, tuple[int, int]]
    """year -> (papers, with code), newest first."""
    per_venue: list[tuple[Venue, int, int]]
    """(venue, papers, with code), most papers first."""


def catalog_stats(catalog: Catalog) -> Stats:
    per_year: dict[int, list[int]] = {}
    per_venue: dict[str, list[int]] = {}
    for paper in catalog.papers:
        for counts in (per_year.setdefault(paper.year, [0, 0]),
                       per_venue.setdefault(paper.venue, [0, 0])):
            counts[0] += 1
            counts[1] += paper.has_code
    venues = [(catalog.venue(abbr) or Venue(abbr, abbr), n, code)
              for abbr, (n, code) in per_venue.items()]
    venues.sort(key=lambda item: -item[1])
    return Stats(len(catalog.papers), sum(p.has_code for p in catalog.papers),
                 {year: (n, code) for year, (n, code) in sorted(per_year.items(), reverse=True)},
                 venues)


# --- queries: search, list, venues, show --------------------------------------------------

def list_papers(catalog: Catalog, filters: PaperFilter) -> list[tuple[Venue, list[Paper]]]:
    """Papers grouped by venue (registry order), newest year first within a venue."""
    groups: dict[str, list[Paper]] = {}
    for paper in filters.apply(catalog.papers):
        groups.setdefault(paper.venue, []).append(paper)
    if not groups:
        raise NoMatch("no paper matches these filters")
    order = [v.abbr for v in catalog.venues] + sorted(set(groups) - {v.abbr for v in catalog.venues})
    result = []
    for abbr in order:
        if abbr in groups:
            venue = catalog.venue(abbr) or Venue(abbr, abbr)
            papers = sorted(groups[abbr], key=lambda p: -p.year)  # stable: catalog order kept
            result.append((venue, papers))
    return result


@dataclass(frozen=True)
class VenueStats:
    venue: Venue
    per_year: dict[int, int]
    total: int


def venue_stats(catalog: Catalog) -> list[VenueStats]:
    counts: dict[str, dict[int, int]] = {v.abbr: {} for v in catalog.venues}
    for paper in catalog.papers:
        per_year = counts.setdefault(paper.venue, {})
        per_year[paper.year] = per_year.get(paper.year, 0) + 1
    return [VenueStats(catalog.venue(abbr) or Venue(abbr, abbr), dict(sorted(c.items(), reverse=True)),
                       sum(c.values())) for abbr, c in counts.items()]
