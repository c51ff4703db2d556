"""Every validator of the schema, on each kind of bad value: the exact one-line message a
user reads (``snn-papers: error: ...``), and the value kept when it is good."""

from __future__ import annotations

import time

import pytest

from awesome_snn import model
from awesome_snn.errors import InvalidInput

LAST_YEAR = time.localtime().tm_year + 1
"""Years run to next year (a paper accepted for next year's conference)."""

REFUSED = [
    ("validate_title", (5,), "title must be text, not int"),
    ("validate_title", ("a\nb",), "title must be one line: remove the line break"),
    ("validate_title", ("a\rb",), "title must be one line: remove the line break"),
    ("validate_title", ("a\tb",), "title contains a control character (tab, NUL, ...): remove it"),
    ("validate_title", ("a\u202eb",), "title contains a control character (tab, NUL, ...): remove it"),
    ("validate_title", ("   ",), "title is empty: give the paper's title"),
    ("validate_title", ("x" * 301,), "title is 301 characters long; at most 300 are allowed"),
    ("validate_year", (True,), "year must be a whole number, not True"),
    ("validate_year", (2023.0,), "year must be a whole number, not 2023.0"),
    ("validate_year", ("23",), f"year '23' is not a four-digit year from 1950 to {LAST_YEAR}"),
    ("validate_year", (1949,), f"year 1949 is outside 1950..{LAST_YEAR}"),
    ("validate_year", (LAST_YEAR + 1,), f"year {LAST_YEAR + 1} is outside 1950..{LAST_YEAR}"),
    ("validate_url", (5,), "link URL must be text, not int"),
    ("validate_url", ("https://a b",), "link URL 'https://a b' contains spaces: percent-encode them as %20"),
    ("validate_url", ('https://a"b',), "link URL 'https://a\"b' contains a quote, angle bracket or backslash"),
    ("validate_url", ("https://a\x00b",), "link URL 'https://a\\x00b' contains a quote, angle bracket or backslash"),
    ("validate_url", ("ftp://x.org",), "link URL 'ftp://x.org' must start with http:// or https://"),
    ("validate_url", ("https:///x",), "link URL 'https:///x' has no host"),
    ("validate_url", ("https://[x",), "link URL 'https://[x' is not a valid URL (Invalid IPv6 URL)"),
    ("validate_url", ("ftp://x.org", "code"), "code URL 'ftp://x.org' must start with http:// or https://"),
    ("validate_label", ("",), "link label is empty: use e.g. paper, code, arxiv"),
    ("validate_label", (5,), "link label is empty: use e.g. paper, code, arxiv"),
    ("validate_label", ("a[b",), "link label 'a[b' may not contain brackets or control characters"),
    ("validate_label", ("x" * 41,), f"link label '{'x' * 41}' is longer than 40 characters"),
    ("validate_links", ([("paper", "https://a.org"), ("paper", "https://b.org")],),
     "link label 'paper' is given twice"),
    ("validate_links", ([("paper", "https://a.org"), ("code", "ftp://x.org")],),
     "code URL 'ftp://x.org' must start with http:// or https://"),
    ("validate_kind", ("workshop",), "venue kind 'workshop' must be 'conference' or 'journal'"),
    ("validate_kind", (3,), "venue kind 3 must be 'conference' or 'journal'"),
    ("validate_venue_name", (5,), "venue name must be text, not int"),
    ("validate_venue_name", ("",), "venue name is empty: give the venue's name"),
    ("validate_venue_name", ("a\nb",), "venue name must be one line: remove the line break"),
    ("validate_venue_name", (3, "venue alias"), "venue alias must be text, not int"),
    ("validate_authors", (["Ann Lee", "  "],), "author name is empty: remove the empty name"),
    ("validate_openreview", ("a b c d",), "openreview id 'a b c d' is not an OpenReview forum id (letters,"
                                        " digits, '_' and '-', as in forum?id=LzPWWPAdY4)"),
    ("validate_arxiv", (5,), "arxiv id must be text, not int"),
    ("validate_arxiv", ("  ",), "arxiv id is empty"),
    ("validate_arxiv", ("2313.00001",), "arxiv id '2313.00001' is not an arXiv identifier such as 2302.02091"
                                       " or hep-th/9901001"),  # no 13th month
    ("validate_dblp", ("x" * 301,), "dblp key is 301 characters long; at most 300 are allowed"),
    ("validate_dblp", ("conf/iclr",), "dblp key 'conf/iclr' is not a DBLP record key such as conf/iclr/ZhouZHWYTY23"),
]


@pytest.mark.parametrize(("validator", "args", "message"), REFUSED,
                         ids=[f"{v}-{n}" for n, (v, _a, _m) in enumerate(REFUSED)])
def test_a_bad_value_is_refused_with_its_message(validator: str, args: tuple, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        getattr(model, validator)(*args)
    assert str(refused.value) == message


KEPT = [
    ("validate_title", ("  Spiking   Networks  ",), "Spiking Networks"),
    ("validate_title", ("x" * 300,), "x" * 300),
    ("validate_title", ("👩‍🔬 Spiking",), "👩‍🔬 Spiking"),  # an emoji's zero-width joiner is fine
    ("validate_year", (" 2023 ",), 2023),
    ("validate_year", (1950,), 1950),
    ("validate_year", (LAST_YEAR,), LAST_YEAR),
    ("validate_url", ("https://openreview.net/forum?id=x1",), "https://openreview.net/forum?id=x1"),
    ("validate_url", ("HTTP://user@Example.org:8080",), "HTTP://user@Example.org:8080"),
    ("validate_url", ("https://[::1]/x",), "https://[::1]/x"),
    ("validate_label", (" paper with code ",), "paper with code"),
    ("validate_label", ("x" * 40,), "x" * 40),
    ("validate_links", ([("paper", "https://a.org"), ("code", "https://github.com/a/b")],),
     (model.Link("paper", "https://a.org"), model.Link("code", "https://github.com/a/b"))),
    ("validate_kind", ("journal",), "journal"),
    ("validate_venue_name", (" ICLR ",), "ICLR"),
    ("validate_arxiv", ("arXiv:2302.02091",), "2302.02091"),
    ("validate_arxiv", ("arxiv:2302.02091v2",), "2302.02091"),  # either prefix, and no version
    ("validate_dblp", ("https://dblp.org/rec/conf/iclr/ZhouZHWYTY23.html",), "conf/iclr/ZhouZHWYTY23"),
]


@pytest.mark.parametrize(("validator", "args", "kept"), KEPT, ids=[f"{v}-{n}" for n, (v, _a, _k) in enumerate(KEPT)])
def test_a_good_value_is_kept(validator: str, args: tuple, kept: object) -> None:
    assert getattr(model, validator)(*args) == kept


@pytest.mark.parametrize(("text", "address"), [
    ("write to a@b.org now", "a@b.org"),
    ("mail me: first.last@lab.example.org.", "first.last@lab.example.org"),
    ("a@b.c", "a@b.c"),
    ("x@y", None), ("a@b", None), ("@b.org", None),
    ("a@ b.org", None),  # a space right after the '@': no address
    ("spikes @ b.org", None),
    ("a@b.", None),  # a dot with nothing after it
    ("a@b.-c", None),  # the dot must be followed by a letter or digit, not preceded by one
    ("see mailto:@b.org", "mailto:@b.org"),  # a bare protocol starts the address
])
def test_the_email_addresses_github_would_link(text: str, address: str | None) -> None:
    assert model.email_autolink(text) == address


@pytest.mark.parametrize(("port", "kept"), [(1, True), (65535, True), (0, False), (65536, False)])
def test_a_port_runs_from_1_to_65535(port: int, kept: bool) -> None:
    url = f"https://openreview.example.org:{port}/forum"
    if kept:
        assert model.validate_url(url) == url
    else:
        with pytest.raises(InvalidInput, match="invalid port: a port is a number from 1 to 65535"):
            model.validate_url(url)
