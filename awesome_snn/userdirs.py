"""Where snn-papers keeps its caches: the user cache folder.

On Linux that is ``$XDG_CACHE_HOME/snn-papers`` (else ``~/.cache/snn-papers``), computed here
directly because the quick start-up paths (``--help``, ``search``) cannot spare the few
milliseconds platformdirs takes to import; elsewhere platformdirs knows the right place.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_folder() -> Path:
    if sys.platform.startswith("linux"):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
        return root / "snn-papers"
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("snn-papers", appauthor=False))
