"""Terminal output: every Rich table, panel and message the CLI shows.

Each renderer takes records from the core and a Rich console; nothing here reads files or
decides anything. Rich is imported here only, so the core never pays for it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from awesome_snn.errors import SnnPapersError
    from awesome_snn.linkcheck import LinkResult
    from awesome_snn.model import Paper, Venue
    from awesome_snn.operations import CheckReport, ImportReport, Stats, VenueStats
    from awesome_snn.search import Hit


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def error(message: str) -> None:
    """One line (or a short block) on stderr, plain text so scripts can read it."""
    sys.stderr.write(f"snn-papers: error: {message}\n")


def failure(exc: SnnPapersError) -> int:
    """The one place a project error becomes a message; returns its exit code."""
    error(str(exc))
    return exc.exit_code


def paper_records(catalog: object, papers: Sequence[Paper]) -> list[dict[str, object]]:
    """Papers as the JSON objects of ``--json`` (the JSON export's schema)."""
    from awesome_snn.formats import paper_record

    return [paper_record(catalog, paper) for paper in papers]  # type: ignore[arg-type]


def warnings(problems: Sequence[str]) -> None:
    for problem in problems:
        sys.stderr.write(f"snn-papers: warning: {problem}\n")
    if problems:
        sys.stderr.write(f"snn-papers: warning: {len(problems)} invalid record(s) skipped;"
                         " run `snn-papers check` for details\n")


def import_report(report: ImportReport) -> None:
    out = console()
    out.print(f"Read {report.papers} papers in {report.sections} sections"
              f" ({report.venues} venues); wrote {report.added} to {report.target}")
    if report.already_present:
        out.print(f"{len(report.already_present)} were already in the catalog and were left as"
                  " they are")
    if report.skipped:
        err = console(stderr=True)
        err.print(f"[bold yellow]{len(report.skipped)} line(s) look like items but could not"
                  " be read:[/]")
        for skipped in report.skipped:
            err.print(f"  line {skipped.line}: {skipped.reason}: {skipped.text[:100]}",
                      markup=False)


def _title_text(paper: Paper, hyperlink: bool = True) -> Text:
    """The title as plain text (never Rich markup), a terminal hyperlink to the paper."""
    from rich.style import Style
    from rich.text import Text

    url = paper.paper_url
    return Text(paper.title, style=Style(link=url) if hyperlink and url else "")


def print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def quick_table_console() -> tuple[int, bool] | None:
    """The width and colour Rich's console would use on stdout, when ``results_table`` draws
    exactly what Rich would there: UTF-8 output on a POSIX system, a pipe or a terminal that
    is not dumb, no colour overrides. None: let Rich decide and draw."""
    import os

    environ = os.environ
    if sys.platform == "win32" or any(name in environ for name in (
            "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "JUPYTER_COLUMNS")):
        return None
    stream = sys.stdout
    if not (getattr(stream, "encoding", None) or "utf-8").lower().startswith("utf"):
        return None
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        return None
    if terminal and environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return None
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return (int(columns), terminal) if int(columns) > 0 else None
    for descriptor in (0, 1, 2):  # Rich asks stdin first, then stdout, then stderr
        try:
            return os.get_terminal_size(descriptor).columns or 80, terminal
        except (AttributeError, ValueError, OSError):
            continue
    return 80, terminal


def search_results(hits: Sequence[Hit]) -> None:
    """The results as a table: drawn by ``results_table`` when it draws what Rich would
    (Rich's import alone is most of ``search``'s time budget), else by Rich."""
    console_mode = quick_table_console()
    if console_mode is not None:
        from awesome_snn.results_table import draw, row

        drawn = draw([row(hit.paper) for hit in hits], *console_mode)
        if drawn is not None:
            sys.stdout.write(drawn)
            sys.stdout.flush()
            return
    rich_search_results(hits)


def rich_search_results(hits: Sequence[Hit]) -> None:
    """The results table drawn by Rich (the reference ``results_table`` is tested against)."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table
    from rich.text import Text

    table = Table(box=SIMPLE_HEAD, header_style="bold", pad_edge=False, leading=1)
    # The key under its title (not a column of its own): a 40-character key column left an
    # 80-column terminal no room for titles.
    table.add_column("paper")
    table.add_column("venue", no_wrap=True, max_width=12, overflow="ellipsis")
    table.add_column("year", justify="right", no_wrap=True, min_width=4)
    table.add_column("code", justify="center", no_wrap=True, min_width=4)
    for hit in hits:  # Text cells: never read as markup, and no markup parse to pay for
        paper = hit.paper
        cell = Text()
        cell.append_text(_title_text(paper))
        cell.append("\n")
        cell.append(paper.key, style="cyan")
        table.add_row(cell, Text(paper.venue), Text(str(paper.year)),
                      Text("yes" if paper.has_code else ""))
    console().print(table)


def paper_list(groups: Sequence[tuple[Venue, Sequence[Paper]]]) -> None:
    """A section per venue. Rows are printed as they come (no table built over every row),
    so a listing of thousands of papers streams."""
    from rich.text import Text

    out = console()
    for venue, papers in groups:
        out.print(Text(f"{venue.heading}  ({len(papers)})", style="bold"))
        for paper in papers:
            line = Text("  ")
            line.append(f"{paper.year}  ", style="dim")
            line.append(paper.key, style="cyan")
            line.append("  ")
            line.append_text(_title_text(paper))
            if paper.has_code:
                line.append("  [code]", style="green")
            out.print(line, overflow="fold")
        out.print()


def venues_table(stats: Sequence[VenueStats]) -> None:
    from rich.table import Table

    years = sorted({year for s in stats for year in s.per_year}, reverse=True)
    table = Table(header_style="bold")
    table.add_column("venue", style="cyan", no_wrap=True)
    table.add_column("full name")
    table.add_column("kind")
    for year in years:
        table.add_column(str(year), justify="right")
    table.add_column("total", justify="right", style="bold")
    for s in stats:
        table.add_row(s.venue.abbr, s.venue.name, s.venue.kind,
                      *[str(s.per_year.get(year, "")) for year in years], str(s.total))
    console().print(table)


def paper_detail(paper: Paper, venue: Venue | None) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("key", Text(paper.key, style="cyan"))
    table.add_row("title", Text(paper.title))
    table.add_row("venue", Text(venue.heading if venue else paper.venue))
    table.add_row("year", str(paper.year))
    for link in paper.links:
        table.add_row(Text(link.label), Text(link.url, style=f"link {link.url}"))
    if not paper.links:
        table.add_row("links", Text("none", style="dim"))
    for name, value in paper.extra:
        table.add_row(Text(name), Text(repr(value)))
    console().print(table)


def saved(verb: str, paper: Paper, venue: Venue | None, new_venue: Venue | None = None) -> None:
    from rich.text import Text

    out = console()
    if new_venue is not None:
        out.print(Text(f"Registered venue {new_venue.heading} ({new_venue.kind})"))
    out.print(Text(f"{verb} {paper.key}", style="bold green"))
    paper_detail(paper, venue)


def check_report(report: CheckReport) -> None:
    """One line per finding (``path:line: severity: key: message [rule]``) and a count."""
    from awesome_snn.lint import format_change, format_finding

    for change in report.changes:
        sys.stdout.write(format_change(change, report.path) + "\n")
    for finding in report.findings:
        sys.stdout.write(format_finding(finding, report.path) + "\n")
    errors = sum(1 for f in report.findings if f.severity == "error")
    warnings_count = len(report.findings) - errors
    fixed = f", {len(report.changes)} fixed" if report.changes else ""
    sys.stdout.write(f"{report.path}: {errors} error(s), {warnings_count} warning(s){fixed}\n")


@contextmanager
def link_progress(total: int) -> Iterator[Callable[[LinkResult], None]]:
    """A Rich progress bar on a terminal; plain lines for problems elsewhere."""
    out = console(stderr=True)
    if not out.is_terminal:
        def plain(result: LinkResult) -> None:
            if result.status != "ok":
                target = result.target
                sys.stderr.write(f"{result.status:7} {target.key}  {target.label}  {target.url}"
                                 f"  {result.reason}\n")
        yield plain
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    counts = {"ok": 0, "moved": 0, "warning": 0, "dead": 0}
    with Progress(TextColumn("checking links"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), TimeElapsedColumn(), console=out,
                  transient=True) as progress:
        task = progress.add_task("", total=total)

        def advance(result: LinkResult) -> None:
            counts[result.status] += 1
            progress.update(task, advance=1, description=", ".join(
                f"{n} {s}" for s, n in counts.items() if n))
        yield advance


def link_records(results: Sequence[LinkResult]) -> list[dict[str, object]]:
    return [{"key": r.target.key, "label": r.target.label, "url": r.target.url,
             "line": r.target.line, "status": r.status, "http_status": r.http_status,
             "final_url": r.final_url, "redirects": list(r.redirects), "reason": r.reason}
            for r in results]


def link_summary(results: Sequence[LinkResult], path: object) -> None:
    """A table of the dead, moved and warned links (dead first), then the counts."""
    from rich.table import Table
    from rich.text import Text

    from awesome_snn.linkcheck import summarise

    order = {"dead": 0, "moved": 1, "warning": 2}
    bad = sorted((r for r in results if r.status != "ok"), key=lambda r: order[r.status])
    out = console()
    if bad:
        table = Table(header_style="bold")
        for column in ("status", "paper", "label", "url", "result"):
            table.add_column(column, overflow="fold")
        styles = {"dead": "red", "moved": "yellow", "warning": "magenta"}
        for r in bad:
            result = f"now {r.final_url}" if r.status == "moved" else r.reason
            table.add_row(Text(r.status, style=styles[r.status]),
                          Text(f"{r.target.key} ({path}:{r.target.line})"), Text(r.target.label),
                          Text(r.target.url), Text(result))
        out.print(table)
    counts = summarise(results)
    out.print(Text(f"{len(results)} links: " + ", ".join(f"{n} {s}" for s, n in counts.items())))


def _bar(value: int, largest: int, width: int = 30) -> Text:
    from rich.text import Text

    cells = round(width * value / largest) if largest else 0
    return Text("█" * cells, style="cyan")


def stats_tables(stats: Stats) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    share = f"{stats.with_code / stats.total:.0%}" if stats.total else "0%"
    out.print(Text(f"{stats.total} papers, {stats.with_code} with code ({share})", style="bold"))
    for title, rows in (("year", [(str(y), n, c) for y, (n, c) in stats.per_year.items()]),
                        ("venue", [(v.abbr, n, c) for v, n, c in stats.per_venue])):
        largest = max((n for _l, n, _c in rows), default=0)
        table = Table(header_style="bold")
        table.add_column(title, style="cyan", no_wrap=True)
        table.add_column("papers", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("with code", justify="right")
        for label, n, code in rows:
            table.add_row(label, str(n), _bar(n, largest), f"{code} ({code / n:.0%})")
        out.print(table)
