"""The package's structure, as written in pyproject.toml's import-linter contracts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "awesome_snn"


def test_the_import_linter_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "--no-cache", "--config", str(REPO / "pyproject.toml")],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_only_the_cli_and_the_renderer_import_typer_or_rich() -> None:
    importers = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                       if re.search(r"^\s*(import (typer|rich|click)|from (typer|rich|click)[. ])",
                                    path.read_text(encoding="utf-8"), re.M))
    assert importers == ["cli.py", "render.py"]


def test_the_old_second_paths_are_gone() -> None:
    for name in ("entry.py", "adding.py", "results_table.py", "lookup.py", "operations.py",
                 "store.py", "snapshot.py"):
        assert not (PACKAGE / name).exists(), name
