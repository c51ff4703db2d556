"""bench/run.py: its synthetic catalogs are valid catalogs, and its figures are computed right.

No timing is asserted: the benchmark reports, it never fails on a figure.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import CATALOG, REPO

from awesome_snn.search import normalise_title
from awesome_snn.store import load_catalog


def _load_bench():  # noqa: ANN202 - the module object of bench/run.py
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module  # dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


bench = _load_bench()
SIZE = 500


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bench.write_catalog(tmp_path_factory.mktemp("bench") / "catalog.toml", SIZE)


def test_generated_catalog_loads_with_no_problems_and_the_asked_count(generated: Path) -> None:
    catalog, problems = load_catalog(generated)
    assert problems == []
    assert len(catalog.papers) == SIZE


def test_generated_papers_have_unique_keys_and_distinct_titles(generated: Path) -> None:
    papers = load_catalog(generated)[0].papers
    assert len({p.key for p in papers}) == SIZE
    assert len({normalise_title(p.title) for p in papers}) == SIZE


def test_generated_papers_have_unique_urls(generated: Path) -> None:
    urls = [link.url for p in load_catalog(generated)[0].papers for link in p.links]
    assert len(set(urls)) == len(urls)


def test_sixty_percent_of_generated_papers_have_code(generated: Path) -> None:
    papers = load_catalog(generated)[0].papers
    assert sum(p.has_code for p in papers) == round(SIZE * 0.6)


def test_generated_years_run_from_2015_to_2026_newest_first(generated: Path) -> None:
    years = [p.year for p in load_catalog(generated)[0].papers]
    assert set(years) <= set(range(2015, 2027))
    assert len(set(years)) >= 10
    assert years == sorted(years, reverse=True)


def test_generated_venues_are_the_real_venue_set(generated: Path) -> None:
    catalog = load_catalog(generated)[0]
    shipped = load_catalog(CATALOG)[0]
    abbrs = [v.abbr for v in catalog.venues]
    assert abbrs[:len(shipped.venues)] == [v.abbr for v in shipped.venues]
    assert {"ICCV", "ACM MM", "DAC"} <= set(abbrs)
    used = Counter(p.venue for p in catalog.papers)
    assert set(used) <= set(abbrs) and len(used) >= 15


def test_generated_titles_speak_the_field(generated: Path) -> None:
    titles = [normalise_title(p.title) for p in load_catalog(generated)[0].papers]
    snn_words = ("spiking", "spike", "snn", "neuromorphic", "lif", "stdp", "membrane",
                 "event", "surrogate", "leaky")
    assert all(any(word in title for word in snn_words) for title in titles)
    assert sum("spiking transformer" in t for t in titles) > 0


def test_the_same_seed_writes_the_same_catalog(tmp_path: Path, generated: Path) -> None:
    again = bench.write_catalog(tmp_path / "again.toml", SIZE)
    assert again.read_bytes() == generated.read_bytes()


@pytest.mark.parametrize("which", ["generated", "shipped"])
def test_the_benchmarks_add_is_accepted_by_a_real_add(which: str, generated: Path,
                                                      tmp_path: Path) -> None:
    """The probe paper duplicates nothing, so ``add`` times a real write, not a refusal."""
    copy = tmp_path / "copy.toml"
    shutil.copyfile(generated if which == "generated" else CATALOG, copy)
    result = subprocess.run([sys.executable, "-m", "awesome_snn", "add", *bench.ADD_ARGS,
                             "--catalog", str(copy)], capture_output=True, text=True,
                            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    assert len(load_catalog(copy)[0].papers) == len(load_catalog(CATALOG if which == "shipped"
                                                                 else generated)[0].papers) + 1


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


def test_a_failed_run_makes_the_figure_a_failure_with_its_message() -> None:
    samples = _samples(100.0, 100.0) + [bench.Sample(5.0, 20.0, 1, "exit 1: TypeError: boom")]
    figure = bench.figure_from("1k", "search", samples)
    assert figure.error == "exit 1: TypeError: boom"
    assert figure.median_ms is None
    assert "FAILED: exit 1: TypeError: boom" in bench.format_table([figure])


def _figure(size: str, command: str, ms: float, peak: float = 40.0, **ratios: float) -> object:
    figure = bench.Figure(size, command, ms, [ms, ms, ms], peak)
    figure.vs_python = ratios.get("vs_python")
    figure.vs_grep = ratios.get("vs_grep")
    return figure


def test_targets_pass_fail_or_are_not_measured() -> None:
    figures = [
        _figure("100k", bench.SEARCH, 250.0, vs_grep=7.5),
        _figure("100k", bench.SHOW, 350.0),
        _figure("seed", bench.HELP, 90.0, vs_python=3.0),
    ]
    verdicts = {v.target: v for v in bench.judge(bench.TARGETS, figures)}
    assert verdicts["100k: search <= 300 ms"].status == "PASS"
    assert verdicts["100k: search <= 6x grep -ci"].status == "FAIL"
    assert verdicts["100k: search <= 6x grep -ci"].value == 7.5
    assert verdicts["100k: show <= 200 ms"].status == "FAIL"
    assert verdicts["seed: --help <= 8x python -c pass"].status == "PASS"
    assert verdicts["100k: export <= 1.5 s"].status == "not measured"


def test_the_memory_target_is_judged_on_the_worst_command_and_names_it() -> None:
    target = next(t for t in bench.TARGETS if t.measure == "MB")
    figures = [_figure("100k", command, 100.0, peak=80.0) for command in target.commands]
    figures[3].peak_mb = 260.0
    figures.append(_figure("100k", bench.IMPORT, 9000.0, peak=900.0))  # import is exempt
    verdict = bench.judge([target], figures)[0]
    assert (verdict.status, verdict.value, verdict.worst) == ("FAIL", 260.0, target.commands[3])


def test_the_table_shows_medians_spreads_ratios_and_peaks() -> None:
    line = bench.format_table([_figure("10k", bench.SEARCH, 123.4, peak=55.2, vs_python=3.25,
                                       vs_grep=12.0)]).splitlines()[-1]
    assert line.split()[:2] == ["10k", "search"]
    assert line.split()[-6:] == ["123", "123", "123-123", "3.2x", "12.0x", "55"]


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
    assert small.exit == 0 and small.peak_mb < 60
    assert big.peak_mb >= 80
    assert (failed.exit, failed.error) == (1, "exit 1: bad catalog")
