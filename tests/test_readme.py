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
    monkeypatch.chdir(tmp_path)
    readme = invoke("export").stdout
    (tmp_path / "README.md").write_text(readme, encoding="utf-8")
    for line in example_lines():
        args = shlex.split(line, comments=True)[1:]
        result = invoke(*args)
        assert result.exit_code == 0, f"{line}\n{result.output}"
        assert "Traceback" not in result.output
