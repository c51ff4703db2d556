"""The metadata layer (awesome_snn/metadata): identifiers, each service's real format, the
venue mapping, and the HTTP client against a local replay of the services (no network)."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from cli_helpers import REPO, local_server, process_env  # noqa: F401 - a fixture
from metadata_replay import DATA, JSON, Replay, hostile, replaying

from awesome_snn.errors import (
    BadResponse,
    InvalidInput,
    NotCached,
    NotFound,
    ServiceUnreachable,
    TitleMismatch,
)
from awesome_snn.metadata import arxiv, crossref, dblp, openreview
from awesome_snn.metadata.cache import Cache
from awesome_snn.metadata.client import USER_AGENT, Client
from awesome_snn.metadata.identifiers import (
    Identifier,
    identifiers_in_links,
    parse_identifier,
    validate_arxiv,
    validate_dblp,
    validate_doi,
    validate_openreview,
)
from awesome_snn.metadata.lookup import Lookup, check_title, fill, titles_match
from awesome_snn.metadata.record import Record
from awesome_snn.metadata.services import ARXIV
from awesome_snn.metadata.venue_map import map_venue
from awesome_snn.model import Venue

# --- identifiers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind", "value"), [
    ("https://arxiv.org/abs/2302.02091", "arxiv", "2302.02091"),
    ("https://arxiv.org/abs/2302.02091v3", "arxiv", "2302.02091"),
    ("http://arxiv.org/pdf/2302.02091v2.pdf", "arxiv", "2302.02091"),
    ("https://www.arxiv.org/pdf/2302.02091", "arxiv", "2302.02091"),
    ("https://export.arxiv.org/abs/0704.0001", "arxiv", "0704.0001"),
    ("https://arxiv.org/abs/hep-th/9901001v1", "arxiv", "hep-th/9901001"),
    ("https://arxiv.org/abs/math.GT/0309136", "arxiv", "math.GT/0309136"),
    ("2302.02091", "arxiv", "2302.02091"),
    ("arXiv:2302.02091v1", "arxiv", "2302.02091"),
    ("hep-th/9901001", "arxiv", "hep-th/9901001"),
    ("arxiv.org/abs/2209.15425", "arxiv", "2209.15425"),
    ("https://openreview.net/forum?id=frE4fUwz_h", "openreview", "frE4fUwz_h"),
    ("https://openreview.net/pdf?id=frE4fUwz_h", "openreview", "frE4fUwz_h"),
    ("https://openreview.net/forum?id=7ByQ_nvXGJ&noteId=abc", "openreview", "7ByQ_nvXGJ"),
    ("https://doi.org/10.1109/TNNLS.2021.3119238", "doi", "10.1109/TNNLS.2021.3119238"),
    ("http://dx.doi.org/10.1007/978-3-031-20053-3_36", "doi", "10.1007/978-3-031-20053-3_36"),
    ("10.1609/aaai.v37i1.25099", "doi", "10.1609/aaai.v37i1.25099"),
    ("doi:10.3389/fnins.2021.773954", "doi", "10.3389/fnins.2021.773954"),
])
def test_every_form_of_link_and_bare_id_names_its_paper(text: str, kind: str, value: str) -> None:
    assert parse_identifier(text) == Identifier(kind, value)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [
    "https://github.com/fangwei123456/spikingjelly", "2302.0209", "2313.02091", "0612.0001",
    "1412.12345", "1501.1234", "10.12/x", "10.1109", "https://openreview.net/forum?id=a b",
    "spikformer", "", "https://openreview.net/group?id=ICLR.cc",
])
def test_what_names_no_paper_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_identifier(text)
    assert "\n" not in str(caught.value)


def test_each_identifier_field_is_validated() -> None:
    assert validate_arxiv("2302.02091v2") == "2302.02091"
    assert validate_doi("https://doi.org/10.1145/3581783.3611830") == "10.1145/3581783.3611830"
    assert validate_openreview("frE4fUwz_h") == "frE4fUwz_h"
    assert validate_dblp("conf/iclr/ZhouZHWYTY23") == "conf/iclr/ZhouZHWYTY23"
    for validator, bad in [(validate_arxiv, "2302.2091"), (validate_doi, "11.1109/x"),
                           (validate_doi, "10.1109/a b"), (validate_openreview, "a/b"),
                           (validate_dblp, "iclr/2023"), (validate_arxiv, 2302.02091)]:
        with pytest.raises(InvalidInput):
            validator(bad)


def test_a_papers_links_give_its_identifiers_a_malformed_one_skipped() -> None:
    links = ["https://github.com/x/y", "https://arxiv.org/pdf/2209.15425v2",
             "https://openreview.net/forum?id=frE4fUwz_h", "https://arxiv.org/abs/9999.99999x",
             "https://doi.org/10.1109/CVPR52729.2023.00305", "https://arxiv.org/abs/2307.01694"]
    assert identifiers_in_links(links) == {"arxiv": "2209.15425", "openreview": "frE4fUwz_h",
                                           "doi": "10.1109/CVPR52729.2023.00305"}


# --- each service's format -----------------------------------------------------------------

def test_an_arxiv_feed_gives_each_asked_id_its_record_or_not_found() -> None:
    body = (DATA / "arxiv-feed.xml").read_bytes()
    found = arxiv.parse_feed(body, "application/atom+xml", ["2209.15425", "hep-th/9901001", "2401.00001"])
    spikformer = found["2209.15425"]
    assert spikformer == Record("arxiv", "Spikformer: When Spiking Neural Network Meets Transformer",
                                ("Zhaokun Zhou", "Yuesheng Zhu", "Chao He", "Yaowei Wang",
                                 "Shuicheng Yan", "Yonghong Tian", "Li Yuan"), 2022, None,
                                "https://arxiv.org/abs/2209.15425", arxiv="2209.15425")
    assert isinstance(found["hep-th/9901001"], Record)
    assert isinstance(found["2401.00001"], NotFound)
    assert set(found) == {"2209.15425", "hep-th/9901001", "2401.00001"}  # no record for an id not asked
    fast = arxiv.parse_feed(body, "", ["2305.19868"])["2305.19868"]
    assert isinstance(fast, Record) and fast.doi == "10.1109/TPAMI.2023.3275769"


def test_an_arxiv_error_feed_is_a_bad_response_for_the_ids_asked() -> None:
    found = arxiv.parse_feed((DATA / "arxiv-error.xml").read_bytes(), "", ["1234.12345"])
    assert isinstance(found["1234.12345"], BadResponse)
    assert "incorrect id format for 1234.12345" in str(found["1234.12345"])


def test_an_openreview_note_gives_title_authors_venue_and_year() -> None:
    record = openreview.parse_notes((DATA / "openreview" / "frE4fUwz_h.json").read_bytes(), JSON, "frE4fUwz_h")
    assert record.title == "Spikformer: When Spiking Neural Network Meets Transformer"
    assert record.authors[:2] == ("Zhaokun Zhou", "Yuesheng Zhu") and len(record.authors) == 7
    assert (record.venue, record.year, record.openreview) == ("ICLR 2023 poster", 2023, "frE4fUwz_h")
    assert record.url == "https://openreview.net/forum?id=frE4fUwz_h"
    blind = openreview.parse_notes((DATA / "openreview" / "rylDSv4Kwr.json").read_bytes(), JSON, "rylDSv4Kwr")
    assert blind.authors == () and map_venue(blind.venue, ()) is None  # Anonymous; not accepted
    v1 = b'{"notes": [{"id": "abcdefgh1", "forum": "abcdefgh1", "cdate": 1556668800000,' \
         b' "content": {"title": "A v1 note", "authors": ["A B"]}}]}'
    old = openreview.parse_notes(v1, JSON, "abcdefgh1")
    assert (old.title, old.authors, old.year, old.venue) == ("A v1 note", ("A B",), 2019, None)
    with pytest.raises(NotFound):
        openreview.parse_notes(b'{"notes": [], "count": 0}', JSON, "abcdefgh1")


def test_a_crossref_work_gives_authors_container_or_event_and_year() -> None:
    record = crossref.parse_work((DATA / "crossref" / "10.1609_aaai.v37i1.25099.json").read_bytes(),
                                 JSON, "10.1609/aaai.v37i1.25099")
    assert record.authors[0] == "Youngeun Kim" and record.year == 2023
    assert record.venue == "Proceedings of the AAAI Conference on Artificial Intelligence"
    assert record.url == "https://doi.org/10.1609/aaai.v37i1.25099"
    eccv = crossref.parse_work((DATA / "crossref" / "10.1007_978-3-031-20053-3_36.json").read_bytes(),
                               JSON, "10.1007/978-3-031-20053-3_36")
    assert eccv.venue == "European Conference on Computer Vision"  # the event, not the series
    assert map_venue(eccv.venue, ()).abbr == "ECCV"  # type: ignore[union-attr]


def test_a_dblp_search_strips_homonym_numbers_and_the_final_full_stop() -> None:
    records = dblp.parse_search((DATA / "dblp-search-pool.json").read_bytes(), JSON)
    first = records[0]
    assert first.title == "Spikformer: When Spiking Neural Network Meets Transformer"
    assert first.authors[-2:] == ("Yonghong Tian", "Li Yuan")
    assert (first.venue, first.year, first.dblp) == ("ICLR", 2023, "conf/iclr/ZhouZHWYTY23")
    solo = next(r for r in records if r.dblp == "conf/icml/Chen24")
    assert solo.authors == ("Solo Author",)  # a single author is an object, not a list
    assert dblp.parse_search(b'{"result": {"hits": {"@total": "0"}}}', JSON) == []


@pytest.mark.parametrize(("text", "abbr"), [
    ("ICLR 2024 poster", "ICLR"), ("NeurIPS 2023 spotlight", "NeurIPS"),
    ("ICLR 2023 notable top 25%", "ICLR"), ("NeurIPS 2022 Accept", "NeurIPS"),
    ("Advances in Neural Information Processing Systems", "NeurIPS"),
    ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI"),
    ("2023 IEEE/CVF Conference on Computer Vision and Pattern Recognition (CVPR)", "CVPR"),
    ("Proceedings of the IEEE/CVF International Conference on Computer Vision", "ICCV"),
    ("IEEE Trans. Neural Networks Learn. Syst.", "TNNLS"), ("Frontiers Neurosci.", "Frontiers in Neuroscience"),
    ("MM '23: The 31st ACM International Conference on Multimedia", "ACM MM"),
    ("Proceedings of the Thirty-Second International Joint Conference on Artificial Intelligence", "IJCAI"),
    ("Submitted to ICLR 2024", None), ("ICLR 2024 Conference Withdrawn Submission", None),
    ("CoRR", None), ("Lecture Notes in Computer Science", None),
])
def test_a_sources_venue_maps_through_the_registry(text: str, abbr: str | None) -> None:
    venue = map_venue(text, ())
    assert (venue.abbr if venue else None) == abbr


def test_the_catalogs_own_registry_comes_first() -> None:
    own = Venue("SNN-W", "Workshop on Spiking Neural Networks", "conference", ("snn workshop",))
    assert map_venue("SNN Workshop 2024 oral", (own,)) == own


def test_titles_match_folded_and_fuzzy_and_fill_never_overwrites_unless_told() -> None:
    assert titles_match("Spike-driven Transformer", "Spike-Driven Transformer.")
    assert titles_match("Deep residual learning in spiking neural networks",
                        "Deep Residual Learning in Spiking Neural Network")
    assert not titles_match("Spikformer", "Attention Is All You Need")
    wrong = Record("arxiv", "Attention Is All You Need", ("A",), 2017, None, "u", arxiv="1706.03762")
    with pytest.raises(TitleMismatch):
        check_title("Spikformer: When Spiking Neural Network Meets Transformer", wrong, "x")
    a = Record("dblp", "T", ("Yonghong Tian",), 2023, "ICLR", "u", dblp="conf/iclr/X23")
    b = Record("arxiv", "T", ("Yonghong Tian", "Li Yuan"), 2022, None, "u", arxiv="2209.15425")
    assert fill({}, [a, b]) == {"authors": ("Yonghong Tian", "Li Yuan"), "arxiv": "2209.15425",
                                "dblp": "conf/iclr/X23"}
    assert fill({"authors": ("Me",), "arxiv": "2209.15425"}, [a, b]) == {"dblp": "conf/iclr/X23"}
    assert fill({"authors": ("Me",)}, [a], overwrite={"authors"}) == {"authors": ("Yonghong Tian",),
                                                                      "dblp": "conf/iclr/X23"}


# --- the client against the replay server --------------------------------------------------

def _lookup(tmp_path: Path, **options: object) -> Lookup:
    return Lookup(Client(tmp_path / "gates", **options), Cache(tmp_path / "cache"))  # type: ignore[arg-type]


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Replay:
    with replaying() as replay:
        for name, value in replay.env.items():
            monkeypatch.setenv(name, value)
        yield replay


def test_requests_name_the_tool_and_arxiv_ids_go_in_batches_of_100(replay: Replay, tmp_path: Path) -> None:
    ids = [f"2401.{n:05d}" for n in range(150)] + ["2209.15425"]
    found = _lookup(tmp_path).arxiv(ids)
    asked = replay.requests("arxiv")
    assert len(asked) == 2
    assert sorted(r.path.count(",") + 1 for r in asked) == [51, 100]
    assert {r.agent for r in asked} == {USER_AGENT} and USER_AGENT.startswith("snn-papers/")
    assert isinstance(found["2209.15425"], Record) and isinstance(found["2401.00007"], NotFound)


def test_a_second_run_comes_from_the_cache_and_offline_sends_nothing(replay: Replay, tmp_path: Path) -> None:
    first = _lookup(tmp_path)
    records = [first.fetch(parse_identifier(t)) for t in
               ("2209.15425", "https://openreview.net/forum?id=frE4fUwz_h", "10.1109/TNNLS.2021.3119238")]
    with pytest.raises(NotFound):
        first.crossref("10.1109/NOT.A.PAPER")
    sent = len(replay.server.requests)
    offline = _lookup(tmp_path, offline=True)
    started = time.monotonic()
    again = [offline.fetch(parse_identifier(t)) for t in
             ("2209.15425", "https://openreview.net/forum?id=frE4fUwz_h", "10.1109/TNNLS.2021.3119238")]
    with pytest.raises(NotFound):  # the answer "no such paper" is kept too
        offline.crossref("10.1109/NOT.A.PAPER")
    assert again == records and len(replay.server.requests) == sent
    assert time.monotonic() - started < 1.0  # no rate gate waits for a cached answer
    with pytest.raises(NotCached):
        offline.openreview("zRkz4duLKp")
    assert len(replay.server.requests) == sent


def test_retries_honour_retry_after_then_give_up_on_a_long_one(replay: Replay, tmp_path: Path) -> None:
    waits: list[float] = []
    replay.special["10.1109/TNNLS.2021.3119238"] = (503, {"Retry-After": "2"}, b"busy")
    lookup = Lookup(Client(tmp_path, retries=2, backoff=0.5, sleep=waits.append), Cache(None))
    with pytest.raises(ServiceUnreachable) as caught:
        lookup.crossref("10.1109/TNNLS.2021.3119238")
    assert waits == [2.0, 2.0] and len(replay.requests("crossref")) == 3
    assert "503" in str(caught.value) and "\n" not in str(caught.value)
    replay.special["10.1145/3581783.3611830"] = (429, {"Retry-After": "3600"}, b"slow down")
    with pytest.raises(ServiceUnreachable):
        lookup.crossref("10.1145/3581783.3611830")
    assert waits == [2.0, 2.0] and len(replay.requests("crossref")) == 4  # no retry for an hour's wait


def test_a_429_then_an_answer_is_retried_after_the_backoff(local_server, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001, F811 - the fixture
    body = (DATA / "crossref" / "10.1109_TNNLS.2021.3119238.json").read_bytes()

    def route(handler, hit):  # noqa: ANN001, ANN202
        status = 429 if hit == 1 else 200
        handler.send_response(status)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    local_server.routes["/works/"] = route
    monkeypatch.setenv("SNN_PAPERS_CROSSREF_API", local_server.url(""))
    waits: list[float] = []
    record = Lookup(Client(tmp_path, backoff=0.25, sleep=waits.append), Cache(None)).crossref("10.1109/TNNLS.2021.3119238")
    assert record.year == 2022 and waits == [0.25]


@pytest.mark.parametrize(("answer", "message"), [
    ((200, {"Content-Type": "text/html"}, hostile("login-wall.html")), "HTML page"),
    ((200, {"Content-Type": "application/atom+xml"}, hostile("entity-bomb.xml")), "entity bomb"),
    ((200, {"Content-Type": "application/atom+xml"}, b"<feed><entry>"), "not XML"),
    ((200, {"Content-Type": "application/atom+xml"}, b"x" * 5_000_000), "cap"),
    ((400, {}, b"bad"), "answered 400"),
])
def test_a_bad_arxiv_answer_is_a_per_paper_error(replay: Replay, tmp_path: Path, answer, message: str) -> None:  # noqa: ANN001
    replay.special["2209.15425"] = answer
    found = _lookup(tmp_path).arxiv(["2209.15425"])["2209.15425"]
    assert isinstance(found, BadResponse) and message in str(found), found


def test_a_bad_json_answer_is_a_per_paper_error_and_not_cached(replay: Replay, tmp_path: Path) -> None:
    replay.special["frE4fUwz_h"] = (200, {"Content-Type": "text/html; charset=utf-8"}, hostile("login-wall.html"))
    lookup = _lookup(tmp_path)
    with pytest.raises(BadResponse, match="HTML page"):
        lookup.openreview("frE4fUwz_h")
    del replay.special["frE4fUwz_h"]
    assert lookup.openreview("frE4fUwz_h").title.startswith("Spikformer")


def test_a_closed_port_is_unreachable_in_one_line_and_not_asked_again(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("SNN_PAPERS_OPENREVIEW_API", f"http://127.0.0.1:{port}")
    client = Client(tmp_path)
    lookup = Lookup(client, Cache(None))
    with pytest.raises(ServiceUnreachable) as caught:
        lookup.openreview("frE4fUwz_h")
    assert "OpenReview" in str(caught.value) and "\n" not in str(caught.value)
    with pytest.raises(ServiceUnreachable):
        lookup.openreview("zRkz4duLKp")
    assert client.requests == 1


def test_a_server_trickling_its_body_meets_the_deadline(local_server, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001, F811 - the fixture
    def route(handler, hit):  # noqa: ANN001, ANN202
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        try:
            for _ in range(1000):
                handler.wfile.write(b" ")
                handler.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass
    local_server.routes["/notes"] = route
    monkeypatch.setenv("SNN_PAPERS_OPENREVIEW_API", local_server.url(""))
    started = time.monotonic()
    with pytest.raises(ServiceUnreachable, match="within 1 s"):
        Lookup(Client(tmp_path, timeout=1.0), Cache(None)).openreview("frE4fUwz_h")
    assert time.monotonic() - started < 5


# --- the rate limit --------------------------------------------------------------------------

_ASK = textwrap.dedent("""
    import sys
    from pathlib import Path
    from awesome_snn.metadata.cache import Cache
    from awesome_snn.metadata.client import Client
    from awesome_snn.metadata.lookup import Lookup
    lookup = Lookup(Client(Path(sys.argv[1])), Cache(None))
    for arxiv_id in sys.argv[2:]:
        lookup.arxiv([arxiv_id])
""")


def test_no_two_arxiv_requests_are_closer_than_three_seconds_across_processes(replay: Replay, tmp_path: Path) -> None:
    """Two processes started together, each asking arXiv twice: the replay server's arrival
    times of the four requests are at least ``ARXIV.interval`` (3 s) apart."""
    env = process_env(replay.env)
    processes = [subprocess.Popen([sys.executable, "-c", _ASK, str(tmp_path), *ids], env=env, cwd=REPO,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for ids in (["2209.15425", "2307.01694"], ["2302.02091", "2303.13077"])]
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    times = sorted(r.when for r in replay.requests("arxiv"))
    assert len(times) == 4
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert min(gaps) >= ARXIV.interval, gaps
