"""A finding of ``check``: which rule, how severe, which paper, what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Finding:
    severity: Severity
    rule: str
    """Short id such as ``duplicate-title``; stable, so CI scripts may filter on it."""
    key: str
    """The paper's key ("" for a finding about the catalog or a venue)."""
    line: int
    """Catalog line of the paper's ``[[papers]]`` header (0 when unknown)."""
    message: str
    """One line that says what is wrong and how to fix it."""
    other: str = ""
    """For a rule about two papers (duplicates): the other paper's key."""
