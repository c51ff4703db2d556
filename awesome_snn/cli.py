"""The command line: parse options, call one function of the core, render its result.

Core modules are imported inside each command so that a command pays only for what it
uses; errors of the core (``SnnPapersError``) become one line on stderr and their exit code
in ``SnnPapersGroup.invoke``, the single place where that happens.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from awesome_snn.completion import complete_key, complete_venue


class SnnPapersGroup(TyperGroup):
    """Turns the project's own errors into a message and an exit code; a real bug (any other
    exception) keeps its traceback."""

    def invoke(self, ctx: typer.Context) -> object:
        from awesome_snn.errors import SnnPapersError

        try:
            return super().invoke(ctx)
        except SnnPapersError as exc:
            from awesome_snn import output

            raise typer.Exit(output.failure(exc)) from None


app = typer.Typer(
    cls=SnnPapersGroup,
    name="snn-papers",
    help="A catalog of Spiking Neural Network conference papers, and the README made from it.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

CatalogOption = Annotated[
    Optional[Path],
    typer.Option(
        "--catalog", "-c",
        help="Catalog file (default: $SNN_PAPERS_CATALOG, else the catalog shipped with"
             " snn-papers, which is read-only).",
        show_default=False,
    ),
]


def _location(catalog: Path | None):  # noqa: ANN202 - CatalogLocation, imported lazily
    from awesome_snn.store import locate_catalog

    return locate_catalog(catalog)


def _load(catalog: Path | None):  # noqa: ANN202
    from awesome_snn import output
    from awesome_snn.operations import open_catalog

    loaded = open_catalog(_location(catalog))
    output.warnings(loaded.problems)
    return loaded.catalog


def _snapshot(catalog: Path | None):  # noqa: ANN202
    """The catalog as columns, for the commands that touch only a few papers."""
    from awesome_snn.lookup import load_snapshot_with_warnings

    return load_snapshot_with_warnings(catalog)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the new catalog.")],
    title: Annotated[Optional[str], typer.Option(help="The list's title.")] = None,
) -> None:
    """Write a new, empty catalog.

    Example: snn-papers init my-list.toml
    """
    from awesome_snn.operations import init_catalog

    init_catalog(path, title)
    typer.echo(f"Wrote an empty catalog to {path}")


@app.command("import")
def import_(
    markdown: Annotated[Path, typer.Argument(help="The awesome-list README to read.")],
    output_path: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="Write a new catalog here.")
    ] = None,
    force: Annotated[bool, typer.Option(help="With -o, replace an existing file.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Read an awesome-list README into a catalog (new with -o, or merged with --catalog).

    Example: snn-papers import README.md -o papers.toml
    """
    from awesome_snn import output
    from awesome_snn.operations import import_list

    report = import_list(markdown, output_path, _location(catalog), force=force)
    output.import_report(report)


VenueOption = Annotated[
    Optional[list[str]],
    typer.Option("--venue", help="Only this venue (name or alias; repeat for several).",
                 show_default=False, autocompletion=complete_venue),
]
YearOption = Annotated[
    Optional[str], typer.Option("--year", help="A year (2022) or a range (2021..2023).",
                                show_default=False)
]
HasCodeOption = Annotated[bool, typer.Option("--has-code", help="Only papers with a code link.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]


def _records(catalog, papers):  # noqa: ANN001, ANN202
    from awesome_snn.output import paper_records

    return paper_records(catalog, papers)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f",
                                     help="markdown (the README), html, bibtex, json or csv.")] = "markdown",
    output_path: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="Write to this file (atomically).")
    ] = None,
    check: Annotated[
        Optional[Path],
        typer.Option("--check", help="Exit 1 with a diff if this file is not what export writes."),
    ] = None,
    venue: VenueOption = None,
    year: YearOption = None,
    has_code: HasCodeOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Write the list as Markdown (or html, bibtex, json, csv) to stdout or -o FILE.

    \b
    Example: snn-papers export -o README.md
    Example: snn-papers export --format bibtex --venue ICLR > iclr.bib
    """
    from awesome_snn import operations
    from awesome_snn.lookup import paper_filter

    snapshot = _snapshot(catalog)
    filters = paper_filter(snapshot.venues, venue, year, has_code)
    chunks = operations.export_chunks(snapshot, fmt.lower(), filters)
    if check is not None:
        result = operations.check_export(check, expected="".join(chunks))
        if result.up_to_date:
            typer.echo(f"{check} is up to date")
            return
        sys.stdout.write(result.diff)
        typer.echo(f"{check} is not what `snn-papers export` writes; run"
                   f" `snn-papers export -o {check}`", err=True)
        raise typer.Exit(1)
    if output_path is not None:
        operations.write_output(output_path, chunks)
        typer.echo(f"Wrote {output_path}", err=True)
    else:
        for chunk in chunks:
            sys.stdout.write(chunk)


@app.command()
def search(
    query: Annotated[list[str], typer.Argument(help="Words of a title, a venue or a year.")],
    venue: VenueOption = None,
    year: YearOption = None,
    has_code: HasCodeOption = False,
    limit: Annotated[int, typer.Option(help="Show at most this many papers.")] = 20,
    json: JsonOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Find papers by title words (typos forgiven), venue or year, best first.

    \b
    Example: snn-papers search spiking transformer --year 2022..2023
    """
    from awesome_snn import lookup

    lookup.search(query, venue, year, has_code, limit, json, catalog)


@app.command("list")
def list_(
    venue: VenueOption = None,
    year: YearOption = None,
    has_code: HasCodeOption = False,
    json: JsonOption = False,
    catalog: CatalogOption = None,
) -> None:
    """List papers grouped by venue, newest year first.

    \b
    Example: snn-papers list --venue CVPR --has-code
    """
    from awesome_snn import operations, output
    from awesome_snn.lookup import paper_filter

    loaded = _load(catalog)
    groups = operations.list_papers(loaded, paper_filter(loaded.venues, venue, year, has_code))
    if json:
        output.print_json(_records(loaded, [p for _v, papers in groups for p in papers]))
    else:
        output.paper_list(groups)


@app.command()
def venues(json: JsonOption = False, catalog: CatalogOption = None) -> None:
    """Show each venue: abbreviation, full name, kind, papers per year and in total.

    \b
    Example: snn-papers venues
    """
    from awesome_snn import operations, output

    stats = operations.venue_stats(_load(catalog))
    if json:
        output.print_json([{"abbr": s.venue.abbr, "name": s.venue.name, "kind": s.venue.kind,
                            "aliases": list(s.venue.aliases),
                            "per_year": {str(y): n for y, n in s.per_year.items()},
                            "total": s.total} for s in stats])
    else:
        output.venues_table(stats)


@app.command()
def show(
    key: Annotated[str, typer.Argument(help="The paper's key, as listings show it.",
                                       autocompletion=complete_key)],
    json: JsonOption = False,
    catalog: CatalogOption = None,
) -> None:
    """Show one paper in full, with all its links.

    \b
    Example: snn-papers show spikformer-2023
    """
    from awesome_snn import lookup

    lookup.show(key, json, catalog)


def _interactive() -> bool:
    return sys.stdin.isatty()


def _ask(value: str | None, prompt: str, option: str, required: bool = True) -> str | None:
    """``value`` if given; else a prompt on a terminal; else an error (exit 2)."""
    if value is not None:
        return value
    if _interactive():
        answer = typer.prompt(prompt, default="" if not required else None, show_default=False)
        return answer.strip() or None
    if required:
        from awesome_snn.errors import InvalidInput

        raise InvalidInput(f"missing {option}: stdin is not a terminal, so snn-papers cannot ask"
                           f" for it; pass {option}")
    return None


VenueNameOption = Annotated[
    Optional[str],
    typer.Option(help="Register a new venue with this full name.", show_default=False),
]
JournalOption = Annotated[bool, typer.Option("--journal", help="The new venue is a journal.")]
LinkOption = Annotated[
    Optional[list[str]],
    typer.Option("--link", help="Another link as label=URL (repeatable), e.g. arxiv=https://...",
                 show_default=False),
]


@app.command()
def add(
    title: Annotated[Optional[str], typer.Option(help="The paper's title.", show_default=False)] = None,
    venue: Annotated[Optional[str], typer.Option(help="Venue abbreviation or alias.",
                                                 show_default=False,
                                                 autocompletion=complete_venue)] = None,
    year: Annotated[Optional[str], typer.Option(help="Year of the venue.", show_default=False)] = None,
    paper: Annotated[Optional[str], typer.Option("--paper", help="URL of the paper.",
                                                 show_default=False)] = None,
    code: Annotated[Optional[str], typer.Option("--code", help="URL of the code.",
                                                show_default=False)] = None,
    link: LinkOption = None,
    venue_name: VenueNameOption = None,
    journal: JournalOption = False,
    force: Annotated[bool, typer.Option("--force", help="Add even if it duplicates a paper.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Add a paper (validated; refuses duplicates). Prompts for what is missing on a terminal.

    \b
    Example: snn-papers add --catalog papers.toml --venue ICLR --year 2023 \\
               --title "Spiking Neural Networks for X" --paper https://openreview.net/forum?id=x
    """
    from awesome_snn.adding import add as add_paper
    from awesome_snn.store import writable

    writable(_location(catalog))  # a read-only catalog is refused before any question
    add_paper(  # the questions come in this order: title, venue, year, paper, code
        title=_ask(title, "Title", "--title"),
        venue=_ask(venue, "Venue (e.g. ICLR)", "--venue"),
        year=_ask(year, "Year", "--year"),
        paper=_ask(paper, "Paper URL", "--paper"),
        code=_ask(code, "Code URL (optional, Enter to skip)", "--code", required=False)
        if paper is None or title is None else code,
        link=link, venue_name=venue_name, journal=journal, force=force, catalog=catalog,
    )


@app.command()
def edit(
    key: Annotated[str, typer.Argument(help="The paper's key.", autocompletion=complete_key)],
    title: Annotated[Optional[str], typer.Option(help="New title.", show_default=False)] = None,
    venue: Annotated[Optional[str], typer.Option(help="New venue.", show_default=False,
                                                 autocompletion=complete_venue)] = None,
    year: Annotated[Optional[str], typer.Option(help="New year.", show_default=False)] = None,
    paper: Annotated[Optional[str], typer.Option("--paper", help="New paper URL.",
                                                 show_default=False)] = None,
    code: Annotated[Optional[str], typer.Option("--code", help="New code URL ('' removes it).",
                                                show_default=False)] = None,
    link: LinkOption = None,
    venue_name: VenueNameOption = None,
    journal: JournalOption = False,
    force: Annotated[bool, typer.Option("--force", help="Save even if it duplicates a paper.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Change fields of a paper, validated like add; its key stays the same.

    \b
    Example: snn-papers edit spikformer-2023 --catalog papers.toml --code https://github.com/ZK-Zhou/spikformer
    """
    from awesome_snn import output
    from awesome_snn.editing import PaperChanges, edit_paper
    from awesome_snn.store import writable

    path = writable(_location(catalog))
    changes = PaperChanges(title, venue, year, paper, code, tuple(link or ()), venue_name, journal)
    new, venue_record = edit_paper(path, key, changes, force=force)
    output.saved("Saved", new, venue_record)


@app.command()
def remove(
    key: Annotated[str, typer.Argument(help="The paper's key.", autocompletion=complete_key)],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Remove a paper (asks first on a terminal; --yes skips the question).

    \b
    Example: snn-papers remove spikformer-2023 --catalog papers.toml --yes
    """
    from awesome_snn import output
    from awesome_snn.editing import remove_paper
    from awesome_snn.errors import InvalidInput
    from awesome_snn.store import writable

    path = writable(_location(catalog))
    if not yes:
        from awesome_snn.lookup import get_paper

        paper = get_paper(_snapshot(path), key)
        if not _interactive():
            raise InvalidInput(f"not removing {key} without confirmation: stdin is not a"
                               " terminal; pass --yes")
        if not typer.confirm(f"Remove {paper.key}: {paper.title!r}?", default=False):
            typer.echo("Nothing removed.")
            raise typer.Exit(1)
    removed = remove_paper(path, key)
    output.console().print(f"Removed {removed.key}: {removed.title}", markup=False, highlight=False)


@app.command()
def check(
    json: JsonOption = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply the safe fixes first and report them.")] = False,
    readme: Annotated[
        Optional[Path], typer.Option("--readme", help="Also check this README is what export writes.")
    ] = None,
    links: Annotated[bool, typer.Option("--links", help="Also check every URL over HTTP.")] = False,
    concurrency: Annotated[int, typer.Option(help="With --links: requests at once.")] = 8,
    timeout: Annotated[float, typer.Option(help="With --links: seconds per request.")] = 10.0,
    retries: Annotated[int, typer.Option(help="With --links: retries on 429 and 5xx.")] = 2,
    exclude: Annotated[
        Optional[str], typer.Option(help="With --links: skip URLs matching this regex.", show_default=False)
    ] = None,
    catalog: CatalogOption = None,
) -> None:
    """Lint the catalog: duplicates, missing links, bad years, title spacing (exit 1 on errors).

    \b
    Example: snn-papers check --readme README.md
    Example: snn-papers check --links --exclude 'ieeexplore'
    """
    from awesome_snn import lint, operations, output

    location = _location(catalog)
    report = operations.check_catalog(location, fix=fix, readme=readme)
    if not json:
        output.check_report(report)
    elif not links:
        sys.stdout.write(lint.findings_json(list(report.findings), report.path))
    failed = lint.has_errors(report.findings)
    if links:
        from awesome_snn import linkcheck

        loaded = _load(location.path)
        targets = linkcheck.targets(loaded, exclude)
        with output.link_progress(len(targets)) as on_result:
            results = linkcheck.check_links(targets, concurrency=concurrency, timeout=timeout,
                                            retries=retries, on_result=on_result)
        if json:
            output.print_json({"findings": [vars(f) for f in report.findings],
                               "links": output.link_records(results)})
        else:
            output.link_summary(results, report.path)
        failed = failed or any(r.status == "dead" for r in results)
    if failed:
        raise typer.Exit(1)


@app.command()
def stats(json: JsonOption = False, catalog: CatalogOption = None) -> None:
    """Papers per year and per venue, and the share with code, as bar charts.

    \b
    Example: snn-papers stats
    """
    from awesome_snn import operations, output

    result = operations.catalog_stats(_load(catalog))
    if json:
        output.print_json({
            "total": result.total, "with_code": result.with_code,
            "per_year": [{"year": y, "papers": n, "with_code": c} for y, (n, c) in result.per_year.items()],
            "per_venue": [{"venue": v.abbr, "papers": n, "with_code": c} for v, n, c in result.per_venue],
        })
    else:
        output.stats_tables(result)


def main() -> None:
    """Run the full Typer CLI (``entry.main`` is the console script and comes here for any
    command line it does not take itself)."""
    app()


if __name__ == "__main__":
    main()
