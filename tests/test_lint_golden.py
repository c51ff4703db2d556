"""Every finding ``check`` reports on a catalog made to break each of its rules once, exact
to the letter (the messages are the tool's output, each naming what is wrong and how to fix
it), and every change ``check --fix`` makes to that file, exact to the byte.

The catalog is tests/data/lint-every-rule.toml; each paper's key says what it breaks."""

from __future__ import annotations

import shutil
from pathlib import Path

from cli_helpers import invoke
from conftest import TESTS

from awesome_snn import catalog
from awesome_snn.lint import fixes, format_change, format_finding, has_errors, lint

SOURCE = TESTS / "data" / "lint-every-rule.toml"

FINDINGS = """\
papers.toml:14: warning: spaced-2023: title has leading, trailing or double spaces: write 'Spiking Networks With Spaces' (check --fix does it) [title-spacing]
papers.toml:23: warning: period-2023: title ends with a period: remove it (titles in the list have none) [title-period]
papers.toml:32: warning: brackets-2023: title has an unbalanced '(': add its partner or remove it [title-brackets]
papers.toml:41: error: no-link-2023: paper has no link: add [papers.links] with paper = "https://..." [no-link]
papers.toml:47: error: too-early-2012: year 2012 is before ICLR began (2013): correct the year or the venue [year-range]
papers.toml:56: warning: code-host-2023: code link https://www.spiking-lab.edu/code is not on a code host (www.spiking-lab.edu): link the repository, or give it another label (project, website...) [code-host]
papers.toml:66: warning: arxiv-pdf-2023: paper link https://arxiv.org/pdf/2301.01234v2.pdf is an arXiv PDF: use https://arxiv.org/abs/2301.01234v2 (check --fix does it) [arxiv-pdf]
papers.toml:75: warning: plain-http-2023: paper link http://openreview.net/forum?id=Http1 uses http: use https://openreview.net/forum?id=Http1 (check --fix does it) [http-link]
papers.toml:75: warning: plain-http-2023: code link http://github.com/spiking-lab/http uses http: use https://github.com/spiking-lab/http (check --fix does it) [http-link]
papers.toml:85: warning: repeated-2023: openreview link https://openreview.net/forum?id=Twice1 is the same page as its paper link: remove one [repeated-link]
papers.toml:95: error: same-title-2023: same title as spaced-2023 (line 14): remove one of them or merge their links [duplicate-title]
papers.toml:104: warning: shared-code-2023: code link http://github.com/spiking-lab/http is also the code link of plain-http-2023 (line 75): fine if both papers share one repository [duplicate-url]
papers.toml:104: warning: shared-code-2023: code link http://github.com/spiking-lab/http uses http: use https://github.com/spiking-lab/http (check --fix does it) [http-link]
papers.toml:114: error: paper-is-code-2023: paper link https://github.com/spiking-lab/http is also the code link of plain-http-2023 (line 75): remove the duplicate paper or correct the link [duplicate-url]
papers.toml:123: warning: near-2023: title is 97% similar to repeated-2023 (line 85): 'Spiking Networks Linking One Page Twice'; if it is the same paper, remove one (if not, mark the pair in [check] not_duplicates) [near-duplicate-title]
papers.toml:132: warning: stale-written-2023: as_written no longer says this paper (or holds more than text and its links): export makes its item from the paper; remove the line (check --fix does it) [stale-as-written]
"""

OTHERS = {"duplicate-title": "spaced-2023", "duplicate-url": "plain-http-2023",
          "near-duplicate-title": "repeated-2023"}
"""The other paper of each finding about a pair."""

CHANGES = """\
papers.toml:14: fixed: spaced-2023: title 'Spiking  Networks With  Spaces ' -> 'Spiking Networks With Spaces' [title-spacing]
papers.toml:66: fixed: arxiv-pdf-2023: links.paper 'https://arxiv.org/pdf/2301.01234v2.pdf' -> 'https://arxiv.org/abs/2301.01234v2' [arxiv-pdf]
papers.toml:75: fixed: plain-http-2023: links.paper 'http://openreview.net/forum?id=Http1' -> 'https://openreview.net/forum?id=Http1' [http-link]
papers.toml:75: fixed: plain-http-2023: links.code 'http://github.com/spiking-lab/http' -> 'https://github.com/spiking-lab/http' [http-link]
papers.toml:104: fixed: shared-code-2023: links.code 'http://github.com/spiking-lab/http' -> 'https://github.com/spiking-lab/http' [http-link]
papers.toml:132: fixed: stale-written-2023: as_written '- Spiking Networks As Imported  [[paper](https://openreview.net/forum?id=Stale1)]' -> '' [stale-as-written]
"""

FIXED_LINES = {  # line number: (before, after) of every line check --fix changes
    16: ('title = "Spiking  Networks With  Spaces "', 'title = "Spiking Networks With Spaces"'),
    73: ('paper = "https://arxiv.org/pdf/2301.01234v2.pdf"', 'paper = "https://arxiv.org/abs/2301.01234v2"'),
    82: ('paper = "http://openreview.net/forum?id=Http1"', 'paper = "https://openreview.net/forum?id=Http1"'),
    83: ('code = "http://github.com/spiking-lab/http"', 'code = "https://github.com/spiking-lab/http"'),
    112: ('code = "http://github.com/spiking-lab/http"', 'code = "https://github.com/spiking-lab/http"'),
}


REMOVED_LINE = 137
REMOVED = 'as_written = "- Spiking Networks As Imported  [[paper](https://openreview.net/forum?id=Stale1)]"'
"""The line ``check --fix`` removes: stale-written-2023's line as written, which says another
title than the paper's."""


def _view():  # noqa: ANN202
    view = catalog.open_catalog(SOURCE)
    assert list(view.problems) == []
    return view


def test_check_reports_every_rule_exactly() -> None:
    view = _view()
    found = lint(view.catalog(), SOURCE.read_bytes(), view.problems)
    assert "".join(format_finding(f, "papers.toml") + "\n" for f in found) == FINDINGS
    assert has_errors(found)
    assert {f.rule: f.other for f in found if f.other} == OTHERS
    assert all(not f.other for f in found if f.rule not in OTHERS)


def test_the_fixes_are_exactly_these() -> None:
    view = _view()
    papers, changes = fixes(view.catalog(), SOURCE.read_bytes())
    assert "".join(format_change(c, "papers.toml") + "\n" for c in changes) == CHANGES
    assert [p.key for p in papers] == ["spaced-2023", "arxiv-pdf-2023", "plain-http-2023", "shared-code-2023",
                                       "stale-written-2023"]
    assert papers[-1].as_written == "" and papers[-1].extra == ()
    assert [p.title for p in papers][0] == "Spiking Networks With Spaces"
    # fixes() works on the text as bytes or as str alike
    assert fixes(view.catalog(), SOURCE.read_text(encoding="utf-8"))[1] == changes


def test_check_fix_changes_exactly_those_lines_and_then_finds_nothing_to_fix(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    shutil.copyfile(SOURCE, path)
    result = invoke("check", "--fix", catalog=path)
    assert result.exit_code == 1, result.output  # errors remain: no link, year, duplicates
    before = SOURCE.read_text(encoding="utf-8").split("\n")
    after = path.read_text(encoding="utf-8").split("\n")
    # the stale line as written is taken out; every other line stays in its place
    assert before.pop(REMOVED_LINE - 1) == REMOVED
    assert len(after) == len(before)
    changed = {n + 1: (b, a) for n, (b, a) in enumerate(zip(before, after, strict=True)) if b != a}
    assert changed == FIXED_LINES
    view = catalog.open_catalog(path)
    assert fixes(view.catalog(), path.read_bytes()) == ([], [])
