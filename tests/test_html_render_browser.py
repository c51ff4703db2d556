"""The page's keyboard, in a real headless Chromium (tests/browser.py): Escape in the search
box clears it and shows every paper again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import CATALOG

from awesome_snn.catalog import open_catalog
from awesome_snn.html_render import render_html

REAL = open_catalog(CATALOG).catalog()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("site") / "index.html"
    path.write_text(render_html(REAL), encoding="utf-8")
    return Path(path).as_uri()


def _state(driver: Any) -> list[Any]:
    """What the page last filtered for (the script marks it on the body), the search box's
    value, and how many papers show."""
    return driver.execute_script(
        "return [JSON.parse(document.body.getAttribute('data-filtered')),"
        " document.getElementById('q').value,"
        " Array.from(document.querySelectorAll('li.paper'))"
        ".filter(function (e) { return e.checkVisibility(); }).length,"
        " location.search + location.hash];")


def _wait(driver: Any, predicate: Any) -> list[Any]:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: predicate(_state(d)))
    return _state(driver)


def test_escape_clears_the_search_box_and_shows_every_paper(driver: Any, page: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(page)
    everyone = len(REAL.papers)
    _wait(driver, lambda s: s[2] == everyone)
    box = driver.find_element(By.ID, "q")
    box.send_keys("optical flow")
    typed = _wait(driver, lambda s: s[0][0] == "optical flow")
    assert typed[1:3] == ["optical flow", 3]
    # The page's own handler clears the box (on keydown, before any browser default), and
    # filters again, so the state it marks and the URL follow at once.
    driver.execute_script(
        "var q = document.getElementById('q');"
        "q.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));")
    cleared = _state(driver)
    assert cleared[0][0] == "" and cleared[1] == "" and cleared[2] == everyone
    assert "optical" not in cleared[3]
    # And a real key press does the same.
    box.send_keys("spikformer")
    _wait(driver, lambda s: s[0][0] == "spikformer")
    box.send_keys(Keys.ESCAPE)
    assert _wait(driver, lambda s: s[0][0] == "")[1:3] == ["", everyone]
