"""The one HTTP client of the metadata layer, on httpx.

httpx rather than urllib: real timeouts per phase (connect, read, pool), redirects with a
limit, HTTP semantics (Retry-After, content types) and a streamed body that can be cut off
at a size cap. The rules, and why:

- A User-Agent naming the tool, its version and its purpose, as arXiv, Crossref and DBLP
  ask of scripts.
- ``timeout`` bounds each wait; the request as a whole has a deadline of ``timeout`` too,
  checked as the body streams in, so a server trickling a byte a second is cut off.
- 429 and 5xx are asked again up to ``retries`` times after ``backoff * 2**n`` seconds, or
  the server's ``Retry-After`` when that is longer; a ``Retry-After`` over
  ``max_retry_after`` ends the retries at once (a clear error beats a silent hour).
  Refused connections and timeouts are not retried: the service is unreachable, and once
  one request found it so, the rest of the run does not wait on it again.
- 404 and 410 are ``NotFound``; any other 4xx, a body over the cap, is ``BadResponse``.
- Each service's rate gate (``gate``) is passed for every attempt, retries included.
- ``offline``: nothing is sent; every request is ``NotCached``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from awesome_snn import __version__
from awesome_snn.errors import BadResponse, NotCached, NotFound, ServiceUnreachable
from awesome_snn.http_headers import parse_retry_after
from awesome_snn.metadata.gate import RateGate
from awesome_snn.metadata.safety import MAX_BODY
from awesome_snn.metadata.services import Service

if TYPE_CHECKING:
    import httpx

USER_AGENT = (f"snn-papers/{__version__} (fills authors and identifiers of an awesome list of"
              " Spiking Neural Network papers; python-httpx)")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    content_type: str


class Client:
    def __init__(self, gate_folder: Path | None = None, *, offline: bool = False,
                 timeout: float = 15.0, retries: int = 3, backoff: float = 1.0,
                 max_retry_after: float = 60.0, max_body: int = MAX_BODY,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.gate_folder = gate_folder
        self.offline = offline
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.max_body = max_body
        self.sleep = sleep
        self.requests = 0
        """Requests sent, retries included."""
        self._gates: dict[str, RateGate] = {}
        self._down: dict[str, ServiceUnreachable] = {}
        self._http: httpx.Client | None = None

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _client(self) -> httpx.Client:
        if self._http is None:
            import httpx

            self._http = httpx.Client(headers={"User-Agent": USER_AGENT},
                                      timeout=httpx.Timeout(self.timeout),
                                      follow_redirects=True, max_redirects=5)
        return self._http

    def _gate(self, service: Service) -> RateGate:
        gate = self._gates.get(service.name)
        if gate is None:
            path = self.gate_folder / f"{service.name}.gate" if self.gate_folder else None
            gate = self._gates[service.name] = RateGate(path, service.interval, self.sleep)
        return gate

    def get(self, service: Service, url: str, what: str, accept: str) -> Answer:
        """A 200 answer to GET ``url``, or the error that says why there is none."""
        if self.offline:
            raise NotCached(f"{what}: not in the cache, and --offline sends no request")
        if service.name in self._down:
            raise ServiceUnreachable(str(self._down[service.name]))
        attempt = 0
        while True:
            with self._gate(service).passage():
                status, headers, body = self._attempt(service, url, what, accept)
            if status == 200:
                return Answer(status, body, headers.get("content-type", ""))
            if status in (404, 410):
                raise NotFound(f"{what}: {service.label} has no such paper ({status})")
            if status not in RETRY_STATUSES:
                raise BadResponse(f"{what}: {service.label} answered {status}")
            wait = max(self.backoff * 2 ** attempt, parse_retry_after(headers.get("retry-after")) or 0.0)
            if attempt >= self.retries or wait > self.max_retry_after:
                raise ServiceUnreachable(
                    f"{service.label} ({service.base_url()}) answered {status} after"
                    f" {attempt + 1} request(s); try again later")
            attempt += 1
            self.sleep(wait)

    def _attempt(self, service: Service, url: str, what: str,
                 accept: str) -> tuple[int, Any, bytes]:
        import httpx

        self.requests += 1
        deadline = time.monotonic() + self.timeout
        try:
            with self._client().stream("GET", url, headers={"Accept": accept}) as response:
                if response.status_code != 200:
                    return response.status_code, response.headers, b""
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > self.max_body:
                    raise BadResponse(f"{what}: the answer is {int(length):,} bytes, over the"
                                      f" {self.max_body:,}-byte cap")
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.max_body:
                        raise BadResponse(f"{what}: the answer is over the {self.max_body:,}-byte cap")
                    if time.monotonic() > deadline:
                        raise httpx.ReadTimeout("deadline")
                    chunks.append(chunk)
                return 200, response.headers, b"".join(chunks)
        except httpx.TimeoutException:
            error = ServiceUnreachable(f"{service.label} ({service.base_url()}) did not answer"
                                       f" within {self.timeout:g} s")
        except httpx.TooManyRedirects:
            raise BadResponse(f"{what}: too many redirects") from None
        except (httpx.TransportError, httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            error = ServiceUnreachable(f"{service.label} ({service.base_url()}) is unreachable:"
                                       f" {_reason(exc)}")
        self._down[service.name] = error
        raise error


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return text[:200]
