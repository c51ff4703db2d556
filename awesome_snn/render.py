"""The one place a command's result becomes output.

``emit(command, result, as_json)`` prints a result returned by ``awesome_snn.commands``:
as text (Rich tables on a terminal; the same drawn without colour when piped) or, with
``--json``, as one JSON envelope for every command::

    {"command": "<name>", "data": <the command's payload>, "problems": [<Problem>, ...]}

where ``problems`` lists the catalog's invalid records that were skipped (each ``{"file",
"line", "column", "rule", "message", "key"}``), else ``[]``. Warnings about such records
also go to stderr, in both modes. Progress bars (``link_progress``) go to stderr, and only
on a terminal.

Every text that comes from a catalog (titles, keys, venue names, URLs) is printed as text,
never read as Rich markup or emoji codes. Rich is imported here (and by the CLI) only.
"""

from __future__ import annotations

import errno
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from awesome_snn.commands.check import CheckResult
    from awesome_snn.commands.exporting import ExportResult
    from awesome_snn.commands.importing import ImportResult
    from awesome_snn.commands.listing import ListResult
    from awesome_snn.commands.maintain import AddResult, EditResult, InitResult, RemoveResult
    from awesome_snn.commands.search import SearchResult
    from awesome_snn.commands.show import ShowResult
    from awesome_snn.commands.stats import StatsResult
    from awesome_snn.commands.venues import VenuesResult
    from awesome_snn.linkcheck import LinkResult
    from awesome_snn.model import Paper, Venue
    from awesome_snn.problems import Problem


_console_class: type[Console] | None = None


def console(stderr: bool = False) -> Console:
    """A console that never reads markup, emoji codes or "highlights" values in text, and
    leaves a closed stdout to the CLI (Rich's own answer is to exit with status 1)."""
    global _console_class
    if _console_class is None:
        from rich.console import Console

        class _Console(Console):
            def on_broken_pipe(self) -> None:
                self.quiet = True
                raise BrokenPipeError(errno.EPIPE, "the reader of the output has gone")

        _console_class = _Console
    return _console_class(stderr=stderr, highlight=False, markup=False, emoji=False,
                          soft_wrap=False)


def emit(command: str, result: Any, as_json: bool = False) -> None:
    """Print ``result`` of ``command``: text, or the JSON envelope."""
    problems = tuple(getattr(result, "problems", ()))
    warnings(problems)
    name = type(result).__name__
    if as_json:
        data = _DATA[name](result)
        print_json({"command": command, "data": data,
                    "problems": [problem_record(p) for p in problems]})
    else:
        _TEXT[name](result)


def problem_record(problem: Problem) -> dict[str, Any]:
    """``{"file", "line", "column", "rule", "message", "key"}``."""
    from dataclasses import asdict

    return asdict(problem)


def warnings(problems: Sequence[object]) -> None:
    for problem in problems:
        sys.stderr.write(f"snn-papers: warning: {problem}\n")
    if problems:
        sys.stderr.write(f"snn-papers: warning: {len(problems)} invalid record(s) skipped;"
                         " run `snn-papers check` for details\n")


def warning(message: str) -> None:
    sys.stderr.write(f"snn-papers: warning: {message}\n")


def print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def paper_records(venues: Sequence[Venue], papers: Sequence[Paper]) -> list[dict[str, Any]]:
    """Papers as the JSON export's objects (``formats.paper_record``)."""
    from awesome_snn.formats import paper_record
    from awesome_snn.model import Catalog

    registry = Catalog(venues=tuple(venues))
    return [paper_record(registry, paper) for paper in papers]


def _title_text(paper: Paper) -> Text:
    """The title as text, a terminal hyperlink to the paper."""
    from rich.style import Style
    from rich.text import Text

    url = paper.paper_url
    return Text(paper.title, style=Style(link=url) if url else "")


# --- search, list, venues, show, stats ---------------------------------------------------

def _search_text(result: SearchResult) -> None:
    """A table: each title (a hyperlink to the paper) with its key under it, then venue,
    year and whether it has code."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table
    from rich.text import Text

    table = Table(box=SIMPLE_HEAD, header_style="bold", pad_edge=False, leading=1)
    table.add_column("paper")
    table.add_column("venue", no_wrap=True, max_width=12, overflow="ellipsis")
    table.add_column("year", justify="right", no_wrap=True, min_width=4)
    table.add_column("code", justify="center", no_wrap=True, min_width=4)
    for paper in result.papers:
        cell = _title_text(paper)
        cell.append("\n")
        cell.append(paper.key, style="cyan")
        table.add_row(cell, Text(paper.venue), Text(str(paper.year)),
                      Text("yes" if paper.has_code else ""))
    console().print(table)


def _search_data(result: SearchResult) -> object:
    return paper_records(result.venues, result.papers)


LIST_CHUNK = 100
"""Lines ``list`` hands Rich at once: printed as they come (a listing of thousands of papers
streams), yet without Rich's cost per call for every line."""


def _list_text(result: ListResult) -> None:
    """A section per venue, a line per paper."""
    from rich.text import Text

    def line(paper: Paper) -> Text:
        text = Text("  ")
        text.append(f"{paper.year}  ", style="dim")
        text.append(paper.key, style="cyan")
        text.append("  ")
        text.append_text(_title_text(paper))
        if paper.has_code:
            text.append("  [code]", style="green")
        return text

    out = console()
    newline = Text("\n")
    for venue, papers in result.groups:
        out.print(Text(f"{venue.heading}  ({len(papers)})", style="bold"))
        for start in range(0, len(papers), LIST_CHUNK):
            out.print(newline.join(line(p) for p in papers[start:start + LIST_CHUNK]),
                      overflow="fold")
        out.print()


def _list_data(result: ListResult) -> object:
    return paper_records(result.venues, result.papers)


def _venues_text(result: VenuesResult) -> None:
    from rich.table import Table
    from rich.text import Text

    years = sorted({year for row in result.rows for year, _n in row.per_year}, reverse=True)
    table = Table(header_style="bold")
    table.add_column("venue", style="cyan", no_wrap=True)
    table.add_column("full name")
    table.add_column("kind")
    for year in years:
        table.add_column(str(year), justify="right")
    table.add_column("total", justify="right", style="bold")
    for row in result.rows:
        counts = dict(row.per_year)
        table.add_row(Text(row.venue.abbr), Text(row.venue.name), Text(row.venue.kind),
                      *[Text(str(counts.get(year, ""))) for year in years], Text(str(row.total)))
    console().print(table)


def _venues_data(result: VenuesResult) -> object:
    return [{"abbr": row.venue.abbr, "name": row.venue.name, "kind": row.venue.kind,
             "aliases": list(row.venue.aliases),
             "per_year": {str(year): n for year, n in row.per_year}, "total": row.total}
            for row in result.rows]


def _paper_detail(paper: Paper, venue: Venue | None) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("key", Text(paper.key, style="cyan"))
    table.add_row("title", Text(paper.title))
    table.add_row("venue", Text(venue.heading if venue else paper.venue))
    table.add_row("year", Text(str(paper.year)))
    for link in paper.links:
        table.add_row(Text(link.label), _link_text(link.url))
    if not paper.links:
        table.add_row("links", Text("none", style="dim"))
    for name, value in paper.extra:
        table.add_row(Text(name), Text(repr(value)))
    console().print(table)


def _link_text(url: str) -> Text:
    from rich.style import Style
    from rich.text import Text

    return Text(url, style=Style(link=url))


def _show_text(result: ShowResult) -> None:
    _paper_detail(result.paper, result.venue)


def _show_data(result: ShowResult) -> object:
    return paper_records(result.venues, [result.paper])[0]


def _bar(value: int, largest: int, width: int = 30) -> Text:
    from rich.text import Text

    cells = round(width * value / largest) if largest else 0
    return Text("█" * cells, style="cyan")


def _stats_text(result: StatsResult) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    share = f"{result.with_code / result.total:.0%}" if result.total else "0%"
    out.print(Text(f"{result.total} papers, {result.with_code} with code ({share})", style="bold"))
    for title, rows in (("year", [(str(y), n, c) for y, n, c in result.per_year]),
                        ("venue", [(v.abbr, n, c) for v, n, c in result.per_venue])):
        largest = max((n for _label, n, _c in rows), default=0)
        table = Table(header_style="bold")
        table.add_column(title, style="cyan", no_wrap=True)
        table.add_column("papers", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("with code", justify="right")
        for label, n, code in rows:
            table.add_row(Text(label), Text(str(n)), _bar(n, largest),
                          Text(f"{code} ({code / n:.0%})"))
        out.print(table)


def _stats_data(result: StatsResult) -> object:
    return {"total": result.total, "with_code": result.with_code,
            "per_year": [{"year": y, "papers": n, "with_code": c} for y, n, c in result.per_year],
            "per_venue": [{"venue": v.abbr, "papers": n, "with_code": c}
                          for v, n, c in result.per_venue]}


# --- init, import, export -----------------------------------------------------------------

def _init_text(result: InitResult) -> None:
    sys.stdout.write(f"Wrote an empty catalog to {result.path}\n")


def _import_text(result: ImportResult) -> None:
    sys.stdout.write(f"Read {result.papers} papers in {result.sections} sections"
                     f" ({result.venues} venues); wrote {result.added} to {result.target}\n")
    if result.already_present:
        sys.stdout.write(f"{len(result.already_present)} were already in the catalog and were"
                         " left as they are\n")
    if result.skipped:
        from rich.text import Text

        err = console(stderr=True)
        err.print(Text(f"{len(result.skipped)} line(s) look like items but could not be read:",
                       style="bold yellow"))
        for skipped in result.skipped:
            err.print(Text(f"  line {skipped.line}: {skipped.reason}: {skipped.text[:100]}"))


def _export_text(result: ExportResult) -> None:
    if result.check is not None:
        if not result.diff:
            sys.stdout.write(f"{result.check} is up to date\n")
            return
        sys.stdout.write(result.diff)
        sys.stdout.flush()
        sys.stderr.write(f"{result.check} is not what `snn-papers export` writes; run"
                         f" `snn-papers export -o {result.check}`\n")
    elif result.output is not None:
        sys.stderr.write(f"Wrote {result.output}\n")
    else:
        for chunk in result.chunks:
            sys.stdout.write(chunk)


# --- add, edit, remove --------------------------------------------------------------------

def _saved(verb: str, paper: Paper, venue: Venue | None, new_venue: Venue | None) -> None:
    from rich.text import Text

    out = console()
    if new_venue is not None:
        out.print(Text(f"Registered venue {new_venue.heading} ({new_venue.kind})"))
    out.print(Text(f"{verb} {paper.key}", style="bold green"))
    _paper_detail(paper, venue)


def _add_text(result: AddResult) -> None:
    if result.forced_over is not None:
        warning(f"added despite duplicating {result.forced_over.key} (--force)")
    _saved("Added", result.paper, result.venue, result.new_venue)


def _edit_text(result: EditResult) -> None:
    _saved("Saved", result.paper, result.venue, result.new_venue)


def _remove_text(result: RemoveResult) -> None:
    from rich.text import Text

    if result.removed:
        console().print(Text(f"Removed {result.paper.key}: {result.paper.title}"))
    else:
        sys.stdout.write("Nothing removed.\n")


# --- check --------------------------------------------------------------------------------

def _check_text(result: CheckResult) -> None:
    """One line per fix and per finding (``path:line: severity: key: message [rule]``), a
    count, then with --links a table of the dead, moved and warned links."""
    from awesome_snn.lint import format_change, format_finding

    path = result.catalog
    for change in result.changes:
        sys.stdout.write(format_change(change, path) + "\n")
    for finding in result.findings:
        sys.stdout.write(format_finding(finding, path) + "\n")
    fixed = f", {len(result.changes)} fixed" if result.changes else ""
    sys.stdout.write(f"{path}: {result.errors} error(s), {result.warnings} warning(s){fixed}\n")
    if result.links is not None:
        _link_summary(result.links, path)


def _link_records(results: Sequence[LinkResult]) -> list[dict[str, Any]]:
    return [{"key": r.target.key, "label": r.target.label, "url": r.target.url,
             "line": r.target.line, "status": r.status, "http_status": r.http_status,
             "final_url": r.final_url, "redirects": list(r.redirects), "reason": r.reason}
            for r in results]


def _check_data(result: CheckResult) -> object:
    from dataclasses import asdict

    return {
        "catalog": str(result.catalog),
        "errors": result.errors,
        "warnings": result.warnings,
        "findings": [asdict(finding) for finding in result.findings],
        "fixes": [asdict(change) for change in result.changes],
        "links": None if result.links is None else _link_records(result.links),
    }


def _link_summary(results: Sequence[LinkResult], path: object) -> None:
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
            outcome = f"now {r.final_url}" if r.status == "moved" else r.reason
            table.add_row(Text(r.status, style=styles[r.status]),
                          Text(f"{r.target.key} ({path}:{r.target.line})"), Text(r.target.label),
                          Text(r.target.url), Text(outcome))
        out.print(table)
    counts = summarise(results)
    out.print(Text(f"{len(results)} links: " + ", ".join(f"{n} {s}" for s, n in counts.items())))


@contextmanager
def link_progress() -> Iterator[Callable[[int, int, LinkResult | None], None]]:
    """What ``commands.check`` reports progress to: a Rich progress bar on stderr when it is
    a terminal (started by the first report, gone when the block ends); elsewhere a plain
    line on stderr for each link that is not ok."""
    err = console(stderr=True)
    if not err.is_terminal:
        def plain(_done: int, _total: int, result: LinkResult | None) -> None:
            if result is not None and result.status != "ok":
                target = result.target
                sys.stderr.write(f"{result.status:7} {target.key}  {target.label}  {target.url}"
                                 f"  {result.reason}\n")
        yield plain
        return
    from contextlib import ExitStack

    counts = {"ok": 0, "moved": 0, "warning": 0, "dead": 0}
    bar: list[Any] = []

    def advance(done: int, total: int, result: LinkResult | None) -> None:
        if not bar:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            progress = stack.enter_context(Progress(
                TextColumn("checking links"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                transient=True))
            bar.extend((progress, progress.add_task("", total=total)))
        if result is not None:
            counts[result.status] += 1
        progress, task = bar
        progress.update(task, completed=done, total=total, description=", ".join(
            f"{n} {s}" for s, n in counts.items() if n))

    with ExitStack() as stack:
        yield advance


_TEXT: dict[str, Callable[[Any], None]] = {
    "SearchResult": _search_text, "ListResult": _list_text, "VenuesResult": _venues_text,
    "ShowResult": _show_text, "StatsResult": _stats_text, "InitResult": _init_text,
    "ImportResult": _import_text, "ExportResult": _export_text, "AddResult": _add_text,
    "EditResult": _edit_text, "RemoveResult": _remove_text, "CheckResult": _check_text,
}
"""Each result type of ``awesome_snn.commands`` -> how it is printed as text."""
_DATA: dict[str, Callable[[Any], object]] = {
    "SearchResult": _search_data, "ListResult": _list_data, "VenuesResult": _venues_data,
    "ShowResult": _show_data, "StatsResult": _stats_data, "CheckResult": _check_data,
}
"""The ``data`` of the JSON envelope, for the results of commands that have ``--json``."""
