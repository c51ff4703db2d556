"""``export``: the list as Markdown (the README), HTML, BibTeX, JSON or CSV; and the
comparison of a README with what export writes (``export --check``, ``check --readme``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.commands.common import Progress
from awesome_snn.errors import CatalogInvalid, ImportFailed, InvalidInput
from awesome_snn.problems import Problem

if TYPE_CHECKING:
    from awesome_snn.catalog import CatalogLocation, CatalogView
    from awesome_snn.layout import Layout
    from awesome_snn.model import ListTexts, Paper

EXPORT_FORMATS = ("markdown", "html", "bibtex", "json", "csv")
MAX_DIFF_LINES = 60


@dataclass(frozen=True)
class ExportResult:
    format: str
    chunks: tuple[str, ...]
    """The export, in pieces, to print (empty when it went to ``output``)."""
    output: Path | None = None
    """The file the export was written to."""
    check: Path | None = None
    """The file compared with the export (``--check``)."""
    diff: str = ""
    """With ``check``: a unified diff from the file to the export, "" when they are equal."""
    rewrite: str = ""
    """With ``check``: the command that rewrites the file (the same catalog and options)."""
    catalog: Path | None = None
    """The catalog exported."""
    shipped: bool = False
    """True when that is the catalog shipped with snn-papers (no list's own was found)."""
    problems: tuple[Problem, ...] = ()

    @property
    def exit_code(self) -> int:
        return 1 if self.check is not None and self.diff else 0


def _papers(view: CatalogView, indexes: Sequence[int] | None) -> list[Paper]:
    if indexes is None:
        return list(view.papers())
    return [view.paper(index) for index in indexes]


def render(view: CatalogView, fmt: str = "markdown",
           indexes: Sequence[int] | None = None, progress: Progress | None = None,
           style: str = "list") -> list[str]:
    """The catalog (the papers at ``indexes``, else all) in one of ``EXPORT_FORMATS``, in
    pieces (a 100,000-paper README is never held as one string). A Markdown export is laid
    out as ``style`` says (``layout.STYLES``: ``list``, the catalog's own ``[layout]``)."""
    if progress is not None:
        progress(f"writing the {fmt} export")
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "markdown":
        from awesome_snn.markdown_render import entry_row, render_chunks

        texts, layout = styled(view.texts, style)
        rows = (entry_row(*entry) for entry in view.entries(indexes))
        # An item as its list wrote it is the list's own form: another style makes every item.
        return list(render_chunks(texts, view.venues, rows, layout, written=style == "list"))
    papers = _papers(view, indexes)
    from awesome_snn.model import Catalog

    catalog = Catalog(texts=view.texts, venues=tuple(view.venues), papers=tuple(papers))
    if fmt == "html":
        from awesome_snn.html_render import render_html

        return [render_html(catalog)]
    from awesome_snn import formats

    return [formats.EXPORT_FORMATS[fmt](catalog, catalog.papers)]


def styled(texts: ListTexts, style: str) -> tuple[ListTexts, Layout]:
    """The texts and layout ``export --style`` writes: ``list`` keeps the catalog's
    ``[layout]``; ``default`` is a new catalog's; ``awesome`` is what awesome-lint accepts
    (its badge in the title when the list has none)."""
    from dataclasses import replace

    from awesome_snn.layout import AWESOME, AWESOME_BADGE, STYLES

    if style not in STYLES:
        raise InvalidInput(f"unknown style {style!r}: use one of {', '.join(STYLES)}")
    layout = STYLES[style] or texts.layout
    if layout is AWESOME:
        from awesome_snn.markdown_render import demote_top_headings

        # One H1 only: the list's own '# ' sections become '## '.
        texts = replace(texts, introduction=demote_top_headings(texts.introduction),
                        closing=demote_top_headings(texts.closing))
        if "awesome.re/badge" not in texts.badge:
            texts = replace(texts, badge=AWESOME_BADGE)
    return texts, layout


def readme_diff(readme: Path, expected: str, max_lines: int = MAX_DIFF_LINES) -> str:
    """"" when ``readme`` is exactly ``expected``, else a unified diff from it to
    ``expected`` (at most ``max_lines`` lines; a missing file is compared as empty)."""
    import difflib

    try:
        actual = readme.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        actual = ""
    except IsADirectoryError:
        raise ImportFailed(f"{readme}: is a folder; give the README file") from None
    except OSError as exc:
        raise ImportFailed(f"{readme}: cannot read ({exc.strerror})") from None
    if actual == expected:
        return ""
    diff = list(difflib.unified_diff(actual.splitlines(keepends=True),
                                     expected.splitlines(keepends=True),
                                     fromfile=str(readme), tofile="snn-papers export", n=1))
    if len(diff) > max_lines:
        diff = diff[:max_lines] + [f"... ({len(diff) - max_lines} more diff lines)\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in diff)


def rewrite_command(readme: Path, location: CatalogLocation, fmt: str = "markdown",
                    venue: Sequence[str] | None = None, year: str | None = None,
                    has_code: bool = False, style: str = "list") -> str:
    """The ``snn-papers export ... -o README`` that rewrites ``readme`` from the same
    catalog (the ``--catalog`` the user gave is repeated) with the same options."""
    from shlex import quote

    words = ["snn-papers", "export"]
    if location.source == "option":
        words += ["--catalog", quote(str(location.path))]
    if fmt != "markdown":
        words += ["--format", fmt]
    for name in venue or ():
        words += ["--venue", quote(name)]
    if year:
        words += ["--year", quote(year)]
    if has_code:
        words.append("--has-code")
    if style != "list":
        words += ["--style", style]
    return " ".join([*words, "-o", quote(str(readme))])


def refuse_invalid(view: CatalogView, location: CatalogLocation) -> None:
    """An export of a catalog with invalid records would leave papers out without a word:
    refused, with every record (exit 2)."""
    problems = tuple(view.problems)
    if problems:
        again = " --catalog " + str(location.path) if location.source == "option" else ""
        raise CatalogInvalid(
            f"{location.path}: {len(problems)} invalid record(s); export writes nothing until"
            f" they are fixed (`snn-papers check{again}` lists them)", problems)


def export(fmt: str = "markdown", output: Path | None = None, check: Path | None = None,
           venue: Sequence[str] | None = None, year: str | None = None, has_code: bool = False,
           catalog: Path | None = None, progress: Progress | None = None,
           style: str = "list") -> ExportResult:
    """The export to print, or written to ``output`` (atomically; ``-`` is stdout), or
    compared with ``check`` (exit 1 and a diff when they differ). A catalog with invalid
    records is refused (``CatalogInvalid``, exit 2): nothing is printed or written."""
    from awesome_snn import catalog as catalogs
    from awesome_snn.commands.common import paper_filter, reading, selected
    from awesome_snn.search import PaperFilter

    fmt = fmt.lower()
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if output is not None and str(output) == "-":
        output = None
    location = catalogs.locate(catalog)
    view = catalogs.open_catalog(location, progress=reading(progress, location.path))
    refuse_invalid(view, location)
    filters = paper_filter(view.venues, venue, year, has_code)
    indexes = None if filters == PaperFilter() else selected(view, filters)
    if style != "list" and fmt != "markdown":
        raise InvalidInput(f"--style {style} lays out the Markdown README: use it without --format {fmt}")
    chunks = render(view, fmt, indexes, progress, style)
    where = {"catalog": location.path, "shipped": location.shipped}
    if check is not None:
        return ExportResult(fmt, (), check=check, diff=readme_diff(check, "".join(chunks)),
                            rewrite=rewrite_command(check, location, fmt, venue, year, has_code, style),
                            **where)
    if output is not None:
        catalogs.write_output(output, chunks)
        return ExportResult(fmt, (), output=output, **where)
    return ExportResult(fmt, tuple(chunks), **where)
