"""The duplicate policy at its edges, through all three ways it is applied (``find_duplicate``
for add/edit, ``find_duplicates`` for import, ``near_duplicate_pairs`` for check): cases that
surviving mutants of ``awesome_snn/duplicates.py`` showed no test held (scripts/mutation.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from awesome_snn.duplicates import (
    NEAR_DUPLICATE_THRESHOLD,
    SIMILAR_TITLE,
    SPACING_EDITS,
    find_duplicate,
    find_duplicates,
    fold_title,
    near_duplicate_pairs,
    similarity,
    url_field,
)
from awesome_snn.model import Link, Paper


class Columns:
    """The columns the policy reads, built from records."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = list(papers)
        self.keys = [p.key for p in papers]
        self.folded = [fold_title(p.title) for p in papers]
        self.urls = [url_field(link.url for link in p.links) for p in papers]

    def paper(self, index: int) -> Paper:
        return self.papers[index]


def _paper(key: str, title: str, url: str) -> Paper:
    return Paper(key, title, "CVPR", 2023, (Link("paper", url),))


# (a title in the catalog, a new title, why they are one paper)
SIMILAR = [
    ("Event-Based Learning", "Event-Based Training",
     "exactly at the threshold: the threshold is inclusive"),
    ("Spike Former Networks", "Spikformr Networks",
     "spaced otherwise and exactly SPACING_EDITS letters apart"),
    ("Spiking Transformer", "Spkiing Transformer",
     "two-word titles one (misspelt) word apart share the signature of the other word"),
    ("Mem Ristor Networks", "Memristor Networks",
     "they share only the spaceless signature ('memristornetworks')"),
    ("Spiking Camera for Optical Flow Estimation", "Optical Flow Estimation for Spiking Cameras",
     "the same words reordered, the new title a letter longer"),
    ("Optical Flow Estimation for Spiking Cameras", "Spiking Camera for Optical Flow Estimation",
     "the same words reordered, the new title a letter shorter"),
]


def test_the_edge_cases_are_where_they_say() -> None:
    assert similarity(fold_title("Event-Based Learning"), fold_title("Event-Based Training")) \
        == NEAR_DUPLICATE_THRESHOLD
    assert SPACING_EDITS == 2  # 'spikeformer' -> 'spikformr' is two letters


@pytest.mark.parametrize(("existing", "new", "why"), SIMILAR, ids=["threshold", "spacing", "two-words", "spaceless", "reordered-longer", "reordered-shorter"])
def test_a_very_similar_title_is_found_by_add_import_and_check(existing: str, new: str, why: str) -> None:
    catalog = Columns([
        _paper("other-2023", "Direct Training of Deep Spiking Neural Networks", "https://openreview.net/forum?id=o1"),
        _paper("existing-2023", existing, "https://openreview.net/forum?id=e1"),
    ])
    link = (Link("paper", "https://openreview.net/forum?id=n1"),)
    found = find_duplicate(catalog, new, link)
    assert found is not None and (found.paper.key, found.reason) == ("existing-2023", SIMILAR_TITLE), why
    (batch,) = find_duplicates(catalog, [(new, link)])
    assert batch is not None and (batch.paper.key, batch.reason) == ("existing-2023", SIMILAR_TITLE), why
    pairs = near_duplicate_pairs([*catalog.folded, fold_title(new)])
    assert [(earlier, later) for earlier, later, _score in pairs] == [(1, 2)], why


def test_editing_a_papers_link_to_another_form_of_the_same_page_is_not_a_duplicate_of_itself() -> None:
    """The paper being edited is left out of the link comparison too, not only of the title
    one: its paper link rewritten with a trailing slash is the same page, its own."""
    catalog = Columns([
        _paper("first-2023", "Direct Training of Deep Spiking Neural Networks", "https://openreview.net/forum?id=o1"),
        _paper("edited-2023", "Spiking Transformers for Tracking", "https://arxiv.org/abs/2301.00001"),
    ])
    same_page = (Link("paper", "https://arxiv.org/abs/2301.00001v2"),)
    assert find_duplicate(catalog, "Spiking Transformers for Tracking", same_page, ignore_key="edited-2023") is None
    # ...while another paper adding that page is a duplicate of it.
    found = find_duplicate(catalog, "Another Title Entirely", same_page)
    assert found is not None and found.paper.key == "edited-2023"


def test_the_first_similar_paper_in_catalog_order_is_named_however_many_are_similar() -> None:
    """Six catalog titles are very similar to the new one; the first in catalog order is
    named though it is the least similar of them (every match is looked at, not the best
    few)."""
    titles = ["Spiking Neural Network for Event Visions",  # two letters off: the least similar
              "Spiking Neural Networks for Event Visions", "Spiking Neural Networks for Events Vision",
              "Spiking Neural Network for Event Vision", "Spiking Neurals Networks for Event Vision",
              "Spikings Neural Networks for Event Vision"]
    catalog = Columns([_paper(f"p{n}-2023", title, f"https://openreview.net/forum?id=p{n}")
                       for n, title in enumerate(titles)])
    new = "Spiking Neural Networks for Event Vision"
    scores = [similarity(fold_title(new), folded) for folded in catalog.folded]
    assert min(scores) == scores[0] and all(score >= NEAR_DUPLICATE_THRESHOLD for score in scores)
    found = find_duplicate(catalog, new, (Link("paper", "https://openreview.net/forum?id=new"),))
    assert found is not None and (found.paper.key, found.reason) == ("p0-2023", SIMILAR_TITLE)
