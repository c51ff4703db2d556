"""results_table draws the search table exactly as Rich does: the same characters, and on a
terminal the same style (bold, cyan, hyperlink) on every character; what it cannot draw
exactly it leaves to Rich."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time

import pytest
from conftest import CATALOG
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from awesome_snn import output, results_table
from awesome_snn.lookup import paper_filter, search_papers
from awesome_snn.model import Link, Paper
from awesome_snn.search import Hit
from awesome_snn.snapshot import load_snapshot

WIDTHS = [40, 50, 60, 72, 80, 100, 120, 160, 200]
QUERIES = [["spiking", "transformer"], ["optical", "flow"], ["conversion"], ["spiking"], ["neural"],
           ["event"], ["learning"], ["2022"], ["iclr"], ["spikformr"], ["ann2snn"]]


@pytest.fixture
def rich_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour overrides: what a user's shell has."""
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TERM"):
        monkeypatch.delenv(name, raising=False)


def _hits(words: list[str]) -> list[Hit]:
    snapshot = load_snapshot(CATALOG)
    return search_papers(snapshot, words, paper_filter(snapshot.venues), 20)


def _rows(hits: list[Hit]) -> list[results_table.Row]:
    return [results_table.row(hit.paper) for hit in hits]


def _rich(hits: list[Hit], width: int, color: bool, monkeypatch: pytest.MonkeyPatch,
          capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("COLUMNS", str(width))
    if color:
        monkeypatch.setenv("FORCE_COLOR", "1")
    capsys.readouterr()
    output.rich_search_results(hits)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    return capsys.readouterr().out


_ESCAPE = re.compile(r"\x1b\[([0-9;]*)m|\x1b\]8;[^;]*;([^\x1b]*)\x1b\\")


def styled_chars(text: str) -> list[tuple[str, frozenset[str], str]]:
    """Each character with the SGR attributes and the hyperlink in force where it is drawn:
    how a terminal sees the output, whatever escape sequences produced it."""
    attrs: set[str] = set()
    link = ""
    chars = []
    position = 0
    for match in _ESCAPE.finditer(text):
        chars.extend((ch, frozenset(attrs), link) for ch in text[position:match.start()])
        position = match.end()
        if match.group(2) is not None:
            link = match.group(2)
        else:
            codes = [c for c in (match.group(1) or "0").split(";") if c]
            attrs = set() if codes == ["0"] else attrs | set(codes)
    chars.extend((ch, frozenset(attrs), link) for ch in text[position:])
    return chars


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("words", QUERIES, ids=" ".join)
def test_plain_table_is_byte_for_byte_richs(words: list[str], width: int, rich_console: None,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    hits = _hits(words)
    drawn = results_table.draw(_rows(hits), width, color=False)
    if width >= 80:
        assert drawn is not None  # the usual terminal: really drawn here, not left to Rich
    if drawn is not None:
        assert drawn == _rich(hits, width, False, monkeypatch, capsys)


@pytest.mark.parametrize("width", [80, 100, 120, 160])
@pytest.mark.parametrize("words", QUERIES[:6], ids=" ".join)
def test_terminal_table_has_richs_styles_on_every_character(
        words: list[str], width: int, rich_console: None, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    hits = _hits(words)
    drawn = results_table.draw(_rows(hits), width, color=True)
    assert drawn is not None
    rich = _rich(hits, width, True, monkeypatch, capsys)
    assert "\x1b[1m" in rich and "\x1b[36m" in rich and "\x1b]8;" in rich  # Rich really styled it
    assert styled_chars(drawn) == styled_chars(rich)


def test_every_seed_title_is_drawn_as_rich_draws_it(rich_console: None, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    papers = load_snapshot(CATALOG).catalog().papers
    for start in range(0, len(papers), 20):
        hits = [Hit(paper, 100.0) for paper in papers[start:start + 20]]
        for width in (80, 120):
            assert results_table.draw(_rows(hits), width, False) == _rich(hits, width, False, monkeypatch, capsys)


SINGLE_CELL = st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs")).filter(
    lambda ch: results_table._SINGLE_CELL.fullmatch(ch) is not None)
WORDS = st.text(SINGLE_CELL, min_size=1, max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(titles=st.lists(st.lists(WORDS, min_size=1, max_size=12).map(" ".join), min_size=1, max_size=6),
       venue=st.text(SINGLE_CELL.filter(lambda ch: not ch.isspace()), min_size=1, max_size=18),
       width=st.integers(min_value=30, max_value=220), color=st.booleans())
def test_generated_titles_are_drawn_as_rich_draws_them(titles: list[str], venue: str, width: int,
                                                       color: bool, rich_console: None,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    def links(n: int) -> tuple[Link, ...]:  # with and without a paper link, a code link
        return ((Link("paper", f"https://example.org/{n}"),) if n % 2 else ()) \
            + ((Link("code", "https://github.com/x/y"),) if n % 3 else ())

    hits = [Hit(Paper(f"key-{n}-2023", title, venue, 2023 - n, links(n)), 1.0)
            for n, title in enumerate(titles)]
    drawn = results_table.draw(_rows(hits), width, color)
    if drawn is None:
        return
    rich = _rich(hits, width, color, monkeypatch, capsys)
    if color:
        assert styled_chars(drawn) == styled_chars(rich)
    else:
        assert drawn == rich


@pytest.mark.parametrize("title", ["脉冲神经网络 Spiking", "Spiking 🔥 Networks", "Cafe\u0301 Spikes",
                                   "Zero\u200bWidth", "Soft\xadHyphen"])
def test_titles_of_wide_or_zero_width_characters_are_left_to_rich(title: str) -> None:
    assert results_table.draw([("k-2023", title, None, "ICLR", "2023", "")], 100, False) is None


def test_a_terminal_too_narrow_for_the_title_column_is_left_to_rich() -> None:
    rows = _rows(_hits(["spiking", "transformer"]))
    assert results_table.draw(rows, 100, False) is not None
    assert results_table.draw(rows, 40, False) is not None  # the key under the title: room at 40
    assert results_table.draw(rows, 28, False) is None  # venue, year and code alone need 30


@pytest.mark.parametrize("env, expected", [
    ({"COLUMNS": "90"}, (90, False)),
    ({"COLUMNS": "90", "NO_COLOR": "1"}, None),
    ({"COLUMNS": "90", "FORCE_COLOR": "1"}, None),
    ({"COLUMNS": "90", "TTY_COMPATIBLE": "1"}, None),
    ({"COLUMNS": "0"}, None),
])
def test_quick_table_is_used_only_where_rich_would_draw_the_same(
        env: dict[str, str], expected: tuple[int, bool] | None, rich_console: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert output.quick_table_console() == expected


def _on_a_terminal(code: list[str]) -> str:
    """What a process prints on a real (pseudo-)terminal 100 columns wide."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    proc = subprocess.Popen([sys.executable, *code], stdin=slave, stdout=slave, stderr=slave,
                            env={**env, "COLUMNS": "100", "TERM": "xterm-256color"}, close_fds=True)
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                chunk = b""
            if not chunk:
                break
            seen += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=30)
    os.close(master)
    return seen.decode("utf-8").replace("\r\n", "\n")


def test_on_a_real_terminal_search_looks_as_rich_draws_it() -> None:
    ours = _on_a_terminal(["-m", "awesome_snn", "search", "spiking", "transformer"])
    rich = _on_a_terminal(["-c", (
        "from awesome_snn import lookup, output\n"
        "from awesome_snn.location import locate_catalog\n"
        "from awesome_snn.snapshot import load_snapshot\n"
        "s = load_snapshot(locate_catalog(None).path)\n"
        "output.rich_search_results(lookup.search_papers(s, ['spiking', 'transformer'],"
        " lookup.paper_filter(s.venues), 20))\n")])
    assert "\x1b[36m" in ours and "\x1b]8;" in ours and "Spikformer" in ours
    assert styled_chars(ours) == styled_chars(rich)


def test_the_quick_path_of_search_does_not_import_rich() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "awesome_snn", "search", "spiking",
                             "transformer"], capture_output=True, text=True, env={**env, "COLUMNS": "100"})
    assert result.returncode == 0 and "Spikformer" in result.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "awesome_snn.results_table" in imported
    assert not [name for name in imported if name == "rich" or name.startswith("rich.")]
