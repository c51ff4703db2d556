"""Which catalog a command works on, and what it says about it (issue 12, items 1-4): the
shipped catalog is named when a file is written from it, hints repeat the --catalog given,
export refuses an invalid catalog, every writer refuses a read-only file, and edit keeps
a paper's paper link as add requires it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_helpers import invoke, load

SHIPPED_NOTE = "using the catalog shipped with snn-papers"
BROKEN = ('\n[[papers]]\nkey = "quoted-year-2023"\ntitle = "A Paper With A Quoted Year"\n'
          'venue = "ICLR"\nyear = "2023"\n'
          '\n[[papers]]\nkey = "unknown-venue-2023"\ntitle = "A Paper At No Known Venue"\n'
          'venue = "NOPE"\nyear = 2023\n')


@pytest.fixture
def outside_any_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder that is a repository of its own without a catalog: commands fall back to
    the shipped one."""
    folder = tmp_path / "elsewhere"
    (folder / ".git").mkdir(parents=True)
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def broken_catalog(catalog_file: Path) -> Path:
    """The shipped catalog with two invalid papers at its end (a quoted year, an unknown
    venue): lines 968 and 974 of the file."""
    with catalog_file.open("a", encoding="utf-8") as file:
        file.write(BROKEN)
    lines = catalog_file.read_text(encoding="utf-8").splitlines()
    assert lines[967] == lines[973] == "[[papers]]"
    return catalog_file


# --- 1. the shipped catalog, named when a file is written from it ---------------------------

@pytest.mark.parametrize("fmt", ["markdown", "html", "bibtex"])
def test_export_to_a_file_from_the_shipped_catalog_says_so(outside_any_list: Path, fmt: str) -> None:
    result = invoke("export", "--format", fmt, "-o", "out.txt")
    assert result.exit_code == 0, result.output
    assert SHIPPED_NOTE in result.stderr
    assert (outside_any_list / "out.txt").stat().st_size > 0


def test_export_from_a_list_catalog_or_to_stdout_says_nothing_of_the_shipped_one(
        outside_any_list: Path, catalog_file: Path) -> None:
    printed = invoke("export")
    assert printed.exit_code == 0 and SHIPPED_NOTE not in printed.stderr
    given = invoke("export", "-o", "README.md", catalog=catalog_file)
    assert given.exit_code == 0 and SHIPPED_NOTE not in given.stderr
    (outside_any_list / "papers.toml").write_bytes(catalog_file.read_bytes())
    found = invoke("export", "-o", "README.md")  # the list's own papers.toml
    assert found.exit_code == 0 and SHIPPED_NOTE not in found.stderr


# --- 1. hints repeat the --catalog the user gave --------------------------------------------

def test_export_check_hint_repeats_the_catalog_and_the_options_given(tmp_path: Path,
                                                                      catalog_file: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("stale\n", encoding="utf-8")
    result = invoke("export", "--check", readme, catalog=catalog_file)
    assert result.exit_code == 1
    assert f"run `snn-papers export --catalog {catalog_file} -o {readme}`" in result.stderr
    page = tmp_path / "page.html"
    html = invoke("export", "--format", "html", "--venue", "ICLR", "--check", page, catalog=catalog_file)
    assert html.exit_code == 1
    assert (f"`snn-papers export --catalog {catalog_file} --format html --venue ICLR -o {page}`"
            in html.stderr)
    # Following the hint makes the file what export writes.
    assert invoke("export", "-o", readme, catalog=catalog_file).exit_code == 0
    assert invoke("export", "--check", readme, catalog=catalog_file).exit_code == 0


def test_check_readme_hint_repeats_the_catalog_given(tmp_path: Path, catalog_file: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("stale\n", encoding="utf-8")
    result = invoke("check", "--readme", readme, catalog=catalog_file)
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "[readme-outdated]" in line)
    assert f"run `snn-papers export --catalog {catalog_file} -o {readme}`" in line


def test_a_hint_names_no_catalog_when_none_was_given(outside_any_list: Path, catalog_file: Path) -> None:
    (outside_any_list / "papers.toml").write_bytes(catalog_file.read_bytes())
    (outside_any_list / "README.md").write_text("stale\n", encoding="utf-8")
    result = invoke("export", "--check", "README.md")
    assert result.exit_code == 1
    assert "run `snn-papers export -o README.md`" in result.stderr


# --- 2. export refuses an invalid catalog ----------------------------------------------------

@pytest.mark.parametrize("fmt", ["markdown", "html", "bibtex", "json", "csv"])
def test_export_refuses_a_catalog_with_invalid_records_and_writes_nothing(
        tmp_path: Path, broken_catalog: Path, fmt: str) -> None:
    out = tmp_path / "README.md"
    out.write_text("the list as it was\n", encoding="utf-8")
    for args in (["-o", out], []):
        result = invoke("export", "--format", fmt, *args, catalog=broken_catalog)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert out.read_text(encoding="utf-8") == "the list as it was\n"
        lines = result.stderr.splitlines()
        assert len(lines) == 3
        assert lines[0].startswith(f"{broken_catalog}:968: error: quoted-year-2023: year ")
        assert lines[0].endswith(" [invalid-year]")
        assert lines[1].startswith(f"{broken_catalog}:974: error: unknown-venue-2023: venue 'NOPE' ")
        assert lines[1].endswith(" [unknown-venue]")
        assert lines[2].startswith("snn-papers: error: ") and "2 invalid record(s)" in lines[2]


def test_export_lists_the_problems_as_check_does(broken_catalog: Path) -> None:
    exported = invoke("export", catalog=broken_catalog)
    checked = invoke("check", catalog=broken_catalog)
    errors = [line for line in checked.stdout.splitlines() if ": error: " in line]
    assert exported.stderr.splitlines()[:-1] == errors


def test_export_check_of_an_invalid_catalog_fails_instead_of_calling_the_readme_current(
        tmp_path: Path, catalog_file: Path) -> None:
    readme = tmp_path / "README.md"
    assert invoke("export", "-o", readme, catalog=catalog_file).exit_code == 0
    before = readme.read_bytes()
    with catalog_file.open("a", encoding="utf-8") as file:
        file.write(BROKEN)
    result = invoke("export", "--check", readme, catalog=catalog_file)
    assert result.exit_code == 2
    assert "up to date" not in result.output and "[invalid-year]" in result.stderr
    assert readme.read_bytes() == before


# --- 3. every writer refuses a read-only catalog ---------------------------------------------

WRITERS = {
    "add": ["add", "--venue", "ICLR", "--year", "2023", "--title", "A New Read Only Test Paper",
            "--paper", "https://example.org/read-only"],
    "edit": ["edit", "spikformer-2023", "--title", "Spikformer Renamed"],
    "remove": ["remove", "spikformer-2023", "--yes"],
    "check --fix": ["check", "--fix"],
    "import --catalog": ["import", "LIST"],
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_every_writer_refuses_a_read_only_catalog_by_name(tmp_path: Path, catalog_file: Path,
                                                         writer: str) -> None:
    listing = tmp_path / "list.md"
    listing.write_text("# 2023\n\n## ICLR\n\n- A Paper Only The List Has [[paper](https://example.org/l)]\n",
                       encoding="utf-8")
    args = [str(listing) if arg == "LIST" else arg for arg in WRITERS[writer]]
    before = catalog_file.read_bytes()
    catalog_file.chmod(0o444)
    try:
        result = invoke(*args, catalog=catalog_file)
    finally:
        catalog_file.chmod(0o644)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"snn-papers: error: {catalog_file}: ")
    assert "read-only" in result.stderr and result.stderr.count("\n") == 1
    assert catalog_file.read_bytes() == before
    assert sorted(os.listdir(catalog_file.parent)) == ["list.md", "papers.toml"]


# --- 4. edit keeps the paper link add requires -----------------------------------------------

@pytest.mark.parametrize("args", [["--paper", ""], ["--paper", "", "--code", ""]])
def test_edit_cannot_take_a_papers_paper_link_away(catalog_file: Path, args: list[str]) -> None:
    before = catalog_file.read_bytes()
    result = invoke("edit", "spikformer-2023", *args, catalog=catalog_file)
    assert result.exit_code == 2
    assert result.stderr.startswith("snn-papers: error: a paper keeps its paper link")
    assert catalog_file.read_bytes() == before
    assert load(catalog_file).paper("spikformer-2023").paper_url == \
        "https://openreview.net/forum?id=frE4fUwz_h"


def test_edit_cannot_leave_a_paper_without_any_link(tmp_path: Path) -> None:
    """A paper imported with only a code link keeps one link."""
    catalog_file = tmp_path / "c.toml"
    listing = tmp_path / "list.md"
    listing.write_text("# 2023\n\n## ICLR\n\n- Only Code Here [[code](https://github.com/a/b)]\n",
                       encoding="utf-8")
    assert invoke("import", listing, "-o", catalog_file).exit_code == 0
    (paper,) = load(catalog_file).papers
    before = catalog_file.read_bytes()
    result = invoke("edit", paper.key, "--code", "", catalog=catalog_file)
    assert result.exit_code == 2 and "a paper needs a link" in result.stderr
    assert catalog_file.read_bytes() == before


def test_edit_still_replaces_the_paper_link_and_removes_others(catalog_file: Path) -> None:
    result = invoke("edit", "spikformer-2023", "--paper", "https://example.org/new",
                    "--code", "", catalog=catalog_file)
    assert result.exit_code == 0, result.output
    paper = load(catalog_file).paper("spikformer-2023")
    assert [(link.label, link.url) for link in paper.links] == [("paper", "https://example.org/new")]


# --- a list's first catalog --------------------------------------------------------------------

LIST = "# Spikes\n\n# 2025\n\n## ICLR\n\n- One [[paper](https://a.org/1)]\n"


def test_import_in_a_list_repository_without_a_catalog_makes_data_papers_toml_at_its_root(
        outside_any_list: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (outside_any_list / "README.md").write_text(LIST, encoding="utf-8")
    (outside_any_list / "docs").mkdir()
    monkeypatch.chdir(outside_any_list / "docs")
    result = invoke("import", "../README.md")
    assert result.exit_code == 0, result.output
    made = outside_any_list / "data" / "papers.toml"
    assert f"wrote 1 to {made}" in result.output
    assert [p.title for p in load(made).papers] == ["One"]
    # every command inside the repository finds it now; importing again merges, adds nothing
    monkeypatch.chdir(outside_any_list)
    assert invoke("export", "--check", "README.md").exit_code == 0
    again = invoke("import", "README.md")
    assert again.exit_code == 0 and f"wrote 0 to {made}" in again.output


def test_import_outside_any_repository_makes_data_papers_toml_in_the_current_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "list.md").write_text(LIST, encoding="utf-8")
    monkeypatch.chdir(folder)
    result = invoke("import", "list.md")
    assert result.exit_code == 0, result.output
    assert (folder / "data" / "papers.toml").is_file()


def test_import_where_the_data_folder_cannot_be_made_is_one_line_and_writes_nothing(
        outside_any_list: Path) -> None:
    (outside_any_list / "README.md").write_text(LIST, encoding="utf-8")
    (outside_any_list / "data").write_text("a file, not a folder", encoding="utf-8")
    result = invoke("import", "README.md")
    assert result.exit_code != 0
    assert result.output.count("\n") == 1 and "data" in result.output and "-o PATH" in result.output
    assert (outside_any_list / "data").read_text(encoding="utf-8") == "a file, not a folder"
