"""The catalog's TOML reader and writer at their edges, exact: cases that surviving mutants
of ``catalog/_toml.py`` showed no test held."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from awesome_snn.catalog._toml import check, dump_catalog, parse
from awesome_snn.errors import CatalogSyntaxError
from awesome_snn.model import Link, ListTexts, Paper, Venue
from awesome_snn.problems import Problem

VENUES = (Venue("ICLR", "ICLR"),)
LAST_YEAR = time.localtime().tm_year + 1
"""Years run to next year (a paper accepted for next year's conference)."""


def _paper(key: str, title: str) -> Paper:
    return Paper(key, title, "ICLR", 2023, (Link("paper", f"https://example.org/{key}"),))


def test_a_duplicate_key_names_the_paper_that_used_it_first() -> None:
    papers = (_paper("a-2023", "Spiking One"), _paper("b-2023", "Spiking Two"), _paper("a-2023", "Spiking Three"))
    parsed = parse(dump_catalog(ListTexts(), VENUES, papers), "papers.toml")
    assert [(p.rule, p.message, p.key) for p in parsed.problems] == [
        ("duplicate-key", "paper #3: duplicate key, also used by paper #1; give it another key", "a-2023")]


def test_reading_back_a_file_that_does_not_hold_the_papers_written_is_refused() -> None:
    written = dump_catalog(ListTexts(), VENUES, (_paper("a-2023", "Spiking One"),))
    with pytest.raises(ValueError) as refused:
        check(written, "papers.toml", (_paper("a-2023", "Spiking Two"),))
    assert str(refused.value) == "the written catalog does not read back as its papers"


def test_a_layout_table_after_the_papers_is_read() -> None:
    """TOML allows a table anywhere: ``[layout]`` below the papers is the list's layout too."""
    written = dump_catalog(ListTexts(), VENUES, (_paper("a-2023", "Spiking One"),))
    parsed = parse(written + b'\n[layout]\nitems = "note"\n', "papers.toml")
    assert parsed.problems == [] and parsed.texts.layout.items == "note"


@pytest.mark.parametrize(("head", "change", "problem"), [
    (b"venues = 5\n", (b"\n[[venues]]\n", b"\n[[old_venues]]\n"),  # 'venues' not an array of tables
     Problem("papers.toml", 0, 0, "invalid-venue", "'venues' must be an array of tables ([[venues]])")),
    (b"", (b"year = 2023", b"year = 1800"),  # the paper's [[papers]] header is line 19
     Problem("papers.toml", 19, 0, "invalid-year", f"year 1800 is outside 1950..{LAST_YEAR}", "a-2023")),
])
def test_a_problem_about_a_whole_record_has_column_0(head: bytes, change: tuple[bytes, bytes], problem: Problem) -> None:
    written = dump_catalog(ListTexts(), VENUES, (_paper("a-2023", "Spiking One"),))
    assert parse(head + written.replace(*change), "papers.toml").problems[:1] == [problem]


@pytest.mark.parametrize("tail", [b'\n[venues]\n', b'\n[list]\ntitle = "Again"\n'])
def test_a_table_declared_again_after_the_papers_is_a_syntax_error(tail: bytes) -> None:
    """The file is read slice by slice; a key a later slice declares again is TOML's error
    for the whole file, as tomllib reports it."""
    written = dump_catalog(ListTexts(), VENUES, (_paper("a-2023", "Spiking One"),))
    with pytest.raises(CatalogSyntaxError):
        parse(written + tail, "papers.toml")


@pytest.mark.parametrize(("head", "tail"), [
    (b'venues = [{ abbr = "ICLR", name = "ICLR" }]\n', b'\n[[venues]]\nabbr = "NIPS"\nname = "NIPS"\n'),
    (b'papers = [{ key = "z-2023", title = "Inline", venue = "ICLR", year = 2023 }]\n', b""),
], ids=["venues", "papers"])
def test_an_inline_array_extended_by_tables_later_is_a_syntax_error(head: bytes, tail: bytes) -> None:
    written = dump_catalog(ListTexts(), (), (_paper("a-2023", "Spiking One"), _paper("b-2023", "Spiking Two")))
    with pytest.raises(CatalogSyntaxError):
        parse(head + written + tail, "papers.toml")


def test_a_venue_without_an_abbreviation_is_reported_and_the_venues_after_it_still_read() -> None:
    written = dump_catalog(ListTexts(), VENUES, (_paper("a-2023", "Spiking One"),))
    parsed = parse(written.replace(b"\n[[venues]]\n", b'\n[[venues]]\nname = "No Abbreviation"\n\n[[venues]]\n'), "papers.toml")
    assert [v.abbr for v in parsed.venues] == ["ICLR"]
    assert [p.message for p in parsed.problems] == ['venue #1: a venue needs abbr = "..."']


def test_reading_a_large_catalog_reports_its_progress_slice_by_slice() -> None:
    """4,001 papers: the head, a slice of 4,000 papers, then the last one."""
    papers = tuple(_paper(f"p{n}-2023", f"Spiking Paper {n}") for n in range(4001))
    calls: list[tuple[int, int]] = []
    parsed = parse(dump_catalog(ListTexts(), VENUES, papers), "papers.toml", lambda done, total: calls.append((done, total)))
    assert parsed.count == 4001 and parsed.problems == []
    assert calls == [(0, 4001), (4000, 4001), (4001, 4001)]


def test_papers_that_are_not_an_array_of_tables_are_one_invalid_record() -> None:
    parsed = parse(b"papers = 5\n" + dump_catalog(ListTexts(), VENUES, ()), "papers.toml")
    assert parsed.problems == [
        Problem("papers.toml", 0, 0, "invalid-record", "'papers' must be an array of tables ([[papers]])")]


def test_a_file_read_whole_still_gives_each_problem_the_line_of_its_papers_header() -> None:
    """An inline array of venues sends the file to tomllib whole; the paper's [[papers]]
    header is line 15 (line 14 of a catalog without venues, below the one line added)."""
    written = dump_catalog(ListTexts(), (), (_paper("a-2023", "Spiking One"),)).replace(b"year = 2023", b"year = 1800")
    parsed = parse(b'venues = [{ abbr = "ICLR", name = "ICLR" }]\n' + written, "papers.toml")
    assert [(p.line, p.rule) for p in parsed.problems] == [(15, "invalid-year")]


@pytest.mark.parametrize("head", [
    b"papers = 5\n",
    b'papers = [{ key = "z-2023", title = "Inline", venue = "ICLR", year = 2023 }]\n',
], ids=["not-an-array", "inline-array"])
def test_a_catalog_whose_papers_are_not_tables_with_headers_cannot_be_appended_to(head: bytes) -> None:
    assert parse(head + dump_catalog(ListTexts(), VENUES, ()), "papers.toml").appendable is False


def test_a_paper_without_a_key_gets_the_key_of_its_title_and_year() -> None:
    written = dump_catalog(ListTexts(), VENUES, (_paper("a-2023", "Spiking One"),)).replace(b'key = "a-2023"\n', b"")
    parsed = parse(written, "papers.toml")
    assert parsed.problems == [] and parsed.columns["keys"] == ["spiking-one-2023"]


def test_a_table_inside_a_papers_own_table_is_written_inline_and_reads_back(tmp_path: Path) -> None:
    from awesome_snn import catalog as catalogs
    from awesome_snn.model import Catalog

    extra = (("meta", {"x": {"a": 1, "b c": "d"}, "empty": {}}),)
    paper = Paper("one-2023", "One Spiking Paper", "ICLR", 2023, (Link("paper", "https://a.org/1"),),
                  extra)
    path = tmp_path / "papers.toml"
    catalogs.create(path, Catalog(ListTexts("L"), (Venue("ICLR", "ICLR"),), (paper,)))
    assert 'x = { a = 1, "b c" = "d" }' in path.read_text(encoding="utf-8")
    assert catalogs.open_catalog(path).papers()[0].extra == extra
