"""Lint at its edges: cases that surviving mutants of ``lint.py`` showed no test held."""

from __future__ import annotations

import pytest

from awesome_snn.lint import lint
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue


def _rules(title: str) -> list[str]:
    paper = Paper("p-2023", title, "ICLR", 2023, (Link("paper", "https://openreview.net/forum?id=p1"),), (), 1)
    return [f.rule for f in lint(Catalog(ListTexts(), (Venue("ICLR", "ICLR"),), (paper,)), None, ())]


@pytest.mark.parametrize("title", ["Spiking X-Ray Imaging (XRI)", "XOR [Spiking] Gates {X}",
                                   "Spiking Networks (Part [II])"])
def test_balanced_brackets_around_any_letters_are_fine(title: str) -> None:
    assert "title-brackets" not in _rules(title)


@pytest.mark.parametrize("title", ["Spiking X-Ray Imaging (XRI", "XOR ]Spiking[ Gates", "Spiking (Part [II)]"])
def test_unbalanced_brackets_are_a_warning(title: str) -> None:
    assert "title-brackets" in _rules(title)
