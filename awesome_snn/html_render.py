"""The catalog as one self-contained, browsable HTML page.

Pure: the same catalog always gives the same bytes. The page loads nothing at view time but
the list's own remote images (badge, star chart), which it works without. Its style and
script are inline and pinned by hash in a strict Content-Security-Policy, so nothing else can
run even if a catalog value slipped through; and nothing does slip through: every catalog
value is HTML-escaped, and only http(s) URLs become links or images.

Without JavaScript every paper is shown and the filter bar stays hidden. With it, each paper's
``data-*`` attributes (venue, year, code, and the folded words it is searched by: title,
venue, year and every author's name) drive a
filter that keeps its state in the URL's query string (``?q=&venue=&year=&code=1``).
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from importlib.resources import files

from awesome_snn.markdown_html import render_inline, render_markdown_html, safe_url
from awesome_snn.markdown_render import Slugger, introduction_markdown
from awesome_snn.model import NO_VENUE, OTHER_GROUP, Catalog, Paper
from awesome_snn.search import fold


def _asset(name: str) -> str:
    return files("awesome_snn").joinpath("page", name).read_text(encoding="utf-8")


def csp_hash(source: str) -> str:
    """The CSP source expression that allows exactly this inline ``<style>``/``<script>``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(style: str, script: str) -> str:
    """Nothing is allowed but the page's own inline style and script (by hash) and https
    images; no plugins, no base URL changes, no form submission."""
    return "; ".join([
        "default-src 'none'",
        f"style-src {csp_hash(style)}",
        f"script-src {csp_hash(script)}",
        "img-src https: data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _plural(count: int) -> str:
    return f"{count} paper" if count == 1 else f"{count} papers"


def _paper_links(paper: Paper) -> tuple[str, bool]:
    """The paper's links as HTML, and whether one of them is a usable code link. A link
    whose URL is not http(s) is left out: the page never links to anything else."""
    anchors = []
    has_code = False
    for link in paper.links:
        url = safe_url(link.url)
        if url is None:
            continue
        has_code = has_code or link.label == "code"
        css_class = "code" if link.label == "code" else "link"
        anchors.append(f'<a class="{css_class}" href="{_attr(url)}">{escape(link.label)}</a>')
    return " ".join(anchors), has_code


SHOWN_AUTHORS = 3
"""Authors shown under a title; "et al." stands for the rest (all are searched)."""


def shown_authors(authors: tuple[str, ...]) -> str:
    """``A, B, C et al.``: the first ``SHOWN_AUTHORS`` names, then "et al." for the rest."""
    shown = ", ".join(authors[:SHOWN_AUTHORS])
    return f"{shown} et al." if len(authors) > SHOWN_AUTHORS else shown


def render_paper(paper: Paper) -> str:
    links, has_code = _paper_links(paper)
    searched = fold(" ".join((paper.title, paper.venue, str(paper.year), *paper.authors)))
    links_html = f' <span class="links">{links}</span>' if links else ""
    authors_html = (f' <span class="authors">{escape(shown_authors(paper.authors))}</span>'
                    if paper.authors else "")
    return (
        f'<li class="paper" data-venue="{_attr(paper.venue or OTHER_GROUP)}" data-year="{paper.year}"'
        f' data-code="{int(has_code)}" data-search="{_attr(searched)}">'
        f'<span class="title">{escape(paper.title)}</span>{authors_html}{links_html}</li>'
    )


def _filters(years: list[int], venues: list[str]) -> str:
    """The filter bar: hidden in the HTML, shown by the script (useless without it)."""
    venue_options = "".join(f'<option value="{_attr(v or OTHER_GROUP)}">{escape(v or OTHER_GROUP)}'
                            '</option>' for v in venues)
    year_options = "".join(f'<option value="{y}">{y}</option>' for y in years)
    return "\n".join([
        '<form id="filters" class="filters" role="search" aria-label="Filter papers" hidden>',
        '<div class="field search"><label for="q">Search titles, venues, years</label>',
        '<div class="search-box"><input id="q" name="q" type="search" autocomplete="off"'
        ' spellcheck="false" placeholder="e.g. spiking transformer" aria-keyshortcuts="/">'
        '<kbd title="Press / to search">/</kbd></div></div>',
        '<div class="field"><label for="venue">Venue</label><select id="venue" name="venue">'
        f'<option value="">All venues</option>{venue_options}</select></div>',
        '<div class="field"><label for="year">Year</label><select id="year" name="year">'
        f'<option value="">All years</option>{year_options}</select></div>',
        '<div class="field check"><input id="code" name="code" type="checkbox" value="1">'
        '<label for="code">Has code</label></div>',
        '<button id="clear" type="button">Clear</button>',
        "</form>",
    ])


def render_html(catalog: Catalog) -> str:
    """The whole page: title, badge and introduction, the filter bar, a table of contents,
    the papers by year (newest first) and venue (catalog order) with counts, the closing."""
    style, script = _asset("page.css"), _asset("page.js")
    texts = catalog.texts
    sections = catalog.sections()
    venue_headings = {v.abbr: v for v in catalog.venues}
    venues_in_use = {p.venue for p in catalog.papers}
    venue_order = [v.abbr for v in catalog.venues if v.abbr in venues_in_use]
    venue_order += sorted(venues_in_use - set(venue_order) - {NO_VENUE})
    if NO_VENUE in venues_in_use:
        venue_order.append(NO_VENUE)
    slugger = Slugger()
    toc: list[str] = []
    body: list[str] = []
    for year, venues in sections:
        year_id = slugger.slug(str(year))
        year_count = sum(len(papers) for _abbr, papers in venues)
        toc_venues: list[str] = []
        body.append(f'<section class="year" id="{year_id}" aria-labelledby="h-{year_id}">')
        body.append(f'<h2 class="year-heading" id="h-{year_id}">{year}'
                    f' <span class="count">{_plural(year_count)}</span></h2>')
        for abbr, papers in venues:
            shown = abbr or OTHER_GROUP  # papers the list names no venue for
            venue_id = slugger.slug(f"{year} {shown}")
            venue = venue_headings.get(abbr)
            name = venue.name if venue and venue.name.casefold() != abbr.casefold() else ""
            name_html = f' <span class="venue-name">{escape(name)}</span>' if name else ""
            body.append(f'<section class="venue" id="{venue_id}" aria-labelledby="h-{venue_id}">')
            body.append(f'<h3 class="venue-heading" id="h-{venue_id}">{escape(shown)}'
                        f' <span class="count">{_plural(len(papers))}</span>{name_html}</h3>')
            body.append('<ul class="papers">')
            body.extend(render_paper(paper) for paper in papers)
            body.append("</ul>\n</section>")
            toc_venues.append(
                f'<li data-target="{venue_id}"><a href="#{venue_id}">{escape(shown)}</a>'
                f' <span class="count">{len(papers)}</span></li>')
        body.append("</section>")
        toc.append(f'<li data-target="{year_id}"><a href="#{year_id}">{year}</a>'
                   f' <span class="count">{year_count}</span><ul>{"".join(toc_venues)}</ul></li>')

    badge = render_inline(texts.badge.strip())
    intro = render_markdown_html(introduction_markdown(texts, catalog.venues), heading_offset=1)
    closing = render_markdown_html(texts.closing, heading_offset=1)
    total = len(catalog.papers)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" '
        f'content="{_attr(content_security_policy(style, script))}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="generator" content="snn-papers">',
        f"<title>{escape(texts.title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#papers">Skip to the papers</a>',
        '<div class="page">',
        "<header>",
        f"<h1>{escape(texts.title)}</h1>",
        f'<p class="badge">{badge}</p>' if badge else "",
        "</header>",
        # The search and filters come first, inside the first screen on a phone as on a
        # desktop; the list's own texts follow them, folded in a disclosure (open).
        '<div class="bar">',
        _filters([year for year, _ in sections], venue_order),
        f'<p id="status" class="status" role="status">{_plural(total)}.</p>',
        "</div>",
        '<details class="about" open><summary>About this list</summary>'
        f'<div class="intro">\n{intro}\n</div></details>' if intro else "",
        f'<details class="toc"><summary>Contents</summary><ol>{"".join(toc)}</ol></details>'
        if toc else "",
        '<main id="papers">',
        *body,
        '<p id="empty" class="empty" hidden>No paper matches these filters.</p>',
        "</main>",
        f'<section class="closing">\n{closing}\n</section>' if closing else "",
        "<footer><p>Made with snn-papers from the list's catalog.</p></footer>",
        "</div>",
        f"<script>{script}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"
