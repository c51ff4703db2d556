"""What the commands print (issue 12, items 7-10 and 20; issue 18, items 8 and 9): progress
only on a terminal, whole URLs, one paper a line when piped, a word when search cuts its
list, ``-o -`` as stdout, and every text from a catalog, a file or a server shown as text."""

from __future__ import annotations

import os
import pty
import random
import re
import select
import subprocess
import tomllib
from pathlib import Path

import pytest
from cli_helpers import (
    TERMINAL,
    command_line,
    invoke,
    json_of,
    link_server,  # noqa: F401 - a fixture
    load,
    process_env,
    run_process,
)
from conftest import CATALOG

SHIPPED = tomllib.loads(CATALOG.read_text(encoding="utf-8"))
RAW_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters that must never reach a terminal raw (tab and newline are layout)."""


def run_on_terminal(*args: object, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[int, str]:
    """``snn-papers ARGS`` with stdin, stdout and stderr on a pseudo-terminal of a colour
    terminal: (exit code, everything it showed, escape sequences included)."""
    master, slave = pty.openpty()
    environment = process_env({"TERM": "xterm-256color", "COLUMNS": "100", **(env or {})})
    environment.pop("NO_COLOR", None)
    proc = subprocess.Popen(command_line(*args), stdin=slave, stdout=slave, stderr=slave,
                            env=environment, cwd=cwd, close_fds=True)
    os.close(slave)
    shown = b""
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the process ended and closed the terminal
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    return proc.wait(timeout=60), shown.decode("utf-8", "replace")


def _words(rng: random.Random, count: int) -> list[str]:
    syllables = ["ka", "ro", "mi", "su", "te", "no", "ha", "ri", "zu", "pe", "lo", "va", "ne"]
    return ["".join(rng.choice(syllables) for _ in range(4)) for _ in range(count)]


def big_catalog(path: Path, papers: int) -> Path:
    """A valid catalog of ``papers`` papers with unrelated titles (more than one parse slice
    of 4,000 papers: its first read takes long enough to report progress)."""
    rng = random.Random(12)
    parts = ['[[venues]]\nabbr = "ICLR"\nname = "International Conference on Learning'
             ' Representations"\nkind = "conference"\n']
    for i in range(papers):
        title = "Spiking " + " ".join(_words(rng, 4)).capitalize()
        parts.append(f'\n[[papers]]\nkey = "p{i}-2023"\ntitle = "{title}"\nvenue = "ICLR"\n'
                     f'year = 2023\n\n[papers.links]\npaper = "https://arxiv.org/abs/2301.{i:05d}"\n')
    path.write_text("".join(parts), encoding="utf-8")
    return path


def big_list(path: Path, items: int) -> Path:
    rng = random.Random(13)
    lines = ["# A Big List", "", "# 2023", "", "## ICLR", ""]
    lines += [f"- Spiking {' '.join(_words(rng, 4))} [[paper](https://arxiv.org/abs/2302.{i:05d})]"
              for i in range(items)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- 7. progress on a terminal, nothing when piped -------------------------------------------

NO_CACHE = {"SNN_PAPERS_NO_CACHE": "1"}  # every command's read is a first read


@pytest.mark.parametrize("command", [["check"], ["export", "--format", "html", "-o", "page.html"],
                                     ["search", "spiking"], ["list", "--venue", "ICLR"]],
                         ids=" ".join)
def test_the_first_read_of_a_large_catalog_shows_progress_on_a_terminal_only(
        tmp_path: Path, command: list[str]) -> None:
    catalog = big_catalog(tmp_path / "big.toml", 6000)
    code, shown = run_on_terminal(*command, "--catalog", catalog, env=NO_CACHE, cwd=tmp_path)
    assert code == 0, shown
    assert "reading big.toml" in shown and "6,000/6,000" in shown
    piped = run_process(*command, "--catalog", catalog, env=NO_CACHE, cwd=tmp_path)
    assert piped.returncode == 0
    assert "reading" not in piped.stderr and "\x1b" not in piped.stderr + piped.stdout


def test_a_long_import_shows_progress_on_a_terminal_only(tmp_path: Path) -> None:
    listing = big_list(tmp_path / "list.md", 40000)
    code, shown = run_on_terminal("import", listing, "-o", tmp_path / "a.toml")
    assert code == 0, shown[-2000:]
    assert "reading list.md" in shown or "writing a.toml" in shown
    piped = run_process("import", listing, "-o", tmp_path / "b.toml")
    assert piped.returncode == 0
    assert piped.stderr == "" and piped.stdout.startswith("Read 40000 papers")


def test_a_small_catalog_shows_no_progress_even_on_a_terminal(tmp_path: Path) -> None:
    code, shown = run_on_terminal("search", "spiking", "transformer", env=NO_CACHE, cwd=tmp_path)
    assert code == 0
    assert "reading" not in shown and "\x1b[?25l" not in shown  # no live display, no hidden cursor


# --- 8. show never cuts a URL ----------------------------------------------------------------

LONG_URL = "https://example.org/" + "/".join(f"segment-{i:03d}" for i in range(25)) + "?q=1&r=2"


@pytest.mark.parametrize("env", [{"COLUMNS": "60"}, {"COLUMNS": "60", **TERMINAL}], ids=["piped", "terminal"])
def test_show_prints_every_url_whole(catalog_file: Path, env: dict[str, str]) -> None:
    assert invoke("edit", "spikformer-2023", "--link", f"project={LONG_URL}",
                  catalog=catalog_file).exit_code == 0
    result = invoke("show", "spikformer-2023", catalog=catalog_file, env=env)
    assert result.exit_code == 0
    assert "…" not in result.stdout
    lines = result.stdout.splitlines() if "TTY_COMPATIBLE" not in env else \
        re.sub(r"\x1b\[[0-9;]*m|\x1b\]8;[^\x1b]*\x1b\\", "", result.stdout).splitlines()
    assert f"project  {LONG_URL}" in lines
    assert "paper    https://openreview.net/forum?id=frE4fUwz_h" in lines


# --- 9. list and import's report, one record a line when piped -------------------------------

def _expected_lines(venue: str) -> list[str]:
    """``list --venue VENUE`` as the README documents the piped layout, from the TOML."""
    papers = [p for p in SHIPPED["papers"] if p["venue"] == venue]
    papers.sort(key=lambda p: -p["year"])  # stable: file order within a year
    return [f"{p['title']}\t{p['key']}\t{venue}\t{p['year']}\t{p.get('links', {}).get('code', '')}"
            for p in papers]


def test_list_piped_is_one_paper_a_line_tab_separated_never_wrapped() -> None:
    result = invoke("list", "--venue", "CVPR", env={"COLUMNS": "40"})
    assert result.exit_code == 0
    assert result.stdout.splitlines() == _expected_lines("CVPR")
    assert len(_expected_lines("CVPR")) > 5
    everything = invoke("list").stdout.splitlines()
    assert len(everything) == len(SHIPPED["papers"]) and all(line.count("\t") == 4 for line in everything)


def test_list_on_a_terminal_keeps_its_sections() -> None:
    result = invoke("list", "--venue", "CVPR", env=TERMINAL)
    assert result.stdout.startswith("CVPR (IEEE Conference on Computer Vision and Pattern Recognition)  (")
    assert "\t" not in result.stdout


def test_import_report_piped_is_one_unreadable_line_a_line(tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("# L\n\n# 2023\n\n## CVPR\n\n- Good [[paper](https://a.org)]\n- [[paper](https://b.org)]\n"
                  "- Another [[paper](https://c.org)] trailing words\n")
    result = invoke("import", md, "-o", tmp_path / "c.toml", env={"COLUMNS": "30"})
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    # The item with stray words is imported (the words kept in its note) and reported; the
    # item with no title is the one line not imported.
    assert lines[0] == "1 line(s) imported with a remark:"
    assert lines[1].startswith("9\ttext after the links: 'trailing words'")
    assert lines[1].endswith("\t- Another [[paper](https://c.org)] trailing words")
    assert lines[2] == "1 line(s) look like items but could not be read:"
    assert lines[3] == "8\tno title before the links\t- [[paper](https://b.org)]"
    assert len(lines) == 4


# --- 10. search says when --limit cut the list ------------------------------------------------

@pytest.fixture
def spiking_25(tmp_path: Path) -> Path:
    catalog = tmp_path / "c.toml"
    assert invoke("init", catalog).exit_code == 0
    listing = tmp_path / "l.md"
    rng = random.Random(3)
    listing.write_text("# 2023\n\n## ICLR\n\n" + "".join(
        f"- Spiking {' '.join(_words(rng, 3))} [[paper](https://arxiv.org/abs/2303.{i:05d})]\n"
        for i in range(25)), encoding="utf-8")
    assert invoke("import", listing, catalog=catalog).exit_code == 0
    return catalog


def test_search_on_a_terminal_says_how_many_matched_when_the_limit_cuts(spiking_25: Path) -> None:
    cut = invoke("search", "spiking", catalog=spiking_25, env=TERMINAL)
    assert cut.exit_code == 0 and cut.stderr == "20 of 25 papers; --limit N for more\n"
    assert invoke("search", "spiking", "--limit", "7", catalog=spiking_25, env=TERMINAL).stderr == \
        "7 of 25 papers; --limit N for more\n"
    whole = invoke("search", "spiking", "--limit", "25", catalog=spiking_25, env=TERMINAL)
    assert whole.exit_code == 0 and whole.stderr == ""


def test_search_says_nothing_extra_in_json_or_when_stderr_is_not_a_terminal(spiking_25: Path) -> None:
    as_json = invoke("search", "spiking", "--json", catalog=spiking_25, env=TERMINAL)
    assert as_json.stderr == "" and len(json_of(as_json, "search")) == 20
    piped = invoke("search", "spiking", catalog=spiking_25)
    assert piped.exit_code == 0 and piped.stderr == ""


def test_spiking_transformer_matches_76_shipped_papers() -> None:
    """The figure the issue reports: 76 papers have "spiking", "transformer" or both."""
    result = invoke("search", "spiking", "transformer", env=TERMINAL)
    assert result.stderr == "20 of 76 papers; --limit N for more\n"


# --- 20. -o - is stdout ----------------------------------------------------------------------

def test_export_dash_o_dash_prints_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for fmt in ("markdown", "bibtex", "csv"):
        dashed = invoke("export", "--format", fmt, "-o", "-")
        assert dashed.exit_code == 0
        assert dashed.stdout == invoke("export", "--format", fmt).stdout != ""
    assert not (tmp_path / "-").exists()


def test_import_dash_o_dash_prints_the_new_catalog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "l.md").write_text("# 2023\n\n## ICLR\n\n- Spiking Dashes [[paper](https://a.org/d)]\n",
                                   encoding="utf-8")
    result = invoke("import", "l.md", "-o", "-")
    assert result.exit_code == 0, result.output
    document = tomllib.loads(result.stdout)
    assert [p["title"] for p in document["papers"]] == ["Spiking Dashes"]
    assert result.stderr.startswith("Read 1 papers in 1 sections (1 venues); wrote 1 to stdout")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["l.md"]
    (tmp_path / "copy.toml").write_text(result.stdout, encoding="utf-8")
    assert [p.title for p in load(tmp_path / "copy.toml").papers] == ["Spiking Dashes"]


# --- issue 18, 8: text from a catalog or a file is shown as text ------------------------------

MARKUP_NAME = "[link=https://evil.example]Evil[/link] [bold]x"


@pytest.fixture
def markup_venue(tmp_path: Path) -> Path:
    catalog = tmp_path / "m.toml"
    catalog.write_text(
        f'[[venues]]\nabbr = "[/x]"\nname = "{MARKUP_NAME}"\nkind = "conference"\n\n'
        '[[papers]]\nkey = "markup-venue-2023"\ntitle = "Spiking [red]Markup[/red] Venue"\n'
        'venue = "[/x]"\nyear = 2023\n\n[papers.links]\npaper = "https://example.org/m"\n',
        encoding="utf-8")
    return catalog


@pytest.mark.parametrize("command", [["venues"], ["stats"], ["list"], ["show", "markup-venue-2023"],
                                     ["search", "markup"]], ids=" ".join)
@pytest.mark.parametrize("env", [{}, TERMINAL], ids=["piped", "terminal"])
def test_venue_names_that_look_like_markup_are_printed_as_written(
        markup_venue: Path, command: list[str], env: dict[str, str]) -> None:
    result = invoke(*command, catalog=markup_venue, env={"COLUMNS": "200", **env})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    shown = result.stdout
    assert "[/x]" in shown
    if command[0] in ("venues", "show") or (command[0] == "list" and env):
        # a dumb terminal is 80 columns wide: a table may wrap the name between its words
        assert all(word in shown for word in MARKUP_NAME.split())
    if command[0] in ("list", "show", "search"):
        assert "Spiking [red]Markup[/red] Venue" in shown
    assert not re.search(r"\x1b\]8;[^;\x1b]*;https://evil", shown)  # no hidden link


def test_an_unreadable_line_with_escape_sequences_is_reported_visibly(tmp_path: Path) -> None:
    md = tmp_path / "l.md"
    md.write_text("# 2023\n\n## ICLR\n\n- Fine Title [[paper](https://a.org/f)]\n"
                  "- Clipboard \x1b]52;c;SGVsbG8=\x07 Clear \x1b[2J C1 \x9b31m [[paper](https://a.org/x)]\n",
                  encoding="utf-8")
    for env in ({}, TERMINAL):
        result = invoke("import", md, "-o", tmp_path / f"c{len(env)}.toml", env=env)
        assert result.exit_code == 0, result.output
        text = re.sub(r"\x1b\[[0-9;]*m", "", result.stderr)  # the renderer's own colours
        assert not RAW_CONTROLS.search(text), repr(text)
        assert "\\x1b]52;c;SGVsbG8=\\x07" in text and "\\x1b[2J" in text and "\\x9b31m" in text


def test_output_file_names_are_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "l.md").write_text("# 2023\n\n## ICLR\n\n- Spiking Names [[paper](https://a.org/n)]\n",
                                   encoding="utf-8")
    missing = invoke("import", "l.md", "-o", "[/x].toml")  # the folder "[" does not exist
    assert missing.exit_code == 2 and missing.stderr.startswith("snn-papers: error: [/x].toml")
    assert missing.stderr.count("\n") == 1
    (tmp_path / "[").mkdir()
    written = invoke("import", "l.md", "-o", "[/x].toml", env=TERMINAL)
    assert written.exit_code == 0 and "wrote 1 to [/x].toml" in written.stdout
    exported = invoke("export", "-o", "[bold]\x1b[2J.md", env=TERMINAL)
    assert exported.exit_code == 0 and "Wrote [bold]\\x1b[2J.md" in exported.stderr


def test_a_venue_name_with_control_characters_is_refused_by_add(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    result = invoke("add", "--venue", "NEWV", "--venue-name", "New \x1b]8;;https://evil\x07Venue",
                    "--year", "2023", "--title", "Spiking Refused Venue",
                    "--paper", "https://a.org/refused", catalog=catalog_file)
    assert result.exit_code == 2 and "control character" in result.stderr
    assert not RAW_CONTROLS.search(result.output)
    assert catalog_file.read_bytes() == before


# --- issue 18, 9: a server's Location header is shown as text ---------------------------------

def test_check_links_shows_a_hostile_location_visibly(tmp_path: Path, link_server: str) -> None:  # noqa: F811
    catalog = tmp_path / "c.toml"
    assert invoke("init", catalog).exit_code == 0
    assert invoke("add", "--venue", "ICLR", "--year", "2023", "--title", "Spiking Hostile Redirect",
                  "--paper", f"{link_server}/hostile", catalog=catalog).exit_code == 0
    for env in ({"COLUMNS": "300"}, {"COLUMNS": "300", **TERMINAL}):
        result = invoke("check", "--links", "--timeout", "5", catalog=catalog, env=env)
        assert result.exit_code == 0, result.output
        text = re.sub(r"\x1b\[[0-9;]*m", "", result.output)
        assert not RAW_CONTROLS.search(text), repr(text)
        assert f"now {link_server}/ok/\\x1b]52;c;SGVsbG8=\\x07\\x1b[2J\\x9b31m" in text
    as_json = invoke("check", "--links", "--timeout", "5", "--json", catalog=catalog)
    assert not RAW_CONTROLS.search(as_json.stdout)
    (link,) = json_of(as_json, "check")["links"]
    assert link["final_url"] == f"{link_server}/ok/\x1b]52;c;SGVsbG8=\x07\x1b[2J\x9b31m"


# Commands run without --catalog read the seed catalog (a copy): the papers these tests name.
pytestmark = pytest.mark.usefixtures("seed_catalog")
