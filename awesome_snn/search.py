"""Ranking papers for a query, and the title normalisation duplicates are judged by.

Pure functions over records: no terminal, no files. rapidfuzz is imported only when a query
is ranked, so commands that never rank do not pay for it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from awesome_snn.model import Paper, Venue

_WORD = re.compile(r"[0-9a-z]+")
# Spellings that mean the same thing in this field: 'ann2snn' is ANN-SNN conversion.
_SYNONYMS = {
    "ann2snn": ("ann", "snn", "conversion"),
    "snn2ann": ("ann", "snn"),
    "converting": ("conversion",),
    "convert": ("conversion",),
    "converted": ("conversion",),
}


def fold(text: str) -> str:
    """Lower case, accents removed, every run of punctuation or space turned into one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", plain))


def normalise_title(title: str) -> str:
    """Titles compared for duplicates: case, accents, punctuation and spacing ignored."""
    return fold(title)


def query_terms(words: Iterable[str]) -> list[str]:
    terms: list[str] = []
    for word in words:
        for term in _WORD.findall(fold(word).replace(" ", " ")) or []:
            for part in _split_digits(term):
                terms.extend(_SYNONYMS.get(part, (part,)))
    return list(dict.fromkeys(terms))


def _split_digits(term: str) -> list[str]:
    """'ann2snn' stays one term (a synonym); 'snn' stays; a year stays."""
    return [term]


@dataclass(frozen=True)
class Hit:
    paper: Paper
    score: float


@dataclass(frozen=True)
class SearchFilter:
    venues: frozenset[str] | None = None
    years: tuple[int, int] | None = None
    has_code: bool = False

    def accepts(self, paper: Paper) -> bool:
        if self.venues is not None and paper.venue not in self.venues:
            return False
        if self.years is not None and not self.years[0] <= paper.year <= self.years[1]:
            return False
        return not (self.has_code and not paper.has_code)


MIN_SCORE = 60.0
"""Below this a hit is noise: a query word matched no title word even loosely."""


def _term_score(term: str, title_words: Sequence[str], fields: Sequence[str]) -> float:
    """How well one query term matches a paper: 100 for an exact word, less for a prefix or
    a typo, 0 for nothing."""
    from rapidfuzz import fuzz

    if term in fields:
        return 100.0
    best = 0.0
    for word in title_words:
        if word == term:
            return 100.0
        if len(term) >= 3 and word.startswith(term):
            best = max(best, 95.0)
            continue
        if len(term) >= 4 and len(word) >= 4:
            score = fuzz.ratio(term, word)
            if score >= 80:
                best = max(best, score * 0.9)
    return best


def rank(papers: Iterable[Paper], query: Sequence[str], venues: Sequence[Venue] = (),
         search_filter: SearchFilter = SearchFilter(), limit: int | None = 20) -> list[Hit]:
    """Papers best first. Every query word scores against the title's words (exact, prefix,
    typo via rapidfuzz), the venue's names and the year; a paper matching all words ranks
    above one matching some; ties keep the catalog's order."""
    from rapidfuzz import fuzz

    terms = query_terms(query)
    venue_names: dict[str, set[str]] = {}
    for venue in venues:
        names = {fold(venue.abbr).replace(" ", "")} | {fold(a).replace(" ", "") for a in venue.aliases}
        names |= set(fold(venue.abbr).split())
        venue_names[venue.abbr] = names
    phrase = " ".join(terms)
    hits: list[tuple[float, int, Hit]] = []
    for index, paper in enumerate(papers):
        if not search_filter.accepts(paper):
            continue
        if not terms:
            hits.append((0.0, index, Hit(paper, 0.0)))
            continue
        title = fold(paper.title)
        title_words = title.split()
        fields = [str(paper.year)] + sorted(venue_names.get(paper.venue, {fold(paper.venue)}))
        scores = [_term_score(term, title_words, fields) for term in terms]
        matched = sum(1 for s in scores if s > 0)
        if matched == 0:
            continue
        mean = sum(scores) / len(terms)
        # Whole-phrase closeness breaks ties between papers matching the same words.
        closeness = fuzz.partial_ratio(phrase, title) if len(terms) > 1 else 0.0
        score = mean + closeness / 20
        if matched == len(terms):
            score += 100
        if score < MIN_SCORE:
            continue
        hits.append((score, index, Hit(paper, round(score, 1))))
    hits.sort(key=lambda item: (-item[0], item[1]))
    result = [hit for _score, _index, hit in hits]
    return result if limit is None else result[:limit]
