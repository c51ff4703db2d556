"""``edit`` and ``remove`` on a catalog edited by hand on Windows (tests/data/hand-edited-crlf.toml:
CRLF line ends, quoted keys, a comment inside a paper's table, a key snn-papers does not know
and a sub-table of its own): each change rewrites exactly its lines, with the file's own line
ends and quoting, and nothing else. Cases that surviving mutants of ``catalog/_edit.py`` showed
no test held."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_helpers import invoke, load
from conftest import TESTS

SOURCE = TESTS / "data" / "hand-edited-crlf.toml"
ORIGINAL = SOURCE.read_bytes().decode("utf-8")

# (edit options, {old line: new line}; a new line of None removes the line, a key of None
#  inserts the new line after the line named in the value's first element)
EDITS = [
    (["--title", "Spiking First Paper, Edited"],
     {'"title" = "Spiking First Paper"': '"title" = "Spiking First Paper, Edited"'}),
    (["--paper", "https://openreview.net/forum?id=first-v2"],
     {'"paper" = "https://openreview.net/forum?id=first"': '"paper" = "https://openreview.net/forum?id=first-v2"'}),
    (["--code", "https://github.com/spikes/first-v2"],
     {'code = "https://github.com/spikes/first"': 'code = "https://github.com/spikes/first-v2"'}),
    (["--code", ""], {'code = "https://github.com/spikes/first"': None}),
    (["--year", "2022"], {"year = 2023": "year = 2022"}),
    (["--link", "arxiv=https://arxiv.org/abs/2301.00001"],
     {'code = "https://github.com/spikes/first"':
      'code = "https://github.com/spikes/first"\r\narxiv = "https://arxiv.org/abs/2301.00001"'}),
]


def _expected(changes: dict[str, str | None]) -> str:
    lines = ORIGINAL.split("\r\n")
    out = []
    seen = set()
    for line in lines:
        if line in changes and line not in seen:
            seen.add(line)
            if changes[line] is not None:
                out.append(changes[line])
            continue
        out.append(line)
    assert seen == set(changes)
    return "\r\n".join(out)


@pytest.fixture
def catalog_path(tmp_path: Path) -> Path:
    path = tmp_path / "papers.toml"
    shutil.copyfile(SOURCE, path)
    return path


@pytest.mark.parametrize(("options", "changes"), EDITS, ids=[o[0].strip("-") + "-" + str(n) for n, (o, _c) in enumerate(EDITS)])
def test_an_edit_rewrites_only_its_lines_with_the_files_line_ends_and_quotes(
        catalog_path: Path, options: list[str], changes: dict[str, str | None]) -> None:
    result = invoke("edit", "first-2023", *options, catalog=catalog_path)
    assert result.exit_code == 0, result.output
    assert catalog_path.read_bytes().decode("utf-8") == _expected(changes)
    paper = load(catalog_path).paper("first-2023")
    assert dict(paper.extra) == {"note": "keep me", "extra": {"slides": "https://spikes.example.org/first.pdf"}}


def test_an_edit_that_changes_nothing_writes_nothing(catalog_path: Path) -> None:
    result = invoke("edit", "first-2023", "--title", "Spiking First Paper", "--venue", "ICLR",
                    catalog=catalog_path)
    assert result.exit_code == 0, result.output
    assert catalog_path.read_bytes().decode("utf-8") == ORIGINAL


def test_remove_cuts_the_whole_table_with_its_sub_tables_and_nothing_else(catalog_path: Path) -> None:
    assert invoke("remove", "first-2023", "--yes", catalog=catalog_path).exit_code == 0
    start = ORIGINAL.index('"key" = "first-2023"')
    end = ORIGINAL.index("[[papers]]", start) + len("[[papers]]\r\n")
    assert catalog_path.read_bytes().decode("utf-8") == ORIGINAL[:start] + ORIGINAL[end:]
    assert [p.key for p in load(catalog_path).papers] == ["second-2023", "third-2023"]


def test_the_last_paper_is_removed_to_the_end_of_the_file(catalog_path: Path) -> None:
    assert invoke("remove", "third-2023", "--yes", catalog=catalog_path).exit_code == 0
    assert [p.key for p in load(catalog_path).papers] == ["first-2023", "second-2023"]
    start = ORIGINAL.index('\r\n[[papers]]\r\nkey = "third-2023"')
    assert catalog_path.read_bytes().decode("utf-8") == ORIGINAL[:start]  # its blank line above too


def test_links_added_to_a_paper_without_any_get_their_own_table_and_go_again(catalog_path: Path) -> None:
    """The third paper has no [papers.links]: the first link makes the table (after a blank
    line, with the file's line ends), the next joins it, and removing that one restores it."""
    paper = 'paper = "https://openreview.net/forum?id=third"'
    code = 'code = "https://github.com/spikes/third"'
    assert invoke("edit", "third-2023", "--paper", "https://openreview.net/forum?id=third",
                  catalog=catalog_path).exit_code == 0
    with_paper = ORIGINAL + f"\r\n[papers.links]\r\n{paper}\r\n"
    assert catalog_path.read_bytes().decode("utf-8") == with_paper
    assert invoke("edit", "third-2023", "--code", "https://github.com/spikes/third",
                  catalog=catalog_path).exit_code == 0
    assert catalog_path.read_bytes().decode("utf-8") == with_paper + f"{code}\r\n"
    assert invoke("edit", "third-2023", "--code", "", catalog=catalog_path).exit_code == 0
    assert catalog_path.read_bytes().decode("utf-8") == with_paper
