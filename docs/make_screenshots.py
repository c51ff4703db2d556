"""Regenerate docs/screenshot-desktop.png and docs/screenshot-phone.png.

    python3 docs/make_screenshots.py [--dark]

Renders the real catalog (data/papers.toml) with ``render_html`` and photographs the top of
the page in the same headless Chromium the browser tests use (Debian's ``chromium`` and
``chromium-driver``, and ``pip install selenium``): 1280 CSS pixels wide for a desktop and
390 for a phone. The browser has no network, so the list's remote badge shows as its text.
Install Debian's ``fonts-noto-color-emoji`` too, or the introduction's emoji show as boxes.
``--dark`` writes ``*-dark.png`` beside them with the dark colour scheme, for a look.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

DOCS = Path(__file__).resolve().parent
REPO = DOCS.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO))

from browser import chromium  # noqa: E402

from awesome_snn.catalog import open_catalog  # noqa: E402
from awesome_snn.html_render import render_html  # noqa: E402

SHOTS = {"desktop": (1280, 900), "phone": (390, 844)}


def main(argv: list[str]) -> int:
    dark = "--dark" in argv
    catalog = open_catalog(REPO / "data" / "papers.toml").catalog()
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "index.html"
        page.write_text(render_html(catalog), encoding="utf-8")
        for name, (width, height) in SHOTS.items():
            target = DOCS / f"screenshot-{name}{'-dark' if dark else ''}.png"
            with chromium(width, height, dark=dark) as driver:
                driver.get(page.as_uri())
                driver.save_screenshot(str(target))
            print(f"wrote {target.relative_to(REPO)} ({width}x{height})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
