"""check, check --links, stats and export formats through the real CLI."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

from awesome_snn.cli import app

runner = CliRunner()


def test_check_of_the_shipped_catalog_reports_its_four_real_warnings() -> None:
    result = runner.invoke(app, ["check", "--json"])
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["errors"] == 0
    assert sorted((f["key"], f["rule"]) for f in report["findings"]) == [
        ("brain-inspired-multilayer-2022", "code-host"),
        ("event-video-reconstruction-2022", "code-host"),
        ("multi-sacle-dynamic-2022", "arxiv-pdf"),
        ("spiking-graph-convolutional-2022", "http-link"),
    ]


def test_check_exits_1_on_a_duplicate_and_names_key_and_line(catalog_file: Path) -> None:
    runner.invoke(app, ["add", "--catalog", str(catalog_file), "--venue", "ICLR", "--year", "2023",
                        "--title", "Spikformer: When Spiking Neural Network Meets Transformer",
                        "--paper", "https://a.org/dup", "--force"])
    result = runner.invoke(app, ["check", "--catalog", str(catalog_file)])
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "[duplicate-title]" in line)
    assert line.startswith(f"{catalog_file}:") and ": error: spikformer-2023" in line


def test_check_fix_applies_safe_fixes_once(catalog_file: Path) -> None:
    first = runner.invoke(app, ["check", "--fix", "--catalog", str(catalog_file)])
    assert first.exit_code == 0
    assert first.stdout.count(": fixed: ") == 2
    assert "https://arxiv.org/abs/2106.07854v3" in catalog_file.read_text(encoding="utf-8")
    fixed = catalog_file.read_bytes()
    second = runner.invoke(app, ["check", "--fix", "--catalog", str(catalog_file)])
    assert ": fixed: " not in second.stdout
    assert catalog_file.read_bytes() == fixed


def test_check_fix_refuses_the_shipped_catalog() -> None:
    result = runner.invoke(app, ["check", "--fix"])
    assert result.exit_code == 2 and "read-only" in result.output


def test_check_readme_fails_on_a_stale_readme(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# stale\n")
    result = runner.invoke(app, ["check", "--readme", str(readme)])
    assert result.exit_code == 1 and "[readme-outdated]" in result.stdout
    runner.invoke(app, ["export", "-o", str(readme)])
    assert runner.invoke(app, ["check", "--readme", str(readme)]).exit_code == 0


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
def link_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Links)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_check_links_reports_dead_and_moved_links_from_a_local_server(tmp_path: Path, link_server: str) -> None:
    catalog = tmp_path / "c.toml"
    runner.invoke(app, ["init", str(catalog)])
    for n, path in enumerate(["ok", "moved", "gone"]):
        assert runner.invoke(app, ["add", "--catalog", str(catalog), "--venue", "ICLR", "--year", "2023",
                                   "--title", f"Paper {path} {n} zq{n * 991}x",
                                   "--paper", f"{link_server}/{path}"]).exit_code == 0
    result = runner.invoke(app, ["check", "--links", "--catalog", str(catalog), "--timeout", "5"])
    assert result.exit_code == 1, result.output
    assert "3 links: 1 ok, 1 moved, 0 warning, 1 dead" in result.stdout
    assert f"{link_server}/gone" in result.stdout and f"now {link_server}/ok" in result.stdout
    data = runner.invoke(app, ["check", "--links", "--json", "--catalog", str(catalog)])
    statuses = {Path(link["url"]).name: link["status"] for link in json.loads(data.stdout)["links"]}
    assert statuses == {"ok": "ok", "moved": "moved", "gone": "dead"}


def test_stats_counts_years_venues_and_code() -> None:
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert data["total"] == 93 and data["with_code"] == 34
    assert data["per_year"] == [{"year": 2023, "papers": 24, "with_code": 8},
                                {"year": 2022, "papers": 69, "with_code": 26}]
    assert data["per_venue"][0]["papers"] == 19
    table = runner.invoke(app, ["stats"]).stdout
    assert "93 papers, 34 with code (37%)" in table and "█" in table


@pytest.mark.parametrize(("fmt", "marker", "count"), [
    ("bibtex", "@inproceedings{", 5), ("json", '"key":', 5), ("csv", "\r\n", 6), ("html", 'class="paper"', 5),
    ("markdown", "\n- ", 5 + 1),
])
def test_export_formats_take_the_list_filters(fmt: str, marker: str, count: int) -> None:
    result = runner.invoke(app, ["export", "--format", fmt, "--venue", "ICLR", "--year", "2023"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8").count(marker) == count


def test_export_html_writes_into_a_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "site" / "index.html"
    assert runner.invoke(app, ["export", "--format", "html", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_unknown_format_is_a_clear_error() -> None:
    result = runner.invoke(app, ["export", "--format", "docx"])
    assert result.exit_code == 2 and "unknown format 'docx'" in result.output
