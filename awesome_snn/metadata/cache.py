"""What each service said about each question, kept in the user cache folder.

The cache holds parsed records (or "the service has no such paper"), one small JSON file a
question, keyed by the service and the question (an arXiv id, a forum id, a DOI, a folded
title). Records rather than raw bodies because arXiv is asked in batches: a batch's body
is useless once the next run asks for another set of ids, while each id's record is not.
Failures (unreachable, a bad answer) are never cached: the next run asks again. A file
that cannot be read, or is from another format, counts as absent.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from awesome_snn.metadata.record import Record

FORMAT = 1


@dataclass(frozen=True)
class Cached:
    record: Record | None
    """None: the service answered that it has no such paper."""


class Cache:
    """``folder`` None: a cache that keeps nothing (a folder that cannot be written)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def _path(self, service: str, key: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(f"{service}\0{key}".encode()).hexdigest()[:40]
        return self.folder / service / f"{digest}.json"

    def get(self, service: str, key: str) -> Cached | None:
        path = self._path(service, key)
        if path is None:
            return None
        try:
            data = json.loads(path.read_bytes())
            if data.get("format") != FORMAT or data.get("key") != key:
                return None
            record = data["record"]
            return Cached(None if record is None else Record.from_json(record))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, service: str, key: str, record: Record | None) -> None:
        """Kept atomically (a temporary file renamed); a cache that cannot be written is
        only slower, never an error."""
        path = self._path(service, key)
        if path is None:
            return
        data = json.dumps({"format": FORMAT, "service": service, "key": key,
                           "record": None if record is None else record.to_json()})
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(data)
            os.replace(temporary, path)
        except OSError:
            return
