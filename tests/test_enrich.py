"""``enrich`` and ``add URL`` against a local replay of arXiv, OpenReview, Crossref and DBLP
(tests/metadata_replay.py): what they fill, what they refuse, what they report, the cache,
and a run killed at a random moment then run again."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_helpers import Terminal, command_line, invoke, json_of, load, process_env, run_process
from metadata_catalog import ERRORS, FILLABLE, MISMATCH, NOTHING, PAPERS, break_services, write_catalog
from metadata_replay import Replay, replaying

from awesome_snn.catalog import open_catalog


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Replay]:
    """The replay, and a cache of this test's own (no answer cached by another test)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    with replaying() as replay:
        for name, value in replay.env.items():
            monkeypatch.setenv(name, value)
        break_services(replay)
        yield replay


def _enrich_json(catalog: Path, *args: str) -> dict:
    result = invoke("enrich", *args, "--json", catalog=catalog)
    assert "Traceback" not in result.output
    return json_of(result, "enrich")


# --- enrich ----------------------------------------------------------------------------------

def test_enrich_fills_30_papers_reports_the_rest_and_runs_offline_the_second_time(replay: Replay, tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "papers.toml")
    data = _enrich_json(catalog)
    status = {paper["key"]: paper["status"] for paper in data["papers"]}
    assert {k for k, s in status.items() if s == "filled"} == FILLABLE
    assert {k for k, s in status.items() if s == "mismatch"} == MISMATCH
    assert {k for k, s in status.items() if s == "error"} == ERRORS
    assert {k for k, s in status.items() if s == "nothing"} == NOTHING
    messages = {paper["key"]: paper["message"] for paper in data["papers"]}
    assert "Attention Is All You Need" in messages["spiking-attention-free-2023"]
    assert "503" in messages["unreachable-doi-2024"] and "HTML" in messages["login-wall-2024"]
    assert len(replay.requests("arxiv")) == 1  # 14 ids, one query
    papers = {p.key: p for p in load(catalog).papers}
    assert all(papers[key].authors for key in FILLABLE - {"spike-based-energy-2020"})  # a blind submission has none
    spikformer = papers["spikformer-2023"]
    assert spikformer.authors == ("Zhaokun Zhou", "Yuesheng Zhu", "Chao He", "Yaowei Wang",
                                  "Shuicheng Yan", "Yonghong Tian", "Li Yuan")
    assert (spikformer.arxiv, spikformer.openreview, spikformer.dblp) == ("2209.15425", "frE4fUwz_h", "conf/iclr/ZhouZHWYTY23")
    assert papers["fast-snn-2023"].doi == "10.1109/TPAMI.2023.3275769"  # the DOI arXiv gives
    assert papers["exploring-temporal-information-2023"].doi == "10.1609/aaai.v37i1.25099"  # found by title
    assert papers["reducing-information-loss-2022"].arxiv == "2302.02091"  # without the link's v1
    for key in MISMATCH | ERRORS | NOTHING:  # nothing written for a paper that could not be enriched
        assert papers[key].metadata == ((), None, None, None, None), key
    # the second time: a fresh copy of the catalog, offline, from the cache: the same bytes
    sent = len(replay.server.requests)
    again = write_catalog(tmp_path / "again.toml")
    started = time.monotonic()
    offline = _enrich_json(again, "--offline")
    assert time.monotonic() - started < 5 and offline["requests"] == 0 and offline["offline"]
    assert len(replay.server.requests) == sent
    assert again.read_bytes() == catalog.read_bytes()
    # and on the enriched catalog, nothing is missing that a cached answer could give
    rerun = _enrich_json(catalog, "--offline")
    assert rerun["counts"]["filled"] == 0 and {p["key"] for p in rerun["papers"] if p["status"] == "error"} == ERRORS


def test_enrich_never_changes_a_field_unless_told_to_overwrite_it(replay: Replay, tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "papers.toml")
    original = catalog.read_text(encoding="utf-8")
    text = original.replace(
        'year = 2023\n[papers.links]\n"paper" = "https://openreview.net/forum?id=frE4fUwz_h"',
        'year = 2023\nauthors = ["Z. Zhou"]\n[papers.links]\n"paper" = "https://openreview.net/forum?id=frE4fUwz_h"')
    assert text != original
    catalog.write_text(text, encoding="utf-8")
    _enrich_json(catalog, "spikformer-2023")
    kept = open_catalog(catalog).catalog().paper("spikformer-2023")
    assert kept.authors == ("Z. Zhou",) and kept.arxiv == "2209.15425"
    _enrich_json(catalog, "spikformer-2023", "--overwrite", "authors")
    replaced = open_catalog(catalog).catalog().paper("spikformer-2023")
    assert replaced.authors[0] == "Zhaokun Zhou" and len(replaced.authors) == 7
    others = load(catalog).papers
    assert all(p.metadata == ((), None, None, None, None) for p in others if p.key != "spikformer-2023")
    bad = invoke("enrich", "--overwrite", "title", catalog=catalog)
    assert bad.exit_code == 2 and "authors, arxiv, doi, openreview, dblp" in bad.stderr


def test_an_enrich_killed_at_a_random_moment_loses_nothing_and_the_rerun_fills_everything(
        replay: Replay, tmp_path: Path) -> None:
    """SIGKILL while enrich runs (its answers slowed so that the kill lands among its writes),
    then enrich again: the catalog is whole after the kill, and the rerun ends exactly where
    an enrich never interrupted ends."""
    replay.delay = 0.04
    reference = write_catalog(tmp_path / "reference.toml")
    env = process_env({**replay.env, "XDG_CACHE_HOME": str(tmp_path / "reference-cache")})
    assert subprocess.run(command_line("enrich", "--catalog", reference), env=env, capture_output=True,
                          timeout=120).returncode == 1
    seed = random.randrange(1 << 30)
    moments = random.Random(seed).sample([0.4, 0.8, 1.2, 1.6, 2.0, 2.4, 2.8], 2)
    for round_, moment in enumerate(moments):
        catalog = write_catalog(tmp_path / f"killed-{round_}.toml")
        env = process_env({**replay.env, "XDG_CACHE_HOME": str(tmp_path / f"cache-{round_}")})
        process = subprocess.Popen(command_line("enrich", "--catalog", catalog), env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        after_kill = load(catalog)  # whole: every paper, every record valid
        assert [p.key for p in after_kill.papers] == [key for key, *_ in PAPERS], (seed, moment)
        done = subprocess.run(command_line("enrich", "--catalog", catalog), env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, done.stderr
        assert catalog.read_bytes() == reference.read_bytes(), (seed, moment)


# --- add URL ---------------------------------------------------------------------------------

@pytest.fixture
def small_catalog(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    assert invoke("init", path).exit_code == 0
    return path


@pytest.mark.parametrize(("source", "title", "venue", "year", "fields"), [
    ("https://arxiv.org/abs/2209.15425v2", "Spikformer: When", "ICLR", 2023,  # DBLP's venue and its year
     {"arxiv": "2209.15425", "dblp": "conf/iclr/ZhouZHWYTY23", "link": "https://arxiv.org/abs/2209.15425"}),
    ("2307.01694", "Spike-driven Transformer", "NeurIPS", 2023,
     {"arxiv": "2307.01694", "dblp": "conf/nips/YaoHZYTXL23", "link": "https://arxiv.org/abs/2307.01694"}),
    ("https://openreview.net/pdf?id=zRkz4duLKp", "Parallel Spiking Neurons", "NeurIPS", 2023,
     {"openreview": "zRkz4duLKp", "link": "https://openreview.net/forum?id=zRkz4duLKp"}),
    ("https://doi.org/10.1109/CVPR52729.2023.00305", "Masked Spiking Transformer", "CVPR", 2023,
     {"doi": "10.1109/CVPR52729.2023.00305", "link": "https://doi.org/10.1109/CVPR52729.2023.00305"}),
    ("10.1145/3581783.3611830", "Spiking Neural Networks for Audio-Visual", "ACM MM", 2023,
     {"doi": "10.1145/3581783.3611830", "link": "https://doi.org/10.1145/3581783.3611830"}),
])
def test_add_url_adds_the_right_paper_with_authors_and_ids(replay: Replay, small_catalog: Path, source: str,
                                                           title: str, venue: str, year: int, fields: dict) -> None:
    result = invoke("add", source, "--yes", catalog=small_catalog)
    assert result.exit_code == 0, result.output
    (paper,) = load(small_catalog).papers
    assert paper.title.startswith(title) and (paper.venue, paper.year) == (venue, year)
    assert paper.authors and paper.links[0].url == fields.pop("link")
    for name, value in fields.items():
        assert getattr(paper, name) == value
    assert "authors" in result.stdout and paper.authors[0] in result.stdout


def test_the_users_flags_win_and_a_duplicate_is_refused(replay: Replay, small_catalog: Path) -> None:
    result = invoke("add", "2209.15425", "--yes", "--title", "Spikformer (the ICLR version)", "--year", "2023",
                    "--venue", "NeurIPS", "--code", "https://github.com/ZK-Zhou/spikformer", catalog=small_catalog)
    assert result.exit_code == 0, result.output
    (paper,) = load(small_catalog).papers
    assert (paper.title, paper.year, paper.venue) == ("Spikformer (the ICLR version)", 2023, "NeurIPS")
    assert paper.code_url == "https://github.com/ZK-Zhou/spikformer" and paper.arxiv == "2209.15425"
    before = small_catalog.read_bytes()
    again = invoke("add", "https://arxiv.org/pdf/2209.15425v1", "--yes", catalog=small_catalog)
    assert again.exit_code == 1 and "already has" in again.stderr
    assert small_catalog.read_bytes() == before


def test_a_venue_the_registry_lacks_must_be_given(replay: Replay, small_catalog: Path) -> None:
    """SpikeGPT at arXiv names no venue and DBLP has no record of it."""
    result = invoke("add", "2302.13939", "--yes", catalog=small_catalog)
    assert result.exit_code == 2 and "pass --venue" in result.stderr
    ok = invoke("add", "2302.13939", "--yes", "--venue", "TMLR", "--venue-name",
                "Transactions on Machine Learning Research", "--journal", catalog=small_catalog)
    assert ok.exit_code == 0, ok.output
    assert load(small_catalog).venue("TMLR").kind == "journal"  # type: ignore[union-attr]


def test_an_unreachable_service_is_one_line_exit_2_and_the_catalog_byte_identical(tmp_path: Path) -> None:
    catalog = tmp_path / "papers.toml"
    assert invoke("init", catalog).exit_code == 0
    before = catalog.read_bytes()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    env = {"SNN_PAPERS_ARXIV_API": closed + "/api/query", "SNN_PAPERS_OPENREVIEW_API": closed,
           "SNN_PAPERS_CROSSREF_API": closed, "SNN_PAPERS_DBLP_API": closed,
           "XDG_CACHE_HOME": str(tmp_path / "cache")}
    for source in ("2209.15425", "https://openreview.net/forum?id=zRkz4duLKp", "10.1109/CVPR52729.2023.00305"):
        result = run_process("add", source, "--yes", "--catalog", catalog, env=env)
        assert result.returncode == 2, result.stderr
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("snn-papers: error: ")
        assert "unreachable" in result.stderr and "Traceback" not in result.stderr
        assert catalog.read_bytes() == before
    enriched = write_catalog(tmp_path / "thirty.toml")
    before = enriched.read_bytes()
    result = run_process("enrich", "--catalog", enriched, env=env)
    assert result.returncode == 1 and enriched.read_bytes() == before
    assert "unreachable" in result.stdout and "30 paper(s)" in result.stdout


def test_add_url_asks_on_a_terminal_and_refuses_without_yes_elsewhere(replay: Replay, small_catalog: Path) -> None:
    piped = invoke("add", "2209.15425", catalog=small_catalog)
    assert piped.exit_code == 2 and "pass --yes" in piped.stderr
    env = {**replay.env, "XDG_CACHE_HOME": os.environ["XDG_CACHE_HOME"]}
    no = Terminal("add", "2209.15425", "--catalog", small_catalog, env=env)
    no.expect("Zhaokun Zhou, Yuesheng Zhu")
    no.expect("Add this paper?")
    no.send("n")
    assert no.finish() == 1 and "Nothing added." in no.seen
    assert load(small_catalog).papers == ()
    yes = Terminal("add", "2209.15425", "--catalog", small_catalog, env=env)
    yes.expect("venue    ICLR")
    yes.expect("Add this paper?")
    yes.send("y")
    assert yes.finish() == 0, yes.seen
    assert [p.key for p in load(small_catalog).papers] == ["spikformer-2023"]


# --- what the fields give: show, search, exports ---------------------------------------------

@pytest.fixture
def enriched(replay: Replay, tmp_path: Path) -> Path:
    catalog = write_catalog(tmp_path / "papers.toml")
    _enrich_json(catalog)
    return catalog


def test_show_lists_authors_and_identifiers(enriched: Path) -> None:
    shown = {line.split(None, 1)[0]: line.split(None, 1)[1]
             for line in invoke("show", "spikformer-2023", catalog=enriched).stdout.splitlines()}
    assert shown["authors"].startswith("Zhaokun Zhou, Yuesheng Zhu, Chao He")
    assert (shown["openreview"], shown["dblp"]) == ("frE4fUwz_h", "conf/iclr/ZhouZHWYTY23")
    data = json_of(invoke("show", "spikformer-2023", "--json", catalog=enriched), "show")
    assert data["authors"][0] == "Zhaokun Zhou" and data["openreview"] == "frE4fUwz_h"


def test_search_matches_author_names_fuzzily_and_filters_by_author(enriched: Path) -> None:
    def keys(*args: str) -> list[str]:
        result = invoke("search", *args, "--json", catalog=enriched)
        return [paper["key"] for paper in json_of(result, "search")] if result.exit_code == 0 else []

    tian = keys("yonghong", "tian")
    assert tian[:1] and set(tian[:6]) >= {"spikformer-2023", "spike-driven-transformer-2023",
                                          "deep-residual-learning-2021"}
    assert keys("yonghng", "tian")[:3] == tian[:3]  # a typo forgiven
    assert set(keys("--author", "priyadarshini panda")) == {"exploring-temporal-information-2023",
                                                             "neuromorphic-data-augmentation-2022"}
    assert keys("transformer", "--author", "man yao") == ["spike-driven-transformer-2023",
                                                           "spike-driven-transformer-v2-2024"]
    assert keys("--author", "Y. Tian") == keys("--author", "yonghong tian")  # an initial
    assert keys("--author", "nobody atall") == []


def test_bibtex_with_authors_round_trips_through_a_real_bibtex_parser(enriched: Path) -> None:
    from pybtex.database import parse_string
    from pylatexenc.latex2text import LatexNodes2Text

    bib = invoke("export", "--format", "bibtex", catalog=enriched).stdout
    entries = parse_string(bib, "bibtex").entries
    papers = {p.key: p for p in load(enriched).papers}
    decode = LatexNodes2Text().latex_to_text
    with_authors = [key for key, paper in papers.items() if paper.authors]
    assert len(with_authors) >= 20
    for key in with_authors:
        names = [decode(" ".join(person.first_names + person.middle_names + person.prelast_names
                                 + person.last_names)) for person in entries[key].persons["author"]]
        assert names == list(papers[key].authors), key
    spikformer = entries["spikformer-2023"].fields
    assert spikformer["eprint"] == "2209.15425" and spikformer["archivePrefix"] == "arXiv"
    assert entries["fast-snn-2023"].fields["doi"] == "10.1109/TPAMI.2023.3275769"
    assert "Kurt Gödel" in bib  # UTF-8 kept, as titles are


def test_a_name_with_and_or_a_comma_stays_one_bibtex_name(tmp_path: Path) -> None:
    from pybtex.database import parse_string

    catalog = tmp_path / "c.toml"
    assert invoke("init", catalog).exit_code == 0
    assert invoke("add", "--venue", "ICLR", "--year", "2023", "--title", "Spikes", "--paper",
                  "https://example.org/s", catalog=catalog).exit_code == 0
    text = catalog.read_text(encoding="utf-8").replace(
        'year = 2023\n', 'year = 2023\nauthors = ["Research and Development Team", "Smith, Jr., John", "Ada_Lovelace & Co"]\n')
    catalog.write_text(text, encoding="utf-8")
    bib = invoke("export", "--format", "bibtex", catalog=catalog).stdout
    persons = parse_string(bib, "bibtex").entries["spikes-2023"].persons["author"]
    assert len(persons) == 3


def test_json_and_csv_carry_authors_and_identifiers(enriched: Path) -> None:
    import csv
    import io

    records = json.loads(invoke("export", "--format", "json", catalog=enriched).stdout)
    spikformer = next(r for r in records if r["key"] == "spikformer-2023")
    assert spikformer["authors"][-1] == "Li Yuan" and spikformer["arxiv"] == "2209.15425"
    assert spikformer["doi"] is None and spikformer["dblp"] == "conf/iclr/ZhouZHWYTY23"
    rows = list(csv.DictReader(io.StringIO(invoke("export", "--format", "csv", catalog=enriched).stdout)))
    row = next(r for r in rows if r["key"] == "masked-spiking-transformer-2023")
    assert row["authors"] == "Grace Hopper; Alan Turing; Kurt Gödel" and row["doi"] == "10.1109/CVPR52729.2023.00305"


def test_an_invalid_identifier_in_the_catalog_is_a_problem_of_that_paper(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "papers.toml")
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('year = 2023\n', 'year = 2023\narxiv = "2209.15425v2"\ndoi = "11.1/x"\n', 1)
    catalog.write_text(text, encoding="utf-8")
    result = invoke("check", "--json", catalog=catalog)
    findings = json_of(result, "check")["findings"]
    messages = [f["message"] for f in findings if f["rule"] == "invalid-identifier"]
    assert any("must be written as '2209.15425'" in m for m in messages), messages
    assert any("is not a DOI" in m for m in messages), messages


def test_enrich_shows_a_progress_bar_with_counts_on_a_terminal(replay: Replay, tmp_path: Path) -> None:
    replay.delay = 0.02
    catalog = write_catalog(tmp_path / "papers.toml")
    terminal = Terminal("enrich", "--catalog", catalog,
                        env={**replay.env, "XDG_CACHE_HOME": str(tmp_path / "cache"),
                             "TERM": "xterm-256color"})
    terminal.expect("enriching")
    terminal.expect(" filled")
    assert terminal.finish() == 1
    assert "30 paper(s): 25 filled" in terminal.seen


def test_diff_shows_what_enrich_filled(enriched: Path, tmp_path: Path) -> None:
    before = write_catalog(tmp_path / "before.toml")
    shown = invoke("diff", before, enriched).stdout
    assert "authors added: Zhaokun Zhou, Yuesheng Zhu" in shown
    assert "arxiv: - -> 2209.15425" in shown
