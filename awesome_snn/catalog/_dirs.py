"""Where snn-papers keeps its own files: the user cache folder (platformdirs), for the
catalog cache and the writers' locks. Nothing is ever left beside a list's catalog."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_folder() -> Path:
    if sys.platform.startswith("linux"):
        # What platformdirs answers on Linux, without its import on every command.
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
        return root / "snn-papers"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("snn-papers", appauthor=False))


def private_folder(name: str) -> Path:
    """``name`` inside the cache folder, made if needed (mode 0700); a per-user folder in
    the temp folder when the cache folder cannot be written."""
    for root in (cache_folder(), None):
        if root is None:  # the cache folder cannot be written: a per-user temp folder
            import tempfile

            user = f"-{os.getuid()}" if hasattr(os, "getuid") else ""
            root = Path(tempfile.gettempdir()) / f"snn-papers{user}"
        folder = root / name
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if os.access(folder, os.W_OK | os.X_OK):
                return folder
        except OSError:
            continue
    raise OSError(f"no writable folder for snn-papers' {name}")
