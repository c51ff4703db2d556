"""The small Markdown subset a list's own texts use, as safe HTML.

A list's title badge, introduction and closing are Markdown written by people (and imported
from other lists), shown on a page that must not run or load anything the page itself does
not. So this renders only a known subset, and everything else stays visible as escaped text:

- blocks: ATX headings, paragraphs (soft line breaks kept), ``-``/``*``/``+`` bullet and
  numbered lists (nested by indentation), blockquotes and GitHub's ``> [!NOTE]`` alerts,
  ``<details>``/``<summary>`` disclosures, pipe tables, fenced code, thematic breaks;
- inline: backslash escapes, code spans, ``**strong**``, ``*emphasis*``, links, images, a
  link around an image (the usual badge), and ``<https://...>`` autolinks.

Raw HTML is never passed through, and a link or image whose URL is not http(s) keeps only its
text. No third-party library: the subset is small, and the exporter stays dependency-free.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from html import escape
from typing import Union
from urllib.parse import urlsplit

# Every parser here reads a line or a paragraph in one pass (a few scans of each character at
# most): a list's texts come from files anyone can write, and a backtracking pattern over them
# can take minutes on one crafted line. The patterns that remain are anchored at one place or
# have no two ways to match the same text.
_SPAN_START = re.compile(r"[\\`<!\[*]")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+(.*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")

Node = Union[
    tuple[str, str],  # ("text", s), ("code", s), ("auto", url)
    tuple[str, str, str],  # ("img", src, alt)
    tuple[str, str, list],  # ("link", href, children)
    tuple[str, list],  # ("strong", children), ("em", children)
]


def safe_url(url: str) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host and no space or control
    character, else None: the only URLs a page may link to or load."""
    if not url or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def atx_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line (CommonMark: up to three spaces, one to six '#'
    and a space or the end; a closing run of '#' after a space is not text), else None."""
    stripped = line.lstrip(" ")
    if len(line) - len(stripped) > 3:
        return None
    level = len(stripped) - len(stripped.lstrip("#"))
    if not 1 <= level <= 6:
        return None
    rest = stripped[level:]
    if rest and rest[0] not in " \t":
        return None
    text = rest.strip(" \t")
    body = text.rstrip("#")
    if body != text and (not body or body[-1] in " \t"):
        text = body.rstrip(" \t")
    return level, text


class _Spans:
    """The inline spans of one text, found left to right in linear time."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._runs: dict[int, list[int]] | None = None
        self._closers: list[int] | None = None
        self._newlines: list[int] | None = None

    def parse(self) -> list[Node]:
        text = self.text
        nodes: list[Node] = []
        plain_from = position = 0
        while True:
            match = _SPAN_START.search(text, position)
            if match is None:
                break
            start = match.start()
            found = self._span_at(start)
            if found is None:
                position = start + 1
                continue
            node, end = found
            if start > plain_from:
                nodes.append(("text", text[plain_from:start]))
            nodes.append(node)
            position = plain_from = end
        if plain_from < len(text):
            nodes.append(("text", text[plain_from:]))
        return nodes

    def _span_at(self, at: int) -> tuple[Node, int] | None:
        text = self.text
        char = text[at]
        if char == "\\":
            if at + 1 < len(text) and text[at + 1] in _ASCII_PUNCTUATION:
                return ("text", text[at + 1]), at + 2
            return None
        if char == "`":
            return self._code(at)
        if char == "<":
            return self._autolink(at)
        if char == "!":
            image = _image(text, at)
            return (("img", image[1], image[2]), image[0]) if image else None
        if char == "[":
            return self._link(at)
        return self._strong(at) or self._emphasis(at)

    def _code(self, at: int) -> tuple[Node, int]:
        """A code span, closed by the next run of exactly as many backticks; without one the
        opening run is plain text (CommonMark)."""
        text = self.text
        width = _run_length(text, at, "`")
        if self._runs is None:
            self._runs = {}
            for run in re.finditer(r"`+", text):
                self._runs.setdefault(run.end() - run.start(), []).append(run.start())
        starts = self._runs.get(width, [])
        index = bisect_left(starts, at + width + 1)
        if index == len(starts):
            return ("text", "`" * width), at + width
        close = starts[index]
        code = text[at + width:close].replace("\n", " ")
        if len(code) > 1 and code[0] == " " and code[-1] == " " and code.strip(" "):
            code = code[1:-1]
        return ("code", code), close + width

    def _autolink(self, at: int) -> tuple[Node, int] | None:
        text = self.text
        for scheme in ("http://", "https://"):
            if text.startswith(scheme, at + 1):
                end = at + 1 + len(scheme)
                while end < len(text) and not text[end].isspace() and text[end] not in "<>":
                    end += 1
                if end > at + 1 + len(scheme) and end < len(text) and text[end] == ">":
                    return ("auto", text[at + 1:end]), end + 1
        return None

    def _link(self, at: int) -> tuple[Node, int] | None:
        """``[text](destination)``; the text may hold images and escapes, no other bracket."""
        text = self.text
        end = at + 1
        while end < len(text):
            char = text[end]
            if char == "!" and text.startswith("![", end):
                image = _image(text, end)
                if image is not None:
                    end = image[0]
                    continue
                end += 1
            elif char == "\\":
                if end + 1 < len(text) and text[end + 1] != "\n":
                    end += 2
                else:
                    break
            elif char in "[]":
                break
            else:
                end += 1
        target = _destination_after(text, end)
        if target is None:
            return None
        label = text[at + 1:end]
        return ("link", target[0], _Spans(label).parse()), target[1]

    def _strong(self, at: int) -> tuple[Node, int] | None:
        """``**text**``: the first ``**`` after a non-space on the same line closes it."""
        text = self.text
        if not text.startswith("**", at) or at + 2 >= len(text) or text[at + 2].isspace():
            return None
        if self._closers is None:
            self._closers = [m.start() for m in re.finditer(r"(?=\*\*)", text)
                             if m.start() > 0 and not text[m.start() - 1].isspace()]
            self._newlines = [m.start() for m in re.finditer("\n", text)]
        index = bisect_left(self._closers, at + 3)
        if index == len(self._closers):
            return None
        close = self._closers[index]
        assert self._newlines is not None
        newline = bisect_left(self._newlines, at + 2)
        if newline < len(self._newlines) and self._newlines[newline] < close:
            return None
        return ("strong", _Spans(text[at + 2:close]).parse()), close + 2

    def _emphasis(self, at: int) -> tuple[Node, int] | None:
        """``*text*``: the next ``*`` closes it, when a non-space comes before it."""
        text = self.text
        if at + 1 >= len(text) or text[at + 1].isspace() or text[at + 1] == "*":
            return None
        close = text.find("*", at + 2)
        if close == -1 or text[close - 1].isspace():
            return None
        return ("em", _Spans(text[at + 1:close]).parse()), close + 1


def _run_length(text: str, at: int, char: str) -> int:
    end = at
    while end < len(text) and text[end] == char:
        end += 1
    return end - at


def _destination_end(text: str, start: int) -> int | None:
    """Where a link destination starting at ``start`` ends, at its closing ')'; None when
    there is none. No spaces or angle brackets; parentheses only in balanced pairs."""
    end = start
    while end < len(text):
        char = text[end]
        if char.isspace() or char in "<>)":
            break
        if char == "(":
            inner = end + 1
            while inner < len(text) and not text[inner].isspace() and text[inner] not in "()<>":
                inner += 1
            if inner < len(text) and text[inner] == ")":
                end = inner + 1
                continue
            break
        end += 1
    if end == start or end >= len(text) or text[end] != ")":
        return None
    return end


def _image(text: str, at: int) -> tuple[int, str, str] | None:
    """(end, source, alt) of ``![alt](source)`` at ``at``, else None."""
    if not text.startswith("![", at):
        return None
    end = at + 2
    while end < len(text) and text[end] not in "[]":
        end += 1
    target = _destination_after(text, end)
    if target is None:
        return None
    return target[1], target[0], text[at + 2:end]


def _destination_after(text: str, end: int) -> tuple[str, int] | None:
    """(destination, end) of the ``(destination)`` that follows a label whose closing
    bracket is at ``end``, else None."""
    if not text.startswith("](", end):
        return None
    destination_end = _destination_end(text, end + 2)
    if destination_end is None:
        return None
    return text[end + 2:destination_end], destination_end + 1


def render_inline(text: str, in_link: bool = False) -> str:
    """One paragraph's or heading's inline Markdown as HTML; a link inside a link's text is
    shown as its text only (HTML forbids nested links)."""
    return _html(_Spans(text).parse(), in_link)


def inline_text(text: str) -> str:
    """The text inline Markdown shows: syntax gone, links as their text, images as their alt
    text (what GitHub makes a heading's id from)."""
    return _text(_Spans(text).parse())


def _html(nodes: list[Node], in_link: bool) -> str:
    out = []
    for node in nodes:
        kind = node[0]
        if kind == "text":
            out.append(escape(node[1]))
        elif kind == "code":
            out.append(f"<code>{escape(node[1])}</code>")
        elif kind == "auto":
            url = node[1]
            out.append(escape(url) if in_link else _anchor(url, escape(url)))
        elif kind == "img":
            src, alt = safe_url(node[1]), escape(node[2])
            out.append(f'<img src="{escape(src)}" alt="{alt}" loading="lazy">' if src else alt)
        elif kind == "link":
            inner = _html(node[2], True)
            out.append(inner if in_link else _anchor(node[1], inner))
        elif kind == "strong":
            out.append(f"<strong>{_html(node[1], in_link)}</strong>")
        else:
            out.append(f"<em>{_html(node[1], in_link)}</em>")
    return "".join(out)


def _text(nodes: list[Node]) -> str:
    out = []
    for node in nodes:
        kind = node[0]
        if kind in ("text", "code", "auto"):
            out.append(node[1])
        elif kind == "img":
            out.append(node[2])
        elif kind == "link":
            out.append(_text(node[2]))
        else:
            out.append(_text(node[1]))
    return "".join(out)


def _anchor(url: str, inner_html: str) -> str:
    href = safe_url(url)
    return f'<a href="{escape(href)}">{inner_html}</a>' if href else inner_html


def _is_table_delimiter(line: str) -> bool:
    """``| --- | :-: |``: cells of dashes with optional colons, between optional pipes."""
    row = line.strip(" ")
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") else row
    for cell in row.split("|"):
        cell = cell.strip(" ")
        cell = cell[1:] if cell.startswith(":") else cell
        cell = cell[:-1] if cell.endswith(":") else cell
        if not cell or cell.strip("-"):
            return False
    return True


def _table_cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


def _table(rows: list[str]) -> str:
    head = "".join(f"<th>{render_inline(cell)}</th>" for cell in _table_cells(rows[0]))
    body = "".join(
        "<tr>" + "".join(f"<td>{render_inline(cell)}</td>" for cell in _table_cells(row)) + "</tr>"
        for row in rows[2:]
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


_ORDERED = re.compile(r"^ {0,3}(\d{1,9})[.)][ \t]+(.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?(.*)$")
_ALERTS = {"[!NOTE]": "Note", "[!TIP]": "Tip", "[!IMPORTANT]": "Important",
           "[!WARNING]": "Warning", "[!CAUTION]": "Caution"}
"""GitHub's alerts: a blockquote whose first line is one of these, titled so."""
MAX_DEPTH = 8
"""Quotes and lists nested deeper than this are shown as text (a crafted text of a million
``>`` must not recurse a million times)."""


def _starts_block(line: str) -> bool:
    return bool(atx_heading(line) or _BULLET.match(line) or _FENCE.match(line)
                or _RULE.match(line) or _ORDERED.match(line) or _QUOTE.match(line)
                or line.lstrip().lower().startswith("<details"))


def render_markdown_html(text: str, heading_offset: int = 0) -> str:
    """Block Markdown as HTML, one block a line. ``heading_offset`` lowers every heading
    (a text's ``#`` becomes ``<h2>`` with 1) so it fits under the page's own ``<h1>``.
    Blockquotes (and GitHub's ``> [!NOTE]`` alerts), bullet and numbered lists (nested by
    indentation) and ``<details>`` disclosures are read as GitHub reads them; any other
    raw HTML stays text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(_blocks(lines, heading_offset, 0))


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _list_items(lines: list[str], i: int, ordered: bool) -> tuple[list[list[str]], int, str]:
    """The items of the list starting at line ``i`` (each its lines, dedented to its
    content), where the list ends, and its first number."""
    pattern = _ORDERED if ordered else _BULLET
    first = pattern.match(lines[i])
    start = first.group(1) if ordered and first else "1"
    base = _indent(lines[i])
    items: list[list[str]] = []
    while i < len(lines):
        line = lines[i]
        marker = pattern.match(line)
        if marker and _indent(line) <= base + 1:
            items.append([marker.group(2) if ordered else marker.group(1)])
            i += 1
            continue
        if not line.strip():
            # A blank line continues the item when an indented line follows it.
            if i + 1 < len(lines) and lines[i + 1].strip() and _indent(lines[i + 1]) > base + 1:
                items[-1].append("")
                i += 1
                continue
            break
        if _indent(line) > base + 1:
            items[-1].append(line[min(_indent(line), base + 2 + (1 if ordered else 0)):]
                             if _indent(line) >= base + 2 else line.lstrip())
        elif _starts_block(line):
            break
        else:
            items[-1].append(line.strip())  # a lazy continuation of the item's text
        i += 1
    return items, i, start


def _item_html(item: list[str], heading_offset: int, depth: int) -> str:
    """An item's text inline; a nested list or other block under it as blocks."""
    text: list[str] = []
    rest = 0
    for rest, line in enumerate(item):
        if rest and (not line.strip() or _starts_block(line)):
            break
        text.append(line.strip())
    else:
        rest = len(item)
    inner = render_inline("\n".join(text))
    if rest < len(item):
        inner += "".join(_blocks(item[rest:], heading_offset, depth + 1))
    return f"<li>{inner}</li>"


def _blocks(lines: list[str], heading_offset: int, depth: int) -> list[str]:
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if heading := atx_heading(line):
            level = min(6, heading[0] + heading_offset)
            blocks.append(f"<h{level}>{render_inline(heading[1])}</h{level}>")
            i += 1
        elif fence := _FENCE.match(line):
            marker = fence.group(1)
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker):
                body.append(lines[i])
                i += 1
            i += 1
            code = escape("\n".join(body) + "\n" if body else "")
            blocks.append(f"<pre><code>{code}</code></pre>")
        elif _RULE.match(line):
            blocks.append("<hr>")
            i += 1
        elif depth < MAX_DEPTH and (_BULLET.match(line) or _ORDERED.match(line)):
            ordered = not _BULLET.match(line)
            items, i, start = _list_items(lines, i, ordered)
            inner = "".join(_item_html(item, heading_offset, depth) for item in items)
            if ordered:
                number = int(start)
                attribute = f' start="{number}"' if number != 1 else ""
                blocks.append(f"<ol{attribute}>{inner}</ol>")
            else:
                blocks.append(f"<ul>{inner}</ul>")
        elif depth < MAX_DEPTH and _QUOTE.match(line):
            quoted: list[str] = []
            while i < len(lines) and lines[i].strip():
                quote = _QUOTE.match(lines[i])
                quoted.append(quote.group(1) if quote else lines[i].strip())
                i += 1
            title = _ALERTS.get(quoted[0].strip().upper()) if quoted else None
            if title:
                inner = "".join(_blocks(quoted[1:], heading_offset, depth + 1))
                blocks.append(f'<blockquote class="alert alert-{title.lower()}">'
                              f'<p class="alert-title">{title}</p>{inner}</blockquote>')
            else:
                blocks.append("<blockquote>" + "".join(_blocks(quoted, heading_offset, depth + 1))
                              + "</blockquote>")
        elif depth < MAX_DEPTH and line.lstrip().lower().startswith("<details"):
            end = i + 1
            while end < len(lines) and "</details>" not in lines[end].lower():
                end += 1
            inner_lines = lines[i + 1:end]
            summary = "Details"
            for number, inner_line in enumerate(inner_lines):
                low = inner_line.lower()
                if "<summary>" in low and "</summary>" in low:
                    summary = inner_line[low.index("<summary>") + 9:low.index("</summary>")].strip()
                    del inner_lines[number]
                    break
            inner = "".join(_blocks(inner_lines, heading_offset, depth + 1))
            blocks.append(f"<details><summary>{render_inline(summary) or 'Details'}</summary>"
                          f"{inner}</details>")
            i = end + 1
        elif "|" in line and i + 1 < len(lines) and _is_table_delimiter(lines[i + 1]):
            rows = [line, lines[i + 1]]
            i += 2
            while i < len(lines) and lines[i].strip() and "|" in lines[i]:
                rows.append(lines[i])
                i += 1
            blocks.append(_table(rows))
        else:
            paragraph = [line.strip()]
            i += 1
            while i < len(lines) and lines[i].strip() and not _starts_block(lines[i]):
                paragraph.append(lines[i].strip())
                i += 1
            blocks.append(f"<p>{render_inline(chr(10).join(paragraph))}</p>")
    return blocks
