"""The catalog as BibTeX, JSON and CSV for ``snn-papers export --format``.

Each renderer takes the catalog (for the venues' full names and kinds) and the papers to
write, already filtered and in the order wanted, and returns the whole text. Pure
functions: the same input always gives the same bytes.

BibTeX
    ``@inproceedings`` with ``booktitle`` for a conference, ``@article`` with ``journal``
    for a journal (the venue's full name), ``@misc`` without a venue field for a paper its
    list names no venue for, keyed by the paper's key (``[a-z0-9-]``, valid
    and unique in BibTeX). The title is in double braces so that no style changes its
    capitalisation. ``& % $ # _ { } ~ ^ \\`` are escaped; braces as ``\\textbraceleft{}``
    rather than ``\\{``, whose brace BibTeX still counts when it looks for a field's end.
    The ligatures LaTeX makes of ``--``, two quotes, ``?``` and ``<<`` are broken with
    ``{}``, so the title prints as written. Other characters stay UTF-8: biber, and
    BibTeX under LaTeX's default UTF-8 input, read them, while accent macros would lose
    emoji and non-Latin scripts. ``url`` is written as is (biblatex reads it verbatim),
    with only ``{`` and ``}`` percent-encoded so they cannot end the field. ``author`` is
    the names joined by `` and ``, each escaped as a title is; a name holding the word
    "and" or a comma (an organisation) is braced, so BibTeX keeps it one name as written.
    ``doi`` (verbatim, as ``url``) and, for an arXiv paper, ``eprint`` with
    ``archivePrefix = {arXiv}`` follow when the catalog knows them.

JSON
    An array with one object per paper, keys always present and in this order::

        {"key": str, "title": str, "venue": str (abbreviation; "" for none), "venue_name": str,
         "venue_kind": "conference" | "journal" | "" (no venue), "year": int,
         "links": [{"label": str, "url": str}, ...] (catalog order),
         "paper": str | null (the paper link, else the first link), "code": str | null,
         "authors": [str, ...] (empty when not known), "arxiv": str | null,
         "doi": str | null, "openreview": str | null, "dblp": str | null}

    UTF-8 (``ensure_ascii=False``), indented by 2, with a trailing newline. Keys of a
    paper's table that snn-papers does not know are not exported.

CSV
    RFC 4180: a header ``key,title,venue,year,paper,code,other_links,authors,arxiv,doi,
    openreview,dblp``, one row per paper, CRLF line ends, fields quoted only when they hold
    a comma, quote or line break. ``paper`` and ``code`` are as in JSON; ``other_links`` is
    every other link as ``label=url; ...``; ``authors`` the names joined by ``; `` (empty
    when not known), each identifier empty when not known. UTF-8
    without a byte-order mark: every CSV reader and LibreOffice, Google Sheets and
    Numbers read it as is, and a BOM would end up in the first header name for plain
    readers (Excel users with non-ASCII titles import via Data > From Text/CSV). Text is
    written as it is: a title starting with ``=`` is not defused, since that would change
    the data for every other reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from awesome_snn.model import NO_VENUE, Catalog, Paper, Venue

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    # Not \{ and \}: BibTeX counts their braces too, so an unbalanced one in a title would
    # run the field on. These commands print the same braces and are always balanced.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
# Pairs LaTeX turns into one glyph: -- en dash, `` '' quotes, ?` !` inverted marks, and
# << >> ,, guillemets and low quotes under the common T1 font encoding.
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)"
                       r"|(?<=<)(?=<)|(?<=>)(?=>)|(?<=,)(?=,)")


def escape_latex(text: str) -> str:
    """``text`` as LaTeX that prints exactly ``text``."""
    escaped = "".join(_LATEX_SPECIALS.get(ch, ch) for ch in text)
    return _LIGATURE.sub("{}", escaped)


def _venue_of(catalog: Catalog, paper: Paper) -> Venue:
    return catalog.venue(paper.venue) or Venue(paper.venue, paper.venue)


def render_bibtex(catalog: Catalog, papers: Sequence[Paper]) -> str:
    """One BibTeX entry per paper, separated by blank lines."""
    entries = []
    for paper in papers:
        venue = _venue_of(catalog, paper)
        fields = [("title", "{" + escape_latex(paper.title) + "}")]
        if paper.venue == NO_VENUE:  # a paper its list names no venue for: @misc, no venue
            entry_type = "misc"
        else:
            entry_type, venue_field = (("article", "journal") if venue.kind == "journal"
                                       else ("inproceedings", "booktitle"))
            fields.append((venue_field, escape_latex(venue.name or venue.abbr)))
        fields.append(("year", str(paper.year)))
        if paper.authors:
            fields.insert(1, ("author", " and ".join(map(_bibtex_name, paper.authors))))
        if paper.paper_url:
            fields.append(("url", _verbatim(paper.paper_url)))
        if paper.doi:
            fields.append(("doi", _verbatim(paper.doi)))
        if paper.arxiv:
            fields += [("eprint", _verbatim(paper.arxiv)), ("archivePrefix", "arXiv")]
        width = max(len(name) for name, _value in fields)
        body = "".join(f"  {name:<{width}} = {{{value}}},\n" for name, value in fields)
        entries.append(f"@{entry_type}{{{paper.key},\n{body}}}\n")
    return "\n".join(entries)


def _bibtex_name(name: str) -> str:
    escaped = escape_latex(name)
    if "," in name or re.search(r"(?i)\band\b", name):
        return "{" + escaped + "}"
    return escaped


def _verbatim(text: str) -> str:
    """A verbatim field (url, doi, eprint): only braces encoded, so they cannot end it."""
    return text.replace("{", "%7B").replace("}", "%7D")


def paper_record(catalog: Catalog, paper: Paper) -> dict[str, Any]:
    """One paper as the JSON export's object (the schema in the module docstring)."""
    venue = _venue_of(catalog, paper)
    return {
        "key": paper.key,
        "title": paper.title,
        "venue": paper.venue,
        "venue_name": venue.name,
        "venue_kind": venue.kind if paper.venue != NO_VENUE else "",
        "year": paper.year,
        "links": [{"label": link.label, "url": link.url} for link in paper.links],
        "paper": paper.paper_url,
        "code": paper.code_url,
        "authors": list(paper.authors),
        "arxiv": paper.arxiv,
        "doi": paper.doi,
        "openreview": paper.openreview,
        "dblp": paper.dblp,
    }


def render_json(catalog: Catalog, papers: Sequence[Paper]) -> str:
    import json

    records = [paper_record(catalog, paper) for paper in papers]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


CSV_HEADER = ("key", "title", "venue", "year", "paper", "code", "other_links", "authors", "arxiv",
              "doi", "openreview", "dblp")


def render_csv(catalog: Catalog, papers: Sequence[Paper]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for paper in papers:
        main = paper.paper_url
        others = "; ".join(f"{link.label}={link.url}" for link in paper.links
                           if link.label != "code" and link.url != main)
        writer.writerow([paper.key, paper.title, paper.venue, paper.year, main or "",
                         paper.code_url or "", others, "; ".join(paper.authors),
                         paper.arxiv or "", paper.doi or "", paper.openreview or "",
                         paper.dblp or ""])
    return buffer.getvalue()


EXPORT_FORMATS: dict[str, Callable[[Catalog, Sequence[Paper]], str]] = {
    "bibtex": render_bibtex,
    "json": render_json,
    "csv": render_csv,
}
"""``export --format NAME`` -> its renderer (``markdown`` stays ``render_markdown``)."""
