"""Opening a catalog for reading: the ``CatalogView``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awesome_snn.catalog import _cache
from awesome_snn.catalog._columns import COLUMNS, decode_link_pairs, decode_links, metadata_fields
from awesome_snn.catalog._files import read_catalog_bytes, real_path, stat_catalog
from awesome_snn.catalog._location import CatalogLocation, as_location
from awesome_snn.check_settings import CHECK_RULE, CheckSettings
from awesome_snn.layout import Layout
from awesome_snn.model import Catalog, ListTexts, Paper, Venue
from awesome_snn.problems import Problem

Entry = tuple[str, str, int, tuple[tuple[str, str], ...], tuple[tuple[str, Any], ...]]
"""A paper as ``CatalogView.entries`` gives it: title, venue, year, link pairs, extra keys."""

if TYPE_CHECKING:
    from awesome_snn.catalog._toml import Parsed

TAIL_LIMIT = 256
"""Papers appended after the cached ones that a reader parses before it rewrites the cache."""


class CatalogView:
    """A catalog as read: texts, venues, problems, and the valid papers as columns (index
    ``i`` is the i-th valid paper in file order). Columns come from the cache or a parse and
    are decoded on first use."""

    keys: list[str]
    titles: list[str]
    venue_of: list[str]
    years: list[int]
    links: list[str]
    """Each paper's links, encoded (``_columns.encode_links``); ``paper(i)`` decodes them."""
    extras: list[tuple[tuple[str, Any], ...]]
    meta: list[tuple[Any, ...]]
    """Each paper's ``Paper.metadata``, or ``()`` (``_columns.meta_of``)."""
    lines: list[int]
    """1-based line of each paper's ``[[papers]]`` header."""
    starts: list[int]
    folded: list[str]
    """``folding.fold`` of each title: what search and duplicate checks compare."""
    urls: list[str]
    code: list[bool]

    def __init__(self, location: CatalogLocation, data: bytes | None, texts: ListTexts,
                 venues: tuple[Venue, ...], problems: tuple[Problem, ...], count: int,
                 appendable: bool, columns: dict[str, list[Any]] | None = None,
                 stored: _cache.Stored | None = None,
                 tail: dict[str, list[Any]] | None = None,
                 check: CheckSettings = CheckSettings()) -> None:
        self.location = location
        self.path = location.path
        self._data = data
        self.texts = texts
        self.venues = venues
        self.all_problems = problems
        """Every problem the reader found, those of ``[check]`` included."""
        self.appendable = appendable
        self.check_settings = check
        """The catalog's ``[check]`` table."""
        self._count = count
        self._columns = dict(columns or {})
        self._stored = stored
        self._tail = tail or {}
        self._index: dict[str, int] | None = None

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The records the reader could not accept: what readers skip and writers refuse."""
        return tuple(p for p in self.all_problems if p.rule != CHECK_RULE)

    @property
    def check_problems(self) -> tuple[Problem, ...]:
        """What is wrong in ``[check]``: only ``check`` reports it (the rest of the catalog is
        read as if the table were not there)."""
        return tuple(p for p in self.all_problems if p.rule == CHECK_RULE)

    def __getattr__(self, name: str) -> Any:
        if name not in COLUMNS or "_columns" not in self.__dict__:
            raise AttributeError(name)
        column = self._columns.get(name)
        if column is None:
            assert self._stored is not None
            try:
                column = self._stored.column(name)
            except _cache.Damaged:
                self._rebuild()
                return self._columns[name]
            if self._tail:
                column = column + self._tail[name]
            self._columns[name] = column
        return column

    def _rebuild(self) -> None:
        """A damaged cache: read the catalog itself, and cache it anew."""
        from awesome_snn.catalog._toml import parse

        self._data = read_catalog_bytes(self.path)
        parsed = parse(self._data, str(self.path))
        fresh = view_of(self.location, self._data, parsed)
        self.texts, self.venues, self.all_problems = fresh.texts, fresh.venues, fresh.all_problems
        self.check_settings = fresh.check_settings
        self.appendable, self._count = fresh.appendable, fresh._count
        self._columns, self._stored, self._tail = fresh._columns, None, {}
        remember(self)

    @property
    def data(self) -> bytes:
        """The catalog file's bytes (read now if the cache answered without them)."""
        if self._data is None:
            self._data = read_catalog_bytes(self.path)
        return self._data

    def __len__(self) -> int:
        return self._count

    def may_hold(self, name: str, text: str) -> bool:
        """False when no entry of column ``name`` contains ``text`` (a new paper's URL is
        usually in no paper): answered from the cache's bytes without decoding the column;
        True means "maybe": look in the column."""
        if name in self._columns or self._stored is None:
            return True
        return self._stored.contains(name, text) or any(text in entry
                                                        for entry in self._tail.get(name, ()))

    def columns(self) -> dict[str, list[Any]]:
        """Every column, decoded (for writers that rewrite the cache)."""
        return {name: getattr(self, name) for name in COLUMNS}

    def paper(self, index: int) -> Paper:
        value = self._value
        return Paper(value("keys", index), value("titles", index), value("venue_of", index),
                     value("years", index), decode_links(value("links", index)),
                     value("extras", index), value("lines", index),
                     **metadata_fields(value("meta", index)))

    def _value(self, name: str, index: int) -> Any:
        """Row ``index`` of column ``name``: from the column when it is decoded, else from
        the cache's chunk that holds it (a few papers shown need no whole column)."""
        column = self._columns.get(name)
        if column is not None:
            return column[index]
        stored = self._stored
        if stored is None or index < 0:
            return getattr(self, name)[index]
        count = stored.header["count"]
        if index >= count:
            return self._tail[name][index - count] if self._tail else getattr(self, name)[index]
        try:
            return stored.entry(name, index)
        except _cache.Damaged:
            self._rebuild()
            return self._columns[name][index]

    def entries(self, indexes: Sequence[int] | None = None) -> Iterator[Entry]:
        """``(title, venue, year, ((label, url), ...), extra)`` of the papers at ``indexes``
        (all, by default), straight from the columns: a README of 100,000 papers is written
        without making a ``Paper`` of each."""
        titles, venues, years, links, extras = (self.titles, self.venue_of, self.years,
                                                self.links, self.extras)
        for index in range(self._count) if indexes is None else indexes:
            yield (titles[index], venues[index], years[index], decode_link_pairs(links[index]),
                   extras[index])

    def papers(self) -> tuple[Paper, ...]:
        for name in ("keys", "titles", "venue_of", "years", "links", "extras", "lines", "meta"):
            getattr(self, name)  # every paper: whole columns decode faster than row by row
        return tuple(map(self.paper, range(len(self.keys))))

    def index_of(self, key: str) -> int | None:
        if self._index is None:
            try:  # a single lookup: a C-speed scan beats building a dict of every key
                return self.keys.index(key)
            except ValueError:
                return None
        return self._index.get(key)

    def venue(self, abbr: str) -> Venue | None:
        return next((v for v in self.venues if v.abbr == abbr), None)

    def catalog(self) -> Catalog:
        return Catalog(self.texts, self.venues, self.papers())

    def text(self) -> str:
        """The file's TOML text (the bytes are not kept when the cache answered without
        them: a large catalog is not held twice)."""
        data = self._data if self._data is not None else read_catalog_bytes(self.path)
        return data.decode("utf-8")



def view_of(location: CatalogLocation, data: bytes, parsed: Parsed) -> CatalogView:
    return CatalogView(location, data, parsed.texts, tuple(parsed.venues), tuple(parsed.problems),
                       parsed.count, parsed.appendable, parsed.columns, check=parsed.check)


def remember(view: CatalogView, info: os.stat_result | None = None) -> None:
    """Cache ``view`` (whose columns are the file's current bytes; ``info``: the file's
    stat taken before those bytes were read)."""
    if not _cache.enabled():
        return
    _cache.write(real_path(view.path), _cache.fingerprint(view.data), {
        "texts": (view.texts.title, view.texts.badge, view.texts.introduction, view.texts.closing,
                  view.texts.layout.as_dict()),
        "venues": [(v.abbr, v.name, v.kind, v.aliases) for v in view.venues],
        "problems": [(p.file, p.line, p.column, p.rule, p.message, p.key) for p in view.all_problems],
        "appendable": view.appendable, "newlines": view.data.count(b"\n"),
        "check": (view.check_settings.severities, view.check_settings.not_duplicates),
    }, view.columns(), info)


def _from_cache(location: CatalogLocation, data: bytes | None, stored: _cache.Stored) -> CatalogView | None:
    """The view the cache gives of the catalog whose bytes are ``data`` (None: the catalog's
    stat proved them), or None when the cache does not match."""
    header = stored.header
    size = header["fingerprint"][0]
    title, badge, introduction, closing, layout = header["texts"]
    if not isinstance(layout, dict) or set(layout) != Layout.field_names():
        return None  # written when the layout had other fields
    texts = ListTexts(title, badge, introduction, closing, Layout(**layout))
    venues = tuple(Venue(*v) for v in header["venues"])
    problems = tuple(Problem(str(location.path), *p[1:]) for p in header["problems"])
    check = CheckSettings(*header["check"])
    if data is None or (len(data) == size and header["fingerprint"] == _cache.fingerprint(data)):
        return CatalogView(location, data, texts, venues, problems, header["count"],
                           header["appendable"], stored=stored, check=check)
    # The cached bytes with new tables after them (an ``add``): parse only those.
    if not (header["appendable"] and len(data) > size and data[size - 1:size] == b"\n"
            and _cache.fingerprint(memoryview(data)[:size]) == header["fingerprint"]):
        return None
    from awesome_snn.catalog._toml import parse

    try:
        tail = parse(data[size:], str(location.path), base_offset=size,
                     base_line=header["newlines"] + 1,
                     known_venues=frozenset(v.abbr for v in venues))
        if not tail.keys <= {"papers", "venues"} or not tail.appendable:
            return None
        view = CatalogView(location, data, texts, venues + tuple(tail.venues),
                           problems + tuple(tail.problems), header["count"] + tail.count,
                           True, stored=stored, tail=tail.columns, check=check)
        keys = stored.column("keys")
        if not set(view._tail["keys"]).isdisjoint(keys):
            return None  # a key used twice: the whole file's parse reports it
        view._columns["keys"] = keys + view._tail["keys"]
    except Exception:  # noqa: BLE001 - a damaged cache or a bad tail: parse the whole file
        return None
    if tail.count > TAIL_LIMIT:
        remember(view)
    return view


def open_catalog(location: CatalogLocation | Path | str,
                 progress: Callable[[int, int], None] | None = None,
                 data: bytes | None = None) -> CatalogView:
    """The catalog at ``location`` (whose bytes are ``data``, when the caller has read
    them: writers do, under the lock). From the cache when it matches."""
    location = as_location(location)
    info = stat_catalog(location.path)
    real = real_path(location.path)
    stored = _cache.read(real) if _cache.enabled() else None
    if stored is not None and data is None and _cache.trusted(stored, info):
        view = _from_cache(location, None, stored)
        if view is not None:
            return view
    if data is None:
        data = read_catalog_bytes(location.path)
    if stored is not None:
        view = _from_cache(location, data, stored)
        if view is not None:
            if view._tail == {}:
                _cache.trust(stored.file, stored.header["fingerprint"], info)
            return view
    from awesome_snn.catalog._toml import parse

    with _cache.no_gc():
        parsed = parse(data, str(location.path), progress)
    view = view_of(location, data, parsed)
    remember(view, info)
    return view


def read_bytes(data: bytes, name: str) -> CatalogView:
    """A catalog that is not a file here (``git show REV:path``): parsed, never cached."""
    from awesome_snn.catalog._toml import parse

    with _cache.no_gc():
        parsed = parse(data, name)
    return view_of(CatalogLocation(Path(name)), data, parsed)
