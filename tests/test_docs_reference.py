"""README.md's command reference is the real --help of every command (docs/reference.py)."""

from __future__ import annotations

import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO

from awesome_snn.cli import app

_spec = importlib.util.spec_from_file_location("reference", REPO / "docs" / "reference.py")
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)


def registered_commands() -> set[str]:
    return {c.name or c.callback.__name__.rstrip("_") for c in app.registered_commands}


def test_readme_command_reference_is_the_current_help_run_docs_reference_py_if_not() -> None:
    assert reference.readme_region(REPO / "README.md") == reference.render_reference()


def test_readme_reference_has_the_help_of_every_registered_command() -> None:
    region = reference.readme_region(REPO / "README.md")
    headings = set(re.findall(r"^### snn-papers (\S+)$", region, flags=re.M))
    usages = set(re.findall(r"^Usage: snn-papers (\w+) ", region, flags=re.M))
    assert registered_commands() == headings == usages
    assert "### snn-papers\n\n```text\nUsage: snn-papers [OPTIONS] COMMAND" in region


def test_reference_is_the_same_in_any_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    narrow_colour = reference.render_reference()
    monkeypatch.setenv("COLUMNS", "250")
    assert narrow_colour == reference.render_reference()
    assert "\x1b[" not in narrow_colour


def test_check_reports_a_stale_reference_with_a_diff_and_a_rewrite_fixes_only_the_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = tmp_path / "README.md"
    shutil.copyfile(REPO / "README.md", readme)
    original = readme.read_text(encoding="utf-8")
    stale = original.replace("Usage: snn-papers show [OPTIONS]", "Usage: snn-papers show OLD", 1)
    readme.write_text(stale, encoding="utf-8")
    assert reference.main(["--readme", str(readme), "--check"]) == 1
    out = capsys.readouterr()
    assert "\n-Usage: snn-papers show OLD" in out.out
    assert "\n+Usage: snn-papers show [OPTIONS]" in out.out
    assert "stale" in out.err and readme.read_text(encoding="utf-8") == stale

    assert reference.main(["--readme", str(readme)]) == 0
    assert readme.read_text(encoding="utf-8") == original
    assert reference.main(["--readme", str(readme), "--check"]) == 0


def test_a_readme_without_the_region_markers_is_refused(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# A list\n\n<!-- END REFERENCE -->\n<!-- BEGIN REFERENCE -->\n",
                      encoding="utf-8")
    with pytest.raises(SystemExit, match="exactly one"):
        reference.main(["--readme", str(readme)])
    assert readme.read_text(encoding="utf-8").startswith("# A list")


# --- the help itself (issue 12, item 24) -------------------------------------------------------

def _helps() -> dict[str, str]:
    return {" ".join(args) or "snn-papers": reference.help_text(args)
            for args in [[], *([name] for name in reference.command_names())]}


def test_every_help_line_fits_an_80_column_terminal() -> None:
    for command, text in _helps().items():
        wide = [line for line in text.splitlines() if len(line) > 80]
        assert not wide, (command, wide)


def test_no_command_summary_is_cut_short() -> None:
    commands = reference.help_text([]).split("Commands:\n", 1)[1]
    assert not [line for line in commands.splitlines() if line.rstrip().endswith("...")]
    for name in reference.command_names():
        summary = next(line for line in commands.splitlines() if line.split()[0] == name)
        first = reference.help_text([name]).split("\n\n")[1].strip()
        assert summary.split(None, 1)[1] == " ".join(first.split()), name


def test_no_default_is_split_from_its_option() -> None:
    for command, text in _helps().items():
        for line in text.splitlines():
            assert not line.strip().startswith("[default:"), (command, line)
            if "[default:" in line:
                assert "]" in line.split("[default:", 1)[1], (command, line)


UNQUOTED_QUERY_URL = re.compile(r"(?<!['\"])\bhttps?://[^\s'\"]*\?")
"""A URL with a ``?`` that no quote opens: zsh reads the ``?`` as a glob."""


def test_example_urls_with_a_question_mark_are_quoted() -> None:
    for command, text in _helps().items():
        assert not UNQUOTED_QUERY_URL.search(text), command
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```sh\n(.*?)```", readme, flags=re.S):
        assert not UNQUOTED_QUERY_URL.search(block), block
