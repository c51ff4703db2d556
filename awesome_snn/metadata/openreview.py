"""OpenReview: API v2's notes (``GET /notes?id=FORUM``), as JSON.

A submission is a note whose ``id`` is its forum's id. In API v2 every content field is an
object ``{"value": ...}``; API v1 (conferences before 2023) gave the value itself, which is
read too. ``venue`` is OpenReview's own words for the decision ("ICLR 2024 poster",
"NeurIPS 2023 spotlight", "Submitted to ICLR 2024" for a paper not accepted); ``pdate`` is
the publication date in epoch milliseconds, ``cdate`` the creation date.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlencode

from awesome_snn.errors import BadResponse, NotFound
from awesome_snn.metadata.record import Record, clean
from awesome_snn.metadata.safety import parse_json

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def notes_url(base: str, forum: str) -> str:
    return f"{base}/notes?" + urlencode({"id": forum})


def forum_url(forum: str) -> str:
    return "https://openreview.net/forum?" + urlencode({"id": forum})


def parse_notes(body: bytes, content_type: str, forum: str) -> Record:
    data = parse_json(body, content_type, f"OpenReview {forum}")
    notes = data.get("notes") if isinstance(data, dict) else None
    if not isinstance(notes, list):
        raise BadResponse(f"OpenReview {forum}: the answer has no list of notes")
    note = next((n for n in notes if isinstance(n, dict) and n.get("id") == forum), None)
    if note is None:
        raise NotFound(f"OpenReview has no submission {forum}")
    content = note.get("content")
    if not isinstance(content, dict):
        raise BadResponse(f"OpenReview {forum}: the note has no content")
    title = _value(content, "title")
    if not isinstance(title, str) or not clean(title):
        raise BadResponse(f"OpenReview {forum}: the note has no title")
    authors = _value(content, "authors")
    names = tuple(clean(a) for a in authors if isinstance(a, str) and clean(a)) \
        if isinstance(authors, list) else ()
    if names == ("Anonymous",):  # a blind submission: the names are not public yet
        names = ()
    venue = _value(content, "venue")
    venue = clean(venue) if isinstance(venue, str) and clean(venue) else None
    return Record("openreview", clean(title), names, _year(venue, note), venue,
                  forum_url(forum), openreview=forum)


def _value(content: dict[str, Any], name: str) -> Any:
    field = content.get(name)
    return field.get("value") if isinstance(field, dict) else field


def _year(venue: str | None, note: dict[str, Any]) -> int | None:
    """The year the venue names, else the year it was published (or created)."""
    match = _YEAR.search(venue or "")
    if match:
        return int(match.group())
    for name in ("pdate", "odate", "cdate"):
        stamp = note.get(name)
        if isinstance(stamp, int) and not isinstance(stamp, bool) and stamp > 0:
            return time.gmtime(stamp / 1000).tm_year
    return None
