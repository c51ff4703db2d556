"""A columnar snapshot of a catalog, and its on-disk cache.

Parsing a 100,000-paper catalog with tomllib takes seconds, and building 100,000 frozen
``Paper`` records alone takes half a second. The hot commands (``search``, ``show``,
``add``) therefore work on columns (keys, titles, venues, years, links...) and build records
only for the papers they print. The columns are cached with ``marshal`` in the user cache
folder (platformdirs), keyed by the catalog's path, size, mtime and ctime, written
atomically, and ignored and rebuilt when stale or unreadable. Even the 93-paper seed loads
faster from it than from TOML (no tomllib, no validation).
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from awesome_snn.location import append_intent_file
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue
from awesome_snn.userdirs import cache_folder

CACHE_VERSION = 6
ENV_NO_CACHE = "SNN_PAPERS_NO_CACHE"


COLUMNS = ("keys", "titles", "venue_of", "years", "links", "extras", "lines", "folded",
           "urls", "code")


class Snapshot:
    """The catalog's valid records as columns (index i = the i-th paper), plus its texts,
    venues and the problems of the records left out. Columns read from the cache are
    decoded on first use, so ``search`` never pays for the links it does not show."""

    keys: list[str]
    titles: list[str]
    venue_of: list[str]
    years: list[int]
    links: list[tuple[tuple[str, str], ...]]
    extras: list[tuple[tuple[str, Any], ...]]
    """Keys of a paper's table snn-papers does not know (kept, never dropped)."""
    lines: list[int]
    folded: list[str]
    """``search.fold`` of each title: what search and duplicate checks compare."""
    urls: list[str]
    """``urls.canonical_url`` of each link of each paper, as one string per paper with each
    URL between \\x1f separators (URLs hold no control characters): a duplicate check is
    one substring test per paper."""
    code: list[bool]
    """Whether each paper has a code link."""

    def __init__(self, texts: ListTexts, venues: tuple[Venue, ...], problems: tuple[str, ...],
                 columns: dict[str, list[Any]] | None = None,
                 encoded: dict[str, bytes | memoryview] | None = None) -> None:
        self.texts = texts
        self.venues = venues
        self.problems = problems
        self._columns: dict[str, list[Any]] = dict(columns or {})
        self._encoded = encoded or {}
        self._key_index: dict[str, int] | None = None
        self._link_texts: list[str] | None = None
        self._regions: dict[str, tuple[int, int]] = {}
        """Where each encoded blob lies in the cache file (offset, length)."""
        self._cache_handle: Any = None
        self._base_stamp: tuple[Any, ...] | None = None
        """The stamp of the cache file the encoded columns come from."""
        self._tail: list[Paper] = []
        """Papers ``add`` appended after the encoded columns (the cache's delta file)."""
        self._base_count = 0

    def __getattr__(self, name: str) -> Any:
        if name not in COLUMNS:
            raise AttributeError(name)
        column = self._columns.get(name)
        if column is None:
            if name in self._encoded:
                column = _DECODE.get(name, _plain)(self, marshal.loads(self._encoded[name]))
                if self._tail:
                    column = column + [_value(name, paper) for paper in self._tail]
            else:
                column = _derive(name, self)
            self._columns[name] = column
        return column

    def _link_pairs(self, index: int) -> tuple[tuple[str, str], ...]:
        """One paper's links, without decoding the whole (large) links column."""
        if "links" in self._columns or "links" not in self._encoded:
            return self.links[index]
        if index >= self._base_count:
            return _value("links", self._tail[index - self._base_count])
        if self._link_texts is None:
            self._link_texts = marshal.loads(self._encoded["links"])
        return _split_links(self._link_texts[index])

    def __len__(self) -> int:
        return len(self.keys)

    def paper(self, index: int) -> Paper:
        if self._tail and index >= self._base_count:
            return self._tail[index - self._base_count]
        if "rows" in self._encoded and "titles" not in self._columns:
            # One record from the cache's row blob: no whole column is decoded for it.
            offsets = self._encoded["row_offsets"].cast("Q")
            row = marshal.loads(self._encoded["rows"][offsets[index]:offsets[index + 1]])
            key, title, venue, year, links_text, extra, line = row
            return Paper(key, title, venue, year,
                         tuple(Link(label, url) for label, url in _split_links(links_text)),
                         extra, line)
        return Paper(self.keys[index], self.titles[index], self.venue_of[index], self.years[index],
                     tuple(Link(label, url) for label, url in self._link_pairs(index)),
                     self.extras[index], self.lines[index])

    def iter_links(self) -> Iterator[tuple[tuple[str, str], ...]]:
        """Each paper's links in order, parsed one row at a time (a streaming export never
        holds the whole parsed column)."""
        if "links" in self._columns or "links" not in self._encoded:
            yield from self.links
            return
        if self._link_texts is None:
            self._link_texts = marshal.loads(self._encoded["links"])
        for text in self._link_texts:
            yield _split_links(text)
        for paper in self._tail:
            yield _value("links", paper)

    def may_hold(self, name: str, text: str) -> bool:
        """False when no entry of column ``name`` contains ``text``. Scans the stored bytes
        in place (marshal keeps a string's characters as their UTF-8 bytes), so a check
        that usually finds nothing (a new paper's URL or key) never decodes a 100,000-entry
        column; True means "maybe": look in the column."""
        blob = self._encoded.get(name)
        if name in self._columns or blob is None or not isinstance(blob, memoryview) \
                or name not in self._regions:
            return True
        offset, length = self._regions[name]
        if blob.obj.find(text.encode("utf-8", "surrogatepass"), offset, offset + length) >= 0:
            return True
        return any(text in _value(name, paper) for paper in self._tail)

    def index_of(self, key: str) -> int | None:
        if self._key_index is None:
            if "keys" not in self._columns and self._encoded:
                try:  # one lookup: a C-speed scan beats building a 100,000-key dict
                    return self.keys.index(key)
                except ValueError:
                    return None
            self._key_index = {k: i for i, k in enumerate(self.keys)}
        return self._key_index.get(key)

    def venue(self, abbr: str) -> Venue | None:
        return next((v for v in self.venues if v.abbr == abbr), None)

    def catalog(self) -> Catalog:
        links = [tuple(Link(label, url) for label, url in pairs) for pairs in self.links]
        papers = tuple(map(Paper, self.keys, self.titles, self.venue_of, self.years, links,
                           self.extras, self.lines))
        return Catalog(self.texts, self.venues, papers)

    def with_paper(self, paper: Paper, venue: Venue | None) -> Snapshot:
        """This snapshot with one more paper (and venue) at the end, as ``add`` leaves it."""
        extra = snapshot_of(Catalog(papers=(paper,)))
        columns = {name: getattr(self, name) + getattr(extra, name) for name in COLUMNS}
        return Snapshot(self.texts, self.venues + ((venue,) if venue else ()), self.problems,
                        columns)


def _derive(name: str, snapshot: Snapshot) -> list[Any]:
    """The columns computed from others, made only when a command needs them."""
    if name == "folded":
        from awesome_snn.search import fold

        return [fold(title) for title in snapshot.titles]
    if name == "urls":
        return [url_field(url for _label, url in pairs) for pairs in snapshot.links]
    raise AttributeError(name)


def url_field(urls: Iterable[str]) -> str:
    """The ``urls`` column's entry for a paper with these links."""
    from awesome_snn.urls import canonical_url

    return URL_SEPARATOR + "".join(canonical_url(url) + URL_SEPARATOR for url in urls)


URL_SEPARATOR = "\x1f"


def snapshot_of(catalog: Catalog, problems: tuple[str, ...] = ()) -> Snapshot:
    papers = catalog.papers
    return Snapshot(catalog.texts, catalog.venues, tuple(problems), {
        "keys": [p.key for p in papers], "titles": [p.title for p in papers],
        "venue_of": [p.venue for p in papers], "years": [p.year for p in papers],
        "links": [tuple((link.label, link.url) for link in p.links) for p in papers],
        "extras": [p.extra for p in papers], "lines": [p.line for p in papers],
        "code": [p.has_code for p in papers],
    })


# --- the cache ------------------------------------------------------------------------------

def _cache_file(path: Path) -> Path:
    # A short name from the path (crc32 and adler32: no hashlib import on the hot path); the
    # full path is in the cache's stamp, so a clash can only cost a rebuild, never wrong data.
    raw = str(path.resolve()).encode()
    name = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}"
    return cache_folder() / f"catalog-{name}.marshal"


def file_version(stat: os.stat_result) -> tuple[int, int, int, int]:
    """What changes whenever the file's content may have (reading it changes only atime)."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def _stamp(path: Path, stat: os.stat_result) -> tuple[Any, ...]:
    return (CACHE_VERSION, str(path.resolve()), *file_version(stat))


# Links and extras are stored compactly: a paper's links as one string (labels and URLs
# never hold control characters, so \x1e and \x1f separate them), extras as a sparse
# {index: extras} mapping (almost every paper has none).
_PAIR, _FIELD = "\x1f", "\x1e"
MARSHAL = 2
"""marshal format 2 has no back-references, so one more item can be appended to a stored
list without decoding it (``append_to_cache``); it also loads slightly faster."""


def _split_links(text: str) -> tuple[tuple[str, str], ...]:
    if not text:
        return ()
    return tuple(tuple(pair.split(_FIELD, 1)) for pair in text.split(_PAIR))  # type: ignore[misc]


def _plain(_snapshot: Snapshot, value: Any) -> Any:
    return value


def _decode_extras(snapshot: Snapshot, sparse: dict[int, Any]) -> list[Any]:
    column: list[Any] = [()] * len(snapshot.keys)
    for index, extra in sparse.items():
        column[index] = extra
    return column


_DECODE = {
    "links": lambda _snapshot, texts: [_split_links(text) for text in texts],
    "extras": _decode_extras,
}
_ENCODE = {
    "links": lambda column: [_PAIR.join(f"{label}{_FIELD}{url}" for label, url in pairs)
                             for pairs in column],
    "extras": lambda column: {i: extra for i, extra in enumerate(column) if extra},
}


def _rows(snapshot: Snapshot) -> tuple[bytes, bytes]:
    """Every paper as its own marshal record, and the records' offsets (8-byte unsigned)."""
    import array

    links = _ENCODE["links"](snapshot.links)
    records = [marshal.dumps(row, MARSHAL) for row in zip(snapshot.keys, snapshot.titles,
                                                  snapshot.venue_of, snapshot.years, links,
                                                  snapshot.extras, snapshot.lines)]
    offsets = array.array("Q", [0])
    for record in records:
        offsets.append(offsets[-1] + len(record))
    return b"".join(records), offsets.tobytes()


def _encode(snapshot: Snapshot) -> list[bytes | memoryview]:
    """Head (texts, venues, problems, and where each blob starts) + the blobs: one per
    column, and the rows blob with its offsets for reading single papers."""
    names = [*COLUMNS, "rows", "row_offsets"]
    blobs = [marshal.dumps(_ENCODE.get(name, lambda column: column)(getattr(snapshot, name)),
                           MARSHAL)
             for name in COLUMNS]
    blobs.extend(_rows(snapshot))
    return _assemble(snapshot.texts, snapshot.venues, snapshot.problems, names, blobs)


def _assemble(texts: ListTexts, venues: tuple[Venue, ...], problems: tuple[str, ...],
              names: list[str], blobs: list[bytes | memoryview]) -> list[bytes | memoryview]:
    """The cache file's pieces after the stamp, in order (written one by one, not joined)."""
    t = texts
    offsets, position = {}, 0
    for name, blob in zip(names, blobs):  # _Concat pieces report their total length
        offsets[name] = (position, len(blob))
        position += len(blob)
    head = marshal.dumps({
        "texts": (t.title, t.badge, t.introduction, t.closing),
        "venues": [(v.abbr, v.name, v.kind, v.aliases) for v in venues],
        "problems": problems, "columns": offsets,
    })
    return [len(head).to_bytes(8, "little"), head, *blobs]


def _decode(data: memoryview, base: int = 0) -> Snapshot:
    """The snapshot in ``data`` (which starts at byte ``base`` of the cache file)."""
    size = int.from_bytes(data[:8], "little")
    head = marshal.loads(data[8:8 + size])
    body = data[8 + size:]
    body_base = base + 8 + size
    columns = head["columns"].items()
    encoded = {name: body[start:start + length] for name, (start, length) in columns}
    if set(encoded) != {*COLUMNS, "rows", "row_offsets"}:
        raise ValueError("cache columns do not match this version")
    snapshot = Snapshot(ListTexts(*head["texts"]), tuple(Venue(*v) for v in head["venues"]),
                        tuple(head["problems"]), encoded=encoded)
    snapshot._regions = {name: (body_base + start, length) for name, (start, length) in columns}
    return snapshot


def _map(file: Path) -> tuple[memoryview, Any]:
    """The cache file's bytes, memory-mapped (only the columns a command decodes are read),
    and the open file, kept so ``add`` can copy regions of it with the kernel. Replacing the
    file (``os.replace``) never changes a mapping or a descriptor already open."""
    import mmap

    handle = open(file, "rb")  # noqa: SIM115 - kept open as long as the snapshot lives
    try:
        return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)), handle
    except BaseException:
        handle.close()
        raise


def read_cache(path: Path, stat: os.stat_result) -> Snapshot | None:
    """The cached snapshot of ``path``, or None when missing, stale or unreadable."""
    try:
        file = _cache_file(path)
        data, handle = _map(file)
        size = int.from_bytes(data[:8], "little")
        base_stamp, stamp = marshal.loads(data[8:8 + size]), _stamp(path, stat)
        delta = None
        if base_stamp != stamp:
            delta = _read_delta(file)
            if delta is None or delta["base"] != base_stamp or delta["stamp"] != stamp:
                return None
        snapshot = _decode(data[8 + size:], 8 + size)
        snapshot._cache_handle = handle
        snapshot._base_stamp = base_stamp
        offsets = snapshot._encoded["row_offsets"]
        count = snapshot._base_count = len(offsets) // 8 - 1
        if delta is not None:  # before any column is decoded: each then includes the tail
            snapshot._tail = [Paper(key, title, venue, year,
                                    tuple(Link(label, url) for label, url in _split_links(links)),
                                    extra, line)
                              for key, title, venue, year, links, extra, line in delta["papers"]]
            snapshot.venues = tuple(Venue(*v) for v in delta["venues"])
        # A damaged blob must fail here, not later in a command: check every column's
        # length cheaply (marshal stores it up front), decoding only the small ones.
        if count < 0 or len(offsets) != 8 * (count + 1) or \
                offsets.cast("Q")[count] != len(snapshot._encoded["rows"]):
            return None
        for name in COLUMNS:
            blob = snapshot._encoded[name]
            if name == "extras":
                continue
            if len(blob) < 5 or blob[0] & 0x7F not in (ord("["), ord("(")) or \
                    int.from_bytes(blob[1:5], "little") != count:
                return None
        total = count + len(snapshot._tail)
        if any(len(getattr(snapshot, name)) != total for name in ("years", "code", "lines")):
            return None
    except Exception:  # noqa: BLE001 - any damage to a cache file means: rebuild it
        return None
    return snapshot


# --- the delta: what ``add`` appended since the cache file was written ----------------------
# A cache file holds whole columns; rewriting it for every ``add`` would copy ~60 MB at
# 100,000 papers. ``add`` instead writes a small delta file beside it: the papers and venues
# appended since, the stamp of the cache file they follow and the stamp of the catalog they
# make. It is used only when both stamps match, and folded into a new cache file once it
# holds DELTA_LIMIT papers.

DELTA_LIMIT = 500


def _delta_file(cache: Path) -> Path:
    return cache.with_suffix(".delta")


def _read_delta(cache: Path) -> dict[str, Any] | None:
    try:
        delta = marshal.loads(_delta_file(cache).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return delta if isinstance(delta, dict) and {"base", "stamp", "papers", "venues"} <= set(delta) else None


def _write_delta(path: Path, stat: os.stat_result, base: tuple[Any, ...], papers: list[Paper],
                 venues: tuple[Venue, ...]) -> None:
    try:
        data = marshal.dumps({
            "base": base, "stamp": _stamp(path, stat),
            "papers": [(p.key, p.title, p.venue, p.year, _item("links", p), p.extra, p.line)
                       for p in papers],
            "venues": [(v.abbr, v.name, v.kind, v.aliases) for v in venues],
        })
    except ValueError:  # an extra value marshal cannot store
        return
    target = _delta_file(_cache_file(path))
    tmp = target.with_name(f".{target.name}.{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_cache(path: Path, stat: os.stat_result, snapshot: Snapshot) -> None:
    """Store the snapshot atomically; a cache that cannot be written is simply skipped."""
    try:
        payload = _encode(snapshot)
    except ValueError:  # an extra value marshal cannot store (e.g. a TOML date)
        return
    _store(path, stat, payload)


def _store(path: Path, stat: os.stat_result, payload: list[Any]) -> None:
    try:
        stamp = marshal.dumps(_stamp(path, stat))
        target = _cache_file(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        # A name of this process's own (no tempfile import on a command's first run).
        tmp = str(target.parent / f".catalog-{os.getpid()}-{os.urandom(4).hex()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            try:
                _write_all(fd, len(stamp).to_bytes(8, "little"))
                _write_all(fd, stamp)
                for piece in payload:
                    for part in (piece.parts if isinstance(piece, _Concat) else (piece,)):
                        if isinstance(part, _Region):
                            _copy_region(fd, part)
                        else:
                            _write_all(fd, part)
            finally:
                os.close(fd)
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        with contextlib.suppress(FileNotFoundError):
            os.unlink(_delta_file(target))
    except OSError:  # not writable: work without a cache
        return


def _write_all(fd: int, data: bytes | memoryview) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _copy_region(fd: int, region: _Region) -> None:
    offset, left = region.offset, region.length
    source = region.handle.fileno()
    if not hasattr(os, "sendfile"):  # not on every platform: copy through a buffer
        while left > 0:
            chunk = os.pread(source, min(left, 1 << 20), offset)
            if not chunk:
                raise OSError("the old cache file ended early")
            _write_all(fd, chunk)
            offset += len(chunk)
            left -= len(chunk)
        return
    while left > 0:
        sent = os.sendfile(fd, source, offset, left)
        if sent == 0:
            raise OSError("the old cache file ended early")
        offset += sent
        left -= sent


def use_cache(stat: os.stat_result) -> bool:
    return not os.environ.get(ENV_NO_CACHE)


def load_snapshot(path: Path) -> Snapshot:
    """The catalog at ``path`` as a snapshot: from the cache when it is fresh, else parsed
    (and cached for next time)."""
    if os.path.exists(append_intent_file(path)):  # an add running, or one killed mid-write
        from awesome_snn import store

        store.settle_interrupted_append(path)
    try:
        stat = path.stat()
    except OSError:
        stat = None
    if stat is not None and use_cache(stat):
        cached = read_cache(path, stat)
        if cached is not None:
            return cached
    from awesome_snn import store

    catalog, problems = store.load_catalog(path)
    snapshot = snapshot_of(catalog, tuple(problems))
    if stat is not None and use_cache(stat):
        try:
            if file_version(path.stat()) == file_version(stat):  # unchanged while parsed
                write_cache(path, stat, snapshot)
        except OSError:
            pass
    return snapshot


def _item(name: str, paper: Paper) -> Any:
    """What ``paper`` adds to column ``name`` (as stored)."""
    from awesome_snn.search import fold

    pairs = tuple((link.label, link.url) for link in paper.links)
    return {
        "keys": paper.key, "titles": paper.title, "venue_of": paper.venue, "years": paper.year,
        "links": _ENCODE["links"]([pairs])[0], "lines": paper.line, "folded": fold(paper.title),
        "urls": url_field(url for _label, url in pairs), "code": paper.has_code,
    }[name]


def _value(name: str, paper: Paper) -> Any:
    """What ``paper`` adds to column ``name`` (decoded, as a command sees it)."""
    if name == "links":
        return tuple((link.label, link.url) for link in paper.links)
    if name == "extras":
        return paper.extra
    return _item(name, paper)


class _Region:
    """Bytes of the old cache file, copied by the kernel (``os.sendfile``): a 100,000-paper
    column is never read into this process to be written again."""

    def __init__(self, handle: Any, offset: int, length: int) -> None:
        self.handle, self.offset, self.length = handle, offset, length

    def __len__(self) -> int:
        return self.length


class _Concat:
    """Pieces of one blob, written one after another (no copy of a large column)."""

    def __init__(self, *parts: bytes | memoryview | _Region) -> None:
        self.parts = parts

    def __len__(self) -> int:
        return sum(len(part) for part in self.parts)


class _ListAppend(_Concat):
    """A stored marshal list with more items: new count, old items, the new items."""

    def __init__(self, blob: _Region, count: int, items: list[bytes]) -> None:
        old = _Region(blob.handle, blob.offset + 5, blob.length - 5)
        super().__init__(b"[" + (count + len(items)).to_bytes(4, "little"), old, *items)


def append_to_cache(path: Path, before: Snapshot, paper: Paper, venue: Venue | None) -> None:
    """After ``add`` appended ``paper`` to a catalog whose cached snapshot was ``before``:
    record it in the cache's delta file; when the delta is full, fold it into a new cache
    file by appending its items to each stored column (the old columns are copied by the
    kernel, never decoded). When ``before`` did not come from the cache, build it whole."""
    encoded = before._encoded
    if not encoded or "rows" not in encoded or before._cache_handle is None \
            or before._base_stamp is None:
        remember(path, before.with_paper(paper, venue))
        return
    try:
        stat = path.stat()
    except OSError:
        return
    if not use_cache(stat):
        return
    tail = [*before._tail, paper]
    venues = before.venues + ((venue,) if venue else ())
    if len(tail) < DELTA_LIMIT:
        _write_delta(path, stat, before._base_stamp, tail, venues)
        return
    count = before._base_count

    def region(name: str) -> _Region:
        offset, length = before._regions[name]
        return _Region(before._cache_handle, offset, length)

    blobs: list[Any] = []
    for name in COLUMNS:
        if name == "extras":
            extras = region(name)
            added = b"".join(marshal.dumps(count + i, MARSHAL) + marshal.dumps(p.extra, MARSHAL)
                             for i, p in enumerate(tail) if p.extra)
            blobs.append(_Concat(_Region(extras.handle, extras.offset, extras.length - 1),
                                 added + b"0") if added else extras)
            continue
        blobs.append(_ListAppend(region(name), count,
                                 [marshal.dumps(_item(name, p), MARSHAL) for p in tail]))
    records = [marshal.dumps((p.key, p.title, p.venue, p.year, _item("links", p), p.extra,
                              p.line), MARSHAL) for p in tail]
    end = encoded["row_offsets"].cast("Q")[count]
    ends = []
    for record in records:
        end += len(record)
        ends.append(end.to_bytes(8, "little"))
    blobs.append(_Concat(region("rows"), *records))
    blobs.append(_Concat(region("row_offsets"), *ends))
    payload = _assemble(before.texts, venues, before.problems, [*COLUMNS, "rows", "row_offsets"],
                        blobs)
    _store(path, stat, payload)


def remember(path: Path, snapshot: Snapshot) -> None:
    """After a write whose result is ``snapshot``: cache it under the file's new stamp."""
    try:
        stat = path.stat()
    except OSError:
        return
    if use_cache(stat):
        write_cache(path, stat, snapshot)
