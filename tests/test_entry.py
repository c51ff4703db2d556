"""The quick entry point reads the command lines it takes exactly as Typer would, and
answers them with the same output; everything else reaches Typer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from awesome_snn import entry
from awesome_snn.cli import app

runner = CliRunner()


def typer_params(argv: list[str]) -> dict[str, object]:
    """The parameters Typer's own parser gives the command, converted as the callback gets them."""
    group = typer.main.get_command(app)
    parent = typer.Context(group, info_name="snn-papers")
    command = group.get_command(parent, argv[0])
    with command.make_context(argv[0], list(argv[1:]), parent=parent) as sub:
        params = dict(sub.params)
    for key, value in params.items():
        if isinstance(value, tuple):
            params[key] = list(value) or None if key == "venue" else list(value)
        if key == "catalog" and value is not None:
            params[key] = Path(value)
    return params


ACCEPTED = [
    ["search", "spiking", "transformer"],
    ["search", "spikformr", "--json"],
    ["search", "conversion", "--venue", "ICLR", "--venue", "nips", "--year", "2021..2023", "--has-code"],
    ["search", "--limit", "5", "optical", "flow"],
    ["search", "x", "--limit=7", "--catalog=/tmp/c.toml"],
    ["search", "x", "-c", "/tmp/c.toml", "--year", "2022"],
    ["search", "--", "-dash-word", "x"],
    ["search", "x", "--year", "2021", "--year", "2022"],
    ["show", "spikformer-2023"],
    ["show", "spikformer-2023", "--json", "--catalog", "papers.toml"],
    ["show", "-c", "papers.toml", "spikformer-2023"],
    ["add", "--title", "T", "--venue", "ICLR", "--year", "2023", "--paper", "https://x.org/p"],
    ["add", "--title=T", "--venue=iclr", "--year=2023", "--paper=https://x.org/p", "--code", "https://g.org/c",
     "--link", "arxiv=https://arxiv.org/abs/1", "--link", "hf=https://hf.co/x", "--force", "-c", "p.toml"],
    ["add", "--venue", "NEWV", "--venue-name", "New Venue", "--journal", "--year", "2023", "--title", "T",
     "--paper", "https://x.org/p", "--title", "Last One Wins"],
]


@pytest.mark.parametrize("argv", ACCEPTED, ids=[" ".join(a) for a in ACCEPTED])
def test_quick_parser_agrees_with_typer(argv: list[str]) -> None:
    parse = {"search": entry.parse_search, "show": entry.parse_show, "add": entry.parse_add}[argv[0]]
    assert parse(argv[1:]) == typer_params(argv)


LEFT_TO_TYPER = [
    ["search"], ["search", "--help"], ["search", "x", "--limit", "many"], ["search", "x", "--nope"],
    ["search", "x", "--venue"], ["search", "x", "-cX"], ["show"], ["show", "a", "b"], ["show", "--help"],
    ["list"], ["export"], ["add", "--title", "x"], [], ["--help", "search"],
    ["add", "--title", "T", "--venue", "ICLR", "--year", "2023"],  # no --paper: add asks for it
    ["add", "stray", "--title", "T", "--venue", "ICLR", "--year", "2023", "--paper", "https://x.org"],
    ["add", "--title", "T", "--venue", "ICLR", "--year", "2023", "--paper", "https://x.org", "--help"],
    ["add", "--title", "T", "--venue", "ICLR", "--year", "2023", "--paper", "https://x.org", "--jornal"],
]


@pytest.mark.parametrize("argv", LEFT_TO_TYPER, ids=[" ".join(a) or "(none)" for a in LEFT_TO_TYPER])
def test_anything_else_is_left_to_typer(argv: list[str]) -> None:
    assert entry._quick(argv) is None


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "awesome_snn", *args], capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "TERM": "dumb", **(env or {})})


@pytest.mark.parametrize("argv", [
    ["search", "spiking", "transformer"], ["search", "spikformr", "--json"],
    ["search", "conversion", "--venue", "iclr", "--has-code"], ["search", "zebra"],
    ["search", "x", "--venue", "NIPPS"], ["show", "spikformer-2023"], ["show", "spikformer-2023", "--json"],
    ["show", "spikformer"],
])
def test_quick_path_prints_what_typer_prints(argv: list[str]) -> None:
    quick = _run(*argv)
    through_typer = runner.invoke(app, argv, env={"COLUMNS": "120"})
    assert quick.returncode == through_typer.exit_code
    assert quick.stdout == through_typer.stdout
    assert quick.stderr == through_typer.stderr


@pytest.mark.parametrize("extra", [
    [], ["--code", "https://github.com/x/sea-ice", "--link", "arxiv=https://arxiv.org/abs/2401.00001"],
    ["--venue", "TNNLS2", "--venue-name", "A Journal of Spikes", "--journal"],
    ["--title", "Spikformer: When Spiking Neural Network Meets Transformer"],  # a duplicate: exit 1
    ["--year", "1066"], ["--paper", "ftp://x.org/p"],  # invalid: exit 2
])
def test_quick_add_writes_and_prints_what_typer_does(tmp_path: Path, extra: list[str]) -> None:
    seed = (Path(__file__).parent.parent / "data" / "papers.toml").read_bytes()
    quick_file, typer_file = tmp_path / "quick.toml", tmp_path / "typer.toml"
    quick_file.write_bytes(seed)
    typer_file.write_bytes(seed)
    argv = ["add", "--title", "Spiking Cellular Automata for Sea Ice", "--venue", "ICLR", "--year", "2024",
            "--paper", "https://openreview.net/forum?id=seaice", *extra]
    assert entry.parse_add(argv[1:] + ["-c", "x"]) is not None  # really the quick path
    quick = _run(*argv, "-c", str(quick_file), env={"XDG_CACHE_HOME": str(tmp_path / "c1")})
    through_typer = runner.invoke(app, [*argv, "-c", str(typer_file)],
                                  env={"COLUMNS": "120", "XDG_CACHE_HOME": str(tmp_path / "c2")})
    assert quick.returncode == through_typer.exit_code
    assert quick.stdout.replace(str(quick_file), "F") == through_typer.stdout.replace(str(typer_file), "F")
    assert quick.stderr.replace(str(quick_file), "F") == through_typer.stderr.replace(str(typer_file), "F")
    assert quick_file.read_bytes() == typer_file.read_bytes()
    assert (quick_file.read_bytes() == seed) == (quick.returncode != 0)


def test_help_is_typers_help_and_is_cached(tmp_path: Path) -> None:
    env = {"XDG_CACHE_HOME": str(tmp_path)}
    first = _run("--help", env=env)
    assert first.returncode == 0 and first.stdout.startswith("Usage: ")
    for command in ("search", "list", "add", "check", "export"):
        assert f"  {command} " in first.stdout
    assert [p.name for p in (tmp_path / "snn-papers").iterdir()] == ["help-120.txt"]
    second = _run("--help", env=env)
    assert second.stdout == first.stdout
    narrow = _run("--help", env={**env, "COLUMNS": "60"})
    assert narrow.stdout != first.stdout and max(map(len, narrow.stdout.splitlines())) <= 60
    # A cache written by another version of the CLI is not used.
    cache = tmp_path / "snn-papers" / "help-120.txt"
    cache.write_text("some other key\nStale help\n", encoding="utf-8")
    assert _run("--help", env=env).stdout == first.stdout
