"""Venues: the table of well-known conferences and journals, and name resolution.

A catalog carries its own registry (``[[venues]]``); ``KNOWN_VENUES`` fills in full names,
kinds and aliases when a list's heading gives only an abbreviation, lets ``add`` accept a
well-known venue the catalog has not used yet, and tells ``check`` the year each venue
began (``founding_year``): a paper cannot be older than its venue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from awesome_snn.errors import UnknownVenue
from awesome_snn.model import Venue


@dataclass(frozen=True)
class KnownVenue:
    venue: Venue
    founded: int
    """The year it first met (or published). A renamed journal counts from its first volume
    under the old name: TNNLS continues IEEE Transactions on Neural Networks (1990), TCYB
    continues IEEE Transactions on Systems, Man, and Cybernetics (1971)."""


def _known(abbr: str, name: str, kind: str, founded: int, *aliases: str) -> KnownVenue:
    return KnownVenue(Venue(abbr, name, kind, aliases), founded)


KNOWN: tuple[KnownVenue, ...] = (
    _known("CVPR", "IEEE Conference on Computer Vision and Pattern Recognition", "conference",
           1983, "cvpr"),
    _known("ICCV", "IEEE International Conference on Computer Vision", "conference", 1987),
    _known("ECCV", "European Conference on Computer Vision", "conference", 1990),
    _known("NeurIPS", "Conference on Neural Information Processing Systems", "conference", 1987,
           "nips", "neurips"),
    _known("ICML", "International Conference on Machine Learning", "conference", 1980),
    _known("ICLR", "International Conference on Learning Representations", "conference", 2013),
    _known("AAAI", "Association for the Advancement of Artificial Intelligence", "conference",
           1980),
    _known("IJCAI", "International Joint Conference on Artificial Intelligence", "conference",
           1969),
    _known("ICASSP", "IEEE International Conference on Acoustics, Speech and Signal Processing",
           "conference", 1976),
    _known("IJCNN", "International Joint Conference on Neural Networks", "conference", 1987),
    _known("ACM MM", "ACM International Conference on Multimedia", "conference", 1993,
           "mm", "acmmm"),
    _known("DAC", "Design Automation Conference", "conference", 1964),
    _known("PAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence", "journal",
           1979, "tpami", "ieee tpami", "ieee pami"),
    _known("TNNLS", "IEEE Transactions on Neural Networks and Learning Systems", "journal", 1990,
           "ieee tnnls"),
    _known("IEEE TCYB", "IEEE Transactions on Cybernetics", "journal", 1971, "tcyb"),
    _known("Neural Networks", "Neural Networks", "journal", 1988, "nn"),
    _known("Neural Computation", "Neural Computation", "journal", 1989, "neco"),
    _known("Nature Communications", "Nature Communications", "journal", 2010,
           "ncomms", "nat commun"),
    _known("Frontiers in Neuroscience", "Frontiers in Neuroscience", "journal", 2007, "fnins"),
)
"""The one table of well-known venues: abbreviation, full name, kind, founding year, aliases."""

KNOWN_VENUES: tuple[Venue, ...] = tuple(known.venue for known in KNOWN)

SOURCE_NAMES: dict[str, tuple[str, ...]] = {
    "CVPR": ("Conference on Computer Vision and Pattern Recognition",),
    "ICCV": ("International Conference on Computer Vision",),
    "NeurIPS": ("Advances in Neural Information Processing Systems",),
    "AAAI": ("AAAI Conference on Artificial Intelligence",),
    "ACM MM": ("ACM Multimedia",),
    "PAMI": ("IEEE Trans. Pattern Anal. Mach. Intell.",),
    "TNNLS": ("IEEE Trans. Neural Networks Learn. Syst.",),
    "IEEE TCYB": ("IEEE Trans. Cybern.",),
    "Neural Computation": ("Neural Comput.",),
    "Frontiers in Neuroscience": ("Frontiers Neurosci.",),
}
"""How bibliographic services name well-known venues (Crossref's proceedings titles, DBLP's
abbreviations), by abbreviation of ``KNOWN``: read by the metadata layer when it maps a
fetched venue (``metadata.venue_map``), never copied into a catalog's aliases, so an
imported list's registry stays as it was."""


def normalise_name(name: str) -> str:
    """Compare venue names by letters and digits only: ``IEEE-TPAMI`` = ``ieee tpami``."""
    return re.sub(r"[^0-9a-z]+", " ", name.casefold()).strip()


def strip_year_suffix(name: str) -> str:
    """``ICLR-2023``, ``ICLR 2023`` and ``ICLR (2023)`` name the venue ICLR: a year 19xx or
    20xx after a space, '-', '–', '_' or '(' (and an optional ')') is dropped. Read by a scan
    from the end, in linear time (the pattern it replaces took minutes on a crafted name)."""
    text = name.rstrip()
    if text.endswith(")"):
        text = text[:-1].rstrip()
    year = text[-4:]
    if len(year) != 4 or year[:2] not in ("19", "20") or not year[2:].isdecimal():
        return name.strip()
    before = text[:-4]
    head = before.rstrip()
    if head[-1:] in ("-", "–", "_", "("):
        return head[:-1].strip()
    if " " in before[len(head):]:
        return head.strip()
    return name.strip()


def _names(venue: Venue) -> Iterable[str]:
    yield venue.abbr
    yield from venue.aliases
    if venue.name:
        yield venue.name


def find_venue(name: str, venues: Iterable[Venue]) -> Venue | None:
    """The venue called ``name`` (abbreviation, alias or full name; case-insensitive)."""
    wanted = normalise_name(strip_year_suffix(name))
    if not wanted:
        return None
    for venue in venues:
        if any(normalise_name(n) == wanted for n in _names(venue)):
            return venue
    return None


def suggest_venues(name: str, venues: Iterable[Venue], limit: int = 3) -> list[str]:
    """Abbreviations of the venues closest to ``name``, best first."""
    from rapidfuzz import fuzz, process

    choices: dict[str, str] = {}
    for venue in venues:
        for n in _names(venue):
            choices.setdefault(normalise_name(n), venue.abbr)
    matches = process.extract(normalise_name(name), list(choices), scorer=fuzz.WRatio,
                              limit=limit * 3, score_cutoff=50)
    result: list[str] = []
    for match, _score, _index in matches:
        abbr = choices[match]
        if abbr not in result:
            result.append(abbr)
    return result[:limit]


def resolve_venue(name: str, registry: Iterable[Venue]) -> Venue:
    """The catalog's venue, else a well-known one; else ``UnknownVenue`` with suggestions."""
    registry = tuple(registry)
    venue = find_venue(name, registry) or find_venue(name, KNOWN_VENUES)
    if venue is not None:
        return venue
    candidates = registry + tuple(v for v in KNOWN_VENUES if v.abbr not in
                                  {r.abbr for r in registry})
    suggestions = suggest_venues(name, candidates)
    hint = f" Did you mean {' or '.join(suggestions)}?" if suggestions else ""
    raise UnknownVenue(
        f"Unknown venue {name!r}.{hint} To register a new one, pass --venue-name \"Full name\""
        " (and --journal for a journal)."
    )


def founding_year(venue: Venue) -> int | None:
    """The year ``venue`` began, when it is a well-known one: its abbreviation, an alias or
    its full name names a venue of ``KNOWN`` (by any of that venue's names)."""
    years = _founding_years()
    for name in _names(venue):
        year = years.get(normalise_name(strip_year_suffix(name)))
        if year is not None:
            return year
    return None


_FOUNDED: dict[str, int] = {}


def _founding_years() -> dict[str, int]:
    """Every name of every ``KNOWN`` venue, normalised, to its founding year."""
    if not _FOUNDED:
        for known in KNOWN:
            for name in _names(known.venue):
                _FOUNDED.setdefault(normalise_name(name), known.founded)
    return _FOUNDED


def guess_kind(name: str) -> str:
    """A new venue's kind from its full name: transactions, journals and letters are journals."""
    text = name.casefold()
    if any(word in text for word in ("transactions", "journal", "letters", "magazine")):
        return "journal"
    return "conference"
