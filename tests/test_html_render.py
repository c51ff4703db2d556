from __future__ import annotations

import base64
import hashlib
import subprocess
import sys

import pytest
from cli_helpers import process_env
from conftest import CATALOG
from hostile_catalog import HOSTILE, HOSTILE_TITLES, HOSTILE_VENUE
from htmldom import Element, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from awesome_snn.catalog import open_catalog
from awesome_snn.html_render import render_html
from awesome_snn.markdown_html import render_markdown_html, safe_url
from awesome_snn.model import Catalog, Link, Paper, Venue
from awesome_snn.search import fold

_VIEW = open_catalog(CATALOG)
REAL = _VIEW.catalog()

def _plural(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def _papers(page: Element) -> list[Element]:
    return page.find_all("li", "paper")


def _own_text(element: Element) -> str:
    """An element's text without the text of its ``.count`` and ``.venue-name`` parts."""
    parts = []
    for child in element.children:
        if isinstance(child, str):
            parts.append(child)
        elif not {"count", "venue-name"} & set(child.classes):
            parts.append(child.text())
    return "".join(parts).strip()


def _csp_sources(page: Element) -> dict[str, list[str]]:
    metas = [m for m in page.find_all("meta") if m.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    directives = [d.split() for d in (metas[0].get("content") or "").split(";")]
    return {d[0]: d[1:] for d in directives if d}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_real_catalog_loads_without_problems() -> None:
    assert _VIEW.problems == () and len(REAL.papers) == 93


def test_every_paper_of_the_real_catalog_is_on_the_page_once_in_its_year_and_venue() -> None:
    page = parse(render_html(REAL))
    shown = []
    for item in _papers(page):
        venue_section = item.ancestor("section", "venue")
        year_section = venue_section.ancestor("section", "year")
        shown.append((
            int(_own_text(year_section.find("h2"))),
            _own_text(venue_section.find("h3")),
            item.find("span", "title").text(),
            item.get("data-venue"),
            item.get("data-year"),
        ))
    expected = [(year, abbr, paper.title, paper.venue, str(paper.year))
                for year, venues in REAL.sections() for abbr, papers in venues for paper in papers]
    assert shown == expected
    assert len({title for _y, _v, title, _dv, _dy in shown}) == 93


def test_every_link_is_present_with_its_label_and_exact_url() -> None:
    page = parse(render_html(REAL))
    by_title = {item.find("span", "title").text(): item for item in _papers(page)}
    for paper in REAL.papers:
        anchors = by_title[paper.title].find_all("a")
        assert [(a.text(), a.get("href")) for a in anchors] == [
            (link.label, link.url) for link in paper.links]


def test_each_paper_carries_the_data_the_filters_use() -> None:
    page = parse(render_html(REAL))
    by_title = {item.find("span", "title").text(): item for item in _papers(page)}
    assert sum(item.get("data-code") == "1" for item in by_title.values()) == 34
    for paper in REAL.papers:
        item = by_title[paper.title]
        assert item.get("data-code") == ("1" if paper.has_code else "0")
        assert item.get("data-search") == fold(f"{paper.title} {paper.venue} {paper.year}")


def test_year_and_venue_sections_and_contents_show_their_paper_counts() -> None:
    page = parse(render_html(REAL))
    toc = page.find("details", "toc")
    for year, venues in REAL.sections():
        year_section = page.by_id(str(year))
        year_total = sum(len(papers) for _abbr, papers in venues)
        assert year_section.find("h2").find("span", "count").text() == _plural(year_total)
        venue_sections = [s for s in year_section.find_all("section", "venue")]
        assert [_own_text(s.find("h3")) for s in venue_sections] == [a for a, _p in venues]
        for section, (_abbr, papers) in zip(venue_sections, venues, strict=True):
            assert section.find("h3").find("span", "count").text() == _plural(len(papers))
            entry = [li for li in toc.find_all("li") if li.get("data-target") == section.get("id")]
            assert entry[0].find("a").get("href") == "#" + (section.get("id") or "")
            assert entry[0].find("span", "count").text() == str(len(papers))
    assert page.by_id("status").text() == "93 papers."


def test_filters_offer_every_venue_and_year_and_stay_hidden_without_javascript() -> None:
    page = parse(render_html(REAL))
    form = page.by_id("filters")
    assert "hidden" in form.attrs
    assert not any("hidden" in item.attrs for item in _papers(page))
    assert not any("hidden" in s.attrs for s in page.find_all("section"))
    venues = [o.get("value") for o in page.by_id("venue").find_all("option")]
    in_use = {p.venue for p in REAL.papers}
    assert venues == [""] + [v.abbr for v in REAL.venues if v.abbr in in_use]
    assert [o.get("value") for o in page.by_id("year").find_all("option")] == ["", "2023", "2022"]
    for control in ("q", "venue", "year", "code"):
        labels = [lab for lab in page.find_all("label") if lab.get("for") == control]
        assert len(labels) == 1 and labels[0].text().strip()


def test_page_shows_the_lists_title_badge_introduction_and_closing() -> None:
    page = parse(render_html(REAL))
    assert page.find("title").text() == page.find("h1").text() == "Awesome SNN Conference Paper"
    badge = page.find("p", "badge")
    assert badge.find("a").get("href") == "https://awesome.re"
    assert badge.find("img").get("src") == "https://awesome.re/badge-flat.svg"
    intro = page.find("div", "intro")
    assert "Spiking Neural Networks" in [s.text() for s in intro.find_all("strong")]
    assert intro.find("a").get("href") == "https://blog.csdn.net/qq_43622216/article/details/124163883"
    closing = page.find("section", "closing")
    assert closing.find("h2").text() == "Starchart"
    assert closing.find("img").get("src") == (
        "https://api.star-history.com/svg?repos=AXYZdong/awesome-snn-conference-paper&type=Date")


@pytest.mark.parametrize("catalog", [REAL, HOSTILE], ids=["real", "hostile"])
def test_csp_allows_exactly_the_one_inline_style_and_script_and_nothing_external(
        catalog: Catalog) -> None:
    page = parse(render_html(catalog))
    csp = _csp_sources(page)
    scripts, styles = page.find_all("script"), page.find_all("style")
    assert len(scripts) == 1 and len(styles) == 1
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == [_sha256(scripts[0].text())]
    assert csp["style-src"] == [_sha256(styles[0].text())]
    assert csp["img-src"] == ["https:", "data:"]
    assert "src" not in scripts[0].attrs and page.find_all("link") == []
    assert not [e.tag for e in page.iter() if "style" in e.attrs]


@pytest.mark.parametrize("catalog", [REAL, HOSTILE], ids=["real", "hostile"])
def test_no_event_handler_and_only_http_links_and_images(catalog: Catalog) -> None:
    page = parse(render_html(catalog))
    for element in page.iter():
        for name, _value in element.attr_pairs:
            assert not name.startswith("on"), (element.tag, name)
        for name in ("href", "src"):
            url = element.get(name)
            if url is not None:
                assert url.startswith("#") or safe_url(url) == url, (element.tag, url)


def test_hostile_catalog_values_show_only_as_text() -> None:
    html = render_html(HOSTILE)
    page = parse(html)
    assert [item.find("span", "title").text() for item in _papers(page)] == HOSTILE_TITLES
    assert page.find("title").text() == page.find("h1").text() == HOSTILE.texts.title
    assert {item.get("data-venue") for item in _papers(page)} == {HOSTILE_VENUE}
    assert _own_text(page.find("h3")) == HOSTILE_VENUE
    assert page.find("span", "venue-name").text() == '<b onclick="alert(7)">bold</b>'
    assert HOSTILE_VENUE in [o.get("value") for o in page.by_id("venue").find_all("option")]
    # Markdown texts: raw HTML is text, javascript:/data: links keep only their text.
    assert page.find("p", "badge").text() == "x <script>alert(4)</script>"
    intro = page.find("div", "intro")
    assert intro.find("p").text() == '<div onclick="alert(5)">raw</div> click'
    assert [a.get("href") for a in intro.find_all("a")] == ["https://example.org/a?b=1&c=2"]
    assert intro.find_all("img") == []
    assert page.find("section", "closing").find("h2").text() == "<i onmouseover=alert(6)>head</i>"
    assert html.count("<script") == html.count("<style") == 1
    for markup in ("<img src=x", "<b onclick", "<i onmouse", "<svg", "<div onclick", "<title>x"):
        assert markup not in html


def test_unsafe_links_are_left_out_and_a_javascript_code_link_is_not_code() -> None:
    page = parse(render_html(HOSTILE))
    for item in _papers(page):
        assert [(a.text(), a.get("href")) for a in item.find_all("a")] == [
            ("code", 'https://example.org/x?a=1&b="<2>"')]
    unsafe_code = Paper("q", "Unsafe code link", "CVPR", 2023,
                        (Link("code", "javascript:alert(1)"),))
    item = _papers(parse(render_html(Catalog(papers=(unsafe_code,)))))[0]
    assert item.get("data-code") == "0" and item.find_all("a") == []


def test_an_empty_catalog_gives_a_page_with_no_sections() -> None:
    page = parse(render_html(Catalog()))
    assert _papers(page) == [] and page.find_all("section") == []
    assert page.by_id("status").text() == "0 papers."


@pytest.mark.parametrize(("markdown", "expected"), [
    ("**bold** and *em* and `a<b`",
     "<p><strong>bold</strong> and <em>em</em> and <code>a&lt;b</code></p>"),
    ("[a **b**](https://x.org/?q=1&r=2)",
     '<p><a href="https://x.org/?q=1&amp;r=2">a <strong>b</strong></a></p>'),
    ("[![b](https://i.org/b.svg)](https://x.org)",
     '<p><a href="https://x.org"><img src="https://i.org/b.svg" alt="b" loading="lazy"></a></p>'),
    ("[x](javascript:alert(1))", "<p>x</p>"),
    ("![x](data:image/png;base64,AAAA)", "<p>x</p>"),
    ("<https://x.org/a> <javascript:alert(1)>",
     '<p><a href="https://x.org/a">https://x.org/a</a> &lt;javascript:alert(1)&gt;</p>'),
    ('<b onclick="x">raw</b> & more',
     "<p>&lt;b onclick=&quot;x&quot;&gt;raw&lt;/b&gt; &amp; more</p>"),
    (r"\*not em\* \[not link\](https://x.org)", "<p>*not em* [not link](https://x.org)</p>"),
    ("# Title\ntext\nmore", "<h2>Title</h2>\n<p>text\nmore</p>"),
    ("- one\n- **two**\n  wrapped", "<ul><li>one</li><li><strong>two</strong>\nwrapped</li></ul>"),
    ("| a | b |\n|---|:-:|\n| 1 | <i> |",
     "<table><thead><tr><th>a</th><th>b</th></tr></thead>"
     "<tbody><tr><td>1</td><td>&lt;i&gt;</td></tr></tbody></table>"),
    ("```\n<script>x</script>\n```", "<pre><code>&lt;script&gt;x&lt;/script&gt;\n</code></pre>"),
    ("a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>"),
])
def test_markdown_subset_renders_safely(markdown: str, expected: str) -> None:
    assert render_markdown_html(markdown, heading_offset=1) == expected


def _structure(html: str) -> list[tuple[str, tuple[tuple[str, str | None], ...], str]]:
    """Elements in document order with their attributes and own text, whitespace folded."""
    def walk(element: Element):
        for child in element.children:
            if isinstance(child, Element):
                attrs = tuple(sorted((k, v) for k, v in child.attr_pairs if k != "loading"))
                text = " ".join("".join(c for c in child.children if isinstance(c, str)).split())
                yield (child.tag, attrs, text)
                yield from walk(child)
    return list(walk(parse(html)))


@pytest.mark.parametrize("markdown", [
    REAL.texts.introduction, REAL.texts.closing, REAL.texts.badge,
    "Intro with **bold**, *em*, `code` and [a link](https://x.org/a_(b)c).\nSecond line.",
    "## Notes\n\n- first [x](https://x.org)\n- second\n\n"
    "| Abbr | Name |\n| --- | --- |\n| CVPR | Vision |",
])
def test_list_texts_render_as_a_commonmark_parser_renders_them(markdown: str) -> None:
    reference = MarkdownIt("commonmark").enable("table").render(markdown)
    assert _structure(render_markdown_html(markdown)) == _structure(reference)


# --- a list's texts are read in linear time -----------------------------------------------------

# Introductions (Python expressions, built in the child process) that backtracking patterns
# took seconds to hours on ('**a ' x 20,000 took 16 s); about 1 MB each but the first.
HOSTILE_TEXTS = {
    "'**a ' x 20,000": '"**a " * 20_000',
    "'**a ' x 250,000": '"**a " * 250_000',
    "code span starts": '"`a " * 300_000',
    "emphasis starts": '"*a " * 300_000',
    "link starts": '"[a](x" * 200_000',
    "image starts": '"![a](x" * 160_000',
    "autolink starts": '"<https://a" * 100_000',
    "strong around links": '"**[" * 300_000',
    "backtick runs": '"``a`" * 250_000',
    "heading, spaces, a word": '"# a" + " " * 1_000_000 + "x"',
    "heading, spaces and hashes": '"# a" + " #" * 500_000 + "x"',
    "table delimiter, spaces, a word": '"a|b\\n|-|" + " " * 1_000_000 + "x"',
    "table delimiter, dashes and spaces": '"a|b\\n|" + "- " * 500_000 + "x"',
    "bullet with 300,000 lines": '"- a\\n" + "b\\n" * 300_000',
    "nested links in a heading": '"# " + "[" * 200_000 + "a" + "](u)" * 200_000',
}


@pytest.mark.parametrize("build", HOSTILE_TEXTS.values(), ids=HOSTILE_TEXTS)
def test_the_page_and_the_readme_of_a_hostile_text_stays_linear(build: str) -> None:
    """The page and the README of a list whose introduction is the text, each made in a fresh
    interpreter with a generous time limit: a parser quadratic or worse on it does not finish."""
    code = f"""
from awesome_snn.html_render import render_html
from awesome_snn.markdown_render import render_markdown
from awesome_snn.model import Catalog, ListTexts
texts = ListTexts(introduction={build}, closing={build})
render_html(Catalog(texts))
render_markdown(Catalog(texts))
"""
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60, env=process_env())


# --- no title or venue adds an element to the page -----------------------------------------------

page_text = st.lists(st.sampled_from([
    "a", " ", "Spikes", "<", ">", "</li>", "<a href='https://evil.example'>", "<script>", "&", "&amp;",
    "&lt;", '"', "'", "`", "\n", "\r\n", "# x", "- x", "| a |", "[x](https://evil.example)",
    "https://evil.example", "www.evil.example", "a@b.co", "mailto:a@b.co", "**", "_", "~~x~~", "$x$",
    "\u202e", "\x1b[2J", "é", "🔥"]), min_size=1, max_size=10).map("".join)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(titles=st.lists(page_text, min_size=1, max_size=3), abbr=page_text, name=page_text)
def test_no_title_or_venue_adds_an_element_or_a_link_to_the_page(titles: list[str], abbr: str,
                                                                 name: str) -> None:
    """Even unchecked (the validators would refuse some of these), every title and venue
    text is text on the page: the papers' own links are its only links."""
    venue = Venue(abbr, name)
    papers = tuple(Paper(f"p{i}", title, abbr, 2023, (Link("paper", f"https://a.org/{i}"),))
                   for i, title in enumerate(titles))
    html = render_html(Catalog(venues=(venue,), papers=papers))
    page = parse(html)
    items = _papers(page)
    assert [item.find("span", "title").text() for item in items] == titles
    assert [[(a.text(), a.get("href")) for a in item.find_all("a")] for item in items] == [
        [("paper", f"https://a.org/{i}")] for i in range(len(titles))]
    main = page.by_id("papers")
    assert [a.get("href") for a in main.find_all("a")] == [f"https://a.org/{i}" for i in range(len(titles))]
    assert len(main.find_all("li")) == len(titles) and len(main.find_all("h3")) == 1
    assert _own_text(main.find("h3")) == abbr.strip()
    assert html.count("<script") == 1
    hrefs = [a.get("href") or "" for a in page.find_all("a")]
    assert [h for h in hrefs if not h.startswith("#")] == [f"https://a.org/{i}" for i in range(len(titles))]
    assert {element.tag for element in main.iter()} <= {"main", "section", "h2", "h3", "span", "ul", "li",
                                                         "a", "p"}
