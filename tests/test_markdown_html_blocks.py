"""The list's own texts on the page as GitHub shows them: blockquotes and ``> [!NOTE]``
alerts, numbered and nested lists, ``<details>`` disclosures; other raw HTML stays text.
Expected HTML written by hand from what GitHub renders."""

from __future__ import annotations

import subprocess
import sys

import pytest

from awesome_snn.markdown_html import render_markdown_html


@pytest.mark.parametrize(("markdown", "html"), [
    ("> quoted *words*\n> more", "<blockquote><p>quoted <em>words</em>\nmore</p></blockquote>"),
    ("> [!NOTE]  \n> 🤗 Welcome **all**!",
     '<blockquote class="alert alert-note"><p class="alert-title">Note</p>'
     "<p>🤗 Welcome <strong>all</strong>!</p></blockquote>"),
    ("> [!WARNING]\n> Careful.", '<blockquote class="alert alert-warning"><p class="alert-title">Warning</p>'
     "<p>Careful.</p></blockquote>"),
    ("1. one\n2. two", "<ol><li>one</li><li>two</li></ol>"),
    ("3. three\n4. four", '<ol start="3"><li>three</li><li>four</li></ol>'),
    ("- a\n  - b\n  - c\n- d", "<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>"),
    ("1. a\n   - b\n2. c", "<ol><li>a<ul><li>b</li></ul></li><li>c</li></ol>"),
    ("<details>\n<summary> News 2026 </summary>\n\n[2026.03.24] Update **AAAI**.\n\n</details>",
     "<details><summary>News 2026</summary><p>[2026.03.24] Update <strong>AAAI</strong>.</p></details>"),
    ("<b>bold</b> <script>alert(1)</script>", "<p>&lt;b&gt;bold&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>"),
    ("<details><summary><img src=x onerror=alert(1)></summary>\n</details>",
     "<details><summary>Details</summary></details>"),
    ("| a | b |\n|:-:|---|\n| 1 | 2 |",
     "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"),
])
def test_a_block_renders_as_github_shows_it(markdown: str, html: str) -> None:
    assert render_markdown_html(markdown) == html


def test_the_newest_lists_introduction_renders_its_note_and_table() -> None:
    from conftest import SHIPPED

    from awesome_snn.catalog import open_catalog
    from awesome_snn.markdown_render import introduction_markdown

    shipped = open_catalog(SHIPPED).catalog()
    # the list's venue table is the layout's abbreviation table now, shown where the README
    # shows it (issue 15)
    html = render_markdown_html(introduction_markdown(shipped.texts, shipped.venues))
    assert "[!NOTE]" not in html and "&gt; [!NOTE]" not in html
    assert '<blockquote class="alert alert-note"><p class="alert-title">Note</p><p>🤗 Welcome' in html
    assert "<td>IEEE Transactions on Pattern Analysis and Machine Intelligence</td>" in html


@pytest.mark.parametrize("build", [
    '"> " * 1_000_000', '"- " * 500_000 + "x"', '"".join("  " * d + "- x\\n" for d in range(3000))',
    '"<details>\\n" * 100_000', '"1. " * 300_000 + "x"',
])
def test_deep_nesting_renders_in_linear_time(build: str) -> None:
    code = f"from awesome_snn.markdown_html import render_markdown_html\nrender_markdown_html({build})\n"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=20)
