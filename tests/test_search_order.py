"""Search ranks papers in an exact, explained order.

Each query below has its whole expected order (or its head and a tail whose order the rules
fix), derived from the rules ``awesome_snn/search.py`` documents, not read off the code's
output:

- a query word scores 100 for a title word it equals (or the paper's venue or year), 95 for
  a title word it begins, a typo score only when no title has the word;
- a paper's score is the words' scores averaged with BM25 weights (a rare word weighs more
  than a common one), +100 when every word matched, +5 when the words stand together in the
  title in query order (the phrase bonus), +1/10 of an implied topic's score ('ann snn'
  implies 'conversion');
- a paper is shown only when the plain mean of its words' scores is at least 45 (the noise
  floor: one word of two passes, one word of three does not);
- ties keep catalog order.

The table runs through the real ``search`` command on the shipped catalog
(``data/papers.toml``) and on the seed list (``tests/data/seed-2023.md``) imported with
``import``; the two hold the same 93 papers in the same order, so one table serves both.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from cli_helpers import invoke, json_of, load
from conftest import CATALOG, SEED
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesome_snn import catalog
from awesome_snn.markdown_import import import_markdown
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue
from awesome_snn.search import PaperFilter, rank

CATALOG_ORDER = [paper.key for paper in load(CATALOG).papers]


def _catalog_order(keys: list[str]) -> list[str]:
    return sorted(keys, key=CATALOG_ORDER.index)


# (query, head: the exact first papers, tail: how many follow, all tied so in catalog order,
#  the rule that gives this order)
ORDERS = [
    ("camera",
     ["optical-flow-estimation-2022", "self-supervised-mutual-2022",
      "modeling-detection-capability-2022"], 0,
     "'camera' equals a word of the first two titles (100) and only begins 'Cameras' in the"
     " third (95): an exact word ranks above a word it begins, though 'Modeling ... Cameras'"
     " comes before 'Self-Supervised ... Camera' in the catalog"),
    ("loss information",
     ["im-loss-2022", "reducing-information-loss-2022",
      "exploring-temporal-information-2023", "spikemax-2022"], 0,
     "both titles have both words (100 each, +100), but only 'IM-Loss: Information"
     " Maximization Loss' has them together in query order: the phrase bonus (+5) puts it"
     " above 'Reducing Information Loss', which comes first in the catalog; then the two"
     " titles with one of the two words (mean 50, above the floor of 45), each word as rare"
     " as the other, in catalog order"),
    ("information loss",
     ["reducing-information-loss-2022", "im-loss-2022",
      "exploring-temporal-information-2023", "spikemax-2022"], 0,
     "the same two titles, now the other way round: 'Reducing Information Loss' has the"
     " phrase in query order"),
    ("recurrent networks",
     ["spatio-temporal-recurrent-2022", "leveraging-sparsity-spiking-2023",
      "spike-inspired-rank-2022"], 53,
     "three titles have both words; 'Spatio-Temporal Recurrent Networks' has the phrase (+5)"
     " and leads the two that write 'recurrent neural networks'; then the 53 titles with the"
     " word 'networks' alone, tied, in catalog order"),
    ("spiking transformer",
     ["spikformer-2023", "spiking-transformers-event-2022", "stndt-2022"], 73,
     "'Spikformer: When Spiking ... Transformer' has both words exactly (200); 'Spiking"
     " Transformers ...' has 'spiking' and a word 'transformer' begins (just under 200);"
     " 'STNDT ... Spatiotemporal Transformers' has only the rare word, by prefix, and the"
     " BM25 weight of a word 3 titles have puts it above the 73 titles with only 'spiking',"
     " a word nearly every title has (tied, in catalog order)"),
    ("ann snn",
     ["reducing-ann-snn-2023", "signed-neuron-memory-2022", "optimal-ann-snn-2022",
      "joint-ann-snn-2023", "fast-snn-2023", "dance-snn-ann-2022", "bridging-gap-between-2023",
      "recdis-snn-2022", "snn-rat-2022", "spiking-approximations-maxpooling-2022"], 0,
     "'ANN-SNN' with 'Conversion' (phrase +5, implied topic +10) in catalog order; 'Joint"
     " ANN-SNN' (phrase only); 'Fast-SNN ... ANN' and 'SNN and ANN' (both words, not in"
     " order); 'ANNs and SNNs' (both by prefix, 95); then 'snn' alone (mean 50), and last"
     " 'SNNs' alone by prefix (mean 47.5, still above the floor)"),
    ("iclr 2023",
     ["bridging-gap-between-2023", "spiking-convolutional-neural-2023", "spikformer-2023",
      "heterogeneous-neuronal-synaptic-2023", "unified-framework-soft-2023",
      "optimal-ann-snn-2022", "spike-inspired-rank-2022", "sequence-approximation-feedforward-2022",
      "temporal-efficient-training-2022"], 19,
     "a venue name and a year match as words (100): the five ICLR 2023 papers first, then"
     " the four ICLR papers of 2022 ('iclr', the rarer word, weighs more), then the 19 other"
     " papers of 2023, in catalog order"),
    ("spikformr", ["spikformer-2023"], 0,
     "no title has 'spikformr': it is read as a typo of 'spikformer', the one close word"),
    ("optical zebra",
     ["optical-flow-estimation-2022", "learning-optical-flow-2022", "spatio-temporal-recurrent-2022"], 0,
     "one word of two (mean 50) passes the noise floor: the three optical-flow titles, tied,"
     " in catalog order"),
    ("optical zebra giraffe", [], 0,
     "one word of three (mean 33) is under the noise floor (45): nothing is shown"),
    ("spiking zebra giraffe", [], 0,
     "the same floor for the commonest word: 'spiking' alone among three words is noise, so"
     " search finds nothing rather than 75 papers"),
]


@pytest.fixture(scope="module")
def seed_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed list read by the importer and written as a catalog."""
    path = tmp_path_factory.mktemp("seed") / "seed.toml"
    catalog.create(path, import_markdown(SEED.read_text(encoding="utf-8")).catalog)
    return path


def _search(query: str, catalog_path: Path | None) -> tuple[int, list[str]]:
    result = invoke("search", *query.split(), "--limit", "100", "--json", catalog=catalog_path)
    if result.exit_code == 1:
        assert "no paper matches" in result.output
        return 1, []
    assert result.exit_code == 0, result.output
    return 0, [paper["key"] for paper in json_of(result, "search")]


@pytest.mark.parametrize("source", ["shipped", "seed"])
@pytest.mark.parametrize(("query", "head", "tail", "rule"), ORDERS, ids=[q for q, *_ in ORDERS])
def test_search_order(query: str, head: list[str], tail: int, rule: str, source: str,
                      request: pytest.FixtureRequest) -> None:
    catalog_path = CATALOG if source == "shipped" else request.getfixturevalue("seed_catalog")
    exit_code, keys = _search(query, catalog_path)
    assert exit_code == (0 if head else 1), rule
    assert keys[:len(head)] == head, rule
    rest = keys[len(head):]
    assert len(rest) == tail, rule
    assert rest == _catalog_order(rest), rule


def test_the_orders_above_are_not_catalog_order_by_accident() -> None:
    """Each rule the table pins must change some order: were scores ignored, these results
    would read in catalog order, and they do not."""
    for query in ("camera", "loss information", "recurrent networks", "iclr 2023", "ann snn",
                  "spiking transformer"):
        _exit_code, keys = _search(query, CATALOG)
        assert keys != _catalog_order(keys), query


# --- a property: every word matched beats a strict subset ----------------------------------

# Words no rule treats specially: no stop word, synonym, venue name, year or implied topic,
# none the start of another or two of them together another ('alpha' + 's' is a plural).
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet", "kilo", "lima", "mike", "oscar", "papa", "quebec", "romeo", "sierra",
         "tango", "victor"]
PLURALS = [word + "s" for word in WORDS[:6]]

_titles = st.lists(st.lists(st.sampled_from(WORDS + PLURALS), min_size=1, max_size=7),
                   min_size=2, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_titles, st.data())
def test_a_title_with_every_query_word_never_ranks_below_one_with_a_strict_subset(
        titles: list[list[str]], data: st.DataObject) -> None:
    source = data.draw(st.sampled_from(titles), label="title the query comes from")
    query = data.draw(st.lists(st.sampled_from(sorted(set(source))), min_size=1, max_size=3,
                               unique=True), label="query")
    papers = tuple(Paper(f"p{number}", " ".join(words).title(), "ICLR", 2023,
                         (Link("paper", f"https://example.org/{number}"),))
                   for number, words in enumerate(titles))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "papers.toml"
        catalog.create(path, Catalog(ListTexts(), (Venue("ICLR", "ICLR"),), papers))
        hits = rank(catalog.open_catalog(path), query, limit=None)
    order = [int(hit.paper.key[1:]) for hit in hits]
    has = {number: set(words) & set(query) for number, words in enumerate(titles)}
    every = [number for number in range(len(titles)) if has[number] == set(query)]
    assert set(every) <= set(order)  # the source title, at least
    for number in every:
        for other in order:
            if has[other] < set(query):
                assert order.index(number) < order.index(other), (query, titles[number], titles[other])


# --- the scores themselves, from the documented formula ------------------------------------

def _idf(matched: int, papers: int) -> float:
    """BM25's inverse document frequency, as the module docstring names it (written out here,
    not taken from the code under test)."""
    import math

    return math.log(1 + (papers - matched + 0.5) / (matched + 0.5))


def test_scores_are_the_bm25_weighted_mean_plus_the_bonuses() -> None:
    """'spiking transformer' on the shipped catalog: 'spiking' is a word (or the start of
    one) of 75 of the 93 titles, 'transformer' of 3."""
    view = catalog.open_catalog(CATALOG)
    hits = rank(view, ["spiking", "transformer"], limit=None)
    spiking, transformer = _idf(75, 93), _idf(3, 93)
    total = spiking + transformer
    expected = {
        "spikformer-2023": (spiking * 100 + transformer * 100) / total + 100,  # both words exact
        "spiking-transformers-event-2022": (spiking * 100 + transformer * 95) / total + 100,  # a prefix
        "stndt-2022": transformer * 95 / total,  # the rare word alone, by prefix
        "rate-gradient-approximation-2023": spiking * 100 / total,  # the common word alone
    }
    scores = {hit.paper.key: hit.score for hit in hits}
    assert len(hits) == 76
    for key, score in expected.items():
        assert scores[key] == round(score, 1), key
    phrase = rank(view, ["loss", "information"], limit=None)
    assert [(hit.paper.key, hit.score) for hit in phrase[:2]] == [
        ("im-loss-2022", 205.0), ("reducing-information-loss-2022", 200.0)]
    # One word: 100 exact, 95 a prefix, +100 as every word matched; no phrase of one word.
    assert [hit.score for hit in rank(view, ["camera"], limit=None)] == [200.0, 200.0, 195.0]
    # 'ann snn' implies 'conversion': +1/10 of its score (100) for titles that have it.
    implied = {hit.paper.key: hit.score for hit in rank(view, ["ann", "snn"], limit=None)}
    assert [implied[key] for key in ("reducing-ann-snn-2023", "joint-ann-snn-2023", "fast-snn-2023",
                                     "bridging-gap-between-2023")] == [215.0, 205.0, 200.0, 195.0]


def test_a_year_range_keeps_every_year_in_it() -> None:
    view = catalog.open_catalog(CATALOG)
    both = rank(view, ["spiking"], PaperFilter(years=(2022, 2023)), limit=None)
    assert {hit.paper.year for hit in both} == {2022, 2023} and len(both) == 75
    assert {hit.paper.year for hit in rank(view, ["spiking"], PaperFilter(years=(2021, 2022)),
                                           limit=None)} == {2022}


def test_search_shows_twenty_papers_unless_asked_for_more() -> None:
    view = catalog.open_catalog(CATALOG)
    assert len(rank(view, ["spiking"])) == 20
    result = invoke("search", "spiking", "--json", catalog=CATALOG)
    assert len(json_of(result, "search")) == 20


def test_a_query_of_punctuation_only_is_refused() -> None:
    result = invoke("search", "!!", "??", catalog=CATALOG)
    assert result.exit_code == 2
    assert result.stderr == ("snn-papers: error: the query has no words: give a few words of a"
                             " title, a venue or a year\n")


def test_a_typo_scores_nine_tenths_of_its_similarity() -> None:
    """'spikformr' is in no title: it matches 'spikformer' by rapidfuzz's Indel similarity
    (the measure the module docstring names), scored 0.9 x 100 x similarity, +100 as it is
    the query's only word."""
    from rapidfuzz.distance import Indel

    view = catalog.open_catalog(CATALOG)
    similarity = Indel.normalized_similarity("spikformr", "spikformer")
    assert [(hit.paper.key, hit.score) for hit in rank(view, ["spikformr"], limit=None)] == [
        ("spikformer-2023", round(90 * similarity + 100, 1))]


def test_words_written_together_find_the_title_words_wherever_they_are() -> None:
    """A query word that is two title words written together matches them, the first title
    of the catalog too ('Rate Gradient ...'), and at any cut ('ann' + 'snn')."""
    view = catalog.open_catalog(CATALOG)
    assert [hit.paper.key for hit in rank(view, ["rategradient"], limit=None)] == [
        "rate-gradient-approximation-2023"]
    assert [hit.paper.key for hit in rank(view, ["annsnn"], limit=None)] == [
        "reducing-ann-snn-2023", "joint-ann-snn-2023", "signed-neuron-memory-2022", "optimal-ann-snn-2022"]


def test_the_count_of_matches_past_the_limit_keeps_the_filters() -> None:
    """With a filter and a limit, the total search reports ('20 of N') counts the papers the
    filter keeps, not every paper that matches."""
    from awesome_snn.folding import fold
    from awesome_snn.search import ranking

    view = catalog.open_catalog(CATALOG)
    result = ranking(view, ["spiking"], PaperFilter(venues=frozenset({"CVPR"})), limit=2)
    cvpr = [p for p in view.catalog().papers
            if p.venue == "CVPR" and any(w.startswith("spiking") for w in fold(p.title).split())]
    assert len(result.hits) == 2 and result.total == len(cvpr) == 8
