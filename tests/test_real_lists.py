"""The list as it stands today, read without losing a line (issue 14).

The oracle for every count here is the README itself read with a real CommonMark parser
(markdown-it-py), never the importer: which list items stand under a year section, their
titles and links, and which entries repeat (a title folded here by its own rule, case and
punctuation ignored, and the same year).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cli_helpers import invoke
from conftest import NEWEST_LIST, SHIPPED, THEBRAINLAB, YFGUO91
from markdown_it import MarkdownIt
from mdparse import render

from awesome_snn.catalog import open_catalog
from awesome_snn.item_reading import read_item
from awesome_snn.markdown_import import MERGED, NO_VENUE_GIVEN, NOTE, import_markdown
from awesome_snn.markdown_render import render_markdown
from awesome_snn.model import Catalog

YEAR = re.compile(r"(?:19|20)\d\d")


def folded(title: str) -> str:
    """Case, accents and punctuation ignored (the test's own rule, not the package's)."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", title.casefold())
                    if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", plain))


@dataclass
class SourceItem:
    line: int
    """1-based line of the item in the README."""
    year: int
    heading: str
    """The venue heading above it ('' when the year has none)."""
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)


def _text(children: list) -> str:
    return "".join(c.content for c in children if c.type in ("text", "code_inline"))


def year_items(markdown: str) -> list[SourceItem]:
    """Every top-level list item standing under a year heading (any level: '# 2023',
    '### 2025'), until a heading as high as the year's that is no year; its venue heading is
    the deeper heading above it. Title: the text before the first link; links: (text, href)."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    items: list[SourceItem] = []
    year = None
    year_level = 0
    heading = ""
    depth = 0
    current: SourceItem | None = None
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
            text = _text(tokens[index + 1].children).strip()
            if YEAR.fullmatch(text):
                year, year_level, heading = int(text), level, ""
            elif year is not None and level > year_level:
                heading = text
            else:
                year = None
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and depth == 1 and year is not None:
            current = SourceItem(token.map[0] + 1, year, heading, "")
            items.append(current)
        elif token.type == "list_item_close" and depth == 1:
            current = None
        elif token.type == "inline" and current is not None and not current.title and not current.links:
            # Text before the first link, else between the first and the second ('- [[AAAI](url)]
            # Title'); a bold '(**Venue Year**)' note ends the title.
            segments: list[list[str]] = [[]]
            href = None
            noted = False
            for child in token.children:
                if child.type == "link_open":
                    href = child.attrs["href"]
                    current.links.append(("", href))
                    segments.append([])
                elif child.type == "link_close":
                    href = None
                elif href is not None and child.type == "text":
                    label, url = current.links[-1]
                    current.links[-1] = (label + child.content, url)
                elif child.type == "strong_open" and segments[-1] and segments[-1][-1].endswith("("):
                    segments[-1][-1] = segments[-1][-1][:-1]
                    noted = True
                elif not noted and child.type in ("text", "code_inline", "softbreak"):
                    segments[-1].append(child.content if child.type != "softbreak" else " ")
            before = " ".join("".join(segments[0]).split()).rstrip("[").strip()
            after = " ".join("".join(segments[1]).split()).strip("[] ") if len(segments) > 1 else ""
            current.title = before or after
    return items


def _venue_of(heading: str) -> str:
    """'ICLR-2023' -> 'iclr'; 'IEEE TCYB (IEEE Transactions on Cybernetics)' -> 'ieee tcyb'."""
    name = heading.split(" (")[0]
    name = re.sub(r"[-\s]+(?:19|20)\d\d$", "", name.strip())
    return name.casefold()


NEWEST = NEWEST_LIST.read_text(encoding="utf-8")
SOURCE = year_items(NEWEST)


def _distinct(items: list[SourceItem]) -> dict[tuple[str, int], list[SourceItem]]:
    groups: dict[tuple[str, int], list[SourceItem]] = {}
    for item in items:
        groups.setdefault((folded(item.title), item.year), []).append(item)
    return groups


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return open_catalog(SHIPPED).catalog()


# --- the shipped catalog is the newest list -------------------------------------------------

def test_the_newest_list_has_478_entries_469_distinct() -> None:
    assert len(SOURCE) == 478
    assert len(_distinct(SOURCE)) == 469


def test_the_shipped_catalog_has_exactly_the_distinct_entries_per_year_and_venue(shipped: Catalog) -> None:
    distinct = _distinct(SOURCE)
    expected = Counter((group[0].year, _venue_of(group[0].heading)) for group in distinct.values())
    found = Counter((paper.year, paper.venue.casefold()) for paper in shipped.papers)
    assert found == expected
    # In the list's order, every title as the list writes it.
    assert [(folded(p.title), p.year) for p in shipped.papers] == list(distinct)
    assert [p.title for p in shipped.papers] == [group[0].title for group in distinct.values()]


def test_the_shipped_catalog_has_every_link_of_every_entry_with_its_label(shipped: Catalog) -> None:
    distinct = _distinct(SOURCE)
    for paper, group in zip(shipped.papers, distinct.values(), strict=True):
        links = [(link.label, link.url) for link in paper.links]
        assert links[:len(group[0].links)] == [(label.strip("[] "), url) for label, url in group[0].links]
        urls = {url for _label, url in links}
        for repeat in group[1:]:  # a repeated entry's links are all there too
            assert {url for _label, url in repeat.links} <= urls, (paper.key, repeat.line)


def test_the_shipped_catalog_keeps_the_lists_texts_and_its_licence(shipped: Catalog) -> None:
    texts = shipped.texts
    assert texts.title == "Awesome SNN Conference Paper"
    assert "> [!NOTE]" in texts.introduction
    assert "Thanks so much @[Ruichen0424]" in texts.introduction
    # the list's venue table is the layout's abbreviation table, its names the venues'
    table = [line.split("|")[1:3] for line in NEWEST.split("\n")
             if line.startswith("|") and not line.startswith(("| Abbreviation", "|:"))]
    assert texts.layout.abbreviation_venues == tuple(abbr.strip() for abbr, _name in table)
    names = {v.abbr: v.name for v in shipped.venues}
    assert all(names[abbr.strip()] == name.strip() for abbr, name in table)
    assert "| Abbreviation |" not in texts.introduction
    assert texts.closing.startswith("# Aknowledgement")
    header = SHIPPED.read_text(encoding="utf-8").split("\n[list]\n")[0]
    assert "#   Copyright (c) 2023 Youdong Zhang" in header
    assert "AXYZdong/awesome-snn-conference-paper" in header
    readme = (SHIPPED.parent.parent / "README.md").read_text(encoding="utf-8")
    assert "Copyright (c) 2023 Youdong Zhang" in readme


def test_the_shipped_catalog_is_the_newest_list_imported(tmp_path: Path) -> None:
    """Made by the importer itself: importing the list again gives the same file, but for
    the header comment's paragraph saying where it comes from."""
    (tmp_path / "data").mkdir()
    result = invoke("import", NEWEST_LIST, "-o", tmp_path / "data" / "papers.toml")
    assert result.exit_code == 0, result.output
    made = (tmp_path / "data" / "papers.toml").read_text(encoding="utf-8")
    shipped = SHIPPED.read_text(encoding="utf-8")
    assert made.split("\n[list]\n", 1)[1] == shipped.split("\n[list]\n", 1)[1]


def test_the_export_of_the_shipped_catalog_shows_the_same_papers_in_the_same_sections(shipped: Catalog) -> None:
    readme = render_markdown(shipped)
    rendered = render(readme)
    # the list's own headings ('ICLR-2026'), which import keeps (issue 15)
    # (a browser shows a run of spaces as one: items kept as written may hold two)
    sections = [(int(year), _venue_of(venue), [(" ".join(i.title.split()), i.links) for i in items])
                for year, venue, items in rendered.sections]
    expected: dict[tuple[int, str], list] = {}
    for group in _distinct(SOURCE).values():
        expected.setdefault((group[0].year, _venue_of(group[0].heading)), []).append(group[0].title)
    assert {(year, venue): [title for title, _links in items] for year, venue, items in sections} == expected
    # every link of every paper, labels as stored
    by_title = {(p.title, p.year): [(link.label, link.url) for link in p.links] for p in shipped.papers}
    for year, _venue, items in sections:
        for title, links in items:
            assert links == by_title[(title, year)]
    # every table-of-contents link (the list's HTML contents) resolves to a heading
    ids = {anchor for _level, _text, anchor in rendered.headings}
    anchors = [href for _text, href in rendered.toc] + re.findall(r'href="(#[^"]*)"', readme)
    assert anchors and all(href[1:] in ids for href in anchors)


# --- each list family: nothing lost --------------------------------------------------------

LISTS = {"newest": NEWEST_LIST, "thebrainlab": THEBRAINLAB, "yfguo91": YFGUO91}


@pytest.mark.parametrize("name", LISTS)
def test_every_item_under_a_year_is_a_paper_or_a_repeat_merged_into_one(name: str) -> None:
    text = LISTS[name].read_text(encoding="utf-8")
    items = year_items(text)
    result = import_markdown(text)
    merged = [remark for remark in result.remarks if remark.kind == MERGED]
    unreadable = [line for line in result.skipped if line.line in {item.line for item in items}]
    assert len(result.catalog.papers) + len(merged) + len(unreadable) == len(items)
    assert unreadable == [] and result.skipped == ()
    assert len(result.catalog.papers) == len(_distinct(items))
    assert [p.line for p in result.catalog.papers] == [g[0].line for g in _distinct(items).values()]


def test_thebrainlab_items_give_venue_and_year_and_group_lines_are_no_papers() -> None:
    result = import_markdown(THEBRAINLAB.read_text(encoding="utf-8"))
    papers = {p.title: p for p in result.catalog.papers}
    robust = papers["Robustify Spiking Neural Networks via Dominant Singular Deflation under"
                    " Heterogeneous Training Vulnerability"]
    assert (robust.venue, robust.year) == ("ICLR", 2026)
    lateral = papers["Training Deep Normalization-Free Spiking Neural Networks with Lateral Inhibition"]
    assert (lateral.venue, lateral.year) == ("ICLR", 2026)  # 'Title. (**ICLR 2026**).'
    fatigue = next(p for p in result.catalog.papers if p.title.startswith("Spiking neural networks with fatigue"))
    assert (fatigue.venue, fatigue.year) == ("Nature Electronics", 2026)  # the item's year, under 2025
    review = papers["Direct Training High-Performance Deep Spiking Neural Networks: A Review of Theories"
                    " and Methods"]
    assert [(link.label, link.url) for link in review.links] == [
        ("paper", "https://www.frontiersin.org/journals/neuroscience/articles/10.3389/fnins.2024.1383844/full"),
        ("arxiv", "https://arxiv.org/abs/2405.04289v2")]
    assert (review.venue, review.year) == ("Frontiers in Neuroscience", 2024)
    # no venue given: imported without one, reported by line, never given one
    no_venue = [p for p in result.catalog.papers if p.venue == ""]
    assert [p.title for p in no_venue] == [
        "Brain-Inspired Spiking Neural Networks for Industrial Fault Diagnosis: A Survey, Challenges,"
        " and Opportunities.", "Q-SNNs: Quantized Spiking Neural Networks.",
        "Scalable MatMul-free Language Modeling.", "Spike-driven Transformer"]
    assert sorted(r.line for r in result.remarks if r.kind == NO_VENUE_GIVEN) == sorted(p.line for p in no_venue)
    assert result.ignored == 9  # the bold group lines
    assert "Reference" not in result.catalog.texts.introduction
    assert result.catalog.texts.closing.startswith("### Reference")
    assert "<summary> News 2026 </summary>" in result.catalog.texts.introduction


def test_yfguo91_items_take_the_venue_from_their_first_link() -> None:
    result = import_markdown(YFGUO91.read_text(encoding="utf-8"))
    first = result.catalog.papers[0]
    assert (first.title, first.venue, first.year) == (
        "Efficient 3D Recognition with Event-driven Spike Sparse Convolution", "AAAI", 2025)
    assert [(link.label, link.url) for link in first.links] == [
        ("paper", "https://arxiv.org/pdf/2412.07360"), ("code", "https://github.com/bollossom/E-3DSNN/")]
    assert Counter(p.venue for p in result.catalog.papers) == {
        "AAAI": 7, "ICLR": 3, "ECCV": 5, "ACM MM": 1, "NeurIPS": 7}
    assert not any("中文" in p.title or "2023年" in p.title for p in result.catalog.papers)


@pytest.mark.parametrize(("item", "title", "links", "note"), [
    ("Title [[paper](https://a.org/p)] [code]", "Title", [("paper", "https://a.org/p")], "[code]"),
    ("Title [[paper](https://a.org/p)] [[code]]", "Title", [("paper", "https://a.org/p")], "[[code]]"),
    ("Title [code]", "Title", [], "[code]"),
    ("Title (**AAAI 2026**). [[paper]()]", "Title", [], "[[paper]()]"),
    ("Title [paper] [code]", "Title", [], "[paper] [code]"),
    ("Title [[paper](https://a.org/p)] [[code](https://a.org/c)] accepted as oral",
     "Title", [("paper", "https://a.org/p"), ("code", "https://a.org/c")], "accepted as oral"),
    ("Reducing ANN-SNN Conversion Error [[paper](https://arxiv.org/abs/2302.02091) ]",
     "Reducing ANN-SNN Conversion Error", [("paper", "https://arxiv.org/abs/2302.02091")], ""),
    ("Title [[paper](https://a.org/p)] [[paper](https://a.org/q)]", "Title",
     [("paper", "https://a.org/p"), ("paper 2", "https://a.org/q")], ""),
])
def test_the_forms_that_were_dropped_are_read(item: str, title: str, links: list, note: str) -> None:
    reading = read_item(item)
    assert (reading.title, list(reading.links)) == (title, links)
    assert " ".join(written for written, _why in reading.unread) == note


def test_what_an_item_holds_that_cannot_be_read_is_kept_in_its_note_and_reported() -> None:
    text = ("# 2023\n\n## ICLR\n\n- A Spiking Title [[paper](https://a.org/1)] [code]\n"
            "- Another Spiking Title [[paper](https://a.org/2)] accepted as oral\n")
    result = import_markdown(text)
    assert [(p.title, p.note) for p in result.catalog.papers] == [
        ("A Spiking Title", "[code]"), ("Another Spiking Title", "accepted as oral")]
    assert [(r.line, r.kind) for r in result.remarks] == [(5, NOTE), (6, NOTE)]
    assert "[code] has no URL" in result.remarks[0].reason


def test_a_repeated_entry_is_one_paper_with_the_links_of_both() -> None:
    text = ("# 2023\n\n## ICLR\n\n- Spiking Things [[paper](https://a.org/1)]\n\n## ICML\n\n"
            "- Spiking things! [[paper](https://a.org/2)] [[code](https://c.org/x)]\n"
            "- Spiking Things [[paper](https://a.org/1)]\n")
    result = import_markdown(text)
    assert [(p.title, p.venue, [(link.label, link.url) for link in p.links]) for p in result.catalog.papers] == [
        ("Spiking Things", "ICLR", [("paper", "https://a.org/1"), ("paper 2", "https://a.org/2"),
                                    ("code", "https://c.org/x")])]
    assert [(r.line, r.kind) for r in result.remarks] == [(9, MERGED), (10, MERGED)]
    assert "line 5" in result.remarks[0].reason


# --- papers without a venue ------------------------------------------------------------------

OTHER_LIST = ("# L\n\n# 2024\n\n## ICLR\n\n- Spiking A [[paper](https://a.org/a)]\n\n"
              "# 2023\n\n- Spiking B [[paper](https://a.org/b)]\n")


def test_a_paper_without_a_venue_is_stored_without_one_and_shown_under_other(tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text(OTHER_LIST, encoding="utf-8")
    catalog = tmp_path / "c.toml"
    result = invoke("import", md, "-o", catalog)
    assert result.exit_code == 0, result.output
    assert "11\tno venue given" in result.stderr
    text = catalog.read_text(encoding="utf-8")
    table = text[text.index('key = "spiking-b-2023"'):]
    assert "venue" not in table.split("[papers.links]")[0]
    assert invoke("check", "--catalog", catalog).exit_code == 0
    readme = invoke("export", "--catalog", catalog).stdout
    assert "# 2023\n\n## Other\n\n- Spiking B" in readme
    # the list has no contents, and import keeps that; the default layout lists Other in its own
    assert "](#" not in readme
    assert "  - [Other](#other)" in invoke("export", "--catalog", catalog, "--style", "default").stdout
    # the README imports back as the same papers
    again = import_markdown(readme).catalog
    assert [(p.title, p.venue, p.year) for p in again.papers] == [("Spiking A", "ICLR", 2024), ("Spiking B", "", 2023)]
    page = invoke("export", "--catalog", catalog, "--format", "html").stdout
    assert 'data-venue="Other"' in page and '<option value="Other">Other</option>' in page
    assert ">Other <span class=\"count\">1 paper</span>" in page
    listed = invoke("list", "--catalog", catalog).stdout.splitlines()
    assert listed[-1].split("\t")[:4] == ["Spiking B", "spiking-b-2023", "", "2023"]
    only_other = invoke("list", "--catalog", catalog, "--venue", "other").stdout.splitlines()
    assert [line.split("\t")[0] for line in only_other] == ["Spiking B"]
    bibtex = invoke("export", "--catalog", catalog, "--format", "bibtex").stdout
    assert "@misc{spiking-b-2023,\n  title = {{Spiking B}},\n  year  = {2023}," in bibtex
    records = invoke("export", "--catalog", catalog, "--format", "json").stdout
    assert '"venue": "",\n    "venue_name": "",\n    "venue_kind": "",' in records
    for fmt in ("json", "csv", "bibtex"):
        assert invoke("export", "--catalog", catalog, "--format", fmt).exit_code == 0, fmt


# --- merging lists ---------------------------------------------------------------------------

def _page(url: str) -> str:
    """One form for the links of one page: no scheme, 'www.', trailing slash or case; an
    arXiv paper without its version and pdf/abs form."""
    url = re.sub(r"^https?://(www\.)?", "", url.strip()).rstrip("/").casefold()
    arxiv = re.fullmatch(r"arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?", url)
    return f"arxiv:{arxiv.group(1)}" if arxiv else url


def test_three_lists_merge_into_one_catalog_without_a_repeated_paper(tmp_path: Path) -> None:
    catalog = tmp_path / "merged.toml"
    assert invoke("import", NEWEST_LIST, "-o", catalog).exit_code == 0
    for other in (THEBRAINLAB, YFGUO91):
        result = invoke("import", other, "--catalog", catalog)
        assert result.exit_code == 0, result.output
    papers = open_catalog(catalog).catalog().papers
    identities = Counter((folded(p.title), p.year) for p in papers)
    assert [identity for identity, count in identities.items() if count > 1] == []
    # every item of every list is in the result: by its title (any year: a list may date a
    # paper by its arXiv version), or, merged into the paper it duplicates (a very similar
    # title, a shared link), by each of its links
    titles = {folded(p.title) for p in papers}
    urls = {_page(link.url) for p in papers for link in p.links}
    for source in LISTS.values():
        for item in year_items(source.read_text(encoding="utf-8")):
            assert folded(item.title) in titles or {_page(url) for _l, url in item.links} <= urls, item
    # a paper the newest list has gains the other list's link
    residual = next(p for p in papers if p.title == "Deep Residual Learning in Spiking Neural Networks")
    assert "https://openreview.net/pdf?id=6OoCDvFV4m" in [link.url for link in residual.links]
    assert len(papers) > 469
