"""Titles in the README, read as GitHub reads them (tests/gfm.py): each shows exactly as
written, with none of GitHub's extensions (strike-through, table cells, math, bare-URL
links) taking hold of it. Plain CommonMark gives these characters no meaning, so only a
GitHub-flavoured oracle can tell an escape from a missing one."""

from __future__ import annotations

import string

import gfm
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from awesome_snn.markdown_render import escape_inline, render_rows
from awesome_snn.model import ListTexts, Venue

PAPER_URL = "https://openreview.net/forum?id=x1"

# (title, what GitHub would make of it unescaped). Each line is a mutation of the escaper
# that this case alone catches: the character dropped from the escaped set, or the bare-URL
# escape removed.
GITHUB_SYNTAX = [
    ("~~Struck~~ Spiking Networks", "strike-through"),
    ("Spikes ~~twice~~ ~~over~~", "strike-through"),
    ("Energy $E = mc^2$ of a Spike", "inline math"),
    ("Cost $$x$$ Spikes", "inline math"),
    ("Spikes | Events", "a table cell split in two"),
    ("Spikes at https://example.org/snn", "a bare https URL made a link"),
    ("Spikes at HTTP://EXAMPLE.ORG", "a bare http URL made a link"),
    ("Spikes at ftp://example.org/data", "a bare ftp URL made a link"),
    ("See www.example.org for Spikes", "a www. name made a link"),
    ("See WWW.Example.org for Spikes", "a www. name made a link"),
]


IDS = [f"{syntax.split()[-1]}-{n}" for n, (_title, syntax) in enumerate(GITHUB_SYNTAX)]


@pytest.mark.parametrize(("title", "syntax"), GITHUB_SYNTAX, ids=IDS)
def test_the_oracle_sees_githubs_syntax_in_the_raw_title(title: str, syntax: str) -> None:
    """Without escapes GitHub gives each title syntax of its own (so the cases below test
    something): the raw title is not plain text both as a paragraph and in a table cell."""
    assert gfm.as_paragraph(title) != title or gfm.as_table_cell(title) != title, syntax


@pytest.mark.parametrize(("title", "syntax"), GITHUB_SYNTAX, ids=IDS)
def test_an_escaped_title_is_plain_text_on_github(title: str, syntax: str) -> None:
    escaped = escape_inline(title)
    assert gfm.as_paragraph(escaped) == title, syntax
    assert gfm.as_table_cell(escaped) == title, syntax


def _readme_item(title: str) -> list:
    text = render_rows(ListTexts(title="Spikes"), (Venue("ICLR", "ICLR"),),
                       [(title, "ICLR", 2023, [("paper", PAPER_URL)])])
    items = [children for children in gfm.list_items(text)
             if not gfm.links(children)[0].startswith("#")]
    assert len(items) == 1, text
    return items[0]


@pytest.mark.parametrize(("title", "syntax"), GITHUB_SYNTAX, ids=IDS)
def test_a_readme_item_shows_its_title_and_links_only_its_paper(title: str, syntax: str) -> None:
    children = _readme_item(title)
    assert gfm.links(children) == [PAPER_URL], syntax
    first_link = [t.type for t in children].index("link_open")
    assert gfm.plain_text(children[:first_link]) == f"{title} [", syntax


# Titles as a catalog holds them: one line, single spaces, no control characters.
_WORD = st.text(alphabet=string.ascii_letters + string.digits + "\\`*_[]<>|~$&#:./-+=!()'\"{}^@%;,?",
                min_size=1, max_size=12)
TITLES = st.lists(st.one_of(_WORD, st.sampled_from(
    ["https://x.org/a", "www.x.org", "http://", "~~", "$$", "|", "&amp;", "&#35;", "1.", "#", "-", ":"])),
    min_size=1, max_size=6).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(TITLES)
@example("~~x~~ $y$ | https://z.org www.w.org")
def test_any_title_escaped_is_plain_text_on_github(title: str) -> None:
    escaped = escape_inline(title)
    assert gfm.as_paragraph(escaped) == title
    assert gfm.as_table_cell(escaped) == title
