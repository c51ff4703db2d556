"""A real headless Chromium (Debian's ``chromium`` + ``chromium-driver``) driven by Selenium,
for the page tests and for ``docs/make_screenshots.py``.

The browser is cut off from the network: every host name resolves to nothing, so a page's
remote images fail at once instead of reaching out, and a test sees what an offline reader
sees. It also logs the console, so a Content-Security-Policy violation can be asserted on.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)


def missing_browser_parts() -> list[str]:
    """What is missing to drive a real browser here (empty when everything is installed)."""
    missing = []
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package (pip install selenium)")
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if shutil.which(path) is None:
            missing.append(f"{path} (apt-get install {package})")
    return missing


SKIP_VARIABLE = "SNN_PAPERS_SKIP_BROWSER"
"""Set to 1 to skip the browser tests where no browser is installed; without it they fail."""


def require_browser() -> None:
    """Fail the calling test (or fixture) when the browser is missing, unless the run opts
    out with ``SNN_PAPERS_SKIP_BROWSER=1``, where it is skipped with the reason (``pytest
    -rs`` shows it). A browser test never passes silently untested."""
    import os

    import pytest

    missing = missing_browser_parts()
    if not missing:
        return
    reason = "the browser tests need " + ", ".join(missing)
    if os.environ.get(SKIP_VARIABLE) == "1":
        pytest.skip(f"{reason} ({SKIP_VARIABLE}=1)")
    pytest.fail(f"{reason}; install them (.ci/run does), or set {SKIP_VARIABLE}=1 to skip"
                " these tests", pytrace=False)


@contextmanager
def chromium(width: int = 1280, height: int = 900, dark: bool = False,
             javascript: bool = True) -> Iterator[Any]:
    """A fresh headless Chromium with its own profile, ``width`` x ``height`` CSS pixels;
    ``javascript=False`` turns pages' scripts off as a reader's browser setting would."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="snn-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROMIUM_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={width},{height}")
        if dark:
            options.add_argument("--force-dark-mode")
            options.add_argument("--blink-settings=preferredColorScheme=0")
        if not javascript:
            options.add_experimental_option(
                "prefs", {"profile.managed_default_content_settings.javascript": 2})
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
        try:
            # The window size includes the browser's frame in some versions: set the
            # viewport itself, so a screenshot is exactly width pixels wide.
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
                "width": width, "height": height, "deviceScaleFactor": 1,
                "mobile": width < 600,
            })
            yield driver
        finally:
            driver.quit()
