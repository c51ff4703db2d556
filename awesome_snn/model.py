"""The records of a catalog, and the rules every record obeys.

Records are frozen dataclasses so that a loaded catalog can be shared, cached and compared
without copies; every change produces a new record. The validators are used by the store
(reading a file), by ``add``/``edit`` and by import, so a value is judged the same way
wherever it comes from.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from awesome_snn.errors import InvalidInput

MAX_TITLE_LENGTH = 300
MIN_YEAR = 1950
VENUE_KINDS = ("conference", "journal")
NO_VENUE = ""
"""The venue of a paper its list names none for: such a paper is kept, never given a venue
the list did not write, and shown under its year in the ``OTHER_GROUP`` group."""
OTHER_GROUP = "Other"
"""The heading papers without a venue are shown under (README, page, ``list``)."""
NOTE_KEY = "note"
"""The key of a paper's table holding what import could not read of its list item (stray
text, a placeholder link, an unreadable URL), kept with the paper rather than dropped."""


@dataclass(frozen=True, slots=True)
class Link:
    """A labelled link of a paper: ``paper``, ``code``, ``arxiv``, ``openreview``..."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Paper:
    key: str
    title: str
    venue: str
    year: int
    links: tuple[Link, ...] = ()
    extra: tuple[tuple[str, Any], ...] = ()
    """Keys of the paper's table that snn-papers does not know; kept, never dropped."""
    line: int = field(default=0, compare=False)
    """Line of the paper's ``[[papers]]`` header in the catalog (0 when not from a file)."""

    def link(self, label: str) -> str | None:
        for link in self.links:
            if link.label == label:
                return link.url
        return None

    @property
    def note(self) -> str:
        """What import could not read of the paper's list item (``NOTE_KEY``), or ''."""
        value = dict(self.extra).get(NOTE_KEY, "")
        return value if isinstance(value, str) else ""

    @property
    def paper_url(self) -> str | None:
        return self.link("paper") or (self.links[0].url if self.links else None)

    @property
    def code_url(self) -> str | None:
        return self.link("code")

    @property
    def has_code(self) -> bool:
        return self.code_url is not None


@dataclass(frozen=True)
class Venue:
    abbr: str
    name: str
    kind: str = "conference"
    aliases: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """The section heading a list gives the venue: ``CVPR (IEEE Conference on ...)``."""
        if not self.name or self.name.casefold() == self.abbr.casefold():
            return self.abbr
        return f"{self.abbr} ({self.name})"


@dataclass(frozen=True)
class ListTexts:
    """The list's own words around the papers, as Markdown."""

    title: str = "Awesome SNN Conference Paper"
    badge: str = ""
    introduction: str = ""
    closing: str = ""


@dataclass(frozen=True)
class Catalog:
    texts: ListTexts = ListTexts()
    venues: tuple[Venue, ...] = ()
    papers: tuple[Paper, ...] = ()

    def venue(self, abbr: str) -> Venue | None:
        for venue in self.venues:
            if venue.abbr == abbr:
                return venue
        return None

    def paper(self, key: str) -> Paper | None:
        for paper in self.papers:
            if paper.key == key:
                return paper
        return None

    def sections(self) -> list[tuple[int, list[tuple[str, list[Paper]]]]]:
        """Papers grouped as a list shows them: years newest first, then venues in the order
        they first appear in the catalog within that year, papers in catalog order."""
        return group_sections((p.year, p.venue, p) for p in self.papers)


T = TypeVar("T")


def group_sections(items: Iterable[tuple[int, str, T]]) -> list[tuple[int, list[tuple[str, list[T]]]]]:
    """(year, venue, item) in catalog order -> the list's sections: years newest first,
    venues in order of first appearance within a year, items in order; the papers without a
    venue (``NO_VENUE``) last in their year, the "Other" group. Shared by the README, the
    HTML page and ``list``."""
    by_year: dict[int, dict[str, list[T]]] = {}
    for year, venue, item in items:
        by_year.setdefault(year, {}).setdefault(venue, []).append(item)
    return [(year, _other_last(by_year[year])) for year in sorted(by_year, reverse=True)]


def _other_last(by_venue: dict[str, list[T]]) -> list[tuple[str, list[T]]]:
    groups = [(venue, items) for venue, items in by_venue.items() if venue != NO_VENUE]
    if NO_VENUE in by_venue:
        groups.append((NO_VENUE, by_venue[NO_VENUE]))
    return groups


# --- validation -------------------------------------------------------------------------

_LABEL_FORBIDDEN = re.compile(r"[\[\]\n\r\t\x00-\x1f\x7f]")
_URL_SPACE = re.compile(r"\s")
# http(s)://, an optional user@, a host name or IPv4 address, then the end or a
# path/query/fragment: such a URL is valid without further parsing (one with a port is
# parsed, so that the port is checked).
_PLAIN_HTTP_URL = re.compile(r"(?i:https?)://(?:[^/?#@\[\]]+@)?[A-Za-z0-9.-]*[A-Za-z0-9](?:[/?#]|\Z)")
_URL_QUOTE = re.compile(r"[\"'<>`\\]")


def has_control_chars(text: str) -> bool:
    """Control, format (bidi overrides, zero-width...) or line/paragraph separator
    characters; the zero-width joiner of emoji sequences is allowed."""
    if text.isprintable():  # C-speed answer for nearly every title and URL
        return False
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch != "\u200d"
               for ch in text)


def validate_title(title: object) -> str:
    return _validate_text(title, "title", "give the paper's title")


def validate_venue_name(name: object, what: str = "venue name") -> str:
    """A venue's abbreviation, full name or alias: the rules of a title (one line, no
    control character, at most 300 characters, no e-mail address), since each is shown in
    the README's headings, on the page and in the terminal as a title is."""
    return _validate_text(name, what, "give the venue's name")


def _validate_text(text: object, what: str, hint: str) -> str:
    if not isinstance(text, str):
        raise InvalidInput(f"{what} must be text, not {type(text).__name__}")
    if "\n" in text or "\r" in text:
        raise InvalidInput(f"{what} must be one line: remove the line break")
    if has_control_chars(text):
        raise InvalidInput(f"{what} contains a control character (tab, NUL, ...): remove it")
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput(f"{what} is empty: {hint}")
    if len(cleaned) > MAX_TITLE_LENGTH:
        raise InvalidInput(
            f"{what} is {len(cleaned)} characters long; at most {MAX_TITLE_LENGTH} are allowed"
        )
    address = email_autolink(cleaned)
    if address is not None:
        raise InvalidInput(f"{what} contains the e-mail address {address!r}, which GitHub shows as a"
                           " link whatever the escaping: remove it")
    return cleaned


# What GitHub's Markdown (cmark-gfm's autolink extension) links as an e-mail address, also
# after 'mailto:' or 'xmpp:': a local part of letters, digits and '.+-_', an '@', and a domain
# of letters, digits, '-' and '_' with at least one '.' followed by a letter or digit. GitHub
# finds these after it has undone every backslash escape and character reference, so unlike
# every other piece of syntax no escaping can keep them text: a title or venue name holding
# one is refused. The domain is read by a scan, not a backtracking pattern (linear time).
_EMAIL_START = re.compile(r"[A-Za-z0-9.+_-]@")
_DOMAIN_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
_LOCAL_CHARS = _DOMAIN_CHARS | {"+"}


def email_autolink(text: str) -> str | None:
    """The first e-mail address in ``text`` that GitHub would turn into a link (a superset of
    cmark-gfm's rule: it also counts addresses its finer checks would skip), else None."""
    if "@" not in text:
        return None
    for match in _EMAIL_START.finditer(text):
        at = match.end() - 1
        end = at + 1
        while end < len(text) and text[end] in _DOMAIN_CHARS:
            end += 1
        domain = text[at + 1:end]
        dot = domain.find(".")
        while dot != -1:
            if dot + 1 < len(domain) and domain[dot + 1].isascii() and domain[dot + 1].isalnum():
                start = at
                while start > 0 and text[start - 1] in _LOCAL_CHARS:
                    start -= 1
                return text[start:end].rstrip(".-_")
            dot = domain.find(".", dot + 1)
    return None


def max_year() -> int:
    return time.localtime().tm_year + 1


def validate_year(year: object) -> int:
    if isinstance(year, bool):
        raise InvalidInput(f"year must be a whole number, not {year!r}")
    if isinstance(year, str):
        text = year.strip()
        if not re.fullmatch(r"\d{4}", text):
            raise InvalidInput(
                f"year {year!r} is not a four-digit year from {MIN_YEAR} to {max_year()}"
            )
        year = int(text)
    if not isinstance(year, int):
        raise InvalidInput(f"year must be a whole number, not {year!r}")
    if not MIN_YEAR <= year <= max_year():
        raise InvalidInput(f"year {year} is outside {MIN_YEAR}..{max_year()}")
    return year


def validate_url(url: object, label: str = "link") -> str:
    if not isinstance(url, str):
        raise InvalidInput(f"{label} URL must be text, not {type(url).__name__}")
    if _URL_SPACE.search(url):
        raise InvalidInput(f"{label} URL {url!r} contains spaces: percent-encode them as %20")
    if _URL_QUOTE.search(url) or has_control_chars(url):
        raise InvalidInput(f"{label} URL {url!r} contains a quote, angle bracket or backslash")
    if _PLAIN_HTTP_URL.match(url):  # the usual case, without urlsplit's cost
        return url
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise InvalidInput(f"{label} URL {url!r} is not a valid URL ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput(
            f"{label} URL {url!r} must start with http:// or https://"
        )
    if not parts.hostname:
        raise InvalidInput(f"{label} URL {url!r} has no host")
    try:
        port = parts.port
    except ValueError:
        port = -1
    if port is not None and not 0 < port <= 65535:
        raise InvalidInput(f"{label} URL {url!r} has an invalid port: a port is a number from 1 to 65535")
    return url


def validate_label(label: object) -> str:
    if not isinstance(label, str) or not label.strip():
        raise InvalidInput("link label is empty: use e.g. paper, code, arxiv")
    if _LABEL_FORBIDDEN.search(label):
        raise InvalidInput(f"link label {label!r} may not contain brackets or control characters")
    if len(label) > 40:
        raise InvalidInput(f"link label {label!r} is longer than 40 characters")
    return label.strip()


def validate_links(links: list[tuple[str, str]]) -> tuple[Link, ...]:
    seen: set[str] = set()
    result = []
    for label, url in links:
        label = validate_label(label)
        if label in seen:
            raise InvalidInput(f"link label {label!r} is given twice")
        seen.add(label)
        result.append(Link(label, validate_url(url, label)))
    return tuple(result)


def validate_kind(kind: object) -> str:
    if kind not in VENUE_KINDS:
        raise InvalidInput(f"venue kind {kind!r} must be 'conference' or 'journal'")
    return str(kind)

