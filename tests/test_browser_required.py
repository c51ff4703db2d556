"""A missing browser fails the browser tests, unless the run opts out explicitly."""

from __future__ import annotations

import browser
import pytest


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # noqa: ANN001
    monkeypatch.setattr(browser, "CHROMIUM", str(tmp_path / "no-chromium-here"))


def test_a_missing_browser_fails(no_chromium: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(browser.SKIP_VARIABLE, raising=False)
    with pytest.raises(pytest.fail.Exception, match="no-chromium-here .*SNN_PAPERS_SKIP_BROWSER=1"):
        browser.require_browser()


def test_it_is_skipped_with_its_reason_only_when_asked(no_chromium: None,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(browser.SKIP_VARIABLE, "1")
    with pytest.raises(pytest.skip.Exception, match="no-chromium-here"):
        browser.require_browser()
    monkeypatch.setenv(browser.SKIP_VARIABLE, "0")
    with pytest.raises(pytest.fail.Exception):
        browser.require_browser()

