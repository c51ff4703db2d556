"""The ``check`` rules for mistakes that reach real lists, each on realistic links."""

from __future__ import annotations

import pytest

from awesome_snn.check_settings import CheckSettings
from awesome_snn.lint import fixes, lint
from awesome_snn.model import Catalog, Link, Paper, Venue
from awesome_snn.review_rules import findings

VENUES = tuple(Venue(abbr, abbr) for abbr in ("CVPR", "ICCV", "ECCV", "NeurIPS", "ICLR", "ICML",
                                              "AAAI", "IJCAI", "ACM MM", "ICASSP"))


def paper(venue: str, year: int, url: str, label: str = "paper", title: str = "Spiking Things",
          **extra: object) -> Paper:
    return Paper("p-2023", title, venue, year, (Link(label, url),), tuple(extra.items()), 7)


def rules(item: Paper) -> list[tuple[str, str]]:
    return [(f.severity, f.rule) for f in findings(item)]


RIGHT_HOSTS = [
    ("CVPR", 2023, "https://openaccess.thecvf.com/content/CVPR2023/html/X_CVPR_2023_paper.html"),
    ("ICCV", 2023, "https://openaccess.thecvf.com/content/ICCV2023/papers/X_ICCV_2023_paper.pdf"),
    ("ECCV", 2022, "https://www.ecva.net/papers/eccv_2022/papers_ECCV/html/1234_ECCV_2022_paper.php"),
    ("NeurIPS", 2022, "https://proceedings.neurips.cc/paper_files/paper/2022/hash/abc-Abstract-Conference.html"),
    ("NeurIPS", 2023, "https://neurips.cc/virtual/2023/poster/70001"),
    ("ICLR", 2023, "https://openreview.net/forum?id=frE4fUwz_h"),
    ("ICLR", 2026, "https://iclr.cc/virtual/2026/poster/10010693"),
    ("ICML", 2023, "https://proceedings.mlr.press/v202/x23a.html"),
    ("AAAI", 2023, "https://ojs.aaai.org/index.php/AAAI/article/view/25081"),
    ("IJCAI", 2023, "https://www.ijcai.org/proceedings/2023/0345.pdf"),
    ("ACM MM", 2024, "https://dl.acm.org/doi/10.1145/3664647.3680000"),
    ("ICASSP", 2023, "https://ieeexplore.ieee.org/document/10096000"),
    ("ICML", 2023, "https://arxiv.org/abs/2302.02091"),  # a neutral site: never flagged
]


@pytest.mark.parametrize(("venue", "year", "url"), RIGHT_HOSTS, ids=[f"{v}-{y}" for v, y, _u in RIGHT_HOSTS])
def test_a_paper_link_on_its_venues_site_of_its_year_is_fine(venue: str, year: int, url: str) -> None:
    assert rules(paper(venue, year, url)) == []


WRONG = [
    ("CVPR", 2023, "https://openaccess.thecvf.com/content/ICCV2023/html/X_ICCV_2023_paper.html",
     [("warning", "venue-host")]),
    ("ICML", 2025, "https://www.ijcai.org/proceedings/2025/0157.pdf", [("warning", "venue-host")]),
    ("ICML", 2023, "https://ojs.aaai.org/index.php/AAAI/article/view/25081", [("warning", "venue-host")]),
    ("NeurIPS", 2023, "https://neurips.cc/virtual/202/poster/71234", [("error", "url-year")]),
    ("NeurIPS", 2023, "https://proceedings.neurips.cc/paper_files/paper/2022/hash/x-Abstract.html",
     [("warning", "url-year")]),
    ("CVPR", 2024, "https://openaccess.thecvf.com/content/CVPR2023/html/X_CVPR_2023_paper.html",
     [("warning", "url-year")]),
    ("IJCAI", 2023, "https://www.ijcai.org/proceedings/2022/0345.pdf", [("warning", "url-year")]),
    ("ICLR", 2023, "https://paperswithcode.com/paper/spikformer", [("error", "dead-host")]),
    ("ICLR", 2023, "https://github.com/", [("error", "placeholder-url")]),
    ("ICLR", 2023, "https://example.com/paper.pdf", [("error", "placeholder-url")]),
]


@pytest.mark.parametrize(("venue", "year", "url", "expected"), WRONG, ids=[w[2][8:40] for w in WRONG])
def test_a_link_a_reviewer_should_look_at_is_reported(venue: str, year: int, url: str, expected: list) -> None:
    assert rules(paper(venue, year, url)) == expected


def test_a_dead_code_link_is_a_warning_and_a_dead_paper_link_an_error() -> None:
    code = Paper("p-2023", "T", "ICLR", 2023, (Link("paper", "https://openreview.net/forum?id=x"),
                                              Link("code", "https://paperswithcode.com/paper/x")))
    assert rules(code) == [("warning", "dead-host")]


@pytest.mark.parametrize(("title", "flagged"), [
    ("Optimal Denoising of Spiked Wigner Matrices", True),
    ("Scalable Spike-and-Slab", True),
    ("Spike and Slab Priors for Sparse Regression", True),
    ("Spiking Neural Networks with Spike-Based Attention", False),
    ("Spiked Neurons Revisited", False),
])
def test_titles_of_other_fields_are_flagged_and_spiking_networks_are_not(title: str, flagged: bool) -> None:
    item = paper("ICML", 2023, "https://proceedings.mlr.press/v202/x23a.html", title=title)
    assert (("warning", "not-snn") in rules(item)) is flagged


def test_fix_replaces_a_dead_paper_link_by_the_arxiv_page_the_catalog_knows() -> None:
    known = Paper("k-2023", "Known", "ICLR", 2023, (Link("paper", "https://paperswithcode.com/paper/k"),
                                                     Link("arxiv", "https://arxiv.org/pdf/2302.02091v2.pdf")))
    unknown = Paper("u-2023", "Unknown", "ICLR", 2023, (Link("paper", "https://paperswithcode.com/paper/u"),))
    catalog = Catalog(venues=VENUES, papers=(known, unknown))
    papers, changes = fixes(catalog, "")
    assert [(c.rule, c.key, c.before, c.after) for c in changes if c.rule == "dead-host"] == [
        ("dead-host", "k-2023", "https://paperswithcode.com/paper/k", "https://arxiv.org/abs/2302.02091")]
    assert next(p for p in papers if p.key == "k-2023").paper_url == "https://arxiv.org/abs/2302.02091"
    assert "u-2023" not in [p.key for p in papers]


def test_the_check_table_and_ignore_lists_tune_the_findings() -> None:
    a = Paper("a-2024", "Dynamic Spiking Graph Neural Networks", "AAAI", 2024,
              (Link("paper", "https://ojs.aaai.org/index.php/AAAI/article/view/1"),))
    b = Paper("b-2024", "Dynamic Spiking Graph Neural Network", "AAAI", 2024,
              (Link("paper", "https://ojs.aaai.org/index.php/AAAI/article/view/2"),))
    c = Paper("c-2024", "Spike-and-Slab Spiking Networks", "AAAI", 2024, (), (("ignore", ["not-snn"]),))
    catalog = Catalog(venues=VENUES, papers=(a, b, c))
    plain = [(f.rule, f.key) for f in lint(catalog, None, ())]
    assert ("near-duplicate-title", "b-2024") in plain and ("no-link", "c-2024") in plain
    assert ("not-snn", "c-2024") not in plain  # the paper's ignore list
    tuned = lint(catalog, None, (), CheckSettings((("no-link", "warning"),), (("a-2024", "b-2024"),)))
    assert [(f.severity, f.rule, f.key) for f in tuned] == [("warning", "no-link", "c-2024")]
    off = lint(catalog, None, (), CheckSettings((("no-link", "off"), ("near-duplicate-title", "off"))))
    assert off == []
