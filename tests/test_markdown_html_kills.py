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


@pytest.mark.parametrize(("markdown", "html"), [
    ("<https:// x>", "&lt;https:// x&gt;"),  # a space right after the scheme: no autolink
    ("<http://>>", "&lt;http://&gt;&gt;"),  # nothing after the scheme: no autolink
    ("\\``a", "``a"),  # an escaped backtick, then one that nothing closes: both text
    ("[a](x(y", "[a](x(y"),  # a destination's parenthesis never closed: no link
    ("a\\*", "a*"),  # an escape just before the end
    ("a\\", "a\\"),  # a backslash at the end escapes nothing
])
def test_inline_markdown_that_stays_text(markdown: str, html: str) -> None:
    assert render_inline(markdown) == html


@pytest.mark.parametrize(("markdown", "html"), [
    ("- a\n", "<ul><li>a</li></ul>"),  # the text's last line is blank
    ("- a\n\n  b", "<ul><li>a<p>b</p></li></ul>"),  # an indented line after a blank one: the item goes on
    ("- a\n  b\n\nc", "<ul><li>a\nb</li></ul>\n<p>c</p>"),  # ... a line that is not indented ends the list
    ("- a\n\nc", "<ul><li>a</li></ul>\n<p>c</p>"),
    ("| a | b |\n|-|-|\n| 1 | 2 |",  # a delimiter cell of one dash, no space before the pipes
     "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"),
], ids=["list-then-blank-line", "blank-then-indented", "blank-then-not-indented", "blank-then-paragraph", "narrow-table"])
def test_more_blocks(markdown: str, html: str) -> None:
    assert render_markdown_html(markdown) == html


def test_a_heading_inside_a_list_item_is_lowered_like_any_other() -> None:
    assert render_markdown_html("- Spikes\n\n  ## Events", heading_offset=1) == (
        "<ul><li>Spikes<h3>Events</h3></li></ul>")


def test_a_details_block_that_is_never_closed_runs_to_the_end_of_the_text() -> None:
    assert render_markdown_html("<details>\n<summary>More</summary>\nSpikes") == (
        "<details><summary>More</summary><p>Spikes</p></details>")


@pytest.mark.parametrize(("markdown", "html"), [
    ("[a](https://x.org/Spike_(X))", '<a href="https://x.org/Spike_(X)">a</a>'),  # balanced parentheses
    ("[a\\]b](https://x.org)", '<a href="https://x.org">a]b</a>'),  # an escaped bracket in the text
])
def test_links_with_parentheses_in_the_destination_or_an_escape_in_the_text(markdown: str, html: str) -> None:
    assert render_inline(markdown) == html


def test_a_details_summary_ends_at_its_first_closing_tag() -> None:
    assert render_markdown_html("<details>\n<summary>A</summary> and </summary>\nSpikes\n</details>") == (
        "<details><summary>A</summary><p>Spikes</p></details>")


def test_a_heading_inside_details_is_lowered_like_any_other() -> None:
    assert render_markdown_html("<details>\n## Events\n</details>", heading_offset=1) == (
        "<details><summary>Details</summary><h3>Events</h3></details>")
