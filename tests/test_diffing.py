"""``diffing``: what changed between two versions of a list."""

from __future__ import annotations

from dataclasses import replace

import pytest

from awesome_snn.diffing import diff_catalogs
from awesome_snn.model import Catalog, Link, Paper, Venue

VENUES = (Venue("ICML", "ICML"), Venue("IJCAI", "IJCAI"), Venue("ICLR", "ICLR"))


def paper(key: str, title: str, venue: str = "ICML", year: int = 2023, **links: str) -> Paper:
    return Paper(key, title, venue, year,
                 tuple(Link(label, url) for label, url in (links or {"paper": f"https://p.org/{key}"}).items()))


BASE = (
    paper("alpha-2023", "Alpha Spiking Networks"),
    paper("beta-2023", "Beta Spiking Transformers", paper="https://p.org/beta-2023", code="https://github.com/b/b"),
    paper("gamma-2022", "Gamma Surrogate Gradients", "ICLR", 2022),
)


def catalog(*papers: Paper) -> Catalog:
    return Catalog(venues=VENUES, papers=papers)


def summary(old: tuple[Paper, ...], new: tuple[Paper, ...]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(c.kind, c.paper.key, c.details) for c in diff_catalogs(catalog(*old), catalog(*new)).changes]


CASES = [
    ("nothing", BASE, []),
    ("added", BASE + (paper("delta-2023", "Delta Event Cameras"),),
     [("added", "delta-2023", ())]),
    ("removed", BASE[1:], [("removed", "alpha-2023", ())]),
    ("title edited", (replace(BASE[0], title="Alpha Spiking Nets"),) + BASE[1:],
     [("changed", "alpha-2023", ("title: 'Alpha Spiking Networks' -> 'Alpha Spiking Nets'",))]),
    ("code link added", (replace(BASE[0], links=BASE[0].links + (Link("code", "https://github.com/a/a"),)),) + BASE[1:],
     [("changed", "alpha-2023", ("code link added: https://github.com/a/a",))]),
    ("code link removed", (BASE[0], replace(BASE[1], links=BASE[1].links[:1]), BASE[2]),
     [("changed", "beta-2023", ("code link removed: https://github.com/b/b",))]),
    ("paper link changed", (replace(BASE[0], links=(Link("paper", "https://p.org/a2"),)),) + BASE[1:],
     [("changed", "alpha-2023", ("paper link changed: https://p.org/alpha-2023 -> https://p.org/a2",))]),
    ("moved to another venue", (replace(BASE[0], venue="IJCAI"),) + BASE[1:],
     [("moved", "alpha-2023", ("moved: ICML 2023 -> IJCAI 2023",))]),
    ("key changed, paired by title", (replace(BASE[0], key="alpha-nets-2023"),) + BASE[1:],
     [("changed", "alpha-nets-2023", ("key: alpha-2023 -> alpha-nets-2023",))]),
    ("key and title changed, paired by the paper URL",
     (replace(BASE[0], key="a-2023", title="A Spiking Net"),) + BASE[1:],
     [("changed", "a-2023", ("key: alpha-2023 -> a-2023", "title: 'Alpha Spiking Networks' -> 'A Spiking Net'"))]),
]


@pytest.mark.parametrize(("name", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_change_is_reported_once_with_its_details(name: str, new: tuple[Paper, ...],
                                                               expected: list) -> None:
    assert summary(BASE, new) == expected


def test_changes_are_listed_newest_year_first() -> None:
    new = (paper("new-2022", "New Older Paper", "ICLR", 2022),) + BASE + (paper("new-2023", "New Paper"),)
    assert [(c.kind, c.paper.key) for c in diff_catalogs(catalog(*BASE), catalog(*new)).changes] == [
        ("added", "new-2023"), ("added", "new-2022")]


def test_a_replaced_section_is_flagged() -> None:
    """The history of the real list: a commit said it added IJCAI papers and replaced 17 ICML
    papers with 11 others."""
    icml = tuple(paper(f"icml-{n}-2023", f"ICML Paper Number {n} On Spikes") for n in range(17))
    others = tuple(paper(f"other-{n}-2023", f"Another Paper {n} About Neurons") for n in range(11))
    ijcai = (paper("ijcai-2023", "An IJCAI Paper", "IJCAI"),)
    result = diff_catalogs(catalog(*icml), catalog(*(others + ijcai)))
    assert (result.count("removed"), result.count("added")) == (17, 12)
    rules = [w.rule for w in result.warnings]
    assert "section-replaced" in rules and "many-removed" in rules
    replaced = next(w for w in result.warnings if w.rule == "section-replaced")
    assert replaced.message.startswith("ICML 2023: 17 of its 17 papers removed and 11 others added")
    assert result.removes


def test_a_shrinking_section_and_a_removal_beside_a_near_identical_addition_are_flagged() -> None:
    new = (paper("alpha-b-2023", "Alpha Spiking Network", "IJCAI"),) + BASE[1:]
    result = diff_catalogs(catalog(*BASE), catalog(*new))
    assert [w.rule for w in result.warnings] == ["section-shrinks", "removed-but-similar-added"]


def test_a_change_that_only_adds_or_edits_does_not_count_as_removing() -> None:
    result = diff_catalogs(catalog(*BASE), catalog(*(BASE + (paper("z-2023", "Zeta"),))))
    assert not result.removes and result.warnings == ()


def test_each_other_field_that_changes_is_named() -> None:
    old = replace(paper("a-2023", "A Paper", paper="https://a.org"),
                  extra=(("as_written", "- A Paper  [[paper](https://a.org)]"), ("slides", "s1"),
                         ("poster", "p1")))
    new = replace(old, extra=(("slides", "s2"), ("poster", "p1"), ("note", "text after the links")))
    assert summary((old,), (new,)) == [("changed", "a-2023", ("as_written removed", "note added",
                                                              "slides changed"))]
