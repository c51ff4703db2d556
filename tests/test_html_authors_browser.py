"""The page of a catalog with authors, in a real headless Chromium: each paper shows its
first three authors ("et al." for the rest), and typing an author's name finds their
papers (the page searches every author, not only the three shown).

Like tests/test_html_browser.py: skipped where no browser is installed, except under CI."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import CATALOG

from awesome_snn.catalog import open_catalog
from awesome_snn.html_render import render_html

SEED = open_catalog(CATALOG).catalog()
AUTHORS = {
    0: ("Kaushik Roy", "Abhronil Sengupta", "Priyadarshini Panda", "Gopalakrishnan Srinivasan"),
    1: ("Timothée Masquelier",),
    2: ("Wei Fang", "Zhaofei Yu", "Yonghong Tian"),
}
"""Authors given to the seed's first three papers: four (so one is behind "et al."), one
with an accent, three."""
CATALOG_WITH_AUTHORS = replace(SEED, papers=tuple(
    replace(paper, authors=AUTHORS.get(index, ())) for index, paper in enumerate(SEED.papers)))


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("site") / "index.html"
    path.write_text(render_html(CATALOG_WITH_AUTHORS), encoding="utf-8")
    return Path(path).as_uri()


def _find(driver: Any, text: str) -> list[str]:
    """The titles shown after typing ``text`` in the page's search box."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "var b = document.body.getAttribute('data-filtered');"
        "return b !== null && JSON.parse(b)[0] === document.getElementById('q').value;"))
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('li.paper .title'))"
        ".filter(function (e) { return e.checkVisibility({visibilityProperty: true}); })"
        ".map(function (e) { return e.innerText; });")


def test_the_page_shows_three_authors_then_et_al(driver: Any, page: str) -> None:
    driver.get(page)
    shown = driver.execute_script(
        "return Array.from(document.querySelectorAll('li.paper .authors')).map(function (e) {"
        " return [e.closest('li').querySelector('.title').innerText, e.innerText]; });")
    titles = [paper.title for paper in SEED.papers]
    assert dict(shown) == {titles[0]: "Kaushik Roy, Abhronil Sengupta, Priyadarshini Panda et al.",
                           titles[1]: "Timothée Masquelier",
                           titles[2]: "Wei Fang, Zhaofei Yu, Yonghong Tian"}


@pytest.mark.parametrize(("query", "index"), [
    ("kaushik roy", 0), ("Srinivasan", 0),  # the fourth author, behind "et al."
    ("timothee masquelier", 1), ("MASQUELIER", 1), ("yonghong tian", 2)])
def test_typing_an_authors_name_finds_their_paper(driver: Any, page: str, query: str, index: int) -> None:
    driver.get(page)
    assert _find(driver, query) == [SEED.papers[index].title]
