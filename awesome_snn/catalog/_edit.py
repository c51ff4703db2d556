"""Changing one paper's table in place.

``edit`` rewrites only the lines of the fields that changed, keeping comments (also at the
end of a changed line), blank lines, key order, unknown keys and the file's line ends;
``remove`` cuts the table. Each change is proved before it is written: the old table, cut
out of the file alone, must read back as the old paper, and the new table as the new one;
a table whose layout the line editor does not know is written whole (``paper_block``).
"""

from __future__ import annotations

import re
from typing import Any

from awesome_snn.errors import WriteFailed
from awesome_snn.model import METADATA_KEYS, Paper
from awesome_snn.problems import Problem

PAPER_KEYS = ("key", "title", "venue", "year", "links", *METADATA_KEYS)

_NAME_PART = rb'(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\')'
"""One part of a table's name as TOML writes it: a bare key, a basic or a literal string."""
_HEADER = re.compile(rb'^[ \t]*\[(\[)?[ \t]*(' + _NAME_PART + rb'(?:[ \t]*\.[ \t]*' + _NAME_PART
                     + rb')*)[ \t]*\]\]?[ \t]*(?:#.*)?\r?$')
_KEY_LINE = re.compile(
    r'^(?P<lead>[ \t]*(?:"(?P<quoted>(?:[^"\\]|\\.)*)"|(?P<bare>[A-Za-z0-9_-]+))[ \t]*=[ \t]*)'
    r'(?P<value>"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|[+-]?\d[\d_]*)'
    r'(?P<tail>[ \t]*(?:#.*)?)$'
)


def table_span(data: bytes, start: int) -> tuple[int, int]:
    """(start, end) of the paper table whose ``[[papers]]`` header line starts at ``start``:
    up to the next table that is not one of its own ``[papers.x]`` sub-tables, without the
    blank and comment lines before that."""
    header_end = data.find(b"\n", start)
    if header_end < 0:
        return start, len(data)
    end = position = header_end + 1
    in_string: bytes | None = None
    while position < len(data):
        line_end = data.find(b"\n", position)
        line_end = len(data) if line_end < 0 else line_end + 1
        line = data[position:line_end].rstrip(b"\n")
        if in_string is not None:
            in_string = _open_string_after(line, in_string)
            end = line_end
        else:
            match = _HEADER.match(line)
            if match and (match.group(1) or not match.group(2).translate(None, b'"\' ')
                          .startswith(b"papers.")):
                break
            stripped = line.strip()
            if stripped and not stripped.startswith(b"#"):
                end = line_end
                in_string = _open_string_after(line, None)
        position = line_end
    return start, end


def _open_string_after(line: bytes, in_string: bytes | None) -> bytes | None:
    """The multi-line string delimiter still open at the end of ``line`` (None if none),
    reading the line as TOML does: quotes inside one-line strings and comments open nothing,
    a backslash escapes a quote in basic strings only."""
    position, size = 0, len(line)
    while position < size:
        if in_string is not None:
            close = _closing(line, position, in_string)
            if close < 0:
                return in_string
            position, in_string = close, None
            continue
        char = line[position:position + 1]
        if char == b"#":
            return None
        if char in (b'"', b"'"):
            if line[position:position + 3] == char * 3:
                in_string, position = char * 3, position + 3
                continue
            close = _closing(line, position + 1, char)
            if close < 0:
                return None
            position = close
            continue
        position += 1
    return in_string


def _closing(line: bytes, position: int, delimiter: bytes) -> int:
    """The offset just past ``delimiter`` closing a string that runs from ``position``
    (a multi-line string's closing quotes may carry up to two quotes of its text), or -1."""
    basic = delimiter.startswith(b'"')
    while position < len(line):
        if basic and line[position:position + 1] == b"\\":
            position += 2
            continue
        if line.startswith(delimiter, position):
            position += len(delimiter)
            if len(delimiter) == 3:
                extra = 0
                while extra < 2 and line[position:position + 1] == delimiter[:1]:
                    position, extra = position + 1, extra + 1
            return position
        position += 1
    return -1


def cut_span(data: bytes, start: int, end: int) -> tuple[int, int]:
    """The bytes ``remove`` cuts: the table, and the blank lines after it."""
    position = end
    while position < len(data):
        line_end = data.find(b"\n", position)
        line_end = len(data) if line_end < 0 else line_end + 1
        if data[position:line_end].strip():
            break
        position = line_end
    if position >= len(data) and start > 0:
        # The last table: keep the file's final newline, drop the blank line before it.
        before = data.rfind(b"\n", 0, start - 1)
        if data[before + 1:start].strip() == b"":
            start = before + 1
    return start, position


def read_block(block: bytes, path: str) -> tuple[Any, list[Problem]]:
    """The one paper table in ``block`` as tomllib reads it alone, or None."""
    import tomllib

    try:
        document = tomllib.loads(block.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return None, []
    papers = document.pop("papers", None)
    if document or not isinstance(papers, list) or len(papers) != 1:
        return None, []
    return papers[0], []


def same_paper(raw: Any, paper: Paper, venues: set[str], path: str) -> bool:
    from awesome_snn.catalog._toml import paper_from

    if raw is None:
        return False
    problems: list[Problem] = []
    read = paper_from(raw, path, paper.line, 1, venues | {paper.venue}, problems)
    return read is not None and not problems and read == paper


def _value_line(match: re.Match[str], value: Any, eol: str) -> str:
    from awesome_snn.catalog._toml import toml_value

    return f"{match.group('lead')}{toml_value(value)}{match.group('tail')}"


def _line_key(line: str) -> str | None:
    match = _KEY_LINE.match(line)
    if match:
        return match.group("quoted") if match.group("quoted") is not None else match.group("bare")
    bare = re.match(r'^[ \t]*(?:"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_-]+))[ \t]*=', line)
    if not bare:
        return None
    return bare.group(1) if bare.group(1) is not None else bare.group(2)


def written_as(raw: Any, paper: Paper) -> bool:
    """Whether a table's values are, as written, exactly ``paper``'s."""
    return (isinstance(raw, dict) and raw.get("title") == paper.title
            and raw.get("key", paper.key) == paper.key)


def _reads_back(block: bytes, paper: Paper, venues: set[str], path: str) -> bool:
    raw = read_block(block, path)[0]
    return written_as(raw, paper) and same_paper(raw, paper, venues, path)


class _Unusual(Exception):
    """The table's layout is not one the line editor knows: write it whole."""


def edit_lines(block: str, raw: dict[str, Any], new: Paper) -> str:
    """``block`` (one paper's table, which tomllib reads as ``raw``) changed to ``new`` line
    by line: every line whose value as written differs from ``new`` is rewritten (a title
    written with double spaces reads as the same paper, but ``check --fix`` rewrites it)."""
    from awesome_snn.catalog._toml import toml_key, toml_value

    eol = "\r\n" if "\r\n" in block else "\n"
    lines = block.split("\n")
    if eol == "\r\n":
        lines = [line[:-1] if line.endswith("\r") else line for line in lines]
    headers = [i for i, line in enumerate(lines) if _HEADER.match(line.encode())]
    top_end = headers[1] if len(headers) > 1 else len(lines)
    for name in ("key", "title", "venue", "year"):
        value = getattr(new, name)
        if value == raw.get(name, value if name == "key" else "" if name == "venue" else None):
            continue
        if name == "venue" and not value:
            raise _Unusual  # the venue key goes: the table is written whole
        index = next((i for i in range(1, top_end) if _line_key(lines[i]) == name), None)
        match = _KEY_LINE.match(lines[index]) if index is not None else None
        if match is None:
            raise _Unusual
        lines[index] = _value_line(match, value, eol)
    if new.extra != tuple((k, v) for k, v in raw.items() if k not in PAPER_KEYS):
        raise _Unusual
    if any(getattr(new, name) != _raw_metadata(raw, name) for name in METADATA_KEYS):
        raise _Unusual  # authors or an identifier changed: the table is written whole
    raw_links = raw.get("links", {})
    if not isinstance(raw_links, dict):
        raise _Unusual
    if list(raw_links.items()) != [(link.label, link.url) for link in new.links]:
        links_at = next((i for i in headers if lines[i].strip().replace(" ", "") == "[papers.links]"),
                        None)
        if links_at is None:
            if any(_line_key(line) == "links" for line in lines[:top_end]):
                raise _Unusual  # an inline table
            insert_at = top_end
            while insert_at > 1 and not lines[insert_at - 1].strip():
                insert_at -= 1
            lines[insert_at:insert_at] = ["", "[papers.links]"]
            links_at = insert_at + 1
        links_end = next((i for i in range(links_at + 1, len(lines))
                          if _HEADER.match(lines[i].encode())), len(lines))
        while links_end > links_at + 1 and not lines[links_end - 1].strip():
            links_end -= 1
        wanted = {link.label: link.url for link in new.links}
        kept: list[str] = []
        done: set[str] = set()
        for line in lines[links_at + 1:links_end]:
            label = _line_key(line)
            if label is None:
                kept.append(line)
            elif label in wanted:
                if raw_links.get(label) == wanted[label]:
                    kept.append(line)
                else:
                    match = _KEY_LINE.match(line)
                    kept.append(_value_line(match, wanted[label], eol) if match else
                                f"{toml_key(label)} = {toml_value(wanted[label])}")
                done.add(label)
        kept.extend(f"{toml_key(link.label)} = {toml_value(link.url)}"
                    for link in new.links if link.label not in done)
        lines[links_at + 1:links_end] = kept
        if not new.links and not any(line.strip() for line in kept):
            del lines[links_at:links_at + 1 + len(kept)]
            while len(lines) > 1 and not lines[links_at - 1].strip() and links_at - 1 > 0:
                del lines[links_at - 1]
                links_at -= 1
    return eol.join(lines)


def new_block(data: bytes, start: int, end: int, old: Paper, new: Paper, venues: set[str],
              path: str) -> bytes:
    """The bytes that replace ``data[start:end]`` (the table of ``old``) to make ``new``."""
    from awesome_snn.catalog._toml import paper_block

    block = data[start:end]
    raw, _ = read_block(block, path)
    if not same_paper(raw, old, venues, path):
        raise WriteFailed(f"{path}: the table of {old.key} could not be found where the catalog"
                          " was read (was the file changed by hand meanwhile?); nothing was changed")
    text = block.decode("utf-8")
    try:
        candidate = edit_lines(text, raw, new).encode("utf-8")
    except _Unusual:
        candidate = None
    if candidate is not None and _reads_back(candidate, new, venues, path):
        return candidate
    eol = "\r\n" if "\r\n" in text else "\n"
    whole = paper_block(new).replace("\n", eol).encode("utf-8")
    if not _reads_back(whole, new, venues, path):
        raise WriteFailed(f"{path}: {new.key} could not be written as TOML that reads back the"
                          " same; nothing was changed")
    return whole


def _raw_metadata(raw: dict[str, Any], name: str) -> Any:
    """A metadata field as the table writes it, in ``Paper``'s form."""
    value = raw.get(name)
    if name == "authors":
        return tuple(value) if isinstance(value, list) else ()
    return value
