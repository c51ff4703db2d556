"""The command line: the Typer app, and the one boundary between the commands and the shell.

Every command parses its options (Typer), calls one function of ``awesome_snn.commands``,
which returns a result, and hands that result to ``awesome_snn.render``. ``COMMANDS`` is the
table of what exists. The core is imported inside each command, so a command pays only for
what it uses.

This module is the only place that turns what goes wrong into a message and an exit code
(``_boundary``): the project's own errors (``SnnPapersError``) become one line on stderr,
``snn-papers: error: ...``, and their ``exit_code`` (an invalid catalog's records first, as
``check`` lists them); a mistake on the command line (Click's ``UsageError``) becomes
Click's message on that one line, then the usage line, and exit 2; Ctrl-C anywhere (a
prompt included) becomes ``snn-papers: interrupted`` and exit 130; a closed stdout
(``snn-papers list | head -1``) ends the command quietly with exit 0. Any other exception
is a bug and keeps its traceback. Every text argument is checked to be UTF-8 before a
command runs, and a command's long work shows progress on a terminal (``render.activity``,
handed to the command as ``progress``).
"""

# No ``from __future__ import annotations`` here: Typer reads the options from every
# command's annotations at each start, and evaluating them from strings costs more.
import errno
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from awesome_snn import __version__
from awesome_snn.completion import complete_key, complete_venue

PROG = "snn-papers"


# --- the boundary --------------------------------------------------------------------------

def _stdout_closed() -> None:
    """Send what is left of stdout to /dev/null, so that flushing it at exit cannot fail
    again (the reader of the pipe has gone; nobody will read the rest)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            os.close(devnull)
    except (OSError, ValueError, AttributeError):  # not a real file (a test's capture)
        pass


_USAGE_ERROR: type[Exception] = typer.BadParameter.__mro__[1]
"""Click's ``UsageError`` (an unknown command or option, a bad value), wherever Typer keeps
its Click."""
_CLICK_ERROR: type[Exception] = _USAGE_ERROR.__mro__[1]
"""Click's ``ClickException``."""


@contextmanager
def _boundary() -> Iterator[None]:
    from awesome_snn.errors import SnnPapersError

    try:
        yield
    except SnnPapersError as exc:
        from awesome_snn import render

        render.error(exc)
        raise typer.Exit(exc.exit_code) from None
    except _CLICK_ERROR as exc:
        if type(exc).__name__ == "NoArgsIsHelpError":  # `snn-papers` alone: help on stderr
            exc.show()  # type: ignore[attr-defined]
            raise typer.Exit(2) from None
        from awesome_snn import render

        ctx = getattr(exc, "ctx", None)
        usage = ctx.get_usage() if ctx is not None and isinstance(exc, _USAGE_ERROR) else None
        render.usage_error(exc.format_message(), usage)  # type: ignore[attr-defined]
        raise typer.Exit(getattr(exc, "exit_code", 2)) from None
    except (KeyboardInterrupt, typer.Abort):
        sys.stderr.write(f"{PROG}: interrupted\n")
        raise typer.Exit(130) from None
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        _stdout_closed()
        raise typer.Exit(0) from None


class SnnPapersGroup(TyperGroup):
    """The app's group: parsing (where --help and --version print) and every command run
    inside the boundary."""

    def make_context(self, info_name: str | None, args: list[str],
                     parent: typer.Context | None = None, **extra: Any) -> typer.Context:
        with _boundary():
            return super().make_context(info_name, args, parent, **extra)

    def invoke(self, ctx: typer.Context) -> Any:
        with _boundary():
            try:
                return super().invoke(ctx)
            finally:  # here, not at exit, where a closed pipe would be Python's to report
                sys.stdout.flush()


app = typer.Typer(
    cls=SnnPapersGroup,
    name=PROG,
    help="A catalog of Spiking Neural Network conference papers, and the README made from it.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"{PROG} {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[Optional[bool], typer.Option(
        "--version", callback=_show_version, is_eager=True, help="Show the version and exit.")] = None,
) -> None:
    pass


def _rendered(name: str, command: Callable[..., object]) -> Callable[..., None]:
    """``command`` (which parses options and returns the result of one core function) with
    its arguments checked (text must be UTF-8), progress shown while it works (on a
    terminal), its result handed to the renderer, as text or (``--json``) JSON, and the
    result's exit code, if it has one, as the command's."""
    import functools

    @functools.wraps(command)  # Typer reads the options from the wrapped signature
    def run(**options: Any) -> None:
        from awesome_snn import render

        _check_text_arguments(options)
        global _progress
        with render.activity() as _progress:
            try:
                result = command(**options)
            finally:
                _progress = None
        render.emit(name, result, as_json=bool(options.get("json")))
        code = getattr(result, "exit_code", 0)
        if code:
            raise typer.Exit(code)

    return run


_progress: Any = None
"""The running command's ``render.Activity`` (None when stderr is not a terminal)."""


_ARGUMENT_NAMES = {"fmt": "--format", "output_path": "--output", "query": "QUERY",
                  "markdown": "MARKDOWN", "key": "KEY", "path": "PATH"}


def _check_text_arguments(options: dict[str, Any]) -> None:
    """Every text argument is UTF-8: bytes that are not (kept by Python as lone surrogates)
    are refused with the option's name. File names may be any bytes."""
    from awesome_snn.errors import InvalidInput

    for name, value in options.items():
        for item in value if isinstance(value, (list, tuple)) else (value,):
            if not isinstance(item, str):
                continue
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                from awesome_snn.render import visible

                shown = _ARGUMENT_NAMES.get(name, "--" + name.replace("_", "-"))
                raise InvalidInput(f"{shown} '{visible(item)}' is not UTF-8 text: give it as"
                                   " UTF-8") from None


# --- options several commands share ---------------------------------------------------------

CatalogOption = Annotated[
    Optional[Path],
    typer.Option(
        "--catalog", "-c",
        help="Catalog file (default: $SNN_PAPERS_CATALOG, else the papers.toml or"
             " data/papers.toml of the list you are in, else the read-only catalog that"
             " comes with the package).",
        show_default=False,
    ),
]
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
KeyArgument = Annotated[str, typer.Argument(help="The paper's key.", autocompletion=complete_key)]
VenueNameOption = Annotated[
    Optional[str],
    typer.Option(help="Register a new venue with this full name.", show_default=False),
]
JournalOption = Annotated[bool, typer.Option("--journal", help="The new venue is a journal.")]
OfflineOption = Annotated[bool, typer.Option(
    "--offline", help="Send no request: use only the answers cached by earlier runs.")]
LinkOption = Annotated[
    Optional[list[str]],
    typer.Option("--link", help="Another link as label=URL (repeatable), e.g. arxiv=https://...",
                 show_default=False),
]


# --- the commands ---------------------------------------------------------------------------

def init(
    path: Annotated[Optional[Path], typer.Argument(help="Where to write the new catalog.")] = None,
    title: Annotated[Optional[str], typer.Option(help="The list's title.")] = None,
    repo: Annotated[Optional[Path], typer.Option(
        "--repo", help="Scaffold a list repository in this folder: data/papers.toml, README.md,"
                       " CONTRIBUTING.md, the CI workflow and a pre-commit config.")] = None,
) -> object:
    """Write a new, empty catalog (or, with --repo, a list repository).

    \b
    Example: snn-papers init my-list.toml
    Example: snn-papers init --repo my-list
    """
    from awesome_snn.commands import maintain

    return maintain.init(path, title, repo)


def import_(
    markdown: Annotated[Path, typer.Argument(help="The awesome-list README to read.")],
    output_path: Annotated[
        Optional[Path], typer.Option("-o", "--output", help="Write a new catalog here.")
    ] = None,
    force: Annotated[bool, typer.Option(help="With -o, replace an existing file.")] = False,
    catalog: CatalogOption = None,
) -> object:
    """Read an awesome-list README into a catalog.

    A new catalog with -o (-o - prints it), or the new papers merged into --catalog.

    \b
    Example: snn-papers import README.md -o papers.toml
    """
    from awesome_snn.commands import importing

    return importing.import_list(markdown, output_path, force=force, catalog=catalog,
                                 progress=_progress)


def export(
    fmt: Annotated[str, typer.Option("--format", "-f", show_default=False,
                                     help="markdown (the README; default), html, bibtex,"
                                          " json or csv.")] = "markdown",
    output_path: Annotated[
        Optional[Path], typer.Option("-o", "--output",
                                     help="Write to this file (atomically); - is stdout.")
    ] = None,
    check: Annotated[
        Optional[Path],
        typer.Option("--check", help="Exit 1 with a diff if this file is not what export writes."),
    ] = None,
    venue: VenueOption = None,
    year: YearOption = None,
    has_code: HasCodeOption = False,
    catalog: CatalogOption = None,
    style: Annotated[str, typer.Option(
        "--style", help="The README's layout: list (the catalog's [layout]; default), default"
                        " (a new catalog's) or awesome (what awesome-lint accepts).")] = "list",
) -> object:
    """Write the list as Markdown, HTML, BibTeX, JSON or CSV.

    To stdout, or to a file with -o. A catalog with invalid records is refused.

    \b
    Example: snn-papers export -o README.md
    Example: snn-papers export --format bibtex --venue ICLR > iclr.bib
    """
    from awesome_snn.commands import exporting

    return exporting.export(fmt, output_path, check, venue, year, has_code, catalog,
                            progress=_progress, style=style.lower())


def search(
    ctx: typer.Context,
    query: Annotated[Optional[list[str]], typer.Argument(
        help="Words of a title, an author's name, a venue or a year.", show_default=False)] = None,
    author: Annotated[Optional[str], typer.Option(
        "--author", help="Only papers by this author (words of one name; typos forgiven).",
        show_default=False)] = None,
    venue: VenueOption = None,
    year: YearOption = None,
    has_code: HasCodeOption = False,
    limit: Annotated[int, typer.Option(help="Show at most this many papers.")] = 20,
    json: JsonOption = False,
    catalog: CatalogOption = None,
) -> object:
    """Find papers by title words, author names, venue or year, best first.

    Typos are forgiven, and rare words weigh more than common ones. --author alone lists
    that author's papers.

    \b
    Example: snn-papers search spiking transformer --year 2022..2023
    Example: snn-papers search --author "kaushik roy"
    """
    from awesome_snn.commands.search import search

    if not query and author is None:
        raise _USAGE_ERROR("Missing argument 'query' (or give --author NAME).", ctx)  # type: ignore[call-arg]
    return search(tuple(query or ()), venue, year, has_code, limit, catalog, progress=_progress,
                  author=author)


def list_(
    venue: VenueOption = None,
    year: YearOption = None,
    has_code: HasCodeOption = False,
    json: JsonOption = False,
    catalog: CatalogOption = None,
) -> object:
    """List papers grouped by venue, newest year first.

    When stdout is not a terminal: one paper a line, tab-separated (title, key, venue,
    year, code URL).

    \b
    Example: snn-papers list --venue CVPR --has-code
    """
    from awesome_snn.commands.listing import list_papers

    return list_papers(venue, year, has_code, catalog, progress=_progress)


def venues(json: JsonOption = False, catalog: CatalogOption = None) -> object:
    """Show each venue, with its papers per year and in total.

    \b
    Example: snn-papers venues
    """
    from awesome_snn.commands.venues import venues

    return venues(catalog, progress=_progress)


def show(
    key: Annotated[str, typer.Argument(help="The paper's key, as listings show it.",
                                       autocompletion=complete_key)],
    json: JsonOption = False,
    catalog: CatalogOption = None,
) -> object:
    """Show one paper in full, with all its links.

    \b
    Example: snn-papers show spikformer-2023
    """
    from awesome_snn.commands.show import show

    return show(key, catalog, progress=_progress)


class _Terminal:
    """The person at the terminal, as ``commands.maintain.add`` asks them (its ``Ask``)."""

    def text(self, prompt: str, required: bool) -> str:
        return typer.prompt(prompt, default=None if required else "", show_default=False)

    def confirm(self, question: str) -> bool:
        return typer.confirm(question, default=False)

    def tell(self, message: str) -> None:
        from awesome_snn import render

        render.tell(message)


def _on_terminal() -> bool:
    return sys.stdin.isatty()


def add(
    source: Annotated[Optional[str], typer.Argument(
        help="Fetch the paper from this arXiv, OpenReview or DOI link (or bare arXiv id or DOI).",
        show_default=False)] = None,
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
    yes: Annotated[bool, typer.Option(
        "--yes", "-y", help="With SOURCE: add what was fetched without asking.")] = False,
    offline: OfflineOption = False,
    catalog: CatalogOption = None,
) -> object:
    """Add a paper (validated; refuses duplicates), typed in or fetched.

    On a terminal it asks for what is missing, checking each answer as it is given. With
    SOURCE it fetches title, authors, year, identifiers and venue, shows them and asks
    before writing (--yes otherwise); the options given win over what was fetched.

    \b
    Example: snn-papers add --catalog papers.toml --venue ICLR --year 2023 \\
               --title "Spiking X" --paper 'https://openreview.net/forum?id=x'
    Example: snn-papers add https://arxiv.org/abs/2209.15425 --yes --offline
    """
    ask = _Terminal() if _on_terminal() else None
    if source is not None:
        from awesome_snn.commands.add_source import add_source

        if paper is not None:
            from awesome_snn.errors import InvalidInput

            raise InvalidInput("--paper and SOURCE both name the paper's link: give one")
        return add_source(source, title, venue, year, code, tuple(link or ()), venue_name, journal,
                          force, yes, offline, catalog, ask=ask,
                          confirm=_confirm_proposal if ask is not None else None)
    from awesome_snn.commands import maintain

    if yes or offline:
        from awesome_snn.errors import InvalidInput

        raise InvalidInput("--yes and --offline are for add SOURCE (a link to fetch the paper from)")
    return maintain.add(title, venue, year, paper, code, tuple(link or ()), venue_name, journal,
                       force, catalog, ask=ask)


def _confirm_proposal(found: Any) -> bool:
    from awesome_snn import render

    render.proposal(found)
    return typer.confirm("Add this paper?", default=False)


def enrich(
    keys: Annotated[Optional[list[str]], typer.Argument(
        help="The papers to enrich (default: all).", show_default=False,
        autocompletion=complete_key)] = None,
    overwrite: Annotated[Optional[list[str]], typer.Option(
        "--overwrite", metavar="FIELD", show_default=False,
        help="Replace this field even where the catalog has it: authors, arxiv, doi,"
             " openreview or dblp (repeatable).")] = None,
    offline: OfflineOption = False,
    json: JsonOption = False,
    catalog: CatalogOption = None,
) -> object:
    """Fill authors and identifiers from arXiv, OpenReview, Crossref, DBLP.

    Only what a paper lacks is filled; a source whose title is another paper's is reported
    and nothing is written for that paper. Answers are cached, so a second run is offline;
    an interrupted run keeps what it wrote and continues when run again. Exit 1 when a paper
    could not be enriched.

    \b
    Example: snn-papers enrich --catalog papers.toml
    Example: snn-papers enrich spikformer-2023 --overwrite authors --offline
    """
    from awesome_snn import render
    from awesome_snn.commands.enrich import enrich

    return enrich(tuple(keys or ()), tuple(overwrite or ()), offline, catalog,
                  progress=render.enrich_reporter(_progress))


def edit(
    key: KeyArgument,
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
) -> object:
    """Change fields of a paper, validated like add; its key stays.

    \b
    Example: snn-papers edit spikformer-2023 --catalog papers.toml \\
               --code https://github.com/ZK-Zhou/spikformer
    """
    from awesome_snn.commands import maintain

    return maintain.edit(key, title, venue, year, paper, code, tuple(link or ()), venue_name,
                        journal, force, catalog)


def _confirm_removal(paper: Any) -> bool:
    return typer.confirm(f"Remove {paper.key}: {paper.title!r}?", default=False)


def remove(
    key: KeyArgument,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    catalog: CatalogOption = None,
) -> object:
    """Remove a paper (asks first on a terminal; --yes skips it).

    \b
    Example: snn-papers remove spikformer-2023 --catalog papers.toml --yes
    """
    from awesome_snn.commands import maintain

    return maintain.remove(key, yes, catalog,
                          confirm=_confirm_removal if _on_terminal() else None)


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
    explain: Annotated[
        Optional[str], typer.Option("--explain", metavar="RULE", show_default=False,
                                    help="Say what a rule looks for and how to fix it, and exit.")
    ] = None,
    catalog: CatalogOption = None,
) -> object:
    """Lint the catalog for a list's CI (exit 1 on errors).

    Duplicates, missing links, bad years, hosts and URLs that do not fit the venue or year,
    dead hosts; with --links, dead links. The catalog's [check] table tunes the rules.

    \b
    Example: snn-papers check --readme README.md
    Example: snn-papers check --links --exclude 'ieeexplore'
    Example: snn-papers check --explain venue-host
    """
    from awesome_snn import render
    from awesome_snn.commands import check as checking

    if explain is not None:
        return checking.explain(explain)
    return checking.check(fix, readme, links, concurrency, timeout, retries, exclude, catalog,
                          link_progress=render.link_reporter(_progress), progress=_progress)


def diff(
    old: Annotated[str, typer.Argument(
        help="The list before: a catalog (.toml), a README (.md), or REV:path.")],
    new: Annotated[str, typer.Argument(help="The list after, in any of the same forms.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, or markdown (a PR comment).",
                                     metavar="text|markdown")] = "text",
    json: JsonOption = False,
) -> object:
    """Review a change to a list: papers added, removed, moved.

    Each changed field is shown too. Warns about what a reviewer should look at (a
    section that loses papers or has them replaced, a removal beside a near-identical
    addition, many removals, links that break check's rules). Exit 0 when the change
    adds or edits only, 1 when it removes papers.

    \b
    Example: snn-papers diff origin/main:data/papers.toml data/papers.toml
    Example: snn-papers diff old-README.md README.md --format markdown
    """
    from awesome_snn.commands.diff import diff

    return diff(old, new, fmt)


def stats(json: JsonOption = False, catalog: CatalogOption = None) -> object:
    """Papers per year and per venue, and the share with code.

    \b
    Example: snn-papers stats
    """
    from awesome_snn.commands.stats import stats

    return stats(catalog, progress=_progress)


COMMANDS: tuple[tuple[str, Callable[..., object]], ...] = (
    ("init", init),
    ("import", import_),
    ("export", export),
    ("search", search),
    ("list", list_),
    ("venues", venues),
    ("show", show),
    ("add", add),
    ("edit", edit),
    ("remove", remove),
    ("enrich", enrich),
    ("check", check),
    ("diff", diff),
    ("stats", stats),
)
"""Every command, in the order ``--help`` lists them."""

for _name, _command in COMMANDS:
    app.command(_name)(_rendered(_name, _command))


def main(argv: list[str] | None = None) -> None:
    """The console script ``snn-papers`` (and ``python -m awesome_snn``)."""
    try:
        app(args=argv, prog_name=PROG)
    except KeyboardInterrupt:  # before or after a command's own boundary (start-up, exit)
        sys.stderr.write(f"{PROG}: interrupted\n")
        sys.exit(130)


if __name__ == "__main__":
    main()
