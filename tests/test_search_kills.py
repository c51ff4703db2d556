"""Search's scores and messages at their edges, from the rules ``awesome_snn/search.py``
documents (expected values written out, not read off the code): cases that surviving
mutants of ``search.py`` showed no test held."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from awesome_snn import catalog
from awesome_snn.errors import InvalidInput
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue
from awesome_snn.search import parse_years, rank

LAST_YEAR = time.localtime().tm_year + 1
"""Years run to next year (a paper accepted for next year's conference)."""


def _view(folder: Path, *titles: str) -> catalog.CatalogView:
    papers = tuple(Paper(f"p{number}", title, "ICLR", 2023,
                         (Link("paper", f"https://example.org/{number}"),))
                   for number, title in enumerate(titles))
    path = folder / "papers.toml"
    catalog.create(path, Catalog(ListTexts(), (Venue("ICLR", "ICLR"),), papers))
    return catalog.open_catalog(path)


@pytest.mark.parametrize(("text", "message"), [
    ("abc", "--year 'abc': give a year such as 2022 or a range 2021..2023"),
    ("2022..", "--year '2022..': give a year such as 2022 or a range 2021..2023"),
    ("2023..2021", "--year '2023..2021': the range runs backwards; write 2021..2023"),
    ("1900", f"--year '1900': years run from 1950 to {LAST_YEAR}"),
])
def test_a_bad_year_option_says_what_is_wrong_and_what_to_write(text: str, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_years(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(("query", "title", "score"), [
    # 'max pooling' is the title word 'maxpooling' written apart: an exact word for both
    # query words (100 each), +100 as every word matched.
    (["max", "pooling"], "Maxpooling Networks", 200.0),
    # ... and the start of the title word 'maxpoolings': 95 each, +100.
    (["max", "pooling"], "Maxpoolings Networks", 195.0),
])
def test_two_query_words_written_together_in_a_title_score_as_that_word(
        tmp_path: Path, query: list[str], title: str, score: float) -> None:
    hits = rank(_view(tmp_path, title), query, limit=None)
    assert [(hit.paper.key, hit.score) for hit in hits] == [("p0", score)]


def test_a_query_word_that_is_a_title_word_keeps_100_when_its_halves_begin_two_other_words(
        tmp_path: Path) -> None:
    """'maxpooling' is a word of the title (100); the title also has 'max poolings', which
    'maxpooling' written apart only begins (95): the better score, 100, stands (+100 as the
    query's only word matched)."""
    hits = rank(_view(tmp_path, "Maxpooling Versus Max Poolings"), ["maxpooling"], limit=None)
    assert [(hit.paper.key, hit.score) for hit in hits] == [("p0", 200.0)]
