"""How a list tunes ``check``: the catalog's ``[check]`` table and each paper's ``ignore``.

```toml
[check]
rules = { "no-link" = "warning", "near-duplicate-title" = "off" }   # error, warning, info, off
not_duplicates = [["dynamic-reactive-spiking-2024", "dynamic-spiking-graph-2024"]]

[[papers]]
key = "a-2023"
ignore = ["title-period"]        # rules this paper is exempt from
```

A verdict kept in the catalog survives every later run of ``check`` and every reviewer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from awesome_snn.problems import Problem

CHECK_RULE = "invalid-check"
"""The rule of every problem in ``[check]``: the table only tunes ``check``."""

if TYPE_CHECKING:
    from awesome_snn.findings import Finding
    from awesome_snn.model import Paper

SEVERITIES = ("error", "warning", "info", "off")
PAIR_RULES = frozenset({"near-duplicate-title", "duplicate-title", "duplicate-url"})
"""Rules about two papers: a ``not_duplicates`` mark silences them for that pair."""


@dataclass(frozen=True)
class CheckSettings:
    severities: tuple[tuple[str, str], ...] = ()
    """(rule, severity) the list chose instead of a rule's default."""
    not_duplicates: tuple[tuple[str, str], ...] = ()
    """Pairs of keys a maintainer judged to be different papers (sorted within a pair)."""

    def severity(self, rule: str, default: str) -> str:
        return dict(self.severities).get(rule, default)

    def distinct(self, key: str, other: str) -> bool:
        return tuple(sorted((key, other))) in set(self.not_duplicates)

    def apply(self, findings: Iterable[Finding], papers: Iterable[Paper]) -> list[Finding]:
        """``findings`` as this list wants them: severities changed, rules turned off, papers'
        ``ignore`` lists and ``not_duplicates`` pairs honoured."""
        ignored = {paper.key: set(_ignore_list(paper)) for paper in papers if paper.extra}
        result = []
        for finding in findings:
            if finding.rule in ignored.get(finding.key, ()):
                continue
            if finding.rule in PAIR_RULES and finding.other and self.distinct(finding.key, finding.other):
                continue
            severity = self.severity(finding.rule, finding.severity)
            if severity == "off":
                continue
            result.append(finding if severity == finding.severity else replace(finding, severity=severity))
        return result


def _ignore_list(paper: Paper) -> list[str]:
    value = dict(paper.extra).get("ignore", [])
    return [rule for rule in value if isinstance(rule, str)] if isinstance(value, list) else []


def settings_from(raw: Any, path: str, problems: list[Problem]) -> CheckSettings:
    """The ``[check]`` table of a catalog; what is malformed becomes a problem and is left out."""
    if raw is None:
        return CheckSettings()
    if not isinstance(raw, Mapping):
        problems.append(Problem(path, 0, 0, CHECK_RULE, "[check] must be a table"))
        return CheckSettings()
    severities = []
    rules = raw.get("rules", {})
    if not isinstance(rules, Mapping):
        problems.append(Problem(path, 0, 0, CHECK_RULE,
                                '[check] rules must be a table of rule = "error|warning|info|off"'))
        rules = {}
    for rule, severity in rules.items():
        if severity not in SEVERITIES:
            problems.append(Problem(path, 0, 0, CHECK_RULE,
                                    f"[check] rules: {rule} = {severity!r}: use one of"
                                    f" {', '.join(SEVERITIES)}"))
            continue
        severities.append((rule, severity))
    pairs = []
    marks = raw.get("not_duplicates", [])
    if not isinstance(marks, list):
        marks = [marks]
    for mark in marks:
        if not (isinstance(mark, list) and len(mark) == 2 and all(isinstance(k, str) for k in mark)):
            problems.append(Problem(path, 0, 0, CHECK_RULE,
                                    f"[check] not_duplicates: {mark!r} must be a pair of keys,"
                                    ' e.g. ["key-a-2023", "key-b-2023"]'))
            continue
        pairs.append(tuple(sorted(mark)))
    return CheckSettings(tuple(severities), tuple(pairs))
