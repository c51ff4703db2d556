#!/usr/bin/env python3
"""Benchmark of the snn-papers CLI, every figure a whole process (issue 5).

    python bench/run.py                  # seed, 1k, 10k and 100k catalogs (~6 min on 2 cores)
    python bench/run.py --quick          # the 1k catalog only (what CI runs; under a minute)
    python bench/run.py --json out.json  # also save every figure and target as JSON

Each command is run as ``python -m awesome_snn ...`` with this same interpreter, stdout to a
pipe, ``COLUMNS=100``, and ``XDG_CACHE_HOME`` pointed at a temporary folder so the CLI's
catalog cache never touches the user's. A figure is one first run (reported on its own:
it may pay a cold cache) then N more runs whose median and min-max are reported, with the
ratio to two baselines timed the same way in the same run: ``python -c pass`` and
``grep -ci QUERY CATALOG``. Then each target of the issue is checked: PASS or FAIL. The
benchmark only reports: it exits 0 whatever the figures (CI must not fail on timing).

Peak memory is the child's own ``ru_maxrss`` from ``os.wait4``. Linux charges a child with
the high-water mark of the address space it was spawned from, so a process that spawned
children from this (large) benchmark process would report at least this process's size;
every measured command is therefore spawned by a small runner process (``RUNNER``), whose
own size (~10 MB) is the floor below which a peak cannot be seen.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # generate with the checkout's own writer, installed or not

from awesome_snn.keys import unique_key  # noqa: E402
from awesome_snn.model import Catalog, Link, Paper, Venue  # noqa: E402
from awesome_snn.search import normalise_title  # noqa: E402
from awesome_snn.store import dump_catalog, load_catalog  # noqa: E402
from awesome_snn.venues import KNOWN_VENUES  # noqa: E402

SEED_CATALOG = REPO / "data" / "papers.toml"
DATA = BENCH / ".data"
"""Generated catalogs (git-ignored)."""

# --- synthetic catalogs ---------------------------------------------------------------------

GENERATOR_SEED = 2023
YEARS = tuple(range(2015, 2027))
YEAR_WEIGHTS = (1, 1, 2, 2, 3, 4, 5, 6, 8, 10, 12, 14)
"""The field grows: each year has more papers than the one before."""
CODE_SHARE = 0.6
CONFERENCE_WEIGHT = 3
"""Conferences carry most of an SNN list; each journal weighs 1."""

QUALITIES = (
    "Energy-Efficient", "Low-Latency", "Accurate", "Robust", "Scalable", "Efficient",
    "Adversarially Robust", "Ultra-Low-Power", "Hardware-Friendly", "Biologically Plausible",
    "Fast", "Sparse", "Memory-Efficient", "Lightweight", "High-Performance", "Deep",
)
CORES = (
    "Spiking Neural Networks", "Deep Spiking Neural Networks", "Spiking Transformers",
    "Spiking Vision Transformers", "Spiking Convolutional Networks",
    "Recurrent Spiking Neural Networks", "Spiking Graph Neural Networks",
    "Spiking Language Models", "Binary Spiking Neural Networks", "Neuromorphic Networks",
    "Spiking Residual Networks", "Spiking Autoencoders", "Spiking Diffusion Models",
    "Hybrid ANN-SNN Models", "SNNs", "Spiking Neurons",
)
TECHNIQUES = (
    "Surrogate Gradient Learning", "ANN-SNN Conversion", "Spike-Timing-Dependent Plasticity",
    "Membrane Potential Rectification", "Temporal Efficient Training",
    "Spike-Driven Self-Attention", "Learnable LIF Neurons", "Adaptive Firing Thresholds",
    "Knowledge Distillation", "Online Training Through Time", "Batch Normalization Through Time",
    "Temporal Pruning", "Sparse Spike Coding", "Rate Coding", "Time-to-First-Spike Coding",
    "Spike Compression", "Neural Architecture Search", "Quantization-Aware Training",
    "Spike Calibration", "Synaptic Delay Learning", "Dendritic Computation",
    "Lateral Inhibition", "Meta-Plasticity", "Local Learning Rules", "Event-Driven Backpropagation",
    "Residual Membrane Potential", "Burst Spikes", "Energy-Aware Regularization",
    "Spiking Attention", "Leaky Integrate-and-Fire Dynamics", "Spike-Timing Codes",
    "Reward-Modulated STDP",
)
TASKS = (
    "Event Camera Object Detection", "Optical Flow Estimation", "Image Classification",
    "Speech Recognition", "Semantic Segmentation", "Keyword Spotting", "Action Recognition",
    "Gesture Recognition", "Depth Estimation", "Object Tracking", "Image Deblurring",
    "Point Cloud Recognition", "Reinforcement Learning", "Sound Source Localization",
    "Video Reconstruction", "Visual Place Recognition", "Text Classification",
    "Time Series Forecasting", "Robot Control", "Low-Light Enhancement", "Lip Reading",
    "Pedestrian Detection", "Continual Learning", "Few-Shot Learning", "Image Generation",
    "3D Reconstruction", "Anomaly Detection", "EEG Decoding", "ECG Classification",
    "Audio Denoising", "Spoken Word Recognition", "Motion Segmentation",
)
SETTINGS = (
    "Neuromorphic Hardware", "Event Cameras", "Edge Devices", "Loihi", "Neuromorphic Datasets",
    "Dynamic Vision Sensors", "Neuromorphic Chips", "Resource-Constrained Devices",
    "Long Sequences", "Few Timesteps", "ImageNet", "Noisy Labels", "SpiNNaker", "FPGAs",
)
VERBS = (
    "Training", "Rethinking", "Scaling", "Understanding", "Improving", "Accelerating",
    "Compressing", "Benchmarking", "Revisiting", "Learning", "Pruning", "Quantizing",
)
NAME_HEADS = ("Spik", "Spike", "Neuro", "Event", "Syn", "Temporal", "LIF", "Surro", "Dendri",
              "Axon", "Memb", "Burst", "Pulse", "Sparse", "Volt", "Tempo")
NAME_TAILS = ("former", "Net", "BERT", "GPT", "YOLO", "Flow", "Mixer", "Seg", "Track", "Diff",
              "GAN", "Prop", "Conv", "Det", "Depth", "Rec", "Gen", "Norm", "Attn", "Pool")
NAME_VERSIONS = ("", "", "", "-V2", "++", "-S", "-L", " 2")
TEMPLATES = (
    "{name}: {quality} {core} for {task}",
    "{verb} {quality} {core} with {technique}",
    "Towards {quality} {core} via {technique}",
    "{technique} for {quality} {task} with {core}",
    "{core} on {setting}: {technique} for {task}",
    "{name}: {technique} in {core} for {task}",
    "When {core} Meet {technique}: {quality} {task}",
    "{quality} {task} with {core} and {technique}",
    "{verb} {core} for {task} on {setting}",
    "{name}: {quality} Spike-Based {task} on {setting}",
)
GITHUB_USERS = ("zhouchenlin", "fangwei123456", "yfguo91", "ZK-Zhou", "BICLab", "Ikarosy",
                "thiswinex", "putshua", "qymeng94", "Windere", "neuromorphs", "snn-lab",
                "event-vision", "braincog", "lava-nc", "norse", "synsense", "ifgovh")
PAPER_URLS = {
    "ICLR": "https://openreview.net/forum?id=snn{index:07d}",
    "NeurIPS": "https://openreview.net/forum?id=nips{index:07d}",
    "ICML": "https://proceedings.mlr.press/v{volume}/snn{index}.html",
    "CVPR": "https://openaccess.thecvf.com/content/CVPR{year}/html/Paper_{index}_CVPR_{year}_paper.html",
    "ICCV": "https://openaccess.thecvf.com/content/ICCV{year}/html/Paper_{index}_ICCV_{year}_paper.html",
    "ECCV": "https://www.ecva.net/papers/eccv_{year}/papers_ECCV/html/{index}_ECCV_{year}_paper.php",
    "AAAI": "https://ojs.aaai.org/index.php/AAAI/article/view/{aaai}",
    "IJCAI": "https://www.ijcai.org/proceedings/{year}/{index:05d}",
    "ICASSP": "https://ieeexplore.ieee.org/document/{ieee}",
    "IJCNN": "https://ieeexplore.ieee.org/document/{ieee}",
    "PAMI": "https://ieeexplore.ieee.org/document/{ieee}",
    "TNNLS": "https://ieeexplore.ieee.org/document/{ieee}",
    "IEEE TCYB": "https://ieeexplore.ieee.org/document/{ieee}",
    "DAC": "https://ieeexplore.ieee.org/document/{ieee}",
    "ACM MM": "https://dl.acm.org/doi/10.1145/3581783.{index}",
    "Neural Networks": "https://www.sciencedirect.com/science/article/pii/S08936080{yy}{index:06d}",
    "Neural Computation": "https://direct.mit.edu/neco/article/{index}",
    "Nature Communications": "https://www.nature.com/articles/s41467-0{yy}-{index:05d}-x",
    "Frontiers in Neuroscience": "https://www.frontiersin.org/articles/10.3389/fnins.{year}.{index:07d}/full",
}
ARXIV_URL = "https://arxiv.org/abs/{yy}{month:02d}.{index:05d}"


def benchmark_venues(seed: Catalog) -> tuple[Venue, ...]:
    """The real venue set: the shipped catalog's registry, then the other well-known venues."""
    have = {v.abbr for v in seed.venues}
    return seed.venues + tuple(v for v in KNOWN_VENUES if v.abbr not in have)


def _method_name(rng: random.Random) -> str:
    return rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS) + rng.choice(NAME_VERSIONS)


def _title(rng: random.Random) -> str:
    return rng.choice(TEMPLATES).format(
        name=_method_name(rng), quality=rng.choice(QUALITIES), core=rng.choice(CORES),
        technique=rng.choice(TECHNIQUES), task=rng.choice(TASKS), setting=rng.choice(SETTINGS),
        verb=rng.choice(VERBS))


def _paper_url(venue: str, year: int, index: int, rng: random.Random) -> str:
    """A URL of the venue's usual shape; ``index`` makes it unique in the catalog."""
    template = PAPER_URLS.get(venue, ARXIV_URL) if rng.random() < 0.75 else ARXIV_URL
    return template.format(index=index, year=year, yy=f"{year % 100:02d}", month=rng.randint(1, 12),
                           volume=32 + 17 * (year - 2015), aaai=20000 + index,
                           ieee=9000000 + index)


def generate_catalog(count: int, seed: int = GENERATOR_SEED,
                     base: Catalog | None = None) -> Catalog:
    """``count`` synthetic papers with the texts and venues of the shipped catalog ``base``:
    distinct SNN titles, years 2015-2026 (more recent ones more often), 60% with code, keys
    made as ``add`` makes them, ordered like an imported list (newest year first, venues in
    registry order). The same ``seed`` gives the same catalog."""
    if base is None:
        base, _problems = load_catalog(SEED_CATALOG)
    rng = random.Random(seed)
    venues = benchmark_venues(base)
    weights = [CONFERENCE_WEIGHT if v.kind == "conference" else 1 for v in venues]
    titles: list[str] = []
    seen: set[str] = set()
    while len(titles) < count:
        title = _title(rng)
        folded = normalise_title(title)
        if folded not in seen:
            seen.add(folded)
            titles.append(title)
    years = rng.choices(YEARS, YEAR_WEIGHTS, k=count)
    venue_abbrs = [v.abbr for v in rng.choices(venues, weights, k=count)]
    with_code = set(rng.sample(range(count), round(count * CODE_SHARE)))
    order = {v.abbr: position for position, v in enumerate(venues)}
    rows = sorted(range(count), key=lambda i: (-years[i], order[venue_abbrs[i]], i))
    taken: set[str] = set()
    papers = []
    for index in rows:
        title, year, venue = titles[index], years[index], venue_abbrs[index]
        key = unique_key(title, year, taken)
        taken.add(key)
        links = [Link("paper", _paper_url(venue, year, index, rng))]
        if index in with_code:
            links.append(Link("code", f"https://github.com/{rng.choice(GITHUB_USERS)}/{key}"))
        papers.append(Paper(key, title, venue, year, tuple(links)))
    return Catalog(base.texts, venues, tuple(papers))


def write_catalog(path: Path, count: int, seed: int = GENERATOR_SEED) -> Path:
    """Write a generated catalog with the product's own writer (``store.dump_catalog``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_catalog(generate_catalog(count, seed)), encoding="utf-8")
    return path


# --- running one process --------------------------------------------------------------------

RUNNER = r"""
import json, os, sys, time
for line in sys.stdin:
    request = json.loads(line)
    if request.get("self"):
        # The high-water mark of this address space, which a child is charged with; not
        # RUSAGE_SELF, which also carries what this runner was itself spawned from.
        with open("/proc/self/status") as status:
            hwm = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
        print(json.dumps({"maxrss_kb": hwm}), flush=True)
        continue
    read_end, write_end = os.pipe()
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_DUP2, write_end, 1),
               (os.POSIX_SPAWN_OPEN, 2, request["stderr"],
                os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    keep = request.get("stdout")
    sink = open(keep, "wb") if keep else None
    start = time.perf_counter()
    try:
        pid = os.posix_spawnp(request["argv"][0], request["argv"], request["env"],
                              file_actions=actions)
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        print(json.dumps({"error": str(exc)}), flush=True)
        continue
    os.close(write_end)
    while chunk := os.read(read_end, 1 << 16):
        if sink is not None:
            sink.write(chunk)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    os.close(read_end)
    if sink is not None:
        sink.close()
    print(json.dumps({"seconds": seconds, "maxrss_kb": usage.ru_maxrss,
                      "exit": os.waitstatus_to_exitcode(status)}), flush=True)
"""
"""Spawns one measured process per request line (posix_spawn, stdout drained from a pipe,
then ``os.wait4``) and answers with its wall time, peak RSS and exit code. It stays small,
so the peak RSS it reports is the child's own (see the module docstring)."""


@dataclass(frozen=True)
class Sample:
    ms: float
    peak_mb: float
    exit: int
    error: str = ""
    """The last line of stderr when the process failed, or why it could not start."""


class Runner:
    """The small process that spawns and measures every command."""

    def __init__(self, work: Path) -> None:
        self.stderr = work / "stderr.txt"
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", RUNNER], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, cwd=REPO, text=True)

    def _ask(self, request: dict) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def run(self, argv: Sequence[str], env: dict[str, str], stdout: Path | None = None) -> Sample:
        """Run ``argv`` to the end; ``stdout`` keeps its output in a file (else discarded)."""
        answer = self._ask({"argv": list(argv), "env": env, "stderr": str(self.stderr),
                            "stdout": str(stdout) if stdout else None})
        if "error" in answer:
            return Sample(0.0, 0.0, -1, answer["error"])
        error = ""
        if answer["exit"] != 0:
            lines = self.stderr.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            error = f"exit {answer['exit']}: {lines[-1] if lines else '(no stderr)'}"
        return Sample(answer["seconds"] * 1000, answer["maxrss_kb"] / 1024, answer["exit"], error)

    def own_peak_mb(self) -> float:
        """The runner's own peak RSS: no child's peak below it can be seen."""
        return self._ask({"self": True})["maxrss_kb"] / 1024

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


# --- figures --------------------------------------------------------------------------------

def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ratio(value: float | None, baseline: float | None) -> float | None:
    """``value / baseline``, or None when either is missing or the baseline is zero."""
    if value is None or not baseline:
        return None
    return value / baseline


@dataclass
class Figure:
    """One command at one catalog size: its first run, then ``runs`` more."""

    size: str
    command: str
    first_ms: float
    runs_ms: list[float]
    peak_mb: float
    """The highest peak RSS over all its runs (first included)."""
    error: str = ""
    vs_python: float | None = None
    vs_grep: float | None = None
    baseline: bool = False

    @property
    def median_ms(self) -> float | None:
        return median(self.runs_ms) if self.runs_ms else None

    @property
    def min_ms(self) -> float | None:
        return min(self.runs_ms) if self.runs_ms else None

    @property
    def max_ms(self) -> float | None:
        return max(self.runs_ms) if self.runs_ms else None


def figure_from(size: str, command: str, samples: Sequence[Sample],
                baseline: bool = False) -> Figure:
    """The first sample reported apart, the rest as the timed runs; any failure is kept."""
    error = next((s.error for s in samples if s.error), "")
    good = [s for s in samples if not s.error]
    if error or not good:
        return Figure(size, command, samples[0].ms if samples else 0.0, [], 0.0,
                      error or "no run", baseline=baseline)
    return Figure(size, command, good[0].ms, [s.ms for s in good[1:]],
                  max(s.peak_mb for s in good), baseline=baseline)


# --- what is measured -----------------------------------------------------------------------

QUERY = ("spiking", "transformer")
FILTER_VENUE = "CVPR"
FILTER_YEAR = "2023"
ADD_ARGS = ("--title", "Spiking Cellular Automata for Sea Ice Forecasting", "--venue", "ICLR",
            "--year", "2026", "--paper", "https://openreview.net/forum?id=benchprobe01",
            "--code", "https://github.com/snn-bench/sea-ice")
"""A paper none of the generated or seed papers duplicates (nor nearly: its words are not
in the generator's vocabulary)."""

SIZES = {"seed": 0, "1k": 1_000, "10k": 10_000, "100k": 100_000}
"""Catalog sizes by name; ``seed`` is the shipped catalog, ``data/papers.toml``."""
RUNS = {"seed": 7, "1k": 7, "10k": 5, "100k": 3}
"""Timed runs per figure (after the first run)."""
GREP_LABEL = f"grep -ci '{' '.join(QUERY)}'"
PYTHON_LABEL = "python -c pass"
SEARCH_COLD = f"search {' '.join(QUERY)} (cold cache)"
SEARCH = f"search {' '.join(QUERY)}"
SEARCH_FILTERED = f"{SEARCH} --venue {FILTER_VENUE} --year {FILTER_YEAR}"
LIST = f"list --venue {FILTER_VENUE}"
SHOW = "show KEY"
EXPORT = "export"
ADD = "add (fresh copy, warm cache)"
IMPORT = "import README -o NEW"
HELP = "--help"
SEARCH_ROWS = (SEARCH_COLD, SEARCH, SEARCH_FILTERED)


@dataclass(frozen=True)
class Bench:
    """Where one benchmark run works, and how it starts the CLI."""

    runner: Runner
    work: Path
    env: dict[str, str]

    @property
    def cache(self) -> Path:
        return self.work / "cache"

    def cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "awesome_snn", *args]

    def times(self, argv: Sequence[str], runs: int, before: Callable[[], None] | None = None,
              keep: Path | None = None) -> list[Sample]:
        """The first run (keeping its stdout in ``keep``) and ``runs`` more; ``before()`` is
        called, untimed, before each."""
        samples = []
        for number in range(runs + 1):
            if before is not None:
                before()
            samples.append(self.runner.run(argv, self.env, keep if number == 0 else None))
        return samples

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)
        self.cache.mkdir(parents=True)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_size(bench: Bench, size: str, catalog: Path, runs: int) -> list[Figure]:
    """Every figure of one catalog size, baselines first (see ``bench/README.md``)."""
    loaded, problems = load_catalog(catalog)
    if problems:
        raise SystemExit(f"{catalog}: the benchmark catalog has problems: {problems[:3]}")
    key = loaded.papers[len(loaded.papers) // 2].key
    del loaded
    figures: list[Figure] = []

    def measure(command: str, argv: Sequence[str], baseline: bool = False, **how) -> Figure:  # noqa: ANN003
        figure = figure_from(size, command, bench.times(argv, runs, **how), baseline)
        figures.append(figure)
        shown = figure.error or f"median {figure.median_ms:.0f} ms"
        progress(f"  [{size}] {command}: {shown}")
        return figure

    python = measure(PYTHON_LABEL, [sys.executable, "-c", "pass"], baseline=True)
    grep = measure(GREP_LABEL, ["grep", "-ci", " ".join(QUERY), str(catalog)], baseline=True)
    on = ("--catalog", str(catalog))
    measure(HELP, bench.cli("--help"))
    measure(SEARCH_COLD, bench.cli("search", *QUERY, *on), before=bench.clear_cache)
    measure(SEARCH, bench.cli("search", *QUERY, *on))
    measure(SEARCH_FILTERED, bench.cli("search", *QUERY, "--venue", FILTER_VENUE,
                                       "--year", FILTER_YEAR, *on))
    measure(LIST, bench.cli("list", "--venue", FILTER_VENUE, *on))
    measure(SHOW, bench.cli("show", key, *on))
    readme = bench.work / f"README-{size}.md"
    measure(EXPORT, bench.cli("export", *on), keep=readme)

    copy = bench.work / "add-copy.toml"

    def fresh_warm_copy() -> None:
        shutil.copyfile(catalog, copy)
        bench.runner.run(bench.cli("show", key, "--catalog", str(copy)), bench.env)

    measure(ADD, bench.cli("add", *ADD_ARGS, "--catalog", str(copy)), before=fresh_warm_copy)
    imported = bench.work / "imported.toml"
    measure(IMPORT, bench.cli("import", str(readme), "-o", str(imported)),
            before=lambda: imported.unlink(missing_ok=True))
    for figure in figures:
        figure.vs_python = ratio(figure.median_ms, python.median_ms)
        if figure.command in SEARCH_ROWS or figure is grep:
            figure.vs_grep = ratio(figure.median_ms, grep.median_ms)
    return figures


# --- targets --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    text: str
    size: str
    commands: tuple[str, ...]
    """The figure(s) it reads; with several, the worst one counts."""
    measure: str
    """``ms``, ``x python``, ``x grep`` or ``MB``."""
    limit: float


TARGETS = (
    Target("seed: cold search <= 8x python -c pass", "seed", (SEARCH_COLD,), "x python", 8),
    Target("seed: --help <= 8x python -c pass", "seed", (HELP,), "x python", 8),
    Target("100k: search <= 300 ms", "100k", (SEARCH,), "ms", 300),
    Target("100k: search <= 6x grep -ci", "100k", (SEARCH,), "x grep", 6),
    Target("100k: show <= 200 ms", "100k", (SHOW,), "ms", 200),
    Target("100k: add <= 300 ms", "100k", (ADD,), "ms", 300),
    Target("100k: export <= 1.5 s", "100k", (EXPORT,), "ms", 1500),
    Target("100k: import of the 100k README <= 10 s", "100k", (IMPORT,), "ms", 10_000),
    Target("100k: peak memory <= 200 MB, every warm command but import", "100k",
           (HELP, SEARCH, SEARCH_FILTERED, LIST, SHOW, EXPORT, ADD), "MB", 200),
)
"""The 100k targets are for a warm cache: the first run after a change to the catalog (the
cold search) may pay the parse once, in time and in memory."""


@dataclass(frozen=True)
class Verdict:
    target: str
    value: float | None
    unit: str
    limit: float
    status: str
    """PASS, FAIL, or ``not measured`` (its size was not run, or the command failed)."""
    worst: str = ""
    """With several commands: which one gave the value."""


def _value(figure: Figure, measure: str) -> float | None:
    return {"ms": figure.median_ms, "x python": figure.vs_python, "x grep": figure.vs_grep,
            "MB": figure.peak_mb if not figure.error else None}[measure]


def judge(targets: Sequence[Target], figures: Sequence[Figure]) -> list[Verdict]:
    """Each target against the median (or peak) it names, measured in this run."""
    by_name = {(f.size, f.command): f for f in figures}
    verdicts = []
    for target in targets:
        values = []
        for command in target.commands:
            figure = by_name.get((target.size, command))
            value = _value(figure, target.measure) if figure else None
            values.append((value, command))
        if not values or any(value is None for value, _c in values):
            verdicts.append(Verdict(target.text, None, target.measure, target.limit,
                                    "not measured"))
            continue
        value, command = max(values)
        verdicts.append(Verdict(target.text, value, target.measure, target.limit,
                                "PASS" if value <= target.limit else "FAIL",
                                command if len(values) > 1 else ""))
    return verdicts


# --- report ---------------------------------------------------------------------------------

def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _x(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}x"


def format_table(figures: Sequence[Figure], floor_mb: float = 0.0) -> str:
    """The plain-text table: one line per figure; ``floor_mb`` is the runner's own size."""
    header = (f"{'size':<5} {'command':<54} {'first':>7} {'median':>7} {'min-max':>13}"
              f" {'x python':>8} {'x grep':>7} {'peak MB':>8}")
    lines = [header, "-" * len(header)]
    for f in figures:
        if f.error:
            lines.append(f"{f.size:<5} {f.command:<54} FAILED: {f.error}")
            continue
        spread = f"{_ms(f.min_ms)}-{_ms(f.max_ms)}" if f.runs_ms else "-"
        peak = f"<{floor_mb:.0f}" if f.peak_mb <= floor_mb + 0.5 else f"{f.peak_mb:.0f}"
        lines.append(f"{f.size:<5} {f.command:<54} {_ms(f.first_ms):>7} {_ms(f.median_ms):>7}"
                     f" {spread:>13} {_x(f.vs_python):>8} {_x(f.vs_grep):>7} {peak:>8}")
    return "\n".join(lines)


def format_verdicts(verdicts: Sequence[Verdict]) -> str:
    lines = ["Targets (issue 5), on the median of this run (peak: the highest run):"]
    for v in verdicts:
        if v.value is None:
            lines.append(f"  {'-':<4}  {v.target}: not measured in this run")
            continue
        shown = _x(v.value) if v.unit.startswith("x") else (
            f"{v.value:.0f} MB" if v.unit == "MB" else f"{v.value:.0f} ms")
        where = f" ({v.worst})" if v.worst else ""
        lines.append(f"  {v.status:<4}  {v.target}: {shown}{where}")
    return "\n".join(lines)


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def code_version() -> str:
    """The commit measured, and whether the package had uncommitted changes at the start."""
    try:
        commit = _git("log", "-1", "--format=%h %s")
        dirty = _git("status", "--porcelain", "--", "awesome_snn")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return commit + (" + uncommitted changes to awesome_snn/" if dirty else "")


def catalog_for(size: str) -> Path:
    """The catalog file of a size: the shipped one, or a generated one under bench/.data/."""
    if size == "seed":
        return SEED_CATALOG
    path = DATA / f"catalog-{size}.toml"
    progress(f"generating {path.relative_to(REPO)} ({SIZES[size]} papers)")
    return write_catalog(path, SIZES[size])


def compile_package() -> None:
    """Write the package's bytecode before timing anything, as ``pip install`` does.

    An installed package is imported from its ``.pyc`` files; a checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` (set on the machines here) would otherwise compile every
    module from source in every timed process, ~30 ms a command that no user pays."""
    import compileall

    if not compileall.compile_dir(str(REPO / "awesome_snn"), quiet=1):
        raise SystemExit("bench: could not compile the package's bytecode")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="Only the 1k catalog (for CI).")
    parser.add_argument("--sizes", default=None,
                        help=f"Comma-separated sizes among {', '.join(SIZES)} (default: all).")
    parser.add_argument("--runs", type=int, default=None,
                        help="Timed runs per figure (default: 7 at seed and 1k, 5 at 10k,"
                             " 3 at 100k).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    args = parser.parse_args(argv)
    sizes = ["1k"] if args.quick else (args.sizes.split(",") if args.sizes else list(SIZES))
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}: use {', '.join(SIZES)}")
    runs = {size: args.runs or RUNS[size] for size in sizes}

    version = code_version()
    compile_package()
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="snn-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "COLUMNS": "100", "XDG_CACHE_HOME": str(work / "cache")}
        env.pop("SNN_PAPERS_CATALOG", None)
        runner = Runner(work)
        try:
            bench = Bench(runner, work, env)
            bench.clear_cache()
            for size in sizes:
                catalog = catalog_for(size)
                progress(f"{size}: {catalog} ({catalog.stat().st_size / 1e6:.1f} MB)")
                figures += bench_size(bench, size, catalog, runs[size])
            floor = runner.own_peak_mb()
        finally:
            runner.close()

    verdicts = judge(TARGETS, figures)
    print(f"snn-papers benchmark of {version}")
    print(f"python {platform.python_version()} ({sys.executable}), {os.cpu_count()} CPUs,"
          f" {platform.platform()}")
    print("Times in ms: the first run apart, then median and min-max of the timed runs ("
          + ", ".join(f"{n} at {size}" for size, n in runs.items())
          + "); ratios of medians to the baselines of the same size.\n")
    print(format_table(figures, floor))
    print(f"\n(peak MB below {floor:.0f} cannot be seen: the spawning runner's own size)\n")
    print(format_verdicts(verdicts))
    print("\nThe benchmark reports; it exits 0 whatever the figures.")
    if args.json is not None:
        args.json.write_text(json.dumps({
            "commit": version, "python": platform.python_version(),
            "cpus": os.cpu_count(), "runs": runs, "runner_floor_mb": floor,
            "figures": [{**asdict(f), "median_ms": f.median_ms, "min_ms": f.min_ms,
                         "max_ms": f.max_ms} for f in figures],
            "targets": [asdict(v) for v in verdicts],
        }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
