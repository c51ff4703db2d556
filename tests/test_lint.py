from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CATALOG

from awesome_snn import store
from awesome_snn.lint import (
    NEAR_DUPLICATE_THRESHOLD,
    Finding,
    canonical_url,
    findings_json,
    fix,
    fix_file,
    format_finding,
    has_errors,
    lint,
    lint_file,
    readme_finding,
)
from awesome_snn.markdown_render import render_markdown
from awesome_snn.model import Link, Paper

REAL_TEXT = CATALOG.read_text(encoding="utf-8")
REAL, _ = store.load_catalog(CATALOG)
FIRST = REAL.papers[0]  # rate-gradient-approximation-2023, CVPR 2023, paper + code links

REAL_FINDINGS = [
    ("warning", "code-host", "event-video-reconstruction-2022", 331),
    ("warning", "code-host", "brain-inspired-multilayer-2022", 341),
    ("warning", "arxiv-pdf", "multi-sacle-dynamic-2022", 660),
    ("warning", "http-link", "spiking-graph-convolutional-2022", 825),
]
"""What ``check`` reports on the seed catalog: two code links to a project page and to
Papers with Code, an arXiv PDF link and an http arXiv link. No errors."""


def with_paper(title: str = "A Distinct Title About Dendrites", venue: str = "CVPR",
               year: int = 2023, links: tuple[Link, ...] = (Link("paper", "https://e.org/1"),),
               key: str = "new-paper-2023", text: str = REAL_TEXT) -> str:
    """The real catalog's text with one more paper appended (title written as given)."""
    paper = Paper(key, title, venue, year, links)
    return store.append_blocks(text, [store.paper_block(paper)])


def lint_text(text: str) -> list[Finding]:
    catalog, problems = store.parse_catalog(text, Path("papers.toml"))
    return lint(catalog, text, problems)


def new_findings(text: str, rule: str | None = None) -> list[Finding]:
    """Findings about the appended paper (the last table), optionally of one rule."""
    last_line = store.paper_header_lines(text)[-1]
    return [f for f in lint_text(text)
            if f.line == last_line and (rule is None or f.rule == rule)]


# --- the real catalog ----------------------------------------------------------------------

def test_real_catalog_findings_are_exactly_the_reported_warnings() -> None:
    findings = lint_file(CATALOG)
    assert [(f.severity, f.rule, f.key, f.line) for f in findings] == REAL_FINDINGS
    assert not has_errors(findings)


def test_real_catalog_closest_distinct_titles_stay_below_the_near_duplicate_threshold() -> None:
    from rapidfuzz import fuzz

    from awesome_snn.search import normalise_title

    a = normalise_title(REAL.paper("reducing-information-loss-2022").title)
    b = normalise_title(REAL.paper("im-loss-2022").title)
    assert round(fuzz.ratio(a, b), 1) == 78.0 < NEAR_DUPLICATE_THRESHOLD - 5


def test_every_finding_is_one_line_naming_key_line_and_rule() -> None:
    findings = lint_text(with_paper(title="Rate  gradient approximation attack threats deep"
                                          " spiking neural networks.", links=()))
    assert findings
    for finding in findings:
        line = format_finding(finding, "papers.toml")
        assert "\n" not in line
        assert line.startswith(f"papers.toml:{finding.line}: {finding.severity}: ")
        assert line.endswith(f"[{finding.rule}]")
    assert [f.line for f in findings] == sorted(f.line for f in findings)


# --- duplicates ----------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "rule"), [
    ("Rate Gradient Approximation Attack Threats Deep Spiking Neural Networks", "duplicate-title"),
    ("rate gradient approximation attack threats deep spiking neural networks", "duplicate-title"),
    ("Rate-Gradient Approximation:  Attack Threats, Deep Spiking Neural Networks!",
     "duplicate-title"),
    ("Rate Gradient Aproximation Attack Threats Deep Spiking Neural Networks",
     "near-duplicate-title"),
    ("Rate Gradient Approximation Attack Threats Deep Spiking Neural Network",
     "near-duplicate-title"),
    ("Gradient Rate Approximation Attack Threats Deep Spiking Neural Networks",
     "near-duplicate-title"),
    ("Rate Gradient Approximation Attacks Threaten Deep Spiking Neural Networks",
     "near-duplicate-title"),
    ("Rate Coding Attacks on Deep Spiking Neural Networks", None),
    ("A Distinct Title About Dendrites", None),
])
def test_same_title_is_an_error_and_a_near_one_a_warning(title: str, rule: str | None) -> None:
    """Same after folding case, punctuation and spacing: error; a typo, plural or swapped
    words: warning; never both for one pair."""
    found = [f for f in new_findings(with_paper(title=title)) if "duplicate" in f.rule]
    if rule is None:
        assert found == []
        return
    severity = "error" if rule == "duplicate-title" else "warning"
    assert [(f.severity, f.rule, f.key) for f in found] == [(severity, rule, "new-paper-2023")]
    assert f"{FIRST.key} (line {FIRST.line})" in found[0].message


@pytest.mark.parametrize(("a", "b"), [
    ("https://arxiv.org/abs/2205.00459", "http://arxiv.org/abs/2205.00459"),
    ("https://arxiv.org/abs/2205.00459", "https://www.arxiv.org/abs/2205.00459/"),
    ("https://arxiv.org/abs/2205.00459", "https://arxiv.org/abs/2205.00459v2"),
    ("https://arxiv.org/abs/2205.00459v1", "https://arxiv.org/abs/2205.00459v3"),
    ("https://arxiv.org/abs/2205.00459", "https://arxiv.org/pdf/2205.00459"),
    ("https://arxiv.org/abs/2205.00459", "http://arxiv.org/pdf/2205.00459v2.pdf"),
    ("https://arxiv.org/abs/cs/0112017", "https://export.arxiv.org/pdf/cs/0112017v1"),
    ("https://openreview.net/forum?id=7B3IJMM1k_M", "https://openreview.net/pdf?id=7B3IJMM1k_M"),
    ("https://github.com/putshua/snn_attack_rga", "http://www.github.com/putshua/snn_attack_rga/"),
    ("https://link.springer.com/chapter/10.1007/978-3-031-20083-0_3#Sec5",
     "https://link.springer.com/chapter/10.1007/978-3-031-20083-0_3"),
    ("https://Example.ORG/paper", "https://example.org/paper"),
    ("https://example.org:443/paper", "http://example.org:80/paper"),
])
def test_canonical_url_is_the_same_for_the_same_page(a: str, b: str) -> None:
    assert canonical_url(a) == canonical_url(b)


@pytest.mark.parametrize(("a", "b"), [
    ("https://arxiv.org/abs/2205.00459", "https://arxiv.org/abs/2205.00458"),
    ("https://arxiv.org/abs/2205.00459", "https://arxiv.org/abs/2205.0045"),
    ("https://openreview.net/forum?id=A1", "https://openreview.net/forum?id=A2"),
    ("https://github.com/putshua/snn_attack_rga", "https://github.com/putshua/snn_attack"),
    ("https://example.org/paper", "https://example.org/paper?page=2"),
    ("https://example.org/#/paper/1", "https://example.org/#/paper/2"),
    ("https://example.org/paper", "https://example.org:8443/paper"),
    ("https://example.org/paper", "https://example.org:abc/paper"),
    ("https://arxiv.org/abs/2205.00459", "https://notarxiv.org/abs/2205.00459"),
])
def test_canonical_url_differs_for_different_pages(a: str, b: str) -> None:
    assert canonical_url(a) != canonical_url(b)


@pytest.mark.parametrize(("url", "severity"), [
    ("https://openaccess.thecvf.com/content/CVPR2023/html/Bu_Rate_Gradient_Approximation_Attack"
     "_Threats_Deep_Spiking_Neural_Networks_CVPR_2023_paper.html/", "error"),
    ("http://www.openaccess.thecvf.com/content/CVPR2023/html/Bu_Rate_Gradient_Approximation_Attack"
     "_Threats_Deep_Spiking_Neural_Networks_CVPR_2023_paper.html", "error"),
    ("https://openaccess.thecvf.com/content/CVPR2023/html/Another_paper.html", None),
])
def test_duplicate_url_of_another_papers_paper_link_is_an_error(url: str, severity) -> None:
    found = new_findings(with_paper(links=(Link("paper", url),)), "duplicate-url")
    assert [f.severity for f in found] == ([severity] if severity else [])
    if severity:
        assert FIRST.key in found[0].message


def test_duplicate_arxiv_link_in_pdf_form_with_a_version_is_found() -> None:
    arxiv_paper = REAL.paper("deep-spiking-neural-2023")  # https://arxiv.org/abs/2303.06060
    text = with_paper(links=(Link("paper", "http://arxiv.org/pdf/2303.06060v2.pdf"),))
    found = new_findings(text, "duplicate-url")
    assert [(f.severity, f.key) for f in found] == [("error", "new-paper-2023")]
    assert arxiv_paper.key in found[0].message


def test_two_papers_sharing_one_code_repository_is_only_a_warning() -> None:
    text = with_paper(links=(Link("paper", "https://e.org/1"),
                             Link("code", "https://github.com/putshua/snn_attack_rga/")))
    found = new_findings(text, "duplicate-url")
    assert [(f.severity, f.key) for f in found] == [("warning", "new-paper-2023")]


def test_one_paper_linking_the_same_page_twice_is_a_repeated_link_warning() -> None:
    text = with_paper(links=(Link("paper", "https://arxiv.org/abs/2401.00001"),
                             Link("arxiv", "https://arxiv.org/pdf/2401.00001v2")))
    assert [(f.severity, f.rule) for f in new_findings(text)] == [("warning", "arxiv-pdf"),
                                                                 ("warning", "repeated-link")]


# --- fields --------------------------------------------------------------------------------

def test_paper_without_a_link_is_an_error() -> None:
    found = new_findings(with_paper(links=()), "no-link")
    assert [(f.severity, f.key) for f in found] == [("error", "new-paper-2023")]
    assert new_findings(with_paper(), "no-link") == []


@pytest.mark.parametrize(("venue", "year", "flagged"), [
    ("NeurIPS", 1986, True),
    ("NeurIPS", 1987, False),
    ("ICLR", 2012, True),
    ("ICLR", 2013, False),
    ("TNNLS", 1990, False),
    ("CVPR", 2024, False),
])
def test_year_before_the_venue_began_is_an_error(venue: str, year: int, flagged: bool) -> None:
    found = new_findings(with_paper(venue=venue, year=year), "year-range")
    assert [f.severity for f in found] == (["error"] if flagged else [])


def test_year_range_is_not_judged_for_a_venue_without_a_known_founding_year() -> None:
    venue_block = '[[venues]]\nabbr = "SNNW"\nname = "SNN Workshop"\nkind = "conference"\n'
    text = with_paper(venue="SNNW", year=1951, text=store.append_blocks(REAL_TEXT, [venue_block]))
    assert new_findings(text) == []


def test_year_after_next_year_is_reported_from_the_store_as_an_error() -> None:
    found = new_findings(with_paper(year=2999))
    assert [(f.severity, f.rule, f.key) for f in found] == [
        ("error", "invalid-year", "new-paper-2023")]


def test_venue_not_in_the_registry_is_an_unknown_venue_error_with_key_and_line() -> None:
    text = with_paper(venue="FOOCONF")
    found = new_findings(text)
    assert [(f.severity, f.rule, f.key) for f in found] == [
        ("error", "unknown-venue", "new-paper-2023")]
    assert "[[venues]] registry" in found[0].message and "papers.toml" not in found[0].message


def test_missing_title_is_an_error_on_the_papers_line() -> None:
    text = store.append_blocks(REAL_TEXT, ['[[papers]]\nkey = "untitled"\nvenue = "CVPR"\n'
                                           'year = 2023\n'])
    found = new_findings(text)
    assert [(f.severity, f.rule, f.key) for f in found] == [("error", "missing-title",
                                                              "untitled")]
    assert has_errors(found)


def test_a_broken_venue_is_reported_on_its_venues_line() -> None:
    text = REAL_TEXT.replace('abbr = "IJCNN"', 'abbr = ""', 1)
    line = text.split("\n").index('abbr = ""')  # the header is the line above (1-based: +0)
    venue_findings = [f for f in lint_text(text) if f.rule == "invalid-venue"]
    assert [(f.severity, f.line) for f in venue_findings] == [("error", line)]


@pytest.mark.parametrize(("url", "warned"), [
    ("https://github.com/putshua/snn_attack_rga", False),
    ("https://gitlab.com/group/project", False),
    ("https://gitlab.inria.fr/team/project", False),
    ("https://huggingface.co/org/model", False),
    ("https://gitee.com/user/repo", False),
    ("https://gist.github.com/user/abc", False),
    ("https://sites.google.com/view/evsnn", True),
    ("https://paperswithcode.com/paper/x", True),
    ("https://notgithub.com/x", True),
])
def test_code_link_off_a_code_host_is_a_warning(url: str, warned: bool) -> None:
    text = with_paper(links=(Link("paper", "https://e.org/1"), Link("code", url)))
    found = new_findings(text, "code-host")
    assert [f.severity for f in found] == (["warning"] if warned else [])


# --- title text ----------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "rules"), [
    (" Leading space", ["title-spacing"]),
    ("Trailing space ", ["title-spacing"]),
    ("Double  space", ["title-spacing"]),
    ("Single spaces only", []),
    ("Ends with a period.", ["title-period"]),
    ("Ends with an ellipsis...", []),
    ("Version 2.0 of a method", []),
    ("Unclosed (bracket", ["title-brackets"]),
    ("Closed too soon) here", ["title-brackets"]),
    ("Crossed ([brackets)]", ["title-brackets"]),
    ("Balanced (round) [square] {curly}", []),
])
def test_title_text_rules(title: str, rules: list[str]) -> None:
    found = new_findings(with_paper(title=title))
    assert [f.rule for f in found] == rules
    assert all(f.severity == "warning" for f in found)


# --- output forms --------------------------------------------------------------------------

def test_findings_json_counts_errors_and_warnings_and_lists_every_field() -> None:
    findings = new_findings(with_paper(title="Ends with a period.", links=()))
    document = json.loads(findings_json(findings, "papers.toml"))
    assert document["catalog"] == "papers.toml"
    assert (document["errors"], document["warnings"]) == (1, 1)
    assert [list(f) for f in document["findings"]] == [
        ["severity", "rule", "key", "line", "message"]] * 2


def test_readme_finding_is_none_for_exported_readme_and_an_error_for_a_stale_one(
        tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(render_markdown(REAL), encoding="utf-8")
    assert readme_finding(readme, REAL) is None
    readme.write_text(render_markdown(REAL).replace("Spikformer", "Spikeformer"),
                      encoding="utf-8")
    finding = readme_finding(readme, REAL)
    assert finding is not None and finding.severity == "error"
    assert "snn-papers export -o" in finding.message


# --- fix -----------------------------------------------------------------------------------

def test_fix_on_the_real_catalog_changes_only_the_two_link_lines() -> None:
    new_text, changes = fix(REAL_TEXT)
    assert [(c.rule, c.key, c.field, c.after) for c in changes] == [
        ("arxiv-pdf", "multi-sacle-dynamic-2022", "links.paper",
         "https://arxiv.org/abs/2106.07854v3"),
        ("http-link", "spiking-graph-convolutional-2022", "links.paper",
         "https://arxiv.org/abs/2205.02767"),
    ]
    old_lines, new_lines = REAL_TEXT.split("\n"), new_text.split("\n")
    assert len(old_lines) == len(new_lines)
    changed = [i + 1 for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert changed == [667, 832]


def test_fix_is_idempotent_and_leaves_nothing_fixable() -> None:
    text = with_paper(title="  Spacing  to   fix ", links=(
        Link("paper", "http://arxiv.org/pdf/2401.00001v2.pdf"),
        Link("code", "http://github.com/a/b")))
    once, changes = fix(text)
    assert {c.rule for c in changes} == {"title-spacing", "arxiv-pdf", "http-link"}
    twice, again = fix(once)
    assert twice == once and again == []
    fixable = {"title-spacing", "arxiv-pdf", "http-link"}
    assert [f for f in lint_text(once) if f.rule in fixable] == []
    assert 'title = "Spacing to fix"' in once
    assert 'paper = "https://arxiv.org/abs/2401.00001v2"' in once


def test_fix_keeps_every_other_byte_of_the_file() -> None:
    text = with_paper(title="Double  space") + "\n# a closing comment\n"
    text = text.replace("\n[[venues]]\n", "\n# a note kept by hand\n[[venues]]\n", 1)
    new_text, changes = fix(text)
    assert len(changes) == 3  # the new paper's spacing and the real catalog's two links
    start = new_text.index('title = "Double space"')
    assert new_text[:start].count("\n") == text[:text.index('title = "Double  space"')].count("\n")
    assert new_text.replace('title = "Double space"', 'title = "Double  space"').replace(
        "https://arxiv.org/abs/2106.07854v3", "https://arxiv.org/pdf/2106.07854v3").replace(
        "https://arxiv.org/abs/2205.02767", "http://arxiv.org/abs/2205.02767") == text


def test_fix_upgrades_http_only_for_hosts_known_to_serve_https() -> None:
    text = with_paper(links=(Link("paper", "http://example.org/paper"),))
    _new, changes = fix(text)
    assert "new-paper-2023" not in {c.key for c in changes}


def test_fix_leaves_a_table_with_a_comment_alone() -> None:
    text = with_paper(title="Double  space").replace(
        'key = "new-paper-2023"', 'key = "new-paper-2023"  # keep this note')
    new_text, changes = fix(text)
    assert "new-paper-2023" not in {c.key for c in changes}
    assert "Double  space" in new_text and "# keep this note" in new_text


def test_fix_leaves_a_table_alone_when_the_rewrite_would_add_a_key() -> None:
    text = store.append_blocks(REAL_TEXT, [
        '[[papers]]\ntitle = "No  key here"\nvenue = "CVPR"\nyear = 2023\n\n'
        '[papers.links]\npaper = "https://e.org/nokey"\n'])
    new_text, changes = fix(text)
    assert len(changes) == 2 and "No  key here" in new_text


def test_fix_file_writes_the_fixed_catalog_and_reports_the_changes(catalog_file: Path) -> None:
    changes = fix_file(catalog_file)
    assert len(changes) == 2
    assert catalog_file.read_text(encoding="utf-8") == fix(REAL_TEXT)[0]
    assert fix_file(catalog_file) == []
    assert [f.rule for f in lint_file(catalog_file)] == ["code-host", "code-host"]
