"""The kit for list repositories: the pre-commit hooks and the GitHub Actions workflow run
real snn-papers commands that pass on a good list and fail on a broken one."""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path

import pytest
import typer
import yaml
from cli_helpers import invoke as run_cli
from conftest import CATALOG, REPO

from awesome_snn.cli import app

HOOKS = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
WORKFLOW = yaml.safe_load((REPO / "docs" / "ci" / "snn-papers.yml").read_text(encoding="utf-8"))
WORKFLOW_TRIGGERS = WORKFLOW.get("on", WORKFLOW.get(True))  # YAML 1.1 reads a bare `on` as True
HOOK = {hook["id"]: hook for hook in HOOKS}


def hook_command(hook_id: str) -> list[str]:
    """What pre-commit runs: the entry, then the hook's args (no file names)."""
    hook = HOOK[hook_id]
    return [*shlex.split(hook["entry"]), *hook.get("args", [])]


def run_lines(job: str) -> list[str]:
    return [line.strip() for step in WORKFLOW["jobs"][job]["steps"] if "run" in step
            for line in step["run"].splitlines() if line.strip()]


def workflow_commands(job: str) -> list[list[str]]:
    return [shlex.split(line) for line in run_lines(job) if line.startswith("snn-papers ")]


def invoke(command: list[str]) -> int:
    assert command[0] == "snn-papers", command
    result = run_cli(*command[1:])
    assert "Traceback" not in result.output
    return result.exit_code


@pytest.fixture
def list_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A list repository as the kit expects: data/papers.toml (the shipped catalog) and the
    README.md exported from it; the current folder."""
    (tmp_path / "data").mkdir()
    shutil.copyfile(CATALOG, tmp_path / "data" / "papers.toml")
    monkeypatch.chdir(tmp_path)
    assert invoke(["snn-papers", "export", "-c", "data/papers.toml", "-o", "README.md"]) == 0
    return tmp_path


def make_readme_stale(repo: Path) -> None:
    readme = repo / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("Spikformer", "Spikeformer", 1),
                      encoding="utf-8")


def duplicate_first_paper(repo: Path) -> None:
    """A catalog error `check` must fail on: the first paper's table again, under a new key."""
    catalog = repo / "data" / "papers.toml"
    text = catalog.read_text(encoding="utf-8")
    first = re.search(r"\[\[papers\]\]\n.*?(?=\n\[\[papers\]\])", text, flags=re.S).group(0)
    again = re.sub(r'key = "([^"]+)"', r'key = "\1-again"', first, count=1)
    catalog.write_text(text.rstrip("\n") + "\n\n" + again + "\n", encoding="utf-8")


# --- pre-commit hooks ----------------------------------------------------------------------

def test_hooks_are_the_two_list_checks_as_pre_commit_expects_them() -> None:
    assert [hook["id"] for hook in HOOKS] == ["snn-papers-check", "snn-papers-readme"]
    assert hook_command("snn-papers-check") == [
        "snn-papers", "check", "--catalog", "data/papers.toml"]
    assert hook_command("snn-papers-readme") == [
        "snn-papers", "export", "--check", "README.md", "--catalog", "data/papers.toml"]
    for hook in HOOKS:
        assert hook["language"] == "python"  # pre-commit pip-installs this repo for the hook
        assert hook["pass_filenames"] is False  # each command reads the whole catalog itself
        assert {"name", "entry"} <= hook.keys()


@pytest.mark.parametrize(("path", "runs"), [
    ("data/papers.toml", True), ("README.md", True),
    ("docs/README.md", False), ("data/papers.toml.bak", False), ("src/main.py", False),
])
def test_hooks_run_when_the_catalog_or_the_readme_changes(path: str, runs: bool) -> None:
    for hook in HOOKS:
        assert bool(re.search(hook["files"], path)) is runs


@pytest.mark.parametrize("hook_id", ["snn-papers-check", "snn-papers-readme"])
def test_each_hook_passes_on_a_list_repository_made_from_the_shipped_catalog(
    list_repo: Path, hook_id: str
) -> None:
    assert invoke(hook_command(hook_id)) == 0


def test_readme_hook_fails_on_a_stale_readme(list_repo: Path) -> None:
    make_readme_stale(list_repo)
    assert invoke(hook_command("snn-papers-readme")) == 1


def test_check_hook_fails_on_a_duplicated_paper(list_repo: Path) -> None:
    duplicate_first_paper(list_repo)
    assert invoke(hook_command("snn-papers-check")) == 1


def test_hooks_without_args_read_the_catalog_named_by_the_environment(
    list_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`args: []`, as README.md documents, plus SNN_PAPERS_CATALOG."""
    monkeypatch.setenv("SNN_PAPERS_CATALOG", "data/papers.toml")
    make_readme_stale(list_repo)
    assert invoke(shlex.split(HOOK["snn-papers-readme"]["entry"])) == 1
    duplicate_first_paper(list_repo)
    assert invoke(shlex.split(HOOK["snn-papers-check"]["entry"])) == 1


# --- GitHub Actions workflow ---------------------------------------------------------------

def test_workflow_checks_every_push_and_pull_request_and_links_weekly() -> None:
    assert {"push", "pull_request", "schedule"} <= WORKFLOW_TRIGGERS.keys()
    assert len(WORKFLOW_TRIGGERS["schedule"][0]["cron"].split()) == 5
    assert workflow_commands("catalog") == [
        ["snn-papers", "check", "--catalog", "data/papers.toml"],
        ["snn-papers", "export", "--catalog", "data/papers.toml", "--check", "README.md"],
    ]
    assert workflow_commands("links") == [
        ["snn-papers", "check", "--catalog", "data/papers.toml", "--links"]]


def test_link_job_never_runs_for_a_pull_request_and_the_catalog_job_never_on_schedule() -> None:
    assert "pull_request" not in WORKFLOW["jobs"]["links"]["if"]
    assert "schedule" in WORKFLOW["jobs"]["links"]["if"]
    assert WORKFLOW["jobs"]["catalog"]["if"] == "github.event_name != 'schedule'"


@pytest.mark.parametrize("job", ["catalog", "links"])
def test_workflow_installs_this_package_on_a_supported_python(job: str) -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    steps = WORKFLOW["jobs"][job]["steps"]
    uses = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert uses == ["actions/checkout", "actions/setup-python"]
    version = next(step["with"]["python-version"] for step in steps
                   if step.get("uses", "").startswith("actions/setup-python"))
    assert isinstance(version, str)  # unquoted, 3.10 would be the float 3.1
    minimum = project["requires-python"].removeprefix(">=")
    assert tuple(map(int, version.split("."))) >= tuple(map(int, minimum.split(".")))
    assert run_lines(job)[0] == f"pip install {project['name']}"


@pytest.mark.parametrize("command", workflow_commands("catalog"), ids=" ".join)
def test_each_workflow_command_passes_on_a_list_repository_made_from_the_shipped_catalog(
    list_repo: Path, command: list[str]
) -> None:
    assert invoke(command) == 0


def test_workflow_fails_on_a_stale_readme_and_on_a_broken_catalog(list_repo: Path) -> None:
    check, readme = workflow_commands("catalog")
    make_readme_stale(list_repo)
    assert invoke(readme) == 1
    duplicate_first_paper(list_repo)
    assert invoke(check) == 1


@pytest.mark.parametrize("command", [
    *(pytest.param(c, id=f"workflow: {' '.join(c)}")
      for c in workflow_commands("catalog") + workflow_commands("links")),
    *(pytest.param(hook_command(h), id=f"hook: {h}") for h in HOOK),
])
def test_every_command_of_the_kit_names_a_real_command_and_real_options(command: list[str]) -> None:
    """Parsed by the CLI itself (no request is made): an unknown option raises."""
    group = typer.main.get_command(app)
    subcommand = group.commands[command[1]]
    ctx = subcommand.make_context(command[1], command[2:])
    assert str(ctx.params["catalog"]) == "data/papers.toml"


# --- the pull request review workflow ---------------------------------------------------------

REVIEW = yaml.safe_load((REPO / "docs" / "ci" / "snn-papers-diff.yml").read_text(encoding="utf-8"))


def _review_step(base: str) -> str:
    """The workflow's diff step as bash runs it, for a pull request into ``base``."""
    step = next(s for s in REVIEW["jobs"]["diff"]["steps"] if s.get("id") == "diff")
    return step["run"].replace("${{ github.base_ref }}", base)


def _git(repo: Path, *args: str) -> None:
    import subprocess

    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"})


@pytest.mark.parametrize(("change", "code"), [("add", "0"), ("remove", "1")])
def test_review_workflow_posts_a_report_and_asks_for_a_second_look_on_removals(
        list_repo: Path, change: str, code: str) -> None:
    import os
    import subprocess
    import sys

    _git(list_repo, "init", "-q", "-b", "main")
    _git(list_repo, "add", ".")
    _git(list_repo, "commit", "-qm", "the list")
    _git(list_repo, "update-ref", "refs/remotes/origin/main", "HEAD")  # what checkout fetches
    catalog = list_repo / "data" / "papers.toml"
    text = catalog.read_text(encoding="utf-8")
    if change == "add":
        catalog.write_text(text + '\n[[papers]]\nkey = "brand-new-2023"\ntitle = "A Brand New Spiking Paper"\n'
                           'venue = "ICLR"\nyear = 2023\n\n[papers.links]\n'
                           'paper = "https://openreview.net/forum?id=brandnew"\n', encoding="utf-8")
    else:
        first = text.index("\n[[papers]]\n")
        catalog.write_text(text[:first] + text[text.index("\n[[papers]]\n", first + 1):], encoding="utf-8")
    output = list_repo / "github-output"
    scripts = str(Path(sys.executable).parent)  # where the installed snn-papers lives
    subprocess.run(["bash", "-c", _review_step("main")], cwd=list_repo, check=True, timeout=120,
                   env={**os.environ, "GITHUB_OUTPUT": str(output), "PATH": f"{scripts}:{os.environ['PATH']}"})
    assert output.read_text() == f"code={code}\n"
    report = (list_repo / "snn-papers-diff.md").read_text(encoding="utf-8")
    assert report.startswith("### snn-papers diff: `origin/main:data/papers.toml` → `data/papers.toml`")
    assert ("| 1 | 0 | 0 | 0 |" if change == "add" else "| 0 | 1 | 0 | 0 |") in report
