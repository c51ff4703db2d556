"""The README's Markdown at its edges, exact to the byte where the README must be
byte-stable, and read with GitHub's parser (tests/gfm.py) where what matters is what shows:
cases that surviving mutants of ``markdown_render.py`` showed no test held."""

from __future__ import annotations

import gfm
import pytest

from awesome_snn.markdown_render import escape_inline, link_destination, render_markdown
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue


@pytest.mark.parametrize("text", ["Spikes #", "Spikes ##", "#", "Spiking C#", "Spikes # Events"])
def test_a_heading_shows_its_text_with_any_hashes_at_its_end(text: str) -> None:
    """'## Spikes #' would be a heading 'Spikes': a closing sequence of '#' after a space is
    not shown. The escaped text keeps it."""
    tokens = gfm.parse("## " + escape_inline(text) + "\n")
    assert [t.type for t in tokens] == ["heading_open", "inline", "heading_close"]
    assert gfm.plain_text(tokens[1].children) == text


@pytest.mark.parametrize(("text", "escaped"), [
    ("Spikes #", "Spikes \\#"), ("Spikes ##", "Spikes \\##"), ("#", "\\#"),
    ("Spiking C#", "Spiking C#"), ("Spikes # Events", "Spikes # Events"),
    ("1. Spikes", "1\\. Spikes"), ("2) Spikes", "2\\) Spikes"), ("- Spikes", "\\- Spikes"),
])
def test_escaping_adds_a_backslash_only_where_one_is_needed(text: str, escaped: str) -> None:
    """The README is byte-stable: the same title is always escaped the same, and only as
    much as it needs."""
    assert escape_inline(text) == escaped


@pytest.mark.parametrize(("url", "written"), [
    ("https://en.wikipedia.org/wiki/Spike_(neuron)", "https://en.wikipedia.org/wiki/Spike_(neuron)"),
    ("https://x.org/(a)(b)", "https://x.org/(a)(b)"),
    ("https://x.org/a)b(", "<https://x.org/a)b(>"),
    ("https://x.org/a)", "<https://x.org/a)>"),
    ("https://x.org/a b", "<https://x.org/a b>"),
    ("https://x.org/<a>", "<https://x.org/%3Ca%3E>"),
])
def test_a_link_destination_is_bare_when_its_parentheses_balance(url: str, written: str) -> None:
    assert link_destination(url) == written
    children = gfm.list_items(f"- x [paper]({written})\n")[0]
    assert gfm.links(children) == [url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")]


def _catalog(**texts: str) -> Catalog:
    return Catalog(ListTexts(title="Spikes", **texts), (Venue("ICLR", "ICLR"),), (
        Paper("a-2023", "Spiking A", "ICLR", 2023, (Link("paper", "https://openreview.net/forum?id=a"),)),))


@pytest.mark.parametrize("introduction", [
    "## 2023\n",  # the first line of the introduction
    "Intro.\n\n```\n# not a heading\n```\n\n## 2023\n",  # after a code fence
    "Intro.\n\n~~~\n```\n~~~\n\n## 2023\n",  # a fence of tildes holding backticks
])
def test_the_contents_link_past_a_heading_of_the_introduction_with_the_same_text(introduction: str) -> None:
    """GitHub numbers repeated heading ids in document order: the introduction's '2023' is
    #2023, so the year's own heading is #2023-1, and the contents must say so."""
    readme = render_markdown(_catalog(introduction=introduction))
    assert "- [2023](#2023-1)\n" in readme


def test_the_title_line_ends_with_the_badge_and_no_space() -> None:
    readme = render_markdown(_catalog(badge="[![A](https://x.org/b.svg)](https://x.org) "))
    assert readme.startswith("# Spikes [![A](https://x.org/b.svg)](https://x.org)\n")


def test_the_closing_keeps_its_indentation() -> None:
    readme = render_markdown(_catalog(closing="    indented code\n"))
    assert readme.endswith("\n\n    indented code\n")


@pytest.mark.parametrize(("title", "escaped"), [
    ("Spikes -", "Spikes \\-"), ("Spikes :", "Spikes \\:"), ("Spikes -:", "Spikes \\-\\:"),
    ("Spikes --", "Spikes \\-\\-"), ("Spikes-", "Spikes-"), ("Spikes:", "Spikes:"),
])
def test_a_title_ending_in_a_separator_after_a_space_comes_back_from_import(title: str, escaped: str) -> None:
    """'Title - [[paper](url)]' is a separator to the importer: a title that ends in one keeps
    it escaped, and only then."""
    from awesome_snn.markdown_import import import_markdown

    assert escape_inline(title) == escaped
    readme = render_markdown(Catalog(ListTexts(), (Venue("ICLR", "ICLR"),), (
        Paper("a-2023", title, "ICLR", 2023, (Link("paper", "https://openreview.net/forum?id=a"),)),)))
    assert [p.title for p in import_markdown(readme).catalog.papers] == [title]


def test_connector_punctuation_stays_in_a_heading_id() -> None:
    from awesome_snn.markdown_render import slugify

    assert slugify("a\u203fb c") == "a\u203fb-c" and slugify("snake_case") == "snake_case"


def test_the_introduction_and_closing_keep_their_first_and_last_letters() -> None:
    readme = render_markdown(_catalog(introduction="Xylo spikes X\n", closing="X marks the end X"))
    assert "\nXylo spikes X\n" in readme and readme.endswith("\nX marks the end X\n")


def test_a_venue_of_more_than_a_thousand_papers_lists_each_once() -> None:
    papers = tuple(Paper(f"p{n}-2023", f"Spiking Paper Number {n}", "ICLR", 2023,
                         (Link("paper", f"https://openreview.net/forum?id=p{n}"),)) for n in range(1001))
    readme = render_markdown(Catalog(ListTexts(title="Spikes"), (Venue("ICLR", "ICLR"),), papers))
    items = [line for line in readme.splitlines() if line.startswith("- Spiking Paper Number ")]
    assert len(items) == 1001 and len(set(items)) == 1001
