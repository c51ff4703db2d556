"""The importer at its edges, exact: cases that surviving mutants of ``markdown_import.py``
showed no test held. tests/data/import-edges.md is a list made to hold each of them: blank
lines above its title, a badge, introduction text right under the title, a code fence and a
table of contents of HTML anchors in a <details> block in the introduction, a venue known
only by its full name, a venue heading that is all parentheses, a venue named twice (bare,
then with its name), stray text in a year, and a closing section."""

from __future__ import annotations

import pytest
from conftest import TESTS

from awesome_snn.errors import ImportFailed
from awesome_snn.layout import Layout
from awesome_snn.markdown_import import ImportResult, import_markdown, parse_venue_heading
from awesome_snn.model import Link, ListTexts, Venue

EDGES = (TESTS / "data" / "import-edges.md").read_text(encoding="utf-8")


def test_every_edge_of_the_list_is_read_as_written() -> None:
    result = import_markdown(EDGES)
    catalog = result.catalog
    assert catalog.texts == ListTexts(
        title="Awesome Spikes", badge="![badge](https://img.shields.io/badge/x-y-z.svg)",
        introduction="Intro line right after the title.\n\n```\n# a heading inside a fence\n```\n\nMore intro.",
        closing="# Closing\n\nThanks.",
        # the list's layout, as written: an HTML contents summarised 'Contents' after two
        # blocks of the introduction, venue headings that are the bare abbreviation but for
        # one, items written [[paper](url)]
        layout=Layout(venue_heading="{abbr}", toc="html", toc_summary="Contents",
                      contents_after=2, links="plain",
                      headings=(("2023 NeurIPS", "XYZ (Conference on Neural Information Processing Systems)"),)))
    assert [(v.abbr, v.name) for v in catalog.venues] == [
        ("ICLR", "International Conference on Learning Representations"),
        ("NeurIPS", "Conference on Neural Information Processing Systems"),  # known by its name
        ("(Workshop)", "(Workshop)"),
        ("NEWVENUE", "New Venue on Spikes")]  # the bare heading's venue, named by the later one
    assert [(p.title, p.venue, p.year, p.line) for p in catalog.papers] == [
        ("Spiking One", "ICLR", 2023, 24), ("Spiking Two", "NeurIPS", 2023, 28),
        ("Spiking Three", "(Workshop)", 2023, 32), ("Spiking Four", "NEWVENUE", 2023, 36),
        ("Spiking Five", "NEWVENUE", 2023, 40)]
    assert catalog.papers[0].links == (Link("paper", "https://openreview.net/forum?id=one"),)
    assert [(s.line, s.text, s.reason) for s in result.skipped] == [
        (42, "Some stray text.",
         "text inside a year section is not a paper item; move it out of the year or make it an item")]
    assert result.sections == 4


def test_a_title_without_a_badge_has_an_empty_badge() -> None:
    texts = import_markdown("# Spikes\n\n# 2023\n\n## ICLR\n\n- A Spiking Paper [[paper](https://a.org/1)]\n").catalog.texts
    assert (texts.title, texts.badge) == ("Spikes", "")


def test_text_above_the_first_heading_makes_that_heading_no_title() -> None:
    texts = import_markdown("Read me first.\n# Not The Title\n\n# 2023\n\n## ICLR\n\n"
                            "- A Spiking Paper [[paper](https://a.org/1)]\n").catalog.texts
    assert texts.title == ListTexts().title
    assert texts.introduction == "Read me first.\n# Not The Title"


@pytest.mark.parametrize(("heading", "parsed"), [
    ("CVPR (IEEE Conference on Computer Vision)", ("CVPR", "IEEE Conference on Computer Vision")),
    ("ICLR Workshop)", ("ICLR Workshop)", "")),
    ("(Workshop)", ("(Workshop)", "")),
    ("ICLR-2023", ("ICLR", "")),
    ("NeurIPS (2023)", ("NeurIPS", "")),
    ("X(Y)", ("X", "Y")),
])
def test_venue_headings(heading: str, parsed: tuple[str, str]) -> None:
    assert parse_venue_heading(heading) == parsed


@pytest.mark.parametrize(("text", "message"), [
    ("a\x00b", "the file holds NUL bytes: it is not a Markdown text"),
    ("# Title\n\nNo papers.\n", "no paper found: a list needs '# 2023' year sections with '## Venue'"
                                " headings and '- Title [[paper](url)]' items (or '### 2023' sections"
                                " of '- Title (**Venue 2023**) [[paper](url)]' items)"),
])
def test_a_file_that_is_no_list_is_refused_with_its_reason(text: str, message: str) -> None:
    with pytest.raises(ImportFailed) as refused:
        import_markdown(text)
    assert str(refused.value) == message


def test_a_venue_named_by_its_full_name_under_another_abbreviation_is_registered_once() -> None:
    catalog = import_markdown(
        "# 2023\n\n## ICLR\n\n- Spiking One [[paper](https://a.org/1)]\n\n"
        "## XYZ (International Conference on Learning Representations)\n\n"
        "- Spiking Two [[paper](https://a.org/2)]\n").catalog
    assert [v.abbr for v in catalog.venues] == ["ICLR"]
    assert isinstance(catalog.venues[0], Venue)


ITEM = "- A Spiking Paper [[paper](https://a.org/1)]"


def test_windows_line_ends_read_as_the_same_lines() -> None:
    catalog = import_markdown(f"# Spikes\r\n\r\nLine one\r\nLine two\r\n\r\n# 2023\r\n\r\n## ICLR\r\n\r\n{ITEM}\r\n").catalog
    assert catalog.texts.introduction == "Line one\nLine two"
    assert [p.title for p in catalog.papers] == ["A Spiking Paper"]


def test_a_tilde_fence_in_the_introduction_is_kept_whole_and_hides_headings() -> None:
    catalog = import_markdown(f"# Spikes\n\n~~~\n# 2023\n~~~\n\n# 2023\n\n## ICLR\n\n{ITEM}\n").catalog
    assert catalog.texts.introduction == "~~~\n# 2023\n~~~"
    assert len(catalog.papers) == 1


def test_a_comment_inside_a_year_is_skipped_and_the_items_after_it_read() -> None:
    result = import_markdown(f"# 2023\n\n## ICLR\n\n<!-- the next ones came late -->\n{ITEM}\n"
                             "- Another Spiking Paper [[paper](https://a.org/2)]\n")
    assert [p.title for p in result.catalog.papers] == ["A Spiking Paper", "Another Spiking Paper"]
    assert result.skipped == ()


def test_the_closing_keeps_its_letters_at_both_ends() -> None:
    catalog = import_markdown(f"# 2023\n\n## ICLR\n\n{ITEM}\n\n# Closing X\n\nThanks X\n").catalog
    assert catalog.texts.closing == "# Closing X\n\nThanks X"


def _read(items: str, head: str = "") -> ImportResult:
    return import_markdown(head + "# 2023\n\n## ICLR\n\n" + items)


def test_a_tilde_fence_right_under_an_item_is_not_part_of_the_item() -> None:
    result = _read("- Spiking One [[paper](https://a.org/1)]\n~~~\ncode\n~~~\n")
    assert [(p.title, p.extra) for p in result.catalog.papers] == [("Spiking One", ())]
    assert result.remarks == () and result.skipped == ()


def test_a_paper_listed_twice_under_one_venue_is_reported_without_where() -> None:
    result = _read("- Spiking One [[paper](https://a.org/1)]\n- Spiking One [[code](https://a.org/2)]\n")
    assert [(r.line, r.text, r.reason) for r in result.remarks] == [
        (6, "Spiking One", "the same paper as line 5 (same title and year): one paper, 1 link(s) added")]


def test_the_notes_of_a_paper_listed_twice_are_joined_into_one_note() -> None:
    result = _read("- Spiking One [[paper](https://a.org/1)] first\n- Spiking One [[code](https://a.org/2)] second\n")
    assert [p.extra for p in result.catalog.papers] == [(("note", "first second"),)]


def test_the_title_ends_at_its_first_image_and_the_badge_holds_every_image_after_it() -> None:
    head = "# Spiking Papers [![Awesome](https://awesome.re/badge.svg)](https://awesome.re) ![x](https://x.org/b.svg)\n\n"
    texts = _read("- Spiking One [[paper](https://a.org/1)]\n", head).catalog.texts
    assert (texts.title, texts.badge) == (
        "Spiking Papers", "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re) ![x](https://x.org/b.svg)")


@pytest.mark.parametrize(("items", "remark"), [
    ("- Spiking One [[paper](https://a.org/1)]\n  more words\n",  # wrapped: the report shows both lines
     ("- Spiking One [[paper](https://a.org/1)] more words", "text after the links: 'more words'; kept in the paper's note")),
    ("- Spiking One (**ICLR 2022**). [[paper](https://a.org/1)]\n",
     ("- Spiking One (**ICLR 2022**). [[paper](https://a.org/1)]", "the item gives the year 2022 (under the 2023 section): kept")),
])
def test_a_remark_on_an_item_shows_the_item_as_written(items: str, remark: tuple[str, str]) -> None:
    assert [(r.line, r.text, r.reason) for r in _read(items).remarks] == [(5, *remark)]


def test_a_list_with_as_many_escaped_links_as_plain_ones_keeps_the_escaped_layout() -> None:
    layout = _read("- Spiking One [[paper](https://a.org/1)]\n- Spiking Two \\[[paper](https://a.org/2)\\]\n").catalog.texts.layout
    assert layout.links == "escaped"


def test_years_at_the_sixth_level_give_year_level_five_so_venues_can_be_one_deeper() -> None:
    result = import_markdown("###### 2023\n\n- Spiking One (**ICLR 2023**). [[paper](https://a.org/1)]\n")
    assert result.catalog.texts.layout.year_level == 5
