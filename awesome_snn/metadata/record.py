"""The record every source is parsed into, whatever its format."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any, Literal

Source = Literal["arxiv", "openreview", "crossref", "dblp"]
SOURCES: tuple[Source, ...] = ("arxiv", "openreview", "crossref", "dblp")


@dataclass(frozen=True)
class Record:
    """What one source says of one paper. ``venue`` is the source's own words ("ICLR 2024
    poster", a Crossref container title), mapped to the registry later (``venue_map``);
    ``url`` is the paper's canonical page at the source. Identifiers are those the source
    states; absent ones are None."""

    source: Source
    title: str
    authors: tuple[str, ...]
    year: int | None
    venue: str | None
    url: str
    arxiv: str | None = None
    doi: str | None = None
    openreview: str | None = None
    dblp: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["authors"] = list(self.authors)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        """The record ``to_json`` wrote; ``ValueError`` for anything else (a cache file
        from another version is then read as absent)."""
        names = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or set(data) != names:
            raise ValueError("not a record")
        authors = data["authors"]
        if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
            raise ValueError("authors")
        return cls(**{**data, "authors": tuple(authors)})


def clean(text: str) -> str:
    """One line, single spaces: services wrap titles and names over lines."""
    return " ".join(text.split())
