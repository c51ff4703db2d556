"""Ranking papers for a query, and the title normalisation duplicates are judged by.

Pure functions over records: no terminal, no files. rapidfuzz is imported only when a query
is ranked, so commands that never rank do not pay for it.

How a paper scores for a query: every query word is matched against the words of the title
(exact 100, prefix 95, a typo 0.9 x rapidfuzz ratio when >= 80), the venue's names and the
year (100). The paper's score is the mean over the query words, plus 100 when every word
matched, plus a small share of the whole query's closeness to the title to break ties.
A paper is shown when that mean is at least ``MIN_SCORE``; ties keep catalog order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from awesome_snn.errors import InvalidInput
from awesome_snn.keys import STOPWORDS
from awesome_snn.model import MIN_YEAR, Paper, Venue, max_year

# Spellings that mean the same thing in this field: 'ann2snn' is ANN-SNN conversion.
SYNONYMS = {
    "ann2snn": ("ann", "snn", "conversion"),
    "snn2ann": ("ann", "snn"),
    "converting": ("conversion",),
    "convert": ("conversion",),
    "converted": ("conversion",),
    "snns": ("snn",),
    "anns": ("ann",),
}
# Word pairs that imply a topic: a query with both words also favours titles with the topic
# word, without requiring it ('ANN SNN' is asked by people looking for conversion papers).
IMPLIED = {("ann", "snn"): "conversion"}
TYPO_MIN_RATIO = 80.0
MIN_TERM_SCORE = 72.0
"""A word matching less than this (a weak typo) counts as not matched."""
MIN_SCORE = 45.0
"""Below this mean a hit is noise: one loose typo among two words, or one word of three."""


def fold(text: str) -> str:
    """Lower case, accents removed, every run of punctuation or space turned into one space."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", plain))


def normalise_title(title: str) -> str:
    """Titles compared for duplicates: case, accents, punctuation and spacing ignored."""
    return fold(title)


def query_terms(words: Iterable[str]) -> list[str]:
    """The words of a query, folded, synonyms expanded, stop words dropped (unless the query
    is nothing but stop words)."""
    terms: list[str] = []
    for word in words:
        for term in fold(word).split():
            terms.extend(SYNONYMS.get(term, (term,)))
    meaningful = [t for t in terms if t not in STOPWORDS]
    return list(dict.fromkeys(meaningful or terms))


def parse_years(text: str) -> tuple[int, int]:
    """``2022`` -> (2022, 2022); ``2021..2023`` -> (2021, 2023)."""
    match = re.fullmatch(r"\s*(\d{4})\s*(?:(?:\.\.|-)\s*(\d{4})\s*)?", text)
    if not match:
        raise InvalidInput(f"--year {text!r}: give a year such as 2022 or a range 2021..2023")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first > last:
        raise InvalidInput(f"--year {text!r}: the range runs backwards; write {last}..{first}")
    if first < MIN_YEAR or last > max_year():
        raise InvalidInput(f"--year {text!r}: years run from {MIN_YEAR} to {max_year()}")
    return first, last


@dataclass(frozen=True)
class Hit:
    paper: Paper
    score: float


@dataclass(frozen=True)
class PaperFilter:
    """The filters ``search``, ``list`` and ``export`` share."""

    venues: frozenset[str] | None = None
    years: tuple[int, int] | None = None
    has_code: bool = False

    def accepts(self, paper: Paper) -> bool:
        if self.venues is not None and paper.venue not in self.venues:
            return False
        if self.years is not None and not self.years[0] <= paper.year <= self.years[1]:
            return False
        return not (self.has_code and not paper.has_code)

    def apply(self, papers: Iterable[Paper]) -> list[Paper]:
        return [p for p in papers if self.accepts(p)]


def _term_score(term: str, title_words: Sequence[str], fields: Sequence[str]) -> float:
    """How well one query word matches a paper: 100 exact, 95 prefix, typo 0.9 x ratio."""
    from rapidfuzz.distance import Indel

    if term in fields:
        return 100.0
    best = 0.0
    for word in title_words:
        if word == term:
            return 100.0
        if len(term) >= 3 and word.startswith(term):
            best = max(best, 95.0)
        elif len(term) >= 4 and len(word) >= 4 and best < 90:
            ratio = Indel.normalized_similarity(term, word) * 100
            if ratio >= TYPO_MIN_RATIO:
                best = max(best, ratio * 0.9)
    return best


def _venue_names(venues: Sequence[Venue]) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for venue in venues:
        words = {fold(venue.abbr).replace(" ", "")} | set(fold(venue.abbr).split())
        words |= {fold(alias).replace(" ", "") for alias in venue.aliases}
        names[venue.abbr] = sorted(words)
    return names


def _candidates(terms: Sequence[str], titles: Sequence[str]) -> set[int] | None:
    """Indexes of titles that can match at least one term (a C-speed pre-filter with
    rapidfuzz's partial_ratio), or None when every title must be scored."""
    from rapidfuzz import fuzz, process

    if any(len(term) < 4 for term in terms):
        return None  # short words (years aside) match too loosely to pre-filter on
    found: set[int] = set()
    for term in terms:
        for _choice, _score, index in process.extract_iter(
                term, titles, scorer=fuzz.partial_ratio, score_cutoff=TYPO_MIN_RATIO - 5):
            found.add(index)
    return found


def rank(papers: Sequence[Paper], query: Sequence[str], venues: Sequence[Venue] = (),
         paper_filter: PaperFilter = PaperFilter(), limit: int | None = 20,
         folded_titles: Sequence[str] | None = None) -> list[Hit]:
    """Papers best first for ``query`` (see the module docstring for the score).
    ``folded_titles`` may give ``fold(title)`` of every paper, precomputed (the cache)."""
    from rapidfuzz import fuzz

    terms = query_terms(query)
    if not terms:
        raise InvalidInput("the query has no words: give a few words of a title, a venue or a year")
    names = _venue_names(venues)
    titles = folded_titles if folded_titles is not None else [fold(p.title) for p in papers]
    venue_or_year_terms = [t for t in terms if t.isdigit() or any(t in n for n in names.values())]
    candidates = None if venue_or_year_terms else _candidates(terms, titles)
    phrase = " ".join(terms)
    implied = [topic for pair, topic in IMPLIED.items()
               if set(pair) <= set(terms) and topic not in terms]
    scored: list[tuple[float, int]] = []
    indexes = range(len(papers)) if candidates is None else sorted(candidates)
    for index in indexes:
        paper = papers[index]
        if not paper_filter.accepts(paper):
            continue
        title = titles[index]
        fields = [str(paper.year), *names.get(paper.venue, [fold(paper.venue).replace(" ", "")])]
        scores = [_term_score(term, title.split(), fields) for term in terms]
        matched = sum(1 for s in scores if s >= MIN_TERM_SCORE)
        if matched == 0:
            continue
        mean = sum(scores) / len(terms)
        if mean < MIN_SCORE:
            continue
        score = mean + (100.0 if matched == len(terms) else 0.0)
        if len(terms) > 1:
            score += fuzz.partial_ratio(phrase, title) / 20
        for topic in implied:
            score += _term_score(topic, title.split(), ()) / 10
        scored.append((score, index))
    scored.sort(key=lambda item: (-item[0], item[1]))
    if limit is not None:
        scored = scored[:limit]
    return [Hit(papers[index], round(score, 1)) for score, index in scored]


@dataclass(frozen=True)
class Duplicate:
    paper: Paper
    reason: str
    """'the same title', 'a very similar title' or 'the same URL'."""


def find_duplicate(papers: Iterable[Paper], title: str, urls: Iterable[str],
                   ignore_key: str | None = None, threshold: float = 92.0) -> Duplicate | None:
    """An existing paper that ``title`` or any of ``urls`` duplicates: the same title after
    normalising, a rapidfuzz ratio >= ``threshold`` (a typo, a plural: the seed's most similar
    distinct titles score below 80), or a shared URL (``lint.canonical_url``)."""
    from rapidfuzz import fuzz

    wanted = normalise_title(title)
    wanted_urls = {_url_identity(u) for u in urls}
    for paper in papers:
        if paper.key == ignore_key:
            continue
        if any(_url_identity(link.url) in wanted_urls for link in paper.links):
            return Duplicate(paper, "the same URL")
        existing = normalise_title(paper.title)
        if existing == wanted:
            return Duplicate(paper, "the same title")
        if fuzz.ratio(existing, wanted) >= threshold:
            return Duplicate(paper, "a very similar title")
    return None


def _url_identity(url: str) -> str:
    """The same identity ``check`` uses for duplicate URLs (scheme, ``www.``, trailing
    slash, arXiv version and pdf/abs form ignored)."""
    from awesome_snn.lint import canonical_url

    return canonical_url(url)
