"""``lint`` and ``fixes``: pure functions over a catalog, its text and the reader's problems.

The catalogs here are read by ``read`` below, a small reader that builds records the way
the catalog reader does (titles collapsed, ``line`` = the ``[[papers]]`` header line), so
these tests do not depend on the reader; the reader's problems are built as ``Problem``
values directly. One test runs the real reader on the shipped catalog.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import tomllib

import pytest
from conftest import CATALOG, REPO

from awesome_snn.lint import (
    Change,
    Finding,
    fixes,
    format_change,
    format_finding,
    has_errors,
    lint,
    problem_finding,
    spaced_titles,
)
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue
from awesome_snn.problems import Problem

_HEADER = re.compile(r"^\[\[papers\]\][ \t]*\r?$", re.M)


def read(text: str) -> Catalog:
    """The valid papers of a catalog text (tables the reader would refuse are left out)."""
    data = tomllib.loads(text)
    lines = [text.count("\n", 0, match.start()) + 1 for match in _HEADER.finditer(text)]
    venues = tuple(Venue(v["abbr"], v.get("name", v["abbr"]), v.get("kind", "conference"),
                         tuple(v.get("aliases", ()))) for v in data.get("venues", []))
    known = {venue.abbr for venue in venues}
    papers = []
    for table, line in zip(data.get("papers", []), lines, strict=True):
        if not isinstance(table.get("title"), str) or table.get("venue") not in known \
                or not 1950 <= table.get("year", 0) <= 2100:
            continue
        links = tuple(Link(label, url) for label, url in table.get("links", {}).items())
        papers.append(Paper(table.get("key", ""), " ".join(table["title"].split()),
                            table["venue"], table["year"], links, (), line))
    return Catalog(ListTexts(), venues, tuple(papers))


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string


def block(key: str, title: str, venue: str, year: int, links: tuple[Link, ...]) -> str:
    """A ``[[papers]]`` table, the title written exactly as given."""
    lines = ["[[papers]]", f"key = {toml_string(key)}", f"title = {toml_string(title)}",
             f"venue = {toml_string(venue)}", f"year = {year}"]
    if links:
        lines += ["", "[papers.links]"]
        lines += [f"{link.label} = {toml_string(link.url)}" for link in links]
    return "\n".join(lines) + "\n"


def append(text: str, *blocks: str) -> str:
    return text + "".join("\n" + b for b in blocks)


REAL_TEXT = CATALOG.read_text(encoding="utf-8")
REAL = read(REAL_TEXT)
FIRST = REAL.papers[0]  # rate-gradient-approximation-2023, CVPR 2023, paper + code links

REAL_FINDINGS = [
    ("warning", "code-host", "event-video-reconstruction-2022", 331),
    ("warning", "code-host", "brain-inspired-multilayer-2022", 341),
    ("warning", "dead-host", "brain-inspired-multilayer-2022", 341),
    ("warning", "arxiv-pdf", "multi-sacle-dynamic-2022", 660),
    ("warning", "not-snn", "scalable-spike-slab-2022", 796),
    ("warning", "http-link", "spiking-graph-convolutional-2022", 825),
]
"""What ``check`` reports on the seed catalog: two code links to a project page and to
Papers with Code (the second also a dead site: a code link, so a warning), an arXiv PDF link,
"Scalable Spike-and-Slab" (a statistics term, not spiking networks) and an http arXiv link.
No errors."""


def with_paper(title: str = "A Distinct Title About Dendrites", venue: str = "CVPR",
               year: int = 2023, links: tuple[Link, ...] = (Link("paper", "https://e.org/1"),),
               key: str = "new-paper-2023", text: str = REAL_TEXT) -> str:
    """The real catalog's text with one more paper appended (title written as given)."""
    return append(text, block(key, title, venue, year, links))


def lint_text(text: str, problems: tuple[Problem, ...] = ()) -> list[Finding]:
    return lint(read(text), text, problems)


def last_line(text: str) -> int:
    return text.count("\n", 0, list(_HEADER.finditer(text))[-1].start()) + 1


def new_findings(text: str, rule: str | None = None) -> list[Finding]:
    """Findings about the appended paper (the last table), optionally of one rule."""
    line = last_line(text)
    return [f for f in lint_text(text) if f.line == line and (rule is None or f.rule == rule)]


# --- the real catalog ----------------------------------------------------------------------

def test_real_catalog_findings_are_exactly_the_reported_warnings() -> None:
    findings = lint(REAL, REAL_TEXT, ())
    assert [(f.severity, f.rule, f.key, f.line) for f in findings] == REAL_FINDINGS
    assert not has_errors(findings)


def test_real_catalog_through_the_catalog_reader() -> None:
    from awesome_snn.catalog import open_catalog

    view = open_catalog(CATALOG)
    findings = lint(view.catalog(), view.text(), view.problems)
    assert [(f.severity, f.rule, f.key, f.line) for f in findings] == REAL_FINDINGS


def test_lint_reads_no_files_and_imports_no_store_or_writer() -> None:
    """The lint is pure: importing it loads nothing that reads, writes or prints."""
    code = ("import json, sys, awesome_snn.lint, awesome_snn.duplicates; "
            "print(json.dumps([m for m in sys.modules if m.startswith('awesome_snn')]))")
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                       text=True, check=True, cwd=REPO).stdout)
    assert not {"awesome_snn.store", "awesome_snn.operations", "awesome_snn.catalog",
                "awesome_snn.snapshot", "awesome_snn.cli", "awesome_snn.render"} & set(loaded)


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
    ("Rate Gradient Approximation Attack Threats Deep Spiking Neural Networks Revisited",
     None),  # a word more: another paper as often as not
    ("Rate Coding Attacks on Deep Spiking Neural Networks", None),
    ("A Distinct Title About Dendrites", None),
])
def test_same_title_is_an_error_and_a_near_one_a_warning(title: str, rule: str | None) -> None:
    """Same after folding case, punctuation and spacing: error; a typo, plural, swapped or
    added word: warning; never both for one pair."""
    found = [f for f in new_findings(with_paper(title=title)) if "duplicate" in f.rule]
    if rule is None:
        assert found == []
        return
    severity = "error" if rule == "duplicate-title" else "warning"
    assert [(f.severity, f.rule, f.key) for f in found] == [(severity, rule, "new-paper-2023")]
    assert f"{FIRST.key} (line {FIRST.line})" in found[0].message


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
    arxiv_paper = next(p for p in REAL.papers if p.key == "deep-spiking-neural-2023")
    assert arxiv_paper.paper_url == "https://arxiv.org/abs/2303.06060"
    text = with_paper(links=(Link("paper", "http://arxiv.org/pdf/2303.06060v2.pdf"),))
    found = new_findings(text, "duplicate-url")
    assert [(f.severity, f.key) for f in found] == [("error", "new-paper-2023")]
    assert arxiv_paper.key in found[0].message


@pytest.mark.parametrize(("label", "severity"), [
    ("code", "warning"),  # two papers from one repository
    ("paper", "error"),   # the other paper's code link as this one's paper link
    ("project", "error"),
])
def test_sharing_another_papers_code_link_is_a_warning_only_as_a_code_link(
        label: str, severity: str) -> None:
    text = with_paper(links=(Link("paper" if label != "paper" else "arxiv", "https://e.org/1"),
                             Link(label, "https://github.com/putshua/snn_attack_rga/")))
    found = new_findings(text, "duplicate-url")
    assert [(f.severity, f.key) for f in found] == [(severity, "new-paper-2023")]


def test_one_paper_linking_the_same_page_twice_is_a_repeated_link_warning() -> None:
    text = with_paper(links=(Link("paper", "https://arxiv.org/abs/2401.00001"),
                             Link("arxiv", "https://arxiv.org/pdf/2401.00001v2")))
    assert [(f.severity, f.rule) for f in new_findings(text)] == [("warning", "arxiv-pdf"),
                                                                 ("warning", "repeated-link")]


def test_each_copy_of_a_title_names_the_first_paper() -> None:
    title = "A Distinct Title About Dendrites"
    text = with_paper(title=title, key="copy-a")
    text = with_paper(title=title.upper(), key="copy-b", text=text)
    text = with_paper(title=title + "!", key="copy-c", text=text)
    found = [f for f in lint_text(text) if f.rule == "duplicate-title"]
    assert [f.key for f in found] == ["copy-b", "copy-c"]
    assert all("copy-a" in f.message for f in found)


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
    ("TNNLS", 1989, True),
    ("CVPR", 2024, False),
])
def test_year_before_the_venue_began_is_an_error(venue: str, year: int, flagged: bool) -> None:
    found = new_findings(with_paper(venue=venue, year=year), "year-range")
    assert [f.severity for f in found] == (["error"] if flagged else [])


def test_a_registered_venue_named_by_an_alias_of_a_known_one_gets_its_founding_year() -> None:
    venue_block = '[[venues]]\nabbr = "NIPS"\nname = "Neural Information Processing"\n'
    text = with_paper(venue="NIPS", year=1980, text=append(REAL_TEXT, venue_block))
    assert [f.rule for f in new_findings(text)] == ["year-range"]


def test_year_range_is_not_judged_for_a_venue_without_a_known_founding_year() -> None:
    venue_block = '[[venues]]\nabbr = "SNNW"\nname = "SNN Workshop"\nkind = "conference"\n'
    text = with_paper(venue="SNNW", year=1951, text=append(REAL_TEXT, venue_block))
    assert new_findings(text) == []


@pytest.mark.parametrize(("url", "warned"), [
    ("https://github.com/putshua/snn_attack_rga", False),
    ("https://gitlab.com/group/project", False),
    ("https://gitlab.inria.fr/team/project", False),
    ("https://huggingface.co/org/model", False),
    ("https://gitee.com/user/repo", False),
    ("https://gist.github.com/user/abc", False),
    ("https://GitHub.com/user/repo", False),
    ("https://user@github.com:443/user/repo", False),
    ("https://sites.google.com/view/evsnn", True),
    ("https://paperswithcode.com/paper/x", True),
    ("https://notgithub.com/x", True),
])
def test_code_link_off_a_code_host_is_a_warning(url: str, warned: bool) -> None:
    text = with_paper(links=(Link("paper", "https://e.org/1"), Link("code", url)))
    found = new_findings(text, "code-host")
    assert [f.severity for f in found] == (["warning"] if warned else [])


# --- the reader's problems -----------------------------------------------------------------

PAPER_RULES = ["missing-title", "invalid-title", "missing-year", "invalid-year", "missing-venue",
               "unknown-venue", "invalid-link", "invalid-key", "duplicate-key", "invalid-record"]
CATALOG_RULES = ["invalid-catalog", "invalid-venue", "invalid-list"]


@pytest.mark.parametrize("rule", PAPER_RULES)
def test_a_paper_problem_is_an_error_under_its_own_rule_with_key_and_line(rule: str) -> None:
    problem = Problem("papers.toml", 120, 0, rule, "what is wrong: how to fix it", "some-key")
    assert problem_finding(problem) == Finding("error", rule, "some-key", 120,
                                               "what is wrong: how to fix it")


@pytest.mark.parametrize("rule", CATALOG_RULES)
def test_a_catalog_or_venue_problem_is_an_error_naming_no_paper(rule: str) -> None:
    problem = Problem("papers.toml", 26, 0, rule, "venue #2: a venue needs abbr", "AAAI")
    assert problem_finding(problem) == Finding("error", rule, "", 26,
                                               "venue #2: a venue needs abbr")


def test_the_rule_is_taken_from_the_problem_never_from_its_message() -> None:
    """A message that mentions a title, a URL or a year does not change the rule."""
    problem = Problem("papers.toml", 7, 3, "unknown-venue",
                      "venue 'X' (title, URL, year) is not in the [[venues]] registry", "k")
    assert problem_finding(problem).rule == "unknown-venue"
    assert problem_finding(Problem("p", 0, 0, "a-new-rule", "m")).rule == "a-new-rule"


def test_problems_are_sorted_in_with_the_findings_and_make_check_fail() -> None:
    text = with_paper(title="Ends with a period.")
    line = last_line(text)
    problems = (Problem("papers.toml", line, 0, "invalid-year", "year 2999 is outside", "x-2999"),
                Problem("papers.toml", 0, 0, "invalid-list", "[list] title must be a string"))
    findings = lint(read(text), text, problems)
    assert [(f.line, f.severity, f.rule) for f in findings][:1] == [(0, "error", "invalid-list")]
    assert [(f.severity, f.rule, f.key) for f in findings if f.line == line] == [
        ("error", "invalid-year", "x-2999"), ("warning", "title-period", "new-paper-2023")]
    assert has_errors(findings)
    assert not has_errors([f for f in findings if f.severity == "warning"])


def test_a_catalog_of_nothing_but_problems_lints() -> None:
    problems = [Problem("papers.toml", 3, 5, "invalid-catalog", "not TOML")]
    assert lint(Catalog(), None, problems) == [Finding("error", "invalid-catalog", "", 3,
                                                       "not TOML")]


# --- title text ----------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "rules"), [
    (" Leading space", ["title-spacing"]),
    ("Trailing space ", ["title-spacing"]),
    ("Double  space", ["title-spacing"]),
    ("Non\u00a0breaking space", ["title-spacing"]),
    ("Single spaces only", []),
    ("Accented Spïking Títle", []),
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


@pytest.mark.parametrize("written", [
    'title = "Double  space"',
    "title = 'Double  space'",
    'title = "Double \\u0020space"',
    'title = """Double  space"""',
    'title   =   "Double  space"   # a note',
    '  title = "Double  space"',
])
def test_title_spacing_is_judged_on_the_title_as_written(written: str) -> None:
    text = with_paper(title="Double space").replace('title = "Double space"', written)
    assert [f.rule for f in new_findings(text)] == ["title-spacing"]


def test_title_spacing_reads_crlf_files() -> None:
    text = with_paper(title="Double  space").replace("\n", "\r\n")
    catalog = read(text)
    assert spaced_titles(catalog, text) == {len(catalog.papers) - 1: "Double  space"}


def test_a_spaced_title_outside_the_papers_is_not_a_paper_finding() -> None:
    text = REAL_TEXT.replace('title = "Awesome SNN Conference Paper"',
                             'title = "Awesome  SNN Conference Paper"', 1)
    assert [(f.rule, f.key) for f in lint(REAL, text, ())] == [
        (rule, key) for _s, rule, key, _l in REAL_FINDINGS]


def test_without_the_text_spacing_is_not_judged() -> None:
    text = with_paper(title="Double  space")
    assert [f for f in lint(read(text), None, ()) if f.rule == "title-spacing"] == []


# --- fixes ---------------------------------------------------------------------------------

def apply(text: str, catalog: Catalog, changes: list[Change]) -> str:
    """What the catalog writer does with ``fixes``: each changed value rewritten in its
    paper's table (here: the first occurrence after the paper's header line)."""
    lines = text.split("\n")
    for change in changes:
        index = change.line - 1
        while toml_string(change.before) not in lines[index]:
            index += 1
        lines[index] = lines[index].replace(toml_string(change.before),
                                            toml_string(change.after), 1)
    return "\n".join(lines)


def test_fixes_on_the_real_catalog_are_the_two_links() -> None:
    papers, changes = fixes(REAL, REAL_TEXT)
    assert [(c.rule, c.key, c.field, c.after) for c in changes] == [
        ("arxiv-pdf", "multi-sacle-dynamic-2022", "links.paper",
         "https://arxiv.org/abs/2106.07854v3"),
        ("http-link", "spiking-graph-convolutional-2022", "links.paper",
         "https://arxiv.org/abs/2205.02767"),
    ]
    assert [(p.key, p.paper_url) for p in papers] == [
        ("multi-sacle-dynamic-2022", "https://arxiv.org/abs/2106.07854v3"),
        ("spiking-graph-convolutional-2022", "https://arxiv.org/abs/2205.02767")]
    originals = {p.key: p for p in REAL.papers}
    for paper in papers:  # only the fixed link changes; key, title, line and the rest stay
        before = originals[paper.key]
        assert (paper.key, paper.title, paper.venue, paper.year, paper.line) == (
            before.key, before.title, before.venue, before.year, before.line)
        assert [link.label for link in paper.links] == [link.label for link in before.links]


def test_fixes_then_nothing_fixable_is_left() -> None:
    text = with_paper(title="  Spacing  to   fix ", links=(
        Link("paper", "http://arxiv.org/pdf/2401.00001v2.pdf"),
        Link("code", "http://github.com/a/b")))
    catalog = read(text)
    papers, changes = fixes(catalog, text)
    mine = [c for c in changes if c.key == "new-paper-2023"]
    assert [(c.rule, c.field, c.before, c.after) for c in mine] == [
        ("title-spacing", "title", "  Spacing  to   fix ", "Spacing to fix"),
        ("arxiv-pdf", "links.paper", "http://arxiv.org/pdf/2401.00001v2.pdf",
         "https://arxiv.org/abs/2401.00001v2"),
        ("http-link", "links.code", "http://github.com/a/b", "https://github.com/a/b")]
    fixed = papers[-1]
    assert (fixed.title, fixed.links) == ("Spacing to fix", (
        Link("paper", "https://arxiv.org/abs/2401.00001v2"), Link("code", "https://github.com/a/b")))
    once = apply(text, catalog, changes)
    assert fixes(read(once), once) == ([], [])
    fixable = {"title-spacing", "arxiv-pdf", "http-link"}
    assert [f for f in lint_text(once) if f.rule in fixable] == []


@pytest.mark.parametrize(("url", "fixed"), [
    ("http://example.org/paper", None),
    ("http://openreview.net/forum?id=x", "https://openreview.net/forum?id=x"),
    ("HTTP://github.com/a/b", "https://github.com/a/b"),
    ("https://arxiv.org/pdf/2401.00001", "https://arxiv.org/abs/2401.00001"),
    ("https://arxiv.org/pdf/2401.00001v3.pdf", "https://arxiv.org/abs/2401.00001v3"),
    ("https://arxiv.org/pdf/2401.00001?download=1", None),
    ("https://arxiv.org/abs/2401.00001", None),
])
def test_fixes_upgrade_only_what_is_known_safe(url: str, fixed: str | None) -> None:
    text = with_paper(links=(Link("paper", url),))
    papers, _changes = fixes(read(text), text)
    mine = [p for p in papers if p.key == "new-paper-2023"]
    assert [p.paper_url for p in mine] == ([fixed] if fixed else [])


def test_format_change_names_file_line_key_field_and_rule() -> None:
    change = Change("arxiv-pdf", "k-2023", 12, "links.paper", "http://a", "https://b")
    assert format_change(change, "papers.toml") == (
        "papers.toml:12: fixed: k-2023: links.paper 'http://a' -> 'https://b' [arxiv-pdf]")


# --- a large catalog -----------------------------------------------------------------------

SYLLABLES = ("spi", "ka", "neu", "ro", "mor", "phic", "ten", "sor", "flo", "wer", "gra", "di",
             "ent", "lat", "ti", "ce", "vo", "lu", "syn", "ap", "tic", "cor", "tex", "den")


def generated(count: int, seed: int = 7) -> list[Paper]:
    """``count`` papers whose titles are five made-up words: all distinct, rarely alike."""
    rng = random.Random(seed)
    titles: set[str] = set()
    papers = []
    while len(papers) < count:
        words = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))).capitalize()
                 for _ in range(5)]
        title = " ".join(words)
        if title.lower() in titles:
            continue
        titles.add(title.lower())
        index = len(papers)
        papers.append(Paper(f"p{index}", title, "CVPR", 2023,
                            (Link("paper", f"https://e.org/{index}"),), (), 10 + 8 * index))
    return papers


def test_lint_of_20000_papers_finds_every_planted_duplicate() -> None:
    papers = generated(20000)
    rng = random.Random(11)
    originals = rng.sample(range(19000), 7)

    def typo(title: str) -> str:
        at = len(title) // 2
        return title[:at] + title[at + 1] + title[at] + title[at + 2:]

    words = lambda title: title.split()  # noqa: E731
    edits = [
        ("duplicate-title", lambda t: t.upper().replace(" ", " - ")),            # re-cased, re-punctuated
        ("duplicate-title", lambda t: t.lower() + "!"),
        ("near-duplicate-title", lambda t: " ".join(reversed(words(t)))),        # reordered
        ("near-duplicate-title", typo),                                          # one typo
        ("near-duplicate-title", lambda t: t + "s"),                             # a plural
        (None, lambda t: " ".join(words(t)[:2] + ["Deep"] + words(t)[2:])),  # a word more: not flagged
        ("near-duplicate-title", lambda t: " ".join(words(t)[1:] + words(t)[:1]) + "s"),
    ]
    planted = []
    for number, (original, (rule, edit)) in enumerate(zip(originals, edits, strict=True)):
        at = 20000 - 7 + number
        source = papers[original]
        papers[at] = Paper(f"copy{number}", edit(source.title), "CVPR", 2023,
                           (Link("paper", f"https://copy.org/{number}"),), (), papers[at].line)
        planted.append((rule, papers[at].key, source.key))
    findings = lint(Catalog(ListTexts(), (Venue("CVPR", "CVPR"),), tuple(papers)), None, ())
    found = {(f.rule, f.key, re.search(r"(p\d+) \(line", f.message).group(1))
             for f in findings if "duplicate-title" in f.rule}
    assert {p for p in planted if p[0] is not None} <= found
    assert not {(rule, key) for rule, key, _source in found} & {("near-duplicate-title", key)
                                                                 for rule, key, _s in planted if rule is None}
    assert len(found) < 40  # made-up titles are rarely alike: no flood of false alarms


def test_two_spaced_titles_are_each_matched_to_their_own_paper() -> None:
    first = with_paper(title="First  spaced title", key="first-spaced-2023")
    second = with_paper(title="Second  spaced title", key="second-spaced-2023", text=first)
    text = with_paper(title="A Plain Title After Them", key="plain-after-2023", text=second)
    catalog = read(text)
    count = len(catalog.papers)
    assert spaced_titles(catalog, text) == {count - 3: "First  spaced title",
                                            count - 2: "Second  spaced title"}
