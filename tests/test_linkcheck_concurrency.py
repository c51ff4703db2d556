"""The link checker's concurrency, seen from the server's side with no timing window: the
requests are held in groups as large as the bound until the whole group has arrived, so a
checker that uses its workers gets through at once, and the most the server ever answered
together is exactly the bound. (Replaces tests/test_linkcheck.py's test that slept 0.15 s per request
and hoped they would overlap: under load they sometimes did not.)"""

from __future__ import annotations

import pytest
from cli_helpers import LocalServer, held_in_groups, local_server  # noqa: F401 - the fixture

from awesome_snn.linkcheck import LinkTarget, check_links


@pytest.mark.parametrize("bound", [2, 3])
def test_the_checker_uses_exactly_its_concurrency_bound(local_server: LocalServer, bound: int) -> None:  # noqa: F811
    paths = [f"/held/{n}" for n in range(4 * bound)]
    for path in paths:
        local_server.routes[path] = held_in_groups(bound)
    targets = [LinkTarget(key=f"p{n}", label="paper", url=local_server.url(path), line=1)
               for n, path in enumerate(paths)]
    # A generous timeout: nothing here waits on a clock, but a checker that sent fewer than
    # `bound` requests at once would be held until the server gives up (and then fail).
    results = check_links(targets, concurrency=bound, timeout=60, retries=0)
    assert [r.status for r in results] == ["ok"] * len(paths), [r.reason for r in results]
    assert local_server.max_in_flight == bound
    assert sorted(request.path for request in local_server.requests) == sorted(paths)


def test_one_worker_sends_one_request_at_a_time(local_server: LocalServer) -> None:  # noqa: F811
    paths = [f"/one/{n}" for n in range(5)]
    for path in paths:
        local_server.routes[path] = lambda handler, hit: (200, {})
    results = check_links([LinkTarget(key=f"p{n}", label="paper", url=local_server.url(path), line=1)
                           for n, path in enumerate(paths)], concurrency=1, timeout=60, retries=0)
    assert [r.status for r in results] == ["ok"] * 5
    assert local_server.max_in_flight == 1
