"""How a list lays its README out: the catalog's ``[layout]`` table.

``import`` infers it from the README it reads, ``export`` follows it, and a maintainer may
edit it by hand (README.md, "The layout"). A catalog without ``[layout]`` has the default
layout, today's export. Every field is plain data; the escaping rules stay in
``markdown_render``.

```toml
[layout]
badge_space = false            # '# Title[![Awesome](...)](...)': no space before the badge
year_level = 1                 # years are '# 2025' (1) or '### 2025' (3); venues one deeper
venue_heading = "{abbr}-{year}"  # {abbr}, {name}, {heading} (= "ABBR (Name)"), {year}
toc = "html"                   # "markdown", "html" or "none"
toc_heading = ""               # a heading line above a Markdown contents ("## Contents")
toc_summary = "Table of Contents"  # the <summary> of an HTML contents
toc_comments = true            # an HTML contents' '<!-- 2025 -->' lines
toc_markers = "-*"             # a Markdown contents' year and venue markers
toc_indent = 2                 # a Markdown contents' venue indent
toc_sections = false           # the closing's own sections listed in a Markdown contents
toc_before = ""                # a Markdown contents' own lines above its years, and below
toc_after = ""                 # them (each kept while it links a heading)
toc_year_indent = 0            # the indent of a Markdown contents' years
contents_after = 4             # the contents stand after this many paragraphs of the
                               # introduction (-1: after all of it)
abbreviations = "center"       # a table of the venues' full names after the contents:
                               # "", "center", "left", "right" or "none" (no alignment)
abbreviations_title = "**Abbreviation - Full Name List**"
abbreviation_venues = ["CVPR", "ICCV"]
separator = true               # a '---' line before the first year
blank_items = true             # a blank line between items
years_heading = "## Papers"    # a heading line above the first year (the years under it)
venue_sections = false         # false: no venue headings, each item names its venue
items = "note"                 # "title": '- Title [[paper](url)]'; "note": '- Title
                               # (**ICLR 2026**). [[paper](url)]'; "venue": '- [[ICLR](url)]
                               # Title [[code](url)]' (the venue as written: venue_heading)
links = "plain"                # "escaped": \\[[paper](url)\\] and every Markdown character of a
                               # title escaped; "plain": [[paper](url)], a title escaped only
                               # where GitHub would read it as syntax
math = true                    # with links = "plain": balanced $...$ in a title stays math
[layout.headings]              # sections whose heading does not follow venue_heading
"2022 Neural Computation" = "NEURAL COMPUTATION"
[layout.groups]                # bold group lines above an item ("YEAR Title"; "YEAR " ends
"2026 Spiking X" = ["**AAAI, ICLR**"]  # the year)
[layout.toc_years]             # an HTML contents' years written in a form of their own
"2021" = "    <li>\n      <a href=\"#2021\">2021</a>\n      <ul>\n ..."
```
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from awesome_snn.problems import Problem

LAYOUT_RULE = "invalid-layout"
TOC_FORMS = ("markdown", "html", "none")
LINK_STYLES = ("escaped", "plain")
ITEM_FORMS = ("title", "note", "venue")
ALIGNMENTS = ("", "center", "left", "right", "none")
HEADING_FIELDS = ("{abbr}", "{name}", "{heading}", "{year}")
AWESOME_BADGE = "[![Awesome](https://awesome.re/badge.svg)](https://awesome.re)"


@dataclass(frozen=True)
class Layout:
    """The README's form (see the module docstring for each field)."""

    badge_space: bool = True
    """A space between the title and its badge: '# Title [![Awesome](...)](...)'."""
    year_level: int = 1
    venue_heading: str = "{heading}"
    headings: tuple[tuple[str, str], ...] = ()
    """(``"YEAR ABBR"``, heading text) of the sections whose heading is the list's own."""
    toc: str = "markdown"
    toc_heading: str = ""
    toc_summary: str = ""
    toc_comments: bool = False
    toc_markers: str = "--"
    toc_indent: int = 2
    toc_sections: bool = False
    """The list's own sections after the years (closing headings at the years' level) are
    in the contents too."""
    toc_before: str = ""
    """A Markdown contents' lines above its years, as the list wrote them (its own sections:
    ``- [Survey Papers](#Survey_Papers)``); each kept while it links a heading."""
    toc_after: str = ""
    """A Markdown contents' lines below its years, as the list wrote them; they stand for the
    closing's sections ``toc_sections`` would list."""
    toc_year_indent: int = 0
    """The indent of a Markdown contents' years (under a ``- [Papers](#papers)`` line)."""
    toc_years: tuple[tuple[str, str], ...] = ()
    """(``"YEAR"``, lines) of an HTML contents' years the list wrote in a form of its own
    (``<li>`` and ``<a>`` on two lines, a comment indented otherwise): written back as they
    are while they link exactly the headings the contents would (``markdown_render``)."""
    contents_after: int = -1
    abbreviations: str = ""
    abbreviations_title: str = ""
    abbreviation_venues: tuple[str, ...] = ()
    separator: bool = False
    blank_items: bool = False
    years_heading: str = ""
    venue_sections: bool = True
    items: str = "title"
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """(``"YEAR Title"``, bold group lines standing above that item; ``"YEAR "``: after the
    year's last item)."""
    links: str = "escaped"
    math: bool = False

    def heading_of(self, year: int, abbr: str, name: str, registry_heading: str) -> str:
        """The text of the heading of the section of venue ``abbr`` in ``year``."""
        own = dict(self.headings).get(f"{year} {abbr}")
        if own is not None:
            return own
        return (self.venue_heading.replace("{heading}", registry_heading)
                .replace("{abbr}", abbr).replace("{name}", name or abbr)
                .replace("{year}", str(year)))

    def as_dict(self) -> dict[str, Any]:
        """The layout as plain values by field name (the cache stores it so, and reads back
        only a layout with the same fields)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def field_names(cls) -> set[str]:
        return {f.name for f in fields(cls)}


DEFAULT = Layout()

AWESOME = Layout(year_level=2, venue_heading="{abbr}", toc="markdown",
                 toc_heading="## Contents", toc_markers="--", toc_indent=2, toc_sections=True,
                 links="escaped")
"""``export --style awesome``: what awesome-lint accepts (one H1 with the badge, a
``## Contents`` section, ``-`` markers, years as ``##`` and venues as ``###``)."""

MARKDOWNLINT_CONFIG: dict[str, Any] = {"config": {
    "MD013": False,  # line length: an item is one line, however long its title
    "MD025": False,  # one H1: the default layout's years are H1 headings
    "MD024": {"siblings_only": True},  # each year has its own 'CVPR' heading
    # GitHub finds a heading whatever the case of a link's anchor ('#Our_Team'), as lists write them
    "MD051": {"ignore_case": True},
    # a list's HTML contents (<details> of <ol>/<ul>/<li>/<a>) and line breaks
    "MD033": {"allowed_elements": ["details", "summary", "ol", "ul", "li", "a", "br"]},
}}
"""The markdownlint-cli2 settings every layout passes (``init --repo`` writes them as
``.markdownlint-cli2.jsonc``; the tests lint with them). What a list itself chose beyond
them (a bold title line: MD036; ``*`` venue markers in its contents: MD004) stays its own."""

STYLES = {"list": None, "default": DEFAULT, "awesome": AWESOME}
"""``export --style``: ``list`` follows the catalog's ``[layout]``; the others replace it."""


def layout_from(raw: Any, path: str, problems: list[Problem]) -> Layout:
    """``[layout]`` as a ``Layout``; a wrong value is a problem (rule ``invalid-layout``)
    and keeps its default."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, 0, 0, LAYOUT_RULE, "[layout] must be a table"))
        return DEFAULT
    values: dict[str, Any] = {}

    def bad(name: str, what: str) -> None:
        problems.append(Problem(path, 0, 0, LAYOUT_RULE, f"[layout] {name} must be {what}"))

    for field in fields(Layout):
        name = field.name
        if name not in raw:
            continue
        value = raw[name]
        default = getattr(DEFAULT, name)
        if name == "toc_years":
            if not isinstance(value, dict) or not all(
                    isinstance(k, str) and k.isdigit() and len(k) == 4 and isinstance(v, str)
                    and "\r" not in v for k, v in value.items()):
                bad(name, "a table of \"YEAR\" = \"the year's lines of an HTML contents\"")
                continue
            values[name] = tuple(sorted(value.items()))
        elif name == "headings":
            if not isinstance(value, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) and _one_line(v) for k, v in value.items()):
                bad(name, "a table of \"YEAR ABBR\" = \"heading text\" (one line each)")
                continue
            values[name] = tuple(sorted(value.items()))
        elif name == "groups":
            if not isinstance(value, dict) or not all(
                    isinstance(k, str) and isinstance(v, list) and v and all(
                        isinstance(line, str) and _one_line(line) and is_group_line(line)
                        for line in v) for k, v in value.items()):
                bad(name, "a table of \"YEAR Title\" = [\"**bold group line**\", ...]")
                continue
            values[name] = tuple(sorted((k, tuple(v)) for k, v in value.items()))
        elif name == "abbreviation_venues":
            if not isinstance(value, list) or not all(isinstance(v, str) and _one_line(v) for v in value):
                bad(name, "an array of venue abbreviations")
                continue
            values[name] = tuple(value)
        elif name in ("toc_before", "toc_after"):
            if not isinstance(value, str) or "\r" in value:
                bad(name, "the lines of a Markdown contents, as a string")
                continue
            values[name] = value
        elif isinstance(default, bool):
            if not isinstance(value, bool):
                bad(name, "true or false")
                continue
            values[name] = value
        elif isinstance(default, int):
            low, high = {"year_level": (1, 5), "toc_indent": (1, 8),
                         "toc_year_indent": (0, 12)}.get(name, (-1, 10_000))
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                bad(name, f"a whole number from {low} to {high}")
                continue
            values[name] = value
        else:
            choices = {"toc": TOC_FORMS, "links": LINK_STYLES, "abbreviations": ALIGNMENTS,
                       "items": ITEM_FORMS}.get(name)
            if not isinstance(value, str) or not _one_line(value):
                bad(name, "a one-line string")
                continue
            if choices is not None and value not in choices:
                bad(name, "one of " + ", ".join(repr(c) for c in choices))
                continue
            if name == "toc_markers" and (len(value) != 2 or not set(value) <= set("-*+")):
                bad(name, "two list markers, the years' and the venues' ('--', '-*')")
                continue
            if name in ("toc_heading", "years_heading") and value and not (
                    value.startswith("#") and " " in value):
                bad(name, "a heading line ('## Contents') or empty")
                continue
            if name == "venue_heading" and not any(f in value for f in HEADING_FIELDS[:3]):
                bad(name, "a heading holding {abbr}, {name} or {heading}")
                continue
            values[name] = value
    unknown = sorted(set(raw) - {f.name for f in fields(Layout)})
    if unknown:
        problems.append(Problem(path, 0, 0, LAYOUT_RULE,
                                f"[layout] has no field {unknown[0]!r}; see README.md, 'The layout'"))
    return replace(DEFAULT, **values)


def is_group_line(line: str) -> bool:
    """``**AAAI, ICLR**``: a bold line that groups the items below it, no paper."""
    return len(line) > 4 and line[:2] in ("**", "__") and line[-2:] == line[:2] and (
        line[2:-2].strip(" *_") != "")


def _one_line(text: str) -> bool:
    return "\n" not in text and "\r" not in text and not any(ord(c) < 32 for c in text if c != "\t")


def layout_toml(layout: Layout, value: Any) -> str:
    """The ``[layout]`` table of a catalog file ('' for the default layout); ``value``
    writes one TOML value."""
    if layout == DEFAULT:
        return ""
    lines = ["[layout]"]
    headings = ""
    for field in fields(Layout):
        item = getattr(layout, field.name)
        if field.name == "headings":
            if item:
                headings += "\n[layout.headings]\n" + "".join(
                    f"{value(k)} = {value(v)}\n" for k, v in item)
            continue
        if field.name in ("toc_before", "toc_after") and item:
            lines.append(f"{field.name} = {_lines_value(item, value)}")
            continue
        if field.name == "toc_years":
            if item:
                headings += "\n[layout.toc_years]\n" + "".join(
                    f"{value(k)} = {_lines_value(v, value)}\n" for k, v in item)
            continue
        if field.name == "groups":
            if item:
                headings += "\n[layout.groups]\n" + "".join(
                    f"{value(k)} = [" + ", ".join(value(line) for line in v) + "]\n"
                    for k, v in item)
            continue
        if item == getattr(DEFAULT, field.name):
            continue
        if isinstance(item, tuple):
            lines.append(f"{field.name} = [" + ", ".join(value(v) for v in item) + "]")
        else:
            lines.append(f"{field.name} = {value(item)}")
    return "\n".join(lines) + "\n" + headings


def _lines_value(text: str, value: Any) -> str:
    """Lines as a TOML multi-line literal string, one line of the file each (readable and
    editable by hand), where the text allows it; else as ``value`` writes it."""
    quotes = "'" * 3
    if quotes in text or text.endswith("'") or any(
            (ord(c) < 32 and c not in "\t\n") or ord(c) == 127 for c in text):
        return value(text)
    return quotes + "\n" + text + quotes
