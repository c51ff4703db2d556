"""Reading and replacing files safely.

Every file snn-papers writes (the catalog, an export, the cache) is written to a temporary
file in the same folder, flushed and fsynced, then renamed over the old one: a reader, a
crash or a full disk leaves the old file or the new one, never a mix. A symlink is followed
(the link's target receives the change and the link stays); permissions are kept.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from awesome_snn.errors import CatalogError, WriteFailed

MAX_CATALOG_BYTES = 1 << 30
"""A catalog larger than this is refused (far more than any list of papers needs)."""
TEMP_PREFIX = ".snn-papers-"
TEMP_SUFFIX = ".tmp"


def read_catalog_bytes(path: Path) -> bytes:
    """The catalog's bytes; a clear ``CatalogError`` for anything that is not a readable
    regular file of sane size (a folder, a FIFO, a device...)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise CatalogError(f"{path}: no such catalog; create one with `snn-papers init {path}`"
                           " or pass --catalog PATH") from None
    except IsADirectoryError:
        raise CatalogError(f"{path}: is a folder, not a catalog file; pass the .toml file") from None
    except PermissionError:
        raise CatalogError(f"{path}: permission denied reading the catalog") from None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise CatalogError(f"{path}: is a folder, not a catalog file; pass the .toml file")
        if not stat.S_ISREG(info.st_mode):
            raise CatalogError(f"{path}: is not a regular file; pass the catalog's .toml file")
        if info.st_size > MAX_CATALOG_BYTES:
            raise CatalogError(f"{path}: is {info.st_size} bytes, larger than a catalog may be"
                               f" ({MAX_CATALOG_BYTES} bytes)")
        return read_all(fd, path)
    except IsADirectoryError:
        raise CatalogError(f"{path}: is a folder, not a catalog file; pass the .toml file") from None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog ({exc.strerror})") from None
    finally:
        os.close(fd)


def read_all(fd: int, path: Path) -> bytes:
    """Every byte of the open file ``fd``, from its start."""
    chunks, offset = [], 0
    try:
        while True:
            chunk = os.pread(fd, 1 << 24, offset)
            if not chunk:
                break
            chunks.append(chunk)
            offset += len(chunk)
            if offset > MAX_CATALOG_BYTES:
                raise CatalogError(f"{path}: is larger than a catalog may be ({MAX_CATALOG_BYTES} bytes)")
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog ({exc.strerror})") from None
    return b"".join(chunks)


def stat_catalog(path: Path) -> os.stat_result:
    """The catalog's stat; the same clear errors as ``read_catalog_bytes``."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CatalogError(f"{path}: no such catalog; create one with `snn-papers init {path}`"
                           " or pass --catalog PATH") from None
    except PermissionError:
        raise CatalogError(f"{path}: permission denied reading the catalog") from None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise CatalogError(f"{path}: is a folder, not a catalog file; pass the .toml file")
    if not stat.S_ISREG(info.st_mode):
        raise CatalogError(f"{path}: is not a regular file; pass the catalog's .toml file")
    return info


def real_path(path: Path) -> Path:
    """Where a write to ``path`` must go: the final target of any symlinks."""
    return Path(os.path.realpath(path))


def write_reason(exc: OSError) -> str:
    return {
        errno.ENOSPC: "the disk is full",
        errno.EFBIG: "the file is larger than this system allows",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the folder does not exist",
    }.get(exc.errno or 0, exc.strerror or str(exc))


def check_writable(path: Path) -> None:
    """Refuse, before any work, a catalog that may not be changed: the file itself is
    read-only, or its folder does not let a new file replace it."""
    target = real_path(path)
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = 0
    # No write bit at all means "do not change this file", for root as for anyone.
    if not os.access(target, os.W_OK) or not mode & 0o222:
        raise WriteFailed(f"{path}: the catalog file is read-only (permission denied); nothing"
                          " was changed")
    try:
        links = os.stat(target).st_nlink
    except OSError:
        links = 1
    if links > 1:
        raise WriteFailed(f"{path}: the catalog file has {links} hard links; a safe write"
                          " replaces the file, which would leave the other names with the old"
                          " catalog. Use a symlink instead (or a copy); nothing was changed")
    folder = target.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteFailed(f"{folder}: the catalog's folder is read-only (permission denied), so"
                          f" {path.name} cannot be replaced safely; nothing was changed")


@dataclass(frozen=True)
class Region:
    """Bytes of an open file, copied into the new file by the kernel: a change to one paper
    of a large catalog never pushes the rest of it through this process."""

    fd: int
    offset: int
    length: int


def _copy_region(region: Region, out: int) -> None:
    offset, left = region.offset, region.length
    use_kernel = hasattr(os, "copy_file_range")
    while left > 0:
        if use_kernel:
            try:
                copied = os.copy_file_range(region.fd, out, left, offset)
            except OSError as exc:
                if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
                    raise
                use_kernel = False
                continue
        else:
            chunk = os.pread(region.fd, min(left, 1 << 22), offset)
            copied = os.write(out, chunk) if chunk else 0
        if copied <= 0:
            raise OSError(errno.EIO, "the catalog ended while it was being copied")
        offset += copied
        left -= copied


def _write_all(out: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(out, view):]


def atomic_write(path: Path, data: bytes | str | Iterable[str | bytes | Region], *,
                 exclusive: bool = False) -> None:
    """Replace ``path`` (its symlink target) with ``data`` all at once. With ``exclusive``
    the file must not exist yet (it is linked into place, never over another file)."""
    if isinstance(data, str):
        pieces: Iterable[bytes | Region] = (data.encode("utf-8"),)
    elif isinstance(data, bytes):
        pieces = (data,)
    else:
        pieces = (piece.encode("utf-8") if isinstance(piece, str) else piece for piece in data)
    target = real_path(path)
    if target.is_dir():
        raise WriteFailed(f"{path}: is a folder; give a file name")
    folder = target.parent
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write ({write_reason(exc)})") from None
    tmp = folder / f"{TEMP_PREFIX}{target.name}.{os.getpid()}.{os.urandom(4).hex()}{TEMP_SUFFIX}"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        what = "folder" if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else "file"
        where = folder if what == "folder" else path
        raise WriteFailed(f"{where}: cannot write ({write_reason(exc)}); nothing was changed") from None
    done = False
    try:
        try:
            for piece in pieces:
                if isinstance(piece, Region):
                    _copy_region(piece, fd)
                else:
                    _write_all(fd, piece)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(tmp, mode)
        if exclusive:
            os.link(tmp, target)  # fails if the file appeared meanwhile
        else:
            os.replace(tmp, target)
            done = True
        fsync_folder(folder)
    except FileExistsError:
        raise WriteFailed(f"{path}: already exists; nothing was written") from None
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write ({write_reason(exc)}); nothing was changed") from None
    finally:
        if not done:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_leftovers(folder: Path, name: str) -> None:
    """Temp files a killed writer of ``name`` left in ``folder`` (called under the lock,
    when no other writer of the file can be running)."""
    prefix = f"{TEMP_PREFIX}{name}."
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for entry in entries:
        if entry.startswith(prefix) and entry.endswith(TEMP_SUFFIX):
            with contextlib.suppress(OSError):
                os.unlink(folder / entry)


def write_output(path: Path, text: str | Iterable[str]) -> None:
    """Write a file a command produces (an export), atomically, making its folder."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteFailed(f"{path.parent}: cannot create the folder ({write_reason(exc)})") from None
    atomic_write(path, text)
