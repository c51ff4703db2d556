"""A replay of the metadata services on the tests' one local web server (``LocalServer`` of
cli_helpers): arXiv's query API, OpenReview's API v2 notes, Crossref's works and DBLP's
publication search, answering from the recorded responses in tests/data/metadata.

A thin wrapper: ``LocalServer`` routes answer with a status and headers and a fixed body, so
each route here writes its own answer (status, content type, body) and returns None.
``special`` replaces the answer for one paper (an arXiv id, a forum id, a DOI) by a status,
headers and a body: a login wall, an entity bomb, a 503 that never ends.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from cli_helpers import LocalServer, Request, serving

from awesome_snn.folding import fold

DATA = Path(__file__).resolve().parent / "data" / "metadata"
ATOM = "application/atom+xml; charset=utf-8"
JSON = "application/json; charset=utf-8"
Answer = tuple[int, dict[str, str], bytes]

_FEED = (DATA / "arxiv-feed.xml").read_text(encoding="utf-8")
_HEAD = _FEED[:_FEED.index("  <entry>")]
_ENTRIES = {re.search(r"<id>http://arxiv.org/abs/(.+?)v\d+</id>", e).group(1): e  # type: ignore[union-attr]
            for e in re.findall(r"  <entry>.*?</entry>\n", _FEED, re.S)}


def hostile(name: str) -> bytes:
    return (DATA / "hostile" / name).read_bytes()


class Replay:
    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.special: dict[str, Answer] = {}
        self.delay = 0.0
        """Seconds each answer waits: a slower service, for the tests that kill enrich."""
        self.entries = dict(_ENTRIES)
        """arXiv id -> its recorded <entry>; a test may point an id at another's entry."""
        server.routes.update({
            "/arxiv/api/query": self._route(self._arxiv),
            "/openreview/notes": self._route(self._openreview),
            "/crossref/works/": self._route(self._crossref_work),
            "/crossref/works": self._route(self._crossref_search),
            "/dblp/search/publ/api": self._route(self._dblp),
        })

    @property
    def env(self) -> dict[str, str]:
        """The environment that points snn-papers at this replay."""
        return {"SNN_PAPERS_ARXIV_API": self.server.url("/arxiv/api/query"),
                "SNN_PAPERS_OPENREVIEW_API": self.server.url("/openreview"),
                "SNN_PAPERS_CROSSREF_API": self.server.url("/crossref"),
                "SNN_PAPERS_DBLP_API": self.server.url("/dblp")}

    def requests(self, service: str) -> list[Request]:
        with self.server.lock:
            return [r for r in self.server.requests if r.path.startswith(f"/{service}/")]

    def _route(self, answer):  # noqa: ANN001, ANN202 - a cli_helpers Route
        def route(handler, hit):  # noqa: ANN001, ANN202
            if self.delay:
                import time

                time.sleep(self.delay)
            parts = urlsplit(handler.path)
            status, headers, body = answer(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})
            handler.send_response(status)
            for name, value in {"Content-Length": str(len(body)), **headers}.items():
                handler.send_header(name, value)
            handler.end_headers()
            if handler.command == "GET":
                handler.wfile.write(body)
            return None
        return route

    def _arxiv(self, path: str, query: Mapping[str, str]) -> Answer:
        ids = [i for i in query.get("id_list", "").split(",") if i]
        for arxiv_id in ids:
            if arxiv_id in self.special:
                return self.special[arxiv_id]
        entries = "".join(self.entries[i] for i in ids if i in self.entries)
        head = re.sub(r"<opensearch:totalResults([^>]*)>\d+<",
                      lambda m: f"<opensearch:totalResults{m.group(1)}>{entries.count('<entry>')}<", _HEAD)
        return 200, {"Content-Type": ATOM}, (head + entries + "</feed>\n").encode()

    def _openreview(self, path: str, query: Mapping[str, str]) -> Answer:
        forum = query.get("id", "")
        if forum in self.special:
            return self.special[forum]
        file = DATA / "openreview" / f"{forum}.json"
        if not re.fullmatch(r"[\w-]+", forum) or not file.exists():
            return 404, {"Content-Type": JSON}, json.dumps(
                {"name": "NotFoundError", "message": f"The Note {forum} was not found",
                 "status": 404, "details": {"path": "id", "value": forum}}).encode()
        return 200, {"Content-Type": JSON}, file.read_bytes()

    def _crossref_work(self, path: str, query: Mapping[str, str]) -> Answer:
        doi = unquote(path.removeprefix("/crossref/works/"))
        if doi in self.special:
            return self.special[doi]
        file = DATA / "crossref" / (doi.replace("/", "_") + ".json")
        if not file.exists():
            return 404, {"Content-Type": "text/plain"}, b"Resource not found."
        return 200, {"Content-Type": JSON}, file.read_bytes()

    def _crossref_search(self, path: str, query: Mapping[str, str]) -> Answer:
        from rapidfuzz import fuzz

        pool = json.loads((DATA / "crossref-search-pool.json").read_text(encoding="utf-8"))
        wanted = fold(query.get("query.bibliographic", ""))
        items = sorted(pool["message"]["items"], key=lambda w: -fuzz.ratio(fold(w["title"][0]), wanted))
        rows = int(query.get("rows", "20"))
        pool["message"]["items"] = items[:rows]
        pool["message"]["items-per-page"] = rows
        return 200, {"Content-Type": JSON}, json.dumps(pool).encode()

    def _dblp(self, path: str, query: Mapping[str, str]) -> Answer:
        pool = json.loads((DATA / "dblp-search-pool.json").read_text(encoding="utf-8"))
        words = fold(query.get("q", "")).split()
        hits = [h for h in pool["result"]["hits"]["hit"]
                if all(w in fold(h["info"]["title"]).split() for w in words)]
        count = str(len(hits))
        result = pool["result"]
        result["query"] = query.get("q", "")
        result["hits"] = {"@total": count, "@computed": count, "@sent": count, "@first": "0"}
        if hits:
            result["hits"]["hit"] = hits
        return 200, {"Content-Type": JSON}, json.dumps(pool).encode()


@contextmanager
def replaying() -> Iterator[Replay]:
    with serving() as server:
        yield Replay(server)
