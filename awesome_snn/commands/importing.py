"""``import``: read an awesome-list README into a new catalog, or merge it into one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.commands.common import Progress
from awesome_snn.errors import ImportFailed, WriteFailed
from awesome_snn.markdown_import import SkippedLine

if TYPE_CHECKING:
    from awesome_snn.catalog import CatalogLocation
    from awesome_snn.markdown_import import ImportResult as Parsed
    from awesome_snn.model import Paper


@dataclass(frozen=True)
class ImportResult:
    target: Path
    papers: int
    """Papers read from the Markdown file."""
    added: int
    """Papers written to the catalog (fewer than read when merging into one that has some)."""
    venues: int
    sections: int
    skipped: tuple[SkippedLine, ...]
    """Lines that look like items but could not be read."""
    already_present: tuple[str, ...]
    """Titles of papers the catalog already had (merging)."""
    text: str | None = None
    """The new catalog itself, to print, when it goes to stdout (``-o -``)."""
    remarks: tuple[SkippedLine, ...] = ()
    """Lines imported as papers with something reported (a note, no venue, a repeat merged)."""
    ignored: int = 0
    """Lines in year sections clearly no paper (group lines, badges, contents links)."""
    gained: int = 0
    """Papers the catalog had that gained links from the list (merging)."""


def _read_markdown(path: Path) -> list[str]:
    """The list's lines. Decoded one by one: a README with one emoji decoded whole is held
    at 4 bytes a character."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ImportFailed(f"{path}: is a folder; give the README.md file") from None
    except OSError as exc:
        raise ImportFailed(f"{path}: cannot read ({exc.strerror})") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")
    del data
    try:
        return [line.decode("utf-8") for line in lines]
    except UnicodeDecodeError:
        number = next(n for n, line in enumerate(lines, start=1) if not _is_utf8(line))
        bad = lines[number - 1]
        try:
            bad.decode("utf-8")
        except UnicodeDecodeError as exc:
            byte = bad[exc.start]
        raise ImportFailed(f"{path}:{number}: not UTF-8 text (byte {byte:#04x});"
                           " save the file as UTF-8") from None


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _parse(text: str | list[str], path: Path, registry: tuple = ()) -> Parsed:
    from awesome_snn.markdown_import import import_markdown

    try:
        return import_markdown(text, registry)
    except ImportFailed as exc:
        raise ImportFailed(f"{path}: {exc}") from None


def import_list(markdown: Path, output: Path | None = None, force: bool = False,
                catalog: Path | None = None, progress: Progress | None = None) -> ImportResult:
    """Read ``markdown`` into a new catalog at ``output`` (``force`` replaces a file there;
    ``-`` is stdout), or, without ``output``, into the catalog the command works on: a new
    one if the file does not exist yet (``data/papers.toml`` of the list's repository when
    the list has none, ``catalog.new_list_catalog``), else the papers it does not have yet
    (``duplicates.find_duplicates``, the policy of ``add``) are appended, in the list's
    order."""
    from awesome_snn import catalog as catalogs
    from awesome_snn.commands.maintain import refuse_read_only

    def parsed(registry: tuple = ()) -> Parsed:
        if progress is not None:
            progress(f"reading {markdown.name}")
        return _parse(_read_markdown(markdown), markdown, registry)

    # The list's text is never kept in a variable here: a README with one emoji is held at
    # 4 bytes a character, and it is not needed once it is parsed.
    if output is not None and str(output) == "-":
        return _to_stdout(parsed(), progress)
    if output is not None:
        if output.exists() and not force:
            raise WriteFailed(f"{output}: already exists; pass --force to replace it, or"
                              " --catalog to merge into it")
        return _new_catalog(output, parsed(), overwrite=force, progress=progress)
    location = catalogs.locate(catalog)
    if location.source == "shipped":
        # No catalog of the list's own yet: its first one, where every command finds it.
        target = catalogs.new_list_catalog()
        if target.resolve() == location.path.resolve():  # in snn-papers' own repository
            refuse_read_only(location)
        try:
            target.parent.mkdir(exist_ok=True)
        except OSError as exc:
            raise WriteFailed(f"{target.parent}: cannot make the folder ({exc.strerror});"
                              " pass -o PATH for the new catalog") from None
        return _new_catalog(target, parsed(), overwrite=False, progress=progress)
    refuse_read_only(location)
    if not location.path.exists() and not location.path.is_symlink():
        return _new_catalog(location.path, parsed(), overwrite=False, progress=progress)
    _read_markdown(markdown)  # an unreadable list fails before the catalog is locked
    return _merge(location, markdown, parsed, progress)


def _new_catalog(path: Path, parsed: Parsed, overwrite: bool,
                 progress: Progress | None = None) -> ImportResult:
    from awesome_snn import catalog as catalogs

    if progress is not None:
        progress(f"writing {path.name}")
    catalogs.create(path, parsed.catalog, overwrite=overwrite)
    papers = parsed.catalog.papers
    return ImportResult(path, len(papers), len(papers), len(parsed.catalog.venues),
                        parsed.sections, tuple(parsed.skipped), (), remarks=tuple(parsed.remarks),
                        ignored=parsed.ignored)


def _to_stdout(parsed: Parsed, progress: Progress | None) -> ImportResult:
    """``import -o -``: the new catalog, made and proved as a file is (in a folder of its
    own, removed after), to print."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="snn-papers-") as folder:
        path = Path(folder) / "papers.toml"
        result = _new_catalog(path, parsed, overwrite=False, progress=progress)
        text = path.read_text(encoding="utf-8")
    return replace(result, target=Path("-"), text=text)


def _merge(location: CatalogLocation, markdown: Path, read: Callable[[tuple], Parsed],
           progress: Progress | None) -> ImportResult:
    """The list's papers merged into the catalog by the policy of ``add``
    (``duplicates.find_duplicates``: the same or a very similar title, or a shared paper
    link, in any year): a paper the catalog has gains the links it lacks (``merge_links``),
    the others are appended in the list's order, so nothing the list holds is dropped."""
    from awesome_snn import catalog as catalogs
    from awesome_snn.duplicates import find_duplicates
    from awesome_snn.keys import unique_key
    from awesome_snn.markdown_import import merge_links

    with catalogs.writing(location) as writer:
        view = writer.view
        parsed = read(tuple(view.venues))
        if progress is not None:
            progress(f"merging into {location.path.name}")
        papers = parsed.catalog.papers
        duplicates = find_duplicates(view, [(paper.title, paper.links) for paper in papers])
        taken = set(view.keys)
        tried: dict[str, int] = {}  # unique_key's memory of suffixes taken
        known = {venue.abbr for venue in view.venues}
        present: list[str] = []
        new_papers = []
        gained: dict[str, Paper] = {}
        for paper, duplicate in zip(papers, duplicates, strict=True):
            if duplicate is not None:
                present.append(paper.title)
                kept = gained.get(duplicate.paper.key, duplicate.paper)
                links, added = merge_links(kept.links, paper.links)
                if added:
                    gained[kept.key] = replace(kept, links=links)
                continue
            paper = replace(paper, key=unique_key(paper.title, paper.year, taken, tried))
            taken.add(paper.key)
            new_papers.append(paper)
        if gained:
            writer.update(list(gained.values()))
        used = {paper.venue for paper in new_papers}
        new_venues = [venue for venue in parsed.catalog.venues
                      if venue.abbr not in known and venue.abbr in used]
        if new_papers or new_venues:
            writer.add(new_papers, new_venues)
    return ImportResult(location.path, len(papers), len(new_papers),
                        len({p.venue for p in papers}), parsed.sections,
                        tuple(parsed.skipped), tuple(present), remarks=tuple(parsed.remarks),
                        ignored=parsed.ignored, gained=len(gained))
