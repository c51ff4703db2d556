"""Reading one list item: what ``- Title (**ICLR 2026**). [[paper](url)]`` says, and whether
a line written by hand still says what a paper says.

``import`` reads every item with ``read_item``. A list's items do not all follow its layout
(a missing space, a full stop, a single bracket): import keeps such a line as the paper's
``as_written`` (``model.AS_WRITTEN_KEY``), and export writes it back unchanged while
``written_line_holds`` accepts it. That check is what keeps a stored line from saying
anything else than the paper: read back, the line gives exactly the paper's title, links,
venue, year and note; and it is one list item of text, emphasis and the paper's own links,
with nothing GitHub would read as a block, HTML, an entity, code, math, strike-through, an
autolink or another link. A line that fails is not written: the paper's item is made from
the paper, as for any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from awesome_snn.errors import InvalidInput
from awesome_snn.model import NO_VENUE, validate_label, validate_title, validate_url

_YEAR = re.compile(r"(?:19|20)[0-9][0-9]")

_DEST = r"(<[^<>\n]*>|(?:[^\s()<>]|\((?:[^\s()<>])*\))+)"
# [[label](url)]  [[label](url) ]  \[[label](url)\]  [[label]](url)  [label](url)
# (Spaces may stand before the closing parenthesis, as CommonMark allows, and before the
# closing bracket; each run is scanned once, at the one place it can stand.)
_LINK = re.compile(
    r"\\?\[\[(?P<l1>[^\[\]\n]+)\]\(" + _DEST.replace("(", "(?P<u1>", 1) + r" *\) *\\?\]"
    r"|\[\[(?P<l2>[^\[\]\n]+)\]\]\(" + _DEST.replace("(", "(?P<u2>", 1) + r" *\)"
    r"|\[(?P<l3>[^\[\]\n]+)\]\(" + _DEST.replace("(", "(?P<u3>", 1) + r" *\)"
)
_SEPARATORS = set(" \t|,/·-–—:;")
_ESCAPABLE = re.compile(r"\\([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class ItemReading:
    """What one list item says: its title, links, and, when the item itself gives them, its
    venue and year. ``unread`` holds (text as written, why) for each part not read."""

    title: str
    links: tuple[tuple[str, str], ...]
    venue: str = ""
    year: int | None = None
    unread: tuple[tuple[str, str], ...] = ()
    form: str = "title"
    """How the item names its venue: "title" (it does not), "note" (``Title (**ICLR
    2026**).``) or "venue" (``[[ICLR](url)] Title``)."""
    written: str = ""
    """The venue as the item writes it (``Neurips 2025``, ``AAAI``)."""


def unescape(text: str) -> str:
    """CommonMark backslash escapes: ``\\[`` -> ``[``."""
    return _ESCAPABLE.sub(r"\1", text)


LINK_WORDS = frozenset((
    "paper", "code", "arxiv", "pdf", "openreview", "paper with code", "project", "website",
    "video", "slides", "poster", "supplementary", "github", "demo", "dataset", "blog", "page",
    "homepage", "bib", "bibtex", "link", "doi", "html", "abs", "proceedings",
))
"""Labels that name a kind of link, never a venue: ``[[paper](url)] Title`` is a paper link
before its title, ``[[AAAI](url)] Title`` a venue (its URL the paper link)."""
_PLACEHOLDER = re.compile(r"\\?\[\[?([^\[\]\n]{1,40})\](?:\( *\))?\]?\\?")
"""``[code]``, ``[[code]]`` or ``[[code]()]`` with no URL: a link the list has not filled in."""
_MAX_PLACEHOLDER = 56
_PLACEHOLDER_AT_END = re.compile(_PLACEHOLDER.pattern + r" *$")


def parse_item(content: str) -> tuple[str, list[tuple[str, str]]]:
    """An item's text -> (title, [(label, url), ...]); raises InvalidInput when it holds
    anything ``read_item`` could not read (the strict reading ``add``-like callers want)."""
    reading = read_item(content)
    if reading.unread:
        raise InvalidInput(reading.unread[0][1])
    return reading.title, list(reading.links)


def read_item(content: str) -> ItemReading:
    """An item's text -> what it says (``ItemReading``). Raises InvalidInput only when no
    title can be read; every other part that cannot be read (text after the links, a
    placeholder without a URL, a link whose URL or label breaks the rules) is returned in
    ``unread``, to be kept with the paper and reported, never dropped."""
    content = content.replace("\t", " ")  # a tab is whitespace, as Markdown reads it
    matches = _link_matches(content)
    links: list[tuple[str, str, str]] = []  # (label, url, as written)
    for match in matches:
        label = match.group("l1") or match.group("l2") or match.group("l3")
        links.append((unescape(label).strip(), _link_url(match), match.group(0)))
    unread: list[tuple[str, str]] = []
    venue = as_written = ""
    if not matches:
        title_text, tail = content, ""
    else:
        title_text = content[: matches[0].start()]
        segments = [content[a.end(): b.start()] for a, b in zip(matches, matches[1:])]
        segments.append(content[matches[-1].end():])
        first_label = links[0][0]
        if not title_text.strip() and _has_text(segments[0]) and (
                matches[0].group("l1") or first_label.casefold() in LINK_WORDS):
            # '[[AAAI](url)] Title [[code](url)]': the title follows the first link, whose
            # label is the venue (its URL the paper link) unless it names a kind of link.
            title_text = segments.pop(0)
            segments.insert(0, "")
            if first_label.casefold() not in LINK_WORDS:
                venue = as_written = first_label
                links[0] = ("paper", links[0][1], links[0][2])
        tail = "".join(segments)
    title_text, trailing = _split_placeholders(title_text.strip())
    tail = trailing + " " + tail
    form = "venue" if venue else "title"
    title_text, item_venue, year, note = _venue_note(title_text)
    if item_venue and not venue:
        form, as_written = "note", unescape(note)
    venue = venue or item_venue
    # A list whose items are '[Title](url)' links: the link is the paper.
    if matches and not title_text and links and matches[0].group("l3") and not venue:
        title_text = links[0][0].strip()
        links[0] = ("paper", links[0][1], links[0][2])
    # 'Title - [[paper](...)]' or 'Title: [[paper](...)]': a separator after a space goes;
    # 'Title. (**ICLR 2026**).': the full stop around the venue note goes (a title without
    # the note keeps its own).
    body = title_text.rstrip("|:-")
    if body != title_text and body[-1:].isspace():
        title_text = body.strip()
    if (title_text.endswith(".") and not title_text.endswith(("..", "\\.")) and item_venue):
        title_text = title_text[:-1].rstrip()
    title = validate_title(unescape(title_text)) if title_text else ""
    if not title:
        raise InvalidInput("no title before the links")
    for placeholder in _PLACEHOLDER.finditer(tail):
        unread.append((placeholder.group(0),
                       f"{placeholder.group(0)} has no URL: not stored as a link"))
    rest = _PLACEHOLDER.sub(" ", tail)
    if _has_text(rest):
        unread.append((rest.strip(" \t|,/·-–—:;"), f"text after the links: {rest.strip()!r}"))
    seen: dict[str, str] = {}
    checked: list[tuple[str, str]] = []
    for label, url, written in links:
        try:
            label = validate_label(label)
            url = validate_url(url, label)
        except InvalidInput as exc:
            unread.append((written, f"{written}: {exc}"))
            continue
        if label in seen:
            if seen[label] == url:
                continue  # the same link written twice
            number = 2
            while f"{label} {number}" in seen:
                number += 1
            label = f"{label} {number}"
        seen[label] = url
        checked.append((label, url))
    return ItemReading(title, tuple(checked), venue, year, tuple(unread), form, as_written)


def _has_text(text: str) -> bool:
    """Whether ``text`` holds more than separators and whitespace (a no-break space too)."""
    return any(ch not in _SEPARATORS and not ch.isspace() for ch in text)


def _split_placeholders(text: str) -> tuple[str, str]:
    """``Title [code]`` -> ('Title', '[code]'): placeholders naming a kind of link at the
    end of a title, taken off it (each looked for in the last ``_MAX_PLACEHOLDER``
    characters only, so a line is read in linear time)."""
    tail = ""
    while text.endswith((")", "]")):
        window = max(0, len(text) - _MAX_PLACEHOLDER)
        found = next(_PLACEHOLDER_AT_END.finditer(text, window), None)
        if found is None or found.start() == 0 or found.group(1).strip().casefold() not in LINK_WORDS:
            break
        text, tail = text[:found.start()].rstrip(), found.group(0) + " " + tail
    return text, tail


def _venue_note(title: str) -> tuple[str, str, int | None, str]:
    """``Title (**ICLR 2026**).`` -> ('Title', 'ICLR', 2026, 'ICLR 2026'); ``(**Nature,
    2025**)`` and ``(**TPAMI**)`` too. A title without such a note comes back as it is."""
    opening = title.rfind("(**")
    if opening < 0:
        return title, "", None, ""
    closing = title.find("**)", opening + 3)
    if closing < 0:
        return title, "", None, ""
    inside = written = title[opening + 3:closing].strip()
    after = title[closing + 3:].strip()
    if not inside or "*" in inside or _has_text(after.replace(".", "")):
        return title, "", None, ""
    year: int | None = None
    if _YEAR.fullmatch(inside[-4:]) and (len(inside) == 4 or not inside[-5].isalnum()):
        year = int(inside[-4:])
        inside = inside[:-4].rstrip(" ,-–_(")
    return title[:opening].rstrip(), inside, year, written


def _link_url(match: re.Match[str]) -> str:
    """The destination of a link ``_LINK`` matched, without its angle brackets."""
    url = match.group("u1") or match.group("u2") or match.group("u3")
    return url[1:-1] if url.startswith("<") and url.endswith(">") else url


def _link_matches(content: str) -> list[re.Match[str]]:
    """The links of an item's text (``_LINK``), but for brackets the text escapes itself."""
    matches = []
    for match in _LINK.finditer(content):
        start = match.start()
        # A bracket escaped by the title itself (an odd run of backslashes) is text, not a link.
        if content[start] != "\\" and start and content[start - 1] == "\\":
            run = start - 1
            while run and content[run - 1] == "\\":
                run -= 1
            if (start - run) % 2 == 1:
                continue
        matches.append(match)
    return matches


_WRITTEN_ITEM = re.compile(r"[-*+] {1,4}(?=[^\s])")
"""A bullet at the start of the line and at most four spaces: more would start indented code."""
_BLOCK_START = re.compile(r"(#|[-+*=>]|\d{1,9}[.)])")
_UNSAFE_TEXT = re.compile(r"[<>&`~$\[\]\x00-\x08\x0b-\x1f\x7f]|://|www\.|@|mailto:|xmpp:|\\$",
                          re.IGNORECASE)
"""Outside its links, after its escapes: what could make a written line more than text and
emphasis (HTML, an entity, code, math, strike-through, an autolink, a reference link, a hard
break)."""
_ESCAPE_PAIR = re.compile(r"\\[!-/:-@\[-`{-~]")


def written_line_holds(line: str, title: str, venue: str, year: int,
                       links: Sequence[tuple[str, str]], note: str,
                       venue_of: Callable[[str], str | None], sections: bool) -> bool:
    """Whether ``line``, a paper's item as its list wrote it, may stand for the paper
    (``title``, ``venue``, ``year``, ``links``, ``note``) in the README: it reads back as
    exactly the paper and is inert (module docstring). ``venue_of`` names the venue a
    written venue is (``Neurips`` -> ``NeurIPS``, None when unknown); ``sections``: the
    layout has venue headings, so an item need not name its venue."""
    if "\n" in line or "\r" in line or line != line.rstrip():
        return False
    marker = _WRITTEN_ITEM.match(line)
    if marker is None:
        return False
    content = line[marker.end():]
    if _BLOCK_START.match(content):
        return False
    matches = _link_matches(content.replace("\t", " "))
    text, last = [], 0
    for match in matches:
        text.append(content[last:match.start()])
        last = match.end()
    text.append(content[last:])
    if any(part.endswith("!") for part in text[:-1]):
        return False  # '![...](url)' is an image
    if _UNSAFE_TEXT.search(_ESCAPE_PAIR.sub("", "\x00".join(text)).replace("\x00", " ")):
        return False
    own = {url for _label, url in links}
    # a link the catalog refused (ftp:, javascript:) is kept in the note, not as a link
    if any(_link_url(match) not in own for match in matches):
        return False
    try:
        reading = read_item(content)
    except InvalidInput:
        return False
    if (reading.title != title or reading.links != tuple(links)
            or " ".join(written for written, _why in reading.unread) != note):
        return False
    if reading.year is not None and reading.year != year:
        return False
    if reading.venue:
        return venue_of(reading.venue) == venue
    return sections or venue == NO_VENUE
