"""A source's venue string to a venue of the registry.

Sources name venues their own way: OpenReview the decision ("ICLR 2024 poster", "NeurIPS
2023 spotlight", "ICLR 2023 notable top 25%"), Crossref the proceedings' or journal's title
("Proceedings of the AAAI Conference on Artificial Intelligence", "2023 IEEE/CVF Conference
on Computer Vision and Pattern Recognition (CVPR)", "Advances in Neural Information
Processing Systems"), DBLP its abbreviations ("IEEE Trans. Neural Networks Learn. Syst.").
Each string is tried in a few readings (as given; with years, decision words and
"Proceedings of" removed; the abbreviation in brackets at the end) against the catalog's
registry, then the well-known venues, by their names and aliases (``venues.find_venue``).
A string that names no venue gives None: the caller asks, or keeps the user's flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from awesome_snn.model import Venue
from awesome_snn.venues import KNOWN_VENUES, SOURCE_NAMES, find_venue, normalise_name

NOT_ACCEPTED = re.compile(r"^\s*(submitted to|under review|withdrawn|desk rejected|rejected)\b"
                          r"|\b(withdrawn|rejected) submission\b", re.I)
"""OpenReview's words for a paper no venue accepted: it has no venue to map."""
_DECISION = re.compile(
    r"\b(poster|oral|spotlight|notable|top\s*\d+%?|accept(ed)?|main\s+conference|main\s+track"
    r"|conference\s+track|conference|track|findings)\b|\d+%", re.I)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
_PROCEEDINGS = re.compile(r"^\s*(proceedings\s+of\s+(the\s+)?)", re.I)
_BRACKETED = re.compile(r"\(([^()]+)\)\s*$")
_ORDINAL = re.compile(
    r"\b(\d+(st|nd|rd|th)|([a-z]+-)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|[a-z]+teenth|[a-z]+tieth))\b", re.I)
_LEADING = re.compile(r"^\s*([^:]*'\d{2}\s*:\s*)?(the\s+)?", re.I)
"""Crossref's event names start "MM '23: The 31st ACM ...": the short name and "The" go."""


def readings(text: str) -> Iterator[str]:
    """The ways ``text`` may name a venue, most literal first."""
    yield text
    bracketed = _BRACKETED.search(text)
    if bracketed:
        yield _YEAR.sub(" ", bracketed.group(1))
    plain = _PROCEEDINGS.sub("", _LEADING.sub("", text))
    plain = _LEADING.sub("", _ORDINAL.sub(" ", _YEAR.sub(" ", plain)))
    yield plain
    plain = re.sub(r"^\s*(ieee\s*/\s*cvf|ieee|acm)\s+(?=(international\s+)?conference)", "", plain,
                   flags=re.I)
    yield plain
    yield _DECISION.sub(" ", plain)
    yield _DECISION.sub(" ", _BRACKETED.sub("", plain))


def map_venue(text: str | None, registry: Iterable[Venue]) -> Venue | None:
    """The registry's (else a well-known) venue ``text`` names, or None."""
    if not text or not text.strip() or NOT_ACCEPTED.search(text):
        return None
    registry = tuple(registry)
    for reading in readings(text):
        if not reading.strip():
            continue
        venue = find_venue(reading, registry) or find_venue(reading, KNOWN_VENUES)
        if venue is None and normalise_name(reading) in _source_names():
            abbr = _source_names()[normalise_name(reading)]
            venue = find_venue(abbr, registry) or find_venue(abbr, KNOWN_VENUES)
        if venue is not None:
            return venue
    return None


def _source_names() -> dict[str, str]:
    """Every name a service gives a well-known venue, normalised, to its abbreviation."""
    return {normalise_name(name): abbr for abbr, names in SOURCE_NAMES.items() for name in names}
