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
