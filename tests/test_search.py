from __future__ import annotations

import tomllib

import pytest
from conftest import CATALOG

from awesome_snn.errors import InvalidInput
from awesome_snn.folding import fold
from awesome_snn.model import Link, Paper, Venue
from awesome_snn.search import PaperFilter, parse_years, query_terms, rank


class Columns:
    """The columns ranking reads (``search.SearchColumns``), as the catalog view has them."""

    def __init__(self, venues: tuple[Venue, ...], papers: tuple[Paper, ...]) -> None:
        self.venues = venues
        self.papers = papers
        self.folded = [fold(p.title) for p in papers]
        self.venue_of = [p.venue for p in papers]
        self.years = [p.year for p in papers]
        self.code = [p.has_code for p in papers]

    def paper(self, index: int) -> Paper:
        return self.papers[index]


def _shipped() -> Columns:
    data = tomllib.loads(CATALOG.read_text(encoding="utf-8"))
    venues = tuple(Venue(v["abbr"], v["name"], v["kind"], tuple(v.get("aliases", ())))
                   for v in data["venues"])
    papers = tuple(Paper(t["key"], t["title"], t["venue"], t["year"],
                         tuple(Link(*pair) for pair in t.get("links", {}).items()))
                   for t in data["papers"])
    return Columns(venues, papers)


SNAPSHOT = _shipped()
PAPERS = SNAPSHOT.papers
OPTICAL_FLOW = {
    "Optical Flow Estimation for Spiking Camera",
    "Learning Optical Flow from Continuous Spike Streams",
    "Spatio-Temporal Recurrent Networks for Event-Based Optical Flow Estimation",
}
CONVERSION = {p.title for p in PAPERS if "conversion" in p.title.lower()}


def titles(query: str, limit: int | None = 20, **filters) -> list[str]:
    return [h.paper.title for h in rank(SNAPSHOT, query.split(), PaperFilter(**filters), limit)]


# (query, titles that must all be in the top n, n)
QUALITY = [
    ("spiking transformer", {"Spikformer: When Spiking Neural Network Meets Transformer",
                             "Spiking Transformers for Event-Based Single Object Tracking"}, 3),
    ("optical flow", OPTICAL_FLOW, 3),
    ("Optical-Flow", OPTICAL_FLOW, 3),
    ("spikformr", {"Spikformer: When Spiking Neural Network Meets Transformer"}, 1),
    ("SPIKFORMER", {"Spikformer: When Spiking Neural Network Meets Transformer"}, 1),
    ("ann-snn conversion", {"Reducing ANN-SNN Conversion Error through Residual Membrane Potential",
                            "Optimal ANN-SNN Conversion for High-accuracy and Ultra-low-latency Spiking Neural Networks"}, 3),
    ("ann2snn", {"Reducing ANN-SNN Conversion Error through Residual Membrane Potential",
                 "Optimal ANN-SNN Conversion for High-accuracy and Ultra-low-latency Spiking Neural Networks",
                 "Signed Neuron with Memory: Towards Simple, Accurate and High-Efficient ANN-SNN Conversion"}, 4),
    ("surrogate gradient", {"Gradual Surrogate Gradient Learning in Deep Spiking Neural Networks",
                            "Differentiable hierarchical and surrogate gradient search for spiking neural networks"}, 2),
    ("adversarial", {"Toward Robust Spiking Neural Network Against Adversarial Perturbation",
                     "SNN-RAT: Robustness-enhanced Spiking Neural Network through Regularized Adversarial Training"}, 2),
    ("advesarial robustnes", {"SNN-RAT: Robustness-enhanced Spiking Neural Network through Regularized Adversarial Training"}, 2),
    ("axonal delay", {"Axonal Delay As a Short-Term Memory for Feed Forward Deep Spiking Neural Networks",
                      "Adaptive Axonal Delays in feedforward spiking neural networks for accurate spoken word recognition"}, 2),
    ("batch normalization", {"Temporal Effective Batch Normalization in Spiking Neural Networks"}, 1),
    ("neural architecture search", {"Neural Architecture Search for Spiking Neural Networks"}, 1),
    ("autosnn", {"AutoSNN: Towards Energy-Efficient Spiking Neural Networks"}, 1),
    ("spike camera reconstruction", {"Self-Supervised Mutual Learning for Dynamic Scene Reconstruction of Spiking Camera"}, 1),
    ("lottery ticket", {"Lottery Ticket Hypothesis for Spiking Neural Networks"}, 1),
    ("variational autoencoder", {"Fully Spiking Variational Autoencoder"}, 1),
    ("keyword spotting", {"Leveraging Sparsity with Spiking Recurrent Neural Networks for Energy-Efficient Keyword Spotting"}, 1),
    ("tactile", {"Event-Driven Tactile Learning with Location Spiking Neurons"}, 1),
    ("object detection automotive", {"Object Detection with Spiking Neural Networks on Automotive Event Data"}, 1),
    ("graph convolutional", {"Spiking Graph Convolutional Networks"}, 1),
    ("quantization", {"Low Precision Quantization-aware Training in Spiking Neural Networks with Differentiable Quantization Function"}, 2),
]


@pytest.mark.parametrize(("query", "expected", "top"), QUALITY, ids=[q for q, _e, _t in QUALITY])
def test_search_quality_on_the_seed_catalog(query: str, expected: set[str], top: int) -> None:
    assert expected <= set(titles(query)[:top])


def test_conversion_ranks_every_conversion_paper_above_anything_else() -> None:
    found = titles("conversion", limit=None)
    assert len(CONVERSION) == 5
    assert set(found[: len(CONVERSION)]) == CONVERSION


@pytest.mark.parametrize("spelling", ["ann-snn", "ANN SNN", "ann_snn", "ANN–SNN", "ann2snn"])
def test_ann_snn_spellings_find_conversion_papers_first(spelling: str) -> None:
    top = titles(spelling)[:3]
    assert "Reducing ANN-SNN Conversion Error through Residual Membrane Potential" in top
    assert "Optimal ANN-SNN Conversion for High-accuracy and Ultra-low-latency Spiking Neural Networks" in top


def test_papers_matching_all_words_rank_above_papers_matching_some() -> None:
    hits = rank(SNAPSHOT, ["spiking", "camera"], limit=None)
    all_words = [h for h in hits if "spiking" in fold(h.paper.title) and "camera" in fold(h.paper.title)]
    assert len(all_words) == 3
    assert hits[: len(all_words)] == all_words
    assert len(hits) > len(all_words)  # papers with some of the words still follow


@pytest.mark.parametrize(("query", "venue", "year"), [
    ("iclr", "ICLR", None), ("neurips", "NeurIPS", None), ("nips", "NeurIPS", None),
    ("spiking 2023", None, 2023), ("iclr 2023", "ICLR", 2023),
])
def test_query_words_match_venue_and_year(query: str, venue: str | None, year: int | None) -> None:
    hits = rank(SNAPSHOT, query.split(), limit=5)
    assert hits
    for hit in hits:
        assert venue is None or hit.paper.venue == venue
        assert year is None or hit.paper.year == year


def test_filters_restrict_results() -> None:
    hits = rank(SNAPSHOT, ["spiking"], PaperFilter(frozenset({"CVPR"}), (2022, 2022), True), None)
    assert hits and all(h.paper.venue == "CVPR" and h.paper.year == 2022 and h.paper.has_code for h in hits)


def test_unrelated_query_finds_nothing() -> None:
    assert titles("zebra giraffe") == []


def test_limit_caps_results() -> None:
    assert len(titles("spiking", limit=7)) == 7


@pytest.mark.parametrize(("text", "years"), [("2022", (2022, 2022)), ("2021..2023", (2021, 2023)),
                                             (" 2020-2022 ", (2020, 2022))])
def test_parse_years_accepts_a_year_or_a_range(text: str, years: tuple[int, int]) -> None:
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["22", "2023..2021", "abc", "1900", "2022..", "20233"])
def test_parse_years_rejects_bad_years(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_years(text)


def test_query_terms_fold_punctuation_and_drop_stop_words() -> None:
    assert query_terms(["Spiking-Transformer", "for", "the", "Events!"]) == ["spiking", "transformer", "events"]
    assert query_terms(["the"]) == ["the"]


@pytest.mark.parametrize(("text", "folded"), [
    ("Spiking-Transformer", "spiking transformer"),
    ("ANN–SNN", "ann snn"),
    ("Spïking Ñeurons", "spiking neurons"),
    ("snake_case", "snake case"),
])
def test_search_folds_words_as_titles_are_folded(text: str, folded: str) -> None:
    from awesome_snn.duplicates import fold_title

    assert fold(text) == fold_title(text) == folded


# --- rare words weigh more (issue 12, item 11) -----------------------------------------------

SPIKFORMER = "Spikformer: When Spiking Neural Network Meets Transformer"
SPIKING_TRANSFORMERS = "Spiking Transformers for Event-Based Single Object Tracking"
STNDT = "STNDT: Modeling Neural Population Activity with Spatiotemporal Transformers"


def test_a_rare_word_weighs_more_than_a_word_of_nearly_every_title() -> None:
    """'transformer' is in 3 of the 93 titles, 'spiking' in most: a paper with only the rare
    word ranks above every paper with only the common one."""
    found = titles("spiking transformer", limit=None)
    assert found[:3] == [SPIKFORMER, SPIKING_TRANSFORMERS, STNDT]
    spiking_only = [t for t in found[3:] if "spiking" in fold(t)]
    assert spiking_only and all("transformer" not in fold(t) for t in spiking_only)


def test_every_paper_with_both_words_ranks_above_any_with_one() -> None:
    found = titles("spiking neural", limit=None)
    both = [t for t in found if {"spiking", "neural"} <= set(fold(t).split())]
    assert len(both) > 20
    assert found[: len(both)] == both


def test_idf_orders_words_by_how_few_titles_have_them() -> None:
    from awesome_snn.search import idf

    assert idf(1, 100) > idf(10, 100) > idf(50, 100) > idf(100, 100) > 0


# --- words joined or split (issue 12, item 13) -----------------------------------------------

MAXPOOLING = "Spiking Approximations of the MaxPooling Operation in Deep SNNs"


@pytest.mark.parametrize(("query", "first"), [
    ("max pooling", MAXPOOLING), ("Max-Pooling", MAXPOOLING), ("maxpooling", MAXPOOLING),
    ("spik former", SPIKFORMER), ("spik-former", SPIKFORMER),
])
def test_words_written_apart_find_a_title_that_writes_them_together(query: str, first: str) -> None:
    assert titles(query)[0] == first


def _columns(*titles_: str) -> Columns:
    venue = Venue("ICLR", "International Conference on Learning Representations")
    return Columns((venue,), tuple(Paper(f"p{i}-2023", title, "ICLR", 2023)
                                   for i, title in enumerate(titles_)))


def test_a_word_written_together_finds_a_title_that_writes_it_apart() -> None:
    columns = _columns("Pooling Layers for Deep Networks", "Max Pooling in Spiking Networks",
                       "Maximum Likelihood Training")
    hits = rank(columns, ["maxpooling"])
    assert [h.paper.title for h in hits] == ["Max Pooling in Spiking Networks"]
    hits = rank(columns, ["spiking", "maxpooling"])
    assert hits[0].paper.title == "Max Pooling in Spiking Networks"


# --- scripts without spaces (issue 12, item 12) ----------------------------------------------

CJK_TITLE = "脉冲神经网络的高效训练方法研究"


@pytest.mark.parametrize("query", ["脉冲", "神经网络", "训练方法", CJK_TITLE])
def test_a_chinese_word_is_found_inside_a_title(query: str) -> None:
    columns = _columns("Spiking Neural Networks", CJK_TITLE, "深度学习的研究")
    assert [h.paper.title for h in rank(columns, [query])] == [CJK_TITLE]


def test_japanese_and_korean_words_are_found_inside_titles() -> None:
    columns = _columns("スパイキングニューラルネットワークの学習", "스파이킹신경망을 위한 학습")
    assert [h.paper.title for h in rank(columns, ["ニューラル"])] == ["スパイキングニューラルネットワークの学習"]
    assert [h.paper.title for h in rank(columns, ["신경망"])] == ["스파이킹신경망을 위한 학습"]


@pytest.mark.parametrize(("title", "key"), [
    (CJK_TITLE, "脉冲神经网络-2024"),
    ("スパイキングニューラルネットワーク", "スパイキング-2024"),
    ("Спайковые нейронные сети для зрения", "спайковые-нейронные-сети-2024"),
    ("基于SNN的脉冲神经网络", "snn-2024"),
    ("Spikformer: When Spiking Neural Network Meets Transformer", "spikformer-2024"),
    ("!!! ???", "paper-2024"),
])
def test_keys_keep_something_of_any_title(title: str, key: str) -> None:
    from awesome_snn.keys import KEY_PATTERN, base_key

    assert base_key(title, 2024) == key
    assert KEY_PATTERN.fullmatch(key)


@pytest.mark.parametrize("bad", ["abc\n", "-abc", "Abc", "a b", "a_b", "a.b", "", "脉冲\n", "脉冲。", "a\x1bb"])
def test_the_key_pattern_refuses_what_is_not_a_key(bad: str) -> None:
    from awesome_snn.keys import KEY_PATTERN

    assert not KEY_PATTERN.fullmatch(bad)


def test_a_chinese_paper_is_added_found_and_shown_through_the_cli(catalog_file) -> None:  # noqa: ANN001
    from cli_helpers import invoke, json_of, load

    added = invoke("add", "--venue", "ICLR", "--year", "2024", "--title", CJK_TITLE,
                   "--paper", "https://kns.cnki.net/kcms/detail/snn-2024", catalog=catalog_file)
    assert added.exit_code == 0, added.output
    assert "Added 脉冲神经网络-2024" in added.stdout
    assert load(catalog_file).paper("脉冲神经网络-2024").title == CJK_TITLE
    found = invoke("search", "脉冲", "--json", catalog=catalog_file)
    assert [paper["key"] for paper in json_of(found, "search")] == ["脉冲神经网络-2024"]
    assert invoke("show", "脉冲神经网络-2024", catalog=catalog_file).exit_code == 0
    assert invoke("check", catalog=catalog_file).exit_code == 0
