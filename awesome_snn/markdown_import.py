"""Reading an awesome-list README into a catalog, without losing a line.

The list is read line by line, the way such lists are written: a heading that is a year
(``# 2023``, ``### 2025``) opens a year, a deeper heading (``## CVPR (...)``, ``## ICLR-2023``)
a venue, and the list items under a year are papers, in the forms real lists use: ``- Title
[[paper](url)]``, ``- Title (**ICLR 2026**). [[paper](url)]``, ``- [[AAAI](url)] Title``.
Everything that is not a year section (title, introduction, notes, closing sections) is kept
as the list's own text; the table of contents is dropped because export makes a new one.

Every item with a title becomes a paper: what could not be read of it is kept in its note,
and reported with its line number (``SkippedLine``), as is an item without a venue and an
entry the list gives twice (one paper, the links merged). Only an item without any title is
not imported, and reported; lines that are clearly no paper (group lines, badges, contents
links) are counted.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from typing import Any

from awesome_snn.errors import ImportFailed, InvalidInput
from awesome_snn.folding import fold
from awesome_snn.item_reading import (
    ItemReading,
    read_item,
    unescape,
)
from awesome_snn.keys import unique_key
from awesome_snn.layout import Layout, is_group_line
from awesome_snn.markdown_html import atx_heading
from awesome_snn.model import (
    AS_WRITTEN_KEY,
    NO_VENUE,
    NOTE_KEY,
    OTHER_GROUP,
    Catalog,
    Link,
    ListTexts,
    Paper,
    Venue,
    validate_venue_name,
)
from awesome_snn.venues import KNOWN_VENUES, find_venue, guess_kind, strip_year_suffix

# An emoji's UTF-8 bytes read as Windows-1252 ("mojibake"), as the seed list carries them:
# 'ð' and three more characters that encode back to one valid 4-byte UTF-8 character
# (``ðŸ”¥`` -> 🔥). Only the list's own texts are repaired; titles are kept as written.
_MOJIBAKE_RUN = re.compile("\u00f0[\u0080-\u00bf\u0152-\u2122]{3}")

# Every line is read in linear time: no pattern here can try a line two ways (headings,
# separators, venue names and title badges are read by scans, not by backtracking).
_YEAR = re.compile(r"(?:19|20)[0-9][0-9]")
_ITEM = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
_ORDERED_ITEM = re.compile(r"^\s{0,3}\d{1,9}[.)]\s+(.*)$")
_TOC_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[^\]]*\]\(#[^)]*\)\s*$")


UNREADABLE = "unreadable"
"""An item line with nothing a paper can be made of (no title): not imported."""
NOT_AN_ITEM = "not an item"
"""Text inside a year section that is not a list item: not imported."""
NOTE = "note"
"""Part of an item that could not be read (stray text, a placeholder, a bad link): the paper
is imported and the part kept as written in its ``note``."""
NO_VENUE_GIVEN = "no venue"
"""An item that names no venue, under no venue heading: imported without one."""
MERGED = "merged"
"""An item the list gives twice (same folded title and year): one paper, links merged."""
YEAR = "year"
"""An item whose own year differs from its year section's: the item's is kept."""
IMPORTED_KINDS = frozenset((NOTE, NO_VENUE_GIVEN, MERGED, YEAR))


@dataclass(frozen=True)
class SkippedLine:
    """A line the import reports: one not imported (``UNREADABLE``, ``NOT_AN_ITEM``), or a
    paper imported with a remark (``IMPORTED_KINDS``)."""

    line: int
    text: str
    reason: str
    kind: str = UNREADABLE


@dataclass(frozen=True)
class ImportResult:
    catalog: Catalog
    skipped: tuple[SkippedLine, ...]
    """Lines not imported: items that could not be read, text inside a year section."""
    sections: int
    """Year/venue sections read."""
    remarks: tuple[SkippedLine, ...] = ()
    """Lines imported as papers with something reported: a note, no venue, merged."""
    ignored: int = 0
    """Lines inside year sections that are clearly not papers (group lines such as
    ``**AAAI, ICLR**``, table-of-contents links, badges), skipped and only counted."""


def repair_mojibake(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        try:
            return match.group(0).encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)

    return _MOJIBAKE_RUN.sub(fix, text)


def parse_venue_heading(text: str) -> tuple[str, str]:
    """``CVPR (IEEE Conference on ...)`` -> ('CVPR', 'IEEE Conference on ...');
    ``ICLR-2023`` -> ('ICLR', '')."""
    text = unescape(text.strip()).rstrip()
    opening = text.find("(")
    if text.endswith(")") and opening > 0:
        abbr, name = text[:opening].rstrip(), text[opening + 1:-1].strip()
        if abbr and not _YEAR.fullmatch(name):
            return strip_year_suffix(abbr), name
    return strip_year_suffix(text), ""


def _heading(line: str) -> tuple[int, str] | None:
    """(level, text) of a ``#`` heading with some text, else None."""
    heading = atx_heading(line)
    return heading if heading and heading[1] else None


@dataclass
class _Toc:
    """The first table of contents of a preamble, as ``Layout`` records it."""

    form: str
    index: int
    """Where it stood among the lines kept."""
    heading: str = ""
    summary: str = ""
    comments: bool = False
    markers: str = "--"
    indent: int = 2
    sections: bool = False
    years: dict[str, str] = field(default_factory=dict)
    """An HTML contents' years written in a form of their own (``Layout.toc_years``)."""
    before: str = ""
    after: str = ""
    year_indent: int = 0
    """A Markdown contents' own lines around its years, and their indent (``Layout``)."""


_SUMMARY = re.compile(r"<summary>(.*?)</summary>", re.I)
_YEAR_COMMENT = re.compile(r"^\s*<!--\s*(?:19|20)[0-9][0-9]\s*-->\s*$")
_MARKER = re.compile(r"^(\s*)([-*+])\s")
_TOC_YEAR = re.compile(r"^(\s*)[-*+]\s+\[(?:19|20)[0-9][0-9]\]")
"""A contents line of a year (its indent in group 1): ``  - [2025](#2025)``."""


def _drop_toc(lines: list[str], found: list[_Toc] | None = None) -> list[str]:
    """The preamble without its table of contents (Markdown list of #anchors, or a
    ``<details>`` block of them, with a 'Contents' heading right above it). The first one's
    form is appended to ``found``."""
    if found is None:
        found = []
    out: list[str] = []
    # Where each <details> block ends, and how many lines up to each hold an #anchor link.
    closings = [n for n, line in enumerate(lines) if "</details>" in line.lower()]
    anchors = [0]
    for line in lines:
        anchors.append(anchors[-1] + ("](#" in line or 'href="#' in line))
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().lower().startswith("<details"):
            closing = bisect_left(closings, i)
            end = closings[closing] if closing < len(closings) else len(lines)
            if anchors[min(end + 1, len(lines))] > anchors[i]:
                if not found:
                    block = lines[i:end + 1]
                    summary = next((m.group(1) for m in map(_SUMMARY.search, block) if m), "")
                    comments = any(_YEAR_COMMENT.match(b) for b in block)
                    found.append(_Toc("html", len(out), summary=summary, comments=comments,
                                      years=_toc_years(block, comments)))
                i = end + 1
                continue
        if _TOC_LINE.match(line):
            end = i
            while end < len(lines) and (_TOC_LINE.match(lines[end]) or
                                        (lines[end].strip() == "" and end + 1 < len(lines)
                                         and _TOC_LINE.match(lines[end + 1]))):
                end += 1
            while out and not out[-1].strip():
                out.pop()
            heading = _heading(out[-1].strip()) if out else None
            toc_heading = ""
            if heading and heading[1].lower().endswith(("content", "contents")):
                toc_heading = out.pop().strip()
            if not found:
                markers = [m for m in map(_MARKER.match, lines[i:end]) if m]
                nested = next((m for m in markers if m.group(1)), None)
                before, after, year_indent = _toc_frame(lines[i:end])
                found.append(_Toc("markdown", len(out), heading=toc_heading,
                                  before=before, after=after, year_indent=year_indent,
                                  markers=markers[0].group(2) + (nested.group(2) if nested else "-"),
                                  indent=len(nested.group(1).expandtabs(4)) if nested else 2,
                                  sections=any(not m.group(1) and not _TOC_YEAR.match(lines[i + n])
                                               for n, m in enumerate(map(_MARKER.match, lines[i:end]))
                                               if m)))
            i = end
            continue
        out.append(line)
        i += 1
    return out


def _toc_frame(toc: list[str]) -> tuple[str, str, int]:
    """A Markdown contents' own lines above and below its years (with their venues), and the
    years' indent: ('', '', 0) when the contents are only years."""
    years = [n for n, line in enumerate(toc) if _TOC_YEAR.match(line) and _TOC_LINE.match(line)]
    if not years:
        return "", "", 0
    indent = len(_TOC_YEAR.match(toc[years[0]]).group(1).expandtabs(4))  # type: ignore[union-attr]
    end = years[-1] + 1
    while end < len(toc) and len(toc[end]) - len(toc[end].lstrip()) > indent:
        end += 1  # the last year's venues
    own = [line.rstrip() for line in toc[:years[0]] if line.strip()], [
        line.rstrip() for line in toc[end:] if line.strip()]
    return "\n".join(own[0]), "\n".join(own[1]), indent


_TOC_YEAR_LINK = re.compile(r'<a href="#((?:19|20)[0-9][0-9])">\1</a>')


def _toc_years(block: list[str], comments: bool) -> dict[str, str]:
    """The years of an HTML contents (``block``) whose lines differ from the ones export
    makes of the same links (``markdown_render.html_toc_year``), by year."""
    from awesome_snn.markdown_render import html_toc_year, toc_links

    years: dict[str, str] = {}
    for n, line in enumerate(block):
        found = _TOC_YEAR_LINK.search(line)
        if not found:
            continue
        start = n - 1 if n and block[n - 1].strip() == "<li>" else n
        if start and _YEAR_COMMENT.match(block[start - 1]) and found.group(1) in block[start - 1]:
            start -= 1
        end = n + 1
        while end < len(block) and block[end].strip() != "</ul>":
            end += 1
        while end < len(block) and block[end].strip() != "</li>":
            end += 1
        chunk = "\n".join(line.rstrip() for line in block[start:end + 1])
        links = toc_links(chunk)
        if links is None or not links:
            continue
        year = int(found.group(1))
        made = html_toc_year(year, links[0][0], [(text, slug) for slug, text in links[1:]], comments)
        if chunk != "\n".join(made):
            years[found.group(1)] = chunk
    return years


def _clean_block(lines: list[str]) -> str:
    """The list's own text: trailing spaces dropped, but for a hard line break (two or more
    spaces before a line that continues the paragraph, written as two), and runs of blank
    lines made one."""
    kept = []
    for n, line in enumerate(lines):
        text = line.rstrip()
        if (text and line.endswith("  ") and n + 1 < len(lines) and lines[n + 1].strip()
                and not text.endswith("\\")):
            text += "  "
        kept.append(text)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept))
    return text.strip("\n")


@dataclass(frozen=True)
class _Item:
    """An item read, before duplicates are merged and keys given."""

    number: int
    title: str
    venue: str
    year: int
    links: tuple[Link, ...]
    note: str
    written: str = ""
    """The item's line as the list wrote it ('' for an item wrapped over several lines)."""


def import_markdown(text: str | list[str], registry: tuple[Venue, ...] = ()) -> ImportResult:
    """Read a README of this family (its text, or its lines without their line ends).
    ``registry`` holds venues already known (a catalog's).

    A year is a heading that is a year (``# 2023``, ``### 2025``) at any level; a deeper
    heading under it names a venue; a heading as high as the year's that is no year ends
    the year's section. Every list item in a year section becomes a paper (see
    ``read_item``) unless it has no title at all; lines that are clearly no paper (group
    lines such as ``**AAAI, ICLR**``, table-of-contents links, badges) are counted."""
    if isinstance(text, str):
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
    else:
        lines = text
    if any("\x00" in line for line in lines):
        raise ImportFailed("the file holds NUL bytes: it is not a Markdown text")
    title = "Awesome SNN Conference Paper"
    badge = ""
    preamble: list[str] = []
    closing: list[str] = []
    reports: list[SkippedLine] = []
    venues: list[Venue] = list(registry)
    items: list[_Item] = []
    ignored = 0
    year: int | None = None
    year_level = 0
    first_year_level = 0  # the level of the first year heading
    venue: Venue | None = None
    sections: set[tuple[int, str]] = set()
    seen_year = False
    title_found = False
    fence = False
    blank_preamble = 0  # how many lines of the preamble are known to be blank (scanned once)
    unread_venue: int | None = None  # the line of the venue heading above, when unreadable
    joined_until = 0  # lines up to this one were read as the continuation of an item
    seen = _Seen()  # what the layout is inferred from
    for number, line in enumerate(lines, start=1):
        if number <= joined_until:
            continue
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        if fence or stripped.startswith(("```", "~~~")):
            (closing if seen_year else preamble).append(line)
            continue
        heading = _heading(stripped)
        if heading:
            seen.last_item = 0
        if heading and year is not None and (_YEAR.fullmatch(heading[1]) or heading[0] <= year_level):
            seen.end_year(year)
        if heading and _YEAR.fullmatch(heading[1]):
            first_year_level = first_year_level or heading[0]
            year, year_level, venue, seen_year, unread_venue = (int(heading[1]), heading[0],
                                                                None, True, None)
            continue
        if heading and heading[0] == 1 and not title_found and not seen_year:
            while blank_preamble < len(preamble) and not preamble[blank_preamble].strip():
                blank_preamble += 1
            if blank_preamble == len(preamble):
                title_found = True
                title, badge = _split_title(heading[1])
                seen.badge_space = not badge or heading[1][:-len(badge)][-1:].isspace()
                continue
        if heading and (year is None or heading[0] <= year_level):
            year, venue, unread_venue = None, None, None
            (closing if seen_year else preamble).append(line)
            continue
        if year is None:
            (closing if seen_year else preamble).append(line)
            continue
        if heading:
            abbr, name = parse_venue_heading(heading[1])
            if abbr == OTHER_GROUP and not name and find_venue(abbr, venues) is None:
                venue, unread_venue = None, None  # the group of papers without a venue
                continue
            try:  # the rules of a title: one line, no control character, no e-mail address
                abbr = validate_venue_name(abbr, "venue abbreviation")
                name = validate_venue_name(name) if name else ""
            except InvalidInput as exc:
                reports.append(SkippedLine(number, stripped, f"venue heading: {exc}", NOT_AN_ITEM))
                venue, unread_venue = None, number
                continue
            venue, unread_venue = _venue_for(abbr, name, venues), None
            seen.headings.setdefault((year, venue.abbr), unescape(heading[1]).strip())
            seen.venue_headings += 1
            continue
        if not stripped:
            continue
        item = _ITEM.match(line) or _ORDERED_ITEM.match(line)
        if not item or _TOC_LINE.match(line) or _is_badge(item.group(1)):
            if _TOC_LINE.match(line) or _is_group_line(stripped) or _is_badge(stripped):
                ignored += 1
                if _is_group_line(stripped) and not _TOC_LINE.match(line):
                    seen.pending.append(stripped)
            elif not stripped.startswith("<!--"):
                reports.append(SkippedLine(number, stripped, "text inside a year section is not"
                                           " a paper item; move it out of the year or make it an"
                                           " item", NOT_AN_ITEM))
            continue
        content = item.group(1)
        seen.item(lines, number, content)
        joined_until = _continuation_end(lines, number)
        if joined_until > number:  # an item's text wrapped onto the lines below it
            wrapped = [text.strip() for text in lines[number:joined_until]]
            content = " ".join([content.rstrip(), *wrapped])
            stripped = " ".join([stripped, *wrapped])
        try:
            reading = read_item(content)
        except InvalidInput as exc:
            reports.append(SkippedLine(number, stripped, str(exc)))
            continue
        item_venue = venue
        if reading.venue:
            try:
                item_venue = _venue_for(validate_venue_name(strip_year_suffix(reading.venue),
                                                            "venue"), "", venues)
            except InvalidInput as exc:
                reports.append(SkippedLine(number, stripped, f"the venue {reading.venue!r} could"
                                           f" not be read ({exc}): imported without one",
                                           NO_VENUE_GIVEN))
                item_venue = None
        elif item_venue is None:
            reason = (f"under the venue heading of line {unread_venue}, which could not be"
                      " read: imported without a venue" if unread_venue else
                      "no venue given: imported without one (shown under Other)")
            reports.append(SkippedLine(number, stripped, reason, NO_VENUE_GIVEN))
        item_year = reading.year if reading.year is not None else year
        seen.read(reading, item_year, item_venue.abbr if item_venue is not None else NO_VENUE)
        if item_year != year:
            reports.append(SkippedLine(number, stripped, f"the item gives the year {item_year}"
                                       f" (under the {year} section): kept", YEAR))
        for _written, reason in reading.unread:
            reports.append(SkippedLine(number, stripped, f"{reason}; kept in the paper's note",
                                       NOTE))
        note = " ".join(written for written, _reason in reading.unread)
        abbr = item_venue.abbr if item_venue is not None else NO_VENUE
        items.append(_Item(number, reading.title, abbr, item_year,
                           tuple(Link(label, url) for label, url in reading.links), note,
                           "" if joined_until > number else line.rstrip()))
        sections.add((item_year, abbr))
    if not items and not reports:
        raise ImportFailed("no paper found: a list needs '# 2023' year sections with '## Venue'"
                           " headings and '- Title [[paper](url)]' items (or '### 2023' sections"
                           " of '- Title (**Venue 2023**) [[paper](url)]' items)")
    if year is not None:
        seen.end_year(year)
    papers, merged, written = _merge_repeats(items)
    reports.extend(merged)
    reports.sort(key=lambda report: report.line)
    used = {p.venue for p in papers}
    tocs: list[_Toc] = []
    kept = _drop_toc(preamble, tocs)
    toc = tocs[0] if tocs else None
    table: tuple[str, str, list[tuple[str, str]]] | None = None
    if toc is not None:
        table = _abbreviation_table(kept, toc.index)
        if table is not None:
            for abbr, name in table[2]:
                try:
                    abbr = validate_venue_name(unescape(abbr), "venue abbreviation")
                    name = validate_venue_name(unescape(name)) if name else ""
                except InvalidInput:
                    continue
                registered = _venue_for(abbr, name, venues)
                if name and registered.name != name:
                    venues[venues.index(registered)] = replace(registered, name=name)
                used.add(registered.abbr)
                seen.table.append(registered.abbr)
    kept, years_heading = _drop_trailing_heading(kept, first_year_level)
    separator = False
    end = len(kept)
    while end and not kept[end - 1].strip():
        end -= 1
    # A '---' after the contents (or, with none, last before the years) is the separator;
    # one above the contents ends the introduction.
    if end and kept[end - 1].strip() in ("---", "***", "___") and (
            toc is None or end - 1 >= toc.index):
        kept, separator = kept[:end - 1], True
    introduction = _clean_block(kept)
    contents_after = -1
    if toc is not None and toc.index < len(kept) and _clean_block(kept[toc.index:]):
        contents_after = len(_paragraphs(_clean_block(kept[:toc.index])))
    layout = seen.layout(venues, first_year_level or 1, toc, table, separator, contents_after,
                         years_heading)
    texts = ListTexts(title=repair_mojibake(title), badge=badge,
                      introduction=repair_mojibake(introduction),
                      closing=repair_mojibake(_clean_block(closing)), layout=layout)
    kept_venues = tuple(v for v in venues if v.abbr in used or v in registry)
    catalog = Catalog(texts, kept_venues, _as_written(papers, written, layout, kept_venues))
    return ImportResult(catalog, tuple(r for r in reports if r.kind not in IMPORTED_KINDS),
                        len(sections), tuple(r for r in reports if r.kind in IMPORTED_KINDS),
                        ignored)


_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*:?-+:?\s*$")


def _paragraphs(text: str) -> list[str]:
    return text.split("\n\n") if text.strip() else []


def _abbreviation_table(kept: list[str], index: int) -> tuple[str, str, list[tuple[str, str]]] | None:
    """The table of the venues' full names right after the contents (``| Abbreviation |
    Full Name |``, a bold title line above it allowed), taken out of ``kept``: (title,
    alignment, [(abbreviation, name), ...]), or None when there is none."""
    i = index
    while i < len(kept) and not kept[i].strip():
        i += 1
    title = ""
    if i < len(kept) and _is_group_line(kept[i].strip()):
        title, i = kept[i].strip(), i + 1
        while i < len(kept) and not kept[i].strip():
            i += 1
    header = _TABLE_ROW.match(kept[i]) if i < len(kept) else None
    rule = _TABLE_ROW.match(kept[i + 1]) if header and i + 1 < len(kept) else None
    if not header or not rule:
        return None
    head = [c.strip() for c in header.group(1).split("|")]
    rules = [c.strip() for c in rule.group(1).split("|")]
    if len(head) != 2 or "abbr" not in head[0].casefold() or len(rules) != 2 or not all(
            _TABLE_RULE.match(r) for r in rules):
        return None
    first = rules[0]
    alignment = ("center" if first.startswith(":") and first.endswith(":") else
                 "left" if first.startswith(":") else "right" if first.endswith(":") else "none")
    rows = []
    end = i + 2
    while end < len(kept) and (row := _TABLE_ROW.match(kept[end])):
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row.group(1))]
        if len(cells) != 2 or not cells[0]:
            return None
        rows.append((cells[0], cells[1]))
        end += 1
    if end < len(kept) and kept[end].strip():
        return None
    del kept[index:end]
    return title, alignment, rows


_HEADING_FORMS = ("{heading}", "{abbr}", "{abbr}-{year}", "{abbr} {year}", "{abbr} ({name})",
                  "{name}", "{abbr} ({year})", "{abbr}, {year}")


@dataclass
class _Seen:
    """What the list's own form shows, as import reads it: section headings, the blank
    lines between items, how links are written."""

    headings: dict[tuple[int, str], str] = field(default_factory=dict)
    blank_votes: list[int] = field(default_factory=lambda: [0, 0])
    escaped_links: int = 0
    plain_links: int = 0
    math: bool = False
    last_item: int = 0
    table: list[str] = field(default_factory=list)
    venue_headings: int = 0
    badge_space: bool = True
    forms: dict[str, int] = field(default_factory=dict)
    notes: dict[tuple[int, str], str] = field(default_factory=dict)
    """The venue as items write it, by (year, venue): 'Neurips 2025', 'AAAI'."""
    pending: list[str] = field(default_factory=list)
    """Group lines read since the last item."""
    groups: dict[str, list[str]] = field(default_factory=dict)

    def read(self, reading: ItemReading, year: int, abbr: str) -> None:
        """An item read: how it names its venue, and the group lines above it."""
        self.forms[reading.form] = self.forms.get(reading.form, 0) + 1
        if reading.written and abbr != NO_VENUE:
            self.notes.setdefault((year, abbr), reading.written)
        if self.pending:
            self.groups.setdefault(f"{year} {reading.title}", []).extend(self.pending)
            self.pending = []

    def end_year(self, year: int) -> None:
        """The year's section ends: group lines after its last item stay at its end."""
        if self.pending:
            self.groups.setdefault(f"{year} ", []).extend(self.pending)
            self.pending = []

    def item(self, lines: list[str], number: int, content: str) -> None:
        if self.last_item:
            between = lines[self.last_item:number - 1]
            if all(not text.strip() for text in between):
                self.blank_votes[bool(between)] += 1
        self.last_item = number
        escaped = content.count("\\[[")
        self.escaped_links += escaped
        self.plain_links += content.count("[[") - escaped
        if not self.math and "$" in content and re.search(r"(?<!\\)\$", content):
            self.math = True

    def layout(self, venues: list[Venue], year_level: int, toc: _Toc | None,
               table: tuple[str, str, list[tuple[str, str]]] | None, separator: bool,
               contents_after: int, years_heading: str = "") -> Layout:
        by_abbr = {v.abbr: v for v in venues}
        # Items that name their venue themselves, under no venue heading: the venue as
        # they write it is what venue_heading and headings record.
        venue_sections = bool(self.venue_headings) or not self.notes
        written = self.headings if venue_sections else self.notes
        sections = [(year, abbr, text) for (year, abbr), text in written.items()
                    if abbr in by_abbr]

        def form(template: str, year: int, abbr: str) -> str:
            venue = by_abbr[abbr]
            return Layout(venue_heading=template).heading_of(year, abbr, venue.name, venue.heading)

        best = max(_HEADING_FORMS, key=lambda t: (sum(form(t, y, a) == text for y, a, text in sections),
                                                 -_HEADING_FORMS.index(t)))
        own = tuple(sorted((f"{y} {a}", text) for y, a, text in sections if form(best, y, a) != text))
        links = "plain" if self.plain_links > self.escaped_links else "escaped"
        form = max(("title", "note", "venue"), key=lambda f: self.forms.get(f, 0))
        values: dict[str, Any] = {
            "badge_space": self.badge_space, "venue_sections": venue_sections, "items": form,
            "years_heading": years_heading,
            "groups": tuple(sorted((k, tuple(v)) for k, v in self.groups.items())),
            "year_level": min(year_level, 5), "venue_heading": best, "headings": own,
            "toc": toc.form if toc else "none", "separator": separator,
            "blank_items": self.blank_votes[1] > self.blank_votes[0], "links": links,
            "math": links == "plain" and self.math, "contents_after": contents_after,
        }
        if toc is not None:
            values.update(toc_before=toc.before, toc_after=toc.after,
                          toc_year_indent=min(toc.year_indent, 12),
                          toc_heading=toc.heading, toc_summary=toc.summary.replace("\n", " "),
                          toc_comments=toc.comments, toc_markers=toc.markers,
                          toc_years=tuple(sorted(toc.years.items())),
                          toc_indent=min(max(toc.indent, 1), 8), toc_sections=toc.sections)
        if table is not None:
            values.update(abbreviations=table[1], abbreviations_title=table[0],
                          abbreviation_venues=tuple(self.table))
        return Layout(**values)


def _merge_repeats(items: list[_Item]) -> tuple[list[Paper], list[SkippedLine], list[str]]:
    """One paper per folded title and year, in the order of first appearance: a repeat's
    links join the first's (``merge_links``), and each repeat is reported."""
    taken: set[str] = set()
    first: dict[tuple[str, int], int] = {}
    papers: list[Paper] = []
    reports: list[SkippedLine] = []
    written: list[str] = []  # each paper's first item as written
    tried: dict[str, int] = {}  # unique_key's memory of suffixes taken
    for item in items:
        identity = (fold(item.title) or item.title, item.year)  # '?' and '!' fold alike
        extra = ((NOTE_KEY, item.note),) if item.note else ()
        if identity in first:
            index = first[identity]
            kept = papers[index]
            links, added = merge_links(kept.links, item.links)
            note = " ".join(n for n in (kept.note, item.note) if n)
            papers[index] = replace(kept, links=links, extra=_with_note(kept.extra, note))
            where = "" if item.venue == kept.venue else (
                f"; it is listed under {item.venue or OTHER_GROUP} here, kept under"
                f" {kept.venue or OTHER_GROUP}")
            reports.append(SkippedLine(item.number, item.title,
                                       f"the same paper as line {kept.line} (same title and"
                                       f" year): one paper, {added} link(s) added{where}", MERGED))
            continue
        key = unique_key(item.title, item.year, taken, tried)
        taken.add(key)
        first[identity] = len(papers)
        papers.append(Paper(key, item.title, item.venue, item.year, item.links, extra,
                            line=item.number))
        written.append(item.written)
    return papers, reports, written


def _as_written(papers: list[Paper], written: list[str], layout: Layout,
                venues: tuple[Venue, ...]) -> tuple[Paper, ...]:
    """The papers, each given its item's line as written (``AS_WRITTEN_KEY``) only where that
    differs from the item the layout makes of it and export may write it back
    (``item_reading.written_line_holds``): a list's one-off forms survive its first export."""
    from awesome_snn.markdown_render import ItemWriter

    writer = ItemWriter(layout, venues)
    out = list(papers)
    for index, (paper, line) in enumerate(zip(papers, written)):
        if not line:
            continue
        links = [(link.label, link.url) for link in paper.links]
        if line != writer.line(paper.title, paper.venue, paper.year, links) and writer.holds(
                paper.title, paper.venue, paper.year, links, line, paper.note):
            out[index] = replace(paper, extra=(*paper.extra, (AS_WRITTEN_KEY, line)))
    return tuple(out)


def merge_links(kept: tuple[Link, ...], new: tuple[Link, ...]) -> tuple[tuple[Link, ...], int]:
    """``kept`` and the links of ``new`` that are not the same page as one of them
    (``urls.canonical_url``); a label already taken by another page becomes ``label 2``.
    Returns the links and how many were added."""
    from awesome_snn.urls import canonical_url

    pages = {canonical_url(link.url) for link in kept}
    labels = {link.label for link in kept}
    links = list(kept)
    for link in new:
        page = canonical_url(link.url)
        if page in pages:
            continue
        label, number = link.label, 2
        while label in labels:
            label, number = f"{link.label} {number}", number + 1
        links.append(Link(label, link.url))
        pages.add(page)
        labels.add(label)
    return tuple(links), len(links) - len(kept)


def _with_note(extra: tuple[tuple[str, Any], ...], note: str) -> tuple[tuple[str, Any], ...]:
    rest = tuple((k, v) for k, v in extra if k != NOTE_KEY)
    return rest + ((NOTE_KEY, note),) if note else rest


def _continuation_end(lines: list[str], number: int) -> int:
    """The last line (1-based) of the item on line ``number``: the lines right below it that
    CommonMark reads as the same paragraph (no blank line, item, heading, fence, quote or
    HTML between), ``number`` itself when there is none."""
    end = number
    while end < len(lines):
        text = lines[end].strip()
        if (not text or _ITEM.match(text) or _ORDERED_ITEM.match(text)
                or _heading(text) or text.startswith(("```", "~~~", "<", ">", "|", "---", "***"))):
            break
        end += 1
    return end


_is_group_line = is_group_line


def _is_badge(text: str) -> bool:
    """An image, or a link around one, and nothing else: ``[![Awesome](b.svg)](url)``."""
    text = text.strip()
    return text.startswith(("![", "[![")) and text.endswith(")") and "](" in text and (
        text.count("](") <= 2)


def _drop_trailing_heading(lines: list[str], year_level: int) -> tuple[list[str], str]:
    """The preamble without the heading the years stand under when nothing else is under
    it (``## Papers`` right above ``### 2026``), and that heading (the layout's
    ``years_heading``; '' when there is none)."""
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    heading = _heading(lines[end - 1].strip()) if end else None
    if heading and heading[0] < year_level:
        return lines[:end - 1], lines[end - 1].strip()
    return lines, ""


def _split_title(heading: str) -> tuple[str, str]:
    """``Awesome X [![Awesome](badge)](link)`` -> ('Awesome X', '[![Awesome](badge)](link)')."""
    image = heading.find("![")
    if image == -1:
        return heading.strip(), ""
    start = image - 1 if image > 0 and heading[image - 1] == "[" else image
    return heading[:start].strip(), heading[start:].strip()


def _venue_for(abbr: str, name: str, venues: list[Venue]) -> Venue:
    """The venue a heading names, registering it on first sight. A heading's own full name
    wins; a bare abbreviation takes the well-known venue's name."""
    existing = find_venue(abbr, venues)
    if existing is not None:
        if name and existing.name.casefold() == existing.abbr.casefold() and name != existing.name:
            updated = Venue(existing.abbr, name, existing.kind, existing.aliases)
            venues[venues.index(existing)] = updated
            return updated
        return existing
    if name:  # a venue already registered, named here by its full name
        existing = find_venue(name, venues)
        if existing is not None:
            return existing
    known = find_venue(abbr, KNOWN_VENUES) or (find_venue(name, KNOWN_VENUES) if name else None)
    if known is not None:
        existing = find_venue(known.abbr, venues)
        if existing is not None:
            return existing
        venue = Venue(known.abbr, name or known.name, known.kind, known.aliases)
    else:
        venue = Venue(abbr, name or abbr, guess_kind(name or abbr), ())
    venues.append(venue)
    return venue
