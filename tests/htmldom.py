"""A generated page read back with a real HTML parser (the standard library's ``html.parser``),
as a small tree to query: what a browser would build, without a browser."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attr_pairs: list[tuple[str, str | None]] = field(default_factory=list)
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    @property
    def attrs(self) -> dict[str, str | None]:
        return dict(self.attr_pairs)

    def get(self, name: str) -> str | None:
        return self.attrs.get(name)

    @property
    def classes(self) -> list[str]:
        return (self.get("class") or "").split()

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [e for e in self.iter()
                if (tag is None or e.tag == tag) and (cls is None or cls in e.classes)]

    def find(self, tag: str | None = None, cls: str | None = None) -> Element:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag or '*'}> of class {cls!r}"
        return found[0]

    def by_id(self, element_id: str) -> Element:
        found = [e for e in self.iter() if e.get("id") == element_id]
        assert len(found) == 1, f"{len(found)} elements with id {element_id!r}"
        return found[0]

    def ancestor(self, tag: str, cls: str | None = None) -> Element:
        node = self.parent
        while node is not None and not (node.tag == tag and (cls is None or cls in node.classes)):
            node = node.parent
        assert node is not None, f"no <{tag}> of class {cls!r} around <{self.tag}>"
        return node


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.current = self.root
        self.unclosed: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, list(attrs), parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, list(attrs), parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is None or node is self.root:
            self.unclosed.append(f"stray </{tag}>")
            return
        if node is not self.current:
            self.unclosed.append(f"<{self.current.tag}> closed by </{tag}>")
        self.current = node.parent or self.root

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(html: str) -> Element:
    """The document's tree; asserts that every element is closed where it should be."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.unclosed == [], builder.unclosed
    assert builder.current is builder.root, f"<{builder.current.tag}> never closed"
    return builder.root
