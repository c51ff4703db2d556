#!/usr/bin/env python3
"""Benchmark of the snn-papers CLI against the floor of its stack, every figure a whole process.

    python bench/run.py                  # seed, 1k, 10k and 100k catalogs
    python bench/run.py --quick          # the 1k catalog only (what CI runs; about 30 s)
    python bench/run.py --sizes seed,100k --runs 3 --json out.json

Each command is run as ``python -m awesome_snn ... --catalog CATALOG`` with this same
interpreter, stdout to a pipe, ``COLUMNS=100``, and ``XDG_CACHE_HOME`` pointed at a temporary
folder so the CLI's catalog cache never touches the user's. A figure is one first run
(reported on its own: it may pay a cold cache) then N more runs whose median and min-max are
reported, next to two baselines timed the same way in the same run: ``python -c pass`` and
the floor of the stack, ``python -c "import typer, rich.table"``; every median is also given
as a ratio to the floor's. Then each target is judged: PASS or FAIL. The benchmark only
reports: it exits 0 whatever the figures, and a command that fails (or runs past
``--timeout``) is a failed row with its last stderr line, never a crash.

The synthetic catalogs are written by this file (plain TOML text), not by the package, so the
package's internals can change freely; only the venue table (``awesome_snn.venues``) and the
key maker (``awesome_snn.keys``) are borrowed when they can be imported, with copies here as
fallbacks that give the same bytes.

Peak memory is the child's own ``ru_maxrss`` from ``os.wait4``. Linux charges a child with
the high-water mark of the address space it was spawned from, so a process that spawned
children from this (large) benchmark process would report at least this process's size;
every measured command is therefore spawned by a small runner process (``RUNNER``), whose
own size (~10 MiB) is the floor below which a peak cannot be seen.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # the checkout's venue table and key maker, installed or not

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

HEADER_COMMENT = """\
# snn-papers catalog: the source of truth of the list. The README is made from it with
#   snn-papers export -o README.md
# One [[papers]] table per paper, in the list's order (key, title, venue, year, then its
# [papers.links] as label = "url"). [[venues]] is the venue registry; [list] holds the
# list's own texts. Edit by hand or with `snn-papers add/edit/remove`; see README.md,
# "The catalog", for the schema. `snn-papers check` validates the file.
"""
"""The header comment of a catalog file, as ``import`` and ``init`` write it."""


@dataclass(frozen=True)
class VenueRow:
    abbr: str
    name: str
    kind: str
    """``conference`` or ``journal``."""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperRow:
    key: str
    title: str
    venue: str
    year: int
    links: tuple[tuple[str, str], ...]
    """``(label, url)``, in the catalog's order: ``paper`` then ``code``."""


@dataclass(frozen=True)
class ListTexts:
    title: str = ""
    badge: str = ""
    introduction: str = ""
    closing: str = ""


FALLBACK_VENUES = (
    VenueRow("CVPR", "IEEE Conference on Computer Vision and Pattern Recognition", "conference",
             ("cvpr",)),
    VenueRow("ICCV", "IEEE International Conference on Computer Vision", "conference"),
    VenueRow("ECCV", "European Conference on Computer Vision", "conference"),
    VenueRow("NeurIPS", "Conference on Neural Information Processing Systems", "conference",
             ("nips", "neurips")),
    VenueRow("ICML", "International Conference on Machine Learning", "conference"),
    VenueRow("ICLR", "International Conference on Learning Representations", "conference"),
    VenueRow("AAAI", "Association for the Advancement of Artificial Intelligence", "conference"),
    VenueRow("IJCAI", "International Joint Conference on Artificial Intelligence", "conference"),
    VenueRow("ICASSP", "IEEE International Conference on Acoustics, Speech and Signal Processing",
             "conference"),
    VenueRow("IJCNN", "International Joint Conference on Neural Networks", "conference"),
    VenueRow("ACM MM", "ACM International Conference on Multimedia", "conference",
             ("mm", "acmmm")),
    VenueRow("DAC", "Design Automation Conference", "conference"),
    VenueRow("PAMI", "IEEE Transactions on Pattern Analysis and Machine Intelligence", "journal",
             ("tpami", "ieee tpami", "ieee pami")),
    VenueRow("TNNLS", "IEEE Transactions on Neural Networks and Learning Systems", "journal",
             ("ieee tnnls",)),
    VenueRow("IEEE TCYB", "IEEE Transactions on Cybernetics", "journal", ("tcyb",)),
    VenueRow("Neural Networks", "Neural Networks", "journal", ("nn",)),
    VenueRow("Neural Computation", "Neural Computation", "journal", ("neco",)),
    VenueRow("Nature Communications", "Nature Communications", "journal",
             ("ncomms", "nat commun")),
    VenueRow("Frontiers in Neuroscience", "Frontiers in Neuroscience", "journal", ("fnins",)),
)
"""The well-known venues, used when ``awesome_snn.venues.KNOWN_VENUES`` cannot be read (the
same 19 venues it held when this was written, so either source gives the same catalog)."""


def known_venues() -> tuple[tuple[VenueRow, ...], str]:
    """The well-known venues and where they came from: the package's ``KNOWN_VENUES`` when
    it can be imported and read as venues (abbr, name, kind, aliases), else the copy here."""
    try:
        from awesome_snn.venues import KNOWN_VENUES

        rows = tuple(VenueRow(str(v.abbr), str(v.name), str(v.kind), tuple(v.aliases or ()))
                     for v in KNOWN_VENUES)
    except Exception:  # noqa: BLE001 - mid-restructure, anything may fail: fall back
        return FALLBACK_VENUES, "bench/run.py's venue list"
    if not rows:
        return FALLBACK_VENUES, "bench/run.py's venue list"
    return rows, "awesome_snn.venues.KNOWN_VENUES"


_KEY_STOPWORDS = frozenset((
    "a", "an", "the", "of", "for", "with", "in", "on", "to", "and", "or", "via", "by", "from",
    "towards", "toward", "into", "at", "is", "are", "as", "its", "using", "based", "through",
    "when", "what", "how",
))


def _title_words(title: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def fallback_unique_key(title: str, year: int, taken: Container[str]) -> str:
    """``awesome_snn.keys.unique_key`` as it was when this was written: ``spikformer-2023``
    from ``Spikformer: ...`` (a head of one or two words before a colon), else the first
    three words that are not stop words and the year; ``-b``, ``-c``, ... if taken."""
    head, colon, _rest = title.partition(":")
    if colon and 0 < len(_title_words(head)) <= 2:
        words = _title_words(head)
    else:
        words = [w for w in _title_words(title) if w not in _KEY_STOPWORDS][:3]
    key = "-".join((words or ["paper"]) + [str(year)])
    if key not in taken:
        return key
    n = 2
    while True:
        letters, rest = "", n
        while rest > 0:
            rest, rem = divmod(rest - 1, 26)
            letters = chr(ord("a") + rem) + letters
        if f"{key}-{letters}" not in taken:
            return f"{key}-{letters}"
        n += 1


KeyMaker = Callable[[str, int, Container[str]], str]
KEY_SHAPE = re.compile(r"[a-z0-9][a-z0-9-]*")
"""What a key looks like (``spikformer-2023``, ``deep-spiking-neural-2022-b``)."""


def key_maker() -> tuple[KeyMaker, str]:
    """Keys as ``add`` makes them: ``awesome_snn.keys.unique_key`` if it can be imported."""
    try:
        from awesome_snn.keys import unique_key
    except Exception:  # noqa: BLE001 - mid-restructure, anything may fail: fall back
        return fallback_unique_key, "bench/run.py's key maker"
    return unique_key, "awesome_snn.keys.unique_key"


def fold_title(title: str) -> str:
    """Titles compared for distinctness: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", title.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.findall(r"[^\W_]+", plain))


def seed_parts(path: Path = SEED_CATALOG) -> tuple[ListTexts, tuple[VenueRow, ...]]:
    """The list texts and the venue registry of the shipped catalog, read with ``tomllib``."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    raw = data.get("list", {})
    texts = ListTexts(*(str(raw.get(name, "")) for name in ("title", "badge", "introduction",
                                                            "closing")))
    venues = tuple(VenueRow(v["abbr"], v.get("name", v["abbr"]), v.get("kind", "conference"),
                            tuple(v.get("aliases", ())))
                   for v in data.get("venues", []))
    return texts, venues


def benchmark_venues(registry: Sequence[VenueRow],
                     known: Sequence[VenueRow]) -> tuple[VenueRow, ...]:
    """The real venue set: the shipped catalog's registry, then the other well-known venues."""
    have = {v.abbr for v in registry}
    return tuple(registry) + tuple(v for v in known if v.abbr not in have)


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


def generate_papers(count: int, venues: Sequence[VenueRow], make_key: KeyMaker,
                    seed: int = GENERATOR_SEED) -> list[PaperRow]:
    """``count`` synthetic papers over ``venues``: distinct SNN titles, years 2015-2026 (more
    recent ones more often), 60% with code, keys made by ``make_key`` as ``add`` makes them,
    ordered like an imported list (newest year first, venues in registry order). The same
    ``seed`` gives the same papers."""
    rng = random.Random(seed)
    weights = [CONFERENCE_WEIGHT if v.kind == "conference" else 1 for v in venues]
    titles: list[str] = []
    seen: set[str] = set()
    while len(titles) < count:
        title = _title(rng)
        folded = fold_title(title)
        if folded not in seen:
            seen.add(folded)
            titles.append(title)
    years = rng.choices(YEARS, weights=YEAR_WEIGHTS, k=count)
    venue_abbrs = [v.abbr for v in rng.choices(venues, weights=weights, k=count)]
    with_code = set(rng.sample(range(count), round(count * CODE_SHARE)))
    order = {v.abbr: position for position, v in enumerate(venues)}
    rows = sorted(range(count), key=lambda i: (-years[i], order[venue_abbrs[i]], i))
    taken: set[str] = set()
    papers = []
    for index in rows:
        title, year, venue = titles[index], years[index], venue_abbrs[index]
        key = make_key(title, year, taken)
        taken.add(key)
        links = [("paper", _paper_url(venue, year, index, rng))]
        if index in with_code:
            links.append(("code", f"https://github.com/{rng.choice(GITHUB_USERS)}/{key}"))
        papers.append(PaperRow(key, title, venue, year, tuple(links)))
    return papers


# --- writing the TOML (no package writer) ----------------------------------------------------

_ESCAPES = {"\b": "\\b", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x08\x0a-\x1f\x7f]')
"""What a TOML basic string cannot hold as is: quote, backslash, control characters (tab
may stay)."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def toml_string(value: str) -> str:
    """A TOML basic string whose value is exactly ``value``."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, value) + '"'


def toml_text(value: str) -> str:
    """A TOML multi-line basic string (``\"\"\"`` then a newline, which TOML drops) whose value
    is exactly ``value``; a basic string if it has no newline."""
    if "\n" not in value:
        return toml_string(value)
    body = _NEEDS_ESCAPE.sub(lambda m: "\n" if m.group() == "\n" else _escape(m), value)
    return '"""\n' + body + '"""'


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def venue_table(venue: VenueRow) -> str:
    lines = ["[[venues]]", f"abbr = {toml_string(venue.abbr)}",
             f"name = {toml_string(venue.name)}", f"kind = {toml_string(venue.kind)}"]
    if venue.aliases:
        lines.append("aliases = [" + ", ".join(toml_string(a) for a in venue.aliases) + "]")
    return "\n".join(lines) + "\n"


def paper_table(paper: PaperRow) -> str:
    lines = ["[[papers]]", f"key = {toml_string(paper.key)}",
             f"title = {toml_string(paper.title)}", f"venue = {toml_string(paper.venue)}",
             f"year = {int(paper.year)}"]
    if paper.links:
        lines += ["", "[papers.links]"]
        lines += [f"{toml_key(label)} = {toml_string(url)}" for label, url in paper.links]
    return "\n".join(lines) + "\n"


def catalog_text(texts: ListTexts, venues: Sequence[VenueRow],
                 papers: Sequence[PaperRow]) -> str:
    """A whole catalog file in the layout ``import`` writes: the header comment, ``[list]``,
    the ``[[venues]]`` tables, then one ``[[papers]]`` table (and its ``[papers.links]``) per
    paper, a blank line between tables."""
    parts = [
        HEADER_COMMENT,
        "[list]\n"
        f"title = {toml_string(texts.title)}\n"
        f"badge = {toml_string(texts.badge)}\n"
        f"introduction = {toml_text(texts.introduction)}\n"
        f"closing = {toml_text(texts.closing)}\n",
    ]
    parts += [venue_table(v) for v in venues]
    parts += [paper_table(p) for p in papers]
    return "\n".join(parts)


def generate_catalog_text(count: int, seed: int = GENERATOR_SEED) -> str:
    """The text of a generated catalog of ``count`` papers: the shipped catalog's list texts,
    the real venue set (its registry, then the other well-known venues), synthetic papers."""
    texts, registry = seed_parts()
    known, _source = known_venues()
    make_key, _source = key_maker()
    venues = benchmark_venues(registry, known)
    return catalog_text(texts, venues, generate_papers(count, venues, make_key, seed))


def write_catalog(path: Path, count: int, seed: int = GENERATOR_SEED) -> Path:
    """Write a generated catalog to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate_catalog_text(count, seed), encoding="utf-8")
    return path


def ensure_catalog(path: Path, count: int, seed: int = GENERATOR_SEED) -> tuple[Path, bool]:
    """The generated catalog at ``path``: an existing file is kept only if it is byte for
    byte what the generator makes now, else it is deleted and written anew. Also says whether
    it was (re)written."""
    text = generate_catalog_text(count, seed).encode("utf-8")
    try:
        if path.read_bytes() == text:
            return path, False
    except OSError:
        pass
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text)
    return path, True


_KEY_LINE = re.compile(r'^key\s*=\s*"((?:[^"\\]|\\.)*)"\s*$', re.MULTILINE)


def middle_key(path: Path) -> str:
    """The key of the paper in the middle of a catalog file (the one ``show``, ``edit`` and
    ``remove`` work on), found by its ``key = "..."`` line without parsing the TOML."""
    keys = _KEY_LINE.findall(path.read_text(encoding="utf-8"))
    if not keys:
        with path.open("rb") as handle:
            keys = [p.get("key", "") for p in tomllib.load(handle).get("papers", [])]
    return keys[len(keys) // 2] if keys else "no-paper-in-catalog"


# --- running one process --------------------------------------------------------------------

RUNNER = r"""
import json, os, select, signal, sys, time
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
    deadline = start + request["timeout"]
    try:
        pid = os.posix_spawnp(request["argv"][0], request["argv"], request["env"],
                              file_actions=actions)
    except OSError as exc:
        os.close(read_end)
        os.close(write_end)
        if sink is not None:
            sink.close()
        print(json.dumps({"error": str(exc)}), flush=True)
        continue
    os.close(write_end)
    timed_out = False
    while True:
        left = deadline - time.perf_counter()
        if left <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        if not select.select([read_end], [], [], left)[0]:
            continue
        chunk = os.read(read_end, 1 << 16)
        if not chunk:
            break
        if sink is not None:
            sink.write(chunk)
    _pid, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - start
    os.close(read_end)
    if sink is not None:
        sink.close()
    print(json.dumps({"seconds": seconds, "maxrss_kb": usage.ru_maxrss, "timed_out": timed_out,
                      "exit": os.waitstatus_to_exitcode(status)}), flush=True)
"""
"""Spawns one measured process per request line (posix_spawn, stdout drained from a pipe,
then ``os.wait4``; killed once past its timeout) and answers with its wall time, peak RSS and
exit code. It stays small, so the peak RSS it reports is the child's own (see the module
docstring)."""

_BOX = "│┃╭╮╰╯─━┌┐└┘ \t"


def last_line(stderr: str) -> str:
    """The last line of ``stderr`` that says something: a traceback's exception, or the
    message inside the box Typer and Rich draw around an error (its borders skipped)."""
    for line in reversed(stderr.splitlines()):
        text = line.strip(_BOX)
        if any(ch.isalnum() for ch in text):
            return text
    return ""


DEFAULT_TIMEOUT = 60.0
"""Seconds one run may take before it is killed and its figure reported as timed out: four
times the largest target (``check`` at 100k, 15 s)."""


@dataclass(frozen=True)
class Sample:
    ms: float
    peak_mib: float
    exit: int
    error: str = ""
    """The last line of stderr when the process failed, or why it could not start or end."""
    timed_out: bool = False


class Runner:
    """The small process that spawns and measures every command."""

    def __init__(self, work: Path, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.stderr = work / "stderr.txt"
        self.timeout = timeout
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", RUNNER], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, cwd=REPO, text=True)

    def _ask(self, request: dict) -> dict:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return json.loads(self.process.stdout.readline())

    def run(self, argv: Sequence[str], env: dict[str, str], stdout: Path | None = None,
            answers: tuple[int, ...] = (0,)) -> Sample:
        """Run ``argv`` to the end (or its timeout); ``stdout`` keeps its output in a file
        (else it is discarded). An exit code outside ``answers`` is a failed run."""
        answer = self._ask({"argv": list(argv), "env": env, "stderr": str(self.stderr),
                            "stdout": str(stdout) if stdout else None, "timeout": self.timeout})
        if "error" in answer:
            return Sample(0.0, 0.0, -1, answer["error"])
        ms, peak = answer["seconds"] * 1000, answer["maxrss_kb"] / 1024
        if answer["timed_out"]:
            return Sample(ms, peak, answer["exit"], f"timed out after {self.timeout:g} s",
                          timed_out=True)
        error = ""
        if answer["exit"] not in answers:
            text = self.stderr.read_text(encoding="utf-8", errors="replace")
            error = f"exit {answer['exit']}: {last_line(text) or '(no stderr)'}"
        return Sample(ms, peak, answer["exit"], error)

    def own_peak_mib(self) -> float:
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
    peak_mib: float
    """The highest peak RSS over all its runs (first included)."""
    error: str = ""
    timed_out: bool = False
    vs_floor: float | None = None
    """Median over the median of the floor (``import typer, rich.table``) of the same size."""
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
    failed = next((s for s in samples if s.error), None)
    if failed is not None or not samples:
        return Figure(size, command, samples[0].ms if samples else 0.0, [], 0.0,
                      failed.error if failed else "no run",
                      timed_out=bool(failed and failed.timed_out), baseline=baseline)
    return Figure(size, command, samples[0].ms, [s.ms for s in samples[1:]],
                  max(s.peak_mib for s in samples), baseline=baseline)


def failed_figure(size: str, command: str, why: str) -> Figure:
    """A figure whose command could not be run at all (what it needed is missing)."""
    return Figure(size, command, 0.0, [], 0.0, why)


# --- what is measured -----------------------------------------------------------------------

QUERY = ("spiking", "transformer")
FILTER_VENUE = "CVPR"
ADD_ARGS = ("--title", "Spiking Cellular Automata for Sea Ice Forecasting", "--venue", "ICLR",
            "--year", "2026", "--paper", "https://openreview.net/forum?id=benchprobe01",
            "--code", "https://github.com/snn-bench/sea-ice")
"""A paper none of the generated or seed papers duplicates (nor nearly: its words are not
in the generator's vocabulary), so ``add`` times a real write."""
EDIT_CODE_URL = "https://github.com/snn-bench/edited-code"
"""The new code link ``edit`` gives the middle paper: no paper has it, so it is a real write."""

SIZES = {"seed": 0, "1k": 1_000, "10k": 10_000, "100k": 100_000}
"""Catalog sizes by name; ``seed`` is the shipped catalog, ``data/papers.toml``."""
RUNS = {"seed": 7, "1k": 7, "10k": 5, "100k": 3}
"""Timed runs per figure (after the first run)."""
QUICK_RUNS = 5
"""Timed runs per figure with ``--quick`` (1k only)."""

PYTHON_LABEL = "python -c pass"
FLOOR_CODE = "import typer, rich.table"
FLOOR_LABEL = f'python -c "{FLOOR_CODE}"'
HELP = "--help"
SEARCH_COLD = f"search {' '.join(QUERY)} (cold cache)"
SEARCH = f"search {' '.join(QUERY)}"
SHOW = "show KEY"
LIST = f"list --venue {FILTER_VENUE}"
VENUES = "venues"
STATS = "stats"
EXPORT = "export"
ADD = "add (fresh copy)"
EDIT = "edit KEY --code URL (fresh copy)"
REMOVE = "remove KEY --yes (fresh copy)"
CHECK = "check (no links)"
IMPORT = "import README -o NEW"
COMMANDS = (HELP, SEARCH_COLD, SEARCH, SHOW, LIST, VENUES, STATS, EXPORT, ADD, EDIT, REMOVE,
            CHECK, IMPORT)
"""The rows after the two baselines, in the order they run."""


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
              keep: Path | None = None, answers: tuple[int, ...] = (0,)) -> list[Sample]:
        """The first run (keeping its stdout in ``keep``) and ``runs`` more, stopping at the
        first failed one; ``before()`` is called, untimed, before each."""
        samples = []
        for number in range(runs + 1):
            if before is not None:
                before()
            sample = self.runner.run(argv, self.env, keep if number == 0 else None, answers)
            samples.append(sample)
            if sample.error:
                break
        return samples

    def clear_cache(self) -> None:
        shutil.rmtree(self.cache, ignore_errors=True)
        self.cache.mkdir(parents=True)


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_size(bench: Bench, size: str, catalog: Path, runs: int) -> list[Figure]:
    """Every figure of one catalog size, baselines first (see ``bench/README.md``)."""
    key = middle_key(catalog)
    figures: list[Figure] = []

    def record(figure: Figure) -> Figure:
        figures.append(figure)
        shown = f"FAILED: {figure.error}" if figure.error else f"median {_ms(figure.median_ms)} ms"
        progress(f"  [{size}] {figure.command}: {shown}")
        return figure

    def measure(command: str, argv: Sequence[str], baseline: bool = False, **how) -> Figure:  # noqa: ANN003
        return record(figure_from(size, command, bench.times(argv, runs, **how), baseline))

    measure(PYTHON_LABEL, [sys.executable, "-c", "pass"], baseline=True)
    floor = measure(FLOOR_LABEL, [sys.executable, "-c", FLOOR_CODE], baseline=True)
    on = ("--catalog", str(catalog))
    measure(HELP, bench.cli("--help"))
    measure(SEARCH_COLD, bench.cli("search", *QUERY, *on), before=bench.clear_cache)
    measure(SEARCH, bench.cli("search", *QUERY, *on))
    measure(SHOW, bench.cli("show", key, *on))
    measure(LIST, bench.cli("list", "--venue", FILTER_VENUE, *on))
    measure(VENUES, bench.cli("venues", *on))
    measure(STATS, bench.cli("stats", *on))
    readme = bench.work / f"README-{size}.md"
    readme.unlink(missing_ok=True)
    export = measure(EXPORT, bench.cli("export", *on), keep=readme)

    copy = bench.work / "write-copy.toml"
    on_copy = ("--catalog", str(copy))

    def fresh_warm_copy() -> None:
        """A new file (new inode and mtime: a cold cache), its cache then warmed by a read."""
        copy.unlink(missing_ok=True)
        shutil.copyfile(catalog, copy)
        bench.runner.run(bench.cli("show", key, *on_copy), bench.env)

    measure(ADD, bench.cli("add", *ADD_ARGS, *on_copy), before=fresh_warm_copy)
    measure(EDIT, bench.cli("edit", key, "--code", EDIT_CODE_URL, *on_copy),
            before=fresh_warm_copy)
    measure(REMOVE, bench.cli("remove", key, "--yes", *on_copy), before=fresh_warm_copy)
    # check exits 1 when it finds errors (the shipped list has some): an answer, not a failure
    measure(CHECK, bench.cli("check", *on), answers=(0, 1))
    imported = bench.work / "imported.toml"
    if export.error or not readme.is_file():
        record(failed_figure(size, IMPORT, "no README to import: export failed"))
    else:
        measure(IMPORT, bench.cli("import", str(readme), "-o", str(imported)),
                before=lambda: imported.unlink(missing_ok=True))
    for figure in figures:
        figure.vs_floor = ratio(figure.median_ms, floor.median_ms)
    return figures


# --- targets --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    text: str
    size: str
    command: str
    measure: str
    """``ms`` (the median), ``x floor`` (the median over the floor's) or ``MiB`` (the peak)."""
    limit: float


MEMORY_LIMIT_MIB = 250
SEED_LIMIT_X_FLOOR = 1.5
SEED_TARGETS = ((HELP, "--help"), (SEARCH, SEARCH), (SHOW, SHOW), (LIST, LIST),
                (VENUES, VENUES))
BIG_TARGETS = ((SEARCH, "search", 300), (SHOW, "show", 200), (ADD, "add", 300),
               (EDIT, "edit", 500), (REMOVE, "remove", 500), (EXPORT, "export", 1500),
               (LIST, LIST, 1000), (CHECK, "check (no links)", 15_000), (IMPORT, "import", 10_000))
"""At 100k papers, warm cache: (row, name, limit in ms); each also has the memory limit."""


def _seconds(ms: float) -> str:
    return f"{ms / 1000:g} s"


TARGETS = (
    *(Target(f"seed: {name} <= {SEED_LIMIT_X_FLOOR:g}x floor", "seed", command, "x floor",
             SEED_LIMIT_X_FLOOR) for command, name in SEED_TARGETS),
    *(Target(f"100k: {name} <= {_seconds(ms)}", "100k", command, "ms", ms)
      for command, name, ms in BIG_TARGETS),
    *(Target(f"100k: {name} peak <= {MEMORY_LIMIT_MIB} MiB", "100k", command, "MiB",
             MEMORY_LIMIT_MIB) for command, name, _ms in BIG_TARGETS),
)
"""The targets of issue 11. The 100k ones are for a warm cache: the first run after a change
to the catalog (the cold search) may pay the parse once, in time and in memory."""


@dataclass(frozen=True)
class Verdict:
    target: str
    size: str
    value: float | None
    unit: str
    limit: float
    status: str
    """PASS, FAIL, or ``not measured`` (its size was not run, or the command failed)."""
    note: str = ""
    """Why there is no value: the command's failure."""


def _value(figure: Figure, measure: str) -> float | None:
    if figure.error:
        return None
    return {"ms": figure.median_ms, "x floor": figure.vs_floor, "MiB": figure.peak_mib}[measure]


def judge(targets: Sequence[Target], figures: Sequence[Figure]) -> list[Verdict]:
    """Each target against the median (or peak) it names, measured in this run. A command
    that timed out fails its time target; one that failed otherwise is not measured."""
    by_name = {(f.size, f.command): f for f in figures}
    verdicts = []
    for target in targets:
        figure = by_name.get((target.size, target.command))
        value = _value(figure, target.measure) if figure else None
        if value is not None:
            status = "PASS" if value <= target.limit else "FAIL"
            verdicts.append(Verdict(target.text, target.size, value, target.measure,
                                    target.limit, status))
            continue
        note = figure.error if figure else ""
        status = ("FAIL" if figure is not None and figure.timed_out
                  and target.measure in ("ms", "x floor") else "not measured")
        verdicts.append(Verdict(target.text, target.size, None, target.measure, target.limit,
                                status, note))
    return verdicts


# --- report ---------------------------------------------------------------------------------

def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}" if value >= 10 else f"{value:.1f}"


def _x(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}x"


COMMAND_WIDTH = 40


def format_table(figures: Sequence[Figure], floor_mib: float = 0.0) -> str:
    """The plain-text table: one line per figure; ``floor_mib`` is the runner's own size."""
    header = (f"{'size':<5} {'command':<{COMMAND_WIDTH}} {'first':>7} {'median':>7}"
              f" {'min-max':>13} {'x floor':>8} {'peak MiB':>8}")
    lines = [header, "-" * len(header)]
    for f in figures:
        if f.error:
            lines.append(f"{f.size:<5} {f.command:<{COMMAND_WIDTH}} FAILED: {f.error}")
            continue
        spread = f"{_ms(f.min_ms)}-{_ms(f.max_ms)}" if f.runs_ms else "-"
        peak = f"<{floor_mib:.0f}" if f.peak_mib <= floor_mib + 0.5 else f"{f.peak_mib:.0f}"
        lines.append(f"{f.size:<5} {f.command:<{COMMAND_WIDTH}} {_ms(f.first_ms):>7}"
                     f" {_ms(f.median_ms):>7} {spread:>13} {_x(f.vs_floor):>8} {peak:>8}")
    return "\n".join(lines)


def _shown(value: float, unit: str) -> str:
    if unit == "x floor":
        return f"{value:.2f}x floor"
    if unit == "MiB":
        return f"{value:.0f} MiB"
    return f"{value:.0f} ms"


def format_verdicts(verdicts: Sequence[Verdict]) -> str:
    """One line per target judged; the targets of sizes this run did not measure (as with
    ``--quick``) are counted on one line."""
    lines = ["Targets (issue 11), on the medians of this run (memory: the highest peak):"]
    unmeasured: Counter[str] = Counter()
    for v in verdicts:
        if v.value is not None:
            lines.append(f"  {v.status:<4}  {v.target}: {_shown(v.value, v.unit)}")
        elif v.status == "FAIL":
            lines.append(f"  FAIL  {v.target}: {v.note}")
        elif v.note:
            lines.append(f"  -     {v.target}: not measured, the command failed ({v.note})")
        else:
            unmeasured[v.size] += 1
    if unmeasured:
        lines.append("  -     not measured, their size was not run: "
                     + ", ".join(f"{n} at {size}" for size, n in unmeasured.items()))
    counts = Counter(v.status for v in verdicts)
    lines.append(f"  {counts['PASS']} pass, {counts['FAIL']} fail,"
                 f" {counts['not measured']} not measured")
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
    """The catalog file of a size: the shipped one, or a generated one under bench/.data/
    (kept from an earlier run only if it is exactly what the generator makes now)."""
    if size == "seed":
        return SEED_CATALOG
    path = DATA / f"catalog-{size}.toml"
    path, written = ensure_catalog(path, SIZES[size])
    done = "generated" if written else "reused (identical to what the generator makes)"
    progress(f"{path.relative_to(REPO)}: {SIZES[size]} papers, {done}")
    return path


def compile_package() -> None:
    """Write the package's bytecode before timing anything, as ``pip install`` does.

    An installed package is imported from its ``.pyc`` files; a checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` (set on the machines here) would otherwise compile every
    module from source in every timed process, ~30 ms a command that no user pays. A module
    that does not compile (mid-restructure) is only reported: its commands fail in their rows."""
    import compileall

    if not compileall.compile_dir(str(REPO / "awesome_snn"), quiet=1):
        progress("bench: some of the package's modules did not compile (see above)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help=f"Only the 1k catalog, {QUICK_RUNS} timed runs (for CI).")
    parser.add_argument("--sizes", default=None,
                        help=f"Comma-separated sizes among {', '.join(SIZES)} (default: all).")
    parser.add_argument("--runs", type=int, default=None,
                        help="Timed runs per figure (default: 7 at seed and 1k, 5 at 10k,"
                             " 3 at 100k).")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"Seconds before one run is killed (default {DEFAULT_TIMEOUT:g}).")
    parser.add_argument("--json", type=Path, default=None, help="Also write the results here.")
    args = parser.parse_args(argv)
    sizes = ["1k"] if args.quick else (args.sizes.split(",") if args.sizes else list(SIZES))
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}: use {', '.join(SIZES)}")
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    runs = {size: args.runs or (QUICK_RUNS if args.quick else RUNS[size]) for size in sizes}

    version = code_version()
    compile_package()
    _venues, venue_source = known_venues()
    _maker, key_source = key_maker()
    progress(f"generated catalogs: venues from {venue_source}, keys from {key_source}")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="snn-bench-") as tmp:
        work = Path(tmp)
        env = {**os.environ, "COLUMNS": "100", "XDG_CACHE_HOME": str(work / "cache")}
        env.pop("SNN_PAPERS_CATALOG", None)
        runner = Runner(work, args.timeout)
        try:
            bench = Bench(runner, work, env)
            bench.clear_cache()
            for size in sizes:
                catalog = catalog_for(size)
                progress(f"{size}: {catalog} ({catalog.stat().st_size / 1e6:.1f} MB)")
                figures += bench_size(bench, size, catalog, runs[size])
            floor = runner.own_peak_mib()
        finally:
            runner.close()

    verdicts = judge(TARGETS, figures)
    print(f"snn-papers benchmark of {version}")
    print(f"python {platform.python_version()} ({sys.executable}), {os.cpu_count()} CPUs,"
          f" {platform.platform()}")
    print(f"generated catalogs: venues from {venue_source}, keys from {key_source}")
    print("Times in ms: the first run apart, then median and min-max of the timed runs ("
          + ", ".join(f"{n} at {size}" for size, n in runs.items())
          + f"); x floor: median over the median of {FLOOR_LABEL} of the same size.\n")
    print(format_table(figures, floor))
    print(f"\n(peak MiB below {floor:.0f} cannot be seen: the spawning runner's own size)\n")
    print(format_verdicts(verdicts))
    print("\nThe benchmark reports; it exits 0 whatever the figures.")
    if args.json is not None:
        args.json.write_text(json.dumps({
            "commit": version, "python": platform.python_version(),
            "cpus": os.cpu_count(), "runs": runs, "timeout_s": args.timeout,
            "runner_floor_mib": floor, "venues_from": venue_source, "keys_from": key_source,
            "figures": [{**asdict(f), "median_ms": f.median_ms, "min_ms": f.min_ms,
                         "max_ms": f.max_ms} for f in figures],
            "targets": [asdict(v) for v in verdicts],
        }, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
