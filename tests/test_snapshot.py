"""The catalog cache: always the same answers as parsing the TOML, never stale, never fatal."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest
from conftest import REPO
from typer.testing import CliRunner

from awesome_snn import snapshot, store
from awesome_snn.cli import app
from awesome_snn.search import PaperFilter, rank

runner = CliRunner()


def _bench():  # noqa: ANN202 - the module object of bench/run.py (its catalog generator)
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture(scope="module")
def big_catalog_text() -> str:
    """3,000 synthetic papers."""
    return store.dump_catalog(_bench().generate_catalog(3000))


@pytest.fixture
def big_catalog(tmp_path: Path, big_catalog_text: str) -> Path:
    path = tmp_path / "big.toml"
    path.write_text(big_catalog_text, encoding="utf-8")
    return path


def _cache_files(home: Path) -> list[Path]:
    return sorted((home / "snn-papers").glob("catalog-*.marshal"))


def _search(catalog: Path, *words: str) -> list[str]:
    result = runner.invoke(app, ["search", *words, "--catalog", str(catalog), "--json", "--limit", "50"])
    assert result.exit_code == 0, result.output
    return [paper["key"] for paper in json.loads(result.stdout)]


def test_first_command_writes_the_cache_and_the_next_reads_it(big_catalog: Path, cache_home: Path) -> None:
    first = _search(big_catalog, "spiking", "transformer")
    files = _cache_files(cache_home)
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    assert _search(big_catalog, "spiking", "transformer") == first
    assert files[0].stat().st_mtime_ns == stamp  # read, not rewritten


def test_cached_snapshot_equals_a_fresh_parse(big_catalog: Path, cache_home: Path) -> None:
    snapshot.load_snapshot(big_catalog)
    cached = snapshot.load_snapshot(big_catalog)
    assert cached._encoded  # really from the cache
    parsed, problems = store.load_catalog(big_catalog)
    assert problems == [] and cached.catalog() == parsed
    assert [p.line for p in cached.catalog().papers] == [p.line for p in parsed.papers]


def test_a_hand_edit_is_seen_by_the_next_command(big_catalog: Path, cache_home: Path) -> None:
    _search(big_catalog, "spiking")
    text = big_catalog.read_text(encoding="utf-8")
    first_title = text.split('title = "', 2)[2].split('"', 1)[0]
    big_catalog.write_text(text.replace(first_title, "Zebrafish Spiking Hand Edit", 1), encoding="utf-8")
    assert len(_search(big_catalog, "zebrafish")) == 1


def test_an_edit_of_the_same_size_within_the_same_second_is_seen(big_catalog: Path, cache_home: Path) -> None:
    _search(big_catalog, "spiking")
    stat = big_catalog.stat()
    text = big_catalog.read_text(encoding="utf-8")
    title = text.split('title = "', 2)[2].split('"', 1)[0]
    big_catalog.write_text(text.replace(title, "Q" + title[1:], 1), encoding="utf-8")
    os.utime(big_catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size and mtime
    loaded = snapshot.load_snapshot(big_catalog)
    assert ("Q" + title[1:]) in loaded.titles


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "wrong-version", "short-column"])
def test_a_damaged_cache_is_rebuilt_silently(big_catalog: Path, cache_home: Path, damage: str) -> None:
    expected = _search(big_catalog, "neuromorphic", "learning")
    cache = _cache_files(cache_home)[0]
    data = cache.read_bytes()
    if damage == "truncate":
        cache.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        cache.write_bytes(b"\x00not a cache\xff" * 100)
    elif damage == "empty":
        cache.write_bytes(b"")
    elif damage == "wrong-version":
        import marshal

        size = int.from_bytes(data[:8], "little")
        stamp = marshal.loads(data[8:8 + size])
        other = marshal.dumps((999, *stamp[1:]))
        cache.write_bytes(len(other).to_bytes(8, "little") + other + data[8 + size:])
        assert snapshot.read_cache(big_catalog, big_catalog.stat()) is None
    else:
        cache.write_bytes(data[:-40])
    result = runner.invoke(app, ["search", "neuromorphic", "learning", "--catalog", str(big_catalog),
                                 "--json", "--limit", "50"])
    assert result.exit_code == 0 and result.stderr == ""
    assert [paper["key"] for paper in json.loads(result.stdout)] == expected
    assert snapshot.read_cache(big_catalog, big_catalog.stat()) is not None  # rewritten


def test_an_unwritable_cache_folder_just_means_no_cache(big_catalog: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    expected = rank(snapshot.snapshot_of(store.load_catalog(big_catalog)[0]), ["spiking"], PaperFilter(), 50)
    assert _search(big_catalog, "spiking") == [hit.paper.key for hit in expected]
    assert runner.invoke(app, ["add", "--catalog", str(big_catalog), "--venue", "ICLR", "--year", "2023",
                               "--title", "Uncached Spiking Addition", "--paper",
                               "https://a.org/uncached"]).exit_code == 0
    assert _search(big_catalog, "uncached", "addition")[:1] == ["uncached-spiking-addition-2023"]


def test_add_keeps_the_cache_warm_and_right(big_catalog: Path, cache_home: Path) -> None:
    _search(big_catalog, "spiking")
    result = runner.invoke(app, ["add", "--catalog", str(big_catalog), "--venue", "CVPR", "--year", "2024",
                                 "--title", "Cached Spiking Addition", "--paper", "https://a.org/cached"])
    assert result.exit_code == 0, result.output
    cached = snapshot.read_cache(big_catalog, big_catalog.stat())
    assert cached is not None  # the add wrote the new file's cache
    parsed, _ = store.load_catalog(big_catalog)
    assert cached.catalog() == parsed
    assert cached.catalog().papers[-1].line == parsed.papers[-1].line


def test_search_results_at_100k_are_the_same_with_and_without_the_cache(
        tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "c100k.toml"
    path.write_text(store.dump_catalog(_bench().generate_catalog(100_000)), encoding="utf-8")
    queries = [["spiking", "transformer"], ["surrogate", "gradient", "2023"], ["neuromorphc"],
               ["iclr", "conversion"], ["event", "camera", "optical", "flow"]]
    snapshot.load_snapshot(path)  # parse once, write the cache
    cached = snapshot.load_snapshot(path)
    assert cached._encoded
    monkeypatch.setenv(snapshot.ENV_NO_CACHE, "1")
    fresh = snapshot.load_snapshot(path)
    assert not fresh._encoded
    for words in queries:
        with_cache = [(h.paper, h.score) for h in rank(cached, words, PaperFilter(), 30)]
        without = [(h.paper, h.score) for h in rank(fresh, words, PaperFilter(), 30)]
        assert with_cache == without and with_cache, words
    filtered = PaperFilter(frozenset({"CVPR"}), (2020, 2023), True)
    assert [h.paper for h in rank(cached, ["spiking"], filtered, 30)] == \
        [h.paper for h in rank(fresh, ["spiking"], filtered, 30)]


DELTA_TITLES = ["Delta Spiking Addition for Sea Ice", "Neuromorphic Pollination Schedules",
                "Quantum Surrogate Gradients in Kelp Forests", "Membrane Potentials of Glaciers"]


def _add(catalog: Path, n: int, venue: str = "CVPR") -> None:
    result = runner.invoke(app, ["add", "--catalog", str(catalog), "--venue", venue, "--year", "2024",
                                 "--title", DELTA_TITLES[n],
                                 "--paper", f"https://a.org/delta/{n}", "--code", f"https://g.org/{n}"])
    assert result.exit_code == 0, result.output


def test_add_records_the_paper_in_a_delta_and_leaves_the_cache_file_alone(
        big_catalog: Path, cache_home: Path) -> None:
    _search(big_catalog, "spiking")
    [cache] = _cache_files(cache_home)
    before = cache.read_bytes()
    _add(big_catalog, 0)
    _add(big_catalog, 1, venue="NeurIPS")
    assert cache.read_bytes() == before  # no 60 MB rewrite at 100k: only the delta changed
    assert cache.with_suffix(".delta").exists()
    cached = snapshot.read_cache(big_catalog, big_catalog.stat())
    assert cached is not None and len(cached._tail) == 2
    parsed, _ = store.load_catalog(big_catalog)
    assert cached.catalog() == parsed
    assert [p.line for p in cached.catalog().papers[-2:]] == [p.line for p in parsed.papers[-2:]]
    assert _search(big_catalog, "pollination", "schedules")[0] == parsed.papers[-1].key
    assert _search(big_catalog, "delta", "addition", "sea", "ice")[0] == parsed.papers[-2].key
    result = runner.invoke(app, ["show", parsed.papers[-1].key, "--catalog", str(big_catalog), "--json"])
    assert json.loads(result.stdout)["title"] == DELTA_TITLES[1]


def test_a_full_delta_is_folded_into_a_new_cache_file(big_catalog: Path, cache_home: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "DELTA_LIMIT", 3)
    _search(big_catalog, "spiking")
    [cache] = _cache_files(cache_home)
    before = cache.read_bytes()
    for n in range(3):
        _add(big_catalog, n)
    assert cache.read_bytes() != before
    assert not cache.with_suffix(".delta").exists()
    cached = snapshot.read_cache(big_catalog, big_catalog.stat())
    assert cached is not None and not cached._tail
    parsed, _ = store.load_catalog(big_catalog)
    assert cached.catalog() == parsed
    _add(big_catalog, 3)  # and the next add starts a new delta on the folded file
    cached = snapshot.read_cache(big_catalog, big_catalog.stat())
    assert cached is not None and len(cached._tail) == 1
    assert cached.catalog() == store.load_catalog(big_catalog)[0]


def test_a_hand_edit_after_an_add_makes_the_delta_stale(big_catalog: Path, cache_home: Path) -> None:
    _search(big_catalog, "spiking")
    _add(big_catalog, 1)
    text = big_catalog.read_text(encoding="utf-8").replace(DELTA_TITLES[1], "Hand Edited Spiking Addition")
    big_catalog.write_text(text, encoding="utf-8")
    assert snapshot.read_cache(big_catalog, big_catalog.stat()) is None
    assert _search(big_catalog, "hand", "edited")[0] == store.load_catalog(big_catalog)[0].papers[-1].key


@pytest.mark.parametrize("damage", ["garbage", "wrong base", "empty"])
def test_a_damaged_delta_means_a_rebuild(big_catalog: Path, cache_home: Path, damage: str) -> None:
    _search(big_catalog, "spiking")
    _add(big_catalog, 1)
    [cache] = _cache_files(cache_home)
    delta = cache.with_suffix(".delta")
    if damage == "garbage":
        delta.write_bytes(b"\x00not marshal")
    elif damage == "wrong base":
        import marshal

        record = marshal.loads(delta.read_bytes())
        record["base"] = (0,)
        delta.write_bytes(marshal.dumps(record))
    else:
        delta.write_bytes(b"")
    assert snapshot.read_cache(big_catalog, big_catalog.stat()) is None
    assert _search(big_catalog, "pollination")[0] == store.load_catalog(big_catalog)[0].papers[-1].key


def test_may_hold_answers_from_the_stored_bytes_and_never_misses(big_catalog: Path, cache_home: Path) -> None:
    _search(big_catalog, "spiking")
    _add(big_catalog, 2)
    cached = snapshot.read_cache(big_catalog, big_catalog.stat())
    parsed, _ = store.load_catalog(big_catalog)
    some_key, tail_key = parsed.papers[1234].key, parsed.papers[-1].key
    assert cached.may_hold("keys", some_key) and cached.may_hold("keys", tail_key)
    assert cached.may_hold("urls", "a.org/delta/2")  # the delta's paper, not in the file's bytes
    assert not cached.may_hold("keys", "no-such-key-1999")
    assert not cached.may_hold("urls", "\x1fexample.invalid/nowhere\x1f")
    assert "keys" not in cached._columns and "urls" not in cached._columns  # nothing decoded
    for key in (some_key, tail_key, "no-such-key-1999"):
        assert cached.may_hold("keys", key) or key not in cached.keys


@pytest.mark.parametrize("command", ["edit", "remove"])
def test_edit_or_remove_after_adds_recorded_in_a_delta_caches_the_whole_catalog(
        big_catalog: Path, cache_home: Path, command: str) -> None:
    _search(big_catalog, "spiking")
    _add(big_catalog, 0)
    _add(big_catalog, 1)
    key = store.load_catalog(big_catalog)[0].papers[-2].key
    args = ["edit", key, "--title", "Edited Spiking Addition for Sea Ice"] if command == "edit" else ["remove", key, "--yes"]
    result = runner.invoke(app, [*args, "--catalog", str(big_catalog)])
    assert result.exit_code == 0, result.output
    [cache] = _cache_files(cache_home)
    assert not cache.with_suffix(".delta").exists()
    cached = snapshot.read_cache(big_catalog, big_catalog.stat())
    assert cached is not None and not cached._tail
    assert cached.catalog() == store.load_catalog(big_catalog)[0]
