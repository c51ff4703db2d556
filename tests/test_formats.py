from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import pytest
from cli_helpers import load
from conftest import CATALOG
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database import parse_string

from awesome_snn.errors import InvalidInput
from awesome_snn.formats import (
    CSV_HEADER,
    EXPORT_FORMATS,
    render_bibtex,
    render_csv,
    render_json,
)
from awesome_snn.model import Link, Paper, validate_title
from awesome_snn.search import PaperFilter

REAL = load(CATALOG)

HOSTILE_TITLES = [
    "{DNA} & 100% of $x$: #1 a_b \\ ~ ^ 🙂",
    "Unbalanced { brace",
    "Closing } brace",
    "Ends with a backslash\\",
    "@inproceedings{injected, title = {x}}",
    "ANN--SNN ``quoted'' ?` !` <<guillemets>> ,,low --- dash",
    "Héllo Wörld, 中文 and Ωmega",
    "%not a comment",
    "e.g. \\cite{x} and \\\\ newline",
    'Comma, "quotes" and ; semicolon',
    "a{}b",
]


def latex_to_text(latex: str) -> str:
    """What LaTeX prints for ``latex``, by pylatexenc (a real LaTeX parser), told three kernel
    symbols its table lacks or draws otherwise (it gives \\textasciicircum as U+02C6)."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    context = get_default_latex_context_db()
    context.add_context_category("kernel-symbols", prepend=True, macros=[
        MacroTextSpec("textbraceleft", "{"),
        MacroTextSpec("textbraceright", "}"),
        MacroTextSpec("textasciicircum", "^"),
    ])
    return LatexNodes2Text(latex_context=context, strict_latex_spaces=True).latex_to_text(latex)


def hostile_paper(title: str, index: int = 0) -> Paper:
    return replace(REAL.papers[index], title=title, key=f"hostile-{index}")


def hostile_papers() -> list[Paper]:
    return [hostile_paper(title, index) for index, title in enumerate(HOSTILE_TITLES)]


# --- BibTeX --------------------------------------------------------------------------------

def test_bibtex_of_the_real_catalog_parses_with_pybtex_field_for_field() -> None:
    entries = parse_string(render_bibtex(REAL, REAL.papers), "bibtex").entries
    assert list(entries.keys()) == [paper.key for paper in REAL.papers]
    for paper in REAL.papers:
        entry = entries[paper.key]
        venue = REAL.venue(paper.venue)
        venue_field = "journal" if venue.kind == "journal" else "booktitle"
        assert entry.type == ("article" if venue.kind == "journal" else "inproceedings")
        assert latex_to_text(entry.fields["title"]) == paper.title
        assert latex_to_text(entry.fields[venue_field]) == venue.name
        assert entry.fields["year"] == str(paper.year)
        assert entry.fields["url"] == paper.paper_url


def test_bibtex_writes_journals_as_articles_and_conferences_as_inproceedings() -> None:
    entries = parse_string(render_bibtex(REAL, REAL.papers), "bibtex").entries
    kinds = {entry.type for entry in entries.values()}
    assert kinds == {"article", "inproceedings"}
    assert entries["rate-gradient-approximation-2023"].fields["booktitle"] == (
        "IEEE Conference on Computer Vision and Pattern Recognition")
    journal_paper = next(p for p in REAL.papers if p.venue == "TNNLS")
    assert entries[journal_paper.key].fields["journal"] == (
        "IEEE Transactions on Neural Networks and Learning Systems")


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_bibtex_hostile_titles_survive_a_real_parser(title: str) -> None:
    paper = hostile_paper(title)
    entries = parse_string(render_bibtex(REAL, [paper, REAL.papers[1]]), "bibtex").entries
    assert list(entries.keys()) == [paper.key, REAL.papers[1].key]
    assert latex_to_text(entries[paper.key].fields["title"]) == title
    assert entries[paper.key].fields["year"] == str(paper.year)


def test_bibtex_title_is_braced_so_styles_keep_its_capitals() -> None:
    entries = parse_string(render_bibtex(REAL, REAL.papers[:1]), "bibtex").entries
    title = entries[REAL.papers[0].key].fields["title"]
    assert title == "{" + REAL.papers[0].title + "}"


def test_bibtex_url_braces_are_percent_encoded_so_the_field_ends_where_it_should() -> None:
    paper = replace(REAL.papers[0], links=(Link("paper", "https://example.org/a}b{c"),))
    entries = parse_string(render_bibtex(REAL, [paper]), "bibtex").entries
    assert entries[paper.key].fields["url"] == "https://example.org/a%7Db%7Bc"


def _valid_title(text: str) -> bool:
    try:
        return validate_title(text) == text
    except InvalidInput:
        return False


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(_valid_title))
def test_bibtex_any_valid_title_comes_back_from_pybtex_unchanged(title: str) -> None:
    paper = hostile_paper(title)
    entries = parse_string(render_bibtex(REAL, [paper]), "bibtex").entries
    assert latex_to_text(entries[paper.key].fields["title"]) == title


# --- JSON ----------------------------------------------------------------------------------

JSON_KEYS = ["key", "title", "venue", "venue_name", "venue_kind", "year", "links", "paper",
             "code", "authors", "arxiv", "doi", "openreview", "dblp"]


def test_json_is_an_array_of_the_documented_objects_for_every_paper() -> None:
    records = json.loads(render_json(REAL, REAL.papers))
    assert len(records) == 93
    for record, paper in zip(records, REAL.papers, strict=True):
        venue = REAL.venue(paper.venue)
        assert list(record) == JSON_KEYS
        assert record == {
            "key": paper.key, "title": paper.title, "venue": paper.venue,
            "venue_name": venue.name, "venue_kind": venue.kind, "year": paper.year,
            "links": [{"label": link.label, "url": link.url} for link in paper.links],
            "paper": paper.paper_url, "code": paper.code_url,
            "authors": [], "arxiv": None, "doi": None, "openreview": None, "dblp": None,
        }


def test_json_gives_null_for_a_paper_without_code() -> None:
    record = json.loads(render_json(REAL, [REAL.paper("constructing-deep-spiking-2023")]))[0]
    assert record["code"] is None and record["paper"].startswith("https://")


def test_json_keeps_unicode_unescaped_and_ends_with_a_newline() -> None:
    text = render_json(REAL, hostile_papers())
    assert "中文" in text and "🙂" in text and text.endswith("]\n")
    assert [r["title"] for r in json.loads(text)] == HOSTILE_TITLES


# --- CSV -----------------------------------------------------------------------------------

def test_csv_has_a_header_and_one_row_per_paper_through_csv_reader() -> None:
    rows = list(csv.reader(io.StringIO(render_csv(REAL, REAL.papers), newline="")))
    assert tuple(rows[0]) == CSV_HEADER
    assert len(rows) == 94
    for row, paper in zip(rows[1:], REAL.papers, strict=True):
        assert row == [paper.key, paper.title, paper.venue, str(paper.year), paper.paper_url,
                       paper.code_url or "", "", "", "", "", "", ""]


def test_csv_ends_every_record_with_crlf() -> None:
    text = render_csv(REAL, REAL.papers[:3])
    assert text.count("\r\n") == 4 and "\n" not in text.replace("\r\n", "")


def test_csv_quotes_commas_and_quotes_so_titles_come_back_unchanged() -> None:
    text = render_csv(REAL, hostile_papers())
    assert '"Comma, ""quotes"" and ; semicolon"' in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [row[1] for row in rows[1:]] == HOSTILE_TITLES


def test_csv_lists_links_other_than_paper_and_code_as_label_equals_url() -> None:
    paper = replace(REAL.papers[0], links=(
        Link("paper", "https://a.org/p"), Link("code", "https://github.com/x/y"),
        Link("arxiv", "https://arxiv.org/abs/2205.00459"), Link("slides", "https://a.org/s"),
    ))
    row = list(csv.reader(io.StringIO(render_csv(REAL, [paper]), newline="")))[1]
    assert row[4:7] == ["https://a.org/p", "https://github.com/x/y",
                        "arxiv=https://arxiv.org/abs/2205.00459; slides=https://a.org/s"]


def test_json_and_csv_carry_the_authors_and_identifiers() -> None:
    paper = replace(REAL.papers[0], authors=("Ann Author", "Ben Writer"), arxiv="2205.00459",
                    doi="10.1109/CVPR52688.2022.01212", openreview="abcdefgh12",
                    dblp="conf/cvpr/MengXYWLL22")
    record = json.loads(render_json(REAL, [paper]))[0]
    assert (record["authors"], record["arxiv"], record["doi"], record["openreview"], record["dblp"]) == (
        ["Ann Author", "Ben Writer"], "2205.00459", "10.1109/CVPR52688.2022.01212", "abcdefgh12",
        "conf/cvpr/MengXYWLL22")
    row = list(csv.reader(io.StringIO(render_csv(REAL, [paper]), newline="")))[1]
    assert row[7:] == ["Ann Author; Ben Writer", "2205.00459", "10.1109/CVPR52688.2022.01212",
                       "abcdefgh12", "conf/cvpr/MengXYWLL22"]


# --- all formats ---------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [("bibtex", ""), ("json", "[]\n"),
                                                ("csv", ",".join(CSV_HEADER) + "\r\n")])
def test_an_empty_selection_gives_an_empty_document(name: str, expected: str) -> None:
    assert EXPORT_FORMATS[name](REAL, []) == expected


@pytest.mark.parametrize("name", sorted(EXPORT_FORMATS))
def test_every_format_writes_exactly_the_filtered_papers_in_their_order(name: str) -> None:
    wanted = PaperFilter(venues=frozenset({"ICLR", "TNNLS"}), years=(2023, 2023))
    papers = list(reversed([p for p in REAL.papers if wanted.accepts(p)]))
    text = EXPORT_FORMATS[name](REAL, papers)
    if name == "bibtex":
        keys = list(parse_string(text, "bibtex").entries.keys())
    elif name == "json":
        keys = [record["key"] for record in json.loads(text)]
    else:
        keys = [row[0] for row in list(csv.reader(io.StringIO(text, newline="")))[1:]]
    assert keys == [p.key for p in papers] and len(keys) == 8
