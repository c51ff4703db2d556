"""Nothing lost, nothing injected: real processes racing, killed and starved of disk.

Every test that feeds bad input checks the catalog file is byte-identical afterwards.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from conftest import CATALOG
from typer.testing import CliRunner

from awesome_snn import catalog as catalogs
from awesome_snn.cli import app

runner = CliRunner()


def cli(*args: str, env: dict[str, str] | None = None, preexec=None, timeout: float = 60):
    """The real command in its own process."""
    return subprocess.run([sys.executable, "-m", "awesome_snn", *args], capture_output=True,
                          text=True, env={**os.environ, "COLUMNS": "120", **(env or {})},
                          preexec_fn=preexec, timeout=timeout)


def add_args(catalog: Path, n: int) -> list[str]:
    return ["add", "--catalog", str(catalog), "--venue", "ICLR", "--year", "2023", "--title",
            f"Spiking Study {hashlib.sha256(str(n).encode()).hexdigest()[:20]}",
            "--paper", f"https://example.org/paper/{n}"]


def test_twenty_concurrent_adds_from_separate_processes_all_land(catalog_file: Path) -> None:
    procs = [subprocess.Popen([sys.executable, "-m", "awesome_snn", *add_args(catalog_file, n)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(20)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 20, outputs
    _view = catalogs.open_catalog(catalog_file)
    catalog, problems = _view.catalog(), list(_view.problems)
    assert problems == []
    assert len(catalog.papers) == 93 + 20
    urls = {p.paper_url for p in catalog.papers}
    assert all(f"https://example.org/paper/{n}" in urls for n in range(20))


def test_sigkill_at_random_moments_leaves_old_or_new_catalog(catalog_file: Path) -> None:
    rng = random.Random(20231)
    started = time.monotonic()  # one whole add: the kills below land within that span
    assert cli(*add_args(catalog_file, 1000)).returncode == 0
    duration = time.monotonic() - started
    count = len(catalogs.open_catalog(catalog_file).catalog().papers)
    killed = 0
    for n in range(50):
        before = catalog_file.read_bytes()
        proc = subprocess.Popen([sys.executable, "-m", "awesome_snn", *add_args(catalog_file, n)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration))
        proc.send_signal(signal.SIGKILL)
        code = proc.wait()
        killed += code == -signal.SIGKILL
        after = catalog_file.read_bytes()
        tomllib.loads(after.decode("utf-8"))  # never torn
        _view = catalogs.open_catalog(catalog_file)
        catalog, problems = _view.catalog(), list(_view.problems)
        assert problems == []
        if after == before:
            assert len(catalog.papers) == count
        else:
            assert after.startswith(before)
            assert len(catalog.papers) == count + 1
            count += 1
    assert killed >= 10  # the kills really landed mid-run, not after every process ended


def test_a_lock_held_by_another_process_times_out_with_a_clear_error(catalog_file: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom awesome_snn import catalog\n"
        f"with catalog.writing({str(catalog_file)!r}):\n"
        "    print('held', flush=True)\n    time.sleep(30)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = catalog_file.read_bytes()
        started = time.monotonic()
        result = cli(*add_args(catalog_file, 1), env={"SNN_PAPERS_LOCK_TIMEOUT": "1"})
        assert time.monotonic() - started < 20
        assert result.returncode == 2
        assert f"process {holder.pid} has been changing the catalog for over 1s" in result.stderr
        assert "Traceback" not in result.stderr
        assert catalog_file.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


def test_a_write_rereads_a_catalog_changed_since_another_process_read_it(catalog_file: Path) -> None:
    """Two writers: the second must see the first's paper (no stale copy overwrites it)."""
    assert cli(*add_args(catalog_file, 1)).returncode == 0
    text = catalog_file.read_text(encoding="utf-8") + '\n# hand edit made meanwhile\n'
    catalog_file.write_text(text, encoding="utf-8")
    assert cli(*add_args(catalog_file, 2)).returncode == 0
    after = catalog_file.read_text(encoding="utf-8")
    assert after.startswith(text)
    assert len(catalogs.open_catalog(catalog_file).catalog().papers) == 95


HAND_EDITED = '''# my list, edited by hand
[list]
title = "Hand List"   # a comment after a value

[[venues]]
abbr = "ICLR"
name = "International Conference on Learning Representations"
kind = "conference"
founded = 2013        # an unknown key

# --- 2023 ---

[[papers]]
key = "first-2023"
title = "First Spiking Paper"
# a comment inside a paper
venue = "ICLR"
year = 2023
reviewed = true       # an unknown key

[papers.links]
paper = "https://a.org/1"   # keep me
code = "https://github.com/a/1"


[[papers]]
venue = "ICLR"
title = "Second Spiking Paper"
key = "second-2023"
year = 2023
links = { paper = "https://a.org/2" }

[[papers]]
key = "third-2023"
title = "Third Spiking Paper"
venue = "ICLR"
year = 2023
'''


def test_hand_edits_survive_add_edit_and_remove(tmp_path: Path) -> None:
    path = tmp_path / "hand.toml"
    path.write_text(HAND_EDITED, encoding="utf-8")
    assert runner.invoke(app, add_args(path, 1)).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith(HAND_EDITED)

    edited = runner.invoke(app, ["edit", "first-2023", "--catalog", str(path), "--title",
                                 "First Spiking Paper, Revised", "--link", "arxiv=https://arxiv.org/abs/1"])
    assert edited.exit_code == 0, edited.output
    text = path.read_text(encoding="utf-8")
    for kept in ("# a comment inside a paper", "reviewed = true       # an unknown key",
                 'paper = "https://a.org/1"   # keep me', "founded = 2013        # an unknown key",
                 "# --- 2023 ---", 'title = "Hand List"   # a comment after a value'):
        assert kept in text
    assert 'title = "First Spiking Paper, Revised"' in text
    assert 'arxiv = "https://arxiv.org/abs/1"' in text

    # A hand-written inline links table is rewritten as a whole, and still parses the same.
    assert runner.invoke(app, ["edit", "second-2023", "--catalog", str(path), "--code",
                               "https://github.com/a/2"]).exit_code == 0
    second = catalogs.open_catalog(path).catalog().paper("second-2023")
    assert second.paper_url == "https://a.org/2" and second.code_url == "https://github.com/a/2"

    before_remove = path.read_text(encoding="utf-8")
    assert runner.invoke(app, ["remove", "third-2023", "--catalog", str(path), "--yes"]).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert "third-2023" not in after
    assert after.startswith(before_remove.split('[[papers]]\nkey = "third-2023"')[0].rstrip("\n"))
    _view = catalogs.open_catalog(path)
    catalog, problems = _view.catalog(), list(_view.problems)
    assert problems == [] and [p.key for p in catalog.papers] == ["first-2023", "second-2023",
                                                                  catalog.papers[2].key]
    assert dict(catalog.paper("first-2023").extra) == {"reviewed": True}


# --- malformed catalogs ------------------------------------------------------------------

GOOD_VENUE = '[[venues]]\nabbr = "ICLR"\nname = "ICLR"\nkind = "conference"\n\n'
GOOD_PAPER = '[[papers]]\nkey = "good-2023"\ntitle = "Good"\nvenue = "ICLR"\nyear = 2023\n\n'

MALFORMED = [
    ("not-toml", 'title = "unterminated\n', r"bad\.toml:1:\d+: .*not valid TOML"),
    ("bad-table", "[[papers]\nkey = 1\n", r"bad\.toml:1:\d+: "),
    ("duplicate-toml-key", GOOD_VENUE + '[[papers]]\ntitle = "a"\ntitle = "b"\n', r"bad\.toml:\d+:\d+: "),
    ("missing-title", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "x-2023"\nvenue = "ICLR"\nyear = 2023\n',
     r"bad\.toml:12: (error: )?x-2023: missing title"),
    ("year-not-a-number", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "x-2023"\ntitle = "X"\nvenue = "ICLR"\nyear = "2023"\n',
     r"bad\.toml:12: (error: )?x-2023: year must be a number"),
    ("year-out-of-range", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "x-2023"\ntitle = "X"\nvenue = "ICLR"\nyear = 20233\n',
     r"year 20233 is outside"),
    ("unknown-venue", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "x-2023"\ntitle = "X"\nvenue = "NIPS"\nyear = 2023\n',
     r"venue 'NIPS' is not in the \[\[venues\]\] registry"),
    ("link-not-a-url", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "x-2023"\ntitle = "X"\nvenue = "ICLR"\nyear = 2023\n[papers.links]\npaper = "not a url"\n',
     r"paper URL 'not a url'"),
    ("javascript-link", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "x-2023"\ntitle = "X"\nvenue = "ICLR"\nyear = 2023\n[papers.links]\npaper = "javascript:alert(1)"\n',
     r"must start with http"),
    ("duplicate-key", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "good-2023"\ntitle = "Other"\nvenue = "ICLR"\nyear = 2023\n',
     r"good-2023: paper #2: duplicate key"),
    ("title-with-newline", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "x-2023"\ntitle = "A\\nB"\nvenue = "ICLR"\nyear = 2023\n',
     r"title must be one line"),
    ("links-not-a-table", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "x-2023"\ntitle = "X"\nvenue = "ICLR"\nyear = 2023\nlinks = "https://a.org"\n',
     r"links must be a table"),
    ("bad-key", GOOD_VENUE + GOOD_PAPER + '[[papers]]\nkey = "Has Spaces"\ntitle = "X"\nvenue = "ICLR"\nyear = 2023\n',
     r"key 'Has Spaces' must be lower-case"),
    ("papers-not-array", 'papers = "none"\n' + GOOD_VENUE, r"'papers' must be an array"),
    ("not-utf8", None, r"bad\.toml:1: the catalog is not UTF-8"),
]


def _write_malformed(path: Path, text: str | None) -> None:
    if text is None:
        path.write_bytes(b'title = "caf\xe9"\n')
    else:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize(("name", "text", "message"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_catalog_gives_file_line_message_and_exit_2_and_stays_unchanged(
        tmp_path: Path, name: str, text: str | None, message: str) -> None:
    path = tmp_path / "bad.toml"
    _write_malformed(path, text)
    before = path.read_bytes()
    result = runner.invoke(app, add_args(path, 1))
    assert result.exit_code == 2
    assert re_search(message, result.output), result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


def re_search(pattern: str, text: str) -> bool:
    import re

    return re.search(pattern, text) is not None


@pytest.mark.parametrize(("name", "text", "message"), [m for m in MALFORMED if "x-2023: " in m[2] or "paper #" in m[2] or "registry" in m[2] or "year" in m[2] or "URL" in m[2] or "http" in m[2] or "one line" in m[2] or "links must" in m[2] or "lower-case" in m[2]])
def test_read_only_commands_warn_about_bad_records_and_go_on(tmp_path: Path, name: str, text: str,
                                                            message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["list", "--catalog", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert re_search(message, result.stderr)
    assert "good-2023" in result.stdout


def test_missing_catalog_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["list", "--catalog", str(tmp_path / "none.toml")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "snn-papers init" in result.output


def test_a_folder_instead_of_a_catalog_is_one_clear_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["list", "--catalog", str(tmp_path)])
    assert result.exit_code == 2 and "is a folder" in result.output


def _without_permission_override() -> None:
    """Run the child like an ordinary user: root keeps its uid (so it can still start
    Python) but loses CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so file modes apply to it."""
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for cap in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def test_no_permission_to_read_is_one_clear_line(catalog_file: Path) -> None:
    os.chmod(catalog_file, 0o000)
    result = cli("list", "--catalog", str(catalog_file), preexec=_without_permission_override)
    assert result.returncode == 2
    assert ("permission denied reading the catalog" in result.stderr
            or "is not readable" in result.stderr)
    assert "Traceback" not in result.stderr


def test_no_permission_to_write_changes_nothing(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    os.chmod(catalog_file, 0o444)
    os.chmod(catalog_file.parent, 0o555)
    try:
        result = cli(*add_args(catalog_file, 1), preexec=_without_permission_override)
    finally:
        os.chmod(catalog_file.parent, 0o755)
    assert result.returncode == 2, result.stderr
    assert "permission denied" in result.stderr and "Traceback" not in result.stderr
    assert catalog_file.read_bytes() == before


def test_full_disk_changes_nothing(catalog_file: Path) -> None:
    """A file-size limit below the catalog's size makes every write fail like a full disk."""
    before = catalog_file.read_bytes()
    limit = len(before) // 2

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    result = cli(*add_args(catalog_file, 1), preexec=small_disk)
    assert result.returncode == 2, result.stderr
    assert "cannot write" in result.stderr and "nothing was changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert catalog_file.read_bytes() == before
    assert sorted(p.name for p in catalog_file.parent.iterdir()) == ["papers.toml"]


def test_full_disk_during_export_leaves_the_old_readme(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("old readme\n")

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))

    result = cli("export", "-o", str(readme), preexec=small_disk)
    assert result.returncode == 2 and "nothing was changed" in result.stderr
    assert readme.read_text() == "old readme\n"


@pytest.mark.parametrize("args", [["--no-such-option"], ["search"], ["show"], ["list", "--year"],
                                  ["search", "x", "--limit", "many"], ["nonsense-command"]])
def test_bad_options_never_print_a_traceback(args: list[str]) -> None:
    result = cli(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "error:" in result.stderr


WRITER = """
import sys
from awesome_snn import catalog
from awesome_snn.model import Link, Paper
name = sys.argv[1]
for line in sys.stdin:  # one run a line: its first number; 5 adds, then 'done'
    first = int(line)
    for n in range(first, first + 5):
        with catalog.writing(name) as writer:
            writer.add([Paper(f"named-{n}-2023", f"Paper Written Through A Name Number {n}", "ICLR",
                              2023, (Link("paper", f"https://names.example.org/{n}"),))])
    print("done", flush=True)
"""
"""A writer process: for each line it reads, five adds, each under its own lock (the
processes start once, so ten runs cost ten runs of adds, not 120 interpreters)."""


@pytest.fixture
def memory_folder(tmp_path: Path) -> Path:
    """A folder in memory where there is one (fsync costs nothing there: this is about locks,
    not disks), else ``tmp_path``."""
    import tempfile

    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        return tmp_path
    folder = Path(tempfile.mkdtemp(dir=shm, prefix="snn-papers-test-"))
    yield folder
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def test_sixty_writers_through_three_names_of_one_file_lose_nothing(memory_folder: Path) -> None:
    """Ten runs of 60 adds (12 processes of 5, let go at once) through the file, a symlink to
    it and a path through a symlinked folder: one lock per real file, so every paper lands,
    every time, and the file parses after every run."""
    tmp_path = memory_folder
    real = tmp_path / "real" / "papers.toml"
    real.parent.mkdir()
    real.write_bytes(CATALOG.read_bytes())
    (tmp_path / "link.toml").symlink_to(real)
    (tmp_path / "folder-link").symlink_to(real.parent)
    names = [real, tmp_path / "link.toml", tmp_path / "folder-link" / "papers.toml"]
    expected = 93
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(names[n % 3])], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for n in range(12)]
    try:
        for run in range(10):
            for n, proc in enumerate(procs):
                proc.stdin.write(f"{1000 * run + 5 * n}\n")
                proc.stdin.flush()
            assert [proc.stdout.readline() for proc in procs] == ["done\n"] * 12, \
                [proc.stderr.read() for proc in procs if proc.poll() is not None]
            expected += 60
            tomllib.loads(real.read_text(encoding="utf-8"))
            view = catalogs.open_catalog(real)
            assert len(view) == expected and view.problems == ()
            assert {f"named-{1000 * run + n}-2023" for n in range(60)} <= set(view.keys)
            assert all(catalogs.open_catalog(name).keys == view.keys for name in names)
    finally:
        for proc in procs:
            proc.stdin.close()
    assert [proc.wait(timeout=60) for proc in procs] == [0] * 12
    assert names[1].is_symlink() and names[2].parent.is_symlink()


@pytest.mark.parametrize("delta", [-40, -1, 0, 1, 17, 300])
def test_a_killed_add_never_costs_a_later_hand_edit_a_byte(catalog_file: Path, delta: int) -> None:
    """An add killed at any moment leaves nothing behind that a later command acts on: a hand
    edit made afterwards (to any size around the old one) survives every command."""
    proc = subprocess.Popen([sys.executable, "-m", "awesome_snn", *add_args(catalog_file, 1)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(random.Random(delta).uniform(0.05, 0.3))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    text = catalog_file.read_text(encoding="utf-8")
    if delta < 0:
        cut = text.rindex("[[papers]]")
        text = text[:cut + delta].rstrip() + "\n"
    edited = text + "# hand edit " + "x" * max(delta, 0) + "\n"
    catalog_file.write_text(edited, encoding="utf-8")
    before = catalog_file.read_bytes()
    for args in (["search", "spiking"], ["list"], ["show", "spikformer-2023"], ["venues"],
                 ["stats"], ["export"], ["check"]):
        cli(*args, "--catalog", str(catalog_file))
        assert catalog_file.read_bytes() == before, args
    result = cli(*add_args(catalog_file, 2))
    assert result.returncode in (0, 1, 2) and "Traceback" not in result.stderr
    assert catalog_file.read_bytes().startswith(before)
