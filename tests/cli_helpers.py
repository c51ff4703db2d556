"""The one way tests run the CLI: in process (Typer's CliRunner, fast, for most scenarios)
or as a real process (``python -m awesome_snn``, for what only a real process shows: exit
codes set by the interpreter, closed pipes, signals, tracebacks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from awesome_snn import catalog
from awesome_snn.cli import app
from awesome_snn.model import Catalog

REPO = Path(__file__).resolve().parent.parent
runner = CliRunner()


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
    return merged


def command_line(*args: object) -> list[str]:
    return [sys.executable, "-m", "awesome_snn", *map(str, args)]


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

class _Links(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802
        if self.path == "/ok":
            self.send_response(200)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def link_server() -> Iterator[str]:
    """A local server: /ok answers 200, /moved redirects to /ok, anything else is 404."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Links)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
