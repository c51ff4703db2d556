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
