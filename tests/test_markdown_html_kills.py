"""The list texts' Markdown subset at its edges, exact: cases that surviving mutants of
``markdown_html.py`` showed no test held (unclosed spans stay text, a code span loses one
space on each side, only http(s) URLs with no space or control character are links)."""

from __future__ import annotations

import pytest

from awesome_snn.markdown_html import atx_heading, inline_text, render_inline, render_markdown_html, safe_url

INLINE = [
    ("a ``b", "a ``b"),  # an unclosed code span is text, backticks and all
    ("`` ` a ` ``", "<code>` a `</code>"),  # one space off each side of a code span
    ("`  `", "<code>  </code>"),  # ...not when it is only spaces
    ("see <https://x.org", "see &lt;https://x.org"),  # an unclosed autolink
    ("see <https://x.org>", 'see <a href="https://x.org">https://x.org</a>'),
    ("<https://>", "&lt;https://&gt;"),  # a scheme alone is no URL
    ("[a](https://x.org/(b)c)", '<a href="https://x.org/(b)c">a</a>'),
    ("[a](https://x.org", "[a](https://x.org"),  # an unclosed destination
    ("a ** b", "a ** b"), ("**", "**"),
    ("a **b**", "a <strong>b</strong>"), ("**b** c", "<strong>b</strong> c"),
    ("x `code` and <https://x.org/a>",
     'x <code>code</code> and <a href="https://x.org/a">https://x.org/a</a>'),
]


@pytest.mark.parametrize(("markdown", "html"), INLINE, ids=[f"inline-{n}" for n in range(len(INLINE))])
def test_inline_markdown(markdown: str, html: str) -> None:
    assert render_inline(markdown) == html


@pytest.mark.parametrize(("markdown", "text"), [
    ("`code` and <https://x.org>", "code and https://x.org"),
    ("**bold** [link](https://x.org)", "bold link"),
])
def test_the_plain_text_of_inline_markdown(markdown: str, text: str) -> None:
    assert inline_text(markdown) == text


@pytest.mark.parametrize(("url", "safe"), [
    ("https://x.org/a", True), ("https://x.org/\x01", False), ("https://x.org/\u2003a", False),
    ("https://x.org/\x7f", False), ("https://x.org/a b", False), ("https:///x", False),
    ("javascript:alert(1)", False), ("", False),
])
def test_only_http_urls_with_a_host_and_no_space_or_control_character_are_safe(url: str, safe: bool) -> None:
    assert safe_url(url) == (url if safe else None)


@pytest.mark.parametrize(("line", "heading"), [
    ("## A\u00a0", (2, "A\u00a0")),  # only spaces and tabs are trimmed
    ("## Box #", (2, "Box")), ("## X #", (2, "X")),  # a closing sequence goes, letters stay
    ("#  Spaced  ", (1, "Spaced")), ("## ", (2, "")),
])
def test_atx_headings(line: str, heading: tuple[int, str]) -> None:
    assert atx_heading(line) == heading


@pytest.mark.parametrize(("markdown", "html"), [
    ("<http://x.org>", '<a href="http://x.org">http://x.org</a>'),
    ("*a*", "<em>a</em>"), ("a *b* c", "a <em>b</em> c"),
])
def test_more_inline_markdown(markdown: str, html: str) -> None:
    assert render_inline(markdown) == html


@pytest.mark.parametrize(("markdown", "html"), [
    ("`a\nb`", "<p><code>a b</code></p>"),  # a code span across lines: the line break is a space
    ("| a | b |\n| --- | --- |\n| 1 | 2 |\n",
     "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"),
    ("```\n```\nafter\n", "<pre><code></code></pre>\n<p>after</p>"),  # an empty fence
    ("```\ncode\n```\n\nafter\n", "<pre><code>code\n</code></pre>\n<p>after</p>"),
    ("x\n|a|\n|---|\n|1|\n", "<p>x\n|a|\n|---|\n|1|</p>"),  # a table must start its block
], ids=["code-span-lines", "table", "empty-fence", "fence", "no-table"])
def test_blocks(markdown: str, html: str) -> None:
    assert render_markdown_html(markdown) == html


def test_a_hash_with_no_space_after_it_is_no_heading() -> None:
    assert atx_heading("#Xenon") is None and atx_heading("#X") is None
