"""Round trips of any valid catalog (hypothesis), the oracle being the catalog itself:

- TOML: a catalog written (``catalog.create``) reads back as the same catalog, and after any
  add, edit or remove through the writer, the file reads back as the catalog changed that way
  by hand, every other paper's table byte for byte as it was;
- Markdown: the README made from a catalog (``render_markdown``) imports back
  (``import_markdown``) as the same papers: titles, venues, years and links, whatever
  characters the titles and URLs hold.
"""

from __future__ import annotations

import string
import tempfile
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from awesome_snn import catalog
from awesome_snn.errors import InvalidInput
from awesome_snn.folding import fold
from awesome_snn.markdown_import import import_markdown
from awesome_snn.markdown_render import render_markdown
from awesome_snn.model import NO_VENUE, Catalog, Link, ListTexts, Paper, Venue, validate_title

# Text as a list's titles hold it: letters of several scripts, digits, punctuation that
# TOML and Markdown give meaning to, emoji; one line, single spaces (the reader's form).
_CHARS = (string.ascii_letters + string.digits + " .,:;!?-+*_=~|$#&%@^'\"`\\/()[]{}<>"
          + "éüßñçΩπ中文한국어🙂")


def _valid_title(title: str) -> bool:
    """A title the catalog accepts as it is (the validators decide what a title may hold:
    an e-mail address, for one, it may not)."""
    try:
        return validate_title(title) == title
    except InvalidInput:
        return False


TITLES = st.text(alphabet=_CHARS, min_size=1, max_size=60).map(lambda t: " ".join(t.split())) \
    .filter(_valid_title)
URL_TAILS = st.text(alphabet=string.ascii_letters + string.digits + "-._~/?=&%+!*,;:@()", max_size=30)
URLS = st.builds(lambda host, tail: f"https://{host}.org/{tail}",
                 st.sampled_from(["openreview", "arxiv", "github", "example-lab"]), URL_TAILS)
LABELS = st.sampled_from(["paper", "code", "arxiv", "project", "paper with code", "video"])
VENUES = (Venue("ICLR", "International Conference on Learning Representations", "conference", ("iclr",)),
          Venue("CVPR", "IEEE/CVF Conference on Computer Vision and Pattern Recognition"),
          Venue("TNNLS", "IEEE Transactions on Neural Networks and Learning Systems", "journal"))


@st.composite
def papers(draw: st.DrawFn, count: int) -> tuple[Paper, ...]:
    made = []
    for number in range(count):
        labels = draw(st.lists(LABELS, unique=True, max_size=3))
        links = tuple(Link(label, draw(URLS)) for label in labels)
        made.append(Paper(f"paper-{number}-2023", draw(TITLES),
                          draw(st.sampled_from([v.abbr for v in VENUES] + [NO_VENUE])),
                          draw(st.integers(2015, 2024)), links))
    return tuple(made)


CATALOGS = st.integers(1, 6).flatmap(lambda n: st.builds(
    lambda texts, found: Catalog(texts, VENUES, found),
    st.builds(ListTexts, title=TITLES, introduction=st.text(alphabet=_CHARS + "\n", max_size=80)),
    papers(n)))

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _written(source: Catalog) -> tuple[Path, tempfile.TemporaryDirectory[str]]:
    folder = tempfile.TemporaryDirectory()
    path = Path(folder.name) / "papers.toml"
    catalog.create(path, source)
    return path, folder


def _read(path: Path) -> Catalog:
    view = catalog.open_catalog(path)
    assert view.problems == () or list(view.problems) == [], view.problems
    return view.catalog()


@SETTINGS
@given(CATALOGS)
def test_any_valid_catalog_reads_back_as_written(source: Catalog) -> None:
    path, folder = _written(source)
    with folder:
        assert _read(path) == source


@SETTINGS
@given(CATALOGS, st.data())
def test_add_edit_and_remove_change_only_their_paper(source: Catalog, data: st.DataObject) -> None:
    path, folder = _written(source)
    with folder:
        before = path.read_text(encoding="utf-8")
        index = data.draw(st.integers(0, len(source.papers) - 1), label="paper changed")
        target = source.papers[index]
        action = data.draw(st.sampled_from(["add", "edit", "remove"]), label="action")
        papers_after = list(source.papers)
        with catalog.writing(path) as writer:
            if action == "add":
                (new,) = data.draw(papers(1), label="new paper")
                new = replace(new, key="added-paper-2023")
                assume(new.title.casefold() not in {p.title.casefold() for p in source.papers})
                writer.add([new])
                papers_after.append(new)
            elif action == "edit":
                title = data.draw(TITLES, label="new title")
                changed = replace(target, title=title)
                writer.edit(target.key, changed)
                papers_after[index] = changed
            else:
                writer.remove(target.key)
                del papers_after[index]
        after = _read(path)
        assert after == replace(source, papers=tuple(papers_after))
        text = path.read_text(encoding="utf-8")
        for paper in source.papers:
            if paper.key != target.key or action == "add":
                block = _table_of(before, paper.key)
                assert block in text, paper.key  # untouched papers keep their bytes


def _table_of(text: str, key: str) -> str:
    start = text.index(f'[[papers]]\nkey = "{key}"')
    end = text.find("\n[[papers]]", start + 1)
    return text[start:] if end < 0 else text[start:end]


@SETTINGS
@given(CATALOGS)
def test_the_readme_of_any_catalog_imports_back_as_the_same_papers(source: Catalog) -> None:
    # Two papers of one title (folded) and year are one paper listed twice: import merges
    # them (another test says so); here every paper is another.
    assume(len({(fold(p.title), p.year) for p in source.papers}) == len(source.papers))
    imported = import_markdown(render_markdown(source)).catalog
    in_list_order = [paper for _year, venues in source.sections() for _venue, papers in venues
                     for paper in papers]
    assert [(p.title, p.venue, p.year, p.links) for p in imported.papers] == \
        [(p.title, p.venue, p.year, p.links) for p in in_list_order]
