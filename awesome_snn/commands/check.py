"""``check``: lint the catalog for a list's CI; ``--fix`` applies the safe fixes first,
``--readme`` compares a README with what export writes, ``--links`` asks every URL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from awesome_snn.commands.common import Progress
from awesome_snn.errors import InvalidInput
from awesome_snn.problems import Problem

if TYPE_CHECKING:
    from awesome_snn.catalog import CatalogLocation
    from awesome_snn.linkcheck import LinkResult
    from awesome_snn.lint import Change, Finding
    from awesome_snn.rule_book import Rule

LinkProgress = Callable[[int, int, "LinkResult | None"], None]
"""Told (done, total, the result just in) as links finish; first (0, total, None)."""


@dataclass(frozen=True)
class CheckResult:
    catalog: Path
    findings: tuple[Finding, ...]
    changes: tuple[Change, ...] = ()
    """What --fix changed (empty without --fix)."""
    links: tuple[LinkResult, ...] | None = None
    """Every link's result with --links, else None."""
    problems: tuple[Problem, ...] = ()
    """Always empty: check reports invalid records as findings, it does not skip them."""

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    @property
    def dead_links(self) -> int:
        return sum(1 for result in self.links or () if result.status == "dead")

    @property
    def exit_code(self) -> int:
        return 1 if self.errors or self.dead_links else 0


def check(fix: bool = False, readme: Path | None = None, links: bool = False,
          concurrency: int = 8, timeout: float = 10.0, retries: int = 2,
          exclude: str | None = None, catalog: Path | None = None,
          link_progress: LinkProgress | None = None,
          progress: Progress | None = None) -> CheckResult:
    from awesome_snn import catalog as catalogs
    from awesome_snn import lint
    from awesome_snn.commands.common import reading

    _check_link_options(concurrency, timeout, retries)
    location = catalogs.locate(catalog)
    changes: list[Change] = []
    if fix:
        with catalogs.writing(location) as writer:
            papers, changes = lint.fixes(writer.view.catalog(), writer.view.data)
            if papers:
                writer.update(papers)
    view = catalogs.open_catalog(location, progress=reading(progress, location.path))
    if progress is not None:
        progress(f"checking {len(view):,} papers")
    whole = view.catalog()
    findings = list(lint.lint(whole, view.data, view.all_problems, view.check_settings))
    if readme is not None:
        finding = _readme_finding(view, readme, location)
        if finding is not None:
            findings.append(finding)
    results = None
    if links:
        results = _check_links(whole, concurrency, timeout, retries, exclude, link_progress)
    return CheckResult(location.path, tuple(findings), tuple(changes), results)


def _check_link_options(concurrency: int, timeout: float, retries: int) -> None:
    import math

    if not (math.isfinite(timeout) and 0 < timeout <= 3600):
        raise InvalidInput(f"--timeout {timeout}: give the seconds to wait for each link,"
                           " more than 0 and at most 3600")
    if not 1 <= concurrency <= 64:
        raise InvalidInput(f"--concurrency {concurrency}: give 1 to 64 requests at once")
    if not 0 <= retries <= 10:
        raise InvalidInput(f"--retries {retries}: give 0 to 10 retries")


def _readme_finding(view, readme: Path, location: CatalogLocation) -> Finding | None:  # noqa: ANN001
    from awesome_snn.commands.exporting import readme_diff, render, rewrite_command
    from awesome_snn.lint import Finding

    if not readme_diff(readme, "".join(render(view, "markdown"))):
        return None
    return Finding("error", "readme-outdated", "", 0,
                   f"{readme} is not what `snn-papers export` writes: run"
                   f" `{rewrite_command(readme, location)}`")


def _check_links(whole, concurrency: int, timeout: float, retries: int,  # noqa: ANN001
                 exclude: str | None, progress: LinkProgress | None) -> tuple[LinkResult, ...]:
    from awesome_snn import linkcheck

    targets = linkcheck.targets(whole, exclude)
    total = len(targets)
    done = 0

    def on_result(result: LinkResult) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total, result)

    if progress is not None:
        progress(0, total, None)
    return tuple(linkcheck.check_links(targets, concurrency=concurrency, timeout=timeout,
                                       retries=retries, on_result=on_result))


@dataclass(frozen=True)
class ExplainResult:
    """``check --explain RULE``: what the rule looks for and how to fix what it finds."""

    rule: Rule


def explain(rule: str) -> ExplainResult:
    """The rule book's entry for ``rule``; ``InvalidInput`` names the closest rules."""
    from awesome_snn.rule_book import BY_ID

    found = BY_ID.get(rule.strip())
    if found is not None:
        return ExplainResult(found)
    from rapidfuzz import process

    close = [name for name, _score, _index in process.extract(rule, list(BY_ID), limit=3,
                                                              score_cutoff=80)]
    hint = f"did you mean {', '.join(close)}?" if close else "every finding ends with its rule in brackets"
    raise InvalidInput(f"--explain {rule!r}: no such rule; {hint}")
