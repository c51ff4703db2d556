"""The table of search results, drawn the way Rich draws it, without importing Rich.

``search`` is what a researcher types most, and issue 5 gives it eight times Python's own
start-up. Importing Rich and drawing its first table take ~65 ms of that (seven times on
their own), so ``output.search_results`` draws the common case here: a UTF-8 stream that is
a pipe or an ordinary terminal, and cells of single-width characters (Rich's own list:
Latin, Greek, Cyrillic...). Anything else (``NO_COLOR``, ``FORCE_COLOR``, a dumb terminal,
Windows, a title in CJK or with emoji, a terminal too narrow for the title column) is left
to Rich, which stays the reference: ``tests/test_results_table.py`` compares this drawing
with Rich's, character by character and style by style, for the seed's searches at many
widths and for generated titles.

The layout is Rich 15's for ``output.rich_search_results``'s table (``box.SIMPLE_HEAD``,
``pad_edge=False``, ``leading=1``, not expanded): a paper's title (a hyperlink) with its key
under it in cyan, then venue, year and code; a blank line between papers; each column as
wide as its widest cell plus padding;
if that is too wide, the title column gives up the excess (on a terminal too narrow even
for that, Rich shrinks every column); titles word-wrap (a word longer
than the column is cut with an ellipsis, as Rich's default column overflow does); a venue
longer than 12 cells ends in an ellipsis; year right-aligned, code centred.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from awesome_snn.model import Paper

HEADERS = ("paper", "venue", "year", "code")
_JUSTIFY = ("left", "left", "right", "center")
_PADDING = ((0, 1), (1, 1), (1, 1), (1, 0))
"""(left, right) padding of each column: one space, none on the table's outer sides."""
_MIN_WIDTH = (None, None, 4, 4)
_MAX_WIDTH = (None, 12, None, None)
TITLE = 0
"""The paper column: title and key, the one column that wraps."""
_EDGES = 2 + len(HEADERS) - 1
"""Cells the box adds to a row: an edge on each side and a divider between columns."""

_SINGLE_CELL = re.compile("[\x20-\x7e\xa0-\xac\xae-\u02ff\u0370-\u0482\u2500-\u25fc\u2800-\u28ff]*")
"""Strings of characters one cell wide each (Rich's ``cells._SINGLE_CELL_UNICODE_RANGES``):
for them a string's width is its length."""
_WORD = re.compile(r"\s*\S+\s*")
_TRAILING_SPACE = re.compile(r"\s+$")

BOLD, CYAN = "1", "36"
Row = tuple[str, str, "str | None", str, str, str]
"""key, title, paper URL (the title's hyperlink), venue, year, code: see ``row``."""
Run = tuple[str, "str | None", "str | None"]
"""Text, its SGR attributes (None: plain), its hyperlink."""


def row(paper: Paper) -> Row:
    """What the table shows of a paper."""
    return (paper.key, paper.title, paper.paper_url, paper.venue, str(paper.year),
            "yes" if paper.has_code else "")


def draw(rows: Sequence[Row], width: int, color: bool) -> str | None:
    """The table as Rich prints it on a console ``width`` cells wide (with ANSI styles and
    hyperlinks when ``color``), or None when the rows need Rich itself."""
    texts = (text for key, title, _url, venue, year, code in rows for text in (key, title, venue, year, code))
    if not all(_SINGLE_CELL.fullmatch(text) for text in texts):
        return None
    cells = [HEADERS, *((f"{title}\n{key}", venue, year, code)
                        for key, title, _url, venue, year, code in rows)]
    widths = column_widths(cells, width - _EDGES)
    if widths is None:
        return None
    lines: list[list[Run]] = [[(" " * (sum(widths) + _EDGES), None, None)],
                              *_row(HEADERS, widths, header=True),
                              [(" " + "─" * (sum(widths) + _EDGES - 2) + " ", None, None)]]
    for number, (key, title, url, venue, year, code) in enumerate(rows):
        if number:
            lines.append([(" " * (sum(widths) + _EDGES), None, None)])  # Rich's leading=1
        lines.extend(_row((title, venue, year, code), widths, header=False, key=key, url=url))
    lines.append([(" " * (sum(widths) + _EDGES), None, None)])
    return "".join(_line(runs, color) for runs in lines)


def column_widths(cells: Sequence[Sequence[str]], available: int) -> list[int] | None:
    """Each column's width with its padding (Rich's ``Table._calculate_column_widths``, with
    its measurements capped at the ``available`` cells); None when even the title column
    would have no room, where Rich shrinks every column."""
    if available < 1:
        return None
    widths = []
    for index in range(len(HEADERS)):
        left, right = _PADDING[index]
        pad = left + right
        low = high = 0
        for row in cells:
            cell_low, cell_high = _measure(row[index], pad, available)
            low, high = max(low, cell_low), max(high, cell_high)
        low, high = min(low, available), min(high, available)
        if _MIN_WIDTH[index] is not None:
            low, high = max(low, _MIN_WIDTH[index] + pad), max(high, _MIN_WIDTH[index] + pad)
        if _MAX_WIDTH[index] is not None:
            low, high = min(low, _MAX_WIDTH[index] + pad), min(high, _MAX_WIDTH[index] + pad)
        widths.append(high or 1)
    excess = sum(widths) - available
    if excess > 0:
        widths[TITLE] -= excess  # the only column that wraps gives up the excess
        if widths[TITLE] <= sum(_PADDING[TITLE]):
            return None
    return widths


def _measure(text: str, pad: int, available: int) -> tuple[int, int]:
    """A padded cell's (minimum, maximum) width: its longest word and its whole length,
    plus padding (Rich's ``Padding`` and ``Text`` measurements, ``Measurement.get``)."""
    if available - pad < 1:
        return available, available
    words = text.split()
    longest_line = max(map(len, text.split("\n")))
    low, high = _normal(max(map(len, words)) if words else longest_line, longest_line, available)
    return _normal(min(low + pad, available), min(high + pad, available), available)


def _normal(low: int, high: int, available: int) -> tuple[int, int]:
    low, high = min(low, available), min(high, available)
    if high < 1:
        return 0, 0
    low = min(max(0, low), high)
    return max(0, low), max(0, low, high)


def _row(texts: Sequence[str], widths: Sequence[int], header: bool, key: str = "",
         url: str | None = None) -> list[list[Run]]:
    """The lines of one table row: its cells side by side, each padded to its width."""
    columns = []
    for index, text in enumerate(texts):
        left, right = _PADDING[index]
        inner = widths[index] - left - right
        style = BOLD if header else None
        if index == TITLE and not header:  # the title's lines (a link), then the key's (cyan)
            lines = [[(line, None, url or None), (pad, None, None)] for line, pad in _wrap(text, inner)]
            lines += [[(line, CYAN, None), (pad, None, None)] for line, pad in _wrap(key, inner)]
        else:
            line = _fit(text, inner, _JUSTIFY[index])
            lines = [[(line, style, None)]]
        columns.append([[(" " * left, style, None), *runs, (" " * right, style, None)]
                        for runs in lines])
    height = max(len(lines) for lines in columns)
    for index, lines in enumerate(columns):
        style = BOLD if header else None
        lines.extend([[(" " * widths[index], style, None)]] * (height - len(lines)))
    rows = []
    for number in range(height):
        runs: list[Run] = [(" ", None, None)]
        for lines in columns:
            runs.extend(lines[number])
            runs.append((" ", None, None))  # a divider; after the last column, the edge
        rows.append(runs)
    return rows


def _fit(text: str, width: int, justify: str) -> str:
    """One unwrapped cell line (Rich's ``Lines.justify`` then ``Text.truncate``)."""
    if justify != "left":
        text = text.rstrip()
    text = _cut(text, width)
    if justify == "right":
        return " " * (width - len(text)) + text
    if justify == "center":
        text = " " * ((width - len(text)) // 2) + text
    return text + " " * (width - len(text))


def _wrap(text: str, width: int) -> list[tuple[str, str]]:
    """A line of text wrapped (Rich's ``Text.wrap`` with ``_wrap.divide_line``, no folding):
    each line's text and the spaces that pad it to ``width`` (which carry no style)."""
    breaks = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width or (offset and start):
            if start:
                breaks.append(start)
            offset = len(word)
    bounds = [0, *breaks, len(text)]
    lines = []
    for start, end in zip(bounds, bounds[1:]):
        line = text[start:end]
        if len(line) > width:
            space = _TRAILING_SPACE.search(line)
            if space is not None:
                line = line[:len(line) - min(len(space.group(0)), len(line) - width)]
        line = _cut(line, width)
        lines.append((line, " " * (width - len(line))))
    return lines


def _cut(text: str, width: int) -> str:
    """``text`` if it fits, else cut to end in an ellipsis (Rich's ``ellipsis`` overflow)."""
    return text if len(text) <= width else text[:max(width - 1, 0)] + "…"


def _line(runs: Sequence[Run], color: bool) -> str:
    if not color:
        return "".join(text for text, _style, _link in runs) + "\n"
    out = []
    for text, style, link in runs:
        if not text:
            continue
        if style is not None:
            text = f"\x1b[{style}m{text}\x1b[0m"
        if link:
            text = f"\x1b]8;id={_link_id(link)};{link}\x1b\\{text}\x1b]8;;\x1b\\"
        out.append(text)
    return "".join(out) + "\n"


def _link_id(url: str) -> str:
    """The id that joins a hyperlink's pieces across wrapped lines (any id unique per URL)."""
    import zlib

    return str(zlib.crc32(url.encode("utf-8", "surrogatepass")))
