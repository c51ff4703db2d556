"""``diff OLD NEW``: what a change does to a list, for the reviewer of a pull request.

OLD and NEW are each a catalog (``.toml``), a README (``.md``, read as ``import`` reads
it), or a file at a git revision (``REV:path``, read with ``git show``).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from awesome_snn.diffing import CatalogDiff, diff_catalogs
from awesome_snn.errors import ImportFailed, InvalidInput
from awesome_snn.model import Catalog
from awesome_snn.problems import Problem

FORMATS = ("text", "markdown")


@dataclass(frozen=True)
class DiffResult:
    old: str
    new: str
    diff: CatalogDiff
    format: str = "text"
    problems: tuple[Problem, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 when the change adds or edits only; 1 when it removes papers (a second look)."""
        return 1 if self.diff.removes else 0


def _git_show(spec: str) -> bytes:
    revision, _colon, path = spec.partition(":")
    try:
        result = subprocess.run(["git", "show", f"{revision}:{path}"], capture_output=True,
                                timeout=60, check=False)
    except FileNotFoundError:
        raise InvalidInput(f"{spec}: git is not installed, so a revision cannot be read") from None
    if result.returncode != 0:
        reason = result.stderr.decode("utf-8", "replace").strip().splitlines()
        why = reason[-1] if reason else "no such revision or file"
        raise InvalidInput(f"{spec}: git cannot show it ({why})")
    return result.stdout


def _is_revision(spec: str) -> bool:
    """``REV:path`` (and not a Windows drive or a file whose name holds a colon)."""
    head, colon, tail = spec.partition(":")
    return bool(colon and head and tail and not Path(spec).exists() and len(head) > 1)


def load(spec: str) -> tuple[Catalog, tuple[Problem, ...]]:
    """The catalog ``spec`` names (see the module docstring) and its problems."""
    from awesome_snn import catalog as catalogs

    name = spec.partition(":")[2] if _is_revision(spec) else spec
    if _is_revision(spec):
        data = _git_show(spec)
    else:
        path = Path(spec)
        if not path.is_file():
            raise InvalidInput(f"{spec}: no such file (give a catalog .toml, a README .md, or"
                               " REV:path for a file at a git revision)")
        data = path.read_bytes()
    if name.lower().endswith((".md", ".markdown")):
        from awesome_snn.markdown_import import import_markdown

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportFailed(f"{spec}: not UTF-8 text; save the file as UTF-8") from None
        try:
            return import_markdown(text).catalog, ()
        except ImportFailed as exc:
            raise ImportFailed(f"{spec}: {exc}") from None
    view = catalogs.read_bytes(data, spec)
    return view.catalog(), view.problems


def diff(old: str, new: str, fmt: str = "text") -> DiffResult:
    if fmt not in FORMATS:
        raise InvalidInput(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    before, old_problems = load(old)
    after, new_problems = load(new)
    return DiffResult(old, new, diff_catalogs(before, after), fmt, old_problems + new_problems)
