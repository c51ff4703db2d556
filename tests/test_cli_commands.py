"""Scenario tests of the everyday commands, through the real CLI on a catalog in tmp_path."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from cli_helpers import TERMINAL, invoke, json_of, load

NEW_TITLE = "Spiking Diffusion Models for Event Cameras"
NEW_URL = "https://openreview.net/forum?id=spikediff"


def run(catalog: Path | None, *args: str):
    return invoke(*args, catalog=catalog)


def add_new(catalog: Path, *more: str):
    return run(catalog, "add", "--venue", "ICLR", "--year", "2023", "--title", NEW_TITLE,
               "--paper", NEW_URL, *more)


def test_add_search_list_export_remove_scenario(catalog_file: Path) -> None:
    added = add_new(catalog_file, "--code", "https://github.com/x/spikediff")
    assert added.exit_code == 0, added.output
    assert "Added spiking-diffusion-models-2023" in added.output

    found = run(catalog_file, "search", "spiking", "diffusion", "--json")
    assert found.exit_code == 0
    assert json_of(found, "search")[0]["key"] == "spiking-diffusion-models-2023"

    listed = run(catalog_file, "list", "--venue", "iclr", "--json")
    assert [p["key"] for p in json_of(listed, "list")][:1] == ["bridging-gap-between-2023"]
    assert "spiking-diffusion-models-2023" in [p["key"] for p in json_of(listed, "list")]
    text_list = invoke("list", "--venue", "ICLR", catalog=catalog_file, env=TERMINAL)
    assert "ICLR (International Conference on Learning Representations)  (10)" in text_list.stdout
    assert "spiking-diffusion-models-2023" in text_list.stdout

    exported = run(catalog_file, "export").stdout
    iclr_2023 = exported.split("## ICLR (International Conference on Learning Representations)")[1]
    iclr_2023 = iclr_2023.split("\n## ")[0]
    assert f"- {NEW_TITLE} \\[[paper]({NEW_URL})\\]" in iclr_2023
    assert exported.index(NEW_TITLE) < exported.index("\n# 2022\n")

    removed = run(catalog_file, "remove", "spiking-diffusion-models-2023", "--yes")
    assert removed.exit_code == 0
    assert run(catalog_file, "search", "diffusion").exit_code == 1
    assert NEW_TITLE not in run(catalog_file, "export").stdout


def test_add_leaves_the_rest_of_the_file_byte_for_byte(catalog_file: Path) -> None:
    hand = catalog_file.read_text(encoding="utf-8").replace(
        "[[papers]]\n", "# a maintainer's comment\n[[papers]]\n", 1) + "\n\n# trailing note\n"
    catalog_file.write_text(hand, encoding="utf-8")
    assert add_new(catalog_file).exit_code == 0
    after = catalog_file.read_text(encoding="utf-8")
    assert after.startswith(hand)
    assert after[len(hand):].count("[[papers]]") == 1


def test_add_registers_a_new_venue_with_venue_name(catalog_file: Path) -> None:
    result = run(catalog_file, "add", "--venue", "TCDS", "--venue-name",
                 "IEEE Transactions on Cognitive and Developmental Systems", "--journal",
                 "--year", "2023", "--title", "A Spiking Paper", "--paper", "https://ieeexplore.ieee.org/document/1")
    assert result.exit_code == 0, result.output
    catalog = load(catalog_file)
    venue = catalog.venue("TCDS")
    assert venue is not None and venue.kind == "journal"
    assert "TCDS (IEEE Transactions on Cognitive and Developmental Systems)" in run(catalog_file, "export").stdout


def test_add_accepts_a_well_known_venue_the_catalog_has_not_used(catalog_file: Path) -> None:
    result = run(catalog_file, "add", "--venue", "iccv", "--year", "2023", "--title", "A Spiking Paper",
                 "--paper", "https://a.org/iccv")
    assert result.exit_code == 0, result.output
    catalog = load(catalog_file)
    assert catalog.papers[-1].venue == "ICCV" and catalog.venue("ICCV").name.startswith("IEEE International")


@pytest.mark.parametrize("title", [
    "Spikformer: When Spiking Neural Network Meets Transformer",
    "spikformer when spiking neural network meets transformer",
    "Spikformer - When Spiking Neural Networks Meet Transformer",
])
def test_add_refuses_fuzzy_duplicate(catalog_file: Path, title: str) -> None:
    before = catalog_file.read_bytes()
    result = run(catalog_file, "add", "--venue", "ICLR", "--year", "2023", "--title", title,
                 "--paper", "https://a.org/other")
    assert result.exit_code == 1
    assert "spikformer-2023 already has the same title" in result.output or (
        "spikformer-2023 already has a very similar title" in result.output)
    assert catalog_file.read_bytes() == before


def test_add_refuses_a_paper_sharing_a_url(catalog_file: Path) -> None:
    result = run(catalog_file, "add", "--venue", "ICLR", "--year", "2023", "--title", "Another title",
                 "--paper", "http://www.openreview.net/forum/?id=frE4fUwz_h")
    assert result.exit_code == 1
    assert "spikformer-2023 already has the same URL" in result.output


def test_add_force_adds_a_duplicate_anyway(catalog_file: Path) -> None:
    result = run(catalog_file, "add", "--venue", "ICLR", "--year", "2023", "--title",
                 "Spikformer: When Spiking Neural Network Meets Transformer", "--paper",
                 "https://a.org/x", "--force")
    assert result.exit_code == 0
    catalog = load(catalog_file)
    assert catalog.papers[-1].key == "spikformer-2023-b"


def test_keys_stay_the_same_when_papers_come_and_go(catalog_file: Path) -> None:
    before = {p.title: p.key for p in load(catalog_file).papers}
    run(catalog_file, "remove", "spikformer-2023", "--yes")
    add_new(catalog_file)
    after = {p.title: p.key for p in load(catalog_file).papers}
    assert all(after[t] == k for t, k in before.items() if t in after)


def test_add_without_a_terminal_and_missing_fields_fails_with_exit_2(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    result = run(catalog_file, "add", "--venue", "ICLR", "--year", "2023")
    assert result.exit_code == 2
    assert "missing --title" in result.output and "not a terminal" in result.output
    assert catalog_file.read_bytes() == before


@pytest.mark.parametrize(("args", "message"), [
    (["--title", "", "--paper", "https://a.org"], "title is empty"),
    (["--title", "Line\nbreak", "--paper", "https://a.org"], "one line"),
    (["--title", "Tab\there", "--paper", "https://a.org"], "control character"),
    (["--title", "x" * 301, "--paper", "https://a.org"], "at most 300"),
    (["--title", "Fine", "--paper", "ftp://a.org/x"], "http"),
    (["--title", "Fine", "--paper", "https://"], "no host"),
    (["--title", "Fine", "--paper", "a.org/x"], "http"),
    (["--title", "Fine", "--paper", "https://a.org", "--code", "javascript:alert(1)"], "http"),
    (["--title", "Fine", "--paper", "https://a.org", "--link", "nolabel"], "label=URL"),
    (["--title", "Fine", "--paper", "https://a.org", "--link", "=https://b.org"], "label is empty"),
])
def test_add_validates_each_field_with_exit_2(catalog_file: Path, args: list[str], message: str) -> None:
    before = catalog_file.read_bytes()
    result = run(catalog_file, "add", "--venue", "ICLR", "--year", "2023", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert catalog_file.read_bytes() == before


@pytest.mark.parametrize("year", ["99", "20233", "abc", "-1", "1949", "2999"])
def test_add_rejects_bad_years(catalog_file: Path, year: str) -> None:
    result = run(catalog_file, "add", "--venue", "ICLR", "--year", year, "--title", "Fine",
                 "--paper", "https://a.org")
    assert result.exit_code == 2
    assert "year" in result.output


def test_unknown_venue_suggests_the_nearest(catalog_file: Path) -> None:
    result = run(catalog_file, "add", "--venue", "ICLRR", "--year", "2023", "--title", "Fine",
                 "--paper", "https://a.org")
    assert result.exit_code == 2
    assert "Unknown venue 'ICLRR'. Did you mean ICLR" in result.output


@pytest.mark.parametrize(("alias", "abbr"), [("nips", "NeurIPS"), ("tpami", "PAMI"), ("tcyb", "IEEE TCYB"),
                                             ("Neural-Networks", "Neural Networks")])
def test_venue_aliases_resolve_in_filters(alias: str, abbr: str) -> None:
    result = run(None, "list", "--venue", alias, "--json")
    assert result.exit_code == 0
    assert {p["venue"] for p in json_of(result)} == {abbr}


def test_search_with_no_match_exits_1_with_one_line_on_stderr() -> None:
    result = run(None, "search", "zebra", "giraffe")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.strip().count("\n") == 0 and "no paper matches" in result.stderr


def test_search_table_shows_title_venue_year_code_with_the_key_under_the_title() -> None:
    result = run(None, "search", "spiking", "transformer", "--limit", "3")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    first_row = next(n for n, line in enumerate(lines) if "Spikformer: When Spiking" in line)
    assert "ICLR" in lines[first_row] and "2023" in lines[first_row] and "yes" in lines[first_row]
    assert lines[first_row + 1].strip() == "spikformer-2023"


def test_search_filters_venue_year_and_code() -> None:
    result = run(None, "search", "spiking", "--venue", "CVPR", "--year", "2022..2022", "--has-code", "--json")
    papers = json_of(result)
    assert papers and all(p["venue"] == "CVPR" and p["year"] == 2022 and p["code"] for p in papers)


def test_venues_shows_counts_per_year_and_total() -> None:
    result = run(None, "venues", "--json")
    data = {v["abbr"]: v for v in json_of(result)}
    assert data["NeurIPS"]["per_year"] == {"2022": 19} and data["NeurIPS"]["total"] == 19
    assert data["CVPR"]["per_year"] == {"2023": 2, "2022": 6}
    assert sum(v["total"] for v in data.values()) == 93
    table = run(None, "venues").stdout
    assert "Conference on Neural Information Processing Systems" in table


def test_show_prints_every_link_and_unknown_keys_suggest_the_closest() -> None:
    shown = run(None, "show", "spikformer-2023")
    assert "https://openreview.net/forum?id=frE4fUwz_h" in shown.stdout
    assert "https://github.com/ZK-Zhou/spikformer" in shown.stdout
    missing = run(None, "show", "spikformer")
    assert missing.exit_code == 2 and "Did you mean spikformer-2023" in missing.output


def test_edit_changes_fields_keeps_the_key_and_the_rest_of_the_file(catalog_file: Path) -> None:
    before = catalog_file.read_text(encoding="utf-8")
    result = run(catalog_file, "edit", "spikformer-2023", "--title", "Spikformer: A New Title",
                 "--link", "arxiv=https://arxiv.org/abs/2209.15425")
    assert result.exit_code == 0, result.output
    catalog = load(catalog_file)
    paper = catalog.paper("spikformer-2023")
    assert paper.title == "Spikformer: A New Title"
    assert paper.link("arxiv") == "https://arxiv.org/abs/2209.15425"
    after = catalog_file.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line[:1] in "+-"]
    assert changed == ['- title = "Spikformer: When Spiking Neural Network Meets Transformer"',
                       '+ title = "Spikformer: A New Title"',
                       '+ arxiv = "https://arxiv.org/abs/2209.15425"']


def test_edit_removes_a_link_with_an_empty_url(catalog_file: Path) -> None:
    assert run(catalog_file, "edit", "spikformer-2023", "--code", "").exit_code == 0
    assert not load(catalog_file).paper("spikformer-2023").has_code


def test_edit_validates_like_add_and_refuses_duplicates(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    assert run(catalog_file, "edit", "spikformer-2023", "--year", "20233").exit_code == 2
    dup = run(catalog_file, "edit", "spikformer-2023", "--title",
              "Spiking Transformers for Event-Based Single Object Tracking")
    assert dup.exit_code == 1
    assert run(catalog_file, "edit", "spikformer-2023").exit_code == 2
    assert catalog_file.read_bytes() == before


def test_remove_without_terminal_needs_yes(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    result = run(catalog_file, "remove", "spikformer-2023")
    assert result.exit_code == 2 and "--yes" in result.output
    assert catalog_file.read_bytes() == before


def test_remove_cuts_only_that_papers_table(catalog_file: Path) -> None:
    before = catalog_file.read_text(encoding="utf-8")
    assert run(catalog_file, "remove", "fast-snn-2023", "--yes").exit_code == 0
    after = catalog_file.read_text(encoding="utf-8")
    block = before[before.index('[[papers]]\nkey = "fast-snn-2023"'):]
    block = block[: block.index("[[papers]]", 5)]
    assert after == before.replace(block, "")


@pytest.mark.parametrize("command", ["add", "edit spikformer-2023 --title X", "remove spikformer-2023 --yes",
                                     "import tests/data/seed-2023.md"])
def test_writes_to_the_shipped_catalog_are_refused(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SNN_PAPERS_CATALOG")  # the shipped catalog itself
    result = invoke(*command.split())
    assert result.exit_code == 2
    assert "read-only" in result.output and "--catalog PATH" in result.output


COMMANDS = ["init", "import", "export", "search", "list", "venues", "show", "add", "edit", "remove"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_has_a_summary_and_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example: snn-papers " + command in result.stdout
    top = invoke("--help").stdout
    assert command in top


# Commands run without --catalog read the seed catalog (a copy): the papers these tests name.
pytestmark = pytest.mark.usefixtures("seed_catalog")


def test_edit_drops_the_line_as_written_so_the_readme_shows_the_edit(tmp_path: Path) -> None:
    from conftest import SHIPPED

    path = tmp_path / "papers.toml"
    shutil.copyfile(SHIPPED, path)
    written = ("- Pretraining with Re-parametrized Self-Attention: Unlocking Generalizationin  SNN-Based"
               " Neural Decoding Across Time, Brains, and Tasks"
               " [[paper](https://openreview.net/attachment?id=ZsvGCzpaVD&name=pdf)]")
    assert f"\n{written}\n" in invoke("export", "--catalog", path).stdout
    fixed = ("Pretraining with Re-parametrized Self-Attention: Unlocking Generalization in SNN-Based"
             " Neural Decoding Across Time, Brains, and Tasks")
    result = invoke("edit", "pretraining-re-parametrized-2026", "--title", fixed, "--catalog", path)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "as_written" not in text.split('key = "pretraining-re-parametrized-2026"')[1].split("[[papers]]")[0]
    readme = invoke("export", "--catalog", path).stdout
    assert f"\n- {fixed} [[paper](https://openreview.net/attachment?id=ZsvGCzpaVD&name=pdf)]\n" in readme
    assert written not in readme
