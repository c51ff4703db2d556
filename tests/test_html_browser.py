"""The exported page in a real headless Chromium: typing, choosing and toggling filter the
papers a reader sees, the URL keeps the filter, and hostile titles stay text.

Skipped where no browser is installed, except under CI (``CI`` set), where a missing browser
fails: .ci/run installs Debian's chromium and chromium-driver so these tests really run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser import chromium, require_browser
from conftest import CATALOG
from hostile_catalog import HOSTILE, HOSTILE_TITLES

from awesome_snn.catalog import open_catalog
from awesome_snn.html_render import render_html

REAL = open_catalog(CATALOG).catalog()
OPTICAL_FLOW = [
    "Optical Flow Estimation for Spiking Camera",
    "Learning Optical Flow from Continuous Spike Streams",
    "Spatio-Temporal Recurrent Networks for Event-Based Optical Flow Estimation",
]
"""The real catalog's optical-flow papers, in page order (2022: CVPR, NeurIPS, then AAAI)."""


@pytest.fixture(scope="module")
def browser_installed() -> None:
    require_browser()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("site")
    urls = {}
    for name, catalog in (("real", REAL), ("hostile", HOSTILE)):
        path = folder / f"{name}.html"
        path.write_text(render_html(catalog), encoding="utf-8")
        urls[name] = Path(path).as_uri()
    return urls


def _by(kind: str) -> Any:
    from selenium.webdriver.common.by import By

    return getattr(By, kind)


def _open(driver: Any, url: str) -> None:
    driver.get_log("browser")  # forget the previous page's console
    driver.get(url)
    _settled(driver)


def _settled(driver: Any) -> None:
    """Wait until the page has filtered for what its controls hold now (the script marks the
    body with the state it last applied), so no assertion races an input event."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(lambda d: d.execute_script(
        "var b = document.body.getAttribute('data-filtered');"
        "return b === JSON.stringify([document.getElementById('q').value,"
        " document.getElementById('venue').value, document.getElementById('year').value,"
        " document.getElementById('code').checked]);"))


def _visible_titles(driver: Any) -> list[str]:
    """The titles a reader sees: laid out and rendered (the browser's own visibility test, in
    one round trip rather than one WebDriver call per paper)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('li.paper .title'))"
        ".filter(function (e) { return e.checkVisibility({visibilityProperty: true}); })"
        ".map(function (e) { return e.innerText; });")


def _visible_sections(driver: Any) -> list[tuple[str, str]]:
    return [tuple(pair) for pair in driver.execute_script(
        "return Array.from(document.querySelectorAll('section.venue, section.year'))"
        ".filter(function (s) { return s.checkVisibility(); })"
        ".map(function (s) { return [s.id, s.querySelector('.count').innerText]; });")]


def _type(driver: Any, text: str) -> None:
    box = driver.find_element(_by("ID"), "q")
    box.clear()
    box.send_keys(text)
    _settled(driver)


def _csp_violations(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser")
            if "Content Security Policy" in e["message"]]


def _titles_where(predicate: Any) -> list[str]:
    return [p.title for _y, venues in REAL.sections() for _v, papers in venues for p in papers
            if predicate(p)]


def test_page_runs_its_script_and_style_under_its_csp_and_shows_every_paper(
        driver: Any, pages: dict[str, str]) -> None:
    _open(driver, pages["real"])
    assert driver.find_element(_by("ID"), "filters").is_displayed()
    assert driver.execute_script(
        "return getComputedStyle(document.querySelector('.bar')).position") == "sticky"
    assert len(_visible_titles(driver)) == 93
    assert driver.find_element(_by("ID"), "status").text == "Showing all 93 papers."
    assert _csp_violations(driver) == []


@pytest.mark.parametrize("query", [
    "optical flow", "OPTICAL   flow", "flow optical", "Optical-Flow"])
def test_typing_a_query_shows_exactly_the_papers_matching_every_word(
        driver: Any, pages: dict[str, str], query: str) -> None:
    _open(driver, pages["real"])
    _type(driver, query)
    assert _visible_titles(driver) == OPTICAL_FLOW
    assert driver.find_element(_by("ID"), "status").text == "Showing 3 of 93 papers."
    assert _visible_sections(driver) == [
        ("2022", "3 papers"), ("2022-cvpr", "1 paper"), ("2022-neurips", "1 paper"),
        ("2022-aaai", "1 paper")]


def test_query_words_match_venue_and_year_too(driver: Any, pages: dict[str, str]) -> None:
    _open(driver, pages["real"])
    _type(driver, "iclr 2023")
    assert _visible_titles(driver) == _titles_where(lambda p: p.venue == "ICLR" and p.year == 2023)
    _type(driver, "zzzz")
    assert _visible_titles(driver) == []
    assert driver.find_element(_by("ID"), "empty").is_displayed()


def test_venue_and_year_filters_show_only_that_venue_and_year(
        driver: Any, pages: dict[str, str]) -> None:
    from selenium.webdriver.support.ui import Select

    _open(driver, pages["real"])
    Select(driver.find_element(_by("ID"), "venue")).select_by_value("ICLR")
    _settled(driver)
    assert _visible_titles(driver) == _titles_where(lambda p: p.venue == "ICLR")
    assert _visible_sections(driver) == [
        ("2023", "5 papers"), ("2023-iclr", "5 papers"),
        ("2022", "4 papers"), ("2022-iclr", "4 papers")]
    Select(driver.find_element(_by("ID"), "year")).select_by_value("2022")
    _settled(driver)
    assert _visible_titles(driver) == _titles_where(lambda p: p.venue == "ICLR" and p.year == 2022)
    assert driver.find_element(_by("ID"), "status").text == "Showing 4 of 93 papers."


def test_has_code_toggle_shows_only_papers_with_code_from_the_keyboard(
        driver: Any, pages: dict[str, str]) -> None:
    from selenium.webdriver.common.keys import Keys

    _open(driver, pages["real"])
    driver.find_element(_by("ID"), "code").send_keys(Keys.SPACE)
    _settled(driver)
    assert _visible_titles(driver) == _titles_where(lambda p: p.has_code)
    assert len(_visible_titles(driver)) == 34
    driver.find_element(_by("ID"), "clear").click()
    _settled(driver)
    assert len(_visible_titles(driver)) == 93


def test_filter_state_is_written_to_the_url_and_restored_from_it(
        driver: Any, pages: dict[str, str]) -> None:
    _open(driver, pages["real"])
    _type(driver, "optical flow")
    driver.find_element(_by("ID"), "code").click()
    _settled(driver)
    assert driver.current_url == pages["real"] + "?q=optical+flow&code=1"
    expected = _titles_where(lambda p: p.has_code and p.title in OPTICAL_FLOW)
    assert len(expected) == 2
    _open(driver, pages["real"] + "?q=optical+flow&code=1")
    assert driver.find_element(_by("ID"), "q").get_attribute("value") == "optical flow"
    assert driver.find_element(_by("ID"), "code").is_selected()
    assert _visible_titles(driver) == expected
    _open(driver, pages["real"] + "?venue=ECCV&year=2022&venue=nonsense")
    assert _visible_titles(driver) == _titles_where(lambda p: p.venue == "ECCV")
    _open(driver, pages["real"] + "?venue=not-a-venue")
    assert len(_visible_titles(driver)) == 93


def test_slash_focuses_the_search_box_but_types_a_slash_inside_it(
        driver: Any, pages: dict[str, str]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(driver, pages["real"])
    ActionChains(driver).send_keys("/").perform()
    box = driver.switch_to.active_element
    assert box.get_attribute("id") == "q" and box.get_attribute("value") == ""
    box.send_keys("ann/snn")
    assert box.get_attribute("value") == "ann/snn"
    order = []
    for _ in range(4):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        order.append(driver.switch_to.active_element.get_attribute("id"))
    assert order == ["venue", "year", "code", "clear"]


def test_hostile_titles_show_as_text_and_nothing_runs(driver: Any, pages: dict[str, str]) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    _open(driver, pages["hostile"])
    assert _visible_titles(driver) == HOSTILE_TITLES
    assert driver.title == HOSTILE.texts.title
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 (reading it is the check)
    assert driver.execute_script("return document.scripts.length") == 1
    assert _csp_violations(driver) == []
    _type(driver, "<img onerror")
    assert _visible_titles(driver) == ["<img src=x onerror=alert(1)>"]


def test_without_javascript_every_paper_shows_and_the_filters_do_not(
        browser_installed: None, pages: dict[str, str]) -> None:
    with chromium(390, 844, javascript=False) as browser:
        browser.get(pages["real"])
        assert not browser.find_element(_by("ID"), "filters").is_displayed()
        assert len(_visible_titles(browser)) == 93
        assert browser.find_element(_by("ID"), "status").text == "93 papers."
        assert browser.find_element(_by("TAG_NAME"), "body").get_attribute("data-filtered") is None


# --- the shipped catalog: the newest list, its own texts, the first screen --------------------

@pytest.fixture(scope="module")
def shipped_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    from conftest import SHIPPED

    path = tmp_path_factory.mktemp("shipped") / "index.html"
    path.write_text(render_html(open_catalog(SHIPPED).catalog()), encoding="utf-8")
    return path.as_uri()


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_the_search_box_and_filters_are_in_the_first_screen(
        browser_installed: None, shipped_page: str, width: int, height: int) -> None:
    """The newest list's introduction and abbreviation table no longer push the search down
    (it stood ~780 px down on a desktop, ~1,400 px on a phone)."""
    with chromium(width, height) as browser:
        _open(browser, shipped_page)
        for control in ("q", "venue", "year", "code"):
            box = browser.execute_script(
                "var r = document.getElementById(arguments[0]).getBoundingClientRect();"
                "return [r.top, r.bottom, r.width, r.height];", control)
            assert box[2] > 0 and box[3] > 0, control  # shown
            assert box[0] >= 0 and box[1] <= height, (control, box)
        assert browser.execute_script("return window.scrollY") == 0


def test_the_lists_note_renders_as_a_blockquote_and_its_table_as_a_table(
        browser_installed: None, driver: Any, shipped_page: str) -> None:
    _open(driver, shipped_page)
    note = driver.find_element(_by("CSS_SELECTOR"), ".intro blockquote")
    assert note.is_displayed()
    assert note.find_element(_by("CSS_SELECTOR"), ".alert-title").text == "Note"
    assert "Welcome anyone who is interested" in note.text
    assert "[!NOTE]" not in driver.find_element(_by("CSS_SELECTOR"), ".intro").text
    assert driver.execute_script(
        "return getComputedStyle(arguments[0]).borderLeftStyle", note) == "solid"
    cells = driver.find_elements(_by("CSS_SELECTOR"), ".intro table td")
    assert "IEEE Conference on Computer Vision and Pattern Recognition" in [c.text for c in cells]


def test_the_shipped_page_filters_the_newest_list(browser_installed: None, driver: Any,
                                                  shipped_page: str) -> None:
    from conftest import NEWEST_LIST
    from selenium.webdriver.support.ui import Select

    _open(driver, shipped_page)
    assert len(_visible_titles(driver)) == 469  # the newest list's distinct entries
    Select(driver.find_element(_by("ID"), "year")).select_by_value("2026")
    _settled(driver)
    readme = NEWEST_LIST.read_text(encoding="utf-8")
    year_2026 = readme[readme.index("\n# 2026"):readme.index("\n# 2025")]
    items = [" ".join(line[2:].split(" [[")[0].split()) for line in year_2026.splitlines()
             if line.startswith("- ")]  # spaces collapsed, as a title is stored and shown
    assert _visible_titles(driver) == items
