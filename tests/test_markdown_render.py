from __future__ import annotations

import re

import pytest
from mdparse import render

from awesome_snn.markdown_import import import_markdown
from awesome_snn.markdown_render import Slugger, escape_inline, render_markdown, slugify
from awesome_snn.model import Catalog, Link, Paper, Venue


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
    text = render_markdown(import_markdown(seed_text).catalog)
    assert text.startswith("# Awesome SNN Conference Paper [![Awesome]")
    assert text.index("🔥 This repo") < text.index("- [2023](#2023)") < text.index("\n# 2023\n")
    assert text.index("\n# 2023\n") < text.index("\n# 2022\n") < text.index("\n# Starchart\n")
    assert text.endswith(")\n") and not text.endswith("\n\n")
    assert "- Spikformer: When Spiking Neural Network Meets Transformer \\[[paper](https://openreview.net/forum?id=frE4fUwz_h)\\] \\[[code](https://github.com/ZK-Zhou/spikformer)\\]" in text


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
