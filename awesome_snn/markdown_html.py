"""The small Markdown subset a list's own texts use, as safe HTML.

A list's title badge, introduction and closing are Markdown written by people (and imported
from other lists), shown on a page that must not run or load anything the page itself does
not. So this renders only a known subset, and everything else stays visible as escaped text:

- blocks: ATX headings, paragraphs (soft line breaks kept), ``-``/``*``/``+`` bullet lists,
  pipe tables, fenced code, thematic breaks;
- inline: backslash escapes, code spans, ``**strong**``, ``*emphasis*``, links, images, a
  link around an image (the usual badge), and ``<https://...>`` autolinks.

Raw HTML is never passed through, and a link or image whose URL is not http(s) keeps only its
text. No third-party library: the subset is small, and the exporter stays dependency-free.
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import urlsplit

# A link destination: no spaces or angle brackets; parentheses only in balanced pairs.
_DESTINATION = r"(?:[^\s()<>]|\([^\s()<>]*\))+"
_INLINE = re.compile(
    r"(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<code>`+)(?P<code_text>.+?)(?P=code)"
    r"|<(?P<auto_url>https?://[^\s<>]+)>"
    rf"|!\[(?P<img_alt>[^\[\]]*)\]\((?P<img_src>{_DESTINATION})\)"
    rf"|\[(?P<link_text>(?:!\[[^\[\]]*\]\({_DESTINATION}\)|\\.|[^\[\]\\])*)\]"
    rf"\((?P<link_href>{_DESTINATION})\)"
    r"|\*\*(?=\S)(?P<strong_text>.+?)(?<=\S)\*\*"
    r"|\*(?=[^\s*])(?P<em_text>[^*]+?)(?<=\S)\*"
)
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_BULLET = re.compile(r"^ {0,3}[-*+][ \t]+(.*)$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_TABLE_DELIMITER = re.compile(r"^ *\|? *:?-+:? *(?:\| *:?-+:? *)*\|? *$")


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


def render_inline(text: str, in_link: bool = False) -> str:
    """One paragraph's or heading's inline Markdown as HTML; a link inside a link's text is
    shown as its text only (HTML forbids nested links)."""
    out: list[str] = []
    position = 0
    for match in _INLINE.finditer(text):
        out.append(escape(text[position:match.start()]))
        position = match.end()
        out.append(_render_span(match, in_link))
    out.append(escape(text[position:]))
    return "".join(out)


def _render_span(match: re.Match[str], in_link: bool) -> str:
    groups = match.groupdict()
    if groups["escape"] is not None:
        return escape(groups["escape"][1])
    if groups["code"] is not None:
        return f"<code>{escape(groups['code_text'].strip())}</code>"
    if groups["auto_url"] is not None:
        url = groups["auto_url"]
        return escape(url) if in_link else _anchor(url, escape(url))
    if groups["img_src"] is not None:
        src = safe_url(groups["img_src"])
        alt = escape(groups["img_alt"])
        return f'<img src="{escape(src)}" alt="{alt}" loading="lazy">' if src else alt
    if groups["link_href"] is not None:
        inner = render_inline(groups["link_text"], in_link=True)
        return inner if in_link else _anchor(groups["link_href"], inner)
    if groups["strong_text"] is not None:
        return f"<strong>{render_inline(groups['strong_text'], in_link)}</strong>"
    return f"<em>{render_inline(groups['em_text'], in_link)}</em>"


def _anchor(url: str, inner_html: str) -> str:
    href = safe_url(url)
    return f'<a href="{escape(href)}">{inner_html}</a>' if href else inner_html


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


def _starts_block(line: str) -> bool:
    return bool(_HEADING.match(line) or _BULLET.match(line) or _FENCE.match(line)
                or _RULE.match(line))


def render_markdown_html(text: str, heading_offset: int = 0) -> str:
    """Block Markdown as HTML, one block a line. ``heading_offset`` lowers every heading
    (a text's ``#`` becomes ``<h2>`` with 1) so it fits under the page's own ``<h1>``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if heading := _HEADING.match(line):
            level = min(6, len(heading.group(1)) + heading_offset)
            blocks.append(f"<h{level}>{render_inline(heading.group(2) or '')}</h{level}>")
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
        elif _BULLET.match(line):
            items: list[str] = []
            while i < len(lines) and lines[i].strip():
                bullet = _BULLET.match(lines[i])
                if bullet:
                    items.append(bullet.group(1))
                else:  # a continuation line of the item above
                    items[-1] += "\n" + lines[i].strip()
                i += 1
            blocks.append("<ul>" + "".join(f"<li>{render_inline(item)}</li>" for item in items)
                          + "</ul>")
        elif "|" in line and i + 1 < len(lines) and _TABLE_DELIMITER.match(lines[i + 1]):
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
    return "\n".join(blocks)
