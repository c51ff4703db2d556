"""The project's own errors.

The core raises only these; the CLI turns each into one line on stderr and the error's
``exit_code`` in a single place (``cli.main``). Anything else is a real bug and keeps its
traceback.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from awesome_snn.problems import Problem


class SnnPapersError(Exception):
    """Base of every error the core raises on purpose. Exit code 2 = bad input/usage."""

    exit_code = 2


class CatalogError(SnnPapersError):
    """The catalog file is missing, unreadable, not TOML, or holds invalid records."""


class CatalogSyntaxError(CatalogError):
    """The catalog is not valid TOML; the message starts with ``path:line:col:``."""


class CatalogInvalid(CatalogError):
    """The catalog is TOML but its records are wrong; ``problems`` lists every one."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


class ReadOnlyCatalog(SnnPapersError):
    """A write was asked of the catalog shipped inside the installed package."""


class WriteFailed(SnnPapersError):
    """The catalog or an output file could not be written; nothing was changed."""


class LockTimeout(SnnPapersError):
    """Another process held the catalog's lock for longer than the timeout."""


class InvalidInput(SnnPapersError):
    """A value given on the command line (or in a prompt) fails validation."""


class UnknownVenue(InvalidInput):
    """A venue that is neither in the catalog's registry nor a known alias."""


class UnknownPaper(SnnPapersError):
    """A paper key that is not in the catalog."""


class ImportFailed(SnnPapersError):
    """A Markdown list could not be read at all (not text, no year sections...)."""


class DuplicatePaper(SnnPapersError):
    """``add``/``edit`` refused a paper that duplicates an existing one (``--force`` adds it)."""

    exit_code = 1

    def __init__(self, message: str, existing: object) -> None:
        super().__init__(message)
        self.existing = existing


class NoMatch(SnnPapersError):
    """A search or listing found nothing (exit 1, like grep). ``skipped``: the records the
    reader could not accept, shown as warnings first (they may be why nothing matched)."""

    exit_code = 1

    def __init__(self, message: str, skipped: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.skipped = tuple(skipped)


# --- fetching a paper's metadata (awesome_snn/metadata): most are per paper: ``enrich``
# reports them beside the paper and goes on, and never changes the catalog for that paper.

class MetadataError(SnnPapersError):
    """Base of the metadata errors: the message names the service and the identifier."""


class ServiceUnreachable(MetadataError):
    """No answer: DNS, refused connection, a timeout, or 429/5xx after every retry."""


class BadResponse(MetadataError):
    """An answer that cannot be trusted: HTML where XML or JSON was asked, a body over the
    size cap, an XML entity bomb, JSON or XML that does not parse or lacks the record."""


class NotFound(MetadataError):
    """The service answered, and has no such paper (a 404, an empty feed, no search hit)."""


class NotCached(MetadataError):
    """``--offline`` and this question was never answered before."""


class TitleMismatch(MetadataError):
    """The source's record is for another paper: its title does not match the catalog's
    (real lists link to the wrong paper). Nothing is written for the paper."""
