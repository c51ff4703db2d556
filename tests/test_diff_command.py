"""``diff OLD NEW`` on catalogs, READMEs and git revisions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_helpers import invoke, json_of
from conftest import CATALOG, SEED
from gfm import parse

from awesome_snn.commands.diff import diff
from awesome_snn.diffing import markdown_report
from awesome_snn.errors import InvalidInput


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e.org", "HOME": str(folder), "PATH": "/usr/bin:/bin"})


def test_a_branch_is_reviewed_against_the_revision_it_started_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "list"
    (repo / "data").mkdir(parents=True)
    catalog = repo / "data" / "papers.toml"
    text = CATALOG.read_text(encoding="utf-8")
    catalog.write_text(text, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "the list")
    cut = text.index('[[papers]]\nkey = "spikformer-2023"')
    end = text.index("[[papers]]", cut + 10)
    catalog.write_text(text[:cut] + text[end:] + '\n[[papers]]\nkey = "new-2023"\ntitle = "A New Spiking Paper"\n'
                       'venue = "ICLR"\nyear = 2023\n\n[papers.links]\npaper = "https://openreview.net/forum?id=new"\n',
                       encoding="utf-8")
    _git(repo, "commit", "-qam", "swap a paper")
    monkeypatch.chdir(repo)
    result = diff("HEAD~1:data/papers.toml", "data/papers.toml")
    assert [(c.kind, c.paper.key) for c in result.diff.changes] == [
        ("added", "new-2023"), ("removed", "spikformer-2023")]
    assert result.exit_code == 1
    same = diff("HEAD:data/papers.toml", "data/papers.toml")
    assert same.diff.changes == () and same.exit_code == 0


def test_readmes_are_read_as_import_reads_them(tmp_path: Path) -> None:
    old = tmp_path / "old.md"
    old.write_bytes(SEED.read_bytes())
    new = tmp_path / "new.md"
    new.write_text(SEED.read_text(encoding="utf-8").replace(
        "Spikformer: When Spiking Neural Network Meets Transformer",
        "Spikformer: When Spiking Neural Networks Meet Transformers"), encoding="utf-8")
    result = diff(str(old), str(new))
    assert [(c.kind, c.details) for c in result.diff.changes] == [
        ("changed", ("title: 'Spikformer: When Spiking Neural Network Meets Transformer' ->"
                     " 'Spikformer: When Spiking Neural Networks Meet Transformers'",))]
    assert result.exit_code == 0


@pytest.mark.parametrize("spec", ["nothing-here.toml", "HEAD~999:data/papers.toml"])
def test_what_cannot_be_read_is_one_clear_error(spec: str) -> None:
    with pytest.raises(InvalidInput, match="no such file|git cannot show it"):
        diff(spec, str(CATALOG))


def test_the_markdown_report_is_safe_to_paste(tmp_path: Path) -> None:
    hostile = tmp_path / "new.toml"
    text = CATALOG.read_text(encoding="utf-8")
    hostile.write_text(text + '\n[[papers]]\nkey = "evil-2023"\ntitle = "[click](https://evil.example) ~~x~~ <b>x</b> www.evil.example"\n'
                       'venue = "ICLR"\nyear = 2023\n\n[papers.links]\npaper = "https://openreview.net/forum?id=evil"\n',
                       encoding="utf-8")
    result = diff(str(CATALOG), str(hostile))
    report = markdown_report(result.diff, result.old, result.new)
    tokens = parse(report)
    kinds = {token.type for token in tokens} | {child.type for token in tokens for child in token.children or ()}
    assert not {"link_open", "s_open", "html_inline", "html_block"} & kinds
    assert "| 1 | 0 | 0 | 0 |" in report


# --- on the command line ---------------------------------------------------------------------

VENUES = '[[venues]]\nabbr = "ICLR"\nname = "ICLR"\n\n[[venues]]\nabbr = "CVPR"\nname = "CVPR"\n'


def _paper(key: str, title: str, venue: str = "ICLR", year: int = 2023) -> str:
    url = (f"https://openreview.net/forum?id={key}" if venue == "ICLR" else
           f"https://openaccess.thecvf.com/content/{venue}{year}/html/{key}_{venue}_{year}_paper.html")
    return (f'\n[[papers]]\nkey = "{key}"\ntitle = "{title}"\nvenue = "{venue}"\nyear = {year}\n\n'
            f'[papers.links]\npaper = "{url}"\n')


def _pair(tmp_path: Path, old: list[str], new: list[str]) -> tuple[Path, Path]:
    before, after = tmp_path / "old.toml", tmp_path / "new.toml"
    before.write_text(VENUES + "".join(old), encoding="utf-8")
    after.write_text(VENUES + "".join(new), encoding="utf-8")
    return before, after


def test_the_text_report_is_a_line_per_paper_under_its_year_and_venue_then_the_counts(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, [_paper("a-2023", "Spiking A"), _paper("b-2023", "Beta Rhythms in Spiking Networks")],
                     [_paper("a-2023", "Spiking A Revised"), _paper("c-2022", "Event Cameras", "CVPR", 2022)])
    result = invoke("diff", old, new)
    assert result.exit_code == 1  # a paper was removed: a second look
    assert result.stdout.splitlines() == [
        "2023 ICLR",
        "  ~ a-2023: Spiking A Revised",
        "      title: 'Spiking A' -> 'Spiking A Revised'",
        "  - b-2023: Beta Rhythms in Spiking Networks",
        "2022 CVPR",
        "  + c-2022: Event Cameras",
        "warning: ICLR 2023: 2 papers before, 1 now [section-shrinks]",
        f"1 added, 1 removed, 1 changed, 0 moved ({old} -> {new})",
    ]


def test_a_change_that_only_adds_exits_0_and_json_carries_every_change(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, [_paper("a-2023", "Spiking A")],
                     [_paper("a-2023", "Spiking A"), _paper("n-2023", "Spiking New")])
    result = invoke("diff", old, new, "--json")
    assert result.exit_code == 0
    data = json_of(result, "diff")
    assert data["counts"] == {"added": 1, "removed": 0, "changed": 0, "moved": 0}
    assert [(c["kind"], c["key"], c["venue"], c["year"]) for c in data["changes"]] == [
        ("added", "n-2023", "ICLR", 2023)]
    assert data["warnings"] == []


def test_a_replaced_section_is_flagged_on_the_command_line(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, [_paper(f"o{n}-2023", f"Spiking Old Number {n}") for n in range(17)],
                     [_paper(f"n{n}-2023", f"Other Spiking Work {n}") for n in range(11)])
    result = invoke("diff", old, new)
    assert result.exit_code == 1
    assert any(line.startswith("warning: ") and line.endswith("[section-replaced]")
               for line in result.stdout.splitlines()), result.stdout
    assert result.stdout.splitlines()[-1].startswith("11 added, 17 removed, 0 changed, 0 moved")


def test_the_markdown_format_is_the_pull_request_comment(tmp_path: Path) -> None:
    old, new = _pair(tmp_path, [_paper("a-2023", "Spiking A")], [])
    result = invoke("diff", old, new, "--format", "markdown")
    assert result.exit_code == 1
    tokens = parse(result.stdout)
    assert [t.tag for t in tokens if t.type == "heading_open"] == ["h3", "h4"]
    assert "| 0 | 1 | 0 | 0 |" in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (["missing.toml", "also-missing.toml"], "missing.toml: no such file"),
    (["--format", "html"], "--format 'html': use one of text, markdown"),
])
def test_bad_input_to_diff_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    if args[0] == "--format":
        old, new = _pair(tmp_path, [], [])
        args = [str(old), str(new), *args]
    result = invoke("diff", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("snn-papers: error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_explain_says_what_a_rule_looks_for_and_how_to_fix_it() -> None:
    result = invoke("check", "--explain", "dead-host")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "dead-host (error by default)"
    assert lines[1].startswith("Looks for: ") and "paperswithcode.com" in lines[1]
    assert lines[2].startswith("Fix: ")
    assert json_of(invoke("check", "--explain", "dead-host", "--json"), "check")["rule"] == "dead-host"


def test_explain_of_an_unknown_rule_names_the_closest() -> None:
    result = invoke("check", "--explain", "dead-hots")
    assert result.exit_code == 2
    assert result.stderr == "snn-papers: error: --explain 'dead-hots': no such rule; did you mean dead-host?\n"


def test_a_link_that_breaks_a_review_rule_in_the_new_version_only_is_a_warning(tmp_path: Path) -> None:
    broken = _paper("b-2023", "Spiking B").replace("https://openreview.net/forum?id=b-2023",
                                                   "https://paperswithcode.com/paper/spiking-b")
    old, new = _pair(tmp_path, [_paper("a-2023", "Spiking A")], [_paper("a-2023", "Spiking A"), broken])
    data = json_of(invoke("diff", old, new, "--json"), "diff")
    assert [w["rule"] for w in data["warnings"]] == ["dead-host"]
    assert data["warnings"][0]["message"].startswith("b-2023: ")
    unchanged = json_of(invoke("diff", new, new, "--json"), "diff")
    assert unchanged["warnings"] == []  # the same broken link before and after: nothing new


@pytest.mark.parametrize(("gone", "came", "rule"), [(1, 1, None), (3, 3, "section-replaced"), (3, 0, "section-shrinks")])
def test_a_section_is_called_replaced_only_when_several_papers_go_and_others_come(
        tmp_path: Path, gone: int, came: int, rule: str | None) -> None:
    keep = [_paper(f"k{n}-2023", f"Kept Spiking Work {n}") for n in range(5)]
    old, new = _pair(tmp_path, keep + [_paper(f"o{n}-2023", f"Old Quantum Idea {n}") for n in range(gone)],
                     keep + [_paper(f"n{n}-2023", f"Fresh Neuromorphic Chip {n}") for n in range(came)])
    rules = [w["rule"] for w in json_of(invoke("diff", old, new, "--json"), "diff")["warnings"]]
    assert [r for r in rules if r.startswith("section-")] == ([rule] if rule else [])


def test_the_readmes_diff_example_is_what_diff_prints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's example report, reproduced: a branch that adds Spikformer's code link and
    removes one of twelve ICLR 2023 papers."""
    import re

    from conftest import REPO

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    example = re.search(r"warnings, then a line of counts:\n\n```\n(.*?)```", readme, flags=re.S).group(1)
    spikformer = _paper("spikformer-2023", "Spikformer: When Spiking Neural Network Meets Transformer")
    others = [_paper(f"kept-{n}-2023", f"Kept Spiking Paper Number {n}") for n in range(10)]
    old_paper = _paper("old-paper-2023", "An Old Paper")
    repo = tmp_path / "list"
    (repo / "data").mkdir(parents=True)
    catalog = repo / "data" / "papers.toml"
    catalog.write_text(VENUES + spikformer + "".join(others) + old_paper, encoding="utf-8")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "the list")
    _git(repo, "update-ref", "refs/remotes/origin/main", "HEAD")
    catalog.write_text(VENUES + spikformer + 'code = "https://github.com/ZK-Zhou/spikformer"\n'
                       + "".join(others), encoding="utf-8")
    monkeypatch.chdir(repo)
    result = invoke("diff", "origin/main:data/papers.toml", "data/papers.toml")
    assert result.exit_code == 1
    assert result.stdout == example
