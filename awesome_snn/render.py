"""The one place a command's result becomes output.

``emit(command, result, as_json)`` prints a result returned by ``awesome_snn.commands``:
as text (Rich tables on a terminal; the same drawn without colour when piped) or, with
``--json``, as one JSON envelope for every command::

    {"command": "<name>", "data": <the command's payload>, "problems": [<Problem>, ...]}

where ``problems`` lists the catalog's invalid records that were skipped (each ``{"file",
"line", "column", "rule", "message", "key"}``), else ``[]``. Warnings about such records
also go to stderr, in both modes. ``error`` prints what the CLI's boundary caught.

When stdout is not a terminal, ``list`` prints one paper a line, tab-separated (title, key,
venue, year, code URL or nothing), and import's report (on stderr) one unreadable line a
line after its count (line number, reason, text): layouts for ``grep`` and ``cut`` that
never wrap. Progress
(``activity``) goes to stderr, and only on an interactive terminal.

Every text that comes from a catalog, a file or the command line (titles, keys, venue
names, URLs, file names, a server's answers) is printed as text: never read as Rich markup
or emoji codes, and with its control characters shown (``visible``: ESC as ``\\x1b``), so
no catalog can colour, retitle, clear or write the clipboard of the terminal it is shown
on. Rich is imported here (and by the CLI) only.
"""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from rich.text import Text

    from awesome_snn.commands.add_source import AddSourceResult, Proposal
    from awesome_snn.commands.check import CheckResult, ExplainResult
    from awesome_snn.commands.diff import DiffResult
    from awesome_snn.commands.enrich import EnrichResult, Outcome
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

PROG = "snn-papers"

# --- text that is shown as text -------------------------------------------------------------

_UNSAFE = ("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e"
           "\u2066-\u2069\ud800-\udfff]")
"""What a terminal would act on or a reader be misled by: C0 and C1 control characters
(ESC starts colour, OSC 8 links, OSC 52 clipboard writes, screen clearing), DEL, bidi
overrides and marks, line and paragraph separators, and lone surrogates (bytes of a command
line argument or file name that are not UTF-8)."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: object) -> str:
    """``text`` with every character a terminal would act on written out: ESC as ``\\x1b``,
    a tab as ``\\x09``, U+202E as ``\\u202e``, a non-UTF-8 byte as ``\\xff``."""
    text = str(text)
    if text.isprintable():  # C-speed answer for nearly every title and URL
        return text
    return re.sub(_UNSAFE, _escape, text)


_JSON_UNSAFE = ("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                "\ud800-\udfff]")
"""What JSON may carry unescaped but a terminal would act on (compiled on first use, like
``_UNSAFE``)."""


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


def on_terminal(stderr: bool = False) -> bool:
    """Whether stdout (stderr) is a terminal, as Rich judges it (``FORCE_COLOR`` and
    ``TTY_COMPATIBLE`` count)."""
    return console(stderr).is_terminal


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
        warning(str(problem))
    if problems:
        warning(f"{len(problems)} invalid record(s) skipped; run `snn-papers check` for details")


def warning(message: str) -> None:
    sys.stderr.write(f"{PROG}: warning: {visible(message)}\n")


def note(message: str) -> None:
    sys.stderr.write(f"{PROG}: {visible(message)}\n")


def error(exc: BaseException) -> None:
    """An error the CLI caught: one line on stderr, ``snn-papers: error: ...``. An invalid
    catalog's records (the error's ``problems``) come first, one line each, as ``check``
    lists them; the error's first line last."""
    message = str(exc)
    warnings(getattr(exc, "skipped", ()))
    problems = getattr(exc, "problems", ())
    if problems:
        from awesome_snn.lint import format_finding, problem_finding

        sys.stderr.write("".join(visible(format_finding(problem_finding(problem), problem.file)) + "\n"
                                 for problem in problems))
        message = message.split("\n", 1)[0].rstrip(":")
    sys.stderr.write(f"{PROG}: error: {visible(message)}\n")


def usage_error(message: str, usage: str | None) -> None:
    """A mistake on the command line: Click's message as one line, then the usage line."""
    sys.stderr.write(f"{PROG}: error: {visible(' '.join(message.split()))}\n")
    if usage:
        sys.stderr.write(visible(usage.strip()) + "\n")


def print_json(data: object) -> None:
    import json

    text = json.dumps(data, ensure_ascii=False, indent=2)
    if not text.isascii():
        text = re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)
    sys.stdout.write(text + "\n")


def paper_records(venues: Sequence[Venue], papers: Sequence[Paper]) -> list[dict[str, Any]]:
    """Papers as the JSON export's objects (``formats.paper_record``)."""
    from awesome_snn.formats import paper_record
    from awesome_snn.model import Catalog

    registry = Catalog(venues=tuple(venues))
    return [paper_record(registry, paper) for paper in papers]


def _text(value: object, style: Any = "") -> Text:
    from rich.text import Text

    return Text(visible(value), style=style)


def _title_text(paper: Paper) -> Text:
    """The title as text, a terminal hyperlink to the paper."""
    from rich.style import Style
    from rich.text import Text

    url = paper.paper_url
    text = Text()
    text.append(visible(paper.title), Style(link=visible(url)) if url else None)
    return text


def _lines(rows: Iterator[Sequence[object]]) -> None:
    """Tab-separated lines, every field shown as text (a tab in a field shows as ``\\x09``,
    so fields never shift)."""
    out = sys.stdout
    chunk: list[str] = []
    for row in rows:
        chunk.append("\t".join(visible(field) for field in row) + "\n")
        if len(chunk) >= LIST_CHUNK:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))


# --- search, list, venues, show, stats ---------------------------------------------------

def _search_text(result: SearchResult) -> None:
    """A table: each title (a hyperlink to the paper) with its key under it, then venue,
    year and whether it has code; on a terminal, a line on stderr when the limit cut the
    list."""
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    table = Table(box=SIMPLE_HEAD, header_style="bold", pad_edge=False, leading=1)
    table.add_column("paper")
    table.add_column("venue", no_wrap=True, max_width=12, overflow="ellipsis")
    table.add_column("year", justify="right", no_wrap=True, min_width=4)
    table.add_column("code", justify="center", no_wrap=True, min_width=4)
    for paper in result.papers:
        cell = _title_text(paper)
        cell.append("\n")
        cell.append(visible(paper.key), style="cyan")
        table.add_row(cell, _text(paper.venue), str(paper.year), "yes" if paper.has_code else "")
    console().print(table)
    shown = len(result.papers)
    if result.total > shown and on_terminal(stderr=True):
        sys.stdout.flush()
        sys.stderr.write(f"{shown} of {result.total} papers; --limit N for more\n")


def _search_data(result: SearchResult) -> object:
    return paper_records(result.venues, result.papers)


LIST_CHUNK = 100
"""Lines ``list`` hands Rich (or stdout) at once: printed as they come (a listing of
thousands of papers streams), yet without a cost per call for every line."""


def _list_text(result: ListResult) -> None:
    """On a terminal, a section per venue, a line per paper; elsewhere one paper a line,
    tab-separated: title, key, venue, year, code URL (or nothing)."""
    if not on_terminal():
        _lines((p.title, p.key, p.venue, p.year, p.code_url or "") for p in result.papers)
        return
    from rich.text import Text

    def line(paper: Paper) -> Text:
        text = Text("  ")
        text.append(f"{paper.year}  ", style="dim")
        text.append(visible(paper.key), style="cyan")
        text.append("  ")
        text.append_text(_title_text(paper))
        if paper.has_code:
            text.append("  [code]", style="green")
        return text

    out = console()
    newline = Text("\n")
    for venue, papers in result.groups:
        out.print(_text(f"{venue.heading}  ({len(papers)})", "bold"))
        for start in range(0, len(papers), LIST_CHUNK):
            out.print(newline.join(line(p) for p in papers[start:start + LIST_CHUNK]),
                      overflow="fold")
        out.print()


def _list_data(result: ListResult) -> object:
    return paper_records(result.venues, result.papers)


def _venues_text(result: VenuesResult) -> None:
    from rich.table import Table

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
        table.add_row(_text(row.venue.abbr), _text(row.venue.name), _text(row.venue.kind),
                      *[str(counts.get(year, "")) for year in years], str(row.total))
    console().print(table)


def _venues_data(result: VenuesResult) -> object:
    return [{"abbr": row.venue.abbr, "name": row.venue.name, "kind": row.venue.kind,
             "aliases": list(row.venue.aliases),
             "per_year": {str(year): n for year, n in row.per_year}, "total": row.total}
            for row in result.rows]


def _paper_detail(paper: Paper, venue: Venue | None) -> None:
    """One line per field, label then value: never wrapped or cut, so every URL can be
    copied whole (a terminal folds a long line itself)."""
    from rich.style import Style
    from rich.text import Text

    rows: list[tuple[str, Text]] = [
        ("key", _text(paper.key, "cyan")),
        ("title", _text(paper.title)),
        ("venue", _text(venue.heading if venue else paper.venue)),
        ("year", _text(paper.year)),
    ]
    if paper.authors:
        rows.append(("authors", _text(", ".join(paper.authors))))
    rows.extend((name, _text(value)) for name, value in _identifiers(paper))
    rows.extend((link.label, _text(link.url, Style(link=visible(link.url))))
                for link in paper.links)
    if not paper.links:
        rows.append(("links", _text("none", "dim")))
    rows.extend((name, _text(repr(value))) for name, value in paper.extra)
    width = max(len(visible(label)) for label, _value in rows)
    out = console()
    lines = []
    for label, value in rows:
        line = Text()
        line.append(visible(label).ljust(width), style="bold")
        line.append("  ")
        line.append_text(value)
        lines.append(line)
    out.print(Text("\n").join(lines), soft_wrap=True)


def _identifiers(paper: Paper) -> list[tuple[str, str]]:
    from awesome_snn.model import IDENTIFIER_KEYS

    return [(name, getattr(paper, name)) for name in IDENTIFIER_KEYS if getattr(paper, name)]


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

    out = console()
    share = f"{result.with_code / result.total:.0%}" if result.total else "0%"
    out.print(_text(f"{result.total} papers, {result.with_code} with code ({share})", "bold"))
    for title, rows in (("year", [(str(y), n, c) for y, n, c in result.per_year]),
                        ("venue", [(v.abbr, n, c) for v, n, c in result.per_venue])):
        largest = max((n for _label, n, _c in rows), default=0)
        table = Table(header_style="bold")
        table.add_column(title, style="cyan", no_wrap=True)
        table.add_column("papers", justify="right")
        table.add_column("", no_wrap=True)
        table.add_column("with code", justify="right")
        for label, n, code in rows:
            table.add_row(_text(label), str(n), _bar(n, largest), f"{code} ({code / n:.0%})")
        out.print(table)


def _stats_data(result: StatsResult) -> object:
    return {"total": result.total, "with_code": result.with_code,
            "per_year": [{"year": y, "papers": n, "with_code": c} for y, n, c in result.per_year],
            "per_venue": [{"venue": v.abbr, "papers": n, "with_code": c}
                          for v, n, c in result.per_venue]}


# --- init, import, export -----------------------------------------------------------------

def _init_text(result: InitResult) -> None:
    sys.stdout.write(f"Wrote an empty catalog to {visible(result.path)}\n")


def _import_text(result: ImportResult) -> None:
    """The counts (on stderr when the catalog itself went to stdout, ``-o -``), then every
    line that looked like an item but could not be read: on a terminal under a heading,
    elsewhere one a line, tab-separated: line number, reason, the line's text."""
    if result.text is not None:
        sys.stdout.write(result.text)
        sys.stdout.flush()
    report = sys.stderr if result.text is not None else sys.stdout
    target = "stdout" if result.text is not None else visible(result.target)
    report.write(f"Read {result.papers} papers in {result.sections} sections"
                 f" ({result.venues} venues); wrote {result.added} to {target}\n")
    if result.already_present:
        report.write(f"{len(result.already_present)} were already in the catalog"
                     + (f"; {result.gained} of them gained the links the list adds\n" if result.gained
                        else " and were left as they are\n"))
    if result.ignored:
        report.write(f"{result.ignored} line(s) in year sections are no paper (group lines,"
                     " badges, contents links) and were skipped\n")
    report.flush()
    _report_lines(f"{len(result.remarks)} line(s) imported with a remark:", result.remarks)
    _report_lines(f"{len(result.skipped)} line(s) look like items but could not be read:",
                  result.skipped)


def _report_lines(heading: str, lines: tuple) -> None:
    """Reported lines of an import: on a terminal under a heading, elsewhere one a line,
    tab-separated: line number, reason, the line's text."""
    if not lines:
        return
    if not on_terminal(stderr=True):
        sys.stderr.write(heading + "\n" + "".join(
            f"{line.line}\t{visible(line.reason)}\t{visible(line.text)}\n" for line in lines))
        return
    err = console(stderr=True)
    err.print(_text(heading, "bold yellow"))
    for line in lines:
        err.print(_text(f"  line {line.line}: {line.reason}: {line.text[:100]}"))


def _export_text(result: ExportResult) -> None:
    if result.shipped and result.output is not None:
        note(f"using the catalog shipped with snn-papers ({result.catalog}); pass --catalog"
             " PATH to export your list's")
    if result.check is not None:
        if not result.diff:
            sys.stdout.write(f"{visible(result.check)} is up to date\n")
            return
        sys.stdout.write("".join(visible(line) + "\n" for line in result.diff.rstrip("\n").split("\n")))
        sys.stdout.flush()
        sys.stderr.write(f"{visible(result.check)} is not what `snn-papers export` writes; run"
                         f" `{visible(result.rewrite)}`\n")
    elif result.output is not None:
        sys.stderr.write(f"Wrote {visible(result.output)}\n")
    else:
        for chunk in result.chunks:
            sys.stdout.write(chunk)


# --- add, edit, remove --------------------------------------------------------------------

def _saved(verb: str, paper: Paper, venue: Venue | None, new_venue: Venue | None) -> None:
    out = console()
    if new_venue is not None:
        out.print(_text(f"Registered venue {new_venue.heading} ({new_venue.kind})"), soft_wrap=True)
    out.print(_text(f"{verb} {paper.key}", "bold green"))
    _paper_detail(paper, venue)


def _add_text(result: AddResult) -> None:
    if result.forced_over is not None:
        warning(f"added despite duplicating {result.forced_over.key} (--force)")
    _saved("Added", result.paper, result.venue, result.new_venue)


def proposal(found: Proposal) -> None:
    """What ``add URL`` found, shown before it asks whether to add it."""
    from rich.text import Text

    rows = [("source", found.source), ("title", found.title),
            ("authors", ", ".join(found.authors) or "not given"),
            ("year", str(found.year) if found.year else "not given"),
            ("venue", found.venue or f"{found.venue_text or 'not given'} (not in the registry)"),
            ("paper", found.url), *found.identifiers]
    if found.venue and found.venue_text and found.venue_text != found.venue:
        rows[4] = ("venue", f"{found.venue} (the source says {found.venue_text!r})")
    width = max(len(label) for label, _value in rows)
    lines = [Text(visible(label).ljust(width), style="bold") + Text("  ") + _text(value)
             for label, value in rows]
    console().print(Text("\n").join(lines), soft_wrap=True)
    for message in found.warnings:
        warning(message)


def _add_source_text(result: AddSourceResult) -> None:
    if result.added is None:
        sys.stdout.write("Nothing added.\n")
        return
    _add_text(result.added)


def _edit_text(result: EditResult) -> None:
    _saved("Saved", result.paper, result.venue, result.new_venue)


def _remove_text(result: RemoveResult) -> None:
    if result.removed:
        console().print(_text(f"Removed {result.paper.key}: {result.paper.title}"), soft_wrap=True)
    else:
        sys.stdout.write("Nothing removed.\n")


def tell(message: str) -> None:
    """Why an answer to a question was not taken (the question is asked again)."""
    sys.stderr.write(f"  {visible(message)}\n")


# --- check --------------------------------------------------------------------------------

def _check_text(result: CheckResult) -> None:
    """One line per fix and per finding (``path:line: severity: key: message [rule]``), a
    count, then with --links a table of the dead, moved and warned links."""
    from awesome_snn.lint import format_change, format_finding

    path = result.catalog
    lines = [format_change(change, path) for change in result.changes]
    lines.extend(format_finding(finding, path) for finding in result.findings)
    fixed = f", {len(result.changes)} fixed" if result.changes else ""
    lines.append(f"{path}: {result.errors} error(s), {result.warnings} warning(s){fixed}")
    sys.stdout.write("".join(visible(line) + "\n" for line in lines))
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


def _link_outcome(result: LinkResult) -> str:
    return f"now {result.final_url}" if result.status == "moved" else result.reason


def _link_summary(results: Sequence[LinkResult], path: object) -> None:
    """A table of the dead, moved and warned links (dead first), then the counts."""
    from rich.table import Table

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
            table.add_row(_text(r.status, styles[r.status]),
                          _text(f"{r.target.key} ({path}:{r.target.line})"), _text(r.target.label),
                          _text(r.target.url), _text(_link_outcome(r)))
        out.print(table)
    counts = summarise(results)
    out.print(_text(f"{len(results)} links: " + ", ".join(f"{n} {s}" for s, n in counts.items())))


def _explain_text(result: ExplainResult) -> None:
    rule = result.rule
    sys.stdout.write(visible(f"{rule.rule} ({rule.severity} by default)") + "\n"
                     + visible(f"Looks for: {rule.looks_for}") + "\n"
                     + visible(f"Fix: {rule.fix}") + "\n"
                     + visible(f'Tune it in the catalog: [check] rules = {{ "{rule.rule}" ='
                               ' "error|warning|info|off" }, or per paper:'
                               f' ignore = ["{rule.rule}"]') + "\n")


def _explain_data(result: ExplainResult) -> object:
    from dataclasses import asdict

    return asdict(result.rule)


# --- diff ----------------------------------------------------------------------------------

_DIFF_MARKS = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}


def _diff_text(result: DiffResult) -> None:
    """``--format markdown``: the pull request comment. Otherwise a heading per year and
    venue, a line per paper (``+`` added, ``-`` removed, ``~`` changed, ``>`` moved) with
    its changed fields under it, the warnings, and a line of counts."""
    diff = result.diff
    if result.format == "markdown":
        from awesome_snn.diffing import markdown_report

        sys.stdout.write(markdown_report(diff, result.old, result.new))
        return
    lines: list[str] = []
    section = None
    for change in diff.changes:
        if change.section != section:
            section = change.section
            lines.append(f"{section[0]} {section[1]}")
        paper = change.paper
        lines.append(f"  {_DIFF_MARKS[change.kind]} {paper.key}: {paper.title}")
        lines.extend(f"      {detail}" for detail in change.details)
    lines.extend(f"warning: {w.message} [{w.rule}]" for w in diff.warnings)
    lines.append(", ".join(f"{diff.count(kind)} {kind}" for kind in _DIFF_MARKS)
                 + f" ({result.old} -> {result.new})")
    sys.stdout.write("".join(visible(line) + "\n" for line in lines))


def _diff_data(result: DiffResult) -> object:
    diff = result.diff
    return {
        "old": result.old, "new": result.new,
        "counts": {kind: diff.count(kind) for kind in _DIFF_MARKS},
        "changes": [{"kind": c.kind, "key": c.paper.key, "title": c.paper.title,
                     "year": c.paper.year, "venue": c.paper.venue,
                     "old": None if c.old is None else {"year": c.old.year, "venue": c.old.venue},
                     "details": list(c.details)} for c in diff.changes],
        "warnings": [{"rule": w.rule, "message": w.message} for w in diff.warnings],
    }


# --- progress -------------------------------------------------------------------------------

class Activity:
    """Progress of long work, on stderr while it runs, gone when it ends (Rich, transient).

    ``activity(label, done, total)`` reports a step: with a ``total``, a bar, shown at
    once (only work that is long reports one: a parse of thousands of papers); without, a
    spinner, shown only if the step is still running ``DELAY`` seconds later, so quick
    work shows nothing at all."""

    DELAY = 0.5

    def __init__(self, err: Console) -> None:
        import threading

        self.console = err
        self._lock = threading.Lock()
        self._progress: Progress | None = None
        self._task: Any = None
        self._label: str | None = None
        self._timer: Any = None
        self._shown = False
        self._closed = False

    def _display(self) -> Progress:
        if self._progress is None:
            from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                TextColumn("{task.fields[count]}"), TimeElapsedColumn(),
                console=self.console, transient=True, redirect_stdout=False,
                redirect_stderr=False)
        return self._progress

    def __call__(self, label: str, done: int = 0, total: int = 0, detail: str = "") -> None:
        with self._lock:
            if self._closed:
                return
            progress = self._display()
            count = f"{done:,}/{total:,}" if total else ""
            description = visible(f"{label} {detail}".strip())
            if label != self._label or self._task is None:
                if self._task is not None:
                    progress.remove_task(self._task)
                self._task = progress.add_task(description, total=total or None, completed=done,
                                               count=count)
                self._label = label
            else:
                progress.update(self._task, description=description, completed=done,
                                total=total or None, count=count)
            if total:
                self._show()
            elif not self._shown and self._timer is None:
                import threading

                self._timer = threading.Timer(self.DELAY, self._show_later)
                self._timer.daemon = True
                self._timer.start()
            if self._shown:
                progress.refresh()

    def _show(self) -> None:
        if not self._shown and self._progress is not None:
            self._shown = True
            self._progress.start()

    def _show_later(self) -> None:
        with self._lock:
            if not self._closed:
                self._show()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            if self._timer is not None:
                self._timer.cancel()
            if self._shown and self._progress is not None:
                self._progress.stop()


@contextmanager
def activity() -> Iterator[Activity | None]:
    """An ``Activity`` while the block runs when stderr is an interactive terminal, else
    None (nothing is shown when stderr is piped or a file)."""
    err = console(stderr=True)
    if not err.is_interactive:
        yield None
        return
    progress = Activity(err)
    try:
        yield progress
    finally:
        progress.close()


def link_reporter(progress: Activity | None) -> Callable[[int, int, LinkResult | None], None]:
    """What ``commands.check`` tells as links finish: on a terminal, the bar of
    ``progress`` with the counts so far; elsewhere a plain line on stderr for each link
    that is not ok."""
    if progress is None:
        def plain(_done: int, _total: int, result: LinkResult | None) -> None:
            if result is not None and result.status != "ok":
                target = result.target
                sys.stderr.write(visible(f"{result.status:7} {target.key}  {target.label}  {target.url}"
                                         f"  {_link_outcome(result)}") + "\n")
        return plain
    counts = {"ok": 0, "moved": 0, "warning": 0, "dead": 0}

    def advance(done: int, total: int, result: LinkResult | None) -> None:
        if result is not None:
            counts[result.status] += 1
        progress("checking links", done, max(total, 1),
                 ", ".join(f"{n} {s}" for s, n in counts.items() if n))

    return advance


# --- enrich ----------------------------------------------------------------------------------

def enrich_reporter(progress: Activity | None) -> Callable[[int, int, Outcome | None], None] | None:
    """The bar of ``progress`` as ``enrich`` does papers, with the counts so far."""
    if progress is None:
        return None
    counts: dict[str, int] = {}

    def advance(done: int, total: int, outcome: Outcome | None) -> None:
        if outcome is not None:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        progress("enriching", done, max(total, 1),
                 ", ".join(f"{n} {status}" for status, n in counts.items()))

    return advance


_ENRICH_WORDS = {"filled": "filled", "complete": "already complete", "nothing": "nothing to fill",
                 "mismatch": "title mismatch", "error": "could not be fetched"}


def _enrich_text(result: EnrichResult) -> None:
    """A line per paper that changed or could not be enriched, then the counts."""
    for outcome in result.outcomes:
        if outcome.status == "filled" and outcome.fields:
            sys.stdout.write(visible(f"filled    {outcome.key}: {', '.join(outcome.fields)}") + "\n")
        elif outcome.status == "mismatch":
            sys.stdout.write(visible(f"mismatch  {outcome.key}: {outcome.message}") + "\n")
        elif outcome.status == "error":
            sys.stdout.write(visible(f"error     {outcome.key}: {outcome.message}") + "\n")
    counts = ", ".join(f"{result.count(s)} {_ENRICH_WORDS[s]}" for s in _ENRICH_WORDS if result.count(s))
    how = "offline, from the cache" if result.offline else f"{result.requests} request(s)"
    sys.stdout.write(visible(f"{len(result.outcomes)} paper(s): {counts or 'none'} ({how})") + "\n")


def _enrich_data(result: EnrichResult) -> object:
    return {"papers": [{"key": o.key, "status": o.status, "fields": list(o.fields),
                        "message": o.message} for o in result.outcomes],
            "counts": {status: result.count(status) for status in _ENRICH_WORDS},
            "requests": result.requests, "offline": result.offline}


_TEXT: dict[str, Callable[[Any], None]] = {
    "SearchResult": _search_text, "ListResult": _list_text, "VenuesResult": _venues_text,
    "ShowResult": _show_text, "StatsResult": _stats_text, "InitResult": _init_text,
    "ImportResult": _import_text, "ExportResult": _export_text, "AddResult": _add_text,
    "EditResult": _edit_text, "RemoveResult": _remove_text, "CheckResult": _check_text,
    "ExplainResult": _explain_text, "DiffResult": _diff_text, "AddSourceResult": _add_source_text,
    "EnrichResult": _enrich_text,
}
"""Each result type of ``awesome_snn.commands`` -> how it is printed as text."""
_DATA: dict[str, Callable[[Any], object]] = {
    "SearchResult": _search_data, "ListResult": _list_data, "VenuesResult": _venues_data,
    "ShowResult": _show_data, "StatsResult": _stats_data, "CheckResult": _check_data,
    "ExplainResult": _explain_data, "DiffResult": _diff_data, "EnrichResult": _enrich_data,
}
"""The ``data`` of the JSON envelope, for the results of commands that have ``--json``."""
