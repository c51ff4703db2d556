"""The catalog as an awesome-list README (Markdown), byte-stable.

Pure functions: the same catalog always gives the same text. Titles are escaped so that
whatever they contain, the rendered item shows exactly the title and adds no link, heading,
list item or HTML; table-of-contents anchors follow GitHub's heading-id rules.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

from awesome_snn.markdown_html import atx_heading, inline_text
from awesome_snn.model import NO_VENUE, OTHER_GROUP, Catalog, ListTexts, Venue, group_sections

# Characters that can start inline Markdown syntax anywhere in a line (CommonMark + GFM
# strikethrough, tables and GitHub math), and '@' of e-mail autolinks. Each is escaped with a
# backslash.
_INLINE_SYNTAX_RE = re.compile(r"[\\`*_\[\]<>|~$@]")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});")
_BLOCK_START = re.compile(r"^(#|[-+*=>]|\d{1,9}[.)])")
# GFM autolinks. GitHub links http://, https:// and ftp:// URLs and www. names as it reads the
# raw text, so an escaped ':' or the '.' after 'www' keeps them text; other GFM renderers
# (markdown-it's linkify) also link mailto:/xmpp: URLs and bare domain names ('example.org'),
# which an escaped '.' before the top-level domain keeps text. (GitHub also links e-mail
# addresses, after undoing every escape: titles and venue names cannot hold one, see
# model.email_autolink.)
_AUTOLINK_CHAR = re.compile(r"(?i)\.(?:(?<=\S\.)(?=[^\W\d_]{2})|(?<=www\.))"
                            r"|:(?:(?<=http:)|(?<=https:)|(?<=ftp:)|(?<=mailto:)|(?<=xmpp:))")
_LINE_BREAK = re.compile(r"[\r\n]+")
_NEEDS_CARE = re.compile(r"[() <>]")


def one_line(text: str) -> str:
    """``text`` with its line breaks as spaces and no space at either end: what one line of
    Markdown (an item, a heading) can hold without starting another block."""
    if "\n" in text or "\r" in text:
        text = _LINE_BREAK.sub(" ", text)
    return text.strip(" \t")


def escape_inline(text: str) -> str:
    """``text`` as one line of Markdown that renders as exactly ``text`` (line breaks
    aside), with no syntax of its own: no link, emphasis, code, HTML or block."""
    escaped = _INLINE_SYNTAX_RE.sub(r"\\\g<0>", one_line(text))
    if "&" in escaped:
        # An entity such as &amp; would render as '&': escape its ampersand.
        escaped = _ENTITY.sub(lambda m: "\\&" + m.group(0)[1:], escaped)
    if ":" in escaped or "." in escaped:
        escaped = _AUTOLINK_CHAR.sub(r"\\\g<0>", escaped)
    if escaped[-1:] in (":", "-"):
        # A separator after a space at the end would be read as 'Title - [[paper]...]' style.
        body = escaped.rstrip(":-")
        if body[-1:].isspace():
            escaped = body + "".join("\\" + c for c in escaped[len(body):])
    if escaped[-1:] == "#":
        # In a heading, '#'s after a space at the end would close it and not be shown.
        body = escaped.rstrip("#")
        if not body or body[-1] in " \t":
            escaped = body + "\\" + escaped[len(body):]
    # At the start of an item these would open a heading, a list, a quote or a numbered list.
    match = _BLOCK_START.match(escaped)
    if match:
        token = match.group(1)
        prefix = token[:-1] + "\\" + token[-1] if token[-1] in ".)" else "\\" + token
        escaped = prefix + escaped[len(token):]
    return escaped


def link_destination(url: str) -> str:
    """A link destination for ``url``: bare when safe, else in angle brackets."""
    if not _NEEDS_CARE.search(url):
        return url
    depth = 0
    balanced = True
    for ch in url:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                balanced = False
    if balanced and depth == 0 and not any(c in url for c in " <>"):
        return url
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


@functools.lru_cache(maxsize=256)
def _escaped_label(label: str) -> str:
    """Labels repeat (paper, code...): escape each once."""
    return escape_inline(label)


def _item_line(title: str, links: Sequence[tuple[str, str]]) -> str:
    """``- Title \\[[paper](url)\\] \\[[code](url)\\]``, every part escaped."""
    rendered = " ".join([f"\\[[{_escaped_label(label)}]({link_destination(url)})\\]"
                         for label, url in links])
    escaped = escape_inline(title)
    return f"- {escaped} {rendered}" if rendered else f"- {escaped}"


class Slugger:
    """GitHub's heading ids (github-slugger): lower case, punctuation dropped, spaces to
    '-', and a repeated id gets '-1', '-2', ... in document order."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def slug(self, heading_text: str) -> str:
        base = slugify(heading_text)
        slug = base
        while slug in self.seen:
            self.seen[base] += 1
            slug = f"{base}-{self.seen[base]}"
        self.seen[slug] = 0
        return slug


def slugify(text: str) -> str:
    """github-slugger's rule for one heading: keep letters, digits, marks, '_' , '-' and
    spaces; lower-case; each space becomes '-'."""
    kept = []
    for ch in text.lower():
        category = unicodedata.category(ch)
        if ch in "-_ " or category[0] in "LNM" or category == "Pc":
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def heading_texts(markdown: str) -> list[str]:
    """Plain text of the ATX headings of a Markdown text (outside code fences), enough to
    count GitHub's ids: the text each heading shows (links as their text, images as their
    alt text)."""
    texts = []
    fence: str | None = None
    for line in markdown.split("\n"):
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0]
            elif marker[0] == fence:
                fence = None
            continue
        if fence is not None:
            continue
        heading = atx_heading(line)
        if heading:
            texts.append(inline_text(heading[1]))
    return texts


def _title_line(texts: ListTexts) -> str:
    return f"# {texts.title} {texts.badge}".rstrip() if texts.badge else f"# {texts.title}"


Row = tuple[str, str, int, Sequence[tuple[str, str]]]
"""A paper as the README needs it: (title, venue, year, ((label, url), ...))."""


def render_markdown(catalog: Catalog) -> str:
    """The whole README: title, introduction, contents, years, closing sections."""
    rows = ((p.title, p.venue, p.year, [(link.label, link.url) for link in p.links])
            for p in catalog.papers)
    return render_rows(catalog.texts, catalog.venues, rows)


def render_rows(texts: ListTexts, venues: Sequence[Venue], rows: Iterable[Row]) -> str:
    """``render_markdown`` from plain rows, in catalog order."""
    return "".join(render_chunks(texts, venues, rows))


def render_chunks(texts: ListTexts, venues: Sequence[Venue], rows: Iterable[Row]) -> Iterator[str]:
    """The README in pieces, for writing a 100,000-paper list without ever holding it as
    one string (a single emoji would make Python store all of it at 4 bytes a character)."""
    slugger = Slugger()
    head = _title_line(texts)
    for text in heading_texts(head + "\n\n" + texts.introduction):
        slugger.slug(text)
    sections = group_sections((year, venue, _item_line(title, links))
                              for title, venue, year, links in rows)
    venue_headings = {v.abbr: one_line(v.heading) for v in venues}
    venue_headings[NO_VENUE] = OTHER_GROUP  # papers the list names no venue for
    toc: list[str] = []
    for year, by_venue in sections:
        toc.append(f"- [{year}](#{slugger.slug(str(year))})")
        for abbr, _items in by_venue:
            heading = venue_headings.get(abbr) or one_line(abbr)
            toc.append(f"  * [{escape_inline(heading)}](#{slugger.slug(heading)})")
    yield head + "\n"
    if texts.introduction.strip():
        yield "\n" + texts.introduction.strip("\n") + "\n"
    if toc:
        yield "\n" + "\n".join(toc) + "\n"
    for year, by_venue in sections:
        yield f"\n# {year}\n"
        for abbr, items in by_venue:
            yield f"\n## {escape_inline(venue_headings.get(abbr) or one_line(abbr))}\n\n"
            for start in range(0, len(items), 1000):
                yield "\n".join(items[start:start + 1000]) + "\n"
    if texts.closing.strip():
        yield "\n" + texts.closing.strip("\n") + "\n"
