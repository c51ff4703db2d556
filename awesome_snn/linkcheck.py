"""Checking every link of the catalog over HTTP: alive, moved, blocked or dead.

No terminal here: ``check_links`` returns one ``LinkResult`` a link, in input order, and calls
``on_result`` as each one finishes so that the CLI can advance a progress bar. A network
failure is a result, never an exception; only bad arguments raise (``InvalidInput``).
Only the standard library is used: ``urllib`` does HTTPS, proxies from the environment and
cookies, and a thread pool is enough for a few hundred links (a faster client would not
make the servers answer sooner).

The rules, and why:

- HEAD first: the server sends no body. Many servers answer HEAD wrongly, though: 405 and
  501, but also 400, 403 or 404 for pages GET serves. So *any* error answer to HEAD except
  429 is asked again with GET, and only GET's answer is judged; the link then stays on GET.
  It costs one request more, and only for links that look broken. A GET's body is never read.
- Redirects are followed here rather than by urllib, so that the chain is recorded; at most
  ``MAX_REDIRECTS``. Each link has its own cookie jar: publishers often redirect to set a
  cookie and back to the same page, which without cookies would be an endless loop.
- 429 and 5xx are asked again up to ``retries`` times, waiting ``backoff * 2**n`` seconds, or
  the server's ``Retry-After`` when that is longer. A ``Retry-After`` over
  ``MAX_RETRY_AFTER`` seconds ends the retries at once: a warning now beats a stalled check.
  Timeouts and refused connections are not retried; they would only double the wait.
- Verdicts: a 2xx is "ok", or "moved" when redirects ended at another URL (the fragment
  aside). 403 and 429 are "warning": sites that block robots answer so for live pages.
  404, 410, every other 4xx and 5xx, a redirect loop, a timeout, DNS, refused connections
  and TLS errors are "dead".
- ``timeout`` is a deadline for each request as a whole: connecting, the TLS handshake and
  the answer's status line and headers together. A socket's own timeout bounds each wait
  only, so a server sending its answer a byte a second would never trip it; at the deadline
  the request's socket is shut down instead, which ends whatever read is waiting on it.
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import re
import socket
import ssl
import string
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from http import HTTPStatus
from typing import Literal
from urllib.parse import quote, urldefrag, urljoin, urlsplit

from awesome_snn import __version__
from awesome_snn.errors import InvalidInput
from awesome_snn.http_headers import parse_retry_after
from awesome_snn.model import Catalog

Status = Literal["ok", "moved", "warning", "dead"]
STATUSES: tuple[Status, ...] = ("ok", "moved", "warning", "dead")

MAX_REDIRECTS = 10
MAX_RETRY_AFTER = 10.0
"""Seconds of ``Retry-After`` worth waiting for; a longer one ends the retries at once."""
MAX_CONCURRENCY = 64
USER_AGENT = f"snn-papers/{__version__} (link checker of an awesome list; Python urllib)"
HEADERS = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}

_URL_SAFE = string.punctuation
"""Left as they are when a URL is made ASCII: only non-ASCII and spaces become %XX."""


@dataclass(frozen=True)
class LinkTarget:
    """One link of one paper: what is checked, and where to point the user at it."""

    key: str
    label: str
    url: str
    line: int
    """Line of the paper's ``[[papers]]`` header in the catalog (0 when not from a file)."""


@dataclass(frozen=True)
class LinkResult:
    target: LinkTarget
    status: Status
    http_status: int | None
    """Status of the last answer; None when no HTTP answer came (timeout, refused, ...)."""
    final_url: str | None
    """Where the redirects ended; None when there was no redirect."""
    redirects: tuple[str, ...]
    """Every URL redirected to, in order (``final_url`` is the last one)."""
    reason: str
    """One line for a person: ``404 Not Found``, ``timed out after 10 s``, ..."""
    attempts: int
    """HTTP requests made for this link: HEAD and GET, retries and redirect hops."""


def targets(catalog: Catalog, exclude: str | None = None) -> list[LinkTarget]:
    """Every link of every paper in catalog order, less those whose URL matches ``exclude``
    (a regular expression searched anywhere in the URL)."""
    pattern = _compile_exclude(exclude)
    return [
        LinkTarget(paper.key, link.label, link.url, paper.line)
        for paper in catalog.papers
        for link in paper.links
        if pattern is None or not pattern.search(link.url)
    ]


def _compile_exclude(exclude: str | None) -> re.Pattern[str] | None:
    if exclude is None:
        return None
    try:
        return re.compile(exclude)
    except re.error as exc:
        raise InvalidInput(f"exclude pattern {exclude!r} is not a valid regular expression"
                           f" ({exc})") from None


def check_links(
    targets: Sequence[LinkTarget],
    concurrency: int = 8,
    timeout: float = 10.0,
    retries: int = 2,
    backoff: float = 0.5,
    on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Check every target; results in input order. A URL several targets share is fetched
    once. ``on_result`` is called once per target as its URL finishes, always from the
    calling thread, so it need not be thread-safe."""
    policy = _Policy(timeout, retries, backoff)
    _validate(concurrency, policy)
    indices_by_url: dict[str, list[int]] = {}
    for index, target in enumerate(targets):
        indices_by_url.setdefault(target.url, []).append(index)
    results: list[LinkResult | None] = [None] * len(targets)
    if not indices_by_url:
        return []
    executor = ThreadPoolExecutor(max_workers=min(concurrency, len(indices_by_url)),
                                  thread_name_prefix="snn-papers-linkcheck")
    try:
        futures = {executor.submit(_check, targets[indices[0]], policy): indices
                   for indices in indices_by_url.values()}
        for future in as_completed(futures):
            first = future.result()
            for index in futures[future]:
                result = replace(first, target=targets[index])
                results[index] = result
                if on_result is not None:
                    on_result(result)
    finally:
        # On Ctrl-C, do not start the links still queued; running requests end by timeout.
        executor.shutdown(wait=False, cancel_futures=True)
    return [result for result in results if result is not None]


def summarise(results: Sequence[LinkResult]) -> dict[Status, int]:
    """How many results have each status, every status present, in ``STATUSES`` order."""
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
    return counts


# --- one link --------------------------------------------------------------------------

@dataclass(frozen=True)
class _Policy:
    timeout: float
    retries: int
    backoff: float

    def retry_delay(self, retry: int, retry_after: str | None) -> float | None:
        """Seconds to wait before retry number ``retry`` (from 0); None: do not retry."""
        delay = self.backoff * 2 ** retry
        asked = parse_retry_after(retry_after)
        if asked is None:
            return delay
        return None if asked > MAX_RETRY_AFTER else max(delay, asked)


def _validate(concurrency: int, policy: _Policy) -> None:
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise InvalidInput(f"concurrency {concurrency} is outside 1..{MAX_CONCURRENCY}")
    if not policy.timeout > 0:
        raise InvalidInput(f"timeout {policy.timeout:g} s must be more than 0 seconds")
    if policy.retries < 0:
        raise InvalidInput(f"retries {policy.retries} must be 0 or more")
    if policy.backoff < 0:
        raise InvalidInput(f"backoff {policy.backoff:g} s must be 0 or more seconds")


@dataclass(frozen=True)
class _Answer:
    """What one request got: an HTTP status and headers, or why there was no answer."""

    status: int | None
    location: str | None = None
    retry_after: str | None = None
    error: str = ""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hands redirects back as ``HTTPError`` so that ``_check`` follows them, keeping the chain."""

    def redirect_request(self, *args: object) -> None:  # type: ignore[override]
        return None


class _Deadline:
    """The end of one request: at ``seconds`` after it began, every socket the request opened
    is shut down, which wakes a read blocked on it (connecting, the TLS handshake, a status
    line or header arriving a byte at a time) at once."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            expired = self.expired
        if expired:
            _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            sockets = list(self._sockets)
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed, or never connected
        sock.shutdown(socket.SHUT_RDWR)


class _DeadlineHandler(urllib.request.AbstractHTTPHandler):
    """Opens each connection with its socket watched by the current request's deadline."""

    deadline: _Deadline | None = None

    def do_open(self, http_class, request, **options):  # type: ignore[no-untyped-def, override]
        deadline = self.deadline

        def connection(host: str, **arguments: object) -> http.client.HTTPConnection:
            made = http_class(host, **arguments)
            create = made._create_connection

            def create_watched(*args: object, **kwargs: object) -> socket.socket:
                sock = create(*args, **kwargs)
                if deadline is not None:
                    deadline.watch(sock)
                return sock

            made._create_connection = create_watched
            return made

        return super().do_open(connection, request, **options)


class _HTTPHandler(_DeadlineHandler, urllib.request.HTTPHandler):
    pass


class _HTTPSHandler(_DeadlineHandler, urllib.request.HTTPSHandler):
    pass


class _LinkSession:
    """The requests of one link: its own cookie jar, HEAD until a server refuses it, a count."""

    def __init__(self, policy: _Policy) -> None:
        self.policy = policy
        self.method = "HEAD"
        self.requests = 0
        self._handlers = (_HTTPHandler(), _HTTPSHandler())
        self._opener = urllib.request.build_opener(
            _NoRedirects(), urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            *self._handlers)

    def ask(self, url: str) -> _Answer:
        """One URL's answer: HEAD, then GET when HEAD is refused, retrying 429 and 5xx."""
        retry = 0
        while True:
            answer = self._send(url)
            if self.method == "HEAD" and _head_refused(answer.status):
                self.method = "GET"  # at most once: the method never goes back to HEAD
                continue
            if not _retryable(answer.status) or retry >= self.policy.retries:
                return answer
            delay = self.policy.retry_delay(retry, answer.retry_after)
            if delay is None:
                return answer
            time.sleep(delay)
            retry += 1

    def _send(self, url: str) -> _Answer:
        self.requests += 1
        deadline = _Deadline(self.policy.timeout)
        for handler in self._handlers:
            handler.deadline = deadline
        try:
            request = urllib.request.Request(_ascii_url(url), method=self.method, headers=HEADERS)
            response = self._opener.open(request, timeout=self.policy.timeout)
        except urllib.error.HTTPError as error:  # every status but 2xx, redirects included
            error.close()
            return _Answer(error.code, error.headers.get("Location"),
                           error.headers.get("Retry-After"))
        except urllib.error.URLError as error:
            reason: object = TimeoutError() if deadline.expired else error.reason
            return _Answer(None, error=_network_reason(reason, url, self.policy.timeout))
        except (OSError, http.client.HTTPException, ValueError) as error:
            reason = TimeoutError() if deadline.expired else error
            return _Answer(None, error=_network_reason(reason, url, self.policy.timeout))
        finally:
            deadline.cancel()
        response.close()  # the body is not needed: the status says it all
        return _Answer(response.status)


def _check(target: LinkTarget, policy: _Policy) -> LinkResult:
    session = _LinkSession(policy)
    url = target.url
    chain: list[str] = []
    codes: list[int] = []

    def result(status: Status, http_status: int | None, reason: str) -> LinkResult:
        return LinkResult(target, status, http_status, chain[-1] if chain else None,
                          tuple(chain), reason, session.requests)

    while True:
        answer = session.ask(url)
        if answer.status is None:
            return result("dead", None, answer.error)
        if not (300 <= answer.status < 400 and answer.location):
            break
        url = urljoin(url, answer.location)
        chain.append(url)
        codes.append(answer.status)
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            return result("dead", answer.status, f"redirected to a non-HTTP URL: {url}")
        if len(chain) > MAX_REDIRECTS:
            kind = "a redirect loop" if len(set(chain)) < len(chain) else "too many redirects"
            return result("dead", answer.status, f"{kind}: more than {MAX_REDIRECTS} redirects")

    status = answer.status
    described = _describe(status)
    if 200 <= status < 300:
        if chain and urldefrag(url).url != urldefrag(target.url).url:
            hops = " → ".join(str(code) for code in codes)
            return result("moved", status, f"moved ({hops}) to {url}")
        return result("ok", status, described)
    if status in (403, 429):
        return result("warning", status, f"{described}: the site may block robots;"
                                         " check it in a browser")
    if 300 <= status < 400:
        return result("dead", status, f"{described} without a Location to follow")
    if _retryable(status) and session.requests > 1:
        return result("dead", status, f"{described} after {session.requests} requests")
    return result("dead", status, described)


def _head_refused(status: int | None) -> bool:
    return status is not None and status >= 400 and status != 429


def _retryable(status: int | None) -> bool:
    return status is not None and (status == 429 or 500 <= status < 600)


def _describe(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _ascii_url(url: str) -> str:
    """What urllib can send: a non-ASCII host in IDNA; spaces, control and non-ASCII
    characters elsewhere as %XX (a redirect's Location may hold any of them)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if not netloc.isascii():
        netloc = netloc.encode("idna").decode("ascii")  # UnicodeError: "invalid URL"
    return parts._replace(netloc=netloc, path=quote(parts.path, _URL_SAFE),
                          query=quote(parts.query, _URL_SAFE),
                          fragment=quote(parts.fragment, _URL_SAFE)).geturl()


def _network_reason(error: object, url: str, timeout: float) -> str:
    """Why no HTTP answer came, in words; ``error`` is an exception or urllib's reason text."""
    if isinstance(error, TimeoutError):
        return f"timed out after {timeout:g} s"
    if isinstance(error, socket.gaierror):
        return f"DNS lookup failed for {urlsplit(url).hostname} ({error.strerror})"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused"
    if isinstance(error, ssl.SSLCertVerificationError):
        return f"TLS certificate not valid ({error.verify_message})"
    if isinstance(error, ssl.SSLError):
        return f"TLS error ({error.reason or error})"
    if isinstance(error, ConnectionResetError):  # RemoteDisconnected too
        return "connection closed by the server without an answer"
    if isinstance(error, http.client.InvalidURL):
        return f"invalid URL ({error})"
    if isinstance(error, http.client.HTTPException):
        return f"not a valid HTTP answer ({type(error).__name__})"
    if isinstance(error, (ValueError, str)):
        return f"invalid URL ({error})"
    if isinstance(error, OSError):
        return f"network error ({error.strerror or error})"
    return f"network error ({error})"
