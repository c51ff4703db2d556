"""The catalog's TOML: reading it into records and problems, and writing tables.

Reading parses a large file in slices cut at its ``[[papers]]`` headers (each slice is a
valid TOML document on its own), so a 100,000-paper catalog never holds every raw table at
once, and progress can be shown. Whenever the slices do not provably add up to the whole
document (a header inside a multi-line string, a table defined twice, an inline array of
papers), the whole text is parsed in one piece instead, so the result and every error
message are exactly tomllib's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from awesome_snn.check_settings import CheckSettings, settings_from
from awesome_snn.errors import CatalogSyntaxError, InvalidInput
from awesome_snn.keys import KEY_PATTERN
from awesome_snn.layout import DEFAULT as DEFAULT_LAYOUT
from awesome_snn.layout import layout_from, layout_toml
from awesome_snn.model import (
    IDENTIFIER_VALIDATORS,
    METADATA_KEYS,
    NO_VENUE,
    Link,
    ListTexts,
    Paper,
    Venue,
    validate_authors,
    validate_kind,
    validate_label,
    validate_title,
    validate_url,
    validate_venue_name,
    validate_year,
)
from awesome_snn.problems import Problem

NEWLINE = b"\n"
PAPER_KEYS = ("key", "title", "venue", "year", "links", *METADATA_KEYS)
SLICE_PAPERS = 4000
"""Papers per parsed slice: small enough to bound memory, large enough to cost nothing."""

HEADER_COMMENT = """\
# snn-papers catalog: the source of truth of the list. The README is made from it with
#   snn-papers export --catalog {catalog} -o README.md
# One [[papers]] table per paper, in the list's order (key, title, venue, year, then its
# [papers.links] as label = "url"). [[venues]] is the venue registry; [list] holds the
# list's own texts. Edit by hand or with `snn-papers add/edit/remove`; see README.md,
# "The catalog", for the schema. `snn-papers check --catalog {catalog}` validates it.
"""

_PAPERS_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*papers[ \t]*\]\][ \t]*(?:#[^\n]*)?\r?$", re.M)
_VENUES_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*venues[ \t]*\]\][ \t]*(?:#[^\n]*)?\r?$", re.M)
_CHECK_HEADER = re.compile(rb"^[ \t]*(?:\[[ \t]*check[ \t]*\][ \t]*(?:#[^\n]*)?\r?$|check[ \t]*=)", re.M)


@dataclass
class Parsed:
    """What a catalog file holds: its valid papers, as columns, and its problems."""

    texts: ListTexts
    venues: list[Venue]
    problems: list[Problem]
    columns: dict[str, list[Any]] = field(default_factory=dict)
    """The valid papers as ``_columns.COLUMNS`` (``starts``: the byte offset of each
    paper's ``[[papers]]`` header line, -1 when the file has no such header for it)."""
    appendable: bool = True
    """Whether new ``[[papers]]`` tables may be appended to the file as it is written (its
    papers are an array of tables, not an inline array)."""
    keys: set[str] = field(default_factory=set)
    """The document's top-level keys (``list``, ``venues``, ``papers``...)."""
    check: CheckSettings = field(default_factory=CheckSettings)
    """The ``[check]`` table: how the list tunes ``snn-papers check``."""

    @property
    def papers(self) -> tuple[Paper, ...]:
        from awesome_snn.catalog._columns import paper_at

        return tuple(paper_at(self.columns, index) for index in range(len(self.columns["keys"])))

    @property
    def count(self) -> int:
        return len(self.columns["keys"])


def header_offsets(data: bytes) -> list[int]:
    """Byte offsets of the lines that look like ``[[papers]]`` headers."""
    return [match.start() for match in _PAPERS_HEADER.finditer(data)]


def _line_starts_counter(data: bytes) -> Callable[[int], int]:
    """A function giving the 1-based line of a byte offset, for increasing offsets."""
    state = {"offset": 0, "line": 1}

    def line_of(offset: int) -> int:
        state["line"] += data.count(b"\n", state["offset"], offset)
        state["offset"] = offset
        return state["line"]
    return line_of


def syntax_error(exc: Exception, data: bytes, path: str, line_offset: int = 0) -> CatalogSyntaxError:
    message = str(exc)
    match = re.search(r"\(at line (\d+), column (\d+)\)", message)
    what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
    if match:
        where = f"{int(match.group(1)) + line_offset}:{match.group(2)}"
    else:
        where = f"{data.count(NEWLINE) + 1 + line_offset}:1"
    return CatalogSyntaxError(f"{path}:{where}: {what} (the catalog is not valid TOML)")


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogSyntaxError(f"{path}:{line}: the catalog is not UTF-8 text (byte"
                                 f" {data[exc.start]:#04x}); save it as UTF-8") from None


def _slices(data: bytes, offsets: list[int]) -> Iterator[tuple[int, int]]:
    """(start, end) byte ranges: the head before the first paper, then runs of papers."""
    if not offsets:
        yield 0, len(data)
        return
    yield 0, offsets[0]
    for first in range(0, len(offsets), SLICE_PAPERS):
        start = offsets[first]
        end = offsets[first + SLICE_PAPERS] if first + SLICE_PAPERS < len(offsets) else len(data)
        yield start, end


def parse(data: bytes, path: str, progress: Callable[[int, int], None] | None = None,
          base_offset: int = 0, base_line: int = 1,
          known_venues: frozenset[str] = frozenset()) -> Parsed:
    """Read a catalog's bytes. ``base_offset``/``base_line`` place ``data`` inside a larger
    file (a tail appended to a cached catalog); ``known_venues`` are registered before it."""
    try:
        return _parse(data, path, progress, base_offset, base_line, known_venues)
    except RecursionError:
        raise CatalogSyntaxError(f"{path}: values are nested too deeply (arrays or tables"
                                 " inside each other hundreds of levels down); this is not a"
                                 " catalog snn-papers can read") from None


def _parse(data: bytes, path: str, progress: Callable[[int, int], None] | None,
           base_offset: int, base_line: int, known_venues: frozenset[str],
           make_builder: Callable[[str, frozenset[str]], _Builder] | None = None) -> Parsed:
    import tomllib

    offsets = header_offsets(data)
    venue_offsets = [m.start() for m in _VENUES_HEADER.finditer(data)]
    # Papers are checked slice by slice against the venues registered before them; a
    # registry that goes on after the first paper is known only at the end.
    late_venues = bool(offsets) and any(o > offsets[0] for o in venue_offsets)
    line_of = _line_starts_counter(data)
    make_builder = make_builder or _Builder
    builder = make_builder(path, known_venues)
    merged: dict[str, Any] = {}
    seen_keys: set[str] = set()
    pending: list[tuple[Any, int, int]] = []  # (table, line, byte offset)
    sliced = True
    done = 0
    for start, end in _slices(data, offsets):
        try:
            chunk = data[start:end].decode("utf-8")
        except UnicodeDecodeError:
            _decode(data, path)  # the error, with its line in the whole file
            raise
        try:
            document = tomllib.loads(chunk)
        except tomllib.TOMLDecodeError:
            sliced = False
            break
        seen_keys.update(document)
        papers = document.pop("papers", [])
        chunk_offsets = offsets[done:done + len(papers)] if isinstance(papers, list) else []
        if not isinstance(papers, list) or len(papers) != len(chunk_offsets) \
                or any(not start <= o < end for o in chunk_offsets) \
                or (end < len(data) and done + len(papers) < len(offsets)
                    and offsets[done + len(papers)] < end):
            sliced = False
            break
        for key, value in document.items():
            if key in merged and not (key == "venues" and isinstance(value, list)
                                      and isinstance(merged[key], list)):
                sliced = False
                break
            if key == "venues" and key in merged:
                merged[key].extend(value)
            else:
                merged[key] = value
        if not sliced:
            break
        if start == 0 and not late_venues:
            builder.start(merged, data)
        tables = [(table, line_of(offset) + base_line - 1, offset + base_offset)
                  for table, offset in zip(papers, chunk_offsets)]
        if late_venues or not builder.started:
            pending.extend(tables)
        else:
            builder.add(tables)
        done += len(papers)
        if progress is not None and len(offsets) > SLICE_PAPERS:
            progress(done, len(offsets))
    venues_raw = merged.get("venues", [])
    if sliced and isinstance(venues_raw, list) and len(venues_raw) != len(venue_offsets):
        sliced = False  # an inline array of venues: let tomllib judge the whole file
    if sliced and done != len(offsets):
        sliced = False
    if not sliced:
        text = _decode(data, path)
        try:
            merged = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise syntax_error(exc, data, path, base_line - 1) from None
        seen_keys = set(merged)
        papers = merged.get("papers", [])
        builder = make_builder(path, known_venues)
        if not isinstance(papers, list):
            builder.start(merged, data)
            builder.problems.append(Problem(path, 0, 0, "invalid-record",
                                            "'papers' must be an array of tables ([[papers]])"))
            return builder.finish(appendable=False, keys=seen_keys)
        builder.start(merged, data)
        if len(papers) == len(offsets):
            line_of = _line_starts_counter(data)
            builder.add([(t, line_of(o) + base_line - 1, o + base_offset)
                         for t, o in zip(papers, offsets)])
            return builder.finish(appendable=True, keys=seen_keys)
        builder.add([(t, 0, -1) for t in papers])
        return builder.finish(appendable=False, keys=seen_keys)
    if not builder.started:
        builder.start(merged, data)
    else:
        builder.late_tables(merged, data)
    builder.add(pending)
    return builder.finish(appendable=True, keys=seen_keys)


def check(data: bytes, path: str, papers: Sequence[Paper]) -> tuple[Parsed, list[int], list[int]]:
    """Read back a catalog this module wrote from ``papers``: the parse (without columns)
    and the byte offset and line of each paper's header. Each slice is compared with the
    papers it should hold and dropped, so a large catalog is never held twice. Raises
    ``ValueError`` when the file does not hold exactly ``papers``."""
    checker = _Checker(path, frozenset(), papers)
    parsed = _parse(data, path, None, 0, 1, frozenset(), lambda _p, _k: checker.reset())
    if not checker.ok or checker.position != len(papers):
        raise ValueError("the written catalog does not read back as its papers")
    return parsed, checker.starts, checker.lines


class _Builder:
    """Validates paper tables in file order and gathers the valid ones as columns."""

    def __init__(self, path: str, known_venues: frozenset[str]) -> None:
        from awesome_snn.catalog._columns import COLUMNS

        self.path = path
        self.known_venues = known_venues
        self.problems: list[Problem] = []
        self.texts = ListTexts()
        self.venues: list[Venue] = []
        self.known: set[str] = set(known_venues)
        self.columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
        self.seen: dict[str, int] = {}
        self.keyless: list[int] = []
        self.number = 0
        self.started = False
        self.check = CheckSettings()
        self.layout = DEFAULT_LAYOUT
        self.seen_at_start: frozenset[str] = frozenset()

    def start(self, document: dict[str, Any], data: bytes) -> None:
        self.seen_at_start = frozenset(document)
        self.check = self._check_settings(document.get("check"), data)
        self.texts = _texts_from(document.get("list", {}), self.path, self.problems)
        if "layout" in document:
            self.layout = layout_from(document["layout"], self.path, self.problems)
        self.venues = _venues_from(document.get("venues", []), self.path, self.problems, data)
        self.known |= {v.abbr for v in self.venues}
        self.started = True

    def _check_settings(self, raw: Any, data: bytes) -> CheckSettings:
        """``[check]`` as settings; its problems point at the table's header line."""
        found: list[Problem] = []
        settings = settings_from(raw, self.path, found)
        header = _CHECK_HEADER.search(data) if found else None
        line = line_of_offset(data, header.start()) if header else 0
        self.problems.extend(replace(p, line=line) for p in found)
        return settings

    def late_tables(self, document: dict[str, Any], data: bytes) -> None:
        """Read ``[check]`` and ``[list]`` when they come after the papers (TOML allows a
        table anywhere; ``start`` saw only the tables before the first paper)."""
        if "check" in document and "check" not in self.seen_at_start:
            self.check = self._check_settings(document["check"], data)
        if "list" in document and "list" not in self.seen_at_start:
            self.texts = _texts_from(document["list"], self.path, self.problems)
        if "layout" in document and "layout" not in self.seen_at_start:
            self.layout = layout_from(document["layout"], self.path, self.problems)

    def add(self, tables: list[tuple[Any, int, int]]) -> None:
        from awesome_snn.catalog._columns import columns_of

        papers, starts = [], []
        for raw, line, offset in tables:
            self.number += 1
            paper = paper_from(raw, self.path, line, self.number, self.known, self.problems)
            if paper is None:
                continue
            if not paper.key:
                self.keyless.append(len(self.columns["keys"]) + len(papers))
            elif paper.key in self.seen:
                self.problems.append(Problem(
                    self.path, line, 0, "duplicate-key",
                    f"paper #{self.number}: duplicate key, also used by paper"
                    f" #{self.seen[paper.key]}; give it another key", paper.key))
                continue
            else:
                self.seen[paper.key] = self.number
            papers.append(paper)
            starts.append(offset)
        for name, values in columns_of(papers, starts).items():
            self.columns[name].extend(values)

    def finish(self, appendable: bool, keys: set[str]) -> Parsed:
        if self.keyless:
            from awesome_snn.keys import unique_key

            keys_column = self.columns["keys"]
            taken = set(self.seen)
            tried: dict[str, int] = {}
            for index in self.keyless:
                key = unique_key(self.columns["titles"][index], self.columns["years"][index], taken,
                                 tried)
                taken.add(key)
                keys_column[index] = key
        return Parsed(replace(self.texts, layout=self.layout), self.venues, self.problems,
                      self.columns, appendable, keys, self.check)


def line_of_offset(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _texts_from(raw: Any, path: str, problems: list[Problem]) -> ListTexts:
    if not isinstance(raw, dict):
        problems.append(Problem(path, 0, 0, "invalid-list", "[list] must be a table"))
        return ListTexts()
    values = {}
    for name in ("title", "badge", "introduction", "closing"):
        value = raw.get(name, getattr(ListTexts(), name))
        if not isinstance(value, str):
            problems.append(Problem(path, 0, 0, "invalid-list", f"[list] {name} must be a string"))
            continue
        values[name] = value
    return ListTexts(**values)


def _venues_from(raw: Any, path: str, problems: list[Problem], data: bytes) -> list[Venue]:
    if not isinstance(raw, list):
        problems.append(Problem(path, 0, 0, "invalid-venue",
                                "'venues' must be an array of tables ([[venues]])"))
        return []
    header_lines = [line_of_offset(data, m.start()) for m in _VENUES_HEADER.finditer(data)]
    lines = header_lines if len(header_lines) == len(raw) else [0] * len(raw)
    venues = []
    for number, (item, line) in enumerate(zip(raw, lines), start=1):
        def problem(message: str, key: str = "", line: int = line, number: int = number) -> None:
            problems.append(Problem(path, line, 0, "invalid-venue", f"venue #{number}: {message}", key))
        if not isinstance(item, dict) or not isinstance(item.get("abbr"), str) or not item["abbr"].strip():
            problem('a venue needs abbr = "..."')
            continue
        abbr = item["abbr"]
        try:
            kind = validate_kind(item.get("kind", "conference"))
        except InvalidInput as exc:
            problem(str(exc), abbr)
            continue
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problem("aliases must be a list of strings", abbr)
            continue
        name = item.get("name", abbr)
        if not isinstance(name, str):
            problem("name must be a string", abbr)
            continue
        try:  # the rules of a title: one line, no control character, no e-mail address
            for text, what in [(abbr, "abbreviation"), *[(n, "name") for n in [name] if n],
                               *[(a, "alias") for a in aliases]]:
                validate_venue_name(text, f"venue {what}")
        except InvalidInput as exc:
            problem(str(exc), abbr)
            continue
        venues.append(Venue(abbr, name, kind, tuple(aliases)))
    return venues


def paper_from(raw: Any, path: str, line: int, number: int, venues: set[str],
               problems: list[Problem]) -> Paper | None:
    """The paper of one ``[[papers]]`` table, or None after adding its problems."""
    if not isinstance(raw, dict):
        problems.append(Problem(path, line, 0, "invalid-record", f"paper #{number}: must be a table"))
        return None
    key = raw.get("key", "")
    shown_key = key if isinstance(key, str) else ""
    found: list[tuple[str, str]] = []
    if not isinstance(key, str) or (key and not KEY_PATTERN.fullmatch(key)):
        found.append(("invalid-key", f"key {key!r} must be lower-case letters, digits and '-'"))
    if "title" not in raw:
        found.append(("missing-title", 'missing title: add title = "..."'))
    else:
        try:
            validate_title(raw["title"])
        except InvalidInput as exc:
            found.append(("invalid-title", str(exc)))
    if "year" not in raw:
        found.append(("missing-year", "missing year: add year = 2023"))
    elif not isinstance(raw["year"], int) or isinstance(raw["year"], bool):
        found.append(("invalid-year", f"year must be a number such as 2023, not {raw['year']!r}"))
    else:
        try:
            validate_year(raw["year"])
        except InvalidInput as exc:
            found.append(("invalid-year", str(exc)))
    # No venue key: a paper its list names no venue for (shown in the "Other" group).
    venue = raw.get("venue", NO_VENUE)
    if not isinstance(venue, str) or ("venue" in raw and not venue.strip()):
        found.append(("missing-venue", 'missing venue: add venue = "CVPR"'))
    elif venue and venue not in venues:
        found.append(("unknown-venue", f"venue {venue!r} is not in the [[venues]] registry: add it there"))
    links: list[Link] = []
    raw_links = raw.get("links", {})
    if not isinstance(raw_links, dict):
        found.append(("invalid-link", 'links must be a table of label = "url"'))
    else:
        for label, url in raw_links.items():
            try:
                links.append(Link(validate_label(label), validate_url(url, label)))
            except InvalidInput as exc:
                found.append(("invalid-link", str(exc)))
    metadata: dict[str, Any] = {}
    if "authors" in raw:
        try:
            metadata["authors"] = validate_authors(raw["authors"])
        except InvalidInput as exc:
            found.append(("invalid-authors", str(exc)))
    for name, validator in IDENTIFIER_VALIDATORS.items():
        if name in raw:
            try:
                value = validator(raw[name])
            except InvalidInput as exc:
                found.append(("invalid-identifier", str(exc)))
                continue
            if value != raw[name]:  # a version or resolver prefix: not how the catalog keeps it
                found.append(("invalid-identifier", f"{name} {raw[name]!r} must be written as"
                                                    f" {value!r}"))
            metadata[name] = value
    if found:
        problems.extend(Problem(path, line, 0, rule, message, shown_key) for rule, message in found)
        return None
    extra = tuple((k, v) for k, v in raw.items() if k not in PAPER_KEYS)
    return Paper(key, " ".join(raw["title"].split()), venue, raw["year"], tuple(links), extra, line,
                 **metadata)


# --- writing -------------------------------------------------------------------------------

_PLAIN_STRING = re.compile(r'[^"\\\x00-\x1f\x7f]*')
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def toml_value(value: Any) -> str:
    """A TOML value: plain strings and integers directly, a table inline, anything else by
    tomli-w."""
    if isinstance(value, str) and _PLAIN_STRING.fullmatch(value):
        return f'"{value}"'
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):  # a table inside a table's value: written inline
        return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + " }" \
            if value else "{}"
    import tomli_w

    return tomli_w.dumps({"v": value}).partition(" = ")[2].rstrip("\n")


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_value(key)


def paper_block(paper: Paper) -> str:
    """The ``[[papers]]`` table of one paper, in the catalog's fixed key order."""
    lines = ["[[papers]]", f"key = {toml_value(paper.key)}", f"title = {toml_value(paper.title)}"]
    if paper.venue != NO_VENUE:  # a paper without a venue has no venue key
        lines.append(f"venue = {toml_value(paper.venue)}")
    lines.append(f"year = {paper.year}")
    if paper.authors:
        lines.append("authors = [" + ", ".join(toml_value(name) for name in paper.authors) + "]")
    for name in IDENTIFIER_VALIDATORS:
        value = getattr(paper, name)
        if value:
            lines.append(f"{name} = {toml_value(value)}")
    tables = []
    for name, value in paper.extra:
        if isinstance(value, dict):
            tables.append((name, value))
        else:
            lines.append(f"{toml_key(name)} = {toml_value(value)}")
    if paper.links:
        lines += ["", "[papers.links]"]
        lines.extend(f"{toml_key(link.label)} = {toml_value(link.url)}" for link in paper.links)
    for name, value in tables:
        lines += ["", f"[papers.{toml_key(name)}]"]
        lines.extend(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items())
    return "\n".join(lines) + "\n"


def venue_block(venue: Venue) -> str:
    lines = ["[[venues]]", f"abbr = {toml_value(venue.abbr)}", f"name = {toml_value(venue.name)}",
             f"kind = {toml_value(venue.kind)}"]
    if venue.aliases:
        lines.append("aliases = [" + ", ".join(toml_value(a) for a in venue.aliases) + "]")
    return "\n".join(lines) + "\n"


def _multiline(text: str) -> str:
    import tomli_w

    return tomli_w.dumps({"v": text}, multiline_strings=True).partition(" = ")[2].rstrip("\n")


def header_comment(catalog_name: str) -> str:
    return HEADER_COMMENT.format(catalog=catalog_name)


def dump_catalog(texts: ListTexts, venues: tuple[Venue, ...], papers: tuple[Paper, ...],
                 catalog_name: str = "papers.toml", check: CheckSettings = CheckSettings()) -> bytes:
    """A whole catalog file, as ``import`` and ``init`` write it (UTF-8, encoded table by
    table: a large catalog is never held as one string as well)."""
    parts = [
        header_comment(catalog_name),
        "[list]\n"
        f"title = {toml_value(texts.title)}\n"
        f"badge = {toml_value(texts.badge)}\n"
        f"introduction = {_multiline(texts.introduction)}\n"
        f"closing = {_multiline(texts.closing)}\n",
    ]
    if check.severities or check.not_duplicates:
        lines = ["[check]"]
        if check.severities:
            lines.append("rules = { " + ", ".join(f"{toml_value(rule)} = {toml_value(severity)}"
                                                  for rule, severity in check.severities) + " }")
        if check.not_duplicates:
            lines.append("not_duplicates = [" + ", ".join(
                f"[{toml_value(a)}, {toml_value(b)}]" for a, b in check.not_duplicates) + "]")
        parts.append("\n".join(lines) + "\n")
    if texts.layout != DEFAULT_LAYOUT:
        parts.append(layout_toml(texts.layout, toml_value))
    parts.extend(venue_block(v) for v in venues)
    encoded = [part.encode("utf-8") for part in parts]
    encoded.extend(paper_block(p).encode("utf-8") for p in papers)
    return b"\n".join(encoded)


class _Checker(_Builder):
    """A builder that compares each paper read with the one expected, keeping no columns."""

    def __init__(self, path: str, known_venues: frozenset[str], expected: Sequence[Paper]) -> None:
        super().__init__(path, known_venues)
        self.expected = expected
        self.reset()

    def reset(self) -> _Checker:
        _Builder.__init__(self, self.path, self.known_venues)
        self.position, self.ok = 0, True
        self.starts: list[int] = []
        self.lines: list[int] = []
        return self

    def add(self, tables: list[tuple[Any, int, int]]) -> None:
        for raw, line, offset in tables:
            self.number += 1
            paper = paper_from(raw, self.path, line, self.number, self.known, self.problems)
            expected = self.expected[self.position] if self.position < len(self.expected) else None
            if paper is None or paper != expected or raw.get("title") != paper.title:
                self.ok = False
            self.position += 1
            self.starts.append(offset)
            self.lines.append(line)
