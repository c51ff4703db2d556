"""The on-disk cache of parsed catalogs.

Parsing a large catalog's TOML is the slowest thing snn-papers does; its columns load from
the cache many times faster. One cache file per catalog file (by its real path) in the user
cache folder: one ``marshal`` blob per chunk of a column, then a header (what it was made from, the
list's texts and venues, the problems, where each column lies and its checksum).

A cache is used only when it PROVES it matches: the catalog's bytes must have the size and
both checksums (CRC-32 and Adler-32) recorded when it was made, whatever their timestamps
say, and it must have been made by this Python and this snn-papers. When the catalog is the
cached bytes plus new tables at the end (``add``, or a hand edit that appends), only the new
tables are parsed. Each column is stored in chunks of ``CHUNK`` rows, each its own blob with
its own checksum, so a command that shows a few papers (``search``'s twenty) decodes only
their chunks (``Stored.entry``), not every column whole. A small ``.stamp`` file beside the
cache records the catalog's stat once its bytes were proved and its times are old enough to
mean something; while the stat is unchanged the bytes need not be read again. A damaged
cache (a checksum that does not match, anything unreadable) is ignored and rebuilt. The
folder holds at most ``MAX_FILES`` caches, the least recently used evicted first.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from awesome_snn import __version__
from awesome_snn.catalog._columns import COLUMNS, decode_column, encode_column

CACHE_FORMAT = 7
"""Bumped when what the cache stores changes meaning (4: a paper may have no venue, "";
5: the meta column, authors and identifiers; 7: columns in chunks)."""
CHUNK = 256
"""Rows of a column in one stored chunk."""
MAGIC = b"SNNPCACHE2\n"
ENV_NO_CACHE = "SNN_PAPERS_NO_CACHE"
MAX_FILES = 32


def enabled() -> bool:
    return not os.environ.get(ENV_NO_CACHE)


def fingerprint(data: bytes | memoryview) -> tuple[int, int, int]:
    return len(data), zlib.crc32(data), zlib.adler32(data)


def _maker() -> tuple[Any, ...]:
    return (CACHE_FORMAT, sys.implementation.cache_tag, marshal.version, __version__)


def cache_file(real_path: Path) -> Path | None:
    from awesome_snn.catalog._dirs import private_folder

    try:
        folder = private_folder("catalogs")
    except OSError:
        return None
    raw = str(real_path).encode("utf-8", "surrogateescape")
    return folder / f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}.cache"


class Damaged(Exception):
    """A cache column whose bytes do not match their checksum."""


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Decoding or parsing creates hundreds of thousands of objects and no reference cycles:
    the cyclic collector would only walk them again and again."""
    enabled_before = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled_before:
            gc.enable()


class Stored:
    """A cache file as opened: its header; each column is read, its checksum checked and
    decoded only when a command asks for it (nothing else of the file is held)."""

    def __init__(self, file: Path, header: dict[str, Any], fd: int, body_start: int) -> None:
        self.file = file
        self.header = header
        self._fd = fd
        self._body_start = body_start
        self._chunks: dict[tuple[str, int], list[Any]] = {}

    def __del__(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            os.close(self._fd)

    def _region(self, name: str) -> bytes:
        """The stored bytes of every chunk of column ``name``, in order."""
        chunks = self.header["blobs"][name]
        start = chunks[0][0]
        length = chunks[-1][0] + chunks[-1][1] - start
        blob = os.pread(self._fd, length, self._body_start + start)
        if len(blob) != length:
            raise Damaged(name)
        return blob

    def contains(self, name: str, text: str) -> bool:
        """Whether the stored bytes of column ``name`` contain ``text`` (marshal keeps a
        string's characters as UTF-8): "no" answers without decoding the column."""
        try:
            blob = self._region(name)
        except (OSError, Damaged):
            return True
        return blob.find(text.encode("utf-8", "surrogatepass")) >= 0

    def _decode(self, name: str, number: int, blob: bytes | memoryview) -> list[Any]:
        _offset, length, crc = self.header["blobs"][name][number]
        if len(blob) != length or zlib.crc32(blob) != crc:
            raise Damaged(name)
        rows = min(CHUNK, self.header["count"] - number * CHUNK)
        try:
            return decode_column(name, marshal.loads(blob), rows)
        except Exception as exc:  # noqa: BLE001 - undecodable means damaged
            raise Damaged(name) from exc

    def column(self, name: str) -> list[Any]:
        try:
            region = memoryview(self._region(name))
        except OSError as exc:
            raise Damaged(name) from exc
        chunks = self.header["blobs"][name]
        start = chunks[0][0]
        column: list[Any] = []
        with no_gc():
            for number, (offset, length, _crc) in enumerate(chunks):
                column.extend(self._decode(name, number,
                                           region[offset - start:offset - start + length]))
        return column

    def entry(self, name: str, index: int) -> Any:
        """Row ``index`` of column ``name``, decoding only its chunk (kept for the next)."""
        number = index // CHUNK
        chunk = self._chunks.get((name, number))
        if chunk is None:
            offset, length, _crc = self.header["blobs"][name][number]
            try:
                blob = os.pread(self._fd, length, self._body_start + offset)
            except OSError as exc:
                raise Damaged(name) from exc
            with no_gc():
                chunk = self._chunks[name, number] = self._decode(name, number, blob)
        return chunk[index - number * CHUNK]


def read(real_path: Path) -> Stored | None:
    """The cache of the catalog at ``real_path``, or None when there is none or its header is
    damaged. Whether it matches the catalog's bytes is the caller's to judge."""
    file = cache_file(real_path)
    if file is None:
        return None
    try:
        fd = os.open(file, os.O_RDONLY)
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        if size < len(MAGIC) + 12 or os.pread(fd, len(MAGIC), 0) != MAGIC:
            raise ValueError("not a cache file")
        trailer = os.pread(fd, 12, size - 12)
        head_size = int.from_bytes(trailer[:8], "little")
        head_start = size - 12 - head_size
        if head_start < len(MAGIC):
            raise ValueError("bad header size")
        head = os.pread(fd, head_size, head_start)
        if zlib.crc32(head) != int.from_bytes(trailer[8:], "little"):
            raise ValueError("damaged header")
        header = marshal.loads(head)
        if header.get("maker") != _maker() or header.get("source") != str(real_path):
            raise ValueError("another maker or file")
        for chunks in header["blobs"].values():
            if not chunks or any(len(MAGIC) + offset + length > head_start
                                 for offset, length, _crc in chunks):
                raise ValueError("a column past the end")
    except Exception:  # noqa: BLE001 - any damage to a cache file means: rebuild it
        os.close(fd)
        return None
    with contextlib.suppress(OSError):
        os.utime(file)  # recently used: kept when the folder is trimmed
    return Stored(file, header, fd, len(MAGIC))


def stamp(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


SETTLED_NS = 2_000_000_000
"""A file time is trusted only once it is this far in the past: on file systems with
coarse timestamps a change within the same tick would leave it unchanged."""


def trusted(stored: Stored, info: os.stat_result) -> bool:
    """Whether the catalog is known to be the cached bytes without reading it: its stat
    matches the one recorded after its bytes were last checked against the cache."""
    try:
        recorded = marshal.loads(stored.file.with_suffix(".stamp").read_bytes())
    except Exception:  # noqa: BLE001
        return False
    return recorded == (stored.header["fingerprint"], stamp(info))


def trust(file: Path, fingerprint_: tuple[int, int, int], info: os.stat_result) -> None:
    """Record that the catalog with this stat holds the bytes cached in ``file``, when its
    times are old enough to mean it."""
    import time

    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < SETTLED_NS:
        return
    target = file.with_suffix(".stamp")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(marshal.dumps((fingerprint_, stamp(info))))
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write(real_path: Path, fingerprint_: tuple[int, int, int], header: dict[str, Any],
          columns: dict[str, list[Any]], info: os.stat_result | None = None) -> None:
    """Store a parsed catalog (whose file had the stat ``info`` before it was read, when
    known); a cache that cannot be written is simply skipped."""
    file = cache_file(real_path)
    if file is None or not enabled():
        return
    with contextlib.suppress(OSError):
        os.unlink(file.with_suffix(".stamp"))
    tmp = file.with_name(f".{file.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC)
            table, offset = {}, 0
            with no_gc():
                for name in COLUMNS:  # one chunk at a time: never every encoded column at once
                    column, chunks = columns[name], []
                    for start in range(0, max(len(column), 1), CHUNK):
                        blob = marshal.dumps(encode_column(name, column[start:start + CHUNK]))
                        chunks.append((offset, len(blob), zlib.crc32(blob)))
                        handle.write(blob)
                        offset += len(blob)
                        del blob
                    table[name] = tuple(chunks)
            head = marshal.dumps({**header, "maker": _maker(), "source": str(real_path),
                                  "fingerprint": fingerprint_, "blobs": table,
                                  "count": len(columns["keys"])})
            handle.write(head)
            handle.write(len(head).to_bytes(8, "little"))
            handle.write(zlib.crc32(head).to_bytes(4, "little"))
        os.replace(tmp, file)
    except (OSError, ValueError):  # not writable, or a value marshal cannot store (a date)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    if info is not None:
        trust(file, fingerprint_, info)
    _trim(file.parent)


def _trim(folder: Path) -> None:
    """Keep the ``MAX_FILES`` most recently used caches; remove stale temp files."""
    try:
        entries = [entry for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return
    caches = sorted((e for e in entries if e.name.endswith(".cache")),
                    key=lambda e: e.stat().st_mtime, reverse=True)
    for entry in caches[MAX_FILES:]:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
        with contextlib.suppress(OSError):
            os.unlink(entry.path[:-len(".cache")] + ".stamp")
    import time

    for entry in entries:
        if entry.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                if time.time() - entry.stat().st_mtime > 3600:
                    os.unlink(entry.path)
