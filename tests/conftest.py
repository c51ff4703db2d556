from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
SEED = TESTS / "data" / "seed-2023.md"
"""A byte copy of ../shared/seed/000_17845ae2e3789e06.txt: the list as it stood in 2023."""
CATALOG = TESTS / "data" / "seed-catalog.toml"
"""The 93-paper catalog of the seed (what data/papers.toml held until the list was brought
up to date): the fixture of the tests about particular papers, orders and pinned outputs."""
SHIPPED = REPO / "data" / "papers.toml"
"""The catalog shipped in the package: the newest MIT list, imported."""
NEWEST_LIST = TESTS / "data" / "awesome-snn-conference-paper.md"
"""A byte copy of the newest README of the list the seed came from (MIT, with its LICENSE)."""
THEBRAINLAB = TESTS / "data" / "thebrainlab-excerpt.md"
YFGUO91 = TESTS / "data" / "yfguo91-excerpt.md"


@pytest.fixture(autouse=True)
def _fixed_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Rich output of a fixed width and no colour, whatever terminal runs the tests; caches
    in a folder of the test run, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache-home"))
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.delenv("SNN_PAPERS_CATALOG", raising=False)


PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                   "ALL_PROXY", "no_proxy", "NO_PROXY")


@pytest.fixture(autouse=True, scope="session")
def _no_proxy() -> Iterator[None]:
    """Every test talks to its own local servers directly, whatever proxy the machine that
    runs the suite sets (a dead proxy must fail no test): the proxy variables are cleared
    for the whole run, before any fixture (the browser's driver, a module's server) starts,
    for this process and the commands it starts."""
    with pytest.MonkeyPatch.context() as patch:
        for name in PROXY_VARIABLES:
            patch.delenv(name, raising=False)
        yield


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def catalog_file(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalog."""
    path = tmp_path / "papers.toml"
    shutil.copyfile(CATALOG, path)
    return path


def pytest_collection_finish(session: pytest.Session) -> None:
    """The install test's fresh venv and ``pip install .`` take seconds: begun as soon as the
    test is collected, they run in the background (on the machine's other core) while the
    rest of the suite runs, so the suite takes no longer for them. Under pytest-xdist every
    worker collects every test, so there the test begins the install itself, on whichever
    worker it lands, while the other worker goes on."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if any(item.path.name == "test_install.py" for item in session.items):
        from cli_helpers import start_install

        start_install()


@pytest.fixture
def seed_catalog(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Commands run without --catalog read a copy of the 93-paper seed catalog
    ($SNN_PAPERS_CATALOG), not the shipped one: for the tests whose expected papers, counts
    and orders are the seed's. A copy, so that a command that writes never changes the
    fixture."""
    folder = tmp_path_factory.mktemp("seed-catalog")
    path = folder / "papers.toml"
    shutil.copyfile(CATALOG, path)
    monkeypatch.setenv("SNN_PAPERS_CATALOG", str(path))
    return path


@pytest.fixture(scope="module")
def driver() -> Iterator[object]:
    """A headless Chromium at a desktop's 1280x900, one per test module (the browser tests
    fail when it is missing, unless the run opts out: ``browser.require_browser``)."""
    from browser import chromium, require_browser

    require_browser()
    with chromium(1280, 900) as browser:
        yield browser
