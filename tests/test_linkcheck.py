"""The link checker against a real HTTP server on 127.0.0.1 (the tests' one local server,
``cli_helpers.LocalServer``), started by each test; never the internet. Every endpoint's
behaviour is in ``ROUTES``; the server records each request. No outcome here hangs on a
sub-second timing window: a server that must be slower than the client holds its answer
until the test ends, and one that must answer last waits for the client's other results."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from cli_helpers import LocalServer, Route, local_server, run_process, serving  # noqa: F401 - the fixture
from conftest import CATALOG

from awesome_snn import catalog as catalogs
from awesome_snn import linkcheck
from awesome_snn.errors import InvalidInput
from awesome_snn.linkcheck import LinkResult, LinkTarget, check_links

FAST = {"timeout": 2.0, "backoff": 0.01}
"""Generous timeout (a busy test machine), tiny backoff (retries without slowing the tests)."""
SLOW_SECONDS = 0.3
"""The client's timeout against ``/slow``, which never answers while the test runs."""


def fixed(status: int, headers: dict[str, str] | None = None) -> Route:
    return lambda handler, hit: (status, headers or {})


def slow(handler: BaseHTTPRequestHandler, hit: int) -> tuple[int, dict[str, str]]:
    handler.server.stopping.wait(60)  # type: ignore[attr-defined] - released at teardown
    return 200, {}


def cookie_gate(handler: BaseHTTPRequestHandler, hit: int) -> tuple[int, dict[str, str]]:
    if "gate=open" in (handler.headers.get("Cookie") or ""):
        return 200, {}
    return 302, {"Location": "/cookie-gate", "Set-Cookie": "gate=open; Path=/"}


ROUTES: dict[str, Route] = {
    "/ok": fixed(200),
    "/missing": fixed(404),
    "/gone": fixed(410),
    "/flaky": lambda handler, hit: (500, {}) if hit <= 2 else (200, {}),
    "/down": fixed(503),
    "/busy-then-ok": lambda handler, hit: (429, {"Retry-After": "1"}) if hit == 1 else (200, {}),
    "/rate-limited": fixed(429, {"Retry-After": "0"}),
    "/rate-limited-for-an-hour": fixed(429, {"Retry-After": "3600"}),
    "/forbidden": fixed(403),
    "/no-head": lambda handler, hit: (405, {"Allow": "GET"}) if handler.command == "HEAD"
    else (200, {}),
    "/moved": fixed(301, {"Location": "/moved-again"}),
    "/moved-again": lambda handler, hit: (302, {"Location": handler.server.url("/ok")}),
    "/loop-a": fixed(302, {"Location": "/loop-b"}),
    "/loop-b": fixed(302, {"Location": "/loop-a"}),
    "/cookie-gate": cookie_gate,
    "/to-ftp": fixed(302, {"Location": "ftp://127.0.0.1/paper.pdf"}),
    "/no-location": fixed(302),
    "/slow": slow,
    "/hang-up": lambda handler, hit: None,
}


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A ``LocalServer`` answering ``ROUTES`` for one test."""
    with serving(ROUTES) as httpd:
        yield httpd


def target(url: str, key: str = "paper-2023") -> LinkTarget:
    return LinkTarget(key=key, label="paper", url=url, line=1)


def check_one(url: str, **options: float) -> LinkResult:
    (result,) = check_links([target(url)], **{**FAST, **options})
    return result


# --- what each answer means --------------------------------------------------------------

@pytest.mark.parametrize(
    ("path", "status", "http_status", "reason", "attempts"),
    [
        ("/ok", "ok", 200, "200 OK", 1),
        ("/missing", "dead", 404, "404 Not Found", 2),  # HEAD, then GET to confirm
        ("/gone", "dead", 410, "410 Gone", 2),
        ("/flaky", "ok", 200, "200 OK", 3),  # HEAD 500, GET 500, GET retried: 200
        ("/down", "dead", 503, "503 Service Unavailable after 4 requests", 4),
        ("/rate-limited", "warning", 429, "429 Too Many Requests: the site may block robots", 3),
        ("/rate-limited-for-an-hour", "warning", 429, "429 Too Many Requests", 1),
        ("/forbidden", "warning", 403, "403 Forbidden: the site may block robots", 2),
        ("/no-head", "ok", 200, "200 OK", 2),
        ("/to-ftp", "dead", 302, "redirected to a non-HTTP URL: ftp://127.0.0.1/paper.pdf", 1),
        ("/no-location", "dead", 302, "302 Found without a Location to follow", 1),
        ("/hang-up", "dead", None, "connection closed by the server without an answer", 1),
    ],
)
def test_each_answer_gets_its_verdict(server: LocalServer, path: str, status: str,
                                      http_status: int | None, reason: str,
                                      attempts: int) -> None:
    result = check_one(server.url(path))
    assert (result.status, result.http_status, result.attempts) == (status, http_status, attempts)
    assert result.reason.startswith(reason)
    assert len(server.hits(path)) == attempts


def test_head_refused_with_405_is_asked_again_with_get(server: LocalServer) -> None:
    check_one(server.url("/no-head"))
    assert server.hits("/no-head") == ["HEAD", "GET"]


def test_rate_limits_are_retried_with_the_same_method_not_switched_to_get(server: LocalServer) -> None:
    check_one(server.url("/rate-limited"))
    assert server.hits("/rate-limited") == ["HEAD", "HEAD", "HEAD"]


def test_no_retries_means_a_5xx_is_dead_at_once(server: LocalServer) -> None:
    result = check_one(server.url("/flaky"), retries=0)
    assert (result.status, result.http_status) == ("dead", 500)
    assert server.hits("/flaky") == ["HEAD", "GET"]


def test_retry_after_is_waited_before_asking_again(server: LocalServer) -> None:
    result = check_one(server.url("/busy-then-ok"))
    assert (result.status, result.attempts) == ("ok", 2)
    first, second = (r.when for r in server.requests if r.path == "/busy-then-ok")
    assert second - first >= 1.0  # Retry-After: 1, although the backoff is 0.01 s


def test_a_redirect_chain_is_followed_and_reported_as_moved(server: LocalServer) -> None:
    result = check_one(server.url("/moved"))
    assert result.status == "moved"
    assert result.http_status == 200
    assert result.redirects == (server.url("/moved-again"), server.url("/ok"))
    assert result.final_url == server.url("/ok")
    assert result.reason == f"moved (301 → 302) to {server.url('/ok')}"


def test_a_redirect_loop_is_dead_after_the_redirect_limit(server: LocalServer) -> None:
    result = check_one(server.url("/loop-a"))
    assert result.status == "dead"
    assert result.reason == f"a redirect loop: more than {linkcheck.MAX_REDIRECTS} redirects"
    assert len(result.redirects) == linkcheck.MAX_REDIRECTS + 1
    assert len(server.requests) == linkcheck.MAX_REDIRECTS + 1


def test_a_redirect_that_sets_a_cookie_and_comes_back_is_ok(server: LocalServer) -> None:
    result = check_one(server.url("/cookie-gate"))
    assert (result.status, result.http_status) == ("ok", 200)
    assert result.redirects == (server.url("/cookie-gate"),)


def test_a_slow_server_times_out_and_is_dead(server: LocalServer) -> None:
    result = check_one(server.url("/slow"), timeout=SLOW_SECONDS)
    assert (result.status, result.http_status, result.attempts) == ("dead", None, 1)
    assert result.reason == f"timed out after {SLOW_SECONDS:g} s"


# --- a deadline per request, not per read ----------------------------------------------------

TRICKLE_BYTES = 40
"""A trickled answer takes this many seconds (a byte a second, each well within a 2 s read
timeout): the whole of it, the status line and a long header."""


def trickle(handler: BaseHTTPRequestHandler, hit: int) -> None:
    """A route of the shared local server: a valid 200 answer, written a byte a second until
    the client hangs up or the test ends."""
    answer = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"s" * (TRICKLE_BYTES - 30) + b"\r\n\r\n"
    for byte in answer:
        try:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
        except OSError:  # the client gave up and closed the connection
            return None
        if handler.server.stopping.wait(1.0):  # type: ignore[attr-defined]
            return None
    return None


def test_a_server_trickling_its_answer_a_byte_a_second_is_cut_off_at_the_timeout(
        local_server: LocalServer) -> None:  # noqa: F811 - the fixture
    local_server.routes["/paper"] = trickle
    started = time.monotonic()
    result = check_one(local_server.url("/paper"), timeout=2.0, retries=0)
    elapsed = time.monotonic() - started
    assert (result.status, result.http_status, result.reason) == ("dead", None, "timed out after 2 s")
    assert result.attempts == 1 and local_server.hits("/paper") == ["HEAD"]
    # Reading each byte within the timeout, a per-read timeout waits out the whole answer.
    assert elapsed < TRICKLE_BYTES / 2


def test_check_links_with_timeout_2_gives_up_on_a_trickling_server(local_server: LocalServer,  # noqa: F811
                                                                    tmp_path: Path) -> None:
    local_server.routes["/paper"] = trickle
    catalog = tmp_path / "papers.toml"
    catalog.write_text(
        '[[venues]]\nabbr = "ICLR"\nname = "International Conference on Learning Representations"\n'
        '\n[[papers]]\nkey = "trickle-2023"\ntitle = "A Paper Served Slowly"\nvenue = "ICLR"\n'
        f'year = 2023\n\n[papers.links]\npaper = "{local_server.url("/paper")}"\n', encoding="utf-8")
    started = time.monotonic()
    result = run_process("check", "--catalog", catalog, "--links", "--timeout", "2", "--json",
                         timeout=TRICKLE_BYTES * 2)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    (link,) = json.loads(result.stdout)["data"]["links"]
    assert (link["status"], link["reason"]) == ("dead", "timed out after 2 s")
    assert elapsed < TRICKLE_BYTES / 2


def test_a_closed_port_is_a_refused_connection() -> None:
    with socket.socket() as bound_not_listening:
        bound_not_listening.bind(("127.0.0.1", 0))
        port = bound_not_listening.getsockname()[1]
        result = check_one(f"http://127.0.0.1:{port}/paper")
    assert (result.status, result.http_status, result.reason) == ("dead", None,
                                                                  "connection refused")


def test_https_to_a_plain_http_server_is_a_tls_error(server: LocalServer) -> None:
    result = check_one(server.url("/ok").replace("http://", "https://"))
    assert (result.status, result.http_status) == ("dead", None)
    assert result.reason.startswith("TLS error")


def test_requests_name_snn_papers_as_user_agent(server: LocalServer) -> None:
    check_one(server.url("/ok"))
    assert [r.agent for r in server.requests] == [linkcheck.USER_AGENT]
    assert linkcheck.USER_AGENT.startswith("snn-papers/")


# --- many links --------------------------------------------------------------------------

def test_a_url_of_several_papers_is_fetched_once_and_reported_for_each(server: LocalServer) -> None:
    url = server.url("/ok")
    links = [target(url, key="a"), target(server.url("/missing"), key="b"), target(url, key="c")]
    seen: list[str] = []
    results = check_links(links, on_result=lambda result: seen.append(result.target.key), **FAST)
    assert [r.target.key for r in results] == ["a", "b", "c"]
    assert [r.status for r in results] == ["ok", "dead", "ok"]
    assert server.hits("/ok") == ["HEAD"]
    assert sorted(seen) == ["a", "b", "c"]


def test_results_keep_input_order_whatever_finishes_first(server: LocalServer) -> None:
    """The /late/ links are held by the server until the client has the other two results:
    they finish last, and still come back in their places."""
    others_done = threading.Event()
    server.routes["/late/"] = lambda handler, hit: (200, {}) if others_done.wait(60) else (503, {})
    paths = ["/late/1", "/ok", "/late/2", "/missing"]
    finished: list[str] = []

    def on_result(result: LinkResult) -> None:
        finished.append(result.target.url)
        if len(finished) == 2:
            others_done.set()

    try:
        results = check_links([target(server.url(p)) for p in paths], concurrency=4,
                              on_result=on_result, timeout=60, backoff=0.01)
    finally:
        others_done.set()
    assert sorted(finished[:2]) == [server.url("/missing"), server.url("/ok")]
    assert [r.target.url for r in results] == [server.url(p) for p in paths]
    assert [r.status for r in results] == ["ok", "ok", "ok", "dead"]


def test_no_links_checks_nothing() -> None:
    assert check_links([]) == []


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"concurrency": 0}, "concurrency 0 is outside 1..64"),
        ({"concurrency": 65}, "concurrency 65 is outside 1..64"),
        ({"timeout": 0}, "timeout 0 s must be more than 0 seconds"),
        ({"retries": -1}, "retries -1 must be 0 or more"),
        ({"backoff": -0.5}, "backoff -0.5 s must be 0 or more seconds"),
    ],
)
def test_bad_options_are_invalid_input(options: dict[str, float], message: str) -> None:
    with pytest.raises(InvalidInput, match=re.escape(message)):
        check_links([target("http://127.0.0.1:9/")], **options)


def test_summary_counts_every_status_even_when_none(server: LocalServer) -> None:
    paths = ["/ok", "/moved", "/missing", "/gone", "/forbidden"]
    results = check_links([target(server.url(p)) for p in paths], **FAST)
    assert linkcheck.summarise(results) == {"ok": 1, "moved": 1, "warning": 1, "dead": 2}
    assert linkcheck.summarise([]) == {"ok": 0, "moved": 0, "warning": 0, "dead": 0}


# --- what is checked ---------------------------------------------------------------------

def test_targets_are_every_link_of_the_real_catalog_in_order() -> None:
    _view = catalogs.open_catalog(CATALOG)
    catalog, _ = _view.catalog(), list(_view.problems)
    found = linkcheck.targets(catalog)
    expected = [(p.key, link.label, link.url, p.line) for p in catalog.papers for link in p.links]
    assert [(t.key, t.label, t.url, t.line) for t in found] == expected
    assert len(found) == 127


def test_exclude_drops_the_urls_it_matches() -> None:
    _view = catalogs.open_catalog(CATALOG)
    catalog, _ = _view.catalog(), list(_view.problems)
    everything = linkcheck.targets(catalog)
    kept = linkcheck.targets(catalog, exclude=r"github\.com")
    github = [t for t in everything if "github.com" in t.url]
    assert github and all("github.com" not in t.url for t in kept)
    assert len(kept) == len(everything) - len(github)


def test_an_invalid_exclude_pattern_is_invalid_input() -> None:
    _view = catalogs.open_catalog(CATALOG)
    catalog, _ = _view.catalog(), list(_view.problems)
    with pytest.raises(InvalidInput, match=r"exclude pattern '\(arxiv' is not a valid regular"):
        linkcheck.targets(catalog, exclude="(arxiv")


NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (None, None),
        ("1", 1.0),
        (" 120 ", 120.0),
        ("Wed, 01 May 2024 12:00:30 GMT", 30.0),
        ("Tue, 30 Apr 2024 12:00:00 GMT", 0.0),  # a date already past: no wait
        ("soon", None),
        ("-5", None),
    ],
)
def test_retry_after_is_read_as_seconds_or_a_date(header: str | None,
                                                  seconds: float | None) -> None:
    assert linkcheck.parse_retry_after(header, now=NOW) == seconds


def test_retry_after_dates_are_read_relative_to_now() -> None:
    later = (datetime.now(UTC) + timedelta(hours=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 3500 < (linkcheck.parse_retry_after(later) or 0) <= 3600
