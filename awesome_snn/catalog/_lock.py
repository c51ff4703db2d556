"""The writers' lock: one per catalog FILE, whatever name it is reached by.

The lock file lives in the user cache folder, named after the catalog's device and inode,
so a symlink, its target and a hard link share one lock, and nothing is left in the list's
folder. Every write replaces the catalog (a new inode, and inode numbers are reused), so a
writer that replaced the catalog removes the old lock file, and after taking a lock a writer
checks both that its lock file is still the one of that name and that the catalog is still
the file it locked, and starts again when either is not.

Writers queue: the timeout applies to one holder (it restarts whenever the lock changes
hands), and the message names the process that holds it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from awesome_snn.errors import CatalogError, InvalidInput, LockTimeout, WriteFailed

ENV_TIMEOUT = "SNN_PAPERS_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 10.0


def lock_timeout() -> float:
    text = os.environ.get(ENV_TIMEOUT, "")
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value < 86400:
        raise InvalidInput(f"{ENV_TIMEOUT}={text!r}: give a number of seconds, e.g. 10")
    return value


def _identity(path: Path) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CatalogError(f"{path}: no such catalog; create one with `snn-papers init {path}`"
                           " or pass --catalog PATH") from None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog ({exc.strerror})") from None
    return info.st_dev, info.st_ino


def _lock_file(identity: tuple[int, int]) -> Path:
    from awesome_snn.catalog._dirs import private_folder

    try:
        folder = private_folder("locks")
    except OSError as exc:
        raise WriteFailed(f"cannot create a lock for the catalog ({exc})") from None
    return folder / f"{identity[0]:x}-{identity[1]:x}.lock"


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return text if text.isdigit() else ""


@contextmanager
def catalog_lock(path: Path, timeout: float | None = None) -> Iterator[Path]:
    """Hold the lock of the file ``path`` names; yields the lock file's path."""
    import fcntl

    timeout = lock_timeout() if timeout is None else timeout
    while True:
        identity = _identity(path)
        lock_path = _lock_file(identity)
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise WriteFailed(f"{lock_path}: cannot create the lock file ({exc.strerror})") from None
        try:
            holder, deadline = _holder(fd), time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    now_holder = _holder(fd)
                    if now_holder != holder:  # the lock changed hands: the queue moves
                        holder, deadline = now_holder, time.monotonic() + timeout
                    if time.monotonic() >= deadline:
                        who = f"process {holder}" if holder else "another snn-papers process"
                        raise LockTimeout(
                            f"{path}: {who} has been changing the catalog for over {timeout:g}s;"
                            f" wait for it to finish (or stop it), or set {ENV_TIMEOUT} to wait"
                            " longer") from None
                    time.sleep(0.01)
            if not _still_linked(fd, lock_path) or _identity(path) != identity:
                # The catalog was replaced while we waited (and its old lock file removed):
                # lock the file that is there now.
                continue
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
            try:
                yield lock_path
            finally:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                if _identity_or_none(path) != identity:
                    # The catalog was replaced: this lock file names a file that is gone.
                    with contextlib.suppress(OSError):
                        os.unlink(lock_path)
            return
        finally:
            os.close(fd)


def _still_linked(fd: int, lock_path: Path) -> bool:
    """Whether the lock file we hold is still the one its name leads to (a lock file whose
    catalog was replaced is removed, and a new one may have taken its name)."""
    try:
        held, named = os.fstat(fd), os.stat(lock_path)
    except OSError:
        return False
    return (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino)


def _identity_or_none(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino
