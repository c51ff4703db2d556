"""check, check --links, stats and export formats through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import invoke, json_of, link_server  # noqa: F401 - a fixture


def test_check_of_the_shipped_catalog_reports_its_six_real_warnings() -> None:
    """As the README says: two code links off code hosts (one on paperswithcode.com, which
    shut down), an arXiv PDF, an http arXiv link, a spike-and-slab title."""
    result = invoke("check", "--json")
    assert result.exit_code == 0
    report = json_of(result, "check")
    assert report["errors"] == 0
    assert sorted((f["key"], f["rule"]) for f in report["findings"]) == [
        ("brain-inspired-multilayer-2022", "code-host"),
        ("brain-inspired-multilayer-2022", "dead-host"),
        ("event-video-reconstruction-2022", "code-host"),
        ("multi-sacle-dynamic-2022", "arxiv-pdf"),
        ("scalable-spike-slab-2022", "not-snn"),
        ("spiking-graph-convolutional-2022", "http-link"),
    ]


def test_check_exits_1_on_a_duplicate_and_names_key_and_line(catalog_file: Path) -> None:
    invoke("add", "--catalog", str(catalog_file), "--venue", "ICLR", "--year", "2023",
                        "--title", "Spikformer: When Spiking Neural Network Meets Transformer",
                        "--paper", "https://a.org/dup", "--force")
    result = invoke("check", "--catalog", str(catalog_file))
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "[duplicate-title]" in line)
    assert line.startswith(f"{catalog_file}:") and ": error: spikformer-2023" in line


def test_check_fix_applies_safe_fixes_once(catalog_file: Path) -> None:
    first = invoke("check", "--fix", "--catalog", str(catalog_file))
    assert first.exit_code == 0
    assert first.stdout.count(": fixed: ") == 2
    assert "https://arxiv.org/abs/2106.07854v3" in catalog_file.read_text(encoding="utf-8")
    fixed = catalog_file.read_bytes()
    second = invoke("check", "--fix", "--catalog", str(catalog_file))
    assert ": fixed: " not in second.stdout
    assert catalog_file.read_bytes() == fixed


def test_check_fix_refuses_the_shipped_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SNN_PAPERS_CATALOG")  # the shipped catalog itself
    result = invoke("check", "--fix")
    assert result.exit_code == 2 and "read-only" in result.output


def test_check_readme_fails_on_a_stale_readme(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# stale\n")
    result = invoke("check", "--readme", str(readme))
    assert result.exit_code == 1 and "[readme-outdated]" in result.stdout
    invoke("export", "-o", str(readme))
    assert invoke("check", "--readme", str(readme)).exit_code == 0


def test_check_links_reports_dead_and_moved_links_from_a_local_server(tmp_path: Path, link_server: str) -> None:  # noqa: F811
    catalog = tmp_path / "c.toml"
    invoke("init", str(catalog))
    for n, path in enumerate(["ok", "moved", "gone"]):
        assert invoke("add", "--catalog", str(catalog), "--venue", "ICLR", "--year", "2023",
                                   "--title", f"Paper {path} {n} zq{n * 991}x",
                                   "--paper", f"{link_server}/{path}").exit_code == 0
    result = invoke("check", "--links", "--catalog", str(catalog), "--timeout", "5")
    assert result.exit_code == 1, result.output
    assert "3 links: 1 ok, 1 moved, 0 warning, 1 dead" in result.stdout
    assert f"{link_server}/gone" in result.stdout and f"now {link_server}/ok" in result.stdout
    data = invoke("check", "--links", "--json", "--catalog", str(catalog))
    statuses = {Path(link["url"]).name: link["status"] for link in json_of(data, "check")["links"]}
    assert statuses == {"ok": "ok", "moved": "moved", "gone": "dead"}


def test_stats_counts_years_venues_and_code() -> None:
    data = json_of(invoke("stats", "--json"), "stats")
    assert data["total"] == 93 and data["with_code"] == 34
    assert data["per_year"] == [{"year": 2023, "papers": 24, "with_code": 8},
                                {"year": 2022, "papers": 69, "with_code": 26}]
    assert data["per_venue"][0]["papers"] == 19
    table = invoke("stats").stdout
    assert "93 papers, 34 with code (37%)" in table and "█" in table


@pytest.mark.parametrize(("fmt", "marker", "count"), [
    ("bibtex", "@inproceedings{", 5), ("json", '"key":', 5), ("csv", "\r\n", 6), ("html", 'class="paper"', 5),
    ("markdown", "\n- ", 5 + 1),
])
def test_export_formats_take_the_list_filters(fmt: str, marker: str, count: int) -> None:
    result = invoke("export", "--format", fmt, "--venue", "ICLR", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8").count(marker) == count


def test_export_html_writes_into_a_new_folder(tmp_path: Path) -> None:
    out = tmp_path / "site" / "index.html"
    assert invoke("export", "--format", "html", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_export_unknown_format_is_a_clear_error() -> None:
    result = invoke("export", "--format", "docx")
    assert result.exit_code == 2 and "unknown format 'docx'" in result.output


# Commands run without --catalog read the seed catalog (a copy): the papers these tests name.
pytestmark = pytest.mark.usefixtures("seed_catalog")
