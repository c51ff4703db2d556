from __future__ import annotations

import subprocess
import sys

import pytest
from cli_helpers import process_env

from awesome_snn.errors import ImportFailed
from awesome_snn.item_reading import parse_item
from awesome_snn.markdown_import import import_markdown, repair_mojibake
from awesome_snn.markdown_render import render_markdown


def test_seed_gives_93_papers_in_20_sections_of_14_venues(seed_text: str) -> None:
    result = import_markdown(seed_text)
    catalog = result.catalog
    assert len(catalog.papers) == 93
    assert result.sections == 20
    assert len(catalog.venues) == 14
    assert sum(p.has_code for p in catalog.papers) == 34
    assert {p.year for p in catalog.papers} == {2022, 2023}
    assert result.skipped == ()


def test_seed_keeps_sections_order_and_links_exactly(seed_text: str) -> None:
    catalog = import_markdown(seed_text).catalog
    sections = [(year, [(v, len(ps)) for v, ps in venues]) for year, venues in catalog.sections()]
    assert sections == [
        (2023, [("CVPR", 2), ("AAAI", 3), ("ICASSP", 7), ("ICLR", 5), ("IJCNN", 2), ("PAMI", 1),
                ("TNNLS", 3), ("Neural Networks", 1)]),
        (2022, [("CVPR", 6), ("ECCV", 5), ("NeurIPS", 19), ("AAAI", 7), ("ICASSP", 12),
                ("ICML", 4), ("IJCAI", 5), ("ICLR", 4), ("IJCNN", 4), ("Neural Computation", 1),
                ("Neural Networks", 1), ("IEEE TCYB", 1)]),
    ]
    first = catalog.papers[0]
    assert first.title == "Rate Gradient Approximation Attack Threats Deep Spiking Neural Networks"
    assert [(link.label, link.url) for link in first.links] == [
        ("paper", "https://openaccess.thecvf.com/content/CVPR2023/html/Bu_Rate_Gradient_Approximation_Attack_Threats_Deep_Spiking_Neural_Networks_CVPR_2023_paper.html"),
        ("code", "https://github.com/putshua/snn_attack_rga"),
    ]
    # '[[paper]](url)' is read like '[[paper](url)]'.
    macaque = next(p for p in catalog.papers if "Macaque" in p.title)
    assert macaque.paper_url == "https://arxiv.org/abs/2303.06060"
    assert macaque.code_url == "https://github.com/hzc1208/ANN2SNN_SRP"
    # Every URL of the seed is in the catalog, once per place it appears.
    seed_urls = [line.split("](", 1)[1] for line in seed_text.split("[[")[1:] if "](" in line]
    assert len(seed_urls) == sum(len(p.links) for p in catalog.papers)


def test_seed_texts_are_kept_with_repaired_emoji(seed_text: str) -> None:
    texts = import_markdown(seed_text).catalog.texts
    assert texts.title == "Awesome SNN Conference Paper"
    assert texts.badge == "[![Awesome](https://awesome.re/badge-flat.svg)](https://awesome.re)"
    assert texts.introduction.startswith("🔥 This repo collects summit papers")
    assert "🤗 Welcome anyone" in texts.introduction
    assert "ð" not in texts.introduction
    assert "[2023](#2023)" not in texts.introduction  # the old table of contents is dropped
    assert texts.closing.startswith("# Starchart")
    assert "star-history.com" in texts.closing


def test_venue_full_names_come_from_headings_or_the_registry(seed_text: str) -> None:
    catalog = import_markdown(seed_text).catalog
    names = {v.abbr: (v.name, v.kind) for v in catalog.venues}
    assert names["ICASSP"] == ("IEEE International Conference on Acoustics, Speech and Signal"
                               " Processing", "conference")
    assert names["NeurIPS"] == ("Conference on Neural Information Processing Systems", "conference")
    assert names["ECCV"] == ("European Conference on Computer Vision", "conference")
    assert names["IEEE TCYB"] == ("IEEE Transactions on Cybernetics", "journal")
    assert names["Neural Computation"][1] == "journal"


def test_repair_mojibake_fixes_utf8_read_as_cp1252() -> None:
    assert repair_mojibake("ðŸ”¥ hot ðŸ¤— hug") == "🔥 hot 🤗 hug"
    assert repair_mojibake("café naïve — ok Â¡ ðx") == "café naïve — ok Â¡ ðx"


LIST = """# Awesome list

Intro text.

# 2023

{heading}

{items}

# Notes

Closing words.
"""


@pytest.mark.parametrize(
    ("heading", "venue"),
    [
        ("## CVPR", "CVPR"),
        ("## CVPR (IEEE Conference on Computer Vision and Pattern Recognition)", "CVPR"),
        ("## ICLR-2023", "ICLR"),
        ("## Neural Networks-2022", "Neural Networks"),
        ("##   NeurIPS  ", "NeurIPS"),
        ("## NIPS", "NeurIPS"),
        ("## Brand New Workshop (Workshop on Spikes)", "Brand New Workshop"),
    ],
)
def test_import_reads_venue_heading_variants(heading: str, venue: str) -> None:
    text = LIST.format(heading=heading, items="- A Paper [[paper](https://x.org/a)]")
    catalog = import_markdown(text).catalog
    assert [p.venue for p in catalog.papers] == [venue]
    assert catalog.venues[0].abbr == venue


@pytest.mark.parametrize(
    ("item", "title", "links"),
    [
        ("- T1 [[paper](https://a.org/1)] [[code](https://github.com/x/y)]", "T1",
         [("paper", "https://a.org/1"), ("code", "https://github.com/x/y")]),
        ("- T2 [[paper]](https://a.org/2)", "T2", [("paper", "https://a.org/2")]),
        ("* T3 [[paper](https://a.org/3)]", "T3", [("paper", "https://a.org/3")]),
        ("- T4 [[arxiv](https://arxiv.org/abs/1)] [[openreview](https://openreview.net/x)]"
         " [[paper with code](https://paperswithcode.com/p)]", "T4",
         [("arxiv", "https://arxiv.org/abs/1"), ("openreview", "https://openreview.net/x"),
          ("paper with code", "https://paperswithcode.com/p")]),
        ("- T5 without any link", "T5 without any link", []),
        ("-    T6   spaced    [[paper](https://a.org/6)]   ", "T6 spaced",
         [("paper", "https://a.org/6")]),
        ("- T7 \\[[paper](https://a.org/7)\\]", "T7", [("paper", "https://a.org/7")]),
        ("- [T8 as a link](https://a.org/8) [[code](https://github.com/8)]", "T8 as a link",
         [("paper", "https://a.org/8"), ("code", "https://github.com/8")]),
        ("- T9 \\[not a link\\] \\(x\\) [[paper](https://a.org/9)]", "T9 [not a link] (x)",
         [("paper", "https://a.org/9")]),
        ("- T10 [[paper](https://en.wikipedia.org/wiki/Spike_(neuron))]", "T10",
         [("paper", "https://en.wikipedia.org/wiki/Spike_(neuron)")]),
    ],
)
def test_import_reads_item_variants(item: str, title: str, links: list[tuple[str, str]]) -> None:
    catalog = import_markdown(LIST.format(heading="## CVPR", items=item)).catalog
    assert len(catalog.papers) == 1
    paper = catalog.papers[0]
    assert paper.title == title
    assert [(link.label, link.url) for link in paper.links] == links


def test_import_accepts_items_with_or_without_blank_lines() -> None:
    tight = LIST.format(heading="## CVPR", items="- A [[paper](https://a.org/a)]\n- B")
    loose = LIST.format(heading="## CVPR", items="- A [[paper](https://a.org/a)]\n\n\n- B")
    tight_catalog, loose_catalog = import_markdown(tight).catalog, import_markdown(loose).catalog
    assert tight_catalog.papers == loose_catalog.papers
    assert tight_catalog.venues == loose_catalog.venues
    # the layout records what each list wrote: items one below the other, or apart
    assert (tight_catalog.texts.layout.blank_items, loose_catalog.texts.layout.blank_items) == (
        False, True)


def test_import_accepts_crlf_and_bom() -> None:
    text = LIST.format(heading="## CVPR (IEEE CVPR)", items="- A [[paper](https://a.org/a)]")
    plain = import_markdown(text).catalog
    assert import_markdown("\ufeff" + text.replace("\n", "\r\n")).catalog == plain


def test_import_keeps_other_sections_as_the_lists_own_texts() -> None:
    text = """# My List

<details>
<summary>Contents</summary>

- [2023](#2023)
  * [CVPR](#cvpr)
</details>

| Abbr | Name |
|------|------|
| CVPR | Computer Vision and Pattern Recognition |

- not a paper, just a bullet in the introduction

# 2023

## CVPR

- A [[paper](https://a.org/a)]

# Notes

- a note that looks like an item [[link](https://a.org/n)]
"""
    result = import_markdown(text)
    assert [p.title for p in result.catalog.papers] == ["A"]
    intro = result.catalog.texts.introduction
    # the venues' table right after the contents is the layout's abbreviation table: its
    # names go to the venues, the export writes it again from them
    assert "| CVPR |" not in intro
    assert result.catalog.texts.layout.abbreviation_venues == ("CVPR",)
    assert [v.name for v in result.catalog.venues if v.abbr == "CVPR"] == [
        "Computer Vision and Pattern Recognition"]
    table = [line for line in render_markdown(result.catalog).split("\n") if "| CVPR" in line]
    assert [cell.strip() for cell in table[0].split("|")] == [
        "", "CVPR", "Computer Vision and Pattern Recognition", ""]
    assert "- not a paper, just a bullet in the introduction" in intro
    assert "details" not in intro and "(#cvpr)" not in intro
    assert "# Notes" in result.catalog.texts.closing
    assert "a note that looks like an item" in result.catalog.texts.closing


def test_import_drops_a_markdown_table_of_contents_with_its_heading() -> None:
    text = "# L\n\nHello.\n\n## Contents\n\n- [2023](#2023)\n  - [CVPR](#cvpr)\n\n# 2023\n\n## CVPR\n\n- A\n"
    texts = import_markdown(text).catalog.texts
    assert texts.introduction == "Hello."


def test_import_reports_every_unreadable_item_line_by_number() -> None:
    text = """# L

# 2023

- an item before any venue [[paper](https://a.org/0)]

## CVPR

- Good one [[paper](https://a.org/1)]
- [[paper](https://a.org/2)]
- Bad scheme [[paper](javascript:alert(1))]
- Trailing words [[paper](https://a.org/3)] accepted at ICLR too

just some prose in the year
"""
    result = import_markdown(text)
    # Every item with a title is a paper; what could not be read of it stays in its note.
    assert [(p.title, p.venue, [link.url for link in p.links], p.note) for p in result.catalog.papers] == [
        ("an item before any venue", "", ["https://a.org/0"], ""),
        ("Good one", "CVPR", ["https://a.org/1"], ""),
        ("Bad scheme", "CVPR", [], "[[paper](javascript:alert(1))]"),
        ("Trailing words", "CVPR", ["https://a.org/3"], "accepted at ICLR too")]
    assert [(s.line, s.kind) for s in result.remarks] == [(5, "no venue"), (11, "note"), (12, "note")]
    assert "http" in result.remarks[1].reason and "text after the links" in result.remarks[2].reason
    # Not imported: the item with no title, the prose.
    assert [s.line for s in result.skipped] == [10, 14]
    assert "no title" in result.skipped[0].reason


def test_import_of_a_file_without_papers_fails_clearly() -> None:
    with pytest.raises(ImportFailed, match="no paper found"):
        import_markdown("# Just a title\n\nSome text.\n")


def test_parse_item_unescapes_markdown_in_titles() -> None:
    title, links = parse_item(r"A \*star\* \_under\_ \`tick\` \<b\> [[paper](https://a.org)]")
    assert title == "A *star* _under_ `tick` <b>"
    assert links == [("paper", "https://a.org")]


# --- hostile lines: every line shape is read in linear time -----------------------------------

MB = 1_000_000
HEAD = "# List\n\n# 2023\n\n## CVPR\n\n"
# Lines (Python expressions, built in the child process) that backtracking patterns took
# minutes or hours on: a venue heading with 1,000 spaces before its last word took 11 s, with
# 10,000 more than 300 s. Each is about 1 MB.
HOSTILE_LINES = {
    "venue heading, 10,000 spaces, a word": 'HEAD + "## A" + " " * 10_000 + "x\\n"',
    "venue heading, 1 MB of spaces, a word": 'HEAD + "## A" + " " * MB + "x\\n"',
    "venue heading, spaces and hashes": 'HEAD + "## A" + " #" * (MB // 2) + "x\\n"',
    "venue heading, a dash and spaces": 'HEAD + "## A-" + " " * MB + "x\\n"',
    "venue heading, open parentheses": 'HEAD + "## A" + " (" * (MB // 2) + "x)\\n"',
    "year heading, spaces, a word": '"# 2023" + " " * MB + "x\\n" + HEAD',
    "title heading, spaces, a word": '"# Title" + " " * MB + "x\\n" + HEAD',
    "title heading, image starts": '"# Title" + " ![" * (MB // 3) + "\\n" + HEAD',
    "item, link starts without an end": 'HEAD + "- T " + "[a](x" * (MB // 5) + "\\n"',
    "item, 660,000 links (4 MB)": 'HEAD + "- T " + "[a](b)" * (4 * MB // 6) + "\\n"',
    "item, escaped links": 'HEAD + "- T " + "\\\\[[a](https://x.org)] " * (MB // 22) + "\\n"',
    "item, 1 MB of backslashes": 'HEAD + "- T " + "\\\\" * MB + "[[a](https://x.org)]\\n"',
    "item, spaces before a separator": 'HEAD + "- T" + " " * MB + "x - [[paper](https://x.org)]\\n"',
    "item, separators": 'HEAD + "- T " + " -" * (MB // 2) + "x [[paper](https://x.org)]\\n"',
    "item, angle destinations": 'HEAD + "- T " + "[a](<x" * (MB // 6) + "\\n"',
    "item, brackets": 'HEAD + "- " + "[" * MB + "\\n"',
    "item, e-mail starts": 'HEAD + "- T " + "a@a." * (MB // 4) + "\\n"',
    "100,000 <details> lines": '"<details>\\n" * 100_000 + HEAD + "- a [[paper](https://a.org)]\\n"',
    "200,000 title headings": '"intro\\n" + "# x\\n" * 200_000 + HEAD + "- a [[paper](https://a.org)]\\n"',
}


@pytest.mark.parametrize("build", HOSTILE_LINES.values(), ids=HOSTILE_LINES)
def test_import_of_a_hostile_line_stays_linear(build: str) -> None:
    """Each import runs in a fresh interpreter with a generous time limit: a parser that is
    quadratic or worse on the line does not finish (no timing is measured finely)."""
    code = f"""
from awesome_snn.errors import ImportFailed
from awesome_snn.markdown_import import import_markdown
MB, HEAD = {MB}, {HEAD!r}
text = {build}
try:
    import_markdown(text)
except ImportFailed:
    pass
"""
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, env=process_env())


@pytest.mark.parametrize(("heading", "reason"), [
    ("## CV\x1b[2JPR (IEEE Conference on Computer Vision)", "venue abbreviation contains a control character"),
    ("## CVPR (Vision \x1b]8;;https://evil.example\x07here\x1b]8;;\x07)", "venue name contains a control character"),
    ("## CVPR (Write to chair@vision.example.org)", "e-mail address"),
    ("## CVPR (" + "V" * 301 + ")", "at most 300"),
    ("## (2023)", "venue abbreviation is empty"),
])
def test_import_reports_a_venue_heading_that_breaks_the_rules_of_titles_and_its_items(
        heading: str, reason: str) -> None:
    text = ("# 2023\n\n" + heading + "\n\n- A Spiking Title [[paper](https://a.org/1)]\n\n"
            "## ICLR\n\n- Another Spiking Title [[paper](https://a.org/2)]\n")
    result = import_markdown(text)
    # The item under the unreadable heading is kept, without a venue, and reported.
    assert [(p.title, p.venue) for p in result.catalog.papers] == [
        ("A Spiking Title", ""), ("Another Spiking Title", "ICLR")]
    assert [v.abbr for v in result.catalog.venues] == ["ICLR"]
    assert [(s.line, s.text) for s in result.skipped] == [(3, heading)]
    assert reason in result.skipped[0].reason
    assert [(s.line, s.text) for s in result.remarks] == [
        (5, "- A Spiking Title [[paper](https://a.org/1)]")]
    assert "line 3" in result.remarks[0].reason


def test_import_refuses_a_title_holding_an_email_address() -> None:
    result = import_markdown("# 2023\n\n## ICLR\n\n- Mail spikes@example.org [[paper](https://a.org/1)]\n"
                             "- Spike@Scale [[paper](https://a.org/2)]\n")
    assert [p.title for p in result.catalog.papers] == ["Spike@Scale"]
    assert [(s.line, "e-mail address" in s.reason) for s in result.skipped] == [(5, True)]


@pytest.mark.parametrize(("heading", "level", "text"), [
    ("# 2023", 1, "2023"), ("# 2023 #", 1, "2023"), ("## CVPR ##", 2, "CVPR"), ("## C#", 2, "C#"),
    ("## C# ###", 2, "C#"), ("###### Six", 6, "Six"), ("####### Seven", None, None), ("#5", None, None),
    ("#\tTab", 1, "Tab"), ("   ## Indented", 2, "Indented"), ("    ## Code", None, None),
    ("## A \\#", 2, "A \\#"), ("# #", 1, ""), ("#", 1, ""),
])
def test_headings_are_read_as_commonmark_reads_them(heading: str, level: int | None, text: str | None) -> None:
    from markdown_it import MarkdownIt

    from awesome_snn.markdown_html import atx_heading

    tokens = MarkdownIt("commonmark").parse(heading)
    expected = (int(tokens[0].tag[1]), tokens[1].content) if tokens and tokens[0].type == "heading_open" else None
    assert expected == ((level, text) if level else None)
    assert atx_heading(heading) == expected


def test_an_unreadable_venue_heading_is_forgotten_at_the_next_year() -> None:
    result = import_markdown("# 2023\n\n## CV\x07PR\n\n- A [[paper](https://a.org/1)]\n\n# 2022\n\n"
                             "- B [[paper](https://a.org/2)]\n")
    assert [(s.line, s.reason.split(";")[0]) for s in result.skipped] == [
        (3, "venue heading: venue abbreviation contains a control character (tab, NUL, ...): remove it")]
    assert [(s.line, s.reason) for s in result.remarks] == [
        (5, "under the venue heading of line 3, which could not be read: imported without a venue"),
        (9, "no venue given: imported without one (shown under Other)")]
    assert [(p.title, p.venue, p.year) for p in result.catalog.papers] == [("A", "", 2023), ("B", "", 2022)]
