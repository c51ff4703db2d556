"""Changing a catalog: every change under the lock, proved, then written atomically.

A ``Writer`` works on the catalog as it is once the lock is held (never on a copy read
before), refuses a catalog with invalid records, and writes each change as a new file
renamed over the old one. Before anything is written the change is proved: new tables are
read back alone and must give exactly the intended records, an edited or removed table must
be exactly the paper's table; a whole-file rewrite is parsed whole. Afterwards the cache
holds the new catalog.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from awesome_snn.catalog import _cache
from awesome_snn.catalog._columns import COLUMNS, columns_of, encode_links, meta_of, row
from awesome_snn.catalog._edit import cut_span, new_block, read_block, same_paper, table_span
from awesome_snn.catalog._files import (
    Region,
    atomic_write,
    check_writable,
    read_all,
    real_path,
    remove_leftovers,
    stat_catalog,
)
from awesome_snn.catalog._location import ENV_VAR, CatalogLocation, as_location
from awesome_snn.catalog._lock import catalog_lock
from awesome_snn.catalog._toml import Parsed, check, dump_catalog, paper_block, parse, venue_block
from awesome_snn.catalog._view import CatalogView, open_catalog, remember, view_of
from awesome_snn.errors import (
    CatalogInvalid,
    CatalogSyntaxError,
    ReadOnlyCatalog,
    UnknownPaper,
    WriteFailed,
)
from awesome_snn.model import Catalog, Paper, Venue


def refuse_invalid(view: CatalogView) -> None:
    problems = view.problems
    if problems:
        raise CatalogInvalid(
            f"{view.path}: {len(problems)} invalid record(s); fix them before changing the"
            " catalog:\n" + "\n".join(str(p) for p in problems), tuple(problems))


def _line_end(data: bytes) -> bytes:
    first = data.find(b"\n")
    return b"\r\n" if first > 0 and data[first - 1:first] == b"\r" else b"\n"


class Writer:
    """The catalog's changes, for the duration of ``writing``."""

    def __init__(self, location: CatalogLocation, view: CatalogView, source: int) -> None:
        self.location = location
        self.view = view
        self._source = source
        """An open descriptor of the file whose bytes are ``view.data``."""

    @property
    def _path(self) -> str:
        return str(self.location.path)

    def _region(self, start: int, end: int) -> Region:
        return Region(self._source, start, end - start)

    def _write(self, data: bytes | None, pieces: list[bytes | Region] | None = None) -> None:
        """Replace the catalog by ``data`` (written as ``pieces``: regions of the old file
        and new bytes, when given)."""
        atomic_write(self.location.path, pieces if pieces is not None else data or b"")
        os.close(self._source)
        self._source = os.open(self.location.path, os.O_RDONLY)

    def _bytes(self) -> bytes:
        """The catalog's bytes, read from the file the lock was taken for."""
        if self.view._data is None:
            self.view._data = read_all(self._source, self.location.path)
        return self.view._data

    def close(self) -> None:
        os.close(self._source)

    def _whole(self, catalog: Catalog) -> None:
        """Rewrite the whole file (a shape that cannot be changed in place)."""
        path = self.location.path
        text = dump_catalog(catalog.texts, catalog.venues, catalog.papers,
                            str(path) if not path.is_absolute() else path.name,
                            self.view.check_settings)
        parsed = parse(text, self._path)
        if parsed.problems or not _reads_as(parsed, catalog.papers) \
                or tuple(parsed.venues) != catalog.venues or parsed.texts != catalog.texts:
            raise WriteFailed(f"{self._path}: the new catalog did not read back as intended;"
                              " nothing was changed")
        self._write(text)
        self.view = view_of(self.location, text, parsed)
        remember(self.view)

    def add(self, papers: Sequence[Paper], venues: Sequence[Venue] = ()) -> tuple[Paper, ...]:
        view = self.view
        if not view.appendable:
            self._whole(Catalog(view.texts, view.venues + tuple(venues),
                                view.papers() + tuple(papers)))
            return tuple(self.view.paper(i) for i in range(len(self.view) - len(papers),
                                                          len(self.view)))
        # The file's bytes are not needed to append to it: when the cache vouched for them,
        # only its first and last bytes are read.
        data = view._data
        if data is not None:
            size, head, last = len(data), data[:65536], data[-1:]
            lines = data.count(b"\n")
        else:
            size = os.fstat(self._source).st_size
            head, last = os.pread(self._source, 65536, 0), os.pread(self._source, 1, size - 1)
            assert view._stored is not None and not view._tail
            lines = view._stored.header["newlines"]
        eol = _line_end(head)
        separator = b"" if not size or last == b"\n" else eol
        blocks = [venue_block(v) for v in venues] + [paper_block(p) for p in papers]
        appended = b"".join(eol + block.replace("\n", eol.decode()).encode("utf-8")
                            for block in blocks)
        known = frozenset(v.abbr for v in view.venues)
        tail = parse(appended, self._path, base_offset=size + len(separator),
                     base_line=lines + len(separator) + 1, known_venues=known)
        if tail.problems or [p.key for p in tail.papers] != [p.key for p in papers] \
                or tuple(tail.papers) != tuple(papers) or tuple(tail.venues) != tuple(venues) \
                or not tail.keys <= {"papers", "venues"}:
            raise WriteFailed(f"{self._path}: the new tables did not read back as intended;"
                              " nothing was changed")
        # The new file is not joined in memory: the view reads it again if it must.
        self._write(None, [self._region(0, size), separator, appended])
        columns = {name: column + tail.columns[name] for name, column in view._columns.items()}
        later = None
        if view._stored is not None:
            later = {name: list(view._tail.get(name, ())) + tail.columns[name] for name in COLUMNS}
        self.view = CatalogView(self.location, None, view.texts, view.venues + tuple(venues),
                                view.all_problems, len(view) + tail.count, True,
                                columns=columns, stored=view._stored, tail=later,
                                check=view.check_settings)
        return tuple(tail.papers)

    def _position(self, key: str) -> tuple[int, Paper]:
        index = self.view.index_of(key)
        if index is None:
            raise UnknownPaper(f"No paper with key {key!r}.")
        return index, self.view.paper(index)

    def edit(self, key: str, new: Paper, venues: Sequence[Venue] = ()) -> Paper:
        view = self.view
        index, old = self._position(key)
        if not view.appendable or view.starts[index] < 0:
            papers = list(view.papers())
            papers[index] = new
            self._whole(Catalog(view.texts, view.venues + tuple(venues), tuple(papers)))
            return self.view.paper(index)
        data = self._bytes()
        start, end = table_span(data, view.starts[index])
        known = {v.abbr for v in view.venues} | {v.abbr for v in venues}
        block = new_block(data, start, end, old, new, known, self._path)
        eol = _line_end(data)
        tail = b"".join(eol + venue_block(v).replace("\n", eol.decode()).encode("utf-8")
                        for v in venues)
        pieces = [self._region(0, start), block, self._region(end, len(data))]
        new_data = data[:start] + block + data[end:]
        if tail:
            separator = b"" if new_data.endswith(b"\n") else eol
            new_data += separator + tail
            pieces += [separator, tail]
        self._write(new_data, pieces)
        shift = len(block) - (end - start)
        line_shift = block.count(b"\n") - data.count(b"\n", start, end)
        new = replace(new, line=old.line)
        columns = view.columns()
        for name, value in row(new, start).items():
            columns[name][index] = value
        _shift(columns, index + 1, shift, line_shift)
        self.view = CatalogView(self.location, new_data, view.texts, view.venues + tuple(venues),
                                view.all_problems, len(view), True, columns=columns,
                                check=view.check_settings)
        remember(self.view)
        return new

    def remove(self, key: str) -> Paper:
        view = self.view
        index, old = self._position(key)
        if not view.appendable or view.starts[index] < 0:
            papers = view.papers()
            self._whole(Catalog(view.texts, view.venues, papers[:index] + papers[index + 1:]))
            return old
        data = self._bytes()
        start, end = table_span(data, view.starts[index])
        if not same_paper(read_block(data[start:end], self._path)[0], old,
                          {v.abbr for v in view.venues}, self._path):
            raise WriteFailed(f"{self._path}: the table of {key} could not be found where the"
                              " catalog was read; nothing was changed")
        cut_start, cut_end = cut_span(data, start, end)
        new_data = data[:cut_start] + data[cut_end:]
        self._write(new_data, [self._region(0, cut_start), self._region(cut_end, len(data))])
        columns = view.columns()
        for column in columns.values():
            del column[index]
        _shift(columns, index, -(cut_end - cut_start), -data.count(b"\n", cut_start, cut_end))
        self.view = CatalogView(self.location, new_data, view.texts, view.venues,
                                view.all_problems, len(view) - 1, True, columns=columns,
                                check=view.check_settings)
        remember(self.view)
        return old

    def update(self, papers: Sequence[Paper]) -> None:
        """Several papers changed at once (matched by key), each table edited in place."""
        view = self.view
        if not papers:
            return
        if not view.appendable:
            by_key = {p.key: p for p in papers}
            self._whole(Catalog(view.texts, view.venues,
                                tuple(by_key.get(p.key, p) for p in view.papers())))
            return
        data = self._bytes()
        known = {v.abbr for v in view.venues}
        edits = []
        for paper in papers:
            index, old = self._position(paper.key)
            start, end = table_span(data, view.starts[index])
            edits.append((start, end, new_block(data, start, end, old, paper, known, self._path)))
        new_data = data
        for start, end, block in sorted(edits, reverse=True):
            new_data = new_data[:start] + block + new_data[end:]
        by_key = {p.key: p for p in papers}
        expected = tuple(by_key.get(p.key, p) for p in view.papers())
        parsed = parse(new_data, self._path)
        if parsed.problems or not _reads_as(parsed, expected):
            raise WriteFailed(f"{self._path}: the changes did not read back as intended;"
                              " nothing was changed")
        self._write(new_data)
        self.view = view_of(self.location, new_data, parsed)
        remember(self.view)

    def replace(self, catalog: Catalog) -> None:
        self._whole(catalog)


def _reads_as(parsed: Parsed, papers: Sequence[Paper]) -> bool:
    """Whether a parse gave exactly ``papers``, compared column by column (no second record
    per paper is built for a large catalog)."""
    columns = parsed.columns
    return (columns["keys"] == [p.key for p in papers]
            and columns["titles"] == [p.title for p in papers]
            and columns["venue_of"] == [p.venue for p in papers]
            and columns["years"] == [p.year for p in papers]
            and columns["links"] == [encode_links(p.links) for p in papers]
            and columns["extras"] == [p.extra for p in papers]
            and columns["meta"] == [meta_of(p) for p in papers])


def _shift(columns: dict[str, list], first: int, offset: int, lines: int) -> None:
    if offset:
        starts = columns["starts"]
        starts[first:] = [s + offset for s in starts[first:]]
    if lines:
        numbers = columns["lines"]
        numbers[first:] = [n + lines for n in numbers[first:]]


@contextmanager
def writing(location: CatalogLocation | Path | str) -> Iterator[Writer]:
    location = as_location(location)
    if location.shipped:
        raise ReadOnlyCatalog(
            f"{location.path} is the catalog shipped with snn-papers and is read-only: pass"
            f" --catalog PATH or set {ENV_VAR}=PATH (start one with `snn-papers init PATH`)")
    path = location.path
    stat_catalog(path)  # missing, a folder, not a regular file: a clear error first
    check_writable(path)
    with catalog_lock(path):
        target = real_path(path)
        remove_leftovers(target.parent, target.name)
        source = os.open(path, os.O_RDONLY)
        try:
            view = open_catalog(location)
            if view._data is None and (view._tail or view._stored is None):
                view._data = read_all(source, path)
        except BaseException:
            os.close(source)
            raise
        writer = Writer(location, view, source)
        try:
            refuse_invalid(writer.view)
            yield writer
        finally:
            writer.close()


def create(path: Path, catalog: Catalog, *, overwrite: bool = False) -> None:
    """Write a new catalog file (``init``, ``import -o``); refuses to replace one unless
    ``overwrite``."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise WriteFailed(f"{path}: already exists; pass --force to replace it")
    name = str(path) if not path.is_absolute() else path.name
    text = dump_catalog(catalog.texts, catalog.venues, catalog.papers, name)
    try:
        parsed, starts, lines = check(text, str(path), catalog.papers)
    except (ValueError, CatalogSyntaxError) as exc:
        raise WriteFailed(f"{path}: the catalog did not read back as intended ({exc}); nothing"
                          " was written") from None
    if parsed.problems or parsed.texts != catalog.texts or tuple(parsed.venues) != catalog.venues:
        raise WriteFailed(f"{path}: the catalog did not read back as intended; nothing was"
                          " written: " + "; ".join(str(p) for p in parsed.problems[:3]))
    atomic_write(path, text, exclusive=not overwrite)
    if _cache.enabled():
        with _cache.no_gc():
            columns = columns_of(catalog.papers, starts)
        columns["lines"] = lines
        remember(CatalogView(CatalogLocation(path), text, catalog.texts, catalog.venues, (),
                             len(catalog.papers), True, columns))
