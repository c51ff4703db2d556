"""The catalog as an awesome-list README (Markdown), byte-stable.

Pure functions: the same catalog always gives the same text. Titles are escaped so that
whatever they contain, the rendered item shows exactly the title and adds no link, heading,
list item or HTML; table-of-contents anchors follow GitHub's heading-id rules.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from awesome_snn.item_reading import written_line_holds
from awesome_snn.layout import Layout
from awesome_snn.markdown_html import atx_heading, inline_text
from awesome_snn.model import (
    AS_WRITTEN_KEY,
    NO_VENUE,
    NOTE_KEY,
    OTHER_GROUP,
    Catalog,
    ListTexts,
    Paper,
    Venue,
    extra_text,
    group_sections,
)
from awesome_snn.venues import find_venue, strip_year_suffix

# Characters that can start inline Markdown syntax anywhere in a line (CommonMark + GFM
# strikethrough, tables and GitHub math), and '@' of e-mail autolinks. Each is escaped with a
# backslash.
_INLINE_SYNTAX_RE = re.compile(r"[\\`*_\[\]<>|~$@]")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_BLOCK_START = re.compile(r"^(#|[-+*=>]|\d{1,9}[.)])")
# GFM autolinks. GitHub links http://, https:// and ftp:// URLs and www. names as it reads the
# raw text, so an escaped ':' or the '.' after 'www' keeps them text; other GFM renderers
# (markdown-it's linkify) also link mailto:/xmpp: URLs and bare domain names ('example.org'),
# which an escaped '.' before the top-level domain keeps text. (GitHub also links e-mail
# addresses, after undoing every escape: titles and venue names cannot hold one, see
# model.email_autolink.)
_AUTOLINK_CHAR = re.compile(r"(?i)\.(?:(?<=\S\.)(?=[^\W\d_]{2})|(?<=www\.))"
                            r"|:(?:(?<=http:)|(?<=https:)|(?<=ftp:)|(?<=mailto:)|(?<=xmpp:))")
_LINE_BREAK = re.compile(r"[\r\n]+")
_NEEDS_CARE = re.compile(r"[() <>]")


def one_line(text: str) -> str:
    """``text`` with its line breaks as spaces and no space at either end: what one line of
    Markdown (an item, a heading) can hold without starting another block."""
    if "\n" in text or "\r" in text:
        text = _LINE_BREAK.sub(" ", text)
    return text.strip(" \t")


def escape_inline(text: str) -> str:
    """``text`` as one line of Markdown that renders as exactly ``text`` (line breaks
    aside), with no syntax of its own: no link, emphasis, code, HTML or block."""
    return _safe_ends(_inert_entities_and_autolinks(_INLINE_SYNTAX_RE.sub(r"\\\g<0>", one_line(text))))


def link_destination(url: str) -> str:
    """A link destination for ``url``: bare when safe, else in angle brackets."""
    if not _NEEDS_CARE.search(url):
        return url
    depth = 0
    balanced = True
    for ch in url:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                balanced = False
    if balanced and depth == 0 and not any(c in url for c in " <>"):
        return url
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


class Slugger:
    """GitHub's heading ids (github-slugger): lower case, punctuation dropped, spaces to
    '-', and a repeated id gets '-1', '-2', ... in document order."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, heading_text: str) -> str:
        base = slugify(heading_text)
        slug = base
        while slug in self.seen:
            self.seen[base] += 1
            slug = f"{base}-{self.seen[base]}"
        self.seen[slug] = 0
        return slug


def slugify(text: str) -> str:
    """github-slugger's rule for one heading: keep letters, digits, marks, '_' , '-' and
    spaces; lower-case; each space becomes '-'."""
    kept = []
    for ch in text.lower():
        category = unicodedata.category(ch)
        if ch in "-_ " or category[0] in "LNM" or category == "Pc":
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def demote_top_headings(markdown: str) -> str:
    """``markdown`` with each ``# `` heading (outside code fences) made a ``## `` one."""
    lines = markdown.split("\n")
    fence: str | None = None
    for n, line in enumerate(lines):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)[0]
            fence = marker if fence is None else (None if marker == fence else fence)
            continue
        if fence is None and (heading := atx_heading(line)) and heading[0] == 1:
            lines[n] = "#" + line.lstrip(" ")
    return "\n".join(lines)


def heading_texts(markdown: str) -> list[str]:
    """Plain text of the ATX headings of a Markdown text (outside code fences), enough to
    count GitHub's ids: the text each heading shows (links as their text, images as their
    alt text)."""
    return [text for _level, text in headings_of(markdown)]


def headings_of(markdown: str) -> list[tuple[int, str]]:
    """(level, plain text) of the ATX headings of a Markdown text, outside code fences."""
    texts = []
    fence: str | None = None
    for line in markdown.split("\n"):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0]
            elif marker[0] == fence:
                fence = None
            continue
        if fence is not None:
            continue
        heading = atx_heading(line)
        if heading:
            texts.append((heading[0], inline_text(heading[1])))
    return texts


def _title_line(texts: ListTexts, layout: Layout) -> str:
    if not texts.badge:
        return f"# {texts.title}"
    gap = " " if layout.badge_space else ""
    return f"# {texts.title}{gap}{texts.badge}".rstrip()


_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_ALWAYS = frozenset("`*[]<|~@")
_MATH_KEEPS = frozenset("\\_^{}")


def _math_dollars(text: str) -> bool:
    """Whether the ``$`` of ``text`` pair up as GitHub inline math: ``S$^2$NN``, each pair
    holding text that neither starts nor ends with a space, and no ``$$``."""
    positions = [i for i, ch in enumerate(text) if ch == "$"]
    if not positions or len(positions) % 2 or "$$" in text:
        return False
    for opening, closing in zip(positions[::2], positions[1::2]):
        inside = text[opening + 1:closing]
        if not inside or inside[0].isspace() or inside[-1].isspace():
            return False
    return True


def escape_needed(text: str, math: bool = False) -> str:
    """``text`` as one line of Markdown that GitHub shows as exactly ``text``, escaping only
    what it would read as syntax (the ``links = "plain"`` layout: ``S$^2$NN: a B-C model``
    stays as written). With ``math``, balanced ``$...$`` stays GitHub math (its ``\\``,
    ``_``, ``^`` and braces as written). Like ``escape_inline`` it never lets a title add a
    link, emphasis, code, HTML or a block."""
    text = one_line(text)
    keep_math = math and _math_dollars(text)
    out: list[str] = []
    in_math = False
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch == "$":
            if keep_math:
                in_math = not in_math
                out.append(ch)
            else:
                out.append("\\$")
            continue
        if in_math and ch in _MATH_KEEPS:
            if ch == "\\" and i < last and text[i + 1] in _ALWAYS | {"\\", "$", "&"}:
                out.append("\\\\")
            else:
                out.append(ch)
            continue
        if ch in _ALWAYS:
            out.append("\\" + ch)
        elif ch == "\\":
            out.append("\\\\" if i == last or text[i + 1] in _ASCII_PUNCTUATION else ch)
        elif ch == "_":
            inside_word = 0 < i < last and text[i - 1].isalnum() and text[i + 1].isalnum()
            out.append(ch if inside_word else "\\_")
        else:
            out.append(ch)
    return _safe_ends(_inert_entities_and_autolinks("".join(out)))


def _inert_entities_and_autolinks(escaped: str) -> str:
    """An entity such as ``&amp;`` would render as '&', and GitHub links bare URLs and
    addresses: escape the ampersand, and the characters that start an autolink."""
    if "&" in escaped:
        escaped = _ENTITY.sub(lambda m: "\\&" + m.group(0)[1:], escaped)
    if ":" in escaped or "." in escaped:
        escaped = _AUTOLINK_CHAR.sub(r"\\\g<0>", escaped)
    return escaped


def _safe_ends(escaped: str) -> str:
    """The end and start rules ``escape_inline`` and ``escape_needed`` share."""
    if escaped[-1:] in (":", "-"):
        body = escaped.rstrip(":-")
        if body[-1:].isspace():
            escaped = body + "".join("\\" + c for c in escaped[len(body):])
    if escaped[-1:] == "#":
        body = escaped.rstrip("#")
        if not body or body[-1] in " \t":
            escaped = body + "\\" + escaped[len(body):]
    match = _BLOCK_START.match(escaped)
    if match:
        token = match.group(1)
        prefix = token[:-1] + "\\" + token[-1] if token[-1] in ".)" else "\\" + token
        escaped = prefix + escaped[len(token):]
    return escaped


Row = tuple[str, str, int, Sequence[tuple[str, str]], str, str]
"""A paper as the README needs it: (title, venue, year, ((label, url), ...), its item as
the list wrote it or '', its note or '' (the note is only read with an item as written))."""


def render_markdown(catalog: Catalog, layout: Layout | None = None) -> str:
    """The whole README: title, introduction, contents, years, closing sections, laid out
    as ``layout`` (default: the catalog's own, ``catalog.texts.layout``). Items as the list
    wrote them are the list's own form: they are written in its own layout only."""
    own = layout is None or layout == catalog.texts.layout
    return "".join(render_chunks(catalog.texts, catalog.venues,
                                 (paper_row(p) for p in catalog.papers), layout, written=own))


def paper_row(paper: Paper) -> Row:
    return entry_row(paper.title, paper.venue, paper.year,
                     [(link.label, link.url) for link in paper.links], paper.extra)


def entry_row(title: str, venue: str, year: int, links: Sequence[tuple[str, str]],
              extra: tuple[tuple[str, Any], ...]) -> Row:
    """The ``Row`` of a paper given as its fields and its extra keys (``Paper.extra``)."""
    written = extra_text(extra, AS_WRITTEN_KEY)
    return (title, venue, year, links, written, extra_text(extra, NOTE_KEY) if written else "")


def render_rows(texts: ListTexts, venues: Sequence[Venue], rows: Iterable[Row],
                layout: Layout | None = None) -> str:
    """``render_markdown`` from plain rows, in catalog order."""
    return "".join(render_chunks(texts, venues, rows, layout))


def paragraphs(text: str) -> list[str]:
    """The blocks of a text cleaned by import (runs of blank lines made one): what
    ``contents_after`` counts."""
    text = text.strip("\n")
    return text.split("\n\n") if text.strip() else []


def toc_label(heading: str, year: int) -> str:
    """A section's name in the contents: its heading without a trailing year."""
    for suffix in (f"-{year}", f" {year}"):
        if heading.endswith(suffix) and len(heading) > len(suffix):
            return heading[:-len(suffix)].rstrip()
    return heading


def abbreviation_table(rows: Sequence[tuple[str, str]], alignment: str) -> str:
    """The venues' abbreviations and full names as a GFM table, padded and aligned."""
    cells = [("Abbreviation", "Full Name"), *rows]
    widths = [max(len(row[column]) for row in cells) + 2 for column in (0, 1)]

    def cell(text: str, width: int) -> str:
        pad = width - len(text)
        if alignment == "center":
            return " " * (pad // 2) + text + " " * (pad - pad // 2)
        if alignment == "right":
            return " " * (pad - 1) + text + " "
        return " " + text + " " * (pad - 1)

    def rule(width: int) -> str:
        return {"center": ":" + "-" * (width - 2) + ":", "left": ":" + "-" * (width - 1),
                "right": "-" * (width - 1) + ":"}.get(alignment, "-" * width)

    lines = ["|" + "|".join(cell(text, widths[n]) for n, text in enumerate(row)) + "|"
             for row in cells]
    lines.insert(1, "|" + "|".join(rule(width) for width in widths) + "|")
    return "\n".join(lines)


def _abbreviations(layout: Layout, by_abbr: dict[str, Venue], escape: Callable[[str], str]) -> str:
    """The layout's table of the venues' full names, with its title line."""
    rows = [(escape(abbr), escape(by_abbr[abbr].name if abbr in by_abbr else abbr))
            for abbr in layout.abbreviation_venues]
    title = layout.abbreviations_title + "\n\n" if layout.abbreviations_title else ""
    return title + abbreviation_table(rows, layout.abbreviations)


_OWN_TOC_LINE = re.compile(r"[ ]{0,12}[-*+] \[([^\[\]<>&`!\\\n]+)\]\(#([^()\s<>\\]+)\)")


def own_toc_lines(lines: str, slugs: set[str]) -> list[str]:
    """A Markdown contents' lines around its years as the list wrote them (``Layout.toc_before``,
    ``toc_after``): each kept while it is a bullet holding one link to a heading of the README
    (GitHub finds a heading whatever the case of the link's anchor), with no HTML, code,
    image or escape in its text; a line that is anything else, or links nowhere, is left
    out."""
    folded = {slug.casefold() for slug in slugs}
    return [line for line in lines.split("\n") if (own := _OWN_TOC_LINE.fullmatch(line))
            and own.group(2).casefold() in folded]


def html_toc_year(year: int, year_slug: str, entries: Sequence[tuple[str, str]],
                  comments: bool) -> list[str]:
    """The lines of one year of an HTML contents: its link, then its venues' ``(label,
    slug)`` links."""
    lines = [f"      <!-- {year} -->"] if comments else []
    lines += [f'    <li><a href="#{year_slug}">{year}</a>', "      <ul>"]
    lines += [f'        <li><a href="#{slug}">{html.escape(label, quote=False)}</a></li>'
              for label, slug in entries]
    return [*lines, "      </ul>", "    </li>"]


_TOC_TAG = re.compile(r'<!--\s*(?:19|20)[0-9][0-9]\s*-->|</?(?:li|ul)>|<a href="#([^"<>&\s]*)">([^<>]*)</a>')


def toc_links(lines: str) -> tuple[tuple[str, str], ...] | None:
    """The ``(anchor, text)`` links of one year of an HTML contents, in order; None when the
    lines hold anything but ``<li>``, ``<ul>`` (each closed), those links and a year's
    comment, or a blank line: a year as a list wrote it is kept only while it is exactly
    that (and links what the contents would)."""
    links = []
    rest = []
    last = 0
    for match in _TOC_TAG.finditer(lines):
        rest.append(lines[last:match.start()])
        last = match.end()
        if match.group(1) is not None:
            if "&" in match.group(2).replace("&amp;", "").replace("&lt;", "").replace("&gt;", ""):
                return None
            links.append((match.group(1), html.unescape(match.group(2))))
    rest.append(lines[last:])
    # A blank line would end the contents' HTML block: what follows it would be Markdown.
    if "".join(rest).strip() or any(not line.strip() for line in lines.split("\n")):
        return None
    if any(lines.count(f"<{tag}>") != lines.count(f"</{tag}>") for tag in ("li", "ul")):
        return None
    return tuple(links)


def introduction_markdown(texts: ListTexts, venues: Sequence[Venue]) -> str:
    """The introduction as the README shows it, its contents aside: the list's own text with
    the layout's abbreviation table where the README puts it (the HTML page shows this)."""
    layout = texts.layout
    if not layout.abbreviations:
        return texts.introduction
    escape = (escape_inline if layout.links == "escaped"
              else functools.partial(escape_needed, math=layout.math))
    blocks = paragraphs(texts.introduction)
    cut = len(blocks) if layout.contents_after < 0 else min(layout.contents_after, len(blocks))
    table = _abbreviations(layout, {v.abbr: v for v in venues}, escape)
    return "\n\n".join([*blocks[:cut], table, *blocks[cut:]])


class ItemWriter:
    """The list items of a layout: ``- Title [[paper](url)]`` made from a paper, or the item
    as its list wrote it (``Paper.as_written``) while ``item_reading.written_line_holds``
    says it still stands for the paper."""

    def __init__(self, layout: Layout, venues: Sequence[Venue], written: bool = True) -> None:
        self.layout = layout
        self.by_abbr = {v.abbr: v for v in venues}
        self.venues = tuple(venues)
        self.written = written
        self._labels: dict[str, str] = {}
        if layout.links == "escaped":
            self.escape: Callable[[str], str] = escape_inline
            self.link_open, self.link_close = "\\[", "\\]"
        else:
            self.escape = functools.partial(escape_needed, math=layout.math)
            self.link_open, self.link_close = "[", "]"

    def venue_text(self, year: int, abbr: str) -> str:
        venue = self.by_abbr.get(abbr)
        return one_line(self.layout.heading_of(year, abbr, venue.name if venue else abbr,
                                               venue.heading if venue else abbr)) or one_line(abbr)

    def link_text(self, label: str, url: str) -> str:
        escaped = self._labels.get(label)
        if escaped is None:  # labels repeat (paper, code...): each is escaped once
            escaped = self._labels[label] = self.escape(label)
        return f"{self.link_open}[{escaped}]({link_destination(url)}){self.link_close}"

    def item(self, title: str, venue: str, year: int, links: Sequence[tuple[str, str]],
             as_written: str = "", note: str = "") -> str:
        """The item of a paper (a ``Row``): as written, when that still holds, else made."""
        if as_written and self.written and self.holds(title, venue, year, links, as_written, note):
            return as_written
        return self.line(title, venue, year, links)

    def holds(self, title: str, venue: str, year: int, links: Sequence[tuple[str, str]],
              as_written: str, note: str = "") -> bool:
        """Whether ``as_written`` may stand for the paper in this layout
        (``item_reading.written_line_holds``)."""
        return written_line_holds(as_written, title, venue, year, links, note, self._venue_of,
                                  self.layout.venue_sections)

    def _venue_of(self, written: str) -> str | None:
        found = find_venue(strip_year_suffix(written.strip()), self.venues)
        return found.abbr if found is not None else None

    def line(self, title: str, venue: str, year: int, links: Sequence[tuple[str, str]]) -> str:
        """The item the layout makes of a paper."""
        layout, escape, link_text = self.layout, self.escape, self.link_text
        escaped = escape(title)
        if venue != NO_VENUE and layout.items == "venue" and links and links[0][0] == "paper":
            # '- [[ICLR](url)] Title [[code](url)]': the venue's link is the paper's
            rest = " ".join([link_text(label, url) for label, url in links[1:]])
            first = link_text(self._inline_venue(year, venue), links[0][1])
            return f"- {first} {escaped} {rest}" if rest else f"- {first} {escaped}"
        rendered = " ".join([link_text(label, url) for label, url in links])
        if venue != NO_VENUE and layout.items == "note":
            # '- Title (**ICLR 2026**). [[paper](url)]' (a title's own full stop escaped:
            # import takes an unescaped one before the note for the note's)
            if escaped.endswith(".") and not escaped.endswith("\\."):
                escaped = escaped[:-1] + "\\."
            escaped += f" (**{escape(self._inline_venue(year, venue))}**)."
        return f"- {escaped} {rendered}" if rendered else f"- {escaped}"

    def _inline_venue(self, year: int, abbr: str) -> str:
        """The venue an item names itself: as the list writes it, with the year in a note
        ('ICLR 2026'); with venue sections, the abbreviation (and the year)."""
        layout = self.layout
        text = one_line(abbr) if layout.venue_sections else self.venue_text(year, abbr)
        if layout.items == "note" and not text.endswith(str(year)):
            text = f"{text} {year}"
        return text.replace("[", "(").replace("]", ")") if layout.items == "venue" else text


def render_chunks(texts: ListTexts, venues: Sequence[Venue], rows: Iterable[Row],
                  layout: Layout | None = None, written: bool = True) -> Iterator[str]:
    """The README in pieces, for writing a 100,000-paper list without ever holding it as
    one string (a single emoji would make Python store all of it at 4 bytes a character).
    ``written``: an item the list wrote its own way is written back as it was, while it
    still says the same (``ItemWriter``); False makes every item from its paper."""
    layout = layout or texts.layout
    blocks = paragraphs(texts.introduction)
    cut = len(blocks) if layout.contents_after < 0 else min(layout.contents_after, len(blocks))
    before, after = blocks[:cut], blocks[cut:]
    slugger = Slugger()
    head = _title_line(texts, layout)
    toc_heading = layout.toc_heading if layout.toc == "markdown" else ""
    slugs = {slugger.slug(text) for text in heading_texts(
        "\n\n".join([head, *before, toc_heading, *after, layout.years_heading]))}

    writer = ItemWriter(layout, venues, written)
    by_abbr, escape, venue_text = writer.by_abbr, writer.escape, writer.venue_text

    sections = group_sections((row[2], row[1], (n, row[0], writer.item(*row)))
                              for n, row in enumerate(rows))
    headings: dict[tuple[int, str], str] = {}
    toc: list[tuple[int, str, list[tuple[str, str]]]] = []
    for year, by_venue in sections:
        entries = []
        year_slug = slugger.slug(str(year))
        for abbr, _items in by_venue:
            if not layout.venue_sections:
                break  # the years hold the items, each naming its venue
            heading = OTHER_GROUP if abbr == NO_VENUE else venue_text(year, abbr)
            headings[year, abbr] = heading
            entries.append((toc_label(heading, year), slugger.slug(heading)))
        toc.append((year, year_slug, entries))
    own_sections = []
    for level, text in headings_of(texts.closing):
        slug = slugger.slug(text)
        slugs.add(slug)
        if layout.toc_sections and level == layout.year_level:
            # The list's own sections after the years, at the years' level, in the contents too.
            own_sections.append((text, slug))
    slugs.update(slug for _year, year_slug, entries in toc
                 for slug in (year_slug, *(slug for _label, slug in entries)))
    yield head + "\n"
    if before:
        yield "\n" + "\n\n".join(before) + "\n"
    if toc and layout.toc == "markdown":
        year_marker, venue_marker = layout.toc_markers
        indent = " " * layout.toc_indent
        lines = [toc_heading, ""] if toc_heading else []
        above = own_toc_lines(layout.toc_before, slugs)
        lines += above
        # the years stand under the last line above them, or at the left with none left
        years_indent = " " * layout.toc_year_indent if above else ""
        for year, year_slug, entries in toc:
            lines.append(f"{years_indent}{year_marker} [{year}](#{year_slug})")
            lines.extend(f"{years_indent}{indent}{venue_marker} [{escape(label)}](#{slug})"
                         for label, slug in entries)
        if layout.toc_after:
            lines += own_toc_lines(layout.toc_after, slugs)
        else:
            lines.extend(f"{year_marker} [{escape(text)}](#{slug})" for text, slug in own_sections)
        yield "\n" + "\n".join(lines) + "\n"
    elif toc and layout.toc == "html":
        lines = ["<details>", f"  <summary>{layout.toc_summary}</summary>", "  <ol>"]
        own = dict(layout.toc_years)
        for year, year_slug, entries in toc:
            made = html_toc_year(year, year_slug, entries, layout.toc_comments)
            written = own.get(str(year))
            lines += (written.split("\n") if written is not None and
                      toc_links(written) == toc_links("\n".join(made)) else made)
        lines += ["  </ol>", "</details>"]
        yield "\n" + "\n".join(lines) + "\n"
    if layout.abbreviations:
        yield "\n" + _abbreviations(layout, by_abbr, escape) + "\n"
    if after:
        yield "\n" + "\n\n".join(after) + "\n"
    if layout.separator:
        yield "\n---\n"
    if layout.years_heading:
        yield "\n" + layout.years_heading + "\n"
    year_marks, venue_marks = "#" * layout.year_level, "#" * (layout.year_level + 1)
    between = "\n\n" if layout.blank_items else "\n"
    groups = dict(layout.groups)
    for year, by_venue in sections:
        yield f"\n{year_marks} {year}\n"
        if not layout.venue_sections:
            # the year's items in catalog order, under the list's own group lines
            first = True
            for _n, title, line in sorted(entry for _abbr, items in by_venue for entry in items):
                above = groups.get(f"{year} {title}")
                if above:  # a blank line between group lines and items (markdownlint MD032)
                    yield "".join(f"\n{group}\n" for group in above) + "\n"
                elif first or layout.blank_items:
                    yield "\n"
                yield line + "\n"
                first = False
            yield "".join(f"\n{group}\n" for group in groups.get(f"{year} ", ()))
            continue
        for abbr, entries_ in by_venue:
            items = [line for _n, _title, line in entries_]
            yield f"\n{venue_marks} {escape(headings[year, abbr])}\n\n"
            for start in range(0, len(items), 1000):
                yield between.join(items[start:start + 1000]) + "\n"
                if start + 1000 < len(items):
                    yield between[1:]
    if texts.closing.strip():
        yield "\n" + texts.closing.strip("\n") + "\n"
