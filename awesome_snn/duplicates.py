"""The one duplicate policy: when two papers of a catalog are the same paper.

``add``, ``edit`` and ``import --catalog`` ask ``find_duplicate`` / ``find_duplicates``
before they write; ``check`` (``lint``) reports every pair the same rules find. Pure
functions over columns and records: no files, no terminal.

Titles
    ``fold_title`` ignores case, accents, punctuation and spacing: two titles that fold
    alike are *the same title*. Two different folded titles are *a very similar title*
    (``is_near_duplicate``) when they have as many words and are one word apart -- a typo,
    a plural, in any word order (they share a ``title_signatures`` signature), or the same
    letters spaced otherwise -- and their
    ``similarity`` (0-100) is at least ``NEAR_DUPLICATE_THRESHOLD``. Long titles that share
    most words but differ in several ('... for Depth Estimation on ...' and '... for Motion
    Segmentation on ...') score above 85 too, and are different papers.
Links
    ``url_identity`` (``urls.canonical_url``) says when two links are the same page. A link
    shared with another paper makes a duplicate, except a ``code`` link shared with the
    other paper's ``code`` link: two papers may come from one repository (``check`` notes
    it as a warning).

The same rule is applied everywhere, found three ways: ``find_duplicate`` scores one title
against every title and keeps those that also share a signature; ``find_duplicates`` and
``near_duplicate_pairs`` score only titles that share a signature (blocking), so neither
compares every pair of a 100,000-paper catalog.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING

from awesome_snn.folding import fold
from awesome_snn.model import Link, Paper
from awesome_snn.urls import canonical_url

if TYPE_CHECKING:  # typing.Protocol costs start-up time; only the type checker needs it
    from typing import Protocol

    class DuplicateColumns(Protocol):
        """What the policy needs of a catalog (``catalog.CatalogView`` provides it)."""

        keys: Sequence[str]
        folded: Sequence[str]
        """``fold_title`` of each paper's title."""
        urls: Sequence[str]
        """Each paper's links as ``URL_SEPARATOR`` + (``url_identity`` + separator) each."""

        def paper(self, index: int) -> Paper: ...

    # Used when present: ``index_of(key) -> int | None`` (else ``keys.index``), and
    # ``may_hold("urls", needle) -> bool``, a quick "certainly not in the column".

NEAR_DUPLICATE_THRESHOLD = 85.0
SPACING_EDITS = 2
"""Titles spaced otherwise may differ by this many letters besides ('spike-former')."""
"""Folded titles this similar (``similarity``, 0-100) but not equal are near-duplicates.

Measured on the 93 titles of the seed list (4,278 pairs, all distinct papers): median 44,
99th percentile 66, highest 78.0 ("Reducing Information Loss for Spiking Neural Networks"
vs "IM-Loss: Information Maximization Loss for Spiking Neural Networks"). Edited copies of
each of those 93 titles score: one transposed letter >= 95.7, a plural >= 97.9, one added
word >= 85.2, two words swapped 100, one dropped word >= 85 for 91 of 93. 85 sits 7 points
above the closest real pair and catches every one of those edits but two dropped words in
short titles. The score alone is not enough: the two titles must also be one word apart
(share a ``title_signatures`` signature).
"""

CODE_LABEL = "code"
URL_SEPARATOR = "\x1f"
"""Separates the URLs of a paper in the ``urls`` column (URLs hold no control characters)."""

SAME_TITLE = "the same title"
SIMILAR_TITLE = "a very similar title"
SAME_URL = "the same URL"

STEM = 4
"""Letters of each word a signature keeps: 'network'/'networks', 'attack'/'attacks' and
'threaten'/'threats' sign alike."""
BLOCK_LIMIT = 64
"""Titles sharing one signature are all scored against each other up to this many; in a
larger block (thousands of titles 'Paper 1', 'Paper 2'...) each is scored against the
``BLOCK_LIMIT`` before it, so the work stays linear in the catalog's size."""


def fold_title(title: str) -> str:
    """The form titles are compared in: case, accents, punctuation and spacing ignored."""
    return fold(title)


def similarity(folded: str, other: str) -> float:
    """How alike two folded titles are, 0-100: the better of rapidfuzz's ``ratio`` (typos,
    plurals, a word more or less) and ``token_sort_ratio`` (the same words reordered)."""
    from rapidfuzz import fuzz

    return max(fuzz.ratio(folded, other), fuzz.token_sort_ratio(folded, other))


def is_near_duplicate(folded: str, other: str) -> bool:
    """Whether two folded titles are *a very similar title* (see the module docstring)."""
    return (folded != other
            and _same_words_but_one(folded, other)
            and not title_signatures(folded).isdisjoint(title_signatures(other))
            and similarity(folded, other) >= NEAR_DUPLICATE_THRESHOLD)


def _same_words_but_one(folded: str, other: str) -> bool:
    """As many words (one may differ: a typo, a plural), or nearly the same letters spaced
    otherwise ('spike driven', 'spikedriven', 'spike former', 'spikformer'). A whole word
    more or less is another paper as often as not: 'Dynamic Spiking Graph Neural Networks'
    and 'Dynamic Reactive Spiking Graph Neural Networks' are two papers of the real list."""
    if folded.count(" ") == other.count(" "):
        return True
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(folded.replace(" ", ""), other.replace(" ", ""),
                                score_cutoff=SPACING_EDITS) <= SPACING_EDITS


def url_identity(url: str) -> str:
    """What makes two links the same page (scheme, ``www.``, a trailing slash, the arXiv
    version and pdf/abs form ignored): ``urls.canonical_url``."""
    return canonical_url(url)


def url_field(urls: Iterable[str]) -> str:
    """A paper's entry of the ``urls`` column."""
    return URL_SEPARATOR + "".join(url_identity(url) + URL_SEPARATOR for url in urls)


def shared_link_is_duplicate(label: str, other_label: str) -> bool:
    """Whether two papers linking one page (labelled ``label`` and ``other_label``) are the
    same paper: yes, unless both links are code links."""
    return not (label == CODE_LABEL and other_label == CODE_LABEL)


@dataclass(frozen=True)
class Duplicate:
    paper: Paper
    """The paper already in the catalog."""
    reason: str
    """``SAME_TITLE`` ('the same title'), ``SIMILAR_TITLE`` ('a very similar title') or
    ``SAME_URL`` ('the same URL')."""


# --- one new paper against a catalog (add, edit) --------------------------------------------

def find_duplicate(columns: DuplicateColumns, title: str, links: Sequence[Link],
                   ignore_key: str | None = None) -> Duplicate | None:
    """The first paper (in catalog order) that a paper titled ``title`` with ``links``
    duplicates, or None.

    With ``ignore_key`` (``edit``) that paper is left out, and only what the edit changes is
    judged: the title when it differs from that paper's, and the links it does not have
    (label and URL). An unchanged title that was already close to another is not held
    against the edit. Every title is scored (no blocking): one title against every title of
    the catalog is one C-speed rapidfuzz pass.
    """
    ignore = _index_of(columns, ignore_key)
    old = columns.paper(ignore) if ignore is not None else None
    found: dict[int, str] = {}
    for link in links:
        if old is not None and link in old.links:
            continue
        index = _first_sharing(columns, link, ignore)
        if index is not None:
            found.setdefault(index, SAME_URL)
    if old is None or title != old.title:
        for index, reason in _title_matches(columns.folded, fold_title(title), ignore):
            found.setdefault(index, reason)
    if not found:
        return None
    first = min(found)
    return Duplicate(columns.paper(first), found[first])


def _index_of(columns: DuplicateColumns, key: str | None) -> int | None:
    if key is None:
        return None
    index_of = getattr(columns, "index_of", None)
    if index_of is not None:
        return index_of(key)
    try:
        return list(columns.keys).index(key)
    except ValueError:
        return None


def _first_sharing(columns: DuplicateColumns, link: Link, ignore: int | None) -> int | None:
    """The first paper holding ``link``'s page in a way that makes a duplicate."""
    identity = url_identity(link.url)
    needle = f"{URL_SEPARATOR}{identity}{URL_SEPARATOR}"
    may_hold = getattr(columns, "may_hold", None)
    if may_hold is not None and not may_hold("urls", needle):
        return None  # in no paper's links: the column need not even be decoded
    for index, field in enumerate(columns.urls):
        if needle not in field or index == ignore:
            continue
        if link.label != CODE_LABEL:
            return index
        other = columns.paper(index)
        if any(shared_link_is_duplicate(link.label, theirs.label) for theirs in other.links
               if url_identity(theirs.url) == identity):
            return index
    return None


def _title_matches(folded: Sequence[str], wanted: str,
                   ignore: int | None) -> Iterator[tuple[int, str]]:
    """(index, reason) of every title the same as or very similar to ``wanted``."""
    from rapidfuzz import fuzz, process

    seen: set[int] = set()
    signatures = title_signatures(wanted)
    # Both scores are Indel similarities of strings as long as the titles (token_sort_ratio
    # only reorders words), so a title whose length differs by more than the threshold
    # allows can never reach it: only the others are scored word by word.
    size = len(wanted)
    slack = (100 - NEAR_DUPLICATE_THRESHOLD) / 100
    shortest, longest = size * (1 - slack) / (1 + slack), size * (1 + slack) / (1 - slack)
    lengths = list(map(len, folded))
    fits = map(operator.and_, map(shortest.__le__, lengths), map(longest.__ge__, lengths))
    close = {index: folded[index] for index in compress(range(len(lengths)), fits)}
    for scorer, choices in ((fuzz.ratio, folded), (fuzz.token_sort_ratio, close)):
        for choice, _score, index in process.extract(
                wanted, choices, scorer=scorer, score_cutoff=NEAR_DUPLICATE_THRESHOLD, limit=None):
            if index == ignore or index in seen:
                continue
            seen.add(index)
            if choice == wanted:
                yield index, SAME_TITLE
            elif not signatures.isdisjoint(title_signatures(choice)) \
                    and _same_words_but_one(wanted, choice):
                yield index, SIMILAR_TITLE


# --- many new papers against a catalog (import --catalog) -----------------------------------

def find_duplicates(columns: DuplicateColumns,
                    papers: Sequence[tuple[str, Sequence[Link]]]) -> list[Duplicate | None]:
    """``find_duplicate`` for each (title, links) of ``papers``, in one pass over the
    catalog: titles are scored only against catalog titles sharing a signature (see the
    module docstring), not against every title. The papers are judged against the catalog,
    not against each other."""
    wanted = [fold_title(title) for title, _links in papers]
    by_title: dict[str, list[int]] = {}
    by_url: dict[str, list[tuple[int, str]]] = {}
    for number, (folded, (_title, links)) in enumerate(zip(wanted, papers, strict=True)):
        by_title.setdefault(folded, []).append(number)
        for link in links:
            by_url.setdefault(url_identity(link.url), []).append((number, link.label))
    best: list[tuple[int, str] | None] = [None] * len(papers)

    def offer(number: int, index: int, reason: str) -> None:
        """Keep the earliest paper found; at one paper a shared URL is named first."""
        current = best[number]
        if current is None or index < current[0]:
            best[number] = (index, reason)

    if by_url:
        for index, field in enumerate(columns.urls):
            for identity in field.split(URL_SEPARATOR):
                for number, label in by_url.get(identity, ()) if identity else ():
                    if best[number] is None and any(
                            shared_link_is_duplicate(label, theirs.label)
                            for theirs in columns.paper(index).links
                            if url_identity(theirs.url) == identity):
                        offer(number, index, SAME_URL)
    catalog = columns.folded
    for index, folded in enumerate(catalog):
        for number in by_title.get(folded, ()):
            offer(number, index, SAME_TITLE)
    size = len(catalog)
    for members in _blocks([*catalog, *wanted]):
        split = bisect_left(members, size)
        if split == 0 or split == len(members):
            continue  # only catalog papers, or only new ones
        earliest = members[:min(split, BLOCK_LIMIT)]
        for number in (member - size for member in members[split:]):
            for index in earliest:
                current = best[number]
                if current is not None and current[0] <= index:
                    break
                if catalog[index] != wanted[number] \
                        and _same_words_but_one(wanted[number], catalog[index]) \
                        and similarity(wanted[number], catalog[index]) >= NEAR_DUPLICATE_THRESHOLD:
                    offer(number, index, SIMILAR_TITLE)
                    break
    return [Duplicate(columns.paper(match[0]), match[1]) if match is not None else None
            for match in best]


# --- every pair of a catalog (check) ------------------------------------------------------

def title_signatures(folded: str) -> set[int]:
    """The blocking signatures of a folded title (hashes): its words cut to ``STEM``
    letters and sorted, that with each word left out in turn, and the title without its
    spaces. Titles one word apart (in any order) share the sorted words less that word;
    'spike driven' and 'spikedriven' share the spaceless form."""
    words = folded.split()
    stems = sorted(word[:STEM] for word in words)
    signatures = {hash(tuple(stems)), hash("".join(words))}
    if len(stems) > 1:
        previous = None
        for position, stem in enumerate(stems):
            if stem != previous:
                signatures.add(hash(tuple(stems[:position] + stems[position + 1:])))
            previous = stem
    return signatures


def near_duplicate_pairs(folded: Sequence[str]) -> list[tuple[int, int, float]]:
    """Every (earlier, later, score) pair of indexes whose folded titles are near-duplicates
    (``is_near_duplicate``), sorted; found by blocking, not by comparing every pair (in a
    block larger than ``BLOCK_LIMIT`` each title meets the ``BLOCK_LIMIT`` before it)."""
    from rapidfuzz import fuzz

    count = len(folded)
    candidates: set[int] = set()
    for members in _blocks(folded):
        for position in range(1, len(members)):
            later = members[position]
            for earlier in members[max(0, position - BLOCK_LIMIT):position]:
                candidates.add(earlier * count + later)
    pairs = []
    ratio, token_sort_ratio = fuzz.ratio, fuzz.token_sort_ratio
    cutoff = NEAR_DUPLICATE_THRESHOLD
    for pair in sorted(candidates):
        earlier, later = divmod(pair, count)
        a, b = folded[earlier], folded[later]
        if a == b or not _same_words_but_one(a, b):
            continue  # the same title (a duplicate, not a near one), or a word more or less
        score = max(ratio(a, b, score_cutoff=cutoff), token_sort_ratio(a, b, score_cutoff=cutoff))
        if score >= cutoff:
            pairs.append((earlier, later, score))
    return pairs


_BUCKETS = 256
"""How many arrays ``_blocks`` spreads signatures over (a power of two)."""


def _blocks(folded: Sequence[str]) -> Iterator[list[int]]:
    """The indexes (ascending) of the titles sharing each signature, for every signature
    two or more titles share.

    Each signature is packed with its title's index into one int, kept in one of
    ``_BUCKETS`` compact arrays by the signature's low bits; a bucket sorted puts equal
    signatures next to each other: a dict of the same signatures would take many times the
    memory.
    """
    from array import array

    shift = max(len(folded).bit_length(), 1)
    index_mask = (1 << shift) - 1
    rest_mask = (1 << max(62 - shift, 24)) - 1
    bucket_bits = _BUCKETS.bit_length() - 1
    buckets = [array("q") for _ in range(_BUCKETS)]
    for index, title in enumerate(folded):
        for signature in title_signatures(title):
            buckets[signature & (_BUCKETS - 1)].append(
                (((signature >> bucket_bits) & rest_mask) << shift) | index)
    for number, bucket in enumerate(buckets):
        values = sorted(bucket)
        buckets[number] = array("q")
        start, total = 0, len(values)
        while start < total:
            signature = values[start] >> shift
            end = start + 1
            while end < total and values[end] >> shift == signature:
                end += 1
            if end - start > 1:
                yield [value & index_mask for value in values[start:end]]
            start = end
