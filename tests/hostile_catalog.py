"""A catalog whose every value tries to break out of a page: titles, a venue, link labels and
URLs, and the list's Markdown texts. Built directly, since the catalog's validators would
reject some of it (a rendered page must be safe even so)."""

from __future__ import annotations

from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue

HOSTILE_TITLES = [
    "<script>alert(1)</script>",
    '"onmouseover="alert(1)',
    "' onfocus='alert(1)' autofocus='",
    "<img src=x onerror=alert(1)>",
    "</span></li></ul></section><script>alert(1)</script>",
    "</style></script><style>body{display:none}</style>",
    "&lt;b&gt; entities &amp; stay as typed",
    "javascript:alert(1)",
    "<!-- a comment --> ]]> <![CDATA[ x ]]>",
]
HOSTILE_VENUE = 'CVPR"><script>alert(2)</script>'
HOSTILE = Catalog(
    texts=ListTexts(
        title="</title><script>alert(3)</script>",
        badge="[![x](javascript:alert(4))](javascript:alert(4)) <script>alert(4)</script>",
        introduction=(
            '<div onclick="alert(5)">raw</div> [click](javascript:alert(5))\n\n'
            "![pixel](data:image/svg+xml,<svg onload=alert(5)>) [ok](https://example.org/a?b=1&c=2)"
        ),
        closing="# <i onmouseover=alert(6)>head</i>\n\n<script>alert(6)</script>",
    ),
    venues=(Venue(HOSTILE_VENUE, '<b onclick="alert(7)">bold</b>'),),
    papers=tuple(
        Paper(f"p{i}", title, HOSTILE_VENUE, 2023, (
            Link("paper", "javascript:alert(8)"),
            Link("code", 'https://example.org/x?a=1&b="<2>"'),
            Link('"><script>alert(9)</script>', "data:text/html,<script>alert(9)</script>"),
        ))
        for i, title in enumerate(HOSTILE_TITLES)
    ),
)
