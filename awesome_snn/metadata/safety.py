"""The checks a service's answer passes before it is parsed.

A real list links to pages that answer with a login wall, a CDN's error page or a proxy's
HTML; a hostile or broken server can send gigabytes or an XML entity bomb. Each of these is
a ``BadResponse`` for that paper, never a crash and never a partial record.
"""

from __future__ import annotations

import json
from typing import Any

from awesome_snn.errors import BadResponse

MAX_BODY = 4 * 1024 * 1024
"""Bytes a body may have: a 100-entry arXiv feed with abstracts is about 300 KB."""


def looks_like_html(body: bytes, content_type: str) -> bool:
    head = body[:512].lstrip().lower()
    return "text/html" in content_type.lower() or head.startswith((b"<!doctype html", b"<html"))


def parse_json(body: bytes, content_type: str, what: str) -> Any:
    if looks_like_html(body, content_type):
        raise BadResponse(f"{what}: the service answered with an HTML page, not JSON")
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise BadResponse(f"{what}: the answer is not JSON ({exc.__class__.__name__})") from None


def parse_xml(body: bytes, content_type: str, what: str) -> Any:
    """The XML's root element (``xml.etree``), parsed by defusedxml: a DTD with entities
    (the billion-laughs bomb, external entities) is refused rather than expanded."""
    if looks_like_html(body, content_type):
        raise BadResponse(f"{what}: the service answered with an HTML page, not XML")
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(body, forbid_dtd=True)
    except DefusedXmlException:
        raise BadResponse(f"{what}: the XML declares entities (an entity bomb?): refused") from None
    except Exception as exc:  # noqa: BLE001 - ParseError and expat's errors alike
        raise BadResponse(f"{what}: the answer is not XML ({exc.__class__.__name__})") from None
