"""The CLI's one boundary: errors, a closed stdout, Ctrl-C, the JSON envelope, --version and
-h, text from a catalog never read as markup, and the layering (only cli.py and render.py
touch Typer and Rich; command bodies print nothing)."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from cli_helpers import (
    REPO,
    command_line,
    invoke,
    json_of,
    link_server,  # noqa: F401 - a fixture
    process_env,
    run_process,
)

from awesome_snn import __version__

# --- errors --------------------------------------------------------------------------------

@pytest.mark.parametrize("command", [["search", "spiking"], ["show", "spikformer-2023"], ["list"],
                                     ["venues"], ["stats"], ["export"], ["check"]])
def test_a_folder_as_the_catalog_is_one_error_line_and_exit_2(tmp_path: Path, command: list[str]) -> None:
    """`SNN_PAPERS_CATALOG=. snn-papers search spiking` printed a traceback."""
    result = run_process(*command, env={"SNN_PAPERS_CATALOG": "."}, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith("snn-papers: error: ")
    assert result.stderr.count("\n") == 1 and "is a folder" in result.stderr


def test_errors_are_one_line_on_stderr_in_process(tmp_path: Path) -> None:
    result = invoke("search", "spiking", catalog=tmp_path / "missing.toml")
    assert result.exit_code == 2
    assert result.stdout == "" and result.stderr.startswith("snn-papers: error: ")
    assert result.stderr.count("\n") == 1


def test_an_unknown_option_is_a_usage_error_with_exit_2() -> None:
    result = invoke("search", "x", "--no-such-option")
    assert result.exit_code == 2 and "No such option" in result.output


# --- a closed stdout -----------------------------------------------------------------------

PRINTING = [
    ["search", "spiking"],
    ["search", "spiking", "--json"],
    ["list"],
    ["list", "--json"],
    ["venues"],
    ["show", "spikformer-2023"],
    ["stats"],
    ["export"],
    ["export", "--format", "html"],
    ["export", "--format", "bibtex"],
    ["check"],
    ["--help"],
]


@pytest.mark.parametrize("command", PRINTING, ids=" ".join)
def test_a_reader_that_stops_after_one_line_ends_the_command_quietly(
    tmp_path: Path, command: list[str]
) -> None:
    """`snn-papers list | head -1`: exit 0 and nothing on stderr, for every command."""
    proc = subprocess.Popen(command_line(*command), env=process_env(), cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, stderr
    assert first and stderr == ""


@pytest.mark.parametrize("command", PRINTING, ids=" ".join)
def test_a_stdout_closed_before_the_first_line_ends_the_command_quietly(
    tmp_path: Path, command: list[str]
) -> None:
    """The pipe's reader is gone before anything is written: the first write fails, always."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(command_line(*command), env=process_env(), cwd=tmp_path,
                                stdout=write_end, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr.decode() == ""


# --- Ctrl-C --------------------------------------------------------------------------------

def test_ctrl_c_during_a_command_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch) -> None:
    from awesome_snn.commands import search

    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(search, "search", interrupted)
    result = invoke("search", "spiking")
    assert result.exit_code == 130
    assert result.stderr == "snn-papers: interrupted\n" and result.stdout == ""


# --- --version and -h ----------------------------------------------------------------------

def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout == f"snn-papers {__version__}\n"


@pytest.mark.parametrize("command", [[], ["search"], ["check"]])
def test_h_is_help(command: list[str]) -> None:
    short = invoke(*command, "-h")
    assert short.exit_code == 0 and short.stdout.startswith("Usage: snn-papers")
    assert short.stdout == invoke(*command, "--help").stdout


def test_help_is_typers_own_and_never_cached(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    result = run_process("--help", env={"XDG_CACHE_HOME": str(cache)})
    assert result.returncode == 0 and result.stdout.startswith("Usage: snn-papers")
    assert not cache.exists() or not any(cache.rglob("help*"))


# --- the JSON envelope ---------------------------------------------------------------------

@pytest.mark.parametrize(("command", "kind"), [
    (["search", "spiking", "--json"], list), (["list", "--json"], list),
    (["venues", "--json"], list), (["show", "spikformer-2023", "--json"], dict),
    (["stats", "--json"], dict), (["check", "--json"], dict),
])
def test_every_json_output_is_one_envelope(command: list[str], kind: type) -> None:
    result = invoke(*command)
    assert result.exit_code == 0, result.output
    assert isinstance(json_of(result, command[0]), kind)


def test_json_problems_list_the_invalid_records_that_were_skipped(catalog_file: Path) -> None:
    text = catalog_file.read_text(encoding="utf-8")
    catalog_file.write_text(text + '\n[[papers]]\nkey = "broken-2023"\ntitle = "Broken"\n'
                                   'venue = "ICLR"\nyear = 1066\n', encoding="utf-8")
    result = invoke("list", "--venue", "ICLR", "--json", catalog=catalog_file)
    assert result.exit_code == 0, result.output
    document = json_of(result, "list")
    assert "broken-2023" not in {paper["key"] for paper in document}
    import json

    problems = json.loads(result.stdout)["problems"]
    assert len(problems) == 1
    assert set(problems[0]) == {"file", "line", "column", "rule", "message", "key"}
    assert problems[0]["rule"] == "invalid-year" and problems[0]["line"] > 0
    assert "invalid record(s) skipped" in result.stderr


CHECK_KEYS = {"catalog", "errors", "warnings", "findings", "fixes", "links"}


def test_check_json_has_one_shape_with_and_without_fix(catalog_file: Path) -> None:
    plain = json_of(invoke("check", "--json", catalog=catalog_file), "check")
    fixed = json_of(invoke("check", "--json", "--fix", catalog=catalog_file), "check")
    assert set(plain) == set(fixed) == CHECK_KEYS
    assert plain["fixes"] == [] and plain["links"] is None and fixed["links"] is None
    assert {(f["key"], f["rule"]) for f in fixed["fixes"]} == {
        ("multi-sacle-dynamic-2022", "arxiv-pdf"), ("spiking-graph-convolutional-2022", "http-link")}
    assert set(fixed["fixes"][0]) == {"rule", "key", "line", "field", "before", "after"}
    assert fixed["warnings"] == plain["warnings"] - 2  # what was fixed is no longer found


def test_check_json_has_one_shape_with_and_without_links(tmp_path: Path, link_server: str) -> None:  # noqa: F811
    catalog = tmp_path / "c.toml"
    assert invoke("init", catalog).exit_code == 0
    for path in ("ok", "gone"):
        assert invoke("add", "--venue", "ICLR", "--year", "2023", "--title", f"Paper {path} zq",
                      "--paper", f"{link_server}/{path}", "--force", catalog=catalog).exit_code == 0
    without = invoke("check", "--json", catalog=catalog)
    with_links = invoke("check", "--json", "--links", "--timeout", "5", catalog=catalog)
    both = invoke("check", "--json", "--links", "--fix", "--timeout", "5", catalog=catalog)
    assert with_links.exit_code == both.exit_code == 1  # a dead link
    shapes = [json_of(result, "check") for result in (without, with_links, both)]
    assert all(set(shape) == CHECK_KEYS for shape in shapes)
    assert shapes[0]["links"] is None
    for shape in shapes[1:]:
        assert {Path(link["url"]).name: link["status"] for link in shape["links"]} == {
            "ok": "ok", "gone": "dead"}
        assert shape["findings"] == shapes[0]["findings"]


# --- text from a catalog is text -----------------------------------------------------------

HOSTILE = "[bold red]Spiking[/bold red] :smile: Networks [link=https://evil.example]x[/link]"


def test_titles_are_printed_as_written_never_as_markup(catalog_file: Path) -> None:
    added = invoke("add", "--venue", "ICLR", "--year", "2023", "--title", HOSTILE,
                   "--paper", "https://a.org/hostile", catalog=catalog_file)
    assert added.exit_code == 0, added.output
    assert HOSTILE in added.stdout.replace("\n", "")
    key = re.search(r"Added (\S+)", added.stdout).group(1)
    env = {"COLUMNS": "300"}
    for command in (["show", key], ["list", "--venue", "ICLR"], ["search", "smile", "evil"]):
        result = invoke(*command, catalog=catalog_file, env=env)
        assert result.exit_code == 0, result.output
        assert HOSTILE in result.stdout, (command, result.stdout)


# --- layers --------------------------------------------------------------------------------

def test_only_the_cli_and_the_renderer_import_typer_or_rich() -> None:
    pattern = re.compile(r"^\s*(?:import|from)\s+(typer|rich|click)\b", re.M)
    importers = {path.relative_to(REPO).as_posix()
                 for path in (REPO / "awesome_snn").rglob("*.py")
                 if pattern.search(path.read_text(encoding="utf-8"))}
    assert importers == {"awesome_snn/cli.py", "awesome_snn/render.py"}


def test_gone_are_the_second_parser_the_second_table_and_the_help_cache() -> None:
    for name in ("entry", "adding", "results_table", "lookup", "operations", "editing", "output"):
        assert not (REPO / "awesome_snn" / f"{name}.py").exists(), name


def test_command_bodies_return_results_and_print_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    from awesome_snn.commands import search, show, stats

    result = search.search(["spiking", "transformer"], limit=3)
    assert result.papers[0].key == "spikformer-2023"
    assert show.show("spikformer-2023").paper.title.startswith("Spikformer")
    assert stats.stats().total == 93
    assert capsys.readouterr() == ("", "")


# Commands run without --catalog read the seed catalog (a copy): the papers these tests name.
pytestmark = pytest.mark.usefixtures("seed_catalog")
