from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from mdparse import gfm, render

from awesome_snn.errors import InvalidInput
from awesome_snn.layout import DEFAULT
from awesome_snn.markdown_import import import_markdown
from awesome_snn.markdown_render import Slugger, escape_inline, render_markdown, slugify
from awesome_snn.model import Catalog, Link, Paper, Venue, validate_title, validate_venue_name


def _venue_abbr(heading: str) -> str:
    return re.sub(r"\s*\(.*\)$", "", heading).strip().casefold()


def test_export_renders_the_same_papers_titles_and_links_in_the_same_sections(seed_text: str) -> None:
    seed = render(seed_text)
    ours = render(render_markdown(import_markdown(seed_text).catalog))
    assert sum(len(items) for _, _, items in seed.sections) == 93

    def flat(rendered):
        return [(year, _venue_abbr(venue), item.title, item.links)
                for year, venue, items in rendered.sections for item in items]

    assert flat(ours) == flat(seed)


def test_export_is_idempotent_and_import_export_import_is_identical(seed_text: str) -> None:
    first = import_markdown(seed_text).catalog
    exported = render_markdown(first)
    second = import_markdown(exported).catalog
    assert second == first
    assert render_markdown(second) == exported


def test_toc_anchors_resolve_one_to_one_to_the_headings_they_name(seed_text: str) -> None:
    rendered = render(render_markdown(import_markdown(seed_text).catalog))
    ids = {slug: text for _level, text, slug in rendered.headings}
    targets = [href[1:] for _text, href in rendered.toc]
    assert len(targets) == 2 + 20
    assert len(set(targets)) == len(targets)
    for text, href in rendered.toc:
        assert ids[href[1:]] == text
    # The 2022 Neural Networks entry goes to its own (second) section, unlike the seed's TOC.
    assert ("Neural Networks", "#neural-networks-1") in rendered.toc


def test_seed_own_toc_sends_2022_neural_networks_to_2023(seed_text: str) -> None:
    """The defect the exporter fixes: both seed entries point at the first section."""
    rendered = render(seed_text)
    assert [href for text, href in rendered.toc if text == "Neural Networks"] == [
        "#neural-networks", "#neural-networks"]


def test_export_has_title_intro_toc_years_newest_first_and_closing(seed_text: str) -> None:
    catalog = import_markdown(seed_text).catalog
    text = render_markdown(catalog)
    assert text.startswith("# Awesome SNN Conference Paper [![Awesome]")
    assert text.index("🔥 This repo") < text.index("- [2023](#2023)") < text.index("\n# 2023\n")
    assert text.index("\n# 2023\n") < text.index("\n# 2022\n") < text.index("\n# Starchart\n")
    assert text.endswith(")\n") and not text.endswith("\n\n")
    # import keeps the list's own item form (issue 15): the seed's line, as written
    written = next(line for line in seed_text.split("\n") if line.startswith("- Spikformer: When"))
    assert written + "\n" in text
    # the default layout escapes every bracket around the links
    assert "- Spikformer: When Spiking Neural Network Meets Transformer \\[[paper](https://openreview.net/forum?id=frE4fUwz_h)\\] \\[[code](https://github.com/ZK-Zhou/spikformer)\\]" in render_markdown(catalog, DEFAULT)


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("CVPR (IEEE Conference on Computer Vision and Pattern Recognition)",
         "cvpr-ieee-conference-on-computer-vision-and-pattern-recognition"),
        ("ICASSP (IEEE International Conference on Acoustics, Speech and Signal Processing)",
         "icassp-ieee-international-conference-on-acoustics-speech-and-signal-processing"),
        ("IEEE TCYB (IEEE Transactions on Cybernetics)", "ieee-tcyb-ieee-transactions-on-cybernetics"),
        ("2023", "2023"),
        ("Café & Spikes: ÜBER", "café--spikes-über"),
        ("snake_case-and-dash", "snake_case-and-dash"),
    ],
)
def test_slugify_follows_github_heading_ids(heading: str, slug: str) -> None:
    assert slugify(heading) == slug


def test_slugger_numbers_repeated_ids() -> None:
    slugger = Slugger()
    assert [slugger.slug(t) for t in ["CVPR", "CVPR", "cvpr", "CVPR-1"]] == [
        "cvpr", "cvpr-1", "cvpr-2", "cvpr-1-1"]


HOSTILE = [
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    "# heading",
    "- item",
    "+ plus",
    "1. numbered",
    "2) numbered",
    "> quote",
    "a | b | c",
    "`code` and ``more``",
    "*bold* _em_ **strong** __u__",
    "back\\slash\\",
    "![img](https://x.org/i.png)",
    "&amp; &lt;b&gt; &#65;",
    "see https://evil.example and www.evil.example",
    "~~strike~~ and $math$",
    "Spiking 🔥 Transformers",
    "שלום spikes",
    "[[paper](https://x.org)]",
    "=== title",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_export_escapes_titles_so_they_render_as_exactly_themselves(title: str) -> None:
    venue = Venue("CVPR", "IEEE Conference on Computer Vision and Pattern Recognition")
    paper = Paper("p-2023", title, "CVPR", 2023, (Link("paper", "https://a.org/p"),))
    text = render_markdown(Catalog(venues=(venue,), papers=(paper,)))
    rendered = render(text)
    items = [item for _y, _v, items in rendered.sections for item in items]
    assert len(items) == 1
    assert items[0].title == title
    assert items[0].links == [("paper", "https://a.org/p")]
    assert rendered.html_tokens == 0
    assert [level for level, _t, _s in rendered.headings] == [1, 1, 2]
    assert rendered.list_items == 2 + 1  # the TOC's year and venue, and the paper
    assert import_markdown(text).catalog.papers[0].title == title


def test_escape_inline_leaves_ordinary_titles_readable() -> None:
    assert escape_inline("Spikformer: When Spiking Neural Network Meets Transformer") == (
        "Spikformer: When Spiking Neural Network Meets Transformer")
    assert escape_inline("In-Sensor & Neuromorphic Computing") == "In-Sensor & Neuromorphic Computing"


# --- GitHub-flavoured Markdown: autolinks, and venue names ------------------------------------

PAPER_URL = "https://openreview.net/forum?id=x1"
GFM_VENUE = Venue("CVPR", "IEEE Conference on Computer Vision and Pattern Recognition")

# Titles that GitHub or another GFM renderer would turn into a link if written as they are
# (test_the_oracle_sees_githubs_autolinks_in_raw_titles) ...
AUTOLINK_TITLES = [
    "Spikes at https://example.org/snn",
    "Spikes at http://example.org",
    "Spikes at HTTPS://EXAMPLE.ORG/SNN",
    "Spikes at HtTp://example.org",
    "Data at ftp://example.org/data",
    "See www.example.org for Spikes",
    "See WWW.example.org for Spikes",
    "See www.spikes.io.",
    "(www.example.org) in brackets",
    "*www.example.org",
    "_www.example.org_",
    "~www.example.org",
    "www.a.b",
    "wwww.example.org",
    "Bare example.org Domain",
    "Spikformer.ai: a Startup",
    "Spike.IT Networks",
    "SNN.org and SNN.com",
    "Protocol-Relative //example.org Links",
    "https://example.org",
    "<https://example.org>",
    "[Spikes](https://example.org)",
    "Spikes @ ICLR.org",
    "spikes\\@example.org is not an address",
]
# ... near misses, which must stay as they are too ...
NEAR_MISS_TITLES = [
    "www.a_b.c",
    "Neuromorphic.Computing Done Right",
    "Spikes over mailto:list",
    "xmpp:chat about Spikes",
    "A Title With a Trailing Slash http://",
    "[Spikes]: https://example.org",
    "Spike@Scale: Spiking Networks at Scale",
    "@mention of Spikes",
    "Sp ikes http : // example . org",
]
# ... and these are e-mail addresses, which GitHub links even when every character is escaped
# (it finds them after undoing escapes and entities): refused, in a title as in a venue name.
EMAIL_TITLES = [
    "Contact spikes@example.org for Spikes",
    "spikes@example.org",
    "Spikes (spikes@example.org)",
    "first.last+snn@lab.example.ac.uk wrote this",
    "a_b-c@d-e.f_g.io",
    "mailto:spikes@example.org",
    "Write to mailto:spikes@example.org",
    "xmpp:spikes@example.org",
    "xmpp:spikes@example.org/resource",
    "Spikes at me@x.yz.",
    "MAILTO:Spikes@Example.ORG",
    "a@b.co",
    "Trailing spikes@example.org.",
    "x@y.z@w.org",
]


def _papers_markdown(titles: list[str], venue: Venue = GFM_VENUE) -> str:
    papers = tuple(Paper(f"p{i}-2023", title, venue.abbr, 2023, (Link("paper", f"{PAPER_URL}{i}"),))
                   for i, title in enumerate(titles))
    return render_markdown(Catalog(venues=(venue,), papers=papers))


def _assert_shown_exactly(markdown: str, titles: list[str], heading: str) -> None:
    """The README shows its title, the year and the venue heading, the two contents entries
    and one item a title, each exactly as written and with only its own link; nothing else
    (no other link, block, emphasis, code, strike, math or HTML)."""
    shown = gfm(markdown)
    assert [(level, h.text, h.links, h.syntax) for level, h in shown.headings] == [
        (1, "Awesome SNN Conference Paper", [], []), (1, "2023", [], []), (2, heading, [], [])]
    assert shown.paragraphs == []
    assert shown.blocks == ["heading_open", "bullet_list_open", "list_item_open", "bullet_list_open",
                            "list_item_open", "heading_open", "heading_open", "bullet_list_open",
                            *["list_item_open"] * len(titles)]
    toc, items = shown.items[:2], shown.items[2:]
    assert [(entry.text, [text for text, _href in entry.links], entry.syntax) for entry in toc] == [
        ("", ["2023"], []), ("", [heading], [])]
    assert [(item.text, item.links, item.syntax) for item in items] == [
        (f"{title} []", [("paper", f"{PAPER_URL}{i}")], []) for i, title in enumerate(titles)]


@pytest.mark.parametrize("title", AUTOLINK_TITLES + NEAR_MISS_TITLES)
def test_a_title_with_a_url_or_domain_shows_as_text_on_github(title: str) -> None:
    assert validate_title(title) == title
    _assert_shown_exactly(_papers_markdown([title]), [title], GFM_VENUE.heading)


@pytest.mark.parametrize("title", EMAIL_TITLES)
def test_a_title_with_an_email_address_is_refused_since_no_escape_keeps_it_text(title: str) -> None:
    # The oracle: GitHub links the address even in the escaped title.
    assert gfm("- " + escape_inline(title)).items[0].links != []
    with pytest.raises(InvalidInput, match="e-mail address"):
        validate_title(title)
    with pytest.raises(InvalidInput, match="e-mail address"):
        validate_venue_name(title)


def test_the_oracle_sees_githubs_autolinks_in_raw_titles() -> None:
    """Written as they are, the titles above are links on GitHub (so the tests above test
    something): markdown-it's linkify or GitHub's own rules find each."""
    for title in AUTOLINK_TITLES + EMAIL_TITLES:
        assert gfm(title).paragraphs[0].links != [], title


HOSTILE_PIECES = [
    "spikes", "Spiking", " ", " ", "a", "x", "1", "é", "中", "🔥",
    "@", "a@b.co", "user.name+tag@example.org", "mailto:", "xmpp:", "MAILTO:", ":", "/", "//",
    "www.", "WWW.", "www", ".", ".org", ".io", "example.com", "https://", "http://", "ftp://",
    "HTTP://", "~", "~~", "~~x~~", "|", "$", "$$", "$x$", "`", "``", "<b>", "</i>", "<!--", "-->",
    "<https://a.org>", "[", "]", "(", ")", "![", "](", "[^1]", "[ ]", "*", "**", "_", "__", "\\",
    "&amp;", "&#64;", "&commat;", "#", "-", "+", "=", ">", "1.", "2)", "---", "===", "    ",
]
hostile_text = st.lists(st.sampled_from(HOSTILE_PIECES) | st.characters(
    blacklist_categories=("Cs",)), min_size=1, max_size=14).map("".join)
hostile_venue_text = st.lists(st.sampled_from([*HOSTILE_PIECES, "\n", "\r\n", "\n# Injected\n",
                                               "\n- item\n", "\n\n| a | b |\n| - | - |\n"]),
                              min_size=1, max_size=10).map("".join)


def _checked(validate, text: str, *what: str) -> str | None:
    try:
        return validate(text, *what)
    except InvalidInput:
        return None


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw_titles=st.lists(hostile_text, min_size=1, max_size=4), raw_abbr=hostile_venue_text,
       raw_name=hostile_venue_text)
@example(raw_titles=["Spikes at a@b.co"], raw_abbr="CVPR", raw_name="Vision")
@example(raw_titles=["xmpp:a@b.co/x"], raw_abbr="CVPR", raw_name="Vision")
@example(raw_titles=["Spiking"], raw_abbr="CVPR", raw_name="Vision\n# Injected\n- item")
@example(raw_titles=["Spiking"], raw_abbr="A", raw_name="mail a@b.co")
def test_no_title_or_venue_name_adds_a_link_or_a_block_on_github(
        raw_titles: list[str], raw_abbr: str, raw_name: str) -> None:
    """Whatever a title or a venue's abbreviation or name holds, either the validators refuse
    it, or the README shows it exactly, with no link, block or syntax of its own, as GitHub
    reads Markdown (autolinks included). (A refused title is left out; a refused venue text
    is replaced by a plain one.)"""
    titles = [title for title in (_checked(validate_title, raw) for raw in raw_titles) if title]
    abbr = _checked(validate_venue_name, raw_abbr, "venue abbreviation")
    name = _checked(validate_venue_name, raw_name)
    for raw, checked in [(raw_abbr, abbr), (raw_name, name)]:
        assert checked is None or not ("\n" in raw or "\r" in raw)
    assume(titles)
    venue = Venue(abbr or "CVPR", name or "Vision")
    heading = (venue.abbr if venue.name.casefold() == venue.abbr.casefold()
               else f"{venue.abbr} ({venue.name})")
    _assert_shown_exactly(_papers_markdown(titles, venue), titles, heading)


@pytest.mark.parametrize("name", [
    "Vision\n# Injected heading\n- injected item",
    "Vision\r\n\r\n| a | b |\r\n| --- | --- |\r\n| c | d |",
    "Vision\n\n```\ncode\n```",
    "Vision\n    indented code\n> quote\n1. numbered",
    "Vision\r---\r",
])
def test_a_venue_name_with_line_breaks_adds_no_block_even_unchecked(name: str) -> None:
    """The validators refuse a line break in a venue name; the README stays safe for a venue
    made without them: its line breaks become spaces."""
    with pytest.raises(InvalidInput, match="one line"):
        validate_venue_name(name)
    venue = Venue("CVPR", name)
    heading = "CVPR (" + " ".join(name.replace("\r", "\n").split("\n")).strip() + ")"
    heading = " ".join(heading.split(" "))
    title = "A Spiking Title"
    shown = gfm(_papers_markdown([title], venue))
    assert [level for level, _h in shown.headings] == [1, 1, 2]
    assert shown.headings[2][1].syntax == [] and shown.headings[2][1].links == []
    assert shown.blocks.count("heading_open") == 3 and shown.blocks.count("list_item_open") == 3
    assert set(shown.blocks) == {"heading_open", "bullet_list_open", "list_item_open"}
    assert shown.paragraphs == []
    assert [(item.text, item.links) for item in shown.items[2:]] == [(f"{title} []", [("paper", f"{PAPER_URL}0")])]
