"""bench/run.py: its synthetic catalogs are valid catalogs, and its figures are computed right.

No timing is asserted: the benchmark reports, it never fails on a figure. Only the pure parts
are tested here (and the runner, on plain ``python -c`` children): nothing needs the package's
CLI, which the benchmark only ever runs as a separate process.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from conftest import REPO, SHIPPED
from hypothesis import given
from hypothesis import strategies as st


def _load_bench():  # noqa: ANN202 - the module object of bench/run.py
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


bench = _load_bench()
SIZE = 500


def _read(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bench.write_catalog(tmp_path_factory.mktemp("bench") / "catalog.toml", SIZE)


@pytest.fixture(scope="module")
def papers(generated: Path) -> list[dict]:
    return _read(generated)["papers"]


# --- the generated catalogs -----------------------------------------------------------------

def test_generated_catalog_is_toml_with_the_asked_count_and_unique_keys(papers: list[dict]) -> None:
    assert len(papers) == SIZE
    assert len({p["key"] for p in papers}) == SIZE
    assert all(bench.KEY_SHAPE.fullmatch(p["key"]) for p in papers)


def test_generated_papers_have_the_catalog_schema(papers: list[dict]) -> None:
    for paper in papers:
        assert list(paper) == ["key", "title", "venue", "year", "links"]
        assert isinstance(paper["year"], int)
        assert set(paper["links"]) <= {"paper", "code"} and "paper" in paper["links"]


def test_generated_file_has_the_layout_import_writes(generated: Path) -> None:
    text = generated.read_text(encoding="utf-8")
    assert text.startswith(bench.HEADER_COMMENT + "\n[list]\n")
    assert text.index("\n[[venues]]\n") < text.index("\n[[papers]]\n")
    assert "\n\n[papers.links]\n" in text and not text.endswith("\n\n")
    assert list(_read(generated)) == ["list", "venues", "papers"]


def test_generated_list_texts_are_the_shipped_ones(generated: Path) -> None:
    assert _read(generated)["list"] == _read(SHIPPED)["list"]


def test_generated_titles_are_distinct_and_urls_unique(papers: list[dict]) -> None:
    assert len({bench.fold_title(p["title"]) for p in papers}) == SIZE
    urls = [url for p in papers for url in p["links"].values()]
    assert len(set(urls)) == len(urls)


def test_sixty_percent_of_generated_papers_have_code(papers: list[dict]) -> None:
    assert sum("code" in p["links"] for p in papers) == round(SIZE * 0.6)


def test_generated_years_run_from_2015_to_2026_newest_first(papers: list[dict]) -> None:
    years = [p["year"] for p in papers]
    assert set(years) <= set(range(2015, 2027))
    assert len(set(years)) >= 10
    assert years == sorted(years, reverse=True)


def test_generated_venues_are_the_real_venue_set(generated: Path, papers: list[dict]) -> None:
    venues = _read(generated)["venues"]
    shipped = _read(SHIPPED)["venues"]
    assert venues[:len(shipped)] == shipped
    abbrs = [v["abbr"] for v in venues]
    assert len(abbrs) == len(set(abbrs)) >= 19
    assert {"ICCV", "ACM MM", "DAC"} <= set(abbrs)
    used = Counter(p["venue"] for p in papers)
    assert set(used) <= set(abbrs) and len(used) >= 15


def test_generated_titles_speak_the_field(papers: list[dict]) -> None:
    titles = [bench.fold_title(p["title"]) for p in papers]
    snn_words = ("spiking", "spike", "snn", "neuromorphic", "lif", "stdp", "membrane",
                 "event", "surrogate", "leaky")
    assert all(any(word in title for word in snn_words) for title in titles)
    assert sum("spiking transformer" in t for t in titles) > 0


def test_the_same_seed_writes_the_same_catalog(tmp_path: Path, generated: Path) -> None:
    again = bench.write_catalog(tmp_path / "again.toml", SIZE)
    assert again.read_bytes() == generated.read_bytes()
    other = bench.write_catalog(tmp_path / "other.toml", SIZE, seed=7)
    assert other.read_bytes() != generated.read_bytes()


def test_the_fallbacks_make_a_valid_catalog_without_the_package(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With neither the package's venue table nor its key maker importable (mid-restructure),
    the copies in run.py still make a whole catalog."""
    monkeypatch.setattr(bench, "known_venues", lambda: (bench.FALLBACK_VENUES, "fallback"))
    monkeypatch.setattr(bench, "key_maker", lambda: (bench.fallback_unique_key, "fallback"))
    papers = _read(bench.write_catalog(tmp_path / "fallback.toml", SIZE))["papers"]
    assert len({p["key"] for p in papers}) == SIZE


@pytest.mark.parametrize(("title", "year", "taken", "expected"), [
    ("Spikformer: When Spiking Neural Network Meets Transformer", 2023, (), "spikformer-2023"),
    ("Optical Flow Estimation for Spiking Cameras", 2022, (), "optical-flow-estimation-2022"),
    ("Towards the Spiking Transformer", 2024, ("spiking-transformer-2024",),
     "spiking-transformer-2024-b"),
    ("!!!", 2020, (), "paper-2020"),
])
def test_the_fallback_key_maker(title: str, year: int, taken: tuple[str, ...],
                                expected: str) -> None:
    assert bench.fallback_unique_key(title, year, set(taken)) == expected


def test_an_existing_catalog_is_reused_only_when_identical(tmp_path: Path) -> None:
    path = tmp_path / "catalog-300.toml"
    assert bench.ensure_catalog(path, 300) == (path, True)
    stamp = path.stat()
    assert bench.ensure_catalog(path, 300) == (path, False)
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == (stamp.st_ino, stamp.st_mtime_ns)
    path.write_text(path.read_text(encoding="utf-8").replace("year = 2026", "year = 2025", 1),
                    encoding="utf-8")
    assert bench.ensure_catalog(path, 300) == (path, True)
    assert path.read_bytes() == bench.generate_catalog_text(300).encode("utf-8")


def test_the_middle_key_is_found_without_parsing(generated: Path, papers: list[dict]) -> None:
    assert bench.middle_key(generated) == papers[SIZE // 2]["key"]
    shipped = _read(SHIPPED)["papers"]
    assert bench.middle_key(SHIPPED) == shipped[len(shipped) // 2]["key"]


def test_the_probe_writes_duplicate_nothing(papers: list[dict]) -> None:
    """``add`` and ``edit`` must time real writes, not refusals of a duplicate."""
    args = dict(zip(bench.ADD_ARGS[::2], bench.ADD_ARGS[1::2], strict=True))
    every = papers + _read(SHIPPED)["papers"]
    assert bench.fold_title(args["--title"]) not in {bench.fold_title(p["title"]) for p in every}
    urls = {url for p in every for url in p.get("links", {}).values()}
    assert {args["--paper"], args["--code"], bench.EDIT_CODE_URL}.isdisjoint(urls)


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)


@given(TEXT)
def test_a_toml_string_reads_back_as_its_value(value: str) -> None:
    assert tomllib.loads(f"v = {bench.toml_string(value)}")["v"] == value


@given(TEXT)
def test_a_toml_text_reads_back_as_its_value(value: str) -> None:
    assert tomllib.loads(f"v = {bench.toml_text(value)}\n")["v"] == value


@pytest.mark.parametrize("value", ['say "hi"\\', "a\tb", "line\nline\r\n", '"""', "end\"",
                                   "\x00\x1f\x7f", "🔥 intro\n\n🤗 end"])
def test_awkward_texts_read_back(value: str) -> None:
    assert tomllib.loads(f"v = {bench.toml_string(value)}")["v"] == value
    assert tomllib.loads(f"v = {bench.toml_text(value)}")["v"] == value


# --- figures, targets, report ---------------------------------------------------------------

@pytest.mark.parametrize(("values", "expected"), [
    ([5.0], 5.0),
    ([3.0, 1.0, 2.0], 2.0),
    ([4.0, 1.0, 3.0, 2.0], 2.5),
    ([10.0, 10.0, 90.0], 10.0),
])
def test_median_of_runs(values: list[float], expected: float) -> None:
    assert bench.median(values) == expected


@pytest.mark.parametrize(("value", "baseline", "expected"), [
    (300.0, 100.0, 3.0),
    (50.0, 200.0, 0.25),
    (None, 100.0, None),
    (100.0, None, None),
    (100.0, 0.0, None),
])
def test_ratio_to_a_baseline(value: float | None, baseline: float | None,
                             expected: float | None) -> None:
    assert bench.ratio(value, baseline) == expected


def _samples(*ms: float, peak: float = 30.0) -> list:
    return [bench.Sample(m, peak, 0) for m in ms]


def test_the_first_run_is_reported_apart_from_the_timed_runs() -> None:
    figure = bench.figure_from("1k", "search", _samples(900.0, 30.0, 10.0, 20.0))
    assert figure.first_ms == 900.0
    assert (figure.median_ms, figure.min_ms, figure.max_ms) == (20.0, 10.0, 30.0)


def test_the_peak_is_the_highest_of_every_run_first_included() -> None:
    samples = [bench.Sample(900.0, 120.0, 0)] + _samples(30.0, 10.0, peak=40.0)
    assert bench.figure_from("1k", "search", samples).peak_mib == 120.0


def test_a_failed_run_makes_the_figure_a_failure_with_its_message() -> None:
    samples = _samples(100.0, 100.0) + [bench.Sample(5.0, 20.0, 1, "exit 1: TypeError: boom")]
    figure = bench.figure_from("1k", "search", samples)
    assert figure.error == "exit 1: TypeError: boom" and not figure.timed_out
    assert figure.median_ms is None
    assert "FAILED: exit 1: TypeError: boom" in bench.format_table([figure])


def test_a_timed_out_run_makes_a_timed_out_figure() -> None:
    samples = [bench.Sample(60_000.0, 90.0, -9, "timed out after 60 s", timed_out=True)]
    figure = bench.figure_from("100k", bench.EDIT, samples)
    assert figure.timed_out and figure.error == "timed out after 60 s"


def _figure(size: str, command: str, ms: float, peak: float = 40.0,
            vs_floor: float | None = None, **how: object) -> object:
    figure = bench.Figure(size, command, ms, [ms, ms, ms], peak, **how)
    figure.vs_floor = vs_floor
    return figure


def _verdicts(figures: list) -> dict:
    return {v.target: v for v in bench.judge(bench.TARGETS, figures)}


def test_the_targets_are_those_of_the_issue() -> None:
    seed = {t.command: t.limit for t in bench.TARGETS if t.size == "seed"}
    assert seed == dict.fromkeys((bench.HELP, bench.SEARCH, bench.SHOW, bench.LIST,
                                  bench.VENUES), 1.5)
    assert all(t.measure == "x floor" for t in bench.TARGETS if t.size == "seed")
    times = {t.command: t.limit for t in bench.TARGETS if t.measure == "ms"}
    assert times == {bench.SEARCH: 300, bench.SHOW: 200, bench.ADD: 300, bench.EDIT: 500,
                     bench.REMOVE: 500, bench.EXPORT: 1500, bench.LIST: 1000,
                     bench.CHECK: 15_000, bench.IMPORT: 10_000}
    memory = {t.command: t.limit for t in bench.TARGETS if t.measure == "MiB"}
    assert memory == dict.fromkeys(times, 250)
    assert {t.size for t in bench.TARGETS if t.measure != "x floor"} == {"100k"}
    assert set(times) <= set(bench.COMMANDS) and bench.SEARCH_COLD not in times


def test_targets_pass_fail_or_are_not_measured() -> None:
    verdicts = _verdicts([
        _figure("100k", bench.SEARCH, 250.0, peak=300.0),
        _figure("100k", bench.SHOW, 350.0),
        _figure("seed", bench.HELP, 90.0, vs_floor=1.2),
        _figure("seed", bench.VENUES, 150.0, vs_floor=1.6),
    ])
    assert verdicts["100k: search <= 0.3 s"].status == "PASS"
    assert verdicts["100k: search peak <= 250 MiB"].status == "FAIL"
    assert verdicts["100k: search peak <= 250 MiB"].value == 300.0
    assert verdicts["100k: show <= 0.2 s"].status == "FAIL"
    assert verdicts["100k: show peak <= 250 MiB"].status == "PASS"
    assert verdicts["seed: --help <= 1.5x floor"].status == "PASS"
    assert verdicts["seed: venues <= 1.5x floor"].status == "FAIL"
    assert verdicts["100k: export <= 1.5 s"].status == "not measured"
    assert verdicts["100k: check (no links) <= 15 s"].status == "not measured"


def test_a_limit_met_exactly_passes() -> None:
    verdict = _verdicts([_figure("100k", bench.EDIT, 500.0)])["100k: edit <= 0.5 s"]
    assert (verdict.status, verdict.value) == ("PASS", 500.0)


def test_a_timeout_fails_the_time_target_and_leaves_memory_unmeasured() -> None:
    figure = bench.Figure("100k", bench.CHECK, 60_000.0, [], 0.0, "timed out after 60 s",
                          timed_out=True)
    verdicts = _verdicts([figure])
    timed = verdicts["100k: check (no links) <= 15 s"]
    assert (timed.status, timed.note) == ("FAIL", "timed out after 60 s")
    assert verdicts["100k: check (no links) peak <= 250 MiB"].status == "not measured"


def test_a_failed_command_is_not_measured_and_says_why() -> None:
    figure = bench.Figure("100k", bench.REMOVE, 80.0, [], 0.0, "exit 1: ImportError: x")
    verdicts = _verdicts([figure])
    verdict = verdicts["100k: remove <= 0.5 s"]
    assert (verdict.status, verdict.note) == ("not measured", "exit 1: ImportError: x")
    text = bench.format_verdicts(list(verdicts.values()))
    assert "100k: remove <= 0.5 s: not measured, the command failed (exit 1: ImportError: x)" in text


def test_the_verdicts_show_values_and_a_count() -> None:
    text = bench.format_verdicts(bench.judge(bench.TARGETS, [
        _figure("seed", bench.SEARCH, 100.0, vs_floor=1.234),
        _figure("100k", bench.ADD, 310.0, peak=99.6),
    ]))
    assert "  PASS  seed: search spiking transformer <= 1.5x floor: 1.23x floor" in text
    assert "  FAIL  100k: add <= 0.3 s: 310 ms" in text
    assert "  PASS  100k: add peak <= 250 MiB: 100 MiB" in text
    assert "100k: show <= 0.2 s" not in text
    assert "  -     not measured, their size was not run: 4 at seed, 16 at 100k" in text
    assert text.splitlines()[-1] == f"  2 pass, 1 fail, {len(bench.TARGETS) - 3} not measured"


def test_the_table_shows_medians_spreads_ratios_and_peaks() -> None:
    figures = [_figure("10k", bench.SEARCH, 123.4, peak=55.2, vs_floor=1.25),
               _figure("10k", bench.FLOOR_LABEL, 98.7, peak=9.0, vs_floor=1.0, baseline=True)]
    lines = bench.format_table(figures, floor_mib=10.0).splitlines()
    assert lines[0].split() == ["size", "command", "first", "median", "min-max", "x", "floor",
                                "peak", "MiB"]
    assert lines[2].split()[:3] == ["10k", "search", "spiking"]
    assert lines[2].split()[-5:] == ["123", "123", "123-123", "1.25x", "55"]
    assert lines[3].split()[-5:] == ["99", "99", "99-99", "1.00x", "<10"]
    assert len({len(line) for line in lines[:1] + lines[2:]}) == 1  # the columns line up


@pytest.mark.parametrize(("stderr", "expected"), [
    ("Traceback (most recent call last):\n  File ...\nTypeError: boom\n\n", "TypeError: boom"),
    ("Usage: snn-papers show [OPTIONS] {key}\nTry 'snn-papers show --help' for help.\n"
     "╭─ Error ──────────────╮\n│ No such paper: xyz   │\n╰──────────────────────╯\n",
     "No such paper: xyz"),
    ("", ""),
])
def test_the_last_line_of_stderr_that_says_something(stderr: str, expected: str) -> None:
    assert bench.last_line(stderr) == expected


# --- running commands -----------------------------------------------------------------------

class FailingRunner:
    """Every command fails, as when the CLI is mid-rewrite."""

    def __init__(self) -> None:
        self.argvs: list[list[str]] = []

    def run(self, argv: list[str], env: dict, stdout: Path | None = None,
            answers: tuple[int, ...] = (0,)) -> object:
        self.argvs.append(list(argv))
        if "awesome_snn" in argv:
            return bench.Sample(40.0, 20.0, 2, "exit 2: ModuleNotFoundError: No module named x")
        return bench.Sample(10.0, 9.0, 0)


def test_failing_commands_are_failed_rows_not_a_crash(tmp_path: Path, generated: Path) -> None:
    runner = FailingRunner()
    work = tmp_path / "work"
    work.mkdir()
    figures = bench.bench_size(bench.Bench(runner, work, {}), "1k", generated, 2)
    by_command = {f.command: f for f in figures}
    assert list(by_command) == [bench.PYTHON_LABEL, bench.FLOOR_LABEL, *bench.COMMANDS]
    assert not by_command[bench.FLOOR_LABEL].error
    assert by_command[bench.FLOOR_LABEL].vs_floor == 1.0
    assert all(by_command[c].error for c in bench.COMMANDS)
    assert by_command[bench.IMPORT].error == "no README to import: export failed"
    key = bench.middle_key(generated)
    cli = [a for a in runner.argvs if "awesome_snn" in a]
    assert any(a[3:5] == ["edit", key] and bench.EDIT_CODE_URL in a for a in cli)
    assert any(a[3:6] == ["remove", key, "--yes"] for a in cli)
    assert "FAILED: exit 2: ModuleNotFoundError" in bench.format_table(figures)


TOUCH_80_MB = "x = bytearray(80 * 2**20); x[::4096] = b'1' * len(x[::4096])"


def test_the_runner_reports_the_childs_own_peak_not_its_spawners(tmp_path: Path) -> None:
    """Linux charges a child with the memory of whoever spawned it: a 150 MB test process
    must not show up in the peak of a small child spawned through the runner."""
    ballast = bytearray(150 * 1024 * 1024)
    ballast[::4096] = b"\x01" * len(ballast[::4096])
    runner = bench.Runner(tmp_path)
    try:
        small = runner.run([sys.executable, "-c", "pass"], {})
        big = runner.run([sys.executable, "-c", TOUCH_80_MB], {})
        failed = runner.run([sys.executable, "-c", "import sys; sys.exit('bad catalog')"], {})
    finally:
        runner.close()
    del ballast
    assert small.exit == 0 and small.peak_mib < 60
    assert big.peak_mib >= 80
    assert (failed.exit, failed.error) == (1, "exit 1: bad catalog")


def test_the_runner_kills_a_run_past_its_timeout(tmp_path: Path) -> None:
    runner = bench.Runner(tmp_path, timeout=0.5)
    start = time.monotonic()
    try:
        hung = runner.run([sys.executable, "-c", "import time; time.sleep(30)"],
                          dict(os.environ))
        after = runner.run([sys.executable, "-c", "print('ok')"], dict(os.environ))
    finally:
        runner.close()
    assert time.monotonic() - start < 15
    assert hung.timed_out and hung.error == "timed out after 0.5 s"
    assert after.exit == 0 and not after.error
