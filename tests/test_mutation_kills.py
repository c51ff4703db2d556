"""Tests for what one-line mutations of the core changed unnoticed (issue 13), each named by
the mutation it catches. ``scripts/mutation.py --named`` applies each mutation and runs the
test that must catch it.

Escaping (tests/test_markdown_render_gfm.py) and search order (tests/test_search_order.py)
have files of their own; the page's Escape key is in tests/test_html_render_browser.py.
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import pytest
from cli_helpers import command_line, invoke, load, process_env
from conftest import SEED
from htmldom import parse

from awesome_snn.html_render import render_html
from awesome_snn.lint import lint
from awesome_snn.markdown_html import render_markdown_html
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue

VENUES = (Venue("ICLR", "International Conference on Learning Representations"),
          Venue("CVPR", "IEEE Conference on Computer Vision and Pattern Recognition"))


def _paper(key: str, title: str, *links: tuple[str, str], line: int = 0) -> Paper:
    return Paper(key, title, "ICLR", 2023, tuple(Link(label, url) for label, url in links),
                 (), line)


def _findings(*papers: Paper) -> list[tuple[str, str, str]]:
    found = lint(Catalog(ListTexts(), VENUES, papers), None, ())
    return [(f.severity, f.rule, f.key) for f in found]


# --- lint: a paper link that is another paper's code link ----------------------------------

REPO_URL = "https://github.com/example/spiking-repo"


@pytest.mark.parametrize(("first", "second"), [("code", "paper"), ("paper", "code"),
                                                ("code", "project")])
def test_a_link_shared_with_another_papers_code_link_is_an_error_unless_both_are_code(
        first: str, second: str) -> None:
    """mutation: duplicates.shared_link_is_duplicate treats one code link as enough to allow
    sharing (``and`` -> ``or``), so a paper link equal to another paper's code link became a
    warning."""
    papers = (_paper("one-2023", "Spiking One", ("paper", "https://openreview.net/forum?id=One1"), (first, REPO_URL), line=1),
              _paper("two-2023", "Spiking Two", ("paper" if second != "paper" else "arxiv", "https://openreview.net/forum?id=Two2"),
                     (second, REPO_URL), line=9))
    assert [f for f in _findings(*papers) if f[1] == "duplicate-url"] == [
        ("error", "duplicate-url", "two-2023")]


def test_two_papers_sharing_one_repository_is_only_a_warning() -> None:
    papers = (_paper("one-2023", "Spiking One", ("paper", "https://openreview.net/forum?id=One1"), ("code", REPO_URL), line=1),
              _paper("two-2023", "Spiking Two", ("paper", "https://openreview.net/forum?id=Two2"), ("code", REPO_URL), line=9))
    assert [f for f in _findings(*papers) if f[1] == "duplicate-url"] == [
        ("warning", "duplicate-url", "two-2023")]


def test_check_and_add_refuse_a_paper_link_that_is_another_papers_code_link(catalog_file: Path) -> None:
    """The same rule through the commands: ``add`` refuses, ``check`` exits 1."""
    spikformer = load(catalog_file).paper("spikformer-2023")
    code = spikformer.code_url
    assert code is not None
    result = invoke("add", "--venue", "ICLR", "--year", "2023", "--title", "A Different Spiking Paper",
                    "--paper", code, catalog=catalog_file)
    assert result.exit_code == 1, result.output
    assert "spikformer-2023" in result.output
    text = catalog_file.read_text(encoding="utf-8")
    text += ('\n[[papers]]\nkey = "another-2023"\ntitle = "A Different Spiking Paper"\n'
             f'venue = "ICLR"\nyear = 2023\n\n[papers.links]\npaper = "{code}"\n')
    catalog_file.write_text(text, encoding="utf-8")
    result = invoke("check", catalog=catalog_file)
    assert result.exit_code == 1, result.output
    assert "another-2023" in result.output and "duplicate-url" in result.output


# --- lint: the same words in another order ---------------------------------------------------

REORDERED = ("Optical Flow Estimation for Spiking Cameras", "Spiking Cameras for Optical Flow Estimation")


def test_the_same_title_words_in_another_order_are_a_near_duplicate() -> None:
    """mutation: the near-duplicate score without ``token_sort_ratio`` (only ``ratio``,
    which reads reordered words as a different title)."""
    findings = _findings(_paper("flow-2023", REORDERED[0], ("paper", "https://openreview.net/forum?id=Flow1"), line=1),
                         _paper("cameras-2023", REORDERED[1], ("paper", "https://openreview.net/forum?id=Cams2"), line=9))
    assert ("warning", "near-duplicate-title", "cameras-2023") in findings


def test_add_and_import_refuse_the_same_words_in_another_order(tmp_path: Path) -> None:
    catalog_file = tmp_path / "papers.toml"
    assert invoke("init", catalog_file).exit_code == 0
    first = invoke("add", "--venue", "ICLR", "--year", "2023", "--title", REORDERED[0],
                   "--paper", "https://openreview.net/forum?id=Flow1", catalog=catalog_file)
    assert first.exit_code == 0, first.output
    again = invoke("add", "--venue", "ICLR", "--year", "2023", "--title", REORDERED[1],
                   "--paper", "https://openreview.net/forum?id=Cams2", catalog=catalog_file)
    assert again.exit_code == 1 and "similar" in again.output, again.output
    readme = tmp_path / "list.md"
    readme.write_text(f"# List\n\n# 2023\n\n## ICLR\n\n- {REORDERED[1]} [[paper](https://openreview.net/forum?id=Cams2)]\n",
                      encoding="utf-8")
    imported = invoke("import", readme, "--catalog", catalog_file)
    assert imported.exit_code == 0 and "wrote 0" in imported.output, imported.output
    assert [p.title for p in load(catalog_file).papers] == [REORDERED[0]]


# --- the catalog reader: venue aliases that are not strings ---------------------------------

BAD_ALIASES = """\
[list]
title = "Spiking List"

[[venues]]
abbr = "ICLR"
name = "International Conference on Learning Representations"
kind = "conference"
aliases = [1, 2]

[[venues]]
abbr = "CVPR"
name = "IEEE Conference on Computer Vision and Pattern Recognition"

[[papers]]
key = "spiking-a-2023"
title = "Spiking A"
venue = "CVPR"
year = 2023

[papers.links]
paper = "https://openreview.net/forum?id=SpikA"
"""


def test_search_on_a_catalog_with_non_string_aliases_warns_and_does_not_crash(tmp_path: Path) -> None:
    """mutation: the reader accepts ``aliases = [1, 2]``; search then folds an int and dies
    with a traceback. A real process shows what a user sees."""
    path = tmp_path / "papers.toml"
    path.write_text(BAD_ALIASES, encoding="utf-8")
    result = subprocess.run(command_line("search", "spiking", "--catalog", path), env=process_env(),
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert "Spiking A" in result.stdout
    warnings = [line for line in result.stderr.splitlines() if "aliases" in line]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("snn-papers: warning:") and "ICLR" in warnings[0]


# --- safe writes: nothing left beside the file after a failed write -----------------------

def _limit_file_size() -> None:
    # A write past 2 KiB fails with EFBIG (Python ignores SIGXFSZ): the temp file is made,
    # then the write into it fails halfway.
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


@pytest.mark.parametrize("command", ["export", "import"])
def test_a_failed_atomic_write_leaves_the_old_file_and_no_temp_file(
        command: str, tmp_path: Path, catalog_file: Path) -> None:
    """mutation: atomic_write no longer removes its temp file when the write fails."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / ("README.md" if command == "export" else "papers.toml")
    target.write_text("the old file\n", encoding="utf-8")
    args = (["export", "--catalog", catalog_file, "-o", target] if command == "export"
            else ["import", SEED, "-o", target, "--force"])
    result = subprocess.run(command_line(*args), env=process_env({"SNN_PAPERS_NO_CACHE": "1"}),
                            cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            preexec_fn=_limit_file_size)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("snn-papers: error:") and "nothing was changed" in result.stderr
    assert sorted(os.listdir(folder)) == [target.name]
    assert target.read_text(encoding="utf-8") == "the old file\n"


def test_the_same_write_without_the_limit_succeeds(tmp_path: Path, catalog_file: Path) -> None:
    """The limit above is what fails the write: the same command without it writes."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "README.md"
    result = subprocess.run(command_line("export", "--catalog", catalog_file, "-o", target),
                            env=process_env({"SNN_PAPERS_NO_CACHE": "1"}), cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert sorted(os.listdir(folder)) == ["README.md"] and target.stat().st_size > 2048


# --- the page: a URL with no host is never a link ------------------------------------------

NO_HOST = ["https:///x", "http:///", "https://", "https:x", "https:/x"]


@pytest.mark.parametrize("url", NO_HOST)
def test_a_url_without_a_host_in_the_lists_texts_is_text_not_a_link(url: str) -> None:
    """mutation: markdown_html.safe_url without its host test, so ``https:///x`` became a
    link. The expected links are literal, not computed by the code under test."""
    html = render_markdown_html(f"See [the home]({url}) and ![logo]({url}) and <{url}>, or"
                                " [this](https://example.org/list).")
    page = parse(f"<div>{html}</div>")
    assert [a.get("href") for a in page.find_all("a")] == ["https://example.org/list"]
    assert page.find_all("img") == []
    assert "the home" in page.text() and "this" in page.text()


def test_the_page_links_exactly_the_literal_urls_it_was_given() -> None:
    texts = ListTexts(title="Spiking List",
                      introduction="Read [the guide](https:///guide) or [the list](https://example.org/list).",
                      closing="[Star](https:///star) us: <https://example.org/star>")
    catalog = Catalog(texts, VENUES, (
        _paper("one-2023", "Spiking One", ("paper", "https://example.org/one"),
               ("code", "https://github.com/example/one")),))
    page = parse(render_html(catalog))
    hrefs = [a.get("href") for a in page.find_all("a") if not (a.get("href") or "").startswith("#")]
    assert sorted(hrefs) == ["https://example.org/list", "https://example.org/one",
                             "https://example.org/star", "https://github.com/example/one"]
    assert [img.get("src") for img in page.find_all("img")] == []

