"""Reading an awesome-list README into a catalog.

The list is read line by line, the way such lists are written: ``# 2023`` opens a year,
``## CVPR (...)`` or ``## ICLR-2023`` a venue, and ``-``/``*`` items under a venue are
papers with trailing ``[[label](url)]`` links. Everything that is not a year section (title,
introduction, notes, closing sections) is kept as the list's own text; the table of
contents is dropped because export makes a new one. Every line that looks like an item but
cannot be read is reported with its line number, never dropped silently.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from awesome_snn.errors import ImportFailed, InvalidInput
from awesome_snn.keys import unique_key
from awesome_snn.markdown_html import atx_heading
from awesome_snn.model import (
    Catalog,
    Link,
    ListTexts,
    Paper,
    Venue,
    validate_label,
    validate_title,
    validate_url,
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
_DEST = r"(<[^<>\n]*>|(?:[^\s()<>]|\((?:[^\s()<>])*\))+)"
# [[label](url)]  \[[label](url)\]  [[label]](url)  [label](url)
_LINK = re.compile(
    r"\\?\[\[(?P<l1>[^\[\]\n]+)\]\(" + _DEST.replace("(", "(?P<u1>", 1) + r"\)\\?\]"
    r"|\[\[(?P<l2>[^\[\]\n]+)\]\]\(" + _DEST.replace("(", "(?P<u2>", 1) + r"\)"
    r"|\[(?P<l3>[^\[\]\n]+)\]\(" + _DEST.replace("(", "(?P<u3>", 1) + r"\)"
)
_SEPARATORS = set(" \t|,/·-–—:;")
_TOC_LINE = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\[[^\]]*\]\(#[^)]*\)\s*$")
_ESCAPABLE = re.compile(r"\\([!-/:-@\[-`{-~])")
_BACKSLASHES = re.compile(r"\\+")


@dataclass(frozen=True)
class SkippedLine:
    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ImportResult:
    catalog: Catalog
    skipped: tuple[SkippedLine, ...]
    sections: int
    """Year/venue sections read."""


def repair_mojibake(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        try:
            return match.group(0).encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)

    return _MOJIBAKE_RUN.sub(fix, text)


def unescape(text: str) -> str:
    """CommonMark backslash escapes: ``\\[`` -> ``[``."""
    return _ESCAPABLE.sub(r"\1", text)


def parse_item(content: str) -> tuple[str, list[tuple[str, str]]]:
    """An item's text -> (title, [(label, url), ...]). Raises InvalidInput when unreadable."""
    content = content.replace("\t", " ")  # a tab is whitespace, as Markdown reads it
    matches = []
    # The length of each run of backslashes, by where it ends.
    backslashes = ({run.end(): run.end() - run.start() for run in _BACKSLASHES.finditer(content)}
                   if "\\" in content else {})
    for match in _LINK.finditer(content):
        start = match.start()
        # A bracket escaped by the title itself is text, not a link.
        if content[start] != "\\" and backslashes.get(start, 0) % 2 == 1:
            continue
        matches.append(match)
    links: list[tuple[str, str]] = []
    for match in matches:
        label = match.group("l1") or match.group("l2") or match.group("l3")
        url = match.group("u1") or match.group("u2") or match.group("u3")
        if url.startswith("<") and url.endswith(">"):
            url = url[1:-1]
        links.append((unescape(label).strip(), url))
    if not matches:
        title_text = content
    else:
        title_text = content[: matches[0].start()]
        between = [content[a.end(): b.start()] for a, b in zip(matches, matches[1:])]
        between.append(content[matches[-1].end():])
        leftover = "".join(between)
        if any(ch not in _SEPARATORS for ch in leftover):
            raise InvalidInput(f"text after the links: {leftover.strip()!r}")
    title_text = title_text.strip()
    # A list whose items are '[Title](url)' links: the link is the paper.
    if matches and not title_text and links and matches[0].group("l3"):
        title_text, url = links.pop(0)
        links.insert(0, ("paper", url))
        title_text = title_text.strip()
    # 'Title - [[paper](...)]' or 'Title: [[paper](...)]': a separator after a space goes.
    body = title_text.rstrip("|:-")
    if body != title_text and body[-1:].isspace():
        title_text = body.strip()
    title = validate_title(unescape(title_text)) if title_text else ""
    if not title:
        raise InvalidInput("no title before the links")
    seen = set()
    checked = []
    for label, url in links:
        label = validate_label(label)
        if label in seen:
            raise InvalidInput(f"the link label {label!r} appears twice")
        seen.add(label)
        checked.append((label, validate_url(url, label)))
    return title, checked


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


def _drop_toc(lines: list[str]) -> list[str]:
    """The preamble without its table of contents (Markdown list of #anchors, or a
    ``<details>`` block of them, with a 'Contents' heading right above it)."""
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
            if heading and heading[1].lower().endswith(("content", "contents")):
                out.pop()
            i = end
            continue
        out.append(line)
        i += 1
    return out


def _clean_block(lines: list[str]) -> str:
    text = "\n".join(line.rstrip() for line in lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")


def import_markdown(text: str | list[str], registry: tuple[Venue, ...] = ()) -> ImportResult:
    """Read a README of this family (its text, or its lines without their line ends).
    ``registry`` holds venues already known (a catalog's)."""
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
    skipped: list[SkippedLine] = []
    venues: list[Venue] = list(registry)
    raw_papers: list[tuple[str, str, int, int, tuple[Link, ...]]] = []
    year: int | None = None
    venue: Venue | None = None
    sections: set[tuple[int, str]] = set()
    seen_year = False
    title_found = False
    fence = False
    blank_preamble = 0  # how many lines of the preamble are known to be blank (scanned once)
    unread_venue: int | None = None  # the line of the venue heading above, when unreadable
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")):
            fence = not fence
        if fence or stripped.startswith(("```", "~~~")):
            (closing if seen_year else preamble).append(line)
            continue
        heading = _heading(stripped)
        if heading and heading[0] == 1 and _YEAR.fullmatch(heading[1]):
            year, venue, seen_year, unread_venue = int(heading[1]), None, True, None
            continue
        if heading and heading[0] == 1:
            while blank_preamble < len(preamble) and not preamble[blank_preamble].strip():
                blank_preamble += 1
            if not title_found and not seen_year and blank_preamble == len(preamble):
                title_found = True
                title, badge = _split_title(heading[1])
                continue
            year, venue, unread_venue = None, None, None
            (closing if seen_year else preamble).append(line)
            continue
        if year is None:
            (closing if seen_year else preamble).append(line)
            continue
        if heading:
            abbr, name = parse_venue_heading(heading[1])
            try:  # the rules of a title: one line, no control character, no e-mail address
                abbr = validate_venue_name(abbr, "venue abbreviation")
                name = validate_venue_name(name) if name else ""
            except InvalidInput as exc:
                skipped.append(SkippedLine(number, stripped, f"venue heading: {exc}"))
                venue, unread_venue = None, number
                continue
            venue, unread_venue = _venue_for(abbr, name, venues), None
            continue
        item = _ITEM.match(line) or _ORDERED_ITEM.match(line)
        if not stripped:
            continue
        if not item:
            if stripped.startswith("<!--") or _TOC_LINE.match(line):
                continue
            skipped.append(SkippedLine(number, stripped, "text inside a year section is not"
                                       " a paper item; move it out of the year or make it an item"))
            continue
        if venue is None:
            reason = (f"item under the venue heading of line {unread_venue}, which could not be"
                      " read" if unread_venue else
                      f"item under # {year} but before any ## venue heading; put it under a venue")
            skipped.append(SkippedLine(number, stripped, reason))
            continue
        try:
            paper_title, links = parse_item(item.group(1))
        except InvalidInput as exc:
            skipped.append(SkippedLine(number, stripped, str(exc)))
            continue
        raw_papers.append((paper_title, venue.abbr, year, number,
                           tuple(Link(label, url) for label, url in links)))
        sections.add((year, venue.abbr))
    if not raw_papers and not skipped:
        raise ImportFailed("no paper found: a list needs '# 2023' year sections with"
                           " '## Venue' headings and '- Title [[paper](url)]' items")
    taken: set[str] = set()
    papers = []
    for paper_title, abbr, paper_year, number, links in raw_papers:
        key = unique_key(paper_title, paper_year, taken)
        taken.add(key)
        papers.append(Paper(key, paper_title, abbr, paper_year, links, line=number))
    used = {p.venue for p in papers}
    texts = ListTexts(title=repair_mojibake(title), badge=badge,
                      introduction=repair_mojibake(_clean_block(_drop_toc(preamble))),
                      closing=repair_mojibake(_clean_block(closing)))
    catalog = Catalog(texts, tuple(v for v in venues if v.abbr in used or v in registry),
                      tuple(papers))
    return ImportResult(catalog, tuple(skipped), len(sections))


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
