"""Terminal output: every Rich table, panel and message the CLI shows.

Each renderer takes records from the core and a Rich console; nothing here reads files or
decides anything. Rich is imported here only, so the core never pays for it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from awesome_snn.operations import ImportReport


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def error(message: str) -> None:
    """One line (or a short block) on stderr, plain text so scripts can read it."""
    sys.stderr.write(f"snn-papers: error: {message}\n")


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
