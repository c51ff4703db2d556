"""One list item's reading at its edges, exact: cases that surviving mutants of
``item_reading.py`` showed no test held. Each expected value is reasoned from the rule (the
module's docstrings), not computed by the code."""

from __future__ import annotations

import pytest

from awesome_snn.errors import InvalidInput
from awesome_snn.item_reading import ItemReading, parse_item, read_item, written_line_holds

PAPER = "https://a.org/p"
CODE = "https://github.com/x/y"


@pytest.mark.parametrize(("content", "title", "links"), [
    # an odd run of backslashes escapes the bracket: text, not a link
    (r"Title \[code](https://x.org)", r"Title [code](https://x.org)", ()),
    (r"Title \\\[code](https://x.org)", r"Title \[code](https://x.org)", ()),
    # an even run escapes only itself: the bracket opens a link
    (r"Title \\[code](https://x.org)", "Title \\", (("code", "https://x.org"),)),
    # the links after an escaped one are read
    (rf"Title \[x](https://x.org) [[paper]({PAPER})]", "Title [x](https://x.org)", (("paper", PAPER),)),
])
def test_a_bracket_after_an_odd_run_of_backslashes_is_text_and_after_an_even_one_a_link(
        content: str, title: str, links: tuple) -> None:
    reading = read_item(content)
    assert (reading.title, reading.links) == (title, links)


def test_a_placeholder_right_after_the_first_character_is_taken_off_the_title() -> None:
    assert read_item("A[code]") == ItemReading(
        "A", (), unread=(("[code]", "[code] has no URL: not stored as a link"),))


def test_a_placeholder_longer_than_the_window_looked_at_stays_in_the_title() -> None:
    # placeholders are looked for in the title's last 56 characters only (linear time)
    reading = read_item("Title [[code](" + " " * 60 + f")] [[paper]({PAPER})]")
    assert (reading.title, reading.unread) == ("Title [[code]( )]", ())


def test_an_item_that_is_only_a_placeholder_is_its_own_title() -> None:
    assert read_item("[code]") == ItemReading("[code]", ())


@pytest.mark.parametrize(("content", "title", "venue", "year", "written"), [
    ("Title (**NeurIPS 2025**) [[paper](https://a.org)]", "Title", "NeurIPS", 2025, "NeurIPS 2025"),
    ("Title (**Nature, 2025**) [[paper](https://a.org)]", "Title", "Nature", 2025, "Nature, 2025"),
    # a year glued to the name is no year
    ("Title (**NeurIPS2025**) [[paper](https://a.org)]", "Title", "NeurIPS2025", None, "NeurIPS2025"),
    ("Title (**A2026**) [[paper](https://a.org)]", "Title", "A2026", None, "A2026"),
    # a year alone: no venue
    ("Title (**2026**) [[paper](https://a.org)]", "Title", "", 2026, ""),
    # the separators before the year go (a dash is no minus sign); other characters stay
    ("Title (**ICLR-2026**) [[paper](https://a.org)]", "Title", "ICLR", 2026, "ICLR-2026"),
    ("Title (**C++2025**) [[paper](https://a.org)]", "Title", "C++", 2025, "C++2025"),
    # text right after the note: no note, all of it is the title
    ("Title (**ICLR 2026**)x [[paper](https://a.org)]", "Title (**ICLR 2026**)x", "", None, ""),
    ("Title (**ICLR 2026** [[paper](https://a.org)]", "Title (**ICLR 2026**", "", None, ""),
])
def test_a_venue_note_gives_the_venue_and_year_as_written(
        content: str, title: str, venue: str, year: int | None, written: str) -> None:
    reading = read_item(content)
    assert (reading.title, reading.venue, reading.year, reading.written) == (title, venue, year, written)
    assert reading.form == ("note" if venue else "title")


@pytest.mark.parametrize(("content", "form"), [
    (f"Title [[paper]({PAPER})]", "title"),
    (f"Title (**ICLR 2026**). [[paper]({PAPER})]", "note"),
    (f"[[AAAI]({PAPER})] Title [[code]({CODE})]", "venue"),
])
def test_the_form_says_how_the_item_names_its_venue(content: str, form: str) -> None:
    assert read_item(content).form == form


def test_a_venue_before_the_title_is_read_with_the_links_after_the_title() -> None:
    assert read_item(f"[[AAAI]({PAPER})] Title [[code]({CODE})]") == ItemReading(
        "Title", (("paper", PAPER), ("code", CODE)), "AAAI", None, (), "venue", "AAAI")


def test_a_url_in_angle_brackets_is_read_without_them() -> None:
    assert read_item("Title [[paper](<https://a.org/p>)]").links == (("paper", "https://a.org/p"),)


def test_a_second_link_of_one_label_is_numbered() -> None:
    assert read_item(f"Title [[code]({PAPER})] [[code]({CODE})]").links == (
        ("code", PAPER), ("code 2", CODE))


def test_a_placeholder_is_kept_as_written() -> None:
    assert read_item(f"Title [code] [[paper]({PAPER})]").unread == (
        ("[code]", "[code] has no URL: not stored as a link"),)


@pytest.mark.parametrize("content", [f"[[code]({PAPER})]", f"[[paper]({PAPER})] [[code]({CODE})]"])
def test_an_item_of_links_only_has_no_title(content: str) -> None:
    with pytest.raises(InvalidInput, match="^no title before the links$"):
        read_item(content)


def test_parse_item_gives_the_title_and_links_or_refuses_what_it_cannot_read() -> None:
    assert parse_item(f"Title [[paper]({PAPER})]") == ("Title", [("paper", PAPER)])
    with pytest.raises(InvalidInput, match="has no URL"):
        parse_item(f"Title [code] [[paper]({PAPER})]")


VENUES = {"ICLR": "ICLR"}


def _holds(line: str, title: str = "Title", note: str = "") -> bool:
    return written_line_holds(line, title, "ICLR", 2026, (("paper", PAPER),), note, VENUES.get, True)


@pytest.mark.parametrize(("line", "title", "note", "holds"), [
    # the first character of the item is looked at as the rest
    (f"- ~Title [[paper]({PAPER})]", "~Title", "", False),
    (f"- &Title [[paper]({PAPER})]", "&Title", "", False),
    (f"- Title [[paper]({PAPER})]", "Title", "", True),
    # text after a link that is safe on its own is safe
    (f"- Title [[paper]({PAPER})]mpp: words", "Title", "mpp: words", True),
])
def test_a_written_line_is_inert_from_its_first_character_to_its_last(
        line: str, title: str, note: str, holds: bool) -> None:
    assert _holds(line, title, note) is holds


@pytest.mark.parametrize(("content", "title"), [
    # a separator after a space goes; one glued to the title is the title's
    (f"Title - [[paper]({PAPER})]", "Title"),
    (f"Title | [[paper]({PAPER})]", "Title"),
    (f"Title- [[paper]({PAPER})]", "Title-"),
    # the full stop before the note goes, with the whitespace before it (a form feed is
    # whitespace to Markdown); an ellipsis stays
    (f"Title. (**ICLR 2026**) [[paper]({PAPER})]", "Title"),
    (f"Title\x0c. (**ICLR 2026**) [[paper]({PAPER})]", "Title"),
    (f"Title.. (**ICLR 2026**) [[paper]({PAPER})]", "Title.."),
])
def test_the_separator_or_full_stop_before_the_links_or_note_goes(content: str, title: str) -> None:
    assert read_item(content).title == title


@pytest.mark.parametrize(("content", "reading"), [
    # a list of '[Title](url)' items: the link is the paper, what follows it is not read
    (f"[Spiking Nets]({PAPER}) by Smith", ItemReading(
        "Spiking Nets", (("paper", PAPER),), unread=(("by Smith", "text after the links: 'by Smith'"),))),
    # a single-bracket link naming a kind of link, then the title
    (f"[paper]({PAPER}) Spiking Nets", ItemReading("Spiking Nets", (("paper", PAPER),))),
])
def test_a_single_bracket_link_first_is_the_title_unless_it_names_a_kind_of_link(
        content: str, reading: ItemReading) -> None:
    assert read_item(content) == reading


def test_a_written_line_holds_with_each_unread_part_of_its_note_in_order() -> None:
    line = f"- Title [[paper]({PAPER})] \\[code\\] more words"
    assert _holds(line, note="\\[code\\] more words")
    assert not _holds(line, note="\\[code\\]  more words")


@pytest.mark.parametrize("link", ["[[code](ftp://x.org/y)]", "[[code](javascript:alert)]"])
def test_a_written_line_with_a_link_the_catalog_refused_does_not_hold(link: str) -> None:
    assert not _holds(f"- Title [[paper]({PAPER})] {link}", note=link)


@pytest.mark.parametrize("space", ["\u00a0", "\u3000", "\u2003"])
def test_unicode_whitespace_after_the_links_is_no_text_after_them(space: str) -> None:
    from awesome_snn.item_reading import read_item

    reading = read_item(f"Spiking Nets [[paper](https://a.org)]{space}")
    assert (reading.title, reading.links, reading.unread) == (
        "Spiking Nets", (("paper", "https://a.org"),), ())
