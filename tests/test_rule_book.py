"""Every rule a finding can carry is explained by ``check --explain``."""

from __future__ import annotations

import re

from conftest import REPO

from awesome_snn.rule_book import BY_ID, RULES, explain

PACKAGE = REPO / "awesome_snn"


def rule_ids_in_code() -> set[str]:
    """Rule ids as the code writes them: Finding(severity, "rule", ...) and the reader's
    Problem(path, line, column, "rule", ...)."""
    found: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(re.findall(r'Finding\([^,]+,\s*"([a-z-]+)"', text))
        found |= set(re.findall(r'Problem\([^,]+,[^,]+,[^,]+,\s*"([a-z-]+)"', text))
        found |= set(re.findall(r'\(\s*"([a-z]+(?:-[a-z]+)+)",\s*f?"', text)) & {
            "missing-title", "invalid-title", "missing-year", "invalid-year", "missing-venue",
            "unknown-venue", "invalid-link", "invalid-key"}
        found |= set(re.findall(r'return "([a-z]+-[a-z]+)", ', text))
    return found


def test_every_rule_in_the_code_is_explained() -> None:
    missing = rule_ids_in_code() - set(BY_ID)
    assert not missing


def test_each_rule_says_what_it_looks_for_and_how_to_fix_it() -> None:
    assert len(BY_ID) == len(RULES)
    for rule in RULES:
        assert rule.severity in ("error", "warning", "info")
        assert rule.looks_for.endswith(".") and rule.fix
    assert explain("near-duplicate-title").fix.endswith('not_duplicates = [["key-a", "key-b"]].')
    assert explain("no-such-rule") is None
