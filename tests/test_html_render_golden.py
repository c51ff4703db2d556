"""The page, byte for byte: a small catalog's page compared with tests/data/page-golden.html,
where the page's own stylesheet and script stand as {STYLE} and {SCRIPT} and their CSP hashes
as {STYLE_HASH} and {SCRIPT_HASH} (the assets are read from awesome_snn/page/ and hashed here,
so the golden file pins the template, not the assets).

The page must be byte-stable, like the README: the same catalog always gives the same page.
After a deliberate change to the template, rewrite the golden file with
``SNN_PAPERS_UPDATE_GOLDEN=1 pytest tests/test_html_render_golden.py`` and review its diff."""

from __future__ import annotations

import base64
import hashlib
import os

from conftest import REPO, TESTS

from awesome_snn.html_render import render_html
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue

GOLDEN = TESTS / "data" / "page-golden.html"
PAGE = REPO / "awesome_snn" / "page"

CATALOG = Catalog(
    ListTexts(title="Awesome Spikes", badge="[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)",
              introduction="Papers on *spiking* networks.\n\n## Contents\n", closing="Thanks, [all](https://example.org/all)."),
    (Venue("ICLR", "International Conference on Learning Representations"), Venue("TNNLS", "TNNLS", "journal")),
    (Paper("spikformer-2023", "Spikformer: When Spiking Neural Network Meets Transformer", "ICLR", 2023,
           (Link("paper", "https://openreview.net/forum?id=frE4fUwz_h"), Link("code", "https://github.com/ZK-Zhou/spikformer"))),
     Paper("plain-2022", "A <Plain> & \"Quoted\" Title", "TNNLS", 2022, (Link("paper", "https://ieeexplore.ieee.org/document/1"),)),
     Paper("no-link-2022", "Spiking Without Links", "ICLR", 2022)),
)


def _hash(text: str) -> str:
    """The base64 SHA-256 digest a CSP source expression carries."""
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _placeholders() -> dict[str, str]:
    style = (PAGE / "page.css").read_text(encoding="utf-8")
    script = (PAGE / "page.js").read_text(encoding="utf-8")
    return {"{STYLE_HASH}": _hash(style), "{SCRIPT_HASH}": _hash(script), "{STYLE}": style, "{SCRIPT}": script}


def test_the_page_of_a_small_catalog_is_the_golden_page() -> None:
    page = render_html(CATALOG)
    places = _placeholders()
    if os.environ.get("SNN_PAPERS_UPDATE_GOLDEN") == "1":
        golden = page
        for placeholder, value in places.items():
            golden = golden.replace(value, placeholder)
        GOLDEN.write_text(golden, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    for placeholder, value in places.items():
        expected = expected.replace(placeholder, value)
    assert page == expected


def test_a_list_without_badge_introduction_or_closing_shows_no_empty_blocks() -> None:
    page = render_html(Catalog(ListTexts(title="Spikes"), CATALOG.venues, CATALOG.papers))
    for block in ('class="badge"', 'class="intro"', 'class="closing"'):
        assert block not in page
    header = page[page.index("<header>"):page.index("</header>") + len("</header>")]
    assert header == "<header>\n<h1>Spikes</h1>\n</header>"
    assert page.endswith("</html>\n") and "\n\n" not in page.split("<script>")[0]


def test_an_empty_list_has_no_contents_and_every_line_of_its_body_is_markup() -> None:
    for catalog in (Catalog(ListTexts(title="Spikes")), Catalog(ListTexts(title="Spikes"), CATALOG.venues, CATALOG.papers)):
        page = render_html(catalog)
        body = page.split("<body>", 1)[1].split("<script>", 1)[0]
        assert all(line.startswith("<") for line in body.splitlines() if line), body
    empty = render_html(Catalog(ListTexts(title="Spikes")))
    assert '<details class="toc">' not in empty and "<main id=\"papers\">" in empty
