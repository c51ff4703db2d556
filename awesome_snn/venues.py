"""Venues: the registry of known conferences and journals, and name resolution.

A catalog carries its own registry (``[[venues]]``); ``KNOWN_VENUES`` fills in full names,
kinds and aliases when a list's heading gives only an abbreviation, and lets ``add`` accept
a well-known venue the catalog has not used yet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from awesome_snn.errors import UnknownVenue
from awesome_snn.model import Venue

KNOWN_VENUES: tuple[Venue, ...] = (
    Venue("CVPR", "IEEE Conference on Computer Vision and Pattern Recognition", "conference",
          ("cvpr",)),
    Venue("ICCV", "IEEE International Conference on Computer Vision", "conference"),
    Venue("ECCV", "European Conference on Computer Vision", "conference"),
    Venue("NeurIPS", "Conference on Neural Information Processing Systems", "conference",
          ("nips", "neurips")),
    Venue("ICML", "International Conference on Machine Learning", "conference"),
    Venue("ICLR", "International Conference on Learning Representations", "conference"),
    Venue("AAAI", "Association for the Advancement of Artificial Intelligence", "conference"),
    Venue("IJCAI", "International Joint Conference on Artificial Intelligence", "conference"),
    Venue("ICASSP", "IEEE International Conference on Acoustics, Speech and Signal Processing",
          "conference"),
    Venue("IJCNN", "International Joint Conference on Neural Networks", "conference"),
    Venue("ACM MM", "ACM International Conference on Multimedia", "conference", ("mm", "acmmm")),
    Venue("DAC", "Design Automation Conference", "conference"),
    Venue("PAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence", "journal",
          ("tpami", "ieee tpami", "ieee pami")),
    Venue("TNNLS", "IEEE Transactions on Neural Networks and Learning Systems", "journal",
          ("ieee tnnls",)),
    Venue("IEEE TCYB", "IEEE Transactions on Cybernetics", "journal", ("tcyb",)),
    Venue("Neural Networks", "Neural Networks", "journal", ("nn",)),
    Venue("Neural Computation", "Neural Computation", "journal", ("neco",)),
    Venue("Nature Communications", "Nature Communications", "journal", ("ncomms", "nat commun")),
    Venue("Frontiers in Neuroscience", "Frontiers in Neuroscience", "journal", ("fnins",)),
)

_YEAR_SUFFIX = re.compile(r"\s*(?:[-–_ ]\s*|\(\s*)(?:19|20)\d\d\s*\)?\s*$")


def normalise_name(name: str) -> str:
    """Compare venue names by letters and digits only: ``IEEE-TPAMI`` = ``ieee tpami``."""
    return re.sub(r"[^0-9a-z]+", " ", name.casefold()).strip()


def strip_year_suffix(name: str) -> str:
    """``ICLR-2023`` and ``Neural Networks-2022`` name the venues ICLR and Neural Networks."""
    return _YEAR_SUFFIX.sub("", name).strip()


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


def guess_kind(name: str) -> str:
    """A new venue's kind from its full name: transactions, journals and letters are journals."""
    text = name.casefold()
    if any(word in text for word in ("transactions", "journal", "letters", "magazine")):
        return "journal"
    return "conference"
