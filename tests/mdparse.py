"""What a README renders, read with a real CommonMark parser (markdown-it-py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from awesome_snn.markdown_render import Slugger


@dataclass
class RenderedItem:
    title: str
    links: list[tuple[str, str]] = field(default_factory=list)
    """(link text without brackets, href)."""


@dataclass
class Rendered:
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    """(level, plain text, GitHub id)."""
    toc: list[tuple[str, str]] = field(default_factory=list)
    """(text, '#anchor') links of the table of contents."""
    sections: list[tuple[str, str, list[RenderedItem]]] = field(default_factory=list)
    """(year heading, venue heading, items)."""
    html_tokens: int = 0
    list_items: int = 0


def _inline_text(children) -> str:
    parts = []
    for tok in children:
        if tok.type in ("text", "code_inline") or tok.type == "image":
            parts.append(tok.content)
        elif tok.type == "softbreak":
            parts.append("\n")
    return "".join(parts)


def render(markdown: str) -> Rendered:
    md = MarkdownIt("commonmark")
    tokens = md.parse(markdown)
    result = Rendered()
    slugger = Slugger()
    year = venue = None
    year_level = 1
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.type in ("html_block", "html_inline"):
            result.html_tokens += 1
        if tok.type == "inline" and any(c.type == "html_inline" for c in tok.children or []):
            result.html_tokens += 1
        if tok.type == "bullet_list_open":
            depth += 1
        elif tok.type == "bullet_list_close":
            depth -= 1
        if tok.type == "list_item_open":
            result.list_items += 1
        if tok.type == "heading_open":
            text = _inline_text(tokens[i + 1].children)
            level = int(tok.tag[1])
            result.headings.append((level, text, slugger.slug(text)))
            if text.strip().isdigit() or level <= year_level:
                # a year at whatever level the list writes years; a heading as high ends it
                year = text.strip() if text.strip().isdigit() else None
                year_level = level if year else year_level
                venue = None
            elif level == year_level + 1 and year:
                venue = text.strip()
                result.sections.append((year, venue, []))
        if tok.type == "inline" and tokens[i - 1].type == "paragraph_open":
            children = tok.children or []
            hrefs = [c for c in children if c.type == "link_open"]
            if hrefs and all(c.attrs.get("href", "").startswith("#") for c in hrefs) and not year:
                j = 0
                while j < len(children):
                    if children[j].type == "link_open":
                        text = _inline_text(children[j + 1: j + 2])
                        result.toc.append((text, children[j].attrs["href"]))
                    j += 1
                continue
            if year and depth > 0:
                if venue is None:  # items right under the year, each naming its venue
                    venue = ""
                    result.sections.append((year, venue, []))
                item = RenderedItem("")
                title_parts = []
                after_first: list[str] = []
                in_link = None
                seen_link = False
                for c in children:
                    if c.type == "link_open":
                        in_link = c.attrs["href"]
                        seen_link = True
                        item.links.append(["", in_link])
                    elif c.type == "link_close":
                        in_link = None
                    elif in_link is not None and c.type == "text":
                        item.links[-1][0] += c.content
                    elif not seen_link and c.type in ("text", "code_inline"):
                        title_parts.append(c.content)
                    elif len(item.links) == 1 and c.type in ("text", "code_inline"):
                        after_first.append(c.content)
                title = "".join(title_parts).strip()
                if title == "[" and after_first:
                    # '- [[ICLR](url)] Title [[code](url)]': the title follows the venue's link
                    title = "".join(after_first).strip().lstrip("]").strip()
                    item.links[0][0] = "paper"
                item.title = title.rstrip("[").strip()
                item.links = [(t.strip("[]"), h) for t, h in item.links]
                result.sections[-1][2].append(item)
    return result


# --- GitHub-flavoured Markdown, autolinks included --------------------------------------------

import functools  # noqa: E402
import unicodedata  # noqa: E402

from mdit_py_plugins.dollarmath import dollarmath_plugin  # noqa: E402
from mdit_py_plugins.footnote import footnote_plugin  # noqa: E402
from mdit_py_plugins.tasklists import tasklists_plugin  # noqa: E402


@functools.lru_cache(maxsize=1)
def gfm_parser() -> MarkdownIt:
    """markdown-it-py's GFM-like setup: CommonMark with tables, strikethrough and autolinks
    (linkify-it-py, which links URLs, ``www.`` names, e-mail addresses, ``mailto:`` and -- here
    -- ``xmpp:`` URLs, and also bare domain names such as ``example.org``: more than GitHub),
    GitHub's math, footnotes and task lists (mdit-py-plugins). ``text_join`` is off so that
    the tokens keep each backslash escape apart (``github_autolinks`` needs them)."""
    md = (MarkdownIt("gfm-like")
          .use(dollarmath_plugin, allow_space=True, allow_digits=True, double_inline=True)
          .use(footnote_plugin).use(tasklists_plugin))
    md.linkify.add("xmpp:", "mailto:")
    md.disable("text_join")
    return md


@dataclass
class GfmInline:
    """One paragraph's or heading's inline content."""

    text: str
    """What it shows outside its links (escapes and entities undone)."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """(text, href) of every link: markdown-it's (linkify's included) and GitHub's own
    autolinks (``github_autolinks``) that markdown-it did not make."""
    syntax: list[str] = field(default_factory=list)
    """Every inline token that is neither text nor a link: emphasis, code, strike, math,
    HTML, images, footnotes..."""


@dataclass
class GfmRendered:
    blocks: list[str] = field(default_factory=list)
    """The opening token of every block, in order (``heading_open``, ``bullet_list_open``,
    ``table_open``, ``fence``, ``html_block``, ``math_block``...)."""
    headings: list[tuple[int, GfmInline]] = field(default_factory=list)
    items: list[GfmInline] = field(default_factory=list)
    """The first paragraph of every list item, in order."""
    paragraphs: list[GfmInline] = field(default_factory=list)
    """Every paragraph outside list items."""


_TEXT = ("text", "text_special", "softbreak")


def _inline(children: list) -> GfmInline:
    result = GfmInline("")
    depth = 0
    run: list = []
    outside: list[str] = []

    def close_run() -> None:
        if run:
            raw = "".join(t.markup if t.type == "text_special" else
                          "\n" if t.type == "softbreak" else t.content for t in run)
            escaped = _escaped_positions(run)
            plain = "".join("\n" if t.type == "softbreak" else t.content for t in run)
            outside.append(plain)
            result.links.extend((url, url) for url in github_autolinks(raw, plain, escaped))
            run.clear()

    for token in children:
        if token.type == "link_open":
            close_run()
            depth += 1
            result.links.append(["", token.attrs.get("href", "")])
        elif token.type == "link_close":
            depth -= 1
        elif depth > 0:
            if token.type in _TEXT:
                result.links[-1][0] += token.content
            else:
                result.syntax.append(token.type)
        elif token.type in _TEXT:
            run.append(token)
        else:
            close_run()
            result.syntax.append(token.type)
    close_run()
    result.text = "".join(outside)
    result.links = [tuple(link) for link in result.links]
    return result


def _escaped_positions(run: list) -> set[int]:
    """Indices in the run's raw text of characters a backslash escape or an entity took."""
    taken: set[int] = set()
    position = 0
    for token in run:
        if token.type == "text_special":
            taken.update(range(position, position + len(token.markup)))
            position += len(token.markup)
        else:
            position += 1 if token.type == "softbreak" else len(token.content)
    return taken


def gfm(markdown: str) -> GfmRendered:
    """What GitHub shows of ``markdown``: blocks, headings, list items and their links."""
    tokens = gfm_parser().parse(markdown)
    result = GfmRendered()
    item_depth = 0
    for i, token in enumerate(tokens):
        if (token.nesting == 1 or token.type in ("fence", "code_block", "html_block", "hr", "math_block",
                                                 "math_block_label")) and token.type != "paragraph_open":
            result.blocks.append(token.type)
        if token.type == "list_item_open":
            item_depth += 1
        elif token.type == "list_item_close":
            item_depth -= 1
        elif token.type == "inline":
            inline = _inline(token.children or [])
            opener = tokens[i - 1]
            if opener.type == "heading_open":
                result.headings.append((int(opener.tag[1]), inline))
            elif item_depth and opener.type == "paragraph_open" and tokens[i - 2].type == "list_item_open":
                result.items.append(inline)
            else:
                result.paragraphs.append(inline)
    return result


# GitHub's own autolinks (cmark-gfm's autolink extension), which linkify-it does not model:
# http(s):// and ftp:// URLs and www. names are found in the raw text, where a backslash
# escape counts (an escaped ':' or '.' stops them, but a backslash inside a domain does not);
# e-mail addresses, also after mailto: or xmpp:, are found after every escape and entity has
# been undone and adjacent text merged, so no escape stops them.

def _ascii_alnum(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _ascii_alpha(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _host_char(ch: str) -> bool:
    return not ch.isspace() and not unicodedata.category(ch).startswith("P") and not (
        ch.isascii() and not ch.isalnum() and ch.isprintable())


def _autolink_delim(data: str, end: int) -> int:
    for i in range(end):
        if data[i] == "<":
            end = i
            break
    opening = data[:end].count("(")
    closing = data[:end].count(")")
    while end > 0:
        ch = data[end - 1]
        if ch == ")":
            if closing <= opening:
                return end
            closing -= 1
            end -= 1
        elif ch in "?!.,:*_~'\"":
            end -= 1
        elif ch == ";":
            new_end = end - 2
            while new_end > 0 and _ascii_alpha(data[new_end]):
                new_end -= 1
            end = new_end if new_end < end - 2 and data[new_end] == "&" else end - 1
        else:
            return end
    return end


def _check_domain(data: str, allow_short: bool) -> int:
    np = underscores_before = underscores = 0
    i = 1
    while i < len(data) - 1:
        if data[i] == "\\" and i < len(data) - 2:
            i += 1
        ch = data[i]
        if ch == "_":
            underscores += 1
        elif ch == ".":
            underscores_before, underscores = underscores, 0
            np += 1
        elif not _host_char(ch) and ch != "-":
            break
        i += 1
    if (underscores_before or underscores) and np <= 10:
        return 0
    return i if allow_short or np else 0


def _link_end(data: str, start: int) -> int:
    end = start
    while end < len(data) and not data[end].isspace() and data[end] != "<":
        end += 1
    return _autolink_delim(data, end)


def github_autolinks(raw: str, plain: str, escaped: set[int] = frozenset()) -> list[str]:
    """The links GitHub makes in one run of text: ``raw`` as written (escapes included),
    ``plain`` as shown; ``escaped`` holds the raw indices an escape took."""
    found = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if i in escaped:
            i += 1
            continue
        if ch == "w" and raw.startswith("www.", i) and (i == 0 or raw[i - 1] in "*_~(" or raw[i - 1].isspace()):
            data = raw[i:]
            if _check_domain(data, False):
                end = _link_end(data, _check_domain(data, False))
                if end:
                    found.append("http://" + data[:end])
                    i += end
                    continue
        if ch == ":" and raw.startswith("://", i):
            rewind = 0
            while rewind < i and _ascii_alpha(raw[i - rewind - 1]):
                rewind += 1
            data = raw[i - rewind:]
            if any(data.lower().startswith(s) and len(data) > len(s) and _host_char(data[len(s)])
                   for s in ("http://", "https://", "ftp://")):
                domain = _check_domain(raw[i + 3:], True)
                if domain:
                    end = _link_end(raw[i:], 3 + domain)
                    if end:
                        found.append(raw[i - rewind:i + end])
                        i += end
                        continue
        i += 1
    return found + github_email_autolinks(plain)


def github_email_autolinks(text: str) -> list[str]:
    """cmark-gfm's e-mail autolinks in one (merged) text node."""
    found = []
    node_start = offset = 0
    while True:
        at = text.find("@", offset)
        if at == -1:
            return found
        rewind = 0
        xmpp = False
        while rewind < at - offset:
            ch = text[at - rewind - 1]
            if _ascii_alnum(ch) or ch in ".+-_":
                rewind += 1
                continue
            if ch == ":":
                protocol = next((p for p in ("mailto:", "xmpp:")
                                 if text[max(node_start, at - rewind - len(p)):at - rewind] == p), None)
                if protocol is not None:
                    before = at - rewind - len(protocol) - 1
                    if before < node_start or not _ascii_alnum(text[before]):
                        xmpp = xmpp or protocol == "xmpp:"
                        rewind += 1
                        continue
            break
        if rewind == 0:
            offset = at + 1
            continue
        end = 0
        ats = dots = 0
        while at + end < len(text):
            ch = text[at + end]
            if _ascii_alnum(ch):
                pass
            elif ch == "@":
                ats += 1
            elif ch == "." and at + end + 1 < len(text) and _ascii_alnum(text[at + end + 1]):
                dots += 1
            elif ch == "/" and xmpp:
                pass
            elif ch not in "-_":
                break
            end += 1
        last = text[at + end - 1]
        if end < 2 or ats != 1 or dots == 0 or not (_ascii_alpha(last) or last == "."):
            offset = at + 1
            continue
        end = _autolink_delim(text[at:], end)
        if end == 0:
            offset = at + 1
            continue
        found.append(text[at - rewind:at + end])
        node_start = offset = at + end
