"""README's first line, for real: a fresh venv, a non-editable ``pip install .`` of this
repository (pip builds the wheel; dependencies come from the package index), and the
installed ``snn-papers`` console script run from another folder, on the catalog shipped
inside the package. The install starts in the background when this file is collected
(tests/conftest.py), so it costs the suite little time."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cli_helpers import installed_script
from conftest import SHIPPED

import awesome_snn


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items()
           if name not in ("PYTHONPATH", "SNN_PAPERS_CATALOG", "VIRTUAL_ENV")}
    return subprocess.run([str(installed_script()), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder outside the repository, with no catalog of its own."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / ".git").mkdir()  # a repository root: no list catalog is looked for above it
    return folder


def test_readme_first_line_searches_the_catalog_shipped_in_the_package(elsewhere: Path) -> None:
    result = _run("search", "spiking", "transformer", cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert "Spiking Transformer" in result.stdout  # the newest list has many, 2023 to 2026
    assert result.stderr == ""


def test_the_install_is_a_copy_with_the_catalog_and_the_page_inside(elsewhere: Path) -> None:
    script = installed_script()
    python = script.parent / "python"
    where = subprocess.run([str(python), "-c", "import awesome_snn; print(awesome_snn.__file__)"],
                           cwd=elsewhere, capture_output=True, text=True, check=True).stdout.strip()
    package = Path(where).parent
    assert package.is_relative_to(script.parent.parent), where  # inside the venv: not editable
    assert (package / "data" / "papers.toml").read_bytes() == SHIPPED.read_bytes()
    version = _run("--version", cwd=elsewhere)
    assert version.returncode == 0 and awesome_snn.__version__ in version.stdout
    shown = _run("show", "spikformer-2023", "--json", cwd=elsewhere)
    assert shown.returncode == 0 and '"spikformer-2023"' in shown.stdout
    page = _run("export", "--format", "html", "-o", "site/index.html", cwd=elsewhere)
    assert page.returncode == 0, page.stderr
    html = (elsewhere / "site" / "index.html").read_text(encoding="utf-8")
    assert "Spikformer" in html and "<script>" in html  # the page's own script, shipped


def test_writes_to_the_shipped_catalog_are_refused(elsewhere: Path) -> None:
    before = SHIPPED.read_bytes()
    result = _run("remove", "spikformer-2023", "--yes", cwd=elsewhere)
    assert result.returncode == 2 and "--catalog" in result.stderr, result.stderr
    assert SHIPPED.read_bytes() == before
