"""Items as a list wrote them: when export may write one back (``written_line_holds``) and
when a year of an HTML contents written by hand is kept (``toc_links``).

Each case's expected answer is reasoned from the rule in the table, not computed; the
property test judges every accepted line with a GitHub-flavoured parser (``gfm``)."""

from __future__ import annotations

import gfm
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from awesome_snn.item_reading import written_line_holds
from awesome_snn.markdown_import import import_markdown
from awesome_snn.markdown_render import render_markdown, toc_links

TITLE = "Spiking Transformers at Scale"
PAPER = "https://a.org/p"
CODE = "https://github.com/x/y"
LINKS = (("paper", PAPER), ("code", CODE))
VENUES = {"ICLR": "ICLR", "Neurips": "NeurIPS", "NeurIPS": "NeurIPS"}


def _holds(line: str, title: str = TITLE, venue: str = "ICLR", year: int = 2026,
           links: tuple[tuple[str, str], ...] = LINKS, note: str = "", sections: bool = True) -> bool:
    return written_line_holds(line, title, venue, year, links, note, VENUES.get, sections)


@pytest.mark.parametrize(("line", "holds"), [
    # one-off forms that say exactly the paper: kept
    (f"- {TITLE}  [[paper]({PAPER})] [[code]({CODE})]", True),
    (f"- {TITLE} [[paper]({PAPER})][[code]({CODE})]", True),
    (f"- {TITLE} [[paper]]({PAPER}) [[code]({CODE})]", True),
    (f"- {TITLE}. (**ICLR 2026**). [[paper]({PAPER})] [[code]({CODE})]", True),
    (f"* {TITLE} [paper]({PAPER}) [code]({CODE})", True),
    (f"- {TITLE}\t[[paper]({PAPER})] [[code]({CODE})]", True),
    # it no longer says the paper: the title, a link, the year or the venue differ
    (f"- Spiking Transformers at Small Scale [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} [[paper]({PAPER})]", False),
    (f"- {TITLE} [[paper](https://b.org/p)] [[code]({CODE})]", False),
    (f"- {TITLE} (**ICLR 2025**). [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} (**Neurips 2026**). [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} [[paper]({PAPER})] [[code]({CODE})] and more", False),
    # more than text, emphasis and the paper's links
    (f"- <b>{TITLE}</b> [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} &amp; [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- `{TITLE}` [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- ~~{TITLE}~~ [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} $x$ [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} see https://evil.org [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} www.evil.org [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} [x] [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} ![[paper]({PAPER})] [[code]({CODE})]", False),
    # not one list item of its own
    (f"  - {TITLE} [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"-      {TITLE} [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- # {TITLE} [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- > {TITLE} [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"{TITLE} [[paper]({PAPER})] [[code]({CODE})]", False),
    (f"- {TITLE} [[paper]({PAPER})] [[code]({CODE})]\n# Heading", False),
    (f"- {TITLE} [[paper]({PAPER})] [[code]({CODE})]  ", False),
    (f"- {TITLE} [[paper]({PAPER})] [[code]({CODE})] \\", False),
])
def test_a_written_line_holds_only_while_it_says_exactly_the_paper_and_nothing_else(
        line: str, holds: bool) -> None:
    assert _holds(line) is holds


def test_a_line_without_its_venue_holds_only_where_venue_headings_give_it() -> None:
    line = f"- {TITLE} [[paper]({PAPER})] [[code]({CODE})]"
    assert _holds(line, sections=True)
    assert not _holds(line, sections=False)
    assert _holds(line, venue="", sections=False)


def test_a_written_line_holds_with_the_note_of_what_import_could_not_read() -> None:
    line = f"- {TITLE} [[paper]({PAPER})] [[code]({CODE})] extra words"
    assert _holds(line, note="extra words")
    assert not _holds(line, note="")


def test_an_edited_paper_is_written_from_the_catalog_not_from_its_old_line() -> None:
    source = f"# L\n\n# 2026\n\n## ICLR\n\n- {TITLE}  [[paper]({PAPER})]\n"
    catalog = import_markdown(source).catalog
    assert catalog.papers[0].as_written == f"- {TITLE}  [[paper]({PAPER})]"
    assert f"- {TITLE}  [[paper]({PAPER})]\n" in render_markdown(catalog)
    from dataclasses import replace

    edited = replace(catalog, papers=(replace(catalog.papers[0], title="A New Title"),))
    readme = render_markdown(edited)
    assert "A New Title" in readme and TITLE not in readme


_TEXT = st.text(st.characters(min_codepoint=32, max_codepoint=0x2FF, blacklist_characters="\x7f"),
                max_size=30)


@settings(max_examples=400, deadline=None)
@given(before=_TEXT, between=_TEXT, after=_TEXT)
def test_an_accepted_line_renders_as_one_item_with_only_the_papers_links(
        before: str, between: str, after: str) -> None:
    line = f"- {TITLE}{before} [[paper]({PAPER})]{between}[[code]({CODE})]{after}"
    from awesome_snn.item_reading import read_item

    try:
        reading = read_item(line[2:])
    except Exception:
        return
    note = " ".join(written for written, _why in reading.unread)
    if not written_line_holds(line, reading.title, "ICLR", 2026, reading.links, note,
                              VENUES.get, True):
        return
    tokens = gfm.parse(line + "\n")
    assert [t.type for t in tokens][:3] == ["bullet_list_open", "list_item_open", "paragraph_open"]
    assert [t.type for t in tokens][-3:] == ["paragraph_close", "list_item_close", "bullet_list_close"]
    children = gfm.list_items(line + "\n")[0]
    assert gfm.links(children) == [PAPER, CODE]
    allowed = set(gfm.PLAIN) | {"link_open", "link_close", "strong_open", "strong_close",
                                "em_open", "em_close"}
    assert {token.type for token in children} <= allowed, line


YEAR_2021 = """       <!-- 2021 -->
    <li>
      <a href="#2021">2021</a>
      <ul>
        <li><a href="#neurips-2021">NeurIPS</a></li>
        <li><a href="#cvpr-2021">CVPR</a></li>
      </ul>
    </li>"""


@pytest.mark.parametrize(("lines", "links"), [
    (YEAR_2021, (("2021", "2021"), ("neurips-2021", "NeurIPS"), ("cvpr-2021", "CVPR"))),
    (YEAR_2021.replace("CVPR</a>", "R&amp;D</a>"),
     (("2021", "2021"), ("neurips-2021", "NeurIPS"), ("cvpr-2021", "R&D"))),
    # anything else than the contents' tags, each closed, and no blank line: not kept
    (YEAR_2021.replace("<ul>", "<ul><img src=x>"), None),
    (YEAR_2021.replace("      </ul>\n", ""), None),
    (YEAR_2021.replace("      <ul>\n", "\n      <ul>\n"), None),
    (YEAR_2021.replace('href="#cvpr-2021"', 'href="https://evil.org"'), None),
    (YEAR_2021.replace("CVPR</a>", "<b>CVPR</b></a>"), None),
    (YEAR_2021 + "\n# Heading", None),
])
def test_a_contents_year_as_written_is_read_only_when_it_is_links_and_list_tags(
        lines: str, links: tuple | None) -> None:
    assert toc_links(lines) == links


def test_a_contents_year_as_written_gives_way_when_its_links_change() -> None:
    source = ("# L\n\n<details>\n  <summary>Contents</summary>\n  <ol>\n" + YEAR_2021
              + "\n  </ol>\n</details>\n\n# 2021\n\n## NeurIPS-2021\n\n- A [[paper](https://a.org)]\n\n"
              "## CVPR-2021\n\n- B [[paper](https://b.org)]\n")
    catalog = import_markdown(source).catalog
    assert dict(catalog.texts.layout.toc_years) == {"2021": YEAR_2021}
    assert YEAR_2021 in render_markdown(catalog)
    from dataclasses import replace

    # a paper of a new venue in 2021: the year's contents gain a link, so they are made anew
    papers = (*catalog.papers, replace(catalog.papers[0], key="c-2021", title="C", venue="CVPR2"))
    readme = render_markdown(replace(catalog, papers=papers))
    assert YEAR_2021 not in readme
    assert '<li><a href="#2021">2021</a>' in readme
