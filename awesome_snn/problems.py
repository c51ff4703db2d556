"""Problems found in a file, as values: where (file, line, column), which rule, what to do.

The catalog reader reports every record it cannot accept as a ``Problem``; ``check`` turns
them into findings by their ``rule``, never by reading the message again.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    """1-based line of the record (its ``[[papers]]`` header), 0 when unknown."""
    column: int
    """1-based column, 0 when the problem is about a whole record."""
    rule: str
    """A stable id such as ``unknown-venue`` or ``invalid-year``."""
    message: str
    """One line: what is wrong and how to fix it."""
    key: str = ""
    """The paper's key, or the venue's abbreviation, when the record has one."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.line and self.column:
            where += f":{self.column}"
        subject = f" {self.key}:" if self.key else ""
        return f"{where}:{subject} {self.message}"
