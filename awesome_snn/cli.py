"""The command line: parse options, call one function of the core, render its result.

Core modules are imported inside each command so that a command pays only for what it
uses; errors of the core (``SnnPapersError``) become one line on stderr and their exit code
in ``SnnPapersGroup.invoke``, the single place where that happens.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import click
import typer
from typer.core import TyperGroup


class SnnPapersGroup(TyperGroup):
    """Turns the project's own errors into a message and an exit code; a real bug (any other
    exception) keeps its traceback."""

    def invoke(self, ctx: click.Context) -> object:
        from awesome_snn.errors import SnnPapersError

        try:
            return super().invoke(ctx)
        except SnnPapersError as exc:
            from awesome_snn import output

            output.error(str(exc))
            raise typer.Exit(exc.exit_code) from None


app = typer.Typer(
    cls=SnnPapersGroup,
    name="snn-papers",
    help="A catalog of Spiking Neural Network conference papers, and the README made from it.",
    no_args_is_help=True,
    add_completion=False,
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


@app.command()
def export(
    output_path: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="Write to this file (atomically).")
    ] = None,
    check: Annotated[
        Optional[Path],
        typer.Option("--check", help="Exit 1 with a diff if this file is not what export writes."),
    ] = None,
    catalog: CatalogOption = None,
) -> None:
    """Write the list as Markdown (stdout, or -o FILE); --check compares a README.

    Example: snn-papers export -o README.md
    """
    from awesome_snn import operations

    loaded = _load(catalog)
    if check is not None:
        result = operations.check_export(check, loaded)
        if result.up_to_date:
            typer.echo(f"{check} is up to date")
            return
        sys.stdout.write(result.diff)
        typer.echo(f"{check} is not what `snn-papers export` writes; run"
                   f" `snn-papers export -o {check}`", err=True)
        raise typer.Exit(1)
    text = operations.export_markdown(loaded)
    if output_path is not None:
        operations.write_output(output_path, text)
        typer.echo(f"Wrote {output_path}", err=True)
    else:
        sys.stdout.write(text)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
