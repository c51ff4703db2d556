"""Mistakes on the command line and what is said about them (issue 12, items 17, 19, 21,
22; issue 18, item 13's arguments): one line on stderr, the right exit code, never a
traceback, and nothing said that is not so."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import invoke, load, run_process


def one_error_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    assert stderr.startswith("snn-papers: error: ") and stderr.count("\n") == 1, stderr
    return stderr


# --- 17. add --force says nothing of records it did not skip ---------------------------------

def test_add_force_reports_no_skipped_records_when_none_were(catalog_file: Path) -> None:
    result = invoke("add", "--venue", "ICLR", "--year", "2023",
                    "--title", "Spikformer: When Spiking Neural Network Meets Transformer",
                    "--paper", "https://example.org/forced", "--force", catalog=catalog_file)
    assert result.exit_code == 0, result.output
    assert "invalid record" not in result.output and "skipped" not in result.output
    assert result.stderr == "snn-papers: warning: added despite duplicating spikformer-2023 (--force)\n"


# --- 19. a tab in an item is whitespace -------------------------------------------------------

def test_import_reads_items_with_tabs(tmp_path: Path) -> None:
    md = tmp_path / "l.md"
    md.write_text("# 2023\n\n## ICLR\n\n-\tSpiking\tTabs Between Words\t[[paper](https://a.org/t)]\t"
                  "[[code](https://github.com/a/t)]\n", encoding="utf-8")
    result = invoke("import", md, "-o", tmp_path / "c.toml")
    assert result.exit_code == 0 and result.stderr == ""
    (paper,) = load(tmp_path / "c.toml").papers
    assert paper.title == "Spiking Tabs Between Words"
    assert paper.code_url == "https://github.com/a/t"


# --- 21. a filter's unknown venue --------------------------------------------------------------

@pytest.mark.parametrize("command", [["list"], ["search", "spiking"], ["export"]])
def test_an_unknown_filter_venue_suggests_venues_not_an_option_the_command_lacks(command: list[str]) -> None:
    result = invoke(*command, "--venue", "ICRL")
    assert result.exit_code == 2
    one_error_line(result.stderr)
    assert "--venue-name" not in result.stderr
    assert "Unknown venue 'ICRL'. Did you mean ICLR" in result.stderr


def test_add_still_offers_to_register_an_unknown_venue(catalog_file: Path) -> None:
    result = invoke("add", "--venue", "XYZW", "--year", "2023", "--title", "Spiking Somewhere",
                    "--paper", "https://example.org/xyzw", catalog=catalog_file)
    assert result.exit_code == 2 and "--venue-name" in result.stderr


# --- 22. usage errors: Click's message on one line, then the usage line ------------------------

@pytest.mark.parametrize(("args", "message", "usage"), [
    (["serch", "x"], "No such command 'serch'. Did you mean 'search', 'enrich'?",
     "Usage: snn-papers [OPTIONS] COMMAND [ARGS]..."),
    (["search", "x", "--bogus"], "No such option: --bogus",
     "Usage: snn-papers search [OPTIONS] [query]..."),
    (["search"], "Missing argument 'query' (or give --author NAME).",
     "Usage: snn-papers search [OPTIONS] [query]..."),
    (["check", "--timeout", "abc"], "Invalid value for '--timeout': 'abc' is not a valid float.",
     "Usage: snn-papers check [OPTIONS]"),
])
def test_usage_errors_are_the_message_and_the_usage_line(args: list[str], message: str, usage: str) -> None:
    result = run_process(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"snn-papers: error: {message}\n{usage}\n"


def test_no_command_at_all_prints_the_help_and_exits_2() -> None:
    result = run_process()
    assert result.returncode == 2 and result.stderr.startswith("Usage: snn-papers [OPTIONS] COMMAND")


# --- issue 18, 13: arguments are validated, one line each -------------------------------------

NOT_UTF8 = b"Spiking \xff\xfe Title"


@pytest.mark.parametrize("option", ["--title", "--paper", "--venue", "--code", "--venue-name"])
def test_arguments_that_are_not_utf8_are_one_error_line(catalog_file: Path, option: str) -> None:
    values = {"--title": "Spiking Bytes", "--venue": "ICLR", "--year": "2023",
              "--paper": "https://example.org/bytes"}
    args: list[object] = ["add", "--catalog", catalog_file]
    for name, value in values.items():
        args += [name, NOT_UTF8 if name == option else value]
    if option not in values:
        args += [option, NOT_UTF8]
    before = catalog_file.read_bytes()
    result = run_process(*args)
    assert result.returncode == 2
    one_error_line(result.stderr)
    assert f"{option} 'Spiking \\xff\\xfe Title' is not UTF-8 text" in result.stderr
    assert catalog_file.read_bytes() == before


@pytest.mark.parametrize("args", [["search", NOT_UTF8], ["show", NOT_UTF8], ["list", "--venue", NOT_UTF8],
                                  ["edit", "spikformer-2023", "--title", NOT_UTF8]])
def test_every_command_refuses_text_that_is_not_utf8(catalog_file: Path, args: list[object]) -> None:
    result = run_process(*args, "--catalog", catalog_file)
    assert result.returncode == 2
    assert "is not UTF-8 text" in one_error_line(result.stderr)


def test_a_file_name_that_is_not_utf8_is_a_file_name(tmp_path: Path) -> None:
    result = run_process("export", "-o", tmp_path / "list-\udcff.md")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "list-\udcff.md").exists()
    assert "Wrote " in result.stderr and "list-\\xff.md" in result.stderr


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "0", "1e9"])
def test_check_timeout_must_be_a_real_number_of_seconds(catalog_file: Path, value: str) -> None:
    result = run_process("check", "--links", "--timeout", value, "--catalog", catalog_file)
    assert result.returncode == 2
    assert "--timeout" in one_error_line(result.stderr)


@pytest.mark.parametrize(("option", "value"), [("--concurrency", "0"), ("--retries", "-1")])
def test_check_link_options_are_validated(catalog_file: Path, option: str, value: str) -> None:
    result = run_process("check", "--links", option, value, "--catalog", catalog_file)
    assert result.returncode == 2
    assert option in one_error_line(result.stderr)


@pytest.mark.parametrize("args", [
    ["add", "--venue", "ICLR", "--year", "2023", "--title", "Spiking Lock Env",
     "--paper", "https://example.org/lock-env"],
    ["edit", "spikformer-2023", "--title", "Spikformer Again"],
    ["remove", "spikformer-2023", "--yes"],
    ["check", "--fix"],
], ids=lambda args: args[0])
def test_a_bad_lock_timeout_in_the_environment_is_one_error_line(catalog_file: Path, args: list[str]) -> None:
    before = catalog_file.read_bytes()
    result = run_process(*args, "--catalog", catalog_file, env={"SNN_PAPERS_LOCK_TIMEOUT": "abc"})
    assert result.returncode == 2
    assert "SNN_PAPERS_LOCK_TIMEOUT" in one_error_line(result.stderr)
    assert catalog_file.read_bytes() == before
