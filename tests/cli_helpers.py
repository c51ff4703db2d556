"""The one way tests run the CLI: in process (Typer's CliRunner, fast, for most scenarios:
``invoke``), as a real process (``python -m awesome_snn``, for what only a real process
shows: exit codes set by the interpreter, closed pipes, signals, tracebacks: ``run_process``,
``command_line``, ``process_env``), on a real terminal (``Terminal``, a pty), and as the
console script of a real ``pip install .`` (``installed_script``); and the one local web
server the tests talk to (``LocalServer``: the ``local_server`` and ``link_server``
fixtures)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from typer.testing import CliRunner

from awesome_snn import catalog
from awesome_snn.cli import app
from awesome_snn.model import Catalog

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()
TERMINAL = {"TTY_COMPATIBLE": "1"}
"""Environment under which Rich (and so the renderer) takes stdout and stderr for a
terminal, though a test captures them."""


def invoke(*args: object, catalog: Path | None = None, env: Mapping[str, str] | None = None,
           input: str | None = None):  # noqa: ANN201, A002 - a click Result
    """Run ``snn-papers ARGS`` in this process (``--catalog`` appended when given)."""
    extra = ["--catalog", str(catalog)] if catalog is not None else []
    return runner.invoke(app, [*map(str, args), *extra], env=dict(env) if env else None,
                         input=input, prog_name="snn-papers")


def json_of(result: Any, command: str | None = None) -> Any:
    """The ``data`` of a ``--json`` envelope, after checking the envelope's shape."""
    document = json.loads(result.stdout)
    assert set(document) == {"command", "data", "problems"}, document.keys()
    if command is not None:
        assert document["command"] == command
    assert isinstance(document["problems"], list)
    return document["data"]


def process_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    merged = {**os.environ, **(env or {})}
    merged["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), merged.get("PYTHONPATH")]))
    # Under mutation testing (scripts/mutation.py) a child runs the mutant being tested, but
    # not mutmut's own bookkeeping runs ("stats"...), which only work in mutmut's process.
    if "__mutmut_" not in merged.get("MUTANT_UNDER_TEST", "__mutmut_"):
        del merged["MUTANT_UNDER_TEST"]
    return merged


def command_line(*args: object) -> list[str | bytes]:
    """``python -m awesome_snn ARGS``; a ``bytes`` argument is passed as those bytes."""
    return [sys.executable, "-m", "awesome_snn",
            *(arg if isinstance(arg, bytes) else str(arg) for arg in args)]


def run_process(*args: object, env: Mapping[str, str] | None = None, cwd: Path | None = None,
                input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:  # noqa: A002
    """Run ``python -m awesome_snn ARGS`` as a real process; its output captured."""
    return subprocess.run(command_line(*args), env=process_env(env), cwd=cwd, input=input,
                          capture_output=True, text=True, timeout=timeout)


def load(path: Path) -> Catalog:
    """The catalog at ``path``, through the public catalog API."""
    return catalog.open_catalog(path).catalog()


def load_with_problems(path: Path) -> tuple[Catalog, tuple[Any, ...]]:
    view = catalog.open_catalog(path)
    return view.catalog(), tuple(view.problems)


# --- a web server for check --links --------------------------------------------------------

HOSTILE_LOCATION = "/ok/\x1b]52;c;SGVsbG8=\x07\x1b[2J\x9b31m"
"""Where /hostile redirects: OSC 52 (clipboard), clear screen, a C1 CSI."""


# --- a local web server with routes, that counts what it serves ----------------------------

Route = Callable[["_Handler", int], "tuple[int, dict[str, str]] | None"]
"""(handler, how many times this path was asked before, plus one) -> (status, headers), or
None to hang up without an answer."""

PAGE = b"<html>a page the link checker does not need to read</html>"
"""The body of every answer to a GET."""


class Request(NamedTuple):
    method: str
    path: str
    when: float
    """time.monotonic() on arrival."""
    agent: str
    """The User-Agent header."""



class LocalServer(ThreadingHTTPServer):
    """A web server on 127.0.0.1 for one test: ``routes`` say how each path answers (a route
    ending in '/' answers every path below it; 404 for any other path); it records every
    request and the most it was answering at once."""

    daemon_threads = True

    def __init__(self, routes: Mapping[str, Route] | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.routes: dict[str, Route] = dict(routes or {})
        self.lock = threading.Condition()
        self.requests: list[Request] = []
        """Every request (method, path, arrival time, User-Agent), in arrival order."""
        self.arrived = 0
        self.in_flight = 0
        """Requests being answered: arrived, and not yet given their answer."""
        self.max_in_flight = 0
        self.stopping = threading.Event()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_port}{path}"

    def hits(self, path: str) -> list[str]:
        """The methods of the requests for ``path``, in order."""
        with self.lock:
            return [request.method for request in self.requests if request.path == path]

    def hold_until_arrived(self, count: int, timeout: float = 60.0) -> bool:
        """Hold the calling request until ``count`` requests in all have arrived (or the
        server stops): True when they did."""
        with self.lock:
            return self.lock.wait_for(lambda: self.arrived >= count or self.stopping.is_set(),
                                      timeout) and not self.stopping.is_set()

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that gave up hangs up on a slow handler: expected here, not news."""


class _Handler(BaseHTTPRequestHandler):
    server: LocalServer

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer()

    def do_GET(self) -> None:  # noqa: N802
        self._answer()

    def log_message(self, *args: object) -> None:
        pass

    def _answer(self) -> None:
        server = self.server
        with server.lock:
            server.requests.append(Request(self.command, self.path, time.monotonic(),
                                           self.headers.get("User-Agent", "")))
            hit = sum(1 for request in server.requests if request.path == self.path)
            server.arrived += 1
            self.arrival = server.arrived
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
            server.lock.notify_all()
        try:
            path = self.path.split("?")[0]
            route = server.routes.get(path) or next(
                (r for prefix, r in server.routes.items() if prefix.endswith("/") and path.startswith(prefix)),
                None)
            answer = route(self, hit) if route is not None else (404, {})
        finally:
            # Counted out before the answer leaves: a client cannot send its next request
            # while this one still counts as in flight.
            with server.lock:
                server.in_flight -= 1
                server.lock.notify_all()
        if answer is None:
            return
        status, headers = answer
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(PAGE)


def held_in_groups(size: int) -> Route:
    """A route that holds each request until the ``size`` requests of its group (the 1st to
    ``size``-th to arrive, the next ``size``...) have all arrived: while the last of a group
    arrives, all of them are in flight at once. Concurrency seen without a timing window."""
    def route(handler: _Handler, hit: int) -> tuple[int, dict[str, str]]:
        group_end = -(-handler.arrival // size) * size
        return (200, {}) if handler.server.hold_until_arrived(group_end) else (503, {})
    return route


@contextmanager
def serving(routes: Mapping[str, Route] | None = None) -> Iterator[LocalServer]:
    """A ``LocalServer`` answering from a thread until the block ends (any request still
    held is let go then)."""
    server = LocalServer(routes)
    # Polled often for shutdown: a test's teardown does not wait half a second.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        with server.lock:
            server.lock.notify_all()
        server.shutdown()
        server.server_close()
        thread.join(timeout=30)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A ``LocalServer`` with no routes yet (set ``server.routes[path]``) for one test."""
    with serving() as server:
        yield server


LINK_ROUTES: dict[str, Route] = {
    "/ok": lambda handler, hit: (200, {}),
    "/ok/": lambda handler, hit: (200, {}),
    "/moved": lambda handler, hit: (301, {"Location": "/ok"}),
    # a Location that would write the terminal's clipboard
    "/hostile": lambda handler, hit: (301, {"Location": HOSTILE_LOCATION}),
}


@pytest.fixture
def link_server() -> Iterator[str]:
    """A ``LocalServer`` for check --links, as its base URL: /ok and anything below it answer
    200, /moved redirects to /ok, /hostile to ``HOSTILE_LOCATION``, anything else is 404."""
    with serving(LINK_ROUTES) as server:
        yield server.url("")


# --- a real terminal -------------------------------------------------------------------------

class Terminal:
    """``python -m awesome_snn ARGS`` with a pseudo-terminal as stdin, stdout and stderr,
    answered prompt by prompt: ``expect`` text, ``send`` a line, ``finish`` for the exit code."""

    def __init__(self, *args: object, env: Mapping[str, str] | None = None,
                 cwd: Path | None = None) -> None:
        import pty

        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(command_line(*args), stdin=slave, stdout=slave, stderr=slave,
                                     env=process_env({"COLUMNS": "120", "NO_COLOR": "1", **(env or {})}),
                                     cwd=cwd, close_fds=True)
        os.close(slave)
        self.seen = ""
        self.position = 0
        """Where the screen was read up to: each ``expect`` looks after the last one's text."""

    def _read(self, timeout: float) -> bool:
        """Read what the process wrote within ``timeout``; False when it closed the terminal."""
        import select

        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            chunk = os.read(self.master, 4096)
        except OSError:
            chunk = b""
        self.seen += chunk.decode("utf-8", "replace")
        return bool(chunk)

    def expect(self, text: str, timeout: float = 30.0) -> None:
        import time

        deadline = time.monotonic() + timeout
        while text not in self.seen[self.position:]:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"never saw {text!r}; screen so far: {self.seen!r}"
            assert self._read(remaining) or text in self.seen[self.position:], \
                f"process ended before {text!r}: {self.seen!r}"
        self.position = self.seen.index(text, self.position) + len(text)

    def send(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def send_bytes(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self, timeout: float = 30.0) -> int:
        while self._read(timeout) and self.proc.poll() is None:
            pass
        while self._read(0):  # what is left after the exit
            pass
        code = self.proc.wait(timeout=timeout)
        os.close(self.master)
        return code


# --- the console script of a real install ------------------------------------------------------

_INSTALL: dict[str, Any] = {}


def start_install() -> None:
    """Begin, in the background, README's first line: a fresh venv and a non-editable ``pip
    install`` of this repository (conftest starts it once the tests that need it are
    collected, so it runs on the second core while the other tests run)."""
    import atexit
    import shutil
    import tempfile

    if _INSTALL:
        return
    folder = Path(tempfile.mkdtemp(prefix="snn-papers-install-"))
    atexit.register(shutil.rmtree, folder, True)
    venv = folder / "venv"
    log = (folder / "install.log").open("wb")
    drop = {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "MUTANT_UNDER_TEST", "http_proxy",
            "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"}
    env = {name: value for name, value in os.environ.items() if name not in drop}
    python = getattr(sys, "_base_executable", sys.executable)
    script = (f'"{python}" -m venv "{venv}" && "{venv}/bin/python" -m pip install -q'
              f' --disable-pip-version-check "{REPO}"')
    _INSTALL.update(folder=folder, venv=venv, log=folder / "install.log",
                    process=subprocess.Popen(["sh", "-c", script], stdout=log, stderr=subprocess.STDOUT,
                                             stdin=subprocess.DEVNULL, env=env, cwd=folder))
    log.close()


def installed_script(timeout: float = 600) -> Path:
    """The ``snn-papers`` console script of the install ``start_install`` began, once it is
    done (the install must succeed)."""
    start_install()
    process: subprocess.Popen[bytes] = _INSTALL["process"]
    code = process.wait(timeout=timeout)
    log = _INSTALL["log"].read_text(encoding="utf-8", errors="replace")
    assert code == 0, f"pip install . failed ({code}):\n{log}"
    return _INSTALL["venv"] / "bin" / "snn-papers"
