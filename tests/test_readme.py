"""The README's examples run, in order, and every command has one."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from cli_helpers import invoke
from conftest import REPO

from awesome_snn.cli import COMMANDS

README = (REPO / "README.md").read_text(encoding="utf-8")


def example_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines()
            if line.strip().startswith("snn-papers ")]


def test_readme_starts_with_the_two_setup_commands() -> None:
    first = README.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert first[0].startswith("python3 -m venv .venv && .venv/bin/pip install . && ")
    assert first[0].endswith("snn-papers search spiking transformer")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert first[1] in ci  # CI runs exactly the README's test command


def test_every_command_has_a_readme_example() -> None:
    commands = {name for name, _function in COMMANDS}
    used = {shlex.split(line, comments=True)[1] for line in example_lines()}
    assert commands <= used, f"commands without a README example: {sorted(commands - used)}"


def test_readme_examples_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``add URL`` and ``enrich`` reach the services through a local replay of them (the
    tests' base-URL variables, tests/metadata_replay.py): nothing goes to the network."""
    from metadata_replay import replaying

    with replaying() as replay:
        for name, value in replay.env.items():
            monkeypatch.setenv(name, value)
        _run_examples(tmp_path, monkeypatch)


def _run_examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    readme = invoke("export").stdout
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    checked = set()
    for line in example_lines():
        args = shlex.split(line, comments=True)[1:]
        result = invoke(*args)
        # An example whose comment says '(exit N)' ends so, as the README says; others with 0.
        stated = re.search(r"\(exit (\d)\b", line)
        assert result.exit_code == (int(stated.group(1)) if stated else 0), f"{line}\n{result.output}"
        assert "Traceback" not in result.output
        check = OUTPUT_CHECKS.get(" ".join(args[:2]))
        if check is not None:
            assert check(result, tmp_path), f"{line}\n{result.output}"
            checked.add(" ".join(args[:2]))
    assert checked == set(OUTPUT_CHECKS)


def _json_titles(result: object) -> list[str]:
    import json

    return [paper["title"] for paper in json.loads(result.stdout)["data"]]


SPIKFORMER = "Spikformer: When Spiking Neural Network Meets Transformer"

OUTPUT_CHECKS = {
    # what each example's output must show, by its command and first argument
    "search spiking": lambda r, _p: "transformer" in r.stdout.splitlines()[3].casefold(),
    "search spikformr": lambda r, _p: "Spikformer" in _json_titles(r)[0],
    "list --venue": lambda r, _p: all(line.split("\t")[2] == "CVPR" for line in r.stdout.splitlines()),
    "show spikformer-2023": lambda r, _p: r.stdout.splitlines()[1].split(None, 1)[1] == SPIKFORMER,
    "export --format": lambda r, _p: r.stdout.startswith("@") and "booktitle" in r.stdout,
    "import README.md": lambda _r, p: (p / "papers.toml").read_text(encoding="utf-8").count("[[papers]]") > 90,
    "add --catalog": lambda r, p: 'key = "spiking-state-space-2023"' in (p / "papers.toml").read_text(encoding="utf-8"),
    "diff README.md": lambda r, _p: "  + spiking-state-space-2023: Spiking State Space Models" in r.stdout.splitlines(),
    "remove spiking-state-space-2023": lambda _r, p: "spiking-state-space-2023" not in (p / "papers.toml").read_text(encoding="utf-8"),
    "check --explain": lambda r, _p: r.stdout.startswith("venue-host ("),
    "add https://arxiv.org/abs/2302.13939": lambda r, p: 'authors = ["Rui-Jie Zhu", "Qihang Zhao", "Guoqi Li", "Jason K. Eshraghian"]\narxiv = "2302.13939"' in (p / "papers.toml").read_text(encoding="utf-8"),
    "enrich spikegpt-2023": lambda r, _p: "1 paper(s): 1 nothing to fill (offline, from the cache)" in r.stdout,
    "search --author": lambda r, _p: "SpikeGPT" in r.stdout,
}
