"""Ranking papers for a query.

Pure functions over records: no terminal, no files. rapidfuzz is imported only when a query
is ranked, so commands that never rank do not pay for it.

How a paper scores for a query: every query word is matched against the words of the title
(exact 100, prefix 95, a typo 0.9 x rapidfuzz Indel similarity when >= 80, looked for only
when no title has the word), the venue's names and the year (100). Words joined or split
match alike: two query words that together are one title word (``max pooling``,
"MaxPooling") match it as that word, and a query word that is two title words written
together (``maxpooling``, "Max Pooling") matches them. A word of a script written without
spaces (Chinese, Japanese, Thai...) matches anywhere inside a title. A paper's author names
count as words of its title (``kaushik roy`` finds Kaushik Roy's papers, typos forgiven
alike); ``--author`` keeps only the papers one of whose authors has every word given
(``author_matches``).

Each word weighs by how rare it is (BM25's inverse document frequency over the titles it
matches): "transformer" counts for more than "spiking", which nearly every title has. The
paper's score is the weighted mean of its words' scores, plus 100 when every word matched,
plus a small bonus when the query's words stand together in the title as a phrase. A paper
is shown when the plain mean of its words' scores is at least ``MIN_SCORE``; ties keep
catalog order. Matching works on plain substring tests over the folded titles (C-speed
string operations, no per-paper Python loop for the rarer kinds of match).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from awesome_snn.errors import InvalidInput
from awesome_snn.folding import fold
from awesome_snn.keys import STOPWORDS
from awesome_snn.model import MIN_YEAR, Paper, Venue, max_year

if TYPE_CHECKING:  # typing.Protocol classes cost start-up time; only the type checker needs them
    from typing import Protocol

    class SearchColumns(Protocol):
        """What ranking needs of a catalog: ``catalog.CatalogView`` provides it."""

        folded: list[str]
        venue_of: list[str]
        years: list[int]
        code: list[bool]
        venues: tuple[Venue, ...]
        meta: list[tuple[object, ...]]
        """Each paper's ``Paper.metadata`` (authors first), or ``()``."""

        def paper(self, index: int) -> Paper: ...

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
    author: str | None = None
    """``--author``: words one author's name must have (see ``author_matches``)."""

    def accepts(self, paper: Paper) -> bool:
        if self.venues is not None and paper.venue not in self.venues:
            return False
        if self.author is not None and not author_matches(self.author, paper.authors):
            return False
        if self.years is not None and not self.years[0] <= paper.year <= self.years[1]:
            return False
        return not (self.has_code and not paper.has_code)


PHRASE_BONUS = 5.0
"""Added when the query's words stand together in the title, in order."""
TYPO_WHEN_FEWER = 1
"""A query word is matched as a typo only when fewer papers than this contain it (or a word
it begins): a word that titles contain as written is taken as meant."""
SPLIT_PART = 2
"""A query word is looked for as two title words only when each part has this many letters."""

_UNSPACED = ("[\u0e00-\u0eff\u1000-\u109f\u1100-\u11ff\u1780-\u17ff\u3040-\u30ff\u3130-\u318f"
             "\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]")
"""Scripts written without spaces between words (Thai, Lao, Myanmar, Khmer, Chinese,
Japanese kana) and Hangul, whose words carry their particles: such a query word is looked
for anywhere in a title, not at a word's start. (Folding decomposes Hangul syllables into
their jamo, U+1100..U+11FF, so both forms are listed.) Compiled on first use: most queries
are ASCII and never need it."""


def is_unspaced(term: str) -> bool:
    """True for a word of a script written without spaces (matched as a substring)."""
    return not term.isascii() and re.search(_UNSPACED, term) is not None


def _venue_names(venues: Sequence[Venue]) -> dict[str, frozenset[str]]:
    names: dict[str, frozenset[str]] = {}
    for venue in venues:
        words = {fold(venue.abbr).replace(" ", "")} | set(fold(venue.abbr).split())
        words |= {fold(alias).replace(" ", "") for alias in venue.aliases}
        names[venue.abbr] = frozenset(words)
    return names


def _typo_scores(term: str, titles: Sequence[str], padded: Sequence[str]) -> dict[int, float]:
    """Papers with a title word within a typo of ``term`` (rapidfuzz Indel similarity >= 80
    over the catalog's vocabulary), scored 0.9 x the similarity of their closest word."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    vocabulary = {word for title in titles for word in title.split() if len(word) >= 4}
    close = process.extract(term, vocabulary, scorer=Indel.normalized_similarity,
                            score_cutoff=TYPO_MIN_RATIO / 100, limit=None)
    scores: dict[int, float] = {}
    for word, similarity, _key in close:
        if word == term or word.startswith(term):
            continue
        needle = f" {word} "
        score = similarity * 90
        for index, title in enumerate(padded):
            if needle in title and scores.get(index, 0.0) < score:
                scores[index] = score
    return scores


class _Blob:
    """Every padded title in one string, so a rare needle is found by one C-speed scan
    instead of a test per title."""

    def __init__(self, padded: Sequence[str]) -> None:
        self.padded = padded
        self.text = "".join(padded)
        self._starts: list[int] | None = None

    def index(self, position: int) -> int:
        """The paper whose title holds the blob's character at ``position``."""
        from bisect import bisect_right
        from itertools import accumulate

        if self._starts is None:
            self._starts = list(accumulate(map(len, self.padded), initial=0))
        return bisect_right(self._starts, position) - 1

    def scores(self, needle: str, scores: dict[int, float] | None = None) -> dict[int, float]:
        """Papers with ``needle`` (which starts with a space: at a word's start): 100 when it
        ends a word, else 95 (it begins one), added to ``scores`` where higher."""
        scores = {} if scores is None else scores
        text = self.text
        find = text.find
        position = find(needle)
        while position >= 0:
            end = position + len(needle)
            score = 100.0 if text[end] == " " else 95.0
            index = self.index(position)
            if scores.get(index, 0.0) < score:
                scores[index] = score
            position = find(needle, end)
        return scores


def _split_scores(term: str, blob: _Blob) -> dict[int, float]:
    """Papers with two title words that ``term`` writes together: ``maxpooling`` is "max
    pooling" (each part at least ``SPLIT_PART`` letters)."""
    scores: dict[int, float] = {}
    if len(term) < 2 * SPLIT_PART or not term.isalnum() or term.isdigit():
        return scores
    for cut in range(SPLIT_PART, len(term) - SPLIT_PART + 1):
        blob.scores(f" {term[:cut]} {term[cut:]}", scores)
    return scores


def term_scores(term: str, titles: Sequence[str], padded: Sequence[str],
                columns: SearchColumns, venue_names: dict[str, frozenset[str]],
                blob: _Blob | None = None) -> dict[int, float]:
    """How well ``term`` matches each paper (only papers it matches): 100 for a title word
    or the venue/year, 95 for a title word it begins, the same for two title words it
    writes together (with ``blob``), anywhere in a title for a word of a script without
    spaces, a typo score (see ``_typo_scores``)."""
    scores: dict[int, float] = {}
    if is_unspaced(term):
        scores.update((index, 100.0) for index, title in enumerate(titles) if term in title)
        return scores
    exact, start = f" {term} ", f" {term}"
    for index, title in enumerate(padded):
        if exact in title:
            scores[index] = 100.0
        elif len(term) >= 3 and start in title:
            scores[index] = 95.0
    if blob is not None:
        for index, score in _split_scores(term, blob).items():
            if scores.get(index, 0.0) < score:
                scores[index] = score
    venues = {abbr for abbr, names in venue_names.items() if term in names}
    year = int(term) if term.isdigit() and len(term) == 4 else None
    if venues:
        scores.update((index, 100.0) for index, venue in enumerate(columns.venue_of)
                      if venue in venues)
    if year is not None:
        scores.update((index, 100.0) for index, paper_year in enumerate(columns.years)
                      if paper_year == year)
    if len(term) >= 4 and len(scores) < TYPO_WHEN_FEWER and not term.isdigit():
        for index, score in _typo_scores(term, titles, padded).items():
            if index not in scores:
                scores[index] = score
    return scores


def _joined_scores(first: str, second: str, blob: _Blob) -> dict[int, float]:
    """Papers with a title word that is ``first`` and ``second`` written together (100), or
    that such a word begins (95): ``max pooling`` finds "MaxPooling"."""
    if is_unspaced(first) or is_unspaced(second) or (first + second).isdigit():
        return {}
    return blob.scores(f" {first}{second}")


def idf(matched: int, papers: int) -> float:
    """BM25's inverse document frequency of a word ``matched`` titles of ``papers`` have:
    near 0 for a word of every title, larger the rarer the word."""
    return math.log(1.0 + (papers - matched + 0.5) / (matched + 0.5))


@dataclass(frozen=True)
class Ranking:
    hits: list[Hit]
    """Best first, at most ``limit``."""
    total: int
    """Papers that match (``len(hits)`` unless the limit cut the list)."""


def rank(columns: SearchColumns, query: Sequence[str], paper_filter: PaperFilter = PaperFilter(),
         limit: int | None = 20) -> list[Hit]:
    """Papers best first for ``query`` (see the module docstring for the score)."""
    return ranking(columns, query, paper_filter, limit).hits


def ranking(columns: SearchColumns, query: Sequence[str], paper_filter: PaperFilter = PaperFilter(),
            limit: int | None = 20) -> Ranking:
    """``rank``, with how many papers match in all."""
    terms = query_terms(query)
    if not terms:
        raise InvalidInput("the query has no words: give a few words of a title, a venue or a year")
    titles = searchable_texts(columns)
    padded = [f" {title} " for title in titles]
    blob = _Blob(padded)
    names = _venue_names(columns.venues)

    def scores_for(term: str) -> dict[int, float]:
        return term_scores(term, titles, padded, columns, names, blob)

    per_term = [scores_for(term) for term in terms]
    for position in range(len(terms) - 1):
        joined = _joined_scores(terms[position], terms[position + 1], blob)
        for scores in per_term[position:position + 2]:
            for index, score in joined.items():
                if scores.get(index, 0.0) < score:
                    scores[index] = score
    papers = len(titles)
    weights = [idf(len(scores), papers) for scores in per_term]
    weight_sum = sum(weights) or 1.0
    implied = [scores_for(topic) for pair, topic in IMPLIED.items()
               if set(pair) <= set(terms) and topic not in terms]
    allowed = allowed_indexes(columns, paper_filter)
    # Every score a term gives is at least MIN_TERM_SCORE, so a paper in all the dicts
    # matched every word and outranks any paper that did not (+100): when there are enough
    # of those, nobody else needs scoring.
    everyone = set(per_term[0]).intersection(*per_term[1:])
    if allowed is not None:
        everyone &= allowed
    if limit is not None and len(everyone) >= limit:
        candidates = everyone
    else:
        candidates = set().union(*per_term)
        if allowed is not None:
            candidates &= allowed
    count = len(terms)
    phrase = f" {' '.join(terms)} " if count > 1 else None
    floor = MIN_SCORE * count
    ranked: list[tuple[float, int]] = []
    for index in candidates:
        total = 0.0
        weighted = 0.0
        matched = 0
        for scores_of, weight in zip(per_term, weights):
            score = scores_of.get(index)
            if score is not None:
                total += score
                weighted += weight * score
                matched += 1
        if total < floor:
            continue
        score = weighted / weight_sum + (100.0 if matched == count else 0.0)
        for topic in implied:
            score += topic.get(index, 0.0) / 10
        if phrase is not None and phrase in padded[index]:
            score += PHRASE_BONUS
        ranked.append((-score, index))
    if limit is not None:
        import heapq

        shown = heapq.nsmallest(limit, ranked)
    else:
        shown = sorted(ranked)
    total = len(ranked)
    if limit is not None and len(shown) == limit and candidates is everyone:
        total = _count_matching(per_term, allowed, floor)
    return Ranking([Hit(columns.paper(index), round(-score, 1)) for score, index in shown], total)


def _count_matching(per_term: Sequence[dict[int, float]], allowed: set[int] | None,
                    floor: float) -> int:
    """Papers whose scores over the query's words add up to at least ``floor``."""
    if len(per_term) == 1:  # every score of a matched word is above the floor
        matched = set(per_term[0])
        return len(matched if allowed is None else matched & allowed)
    sums: dict[int, float] = {}
    for scores in per_term:
        for index, score in scores.items():
            sums[index] = sums.get(index, 0.0) + score
    return sum(1 for index, total in sums.items()
               if total >= floor and (allowed is None or index in allowed))


def allowed_indexes(columns: SearchColumns, paper_filter: PaperFilter) -> set[int] | None:
    """Indexes of the papers ``paper_filter`` accepts (None: every paper)."""
    if paper_filter == PaperFilter():
        return None
    venues, years, code = paper_filter.venues, paper_filter.years, paper_filter.has_code
    allowed = {i for i, (venue, year, has_code) in
               enumerate(zip(columns.venue_of, columns.years, columns.code))
               if (venues is None or venue in venues)
               and (years is None or years[0] <= year <= years[1])
               and (not code or has_code)}
    author = paper_filter.author
    if author is not None:
        meta = columns.meta
        allowed = {i for i in allowed if meta[i] and author_matches(author, meta[i][0])}  # type: ignore[arg-type]
    return allowed


AUTHOR_TYPO_RATIO = 80.0
"""Least rapidfuzz ratio for a word of ``--author`` to match a word of a name as a typo."""


def author_matches(wanted: str, authors: Iterable[str]) -> bool:
    """Whether one of ``authors`` has every word of ``wanted``: each word of the name given
    equals, begins (an initial: "k roy" for Kaushik Roy) or, for words of four letters or
    more, nearly equals (a typo) a word of that one name, folded."""
    words = fold(wanted).split()
    if not words:
        return False
    for author in authors:
        name = fold(author).split()
        if all(any(part == word or part.startswith(word) or _typo(word, part) for part in name)
               for word in words):
            return True
    return False


def _typo(word: str, part: str) -> bool:
    if len(word) < 4:
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(word, part) >= AUTHOR_TYPO_RATIO


def searchable_texts(columns: SearchColumns) -> list[str]:
    """What a query's words are matched against: each folded title, then its folded author
    names (the titles alone when no paper has authors)."""
    meta = getattr(columns, "meta", None)
    if not meta or not any(meta):
        return columns.folded
    return [f"{title} {fold(' '.join(entry[0]))}" if entry and entry[0] else title  # type: ignore[arg-type]
            for title, entry in zip(columns.folded, meta)]
