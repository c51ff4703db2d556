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
            if level == 1:
                year = text.strip() if text.strip().isdigit() else None
                venue = None
            elif level == 2 and year:
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
            if year and venue and depth > 0:
                item = RenderedItem("")
                title_parts = []
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
                title = "".join(title_parts).strip()
                item.title = title.rstrip("[").strip()
                item.links = [(t.strip("[]"), h) for t, h in item.links]
                result.sections[-1][2].append(item)
    return result
