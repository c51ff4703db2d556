"""``diff OLD NEW`` on catalogs, READMEs and git revisions."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
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
