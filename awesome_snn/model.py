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
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from awesome_snn.errors import InvalidInput
from awesome_snn.layout import DEFAULT as DEFAULT_LAYOUT
from awesome_snn.layout import Layout

MAX_TITLE_LENGTH = 300
MIN_YEAR = 1950
VENUE_KINDS = ("conference", "journal")
NO_VENUE = ""
"""The venue of a paper its list names none for: such a paper is kept, never given a venue
the list did not write, and shown under its year in the ``OTHER_GROUP`` group."""
OTHER_GROUP = "Other"
"""The heading papers without a venue are shown under (README, page, ``list``)."""
METADATA_KEYS = ("authors", "arxiv", "doi", "openreview", "dblp")
"""A paper's optional fields of who wrote it and where it is, in the catalog's order."""
IDENTIFIER_KEYS = ("arxiv", "doi", "openreview", "dblp")
MAX_AUTHORS = 500
NOTE_KEY = "note"
"""The key of a paper's table holding what import could not read of its list item (stray
text, a placeholder link, an unreadable URL), kept with the paper rather than dropped."""
AS_WRITTEN_KEY = "as_written"
"""The key of a paper's table holding its list item as the list wrote it, where that differs
from the item the layout makes (a missing space, a full stop, one bracket): export writes
it back while it still says exactly what the paper says (``item_reading``)."""


def extra_text(extra: tuple[tuple[str, Any], ...], key: str) -> str:
    """The text under ``key`` among a paper's extra keys (``Paper.extra``), or ''."""
    if not extra:
        return ""
    value = dict(extra).get(key, "")
    return value if isinstance(value, str) else ""


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
    authors: tuple[str, ...] = ()
    """The authors' names as the source writes them, in order (empty: not known)."""
    arxiv: str | None = None
    """The arXiv id without version (``2302.02091``, ``hep-th/9901001``)."""
    doi: str | None = None
    openreview: str | None = None
    """The OpenReview forum id."""
    dblp: str | None = None
    """The DBLP record key (``conf/iclr/ZhouZHWYTY23``)."""

    @property
    def metadata(self) -> tuple[tuple[str, ...], str | None, str | None, str | None, str | None]:
        """``(authors, arxiv, doi, openreview, dblp)``, in ``METADATA_KEYS`` order."""
        return (self.authors, self.arxiv, self.doi, self.openreview, self.dblp)

    def link(self, label: str) -> str | None:
        for link in self.links:
            if link.label == label:
                return link.url
        return None

    @property
    def note(self) -> str:
        """What import could not read of the paper's list item (``NOTE_KEY``), or ''."""
        return extra_text(self.extra, NOTE_KEY)

    @property
    def as_written(self) -> str:
        """The paper's item as its list wrote it (``AS_WRITTEN_KEY``), or ''."""
        return extra_text(self.extra, AS_WRITTEN_KEY)

    def without_as_written(self) -> Paper:
        """The paper without its item as written: after a change, its item is made anew."""
        if not self.as_written:
            return self
        return replace(self, extra=tuple(kv for kv in self.extra if kv[0] != AS_WRITTEN_KEY))

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
    layout: Layout = DEFAULT_LAYOUT
    """How the README lays the list out (the catalog's ``[layout]``, ``awesome_snn.layout``)."""


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
_EMAIL_START = re.compile(r"(?:[A-Za-z0-9.+_-]|mailto:|xmpp:)@")
"""Where an address GitHub links may start: a local part, or a bare ``mailto:``/``xmpp:``
(cmark-gfm counts the protocol as the start of the address, even with nothing after it)."""
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
                start = at if text[at - 1] != ":" else match.start()
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



def validate_authors(authors: object) -> tuple[str, ...]:
    """A list of names: each one line of text without control characters (a name is shown
    in the README's, the page's and the terminal's text as a title is), none empty."""
    if not isinstance(authors, (list, tuple)):
        raise InvalidInput(f"authors must be a list of names, not {type(authors).__name__}")
    if len(authors) > MAX_AUTHORS:
        raise InvalidInput(f"authors lists {len(authors)} names; at most {MAX_AUTHORS} are allowed")
    return tuple(_validate_text(name, "author name", "remove the empty name") for name in authors)


# What the services write, loosened where they differ: arXiv's new-style ids (YYMM.NNNN
# from April 2007, YYMM.NNNNN from 2015) and old-style ones (archive[.SC]/YYMMNNN); a DOI
# as Crossref advises matching it (10., a registrant code, '/', a suffix without spaces);
# an OpenReview forum id; a DBLP record key.
_NEW_ARXIV = r"(?P<yymm>\d{4})\.(?P<num>\d{4,5})"
_OLD_ARXIV = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_VERSIONED = re.compile(rf"(?P<id>{_NEW_ARXIV}|{_OLD_ARXIV})(?:v\d+)?")
DOI_PATTERN = re.compile(r"10\.\d{4,9}/[^\s\"<>\\\x00-\x1f\x7f]+")
OPENREVIEW_PATTERN = re.compile(r"[A-Za-z0-9_\-]{6,40}")
DBLP_PATTERN = re.compile(
    r"(?:conf|journals|books|series|phd|reference|tr|ms|persons|homepages|www)"
    r"/[A-Za-z0-9_\-.]+/[A-Za-z0-9_\-.:]+")


def _identifier_text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} must be text, not {type(value).__name__}")
    text = value.strip()
    if not text:
        raise InvalidInput(f"{what} is empty")
    if len(text) > MAX_TITLE_LENGTH:
        raise InvalidInput(f"{what} is {len(text)} characters long; at most {MAX_TITLE_LENGTH}"
                           " are allowed")
    return text


def validate_arxiv(value: object) -> str:
    """An arXiv id without its version (a version ``vN`` is dropped)."""
    text = _identifier_text(value, "arxiv id")
    for prefix in ("arXiv:", "arxiv:"):
        text = text.removeprefix(prefix)
    match = _ARXIV_VERSIONED.fullmatch(text)
    valid = match is not None
    if match is not None and match.group("yymm") is not None:
        yymm = match.group("yymm")
        valid = (1 <= int(yymm[2:]) <= 12 and yymm >= "0704"
                 and len(match.group("num")) == (5 if yymm >= "1501" else 4))
    if not valid or match is None:
        raise InvalidInput(f"arxiv id {text!r} is not an arXiv identifier such as 2302.02091"
                           " or hep-th/9901001")
    return match.group("id")


def validate_doi(value: object) -> str:
    """A DOI, without a resolver prefix (``https://doi.org/``, ``doi:``)."""
    text = _identifier_text(value, "doi")
    lowered = text.lower()
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                   "http://dx.doi.org/", "doi.org/", "doi:"):
        if lowered.startswith(prefix):
            text = text[len(prefix):].strip()
            break
    if DOI_PATTERN.fullmatch(text) is None:
        raise InvalidInput(f"doi {text!r} is not a DOI: a DOI starts with '10.', a number,"
                           " then '/' (10.1109/TNNLS.2021.3119238)")
    return text


def validate_openreview(value: object) -> str:
    text = _identifier_text(value, "openreview id")
    if OPENREVIEW_PATTERN.fullmatch(text) is None:
        raise InvalidInput(f"openreview id {text!r} is not an OpenReview forum id (letters,"
                           " digits, '_' and '-', as in forum?id=LzPWWPAdY4)")
    return text


def validate_dblp(value: object) -> str:
    text = _identifier_text(value, "dblp key").removeprefix("https://dblp.org/rec/")
    text = text.removesuffix(".html")
    if DBLP_PATTERN.fullmatch(text) is None:
        raise InvalidInput(f"dblp key {text!r} is not a DBLP record key such as"
                           " conf/iclr/ZhouZHWYTY23")
    return text


IDENTIFIER_VALIDATORS = {"arxiv": validate_arxiv, "doi": validate_doi,
                         "openreview": validate_openreview, "dblp": validate_dblp}
"""Each identifier field of a paper with its validator, in the catalog's order."""
