"""The one duplicate policy (``awesome_snn.duplicates``), as tables of cases.

``find_duplicate`` (add, edit), ``find_duplicates`` (import --catalog) and
``near_duplicate_pairs`` (check) must agree: each table is run through all of them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from awesome_snn.duplicates import (
    NEAR_DUPLICATE_THRESHOLD,
    SAME_TITLE,
    SAME_URL,
    SIMILAR_TITLE,
    Duplicate,
    find_duplicate,
    find_duplicates,
    fold_title,
    is_near_duplicate,
    near_duplicate_pairs,
    shared_link_is_duplicate,
    similarity,
    url_field,
    url_identity,
)
from awesome_snn.model import Link, Paper
from awesome_snn.urls import _canonical_parsed, canonical_url


class Columns:
    """What the policy reads of a catalog, built from records (as ``CatalogView`` has it)."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = list(papers)
        self.keys = [p.key for p in papers]
        self.folded = [fold_title(p.title) for p in papers]
        self.urls = [url_field(link.url for link in p.links) for p in papers]

    def paper(self, index: int) -> Paper:
        return self.papers[index]


def paper(key: str, title: str, *links: tuple[str, str]) -> Paper:
    return Paper(key, title, "CVPR", 2023, tuple(Link(label, url) for label, url in links))


CATALOG = Columns([
    paper("rate-gradient-2023", "Rate Gradient Approximation Attack Threats Deep Spiking Neural Networks",
          ("paper", "https://openaccess.thecvf.com/rga.html"),
          ("code", "https://github.com/putshua/snn_attack_rga")),
    paper("spikformer-2023", "Spikformer: When Spiking Neural Network Meets Transformer",
          ("paper", "https://openreview.net/forum?id=frE4fUwz_h"),
          ("code", "https://github.com/ZK-Zhou/spikformer")),
    paper("optical-flow-2023", "Optical Flow Estimation for Spiking Camera",
          ("paper", "https://arxiv.org/abs/2110.03916")),
    paper("spikformer-v2-2024", "Spikformer V2: Join the High Accuracy Club on ImageNet with an SNN Ticket",
          ("paper", "https://arxiv.org/abs/2401.02020"),
          ("code", "https://github.com/ZK-Zhou/spikformer")),
])
RGA, SPIKFORMER, FLOW = CATALOG.papers[0], CATALOG.papers[1], CATALOG.papers[2]
NO_LINKS: tuple[Link, ...] = ()


# --- titles --------------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "folded"), [
    ("Spikformer: When Spiking Neural Network Meets Transformer",
     "spikformer when spiking neural network meets transformer"),
    ("  ANN-SNN   Conversion!! ", "ann snn conversion"),
    ("Spïking Ñeurons Café", "spiking neurons cafe"),
    ("snake_case and CamelCase", "snake case and camelcase"),
    ("", ""),
])
def test_fold_title_ignores_case_accents_punctuation_and_spacing(title: str, folded: str) -> None:
    assert fold_title(title) == folded


SPIKFORMER_TITLE = "Spikformer: When Spiking Neural Network Meets Transformer"
TITLE_CASES = [
    # (new title, what it is to SPIKFORMER_TITLE: SAME_TITLE, SIMILAR_TITLE or None)
    ("Spikformer: When Spiking Neural Network Meets Transformer", SAME_TITLE),
    ("spikformer when spiking neural network meets transformer", SAME_TITLE),
    ("SPIKFORMER -- when spiking neural-network meets transformer?", SAME_TITLE),
    ("Spikformer: When Spiking Neural Network Meets Transfomer", SIMILAR_TITLE),   # a typo
    ("Spikfromer: When Spiking Neural Network Meets Transformer", SIMILAR_TITLE),   # swapped letters
    ("Spikformer: When Spiking Neural Networks Meet Transformers", SIMILAR_TITLE),  # plurals
    ("When Spiking Neural Network Meets Transformer: Spikformer", SIMILAR_TITLE),   # reordered
    # A whole word more or less is another paper as often as not (the real list has
    # "Dynamic Spiking Graph Neural Networks" and "Dynamic Reactive Spiking Graph ...").
    ("Spikformer: When Deep Spiking Neural Network Meets Transformer", None),       # a word more
    ("Spikformer: When Spiking Network Meets Transformer", None),                   # a word less
    ("Spike-former: When Spiking Neural Network Meets Transformer", SIMILAR_TITLE),  # split word
    ("Spikformer V2: Join the High Accuracy Club on ImageNet", None),
    ("When Spiking Neural Networks Meet Graph Transformers for Point Clouds", None),
    ("Lottery Ticket Hypothesis for Spiking Neural Networks", None),
]


@pytest.mark.parametrize(("title", "expected"), TITLE_CASES)
def test_title_cases(title: str, expected: str | None) -> None:
    a, b = fold_title(SPIKFORMER_TITLE), fold_title(title)
    assert (a == b) == (expected == SAME_TITLE)
    assert is_near_duplicate(a, b) == (expected == SIMILAR_TITLE)
    if expected == SIMILAR_TITLE:
        assert similarity(a, b) >= NEAR_DUPLICATE_THRESHOLD


@pytest.mark.parametrize(("title", "expected"), TITLE_CASES)
def test_find_duplicate_judges_titles_by_the_table(title: str, expected: str | None) -> None:
    links = (Link("paper", "https://new.org/paper"),)
    found = find_duplicate(CATALOG, title, links)
    if expected is None:
        assert found is None
    else:
        assert found == Duplicate(SPIKFORMER, expected)
    assert find_duplicates(CATALOG, [(title, links)]) == [found]


def test_long_titles_differing_in_several_words_are_not_near_duplicates() -> None:
    """A high score alone is not enough: these differ by a whole phrase, and are two papers."""
    a = fold_title("Training Spiking Graph Neural Networks for Depth Estimation on Dynamic"
                   " Vision Sensors")
    b = fold_title("Training Spiking Graph Neural Networks for Motion Segmentation on Dynamic"
                   " Vision Sensors")
    assert similarity(a, b) >= NEAR_DUPLICATE_THRESHOLD
    assert not is_near_duplicate(a, b)


def test_the_closest_distinct_seed_titles_stay_below_the_threshold() -> None:
    from rapidfuzz import fuzz

    a = fold_title("Reducing Information Loss for Spiking Neural Networks")
    b = fold_title("IM-Loss: Information Maximization Loss for Spiking Neural Networks")
    assert round(fuzz.ratio(a, b), 1) == 78.0 < NEAR_DUPLICATE_THRESHOLD - 5


# --- links ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b"), [
    ("https://arxiv.org/abs/2205.00459", "http://arxiv.org/abs/2205.00459"),
    ("https://arxiv.org/abs/2205.00459", "https://www.arxiv.org/abs/2205.00459/"),
    ("https://arxiv.org/abs/2205.00459", "https://arxiv.org/abs/2205.00459v2"),
    ("https://arxiv.org/abs/2205.00459v1", "https://arxiv.org/abs/2205.00459v3"),
    ("https://arxiv.org/abs/2205.00459", "https://arxiv.org/pdf/2205.00459"),
    ("https://arxiv.org/abs/2205.00459", "http://arxiv.org/pdf/2205.00459v2.pdf"),
    ("https://arxiv.org/abs/cs/0112017", "https://export.arxiv.org/pdf/cs/0112017v1"),
    ("https://openreview.net/forum?id=7B3IJMM1k_M", "https://openreview.net/pdf?id=7B3IJMM1k_M"),
    ("https://github.com/putshua/snn_attack_rga", "http://www.github.com/putshua/snn_attack_rga/"),
    ("https://link.springer.com/chapter/10.1007/978-3-031-20083-0_3#Sec5",
     "https://link.springer.com/chapter/10.1007/978-3-031-20083-0_3"),
    ("https://Example.ORG/paper", "https://example.org/paper"),
    ("https://example.org:443/paper", "http://example.org:80/paper"),
    ("https://example.org/paper", "https://user@example.org/paper"),
])
def test_url_identity_is_the_same_for_the_same_page(a: str, b: str) -> None:
    assert url_identity(a) == url_identity(b)


@pytest.mark.parametrize(("a", "b"), [
    ("https://arxiv.org/abs/2205.00459", "https://arxiv.org/abs/2205.00458"),
    ("https://arxiv.org/abs/2205.00459", "https://arxiv.org/abs/2205.0045"),
    ("https://openreview.net/forum?id=A1", "https://openreview.net/forum?id=A2"),
    ("https://github.com/putshua/snn_attack_rga", "https://github.com/putshua/snn_attack"),
    ("https://example.org/paper", "https://example.org/paper?page=2"),
    ("https://example.org/#/paper/1", "https://example.org/#/paper/2"),
    ("https://example.org/paper", "https://example.org:8443/paper"),
    ("https://example.org/paper", "https://example.org:abc/paper"),
    ("https://arxiv.org/abs/2205.00459", "https://notarxiv.org/abs/2205.00459"),
])
def test_url_identity_differs_for_different_pages(a: str, b: str) -> None:
    assert url_identity(a) != url_identity(b)


@pytest.mark.parametrize("url", [
    "https://arxiv.org/abs/2205.00459", "http://www.arxiv.org/pdf/2205.00459v2.pdf/",
    "https://ARXIV.org/ABS/2205.00459", "https://arxiv.org/abs/2205.00459?x=1",
    "https://openreview.net/pdf?id=a&b=c", "https://openreview.net/forum/?foo=1",
    "HTTPS://Example.ORG/Paper/", "https://example.org/?", "https://example.org/#",
    "https://example.org", "https://www.", "https://a.org//x//", "https://a.org/x?q=1#/frag",
    "https://a.org/x#a?b", "https://a.org/ü/ä?x=ö", "https://user@a.org/x", "https://a.org:8/x",
    "https://a.org:abc/x", "https://a.org/x\ty", "https://[::1]/x", "ftp://a.org/x",
])
def test_url_identity_fast_path_agrees_with_urllib(url: str) -> None:
    assert canonical_url(url) == _canonical_parsed(url)


@pytest.mark.parametrize(("label", "other", "duplicate"), [
    ("paper", "paper", True),
    ("paper", "arxiv", True),
    ("arxiv", "paper", True),
    ("code", "paper", True),
    ("paper", "code", True),
    ("project", "code", True),
    ("code", "code", False),
])
def test_a_shared_link_is_a_duplicate_unless_both_are_code(label: str, other: str,
                                                            duplicate: bool) -> None:
    assert shared_link_is_duplicate(label, other) is duplicate


NEW_TITLE = "A Title Nobody Has Used Before"
LINK_CASES = [
    # (links of a new paper, the paper it duplicates, or None)
    ((Link("paper", "https://openreview.net/pdf?id=frE4fUwz_h"),), SPIKFORMER),
    ((Link("paper", "http://www.openaccess.thecvf.com/rga.html/"),), RGA),
    ((Link("arxiv", "https://arxiv.org/pdf/2110.03916v2.pdf"),), FLOW),
    ((Link("paper", "https://new.org/x"), Link("code", "https://github.com/putshua/snn_attack_rga")),
     None),  # one repository, two papers
    ((Link("paper", "https://new.org/x"), Link("code", "https://arxiv.org/abs/2110.03916")),
     FLOW),  # this paper's code link is that paper's paper link
    ((Link("paper", "https://github.com/putshua/snn_attack_rga"),), RGA),
    ((Link("paper", "https://new.org/x"), Link("code", "https://github.com/new/x")), None),
    ((Link("paper", "https://arxiv.org/abs/2401.02020"), Link("code",
      "https://github.com/ZK-Zhou/spikformer")), CATALOG.papers[3]),
]


@pytest.mark.parametrize(("links", "expected"), LINK_CASES)
def test_find_duplicate_judges_links_by_the_table(links: tuple[Link, ...],
                                                  expected: Paper | None) -> None:
    found = find_duplicate(CATALOG, NEW_TITLE, links)
    assert found == (Duplicate(expected, SAME_URL) if expected else None)
    assert find_duplicates(CATALOG, [(NEW_TITLE, links)]) == [found]


def test_the_first_paper_in_catalog_order_is_named() -> None:
    links = (Link("paper", "https://arxiv.org/abs/2110.03916"),)  # the optical flow paper's
    assert find_duplicate(CATALOG, SPIKFORMER_TITLE, links) == Duplicate(SPIKFORMER, SAME_TITLE)
    links = (Link("paper", "https://openreview.net/forum?id=frE4fUwz_h"),)
    assert find_duplicate(CATALOG, SPIKFORMER_TITLE, links) == Duplicate(SPIKFORMER, SAME_URL)
    assert find_duplicates(CATALOG, [(SPIKFORMER_TITLE, links)]) == [
        Duplicate(SPIKFORMER, SAME_URL)]


def test_find_duplicates_judges_each_paper_of_a_batch() -> None:
    batch = [(SPIKFORMER_TITLE.lower(), NO_LINKS), (NEW_TITLE, NO_LINKS),
             ("Optical Flow Estimations for Spiking Cameras", NO_LINKS),
             (NEW_TITLE, (Link("code", "https://github.com/ZK-Zhou/spikformer"),))]
    assert find_duplicates(CATALOG, batch) == [
        Duplicate(SPIKFORMER, SAME_TITLE), None, Duplicate(FLOW, SIMILAR_TITLE), None]
    assert find_duplicates(CATALOG, batch) == [find_duplicate(CATALOG, t, ls) for t, ls in batch]


# --- edit: only what changes is judged ----------------------------------------------------

EDITED = Columns([
    *CATALOG.papers,
    paper("spikformer-copy-2023", "Spikformer: When Spiking Neural Network Meets Transformers",
          ("paper", "https://e.org/copy"), ("code", "https://github.com/ZK-Zhou/spikformer")),
])
COPY = EDITED.papers[-1]
EDIT_CASES = [
    # (title after the edit, links after the edit, the duplicate it makes, or None)
    (COPY.title, COPY.links, None),  # nothing changed: its old closeness is not judged
    (COPY.title, (*COPY.links, Link("arxiv", "https://arxiv.org/abs/2501.00001")), None),
    (COPY.title, (Link("paper", "https://e.org/copy"),), None),  # a link removed
    (COPY.title, (COPY.links[0], Link("code", "https://github.com/putshua/snn_attack_rga")), None),
    (COPY.title, (Link("paper", "https://openreview.net/forum?id=frE4fUwz_h"), COPY.links[1]),
     Duplicate(SPIKFORMER, SAME_URL)),  # a changed paper link shared with another paper
    (COPY.title, (*COPY.links, Link("project", "https://arxiv.org/abs/2110.03916")),
     Duplicate(FLOW, SAME_URL)),
    ("Spikformer: When Spiking Neural Network Meet Transformers", COPY.links,
     Duplicate(SPIKFORMER, SIMILAR_TITLE)),  # a changed title is judged
    (SPIKFORMER_TITLE.upper(), COPY.links, Duplicate(SPIKFORMER, SAME_TITLE)),
    ("Optical Flow Estimation for Spiking Cameras", COPY.links, Duplicate(FLOW, SIMILAR_TITLE)),
    ("A Wholly New Title for the Copy", COPY.links, None),
]


@pytest.mark.parametrize(("title", "links", "expected"), EDIT_CASES)
def test_edit_judges_only_the_changed_title_and_links(title: str, links: tuple[Link, ...],
                                                       expected: Duplicate | None) -> None:
    assert find_duplicate(EDITED, title, links, ignore_key=COPY.key) == expected


def test_edit_never_finds_the_paper_itself() -> None:
    assert find_duplicate(CATALOG, SPIKFORMER_TITLE + "!", SPIKFORMER.links,
                          ignore_key=SPIKFORMER.key) is None
    assert find_duplicate(CATALOG, SPIKFORMER_TITLE, SPIKFORMER.links,
                          ignore_key="not-a-key") == Duplicate(SPIKFORMER, SAME_URL)


def test_find_duplicate_works_with_an_index_of_method() -> None:
    class Indexed(Columns):
        def index_of(self, key: str) -> int | None:
            return self.keys.index(key) if key in self.keys else None

    columns = Indexed(EDITED.papers)
    for title, links, expected in EDIT_CASES:
        assert find_duplicate(columns, title, links, ignore_key=COPY.key) == expected


# --- every pair of a catalog ---------------------------------------------------------------

WORDS = ("spiking", "neural", "network", "transformer", "event", "camera", "optical", "flow",
         "surrogate", "gradient", "conversion", "membrane", "potential", "dendritic", "temporal",
         "attention", "coding", "latency", "energy", "efficient", "robust", "adversarial",
         "neuromorphic", "hardware", "plasticity", "learning", "tracking", "detection")


def edited(title: str, rng: random.Random) -> str:
    words = title.split()
    kind = rng.randrange(6)
    if kind == 0:
        return title.upper() + "!"
    if kind == 1:
        rng.shuffle(words)
    elif kind == 2:
        at = rng.randrange(len(words))
        word = words[at]
        if len(word) > 3:
            i = rng.randrange(1, len(word) - 1)
            words[at] = word[:i] + word[i + 1] + word[i] + word[i + 2:]
    elif kind == 3:
        words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS))
    elif kind == 4:
        del words[rng.randrange(len(words))]
    else:
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def test_blocking_finds_exactly_the_pairs_the_policy_calls_near_duplicates() -> None:
    """On 400 titles (half of them edits of others) the blocked search finds every pair
    ``is_near_duplicate`` accepts, and nothing else: blocking loses nothing."""
    rng = random.Random(5)
    titles = [" ".join(rng.choices(WORDS, k=rng.randint(4, 9))) for _ in range(200)]
    titles += [edited(rng.choice(titles), rng) for _ in range(200)]
    folded = [fold_title(t) for t in titles]
    everything = {(i, j) for j in range(len(folded)) for i in range(j)
                  if is_near_duplicate(folded[i], folded[j])}
    found = near_duplicate_pairs(folded)
    assert {(i, j) for i, j, _score in found} == everything
    assert len(everything) > 100
    assert all(score >= NEAR_DUPLICATE_THRESHOLD for _i, _j, score in found)
    assert [(i, j) for i, j, _s in found] == sorted((i, j) for i, j, _s in found)


def test_blocking_stays_linear_on_titles_that_all_share_a_signature() -> None:
    """10,000 titles 'Paper N' form one block: each is scored against a bounded window of
    the ones before it, not against all of them."""
    folded = [f"paper {n}" for n in range(10000)]
    pairs = near_duplicate_pairs(folded)
    assert pairs and all(j - i <= 64 for i, j, _s in pairs)


def test_near_duplicate_pairs_of_nothing() -> None:
    assert near_duplicate_pairs([]) == []
    assert near_duplicate_pairs(["same", "same"]) == []


def test_find_duplicates_agrees_with_find_duplicate_paper_by_paper() -> None:
    """Blocking (import) and scoring every title (add) apply one rule: on 300 papers and 150
    new ones (most of them edits of a paper, some sharing its links) they agree exactly."""
    rng = random.Random(9)
    papers = [paper(f"p{n}", " ".join(rng.choices(WORDS, k=rng.randint(4, 9))),
                    ("paper", f"https://e.org/{n}"), ("code", f"https://github.com/u/{n % 40}"))
              for n in range(300)]
    columns = Columns(papers)
    batch = []
    for n in range(150):
        source = rng.choice(papers)
        title = edited(source.title, rng) if n % 5 else " ".join(rng.choices(WORDS, k=6))
        links = [Link("paper", f"https://new.org/{n}")]
        if n % 7 == 0:
            links.append(Link("arxiv", source.links[0].url.replace("https", "http")))
        if n % 3 == 0:
            links.append(Link("code", source.links[1].url))
        batch.append((title, tuple(links)))
    expected = [find_duplicate(columns, title, links) for title, links in batch]
    assert find_duplicates(columns, batch) == expected
    reasons = {found.reason for found in expected if found is not None}
    assert reasons == {SAME_TITLE, SIMILAR_TITLE, SAME_URL}


def test_the_real_lists_distinct_papers_one_word_apart_are_not_near_duplicates() -> None:
    """The newest real list's only near-duplicate warning was a false alarm: two papers."""
    assert not is_near_duplicate(fold_title("Dynamic Spiking Graph Neural Networks"),
                                 fold_title("Dynamic Reactive Spiking Graph Neural Networks"))
    assert is_near_duplicate(fold_title("Spike-former: When Spiking Neural Network Meets Transformer"),
                             fold_title("Spikformer: When Spiking Neural Network Meets Transformer"))


# --- on the real list -------------------------------------------------------------------------

def _real_list_titles() -> list[str]:
    """The title of every paper item of the newest real list, read with markdown-it-py (not
    with the importer): the text of the item before its first ``[[label](url)]``."""
    import re
    from pathlib import Path

    from markdown_it import MarkdownIt

    text = (Path(__file__).parent / "data" / "awesome-snn-conference-paper.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").parse(text)
    return [re.split(r"\s*\\?\[\s*\[", token.content, maxsplit=1)[0].strip()
            for before, token in zip(tokens, tokens[2:])
            if before.type == "list_item_open" and token.type == "inline"
            and "](" in token.content and not token.content.startswith("[")]


# Every pair of different titles of the real list at least 85% alike (rapidfuzz ratio of the
# folded titles), with a person's verdict after reading both papers' pages.
REAL_CLOSE_PAIRS = [
    ("Spiking Transformer with Spatial-Temporal Attention",
     "Spiking Transformer with Spatial-Temporal Spiking Self-Attention", "different papers"),
    ("Dynamic Spiking Graph Neural Networks", "Dynamic Reactive Spiking Graph Neural Network", "different papers"),
    ("TAB: Temporal Accumulated Batch Normalization in Spiking Neural Networks",
     "Temporal Effective Batch Normalization in Spiking Neural Networks", "different papers"),
    # arXiv 2207.01382 under two titles: the same paper, caught by its shared link (duplicate-url)
    ("Exploring Lottery Ticket Hypothesis in Spiking Neural Networks",
     "Lottery Ticket Hypothesis for Spiking Neural Networks", "same paper"),
]


def test_the_real_lists_close_titles_are_the_ones_a_person_judged() -> None:
    from rapidfuzz import fuzz

    folded = [fold_title(title) for title in _real_list_titles()]
    close = {frozenset((a, b)) for i, a in enumerate(folded) for b in folded[i + 1:]
             if a != b and fuzz.ratio(a, b) >= 85}
    assert close == {frozenset((fold_title(a), fold_title(b))) for a, b, _ in REAL_CLOSE_PAIRS}


def test_near_duplicates_on_the_real_list_raise_no_false_alarm() -> None:
    """Precision: of the pairs flagged on the real list, none is two different papers (the
    one same-paper pair renamed beyond a word is left to the shared-link rule)."""
    titles = _real_list_titles()
    folded = [fold_title(title) for title in titles]
    flagged = {frozenset((titles[a], titles[b])) for a, b, _score in near_duplicate_pairs(folded)}
    different = {frozenset((a, b)) for a, b, verdict in REAL_CLOSE_PAIRS if verdict == "different papers"}
    assert flagged & different == set()


def test_every_real_title_with_two_words_swapped_is_still_a_near_duplicate() -> None:
    """Recall on the real list: reordered words are caught for every one of its titles."""
    missed = []
    for title in _real_list_titles():
        words = title.split()
        if len(words) < 4:
            continue
        words[1], words[2] = words[2], words[1]
        if fold_title(" ".join(words)) != fold_title(title) and not is_near_duplicate(
                fold_title(title), fold_title(" ".join(words))):
            missed.append(title)
    assert missed == []
