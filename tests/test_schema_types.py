"""Every field of the catalog's schema given a value of the wrong type, against every command:
each answers with clear one-line messages naming the problem (a warning when it can go on
without the record, an error when it cannot), never a traceback.

The catalogs are written with tomli-w from a document changed in one place: a wrong type
(a number, a boolean, a table, a list) where the schema (README.md, "The catalog") expects
another.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from cli_helpers import invoke

VALID_KEY = "valid-paper-2023"
BROKEN = 1
"""Index of the paper (and of its venue) the cases break; the other paper and venue stay valid."""

BASE: dict[str, Any] = {
    "list": {"title": "Spiking List", "badge": "", "introduction": "Papers.\n", "closing": ""},
    "venues": [{"abbr": "CVPR", "name": "IEEE Conference on Computer Vision and Pattern Recognition",
                "kind": "conference", "aliases": ["cvpr"]},
               {"abbr": "ICLR", "name": "International Conference on Learning Representations",
                "kind": "conference", "aliases": ["iclr"]}],
    "papers": [
        {"key": VALID_KEY, "title": "Spiking Valid Paper", "venue": "CVPR", "year": 2023,
         "links": {"paper": "https://openaccess.thecvf.com/content/CVPR2023/html/Valid_CVPR_2023_paper.html"}},
        {"key": "broken-paper-2023", "title": "Spiking Broken Paper", "venue": "ICLR", "year": 2023,
         "links": {"paper": "https://openreview.net/forum?id=Broken1"}},
    ],
}


def _set(*path: str | int, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        node: Any = document
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    return change


TABLE = {"nested": "table"}

# (id, the change, words the message must hold)
CASES = [
    ("list-not-a-table", _set("list", value="Spiking List"), "[list] must be a table"),
    ("list-title-number", _set("list", "title", value=5), "[list] title must be a string"),
    ("list-badge-table", _set("list", "badge", value=TABLE), "[list] badge must be a string"),
    ("list-introduction-list", _set("list", "introduction", value=["Papers."]), "[list] introduction must be a string"),
    ("list-closing-boolean", _set("list", "closing", value=True), "[list] closing must be a string"),
    ("venues-not-an-array", _set("venues", value="CVPR"), "'venues' must be an array of tables"),
    ("venue-abbr-number", _set("venues", BROKEN, "abbr", value=5), 'a venue needs abbr = "..."'),
    ("venue-abbr-table", _set("venues", BROKEN, "abbr", value=TABLE), 'a venue needs abbr = "..."'),
    ("venue-name-number", _set("venues", BROKEN, "name", value=5), "name must be"),
    ("venue-name-table", _set("venues", BROKEN, "name", value=TABLE), "name must be"),
    ("venue-kind-number", _set("venues", BROKEN, "kind", value=3), "kind"),
    ("venue-kind-boolean", _set("venues", BROKEN, "kind", value=True), "kind"),
    ("venue-aliases-string", _set("venues", BROKEN, "aliases", value="cvpr"), "aliases must be a list of strings"),
    ("venue-aliases-numbers", _set("venues", BROKEN, "aliases", value=[1, 2]), "aliases must be a list of strings"),
    ("venue-aliases-tables", _set("venues", BROKEN, "aliases", value=[TABLE]), "aliases must be a list of strings"),
    ("venue-aliases-table", _set("venues", BROKEN, "aliases", value=TABLE), "aliases must be a list of strings"),
    ("papers-not-an-array", _set("papers", value="papers"), "'papers' must be an array of tables"),
    ("paper-not-a-table", _set("papers", BROKEN, value=7), "must be a table"),
    ("paper-authors-string", _set("papers", BROKEN, "authors", value="Ann Author"), "authors must be a list of names, not str"),
    ("paper-authors-number-inside", _set("papers", BROKEN, "authors", value=["Ann Author", 5]), "author name must be text, not int"),
    ("paper-arxiv-number", _set("papers", BROKEN, "arxiv", value=2302.02091), "arxiv id must be text, not float"),
    ("paper-doi-table", _set("papers", BROKEN, "doi", value=TABLE), "doi must be text, not dict"),
    ("paper-openreview-list", _set("papers", BROKEN, "openreview", value=["frE4fUwz_h"]), "openreview id must be text, not list"),
    ("paper-dblp-boolean", _set("papers", BROKEN, "dblp", value=True), "dblp key must be text, not bool"),
    ("paper-key-number", _set("papers", BROKEN, "key", value=5), "key 5 must be"),
    ("paper-key-table", _set("papers", BROKEN, "key", value=TABLE), "key {'nested': 'table'} must be"),
    ("paper-title-number", _set("papers", BROKEN, "title", value=5), "title must be text, not int"),
    ("paper-title-boolean", _set("papers", BROKEN, "title", value=True), "title must be text, not bool"),
    ("paper-title-table", _set("papers", BROKEN, "title", value=TABLE), "title must be text, not dict"),
    ("paper-title-list", _set("papers", BROKEN, "title", value=["Spiking"]), "title must be text, not list"),
    ("paper-venue-number", _set("papers", BROKEN, "venue", value=5), "venue"),
    ("paper-venue-table", _set("papers", BROKEN, "venue", value=TABLE), "venue"),
    ("paper-year-string", _set("papers", BROKEN, "year", value="2023"), "year must be"),
    ("paper-year-boolean", _set("papers", BROKEN, "year", value=True), "year must be"),
    ("paper-year-float", _set("papers", BROKEN, "year", value=2023.0), "year must be"),
    ("paper-year-table", _set("papers", BROKEN, "year", value=TABLE), "year must be"),
    ("paper-links-string", _set("papers", BROKEN, "links", value="https://openreview.net/forum?id=x1"),
     "links must be a table"),
    ("paper-links-list", _set("papers", BROKEN, "links", value=["https://openreview.net/forum?id=x1"]),
     "links must be a table"),
    ("paper-link-url-number", _set("papers", BROKEN, "links", "paper", value=5), "paper URL must be text"),
    ("paper-link-url-table", _set("papers", BROKEN, "links", "paper", value=TABLE), "paper URL must be text"),
    ("paper-link-url-list", _set("papers", BROKEN, "links", "paper", value=["https://openreview.net/forum?id=x1"]),
     "paper URL must be text"),
]

# The [check] table tunes only ``check``: the other commands need not read it, but must not
# stumble on it either.
CHECK_CASES = [
    ("check-not-a-table", _set("check", value="strict"), "[check] must be a table"),
    ("check-rules-list", _set("check", value={"rules": ["no-link"]}), "[check] rules must be a table"),
    ("check-rule-severity-number", _set("check", value={"rules": {"no-link": 1}}), "[check] rules"),
    ("check-not-duplicates-numbers", _set("check", value={"not_duplicates": [[1, 2]]}),
                 "not_duplicates"),
]

ADD = ["add", "--venue", "CVPR", "--year", "2023", "--title", "Spiking New Paper",
       "--paper", "https://openaccess.thecvf.com/content/CVPR2023/html/New_CVPR_2023_paper.html"]
# (command, exit codes it may give): readers go on without the bad record (0, or 1 for
# nothing found); export, check and the writers refuse a catalog with invalid records.
COMMANDS = [
    (["search", "spiking"], {0, 1}),
    (["list"], {0, 1}),
    (["show", VALID_KEY], {0, 1}),
    (["venues"], {0}),
    (["stats"], {0}),
    (["export"], {2}),
    (["check"], {1}),
    (ADD, {2}),
    (["edit", VALID_KEY, "--title", "Spiking Valid Paper Edited"], {2}),
    (["remove", VALID_KEY, "--yes"], {2}),
]


def _ids(cases: list[Any]) -> list[str]:
    return [case.values[0] if hasattr(case, "values") else case[0] for case in cases]


FINDING = re.compile(r"^\S.*:\d+: (error|warning): ")
"""``path:line: severity: ...``: a problem as ``check`` and ``export`` list them."""


def _catalog(folder: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    document = copy.deepcopy(BASE)
    change(document)
    path = folder / "papers.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def _run(args: list[str], path: Path, case: str) -> tuple[Any, str]:
    result = invoke(*args, catalog=path)
    shown = f"{case}: snn-papers {' '.join(args)} -> {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown
    assert "Traceback" not in result.output, shown
    for line in result.stderr.splitlines():
        assert line.startswith("snn-papers: ") or FINDING.match(line), shown
    return result, shown


@pytest.mark.parametrize(("case", "change", "message"), CASES, ids=_ids(CASES))
def test_a_wrong_type_is_one_clear_line_from_every_command(
        case: str, change: Callable[[dict[str, Any]], None], message: str, tmp_path: Path) -> None:
    path = _catalog(tmp_path, change)
    before = path.read_bytes()
    for args, exit_codes in COMMANDS:
        result, shown = _run(args, path, case)
        assert result.exit_code in exit_codes, shown
        said = result.stderr if args[0] != "check" else result.output
        assert message in said, shown
    assert path.read_bytes() == before  # nothing was written to an invalid catalog


@pytest.mark.parametrize(("case", "change", "message"), CHECK_CASES, ids=_ids(CHECK_CASES))
def test_a_wrong_type_in_the_check_table_is_a_check_error_and_stops_no_other_command(
        case: str, change: Callable[[dict[str, Any]], None], message: str, tmp_path: Path) -> None:
    path = _catalog(tmp_path, change)
    result, shown = _run(["check"], path, case)
    assert result.exit_code == 1 and message in result.output, shown
    for args, _exit_codes in COMMANDS:
        if args[0] != "check":
            result, shown = _run(args, path, case)
            assert result.exit_code == 0, shown


# What the catalog reader says of each case, exactly (the lines every command shows).
READER_SAYS = {
    'paper-authors-string': [
        'papers.toml:32: broken-paper-2023: authors must be a list of names, not str',
    ],
    'paper-authors-number-inside': [
        'papers.toml:32: broken-paper-2023: author name must be text, not int',
    ],
    'paper-arxiv-number': [
        'papers.toml:32: broken-paper-2023: arxiv id must be text, not float',
    ],
    'paper-doi-table': [
        'papers.toml:32: broken-paper-2023: doi must be text, not dict',
    ],
    'paper-openreview-list': [
        'papers.toml:32: broken-paper-2023: openreview id must be text, not list',
    ],
    'paper-dblp-boolean': [
        'papers.toml:32: broken-paper-2023: dblp key must be text, not bool',
    ],
    'list-not-a-table': [
        'papers.toml: [list] must be a table',
    ],
    'list-title-number': [
        'papers.toml: [list] title must be a string',
    ],
    'list-badge-table': [
        'papers.toml: [list] badge must be a string',
    ],
    'list-introduction-list': [
        'papers.toml: [list] introduction must be a string',
    ],
    'list-closing-boolean': [
        'papers.toml: [list] closing must be a string',
    ],
    'venues-not-an-array': [
        "papers.toml: 'venues' must be an array of tables ([[venues]])",
        "papers.toml:9: valid-paper-2023: venue 'CVPR' is not in the [[venues]] registry: add it there",
        "papers.toml:18: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-abbr-number': [
        'papers.toml:15: venue #2: a venue needs abbr = "..."',
        "papers.toml:32: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-abbr-table': [
        'papers.toml:15: venue #2: a venue needs abbr = "..."',
        "papers.toml:34: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-name-number': [
        'papers.toml:15: ICLR: venue #2: name must be a string',
        "papers.toml:32: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-name-table': [
        'papers.toml:15: ICLR: venue #2: name must be a string',
        "papers.toml:34: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-kind-number': [
        "papers.toml:15: ICLR: venue #2: venue kind 3 must be 'conference' or 'journal'",
        "papers.toml:32: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-kind-boolean': [
        "papers.toml:15: ICLR: venue #2: venue kind True must be 'conference' or 'journal'",
        "papers.toml:32: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-aliases-string': [
        'papers.toml:15: ICLR: venue #2: aliases must be a list of strings',
        "papers.toml:30: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-aliases-numbers': [
        'papers.toml:15: ICLR: venue #2: aliases must be a list of strings',
        "papers.toml:33: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-aliases-tables': [
        'papers.toml:15: ICLR: venue #2: aliases must be a list of strings',
        "papers.toml:32: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'venue-aliases-table': [
        'papers.toml:15: ICLR: venue #2: aliases must be a list of strings',
        "papers.toml:32: broken-paper-2023: venue 'ICLR' is not in the [[venues]] registry: add it there",
    ],
    'papers-not-an-array': [
        "papers.toml: 'papers' must be an array of tables ([[papers]])",
    ],
    'paper-not-a-table': [
        'papers.toml: paper #2: must be a table',
    ],
    'paper-key-number': [
        "papers.toml:32: key 5 must be lower-case letters, digits and '-'",
    ],
    'paper-key-table': [
        "papers.toml:32: key {'nested': 'table'} must be lower-case letters, digits and '-'",
    ],
    'paper-title-number': [
        'papers.toml:32: broken-paper-2023: title must be text, not int',
    ],
    'paper-title-boolean': [
        'papers.toml:32: broken-paper-2023: title must be text, not bool',
    ],
    'paper-title-table': [
        'papers.toml:32: broken-paper-2023: title must be text, not dict',
    ],
    'paper-title-list': [
        'papers.toml:32: broken-paper-2023: title must be text, not list',
    ],
    'paper-venue-number': [
        'papers.toml:32: broken-paper-2023: missing venue: add venue = "CVPR"',
    ],
    'paper-venue-table': [
        'papers.toml:32: broken-paper-2023: missing venue: add venue = "CVPR"',
    ],
    'paper-year-string': [
        "papers.toml:32: broken-paper-2023: year must be a number such as 2023, not '2023'",
    ],
    'paper-year-boolean': [
        'papers.toml:32: broken-paper-2023: year must be a number such as 2023, not True',
    ],
    'paper-year-float': [
        'papers.toml:32: broken-paper-2023: year must be a number such as 2023, not 2023.0',
    ],
    'paper-year-table': [
        "papers.toml:32: broken-paper-2023: year must be a number such as 2023, not {'nested': 'table'}",
    ],
    'paper-links-string': [
        'papers.toml:32: broken-paper-2023: links must be a table of label = "url"',
    ],
    'paper-links-list': [
        'papers.toml:32: broken-paper-2023: links must be a table of label = "url"',
    ],
    'paper-link-url-number': [
        'papers.toml:32: broken-paper-2023: paper URL must be text, not int',
    ],
    'paper-link-url-table': [
        'papers.toml:32: broken-paper-2023: paper URL must be text, not dict',
    ],
    'paper-link-url-list': [
        'papers.toml:32: broken-paper-2023: paper URL must be text, not list',
    ],
}


@pytest.mark.parametrize("case", [c.values if hasattr(c, "values") else c for c in CASES],
                         ids=_ids(CASES))
def test_the_reader_names_each_problem_exactly(case: tuple[str, Any, str], tmp_path: Path) -> None:
    from awesome_snn import catalog

    name, change, _message = case
    path = _catalog(tmp_path, change)
    problems = [str(problem).replace(str(path), "papers.toml") for problem in catalog.open_catalog(path).problems]
    assert problems == READER_SAYS[name]
