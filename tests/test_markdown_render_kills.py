"""The README's Markdown at its edges, exact to the byte where the README must be
byte-stable, and read with GitHub's parser (tests/gfm.py) where what matters is what shows:
cases that surviving mutants of ``markdown_render.py`` showed no test held."""

from __future__ import annotations

import gfm
import pytest

from awesome_snn.layout import Layout
from awesome_snn.markdown_render import (
    ItemWriter,
    abbreviation_table,
    escape_inline,
    escape_needed,
    headings_of,
    link_destination,
    render_markdown,
)
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


@pytest.mark.parametrize(("title", "written"), [
    ("S$^2$NN", "S$^2$NN"),
    ("$x_{1}$ spikes", "$x_{1}$ spikes"),  # '_' and braces kept inside math
    ("x_{1} spikes", "x\\_{1} spikes"),  # ... and escaped outside it
    ("$\\alpha$ neurons", "$\\alpha$ neurons"),  # a backslash before a letter kept
    ("$a\\\\b$", "$a\\\\\\b$"),  # two backslashes in math: the first, before a backslash, doubled
    ("costs $5", "costs \\$5"),  # one '$' is no math: escaped
    ("$a$ and $b", "\\$a\\$ and \\$b"),  # three '$' pair up no math either
])
def test_math_in_a_plain_title_keeps_its_backslashes_underscores_and_braces(title: str, written: str) -> None:
    """With ``links = "plain"`` and ``math``, balanced ``$...$`` stays GitHub math, written
    as the title has it; dollars that do not pair up are escaped as any other."""
    assert escape_needed(title, math=True) == written


@pytest.mark.parametrize(("alignment", "rule"), [
    ("none", "|--------------|--------------------|"),
    ("left", "|:-------------|:-------------------|"),
    ("right", "|-------------:|-------------------:|"),
    ("center", "|:------------:|:------------------:|"),
])
def test_the_abbreviation_tables_rule_line_has_the_alignments_colons_and_a_dash_a_column(
        alignment: str, rule: str) -> None:
    """Columns are as wide as their longest text and a space on each side: 12 + 2 and 18 + 2."""
    table = abbreviation_table([("ICLR", "Spiking Conference")], alignment)
    assert table.splitlines()[1] == rule


def test_an_item_that_links_its_venue_writes_the_venues_brackets_as_parentheses() -> None:
    """'- [[ICLR [Oral]](url)] Title' would break the link's text: the venue a 'venue' item
    links is written with parentheses instead."""
    layout = Layout(items="venue", venue_sections=False, links="plain", headings=(("2023 ICLR", "ICLR [Oral]"),))
    writer = ItemWriter(layout, [Venue("ICLR", "ICLR")])
    assert writer.line("Spiking Nets", "ICLR", 2023, [("paper", "https://example.org/a")]) == (
        "- [[ICLR (Oral)](https://example.org/a)] Spiking Nets")


@pytest.mark.parametrize(("title", "written"), [
    ("a\\-b", "a\\\\-b"),  # a backslash before punctuation would escape it: doubled
    ("a\\b", "a\\b"),  # before a letter it shows as it is
    ("spikes\\", "spikes\\\\"),  # at the end: doubled (what follows the title would be escaped)
])
def test_a_plain_title_doubles_a_backslash_only_before_punctuation_or_at_its_end(title: str, written: str) -> None:
    assert escape_needed(title) == written


def test_a_heading_inside_a_code_fence_is_not_a_heading() -> None:
    markdown = "# Spikes\n```\n# not a heading\n```\n~~~\n## nor this\n```\n## still code\n~~~\n## Events"
    assert headings_of(markdown) == [(1, "Spikes"), (2, "Events")]


@pytest.mark.parametrize(("url", "written"), [
    ("https://en.wikipedia.org/wiki/Spike_(X)", "https://en.wikipedia.org/wiki/Spike_(X)"),
    ("https://x.org/(a) b", "<https://x.org/(a) b>"),
])
def test_a_link_destination_with_balanced_parentheses_is_bare_unless_it_has_a_space(url: str, written: str) -> None:
    assert link_destination(url) == written


def test_a_note_item_escapes_the_full_stop_that_ends_its_title() -> None:
    """'- Title. (**ICLR 2023**).': import takes an unescaped full stop before the note for
    the note's own, so the title's is escaped."""
    layout = Layout(items="note", venue_sections=False, links="plain", venue_heading="{abbr}")
    writer = ItemWriter(layout, [Venue("ICLR", "ICLR")])
    assert writer.line("Spiking Nets.", "ICLR", 2023, [("paper", "https://example.org/a")]) == (
        "- Spiking Nets\\. (**ICLR 2023**). [[paper](https://example.org/a)]")
