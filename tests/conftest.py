from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEED = TESTS / "data" / "seed-2023.md"
"""A byte copy of ../shared/seed/000_17845ae2e3789e06.txt: the list as it stood in 2023."""
CATALOG = REPO / "data" / "papers.toml"


@pytest.fixture(autouse=True)
def _fixed_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Rich output of a fixed width and no colour, whatever terminal runs the tests; caches
    in a folder of the test run, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache-home"))
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("SNN_PAPERS_CATALOG", raising=False)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalog."""
    path = tmp_path / "papers.toml"
    shutil.copyfile(CATALOG, path)
    return path
