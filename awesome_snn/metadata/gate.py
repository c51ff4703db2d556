"""The rate gate: at most one request to a service every ``interval`` seconds, counted from
the end of one request to the start of the next, across every snn-papers process of the
user (two ``add`` commands run together are still one polite client).

The time of the last request's end is kept in a small file beside the cache, under an
exclusive lock (``fcntl.flock``) held for the whole request, so requests to one service are
also one at a time. Where the folder or ``fcntl`` is missing, the gate holds within the
process only.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path


class RateGate:
    def __init__(self, path: Path | None, interval: float,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.path = path
        self.interval = interval
        self.sleep = sleep
        self._last = 0.0
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def passage(self) -> Iterator[None]:
        """Wait for the gate, hold it for one request, and note when the request ended."""
        if self.interval <= 0:
            yield
            return
        with self._lock, self._file_lock() as handle:
            last = max(self._last, _read(handle))
            now = time.time()
            if last > now + self.interval:  # the clock went back: forget the old time
                last = 0.0
            if now < last + self.interval:
                self.sleep(last + self.interval - now)
            try:
                yield
            finally:
                self._last = time.time()
                _write(handle, self._last)

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[int | None]:
        try:
            import fcntl
        except ImportError:  # Windows: this process only
            yield None
            return
        if self.path is None:
            yield None
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError:
            yield None
            return
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield handle
        finally:
            os.close(handle)  # closing releases the lock


def _read(handle: int | None) -> float:
    if handle is None:
        return 0.0
    try:
        os.lseek(handle, 0, os.SEEK_SET)
        return float(os.read(handle, 64).decode() or 0)
    except (OSError, ValueError):
        return 0.0


def _write(handle: int | None, when: float) -> None:
    if handle is None:
        return
    with contextlib.suppress(OSError):
        os.lseek(handle, 0, os.SEEK_SET)
        os.ftruncate(handle, 0)
        os.write(handle, repr(when).encode())
