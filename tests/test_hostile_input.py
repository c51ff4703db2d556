"""Hostile input: bad values for add/edit, titles that try to inject Markdown, and READMEs
built to break the importer. The catalog must stay byte-identical whenever input is refused."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from mdparse import render
from typer.testing import CliRunner

from awesome_snn import catalog as catalogs
from awesome_snn.cli import app
from awesome_snn.errors import InvalidInput
from awesome_snn.folding import fold
from awesome_snn.markdown_import import import_markdown
from awesome_snn.markdown_render import render_markdown
from awesome_snn.model import Catalog, Link, Paper, Venue, validate_title, validate_url, validate_venue_name

runner = CliRunner()
OK = {"--title": "A Fine Spiking Title", "--paper": "https://a.org/p"}

# (option overrides, expected message, exit code)
BAD_ADD = [
    ({"--title": ""}, "title is empty", 2),
    ({"--title": "   "}, "title is empty", 2),
    ({"--title": "two\nlines"}, "one line", 2),
    ({"--title": "carriage\rreturn"}, "one line", 2),
    ({"--title": "tab\there"}, "control character", 2),
    ({"--title": "nul\x00byte"}, "control character", 2),
    ({"--title": "bell\x07"}, "control character", 2),
    ({"--title": "escape\x1b[31m red"}, "control character", 2),
    ({"--title": "line\u2028separator"}, "control character", 2),
    ({"--title": "bidi\u202eoverride"}, "control character", 2),
    ({"--title": "x" * 301}, "at most 300", 2),
    ({"--year": "99"}, "four-digit year", 2),
    ({"--year": "20233"}, "four-digit year", 2),
    ({"--year": "abc"}, "four-digit year", 2),
    ({"--year": "-1"}, "four-digit year", 2),
    ({"--year": "1949"}, "outside", 2),
    ({"--year": "2999"}, "outside", 2),
    ({"--year": "2023.5"}, "four-digit year", 2),
    ({"--paper": "javascript:alert(1)"}, "http", 2),
    ({"--paper": "data:text/html,<script>alert(1)</script>"}, "quote, angle bracket", 2),
    ({"--paper": "data:text/plain,hello"}, "http", 2),
    ({"--paper": "file:///etc/passwd"}, "http", 2),
    ({"--paper": "https://"}, "no host", 2),
    ({"--paper": "https:///path-only"}, "no host", 2),
    ({"--paper": "//a.org/no-scheme"}, "http", 2),
    ({"--paper": "https://a.org/with space"}, "spaces", 2),
    ({"--paper": " https://a.org/leading"}, "spaces", 2),
    ({"--paper": "https://a.org:99999999/p"}, "invalid port", 2),
    ({"--paper": "https://a.org:65536/p"}, "invalid port", 2),
    ({"--paper": "https://a.org:0/p"}, "invalid port", 2),
    ({"--paper": "https://a.org:http/p"}, "invalid port", 2),
    ({"--title": "Write to spikes@example.org"}, "e-mail address", 2),
    ({"--title": "xmpp:spikes@example.org/x"}, "e-mail address", 2),
    ({"--title": "Spikes (mailto:@.org)"}, "e-mail address", 2),  # GitHub links a bare mailto: too
    ({"--paper": 'https://a.org/"quote'}, "quote", 2),
    ({"--paper": "https://a.org/'quote"}, "quote", 2),
    ({"--paper": "https://a.org/<tag>"}, "angle bracket", 2),
    ({"--code": "JAVASCRIPT:alert(1)"}, "http", 2),
    ({"--link": "=https://a.org/x"}, "label is empty", 2),
    ({"--link": "bad]label=https://a.org/x"}, "brackets", 2),
    ({"--link": "[label=https://a.org/x"}, "brackets", 2),
    ({"--link": "arxiv"}, "label=URL", 2),
    ({"--link": "arxiv=ftp://a.org/x"}, "http", 2),
    ({"--link": "paper=https://a.org/twice"}, "given twice", 2),
    ({"--venue": "NIPPS"}, "Unknown venue 'NIPPS'", 2),
    ({"--venue": ""}, "venue is empty", 2),
    ({"--title": "Spikformer: When Spiking Neural Network Meets Transformer"}, "already has", 1),
    ({"--paper": "https://openreview.net/forum?id=frE4fUwz_h"}, "already has the same URL", 1),
]


def _add_args(catalog: Path, overrides: dict[str, str]) -> list[str]:
    values = {"--venue": "ICLR", "--year": "2023", **OK}
    extra = []
    for option, value in overrides.items():
        if option == "--link":
            extra += ["--link", value]
        else:
            values[option] = value
    args = ["add", "--catalog", str(catalog)]
    for option, value in values.items():
        args += [option, value]
    return args + extra


@pytest.mark.parametrize(("overrides", "message", "code"), BAD_ADD,
                         ids=[f"{i}-{m}" for i, (_o, m, _c) in enumerate(BAD_ADD)])
def test_add_rejects_bad_input_and_leaves_the_catalog_byte_identical(
        catalog_file: Path, overrides: dict[str, str], message: str, code: int) -> None:
    before = catalog_file.read_bytes()
    result = runner.invoke(app, _add_args(catalog_file, overrides))
    assert result.exit_code == code, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert catalog_file.read_bytes() == before


BAD_EDIT = [
    (["--title", ""], "title is empty", 2),
    (["--title", "a\nb"], "one line", 2),
    (["--title", "a\tb"], "control character", 2),
    (["--year", "20233"], "four-digit year", 2),
    (["--paper", "javascript:alert(1)"], "http", 2),
    (["--code", "file:///etc/passwd"], "http", 2),
    (["--link", "x]=https://a.org"], "brackets", 2),
    (["--link", "nothere="], "no 'nothere' link", 2),
    (["--venue", "Nowhere Conf"], "Unknown venue", 2),
    (["--title", "Spiking Transformers for Event-Based Single Object Tracking"], "already has", 1),
    ([], "nothing to change", 2),
]


@pytest.mark.parametrize(("args", "message", "code"), BAD_EDIT, ids=[m for _a, m, _c in BAD_EDIT])
def test_edit_rejects_bad_input_and_leaves_the_catalog_byte_identical(
        catalog_file: Path, args: list[str], message: str, code: int) -> None:
    before = catalog_file.read_bytes()
    result = runner.invoke(app, ["edit", "spikformer-2023", "--catalog", str(catalog_file), *args])
    assert result.exit_code == code, result.output
    assert message in result.output
    assert catalog_file.read_bytes() == before


def test_edit_of_an_unknown_key_suggests_the_closest(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    result = runner.invoke(app, ["edit", "spikformer-2022", "--catalog", str(catalog_file), "--title", "X"])
    assert result.exit_code == 2 and "Did you mean spikformer-2023" in result.output
    assert catalog_file.read_bytes() == before


# --- export escaping, as a property --------------------------------------------------------

VENUE = Venue("CVPR", "IEEE Conference on Computer Vision and Pattern Recognition")
markdown_alphabet = st.sampled_from(list("[]()<>#*_`\\|!~$&;:.-+=>'\"/ ") + ["&amp;", "&#65;", "https://",
                                    "www.", "1.", "2)", "é", "🔥", "ש", "中"]) | st.characters(
    blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Co", "Cn"))


def _valid_title(text: str) -> bool:
    try:
        return validate_title(text) == text
    except Exception:
        return False


titles = st.lists(markdown_alphabet, min_size=1, max_size=40).map("".join).filter(_valid_title)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(titles, min_size=1, max_size=4))
def test_export_then_import_gives_the_same_titles_and_structure(random_titles: list[str]) -> None:
    # One title twice in a year is one paper listed twice, which import merges: every title
    # here is another.
    assume(len({fold(t) or t for t in random_titles}) == len(random_titles))
    papers = tuple(Paper(f"p{i}-2023", title, "CVPR", 2023, (Link("paper", f"https://a.org/{i}"),))
                   for i, title in enumerate(random_titles))
    catalog = Catalog(venues=(VENUE,), papers=papers)
    text = render_markdown(catalog)
    rendered = render(text)
    items = [item for _y, _v, section in rendered.sections for item in section]
    assert [item.title for item in items] == list(random_titles)
    assert [item.links for item in items] == [[("paper", f"https://a.org/{i}")] for i in range(len(papers))]
    assert rendered.html_tokens == 0
    assert [level for level, _t, _s in rendered.headings] == [1, 1, 2]
    assert rendered.list_items == 2 + len(papers)
    assert [p.title for p in import_markdown(text).catalog.papers] == list(random_titles)


# --- hostile READMEs -----------------------------------------------------------------------

def _import(tmp_path: Path, content: bytes, timeout: float = 60) -> tuple[subprocess.CompletedProcess, Path]:
    md = tmp_path / "hostile.md"
    md.write_bytes(content)
    out = tmp_path / "out.toml"
    result = subprocess.run([sys.executable, "-m", "awesome_snn", "import", str(md), "-o", str(out)],
                            capture_output=True, text=True, timeout=timeout)
    return result, out


HEAD = b"# List\n\n# 2023\n\n## CVPR\n\n"


def test_import_of_a_huge_line_reads_or_fails_clearly(tmp_path: Path) -> None:
    huge = b"- " + b"Spiking " * 250_000 + b"[[paper](https://a.org/x)]\n"
    result, out = _import(tmp_path, HEAD + huge + b"- Fine [[paper](https://a.org/y)]\n" + b"[" * 200_000 + b"\n")
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        _view = catalogs.open_catalog(out)
        catalog, problems = _view.catalog(), list(_view.problems)
        assert problems == [] and "Fine" in [p.title for p in catalog.papers]
        assert re.search(r"^7\t", result.stderr, re.M)  # the overlong title is reported, not dropped
    else:
        assert result.returncode == 2 and not out.exists()


def test_import_of_100000_items_reads_them_all(tmp_path: Path) -> None:
    items = b"".join(b"- Spiking Paper %d [[paper](https://a.org/%d)]\n" % (i, i) for i in range(100_000))
    result, out = _import(tmp_path, HEAD + items, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Read 100000 papers" in result.stdout
    assert out.read_text(encoding="utf-8").count("\n[[papers]]\n") == 100_000


def test_import_of_deeply_nested_lists_reports_them(tmp_path: Path) -> None:
    nested = b"".join(b"  " * depth + b"- nested %d\n" % depth for depth in range(5000))
    result, out = _import(tmp_path, HEAD + b"- Top [[paper](https://a.org/t)]\n" + nested)
    assert result.returncode == 0, result.stderr
    assert "Read 3 papers" in result.stdout  # depths 0-1 are items: 'nested 0', 'nested 1' + Top
    assert re.search(r"^\d+\t", result.stderr, re.M)  # each unreadable line, with its number


@pytest.mark.parametrize(("content", "message"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "not UTF-8"),
    (HEAD + b"- caf\xe9 [[paper](https://a.org)]\n", "hostile.md:7: not UTF-8"),
    (b"# 2023\n\n## CVPR\n\n- a\x00b\n", "NUL bytes"),
    (b"", "no paper found"),
    (b"just prose\n" * 1000, "no paper found"),
])
def test_import_of_junk_fails_clearly_and_writes_nothing(tmp_path: Path, content: bytes, message: str) -> None:
    result, out = _import(tmp_path, content)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_failed_import_into_an_existing_catalog_changes_nothing(catalog_file: Path, tmp_path: Path) -> None:
    md = tmp_path / "bad.md"
    md.write_bytes(b"# 2023\n\xff\xfe")
    before = catalog_file.read_bytes()
    result = runner.invoke(app, ["import", str(md), "--catalog", str(catalog_file)])
    assert result.exit_code == 2
    assert catalog_file.read_bytes() == before


# --- venue names obey the rules of titles --------------------------------------------------------

def _catalog_toml(path: Path, venue: dict[str, object], titles: tuple[str, ...] = ("A Spiking Title",)) -> Path:
    papers = [{"key": f"paper-{i}-2023", "title": title, "venue": venue["abbr"], "year": 2023,
               "links": {"paper": f"https://a.org/{i}"}} for i, title in enumerate(titles)]
    path.write_text(tomli_w.dumps({"venues": [venue], "papers": papers}), encoding="utf-8")
    return path


BAD_VENUE_TEXTS = [
    ({"name": "Conference\n# Injected heading\n- injected item"}, "venue name must be one line"),
    ({"name": "Conference\r\n\r\n| a | b |\r\n| - | - |"}, "venue name must be one line"),
    ({"name": "Vision \x1b[2J\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"},
     "venue name contains a control character"),
    ({"name": "Vision \x1b]52;c;cm0gLXJmIH4=\x07"}, "venue name contains a control character"),
    ({"name": "Vision\u202eredro"}, "venue name contains a control character"),
    ({"abbr": "CV\x1b[31mPR"}, "venue abbreviation contains a control character"),
    ({"abbr": "CV\nPR"}, "venue abbreviation must be one line"),
    ({"name": "Write to chair@vision.example.org"}, "e-mail address"),
    ({"name": "xmpp:chair@vision.example.org"}, "e-mail address"),
    ({"name": "mailto:@.org"}, "e-mail address"),
    ({"aliases": ["cvpr", "c\nv"]}, "venue alias must be one line"),
    ({"name": "V" * 301}, "at most 300"),
    ({"abbr": "   "}, 'a venue needs abbr'),
]


@pytest.mark.parametrize(("fields", "message"), BAD_VENUE_TEXTS, ids=[m for _f, m in BAD_VENUE_TEXTS])
def test_check_reports_a_venue_name_that_breaks_the_rules_of_titles(tmp_path: Path, fields: dict[str, object],
                                                                   message: str) -> None:
    venue = {"abbr": "CVPR", "name": "IEEE Conference on Computer Vision and Pattern Recognition", **fields}
    path = _catalog_toml(tmp_path / "papers.toml", venue)
    before = path.read_bytes()
    result = runner.invoke(app, ["check", "--catalog", str(path), "--json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["data"]["findings"]
    assert any(f["rule"] == "invalid-venue" and f["severity"] == "error" and message in f["message"]
               for f in findings), findings
    exported = runner.invoke(app, ["export", "--catalog", str(path)])
    assert exported.exit_code == 2 and "# Injected" not in exported.stdout
    assert path.read_bytes() == before


@pytest.mark.parametrize("text", [fields.get("name") or fields.get("abbr") for fields, _m in BAD_VENUE_TEXTS
                                  if isinstance(fields.get("name") or fields.get("abbr"), str)
                                  and (fields.get("name") or fields.get("abbr")).strip()])
def test_validate_venue_name_refuses_what_validate_title_refuses(text: str) -> None:
    with pytest.raises(InvalidInput) as title_error:
        validate_title(text)
    with pytest.raises(InvalidInput) as venue_error:
        validate_venue_name(text)
    assert str(venue_error.value) == str(title_error.value).replace("title", "venue name", 1)


@pytest.mark.parametrize("text", ["IEEE Conference on Computer Vision and Pattern Recognition", "CVPR",
                                  "ACM MM", "Neural Networks-2022", "Spike@Scale Workshop", "Café [Spikes] (2023) | *x*"])
def test_validate_venue_name_accepts_ordinary_names(text: str) -> None:
    assert validate_venue_name(text) == text


@pytest.mark.parametrize(("name", "message"), [
    ("Vision \x1b[2J", "control character"),
    ("Vision\nInjected", "one line|control character"),
    ("Write to chair@vision.example.org", "e-mail address"),
])
def test_add_refuses_a_new_venue_name_that_breaks_the_rules_of_titles(catalog_file: Path, name: str,
                                                                     message: str) -> None:
    before = catalog_file.read_bytes()
    result = runner.invoke(app, _add_args(catalog_file, {"--venue": "SPIKES"}) + ["--venue-name", name])
    assert result.exit_code == 2 and re.search(message, result.output), result.output
    assert catalog_file.read_bytes() == before


# --- URLs ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["https://a.org:99999999/p", "https://a.org:65536", "http://a.org:0/",
                                 "https://a.org:-1/", "https://a.org:8x/", "https://user@a.org:123456/p"])
def test_a_url_with_a_port_outside_1_to_65535_is_refused(url: str) -> None:
    with pytest.raises(InvalidInput, match="invalid port"):
        validate_url(url)


@pytest.mark.parametrize("url", ["https://a.org:65535/p", "http://a.org:8080", "https://[::1]:443/x",
                                 "https://a.org:/p", "https://a.org/p"])
def test_a_url_with_a_valid_port_or_none_is_accepted(url: str) -> None:
    assert validate_url(url) == url


def test_check_reports_a_link_whose_port_is_out_of_range(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_text('[[venues]]\nabbr = "ICLR"\nname = "ICLR"\n\n[[papers]]\nkey = "port-2023"\n'
                    'title = "A Paper"\nvenue = "ICLR"\nyear = 2023\n\n[papers.links]\n'
                    'paper = "https://a.org:99999999/p"\n', encoding="utf-8")
    result = runner.invoke(app, ["check", "--catalog", str(path), "--json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["data"]["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("invalid-link", 5)]


# --- a literal title holding three quotes ---------------------------------------------------------

TRIPLE_QUOTES = '''[[venues]]
abbr = "ICLR"
name = "International Conference on Learning Representations"

[[papers]]
key = "first-2023"
title = "First Paper"
venue = "ICLR"
year = 2023

[papers.links]
paper = "https://a.org/1"

[[papers]]
key = "quotes-2023"
title = 'Three """ Quotes'
venue = "ICLR"
year = 2023

[papers.links]
paper = "https://a.org/2"

[[papers]]
key = "third-2023"
title = "Third  Paper"
venue = "ICLR"
year = 2023

[papers.links]
paper = "https://a.org/3"

[[papers]]
key = "fourth-2023"
title = "Fourth Paper"
venue = "ICLR"
year = 2023

[papers.links]
paper = "https://a.org/4"
'''


def test_a_literal_title_holding_three_quotes_leaves_the_papers_after_it_editable(tmp_path: Path) -> None:
    path = tmp_path / "papers.toml"
    path.write_text(TRIPLE_QUOTES, encoding="utf-8")
    checked = runner.invoke(app, ["check", "--catalog", str(path), "--json"])
    assert checked.exit_code == 0, checked.output
    findings = json.loads(checked.stdout)["data"]["findings"]
    assert [(f["key"], f["rule"], f["line"]) for f in findings] == [("third-2023", "title-spacing", 23)]

    edited = runner.invoke(app, ["edit", "third-2023", "--catalog", str(path), "--year", "2022"])
    assert edited.exit_code == 0, edited.output
    removed = runner.invoke(app, ["remove", "fourth-2023", "--catalog", str(path), "--yes"])
    assert removed.exit_code == 0, removed.output
    fixed = runner.invoke(app, ["check", "--catalog", str(path), "--fix"])
    assert fixed.exit_code == 0, fixed.output

    catalog, problems = catalogs.open_catalog(path).catalog(), catalogs.open_catalog(path).problems
    assert list(problems) == []
    assert [(p.key, p.title, p.year) for p in catalog.papers] == [
        ("first-2023", "First Paper", 2023), ("quotes-2023", 'Three """ Quotes', 2023),
        ("third-2023", "Third Paper", 2022)]
    assert "title = 'Three \"\"\" Quotes'\n" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [["edit", "quotes-2023", "--year", "2022"], ["remove", "quotes-2023", "--yes"]])
def test_the_paper_whose_literal_title_holds_three_quotes_can_be_edited_and_removed(
        tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "papers.toml"
    path.write_text(TRIPLE_QUOTES, encoding="utf-8")
    result = runner.invoke(app, [*command, "--catalog", str(path)])
    assert result.exit_code == 0, result.output
    keys = [p.key for p in catalogs.open_catalog(path).catalog().papers]
    assert keys == (["first-2023", "quotes-2023", "third-2023", "fourth-2023"] if command[0] == "edit"
                    else ["first-2023", "third-2023", "fourth-2023"])
