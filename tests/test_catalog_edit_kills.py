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


# --- the line editor at its edges, on a catalog typed by hand with LF line ends ---------------

HEAD = '[[venues]]\nabbr = "ICLR"\nname = "International Conference on Learning Representations"\n\n'
LONE = ('[[papers]]\nkey = "lone-2023"\n# typed by hand\ntitle = "A Lone Spiking Paper"  # keep\n'
        'venue = "ICLR"\nyear = 2023\n')
"""A paper with a comment line and a trailing comment: a table written whole loses both."""
NEXT = '\n[[papers]]\nkey = "next-2023"\ntitle = "The Next Spiking Paper"\nvenue = "ICLR"\nyear = 2023\n'
EXTRA = '\n[papers.extra]\nslides = "https://slides.example.org/lone.pdf"\n'

PAPER_URL = "https://openreview.net/forum?id=lone"
CODE_URL = "https://github.com/spikes/lone"

# (the paper's table before, its links after the edit, the table after: written out by hand)
LINE_EDITS = [
    (LONE, {"paper": PAPER_URL}, LONE + f'\n[papers.links]\npaper = "{PAPER_URL}"\n'),
    (LONE + EXTRA, {"paper": PAPER_URL}, LONE + f'\n[papers.links]\npaper = "{PAPER_URL}"\n' + EXTRA),
    (LONE + f'\n[papers.links]\ncode = "{CODE_URL}"\n', {}, LONE),
    (LONE + f'\n[papers.links]\ncode = "{CODE_URL}"\n' + EXTRA, {}, LONE + EXTRA),
    (LONE + '\n[papers.links]\n"paper" = """https://old.example.org/lone"""\n', {"paper": PAPER_URL},
     LONE + f'\n[papers.links]\npaper = "{PAPER_URL}"\n'),
]


@pytest.mark.parametrize(("before", "links", "after"), LINE_EDITS,
                         ids=["first-link", "first-link-before-a-sub-table", "last-link-removed",
                              "last-link-removed-before-a-sub-table", "link-in-an-unusual-string"])
def test_links_made_or_emptied_by_an_edit_change_only_their_own_lines(
        tmp_path: Path, before: str, links: dict[str, str], after: str) -> None:
    """Through the catalog's writer (the CLI refuses a paper with no link; the library does not)."""
    from dataclasses import replace

    from awesome_snn import catalog
    from awesome_snn.model import Link

    path = tmp_path / "papers.toml"
    path.write_text(HEAD + before + NEXT, encoding="utf-8")
    with catalog.writing(path) as writer:
        old = writer.view.paper(0)
        writer.edit("lone-2023", replace(old, links=tuple(Link(k, v) for k, v in links.items())))
    assert path.read_text(encoding="utf-8") == HEAD + after + NEXT


def test_a_table_written_whole_keeps_the_files_lf_line_ends(tmp_path: Path) -> None:
    """An inline links table is a layout the line editor leaves alone: the paper is written
    whole, with the file's own line ends."""
    path = tmp_path / "papers.toml"
    inline = ('[[papers]]\nkey = "inline-2023"\ntitle = "An Inline Spiking Paper"\nvenue = "ICLR"\n'
              'year = 2023\nlinks = { paper = "https://openreview.net/forum?id=inline" }\n')
    path.write_text(HEAD + inline + NEXT, encoding="utf-8")
    result = invoke("edit", "inline-2023", "--code", "https://github.com/spikes/inline", catalog=path)
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert b"\r" not in data and data.startswith(HEAD.encode()) and data.endswith(NEXT.encode())
    assert dict((link.label, link.url) for link in load(path).paper("inline-2023").links) == {
        "paper": "https://openreview.net/forum?id=inline", "code": "https://github.com/spikes/inline"}


def test_a_venue_given_to_a_paper_without_one_is_written(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_text(HEAD + '[[papers]]\nkey = "free-2023"\ntitle = "A Free Spiking Paper"\nyear = 2023\n'
                    '\n[papers.links]\npaper = "https://openreview.net/forum?id=free"\n' + NEXT, encoding="utf-8")
    result = invoke("edit", "free-2023", "--venue", "ICLR", catalog=path)
    assert result.exit_code == 0, result.output
    assert load(path).paper("free-2023").venue == "ICLR"
    assert path.read_text(encoding="utf-8").endswith(NEXT)


def test_a_paper_table_without_a_key_line_is_edited_in_place_without_adding_one() -> None:
    from awesome_snn.catalog._edit import new_block
    from awesome_snn.model import Paper

    block = b'[[papers]]\n# by hand\ntitle = "A Keyless Spiking Paper"\nvenue = "ICLR"\nyear = 2023\n'
    old = Paper("", "A Keyless Spiking Paper", "ICLR", 2023)
    new = Paper("", "A Keyless Spiking Paper", "ICLR", 2022)
    assert new_block(block, 0, len(block), old, new, {"ICLR"}, "papers.toml") == block.replace(b"2023", b"2022")


SPACED = ('[[papers]]\nkey = "lone-2023"\ntitle = "A Lone Spiking Paper"\nvenue = "ICLR"\nyear = 2023\n'
          '\n[ papers . links ]\npaper = "https://openreview.net/forum?id=lone"\n')
"""TOML allows spaces around the dots of a table's name: this is still the paper's links table."""


def test_a_links_header_written_with_spaces_is_edited_as_the_papers_own(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_text(HEAD + SPACED + NEXT, encoding="utf-8")
    assert invoke("edit", "lone-2023", "--paper", "https://openreview.net/forum?id=lone-v2",
                  catalog=path).exit_code == 0
    assert path.read_text(encoding="utf-8") == HEAD + SPACED.replace("id=lone", "id=lone-v2") + NEXT


def test_remove_takes_a_links_table_written_with_spaces_along(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_text(HEAD + SPACED + NEXT, encoding="utf-8")
    assert invoke("remove", "lone-2023", "--yes", catalog=path).exit_code == 0
    assert path.read_text(encoding="utf-8") == HEAD + NEXT.lstrip("\n")


def test_the_writer_refuses_a_paper_that_would_not_read_back_and_changes_nothing(tmp_path: Path) -> None:
    """A link that is not http(s) makes a table that reads back with a problem: refused."""
    from dataclasses import replace

    from awesome_snn import catalog
    from awesome_snn.errors import WriteFailed
    from awesome_snn.model import Link

    path = tmp_path / "papers.toml"
    path.write_text(HEAD + SPACED + NEXT, encoding="utf-8")
    with pytest.raises(WriteFailed) as refused, catalog.writing(path) as writer:
        writer.edit("lone-2023", replace(writer.view.paper(0), links=(Link("paper", "ftp://a.org/lone"),)))
    assert str(refused.value) == (f"{path}: lone-2023 could not be written as TOML that reads back the"
                                  " same; nothing was changed")
    assert path.read_text(encoding="utf-8") == HEAD + SPACED + NEXT


QUOTED_VENUE = "\n[['venues']]\nabbr = 'NeurIPS'\nname = 'Neural Information Processing Systems'\n"
"""A table named in single quotes (a TOML literal-string key) after the paper: another table."""


UNICODE_TABLE = '\n["über"]\nnote = "a table of the list\'s own, named with a non-ASCII letter"\n'


PUNCTUATION_TABLE = '\n["c++ notes"]  # a name with what no bare key has\nnote = "kept"\n'


@pytest.mark.parametrize("table", [QUOTED_VENUE, UNICODE_TABLE, PUNCTUATION_TABLE],
                         ids=["single-quoted", "non-ascii", "punctuation"])
@pytest.mark.parametrize("command", ["edit", "remove"])
def test_a_table_named_in_quotes_ends_the_paper_before_it(tmp_path: Path, table: str, command: str) -> None:
    path = tmp_path / "papers.toml"
    path.write_text(HEAD + SPACED + table, encoding="utf-8")
    if command == "edit":
        result = invoke("edit", "lone-2023", "--year", "2022", catalog=path)
        after = HEAD + SPACED.replace("2023\n", "2022\n", 1) + table
    else:
        result = invoke("remove", "lone-2023", "--yes", catalog=path)
        after = HEAD + table.lstrip("\n")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == after


QUOTES_TITLE = ('[[papers]]\nkey = "lone-2023"\ntitle = """A Paper on "Quotes""""  # a 5" screen, \'\'\'\n'
                'venue = "ICLR"\nyear = 2023\n\n[papers.links]\npaper = "https://openreview.net/forum?id=lone"\n')
"""A multi-line string on one line whose text ends with a quote (four quotes close it), then
a comment with a quote and three apostrophes: no string is open after that line."""


def test_a_string_closed_by_four_quotes_leaves_no_string_open(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_text(HEAD + QUOTES_TITLE + NEXT, encoding="utf-8")
    result = invoke("remove", "lone-2023", "--yes", catalog=path)
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == HEAD + NEXT.lstrip("\n")


def test_a_links_table_named_with_quotes_is_written_whole_when_its_links_change(tmp_path: Path) -> None:
    """``[papers."links"]`` is the links table to TOML, not to the line editor: the edit it
    tries does not read back, and the paper is written whole instead."""
    path = tmp_path / "papers.toml"
    quoted = SPACED.replace("[ papers . links ]", '[papers."links"]')
    path.write_text(HEAD + quoted + NEXT, encoding="utf-8")
    result = invoke("edit", "lone-2023", "--paper", "https://openreview.net/forum?id=lone-v2", catalog=path)
    assert result.exit_code == 0, result.output
    assert [(link.label, link.url) for link in load(path).paper("lone-2023").links] == [
        ("paper", "https://openreview.net/forum?id=lone-v2")]
    text = path.read_text(encoding="utf-8")
    assert text.startswith(HEAD) and text.endswith(NEXT)


def test_a_paper_table_the_editor_cannot_cut_out_alone_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    """An array of arrays written one inner array a line, in a key of the paper's own: the
    line ``  ["a"]`` looks like a table header to the editor, which then cannot prove it has
    the whole table, and says so rather than guess."""
    path = tmp_path / "papers.toml"
    grid = SPACED.replace("year = 2023\n", 'year = 2023\ngrid = [\n  ["a"]\n]\n', 1)
    path.write_text(HEAD + grid + NEXT, encoding="utf-8")
    result = invoke("edit", "lone-2023", "--year", "2022", catalog=path)
    assert result.exit_code == 2
    assert result.stderr == (f"snn-papers: error: {path}: the table of lone-2023 could not be found where"
                             " the catalog was read (was the file changed by hand meanwhile?); nothing"
                             " was changed\n")
    assert path.read_text(encoding="utf-8") == HEAD + grid + NEXT
