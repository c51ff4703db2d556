"""What GitHub makes of Markdown: an oracle for escaping, independent of the code under test.

CommonMark alone gives no meaning to ``~``, ``|``, ``$`` or a bare ``https://`` / ``www.``,
but GitHub does: ``~~x~~`` is struck through, ``|`` splits a table cell, ``$x$`` is math,
and a bare URL or ``www.`` name becomes a link. This parser is markdown-it-py with GitHub's
extensions switched on (tables, strikethrough, math from mdit-py-plugins' dollarmath, and
autolinks by linkify-it-py restricted to what GitHub links: a scheme ``http://``,
``https://``, ``ftp://`` or a ``www.`` name -- not a bare ``example.com``).
"""

from __future__ import annotations

import functools
import re
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

PLAIN = ("text", "text_special", "softbreak")
"""Inline tokens that are only text: anything else is syntax (a link, emphasis, strike...)."""


def _www_to_http(_self: Any, match: Any) -> None:
    match.url = "http://" + match.url


@functools.lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """markdown-it-py as GitHub renders a README (see the module docstring)."""
    md = MarkdownIt("gfm-like").use(dollarmath_plugin, allow_space=True, allow_digits=True,
                                    double_inline=True)
    # GitHub links bare URLs with a scheme and www. names, but not a bare domain name.
    md.linkify.set({"fuzzy_link": False, "fuzzy_email": False, "fuzzy_ip": False})
    md.linkify.add("www.", {"validate": re.compile(r"^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*[^\s<]*"),
                            "normalize": _www_to_http})
    return md


def parse(markdown: str) -> list[Any]:
    return parser().parse(markdown)


def plain_text(children: list[Any]) -> str | None:
    """The text of inline tokens that carry no syntax, or None when any token is syntax."""
    if any(token.type not in PLAIN for token in children):
        return None
    return "".join("\n" if token.type == "softbreak" else token.content for token in children)


def as_paragraph(markdown: str) -> str | None:
    """The text ``markdown`` shows when it is one paragraph of plain text, else None (it
    made a heading, a list, a link, strike-through, math, HTML...)."""
    tokens = parse(markdown)
    if [t.type for t in tokens] != ["paragraph_open", "inline", "paragraph_close"]:
        return None
    return plain_text(tokens[1].children or [])


def as_table_cell(markdown: str) -> str | None:
    """The text ``markdown`` shows as the one cell of a table's body row, or None when it
    is not exactly one plain-text cell (a ``|`` split it, or it holds syntax)."""
    tokens = parse(f"| heading |\n| --- |\n| {markdown} |\n")
    try:
        body = [t.type for t in tokens].index("tbody_open")
    except ValueError:
        return None
    cells = [i for i in range(body, len(tokens)) if tokens[i].type == "td_open"]
    if len(cells) != 1:
        return None
    row_close = [t.type for t in tokens[body:]].index("tr_close") + body
    if tokens[row_close - 1].type != "td_close":
        return None
    return plain_text(tokens[cells[0] + 1].children or [])


def list_items(markdown: str) -> list[list[Any]]:
    """The inline tokens of every list item's first paragraph, in document order."""
    tokens = parse(markdown)
    items = []
    for i, token in enumerate(tokens):
        if token.type == "list_item_open" and tokens[i + 1].type == "paragraph_open":
            items.append(tokens[i + 2].children or [])
    return items


def links(children: list[Any]) -> list[str]:
    """The hrefs of the links among inline tokens."""
    return [token.attrs.get("href", "") for token in children if token.type == "link_open"]
