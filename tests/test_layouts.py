"""Issue 15: export keeps the list's own layout (the catalog's ``[layout]``).

Expected values come from the lists themselves (their lines, as written), never from the
code under test: import -> export keeps a list's lines; the layouts round-trip; the papers
render the same in every layout; markdownlint-cli2 and awesome-lint judge the output."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import gfm
import pytest
from conftest import SEED
from hostile_catalog import HOSTILE, HOSTILE_TITLES
from mdparse import render as md_render
from node_tools import tool

from awesome_snn.layout import AWESOME, DEFAULT, MARKDOWNLINT_CONFIG, Layout
from awesome_snn.markdown_import import import_markdown, repair_mojibake
from awesome_snn.markdown_render import render_markdown
from awesome_snn.model import Catalog

DATA = Path(__file__).parent / "data"
NEWEST = DATA / "awesome-snn-conference-paper.md"
SHIPPED_TOML = Path(__file__).parents[1] / "data" / "papers.toml"

# The newest list: every line import -> export changes, and why (each a correction). Every
# other line stays as written, the list's one-off forms too: the contents' years of 2021-2018
# (<li> and <a> on two lines, comments indented otherwise) and the items with a double space.
NEWEST_CHANGES = {
    53: "a broken contents anchor (#cvpr-2023-1: the list has one CVPR-2023 heading)",
    776: "a duplicate (the same paper as line 752)",
}
# The seed README (its garbled emoji repaired first): every line, its one-off forms too
# (line 40's [[paper]](url), the items with a double space).
SEED_CHANGES: dict[int, str] = {}
# One-off forms of single items that the lines below keep as written.
NEWEST_ONE_OFF = {
    83: "       <!-- 2021 -->",
    84: "    <li>",
    85: '      <a href="#2021">2021</a>',
    193: ("- Pretraining with Re-parametrized Self-Attention: Unlocking Generalizationin  SNN-Based Neural Decoding Across Time, Brains, and Tasks"
          " [[paper](https://openreview.net/attachment?id=ZsvGCzpaVD&name=pdf)]"),
}


def _nonblank(text: str) -> list[str]:
    return [line.rstrip() for line in text.split("\n") if line.strip()]


def _changed(source: str) -> tuple[dict[int, str], int]:
    out = set(_nonblank(render_markdown(import_markdown(source).catalog)))
    changed = {n: line for n, line in enumerate(source.split("\n"), 1)
               if line.strip() and line.rstrip() not in out}
    return changed, len(_nonblank(source))


def _kept(source: str) -> float:
    changed, total = _changed(source)
    return (total - len(changed)) / total


def test_the_newest_list_keeps_its_lines_but_for_corrections() -> None:
    changed, total = _changed(NEWEST.read_text(encoding="utf-8"))
    assert set(changed) == set(NEWEST_CHANGES), {n: changed.get(n) for n in set(changed) ^ set(NEWEST_CHANGES)}
    assert (total - len(changed)) / total >= 0.95
    # the corrections: the anchor resolves, the duplicate is gone, the missing entry added
    readme = render_markdown(import_markdown(NEWEST.read_text(encoding="utf-8")).catalog)
    assert '<li><a href="#cvpr-2023">CVPR</a></li>' in readme
    assert '<li><a href="#neurips-2025">NeurIPS</a></li>' in readme
    assert readme.count("- SEENN: Towards Temporal") == 1


def test_the_seed_keeps_its_lines_but_for_corrections() -> None:
    source = repair_mojibake(SEED.read_text(encoding="utf-8"))
    changed, total = _changed(source)
    assert set(changed) == set(SEED_CHANGES), changed
    assert (total - len(changed)) / total >= 0.95


# The two other lists' excerpts: items that name their venue ('Title (**ICLR 2026**).',
# '[[AAAI](url)] Title') under '### 2026' years under '## Papers', bold group lines kept, and
# thebrainlab's one-off item forms (a full stop before the venue note, links without a space
# between them, '[[paper]](url)', a single-bracket '[paper](url)') kept as written.
OTHER_CHANGES: dict[str, dict[int, str]] = {"yfguo91-excerpt.md": {}, "thebrainlab-excerpt.md": {}}
THEBRAINLAB_ONE_OFF = (27, 33, 34, 46, 52)


@pytest.mark.parametrize("name", sorted(OTHER_CHANGES))
def test_the_other_lists_keep_their_lines_but_for_one_off_forms(name: str) -> None:
    changed, total = _changed((DATA / name).read_text(encoding="utf-8"))
    assert set(changed) == set(OTHER_CHANGES[name]), changed
    assert (total - len(changed)) / total >= 0.95


def test_one_off_item_forms_are_kept_as_written_and_only_they_are_stored() -> None:
    source = (DATA / "thebrainlab-excerpt.md").read_text(encoding="utf-8")
    lines = source.split("\n")
    catalog = import_markdown(source).catalog
    stored = {p.as_written for p in catalog.papers if p.as_written}
    assert stored == {lines[n - 1].rstrip() for n in THEBRAINLAB_ONE_OFF}
    readme = render_markdown(catalog).split("\n")
    for n in THEBRAINLAB_ONE_OFF:
        assert lines[n - 1].rstrip() in readme, n
    # another style makes every item from its paper
    awesome = render_markdown(catalog, AWESOME)
    assert not stored & set(awesome.split("\n"))


def test_the_newest_lists_one_off_forms_are_kept() -> None:
    readme = render_markdown(import_markdown(NEWEST.read_text(encoding="utf-8")).catalog)
    lines = NEWEST.read_text(encoding="utf-8").split("\n")
    for n, text in NEWEST_ONE_OFF.items():
        assert lines[n - 1] == text
        assert text in readme.split("\n"), n


def _layouts() -> dict[str, Layout]:
    imported = {name: import_markdown(repair_mojibake((DATA / name).read_text(encoding="utf-8")))
                .catalog.texts.layout
                for name in ("awesome-snn-conference-paper.md", "seed-2023.md",
                             "thebrainlab-excerpt.md", "yfguo91-excerpt.md")}
    return {
        "default": DEFAULT, "awesome": AWESOME, **imported,
        "plain-math-no-toc": replace(DEFAULT, toc="none", links="plain", math=True,
                                     blank_items=True, year_level=2, separator=True),
        "contents-first": replace(DEFAULT, toc_heading="## Contents", contents_after=0,
                                  venue_heading="{abbr} {year}"),
        # a contents of the list's own: a line above the years (indented under it) and after
        "own-contents": replace(DEFAULT, toc_heading="## Contents", toc_year_indent=2,
                                toc_before="- [Star chart](#Starchart)",
                                toc_after="- [Aknowledgement](#aknowledgement)"),
        "html-abbreviations": replace(DEFAULT, toc="html", toc_summary="Contents", abbreviations="left",
                                      abbreviations_title="**Venues**",
                                      abbreviation_venues=("ICLR", "CVPR")),
    }


LAYOUTS = _layouts()


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    return import_markdown(NEWEST.read_text(encoding="utf-8")).catalog


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_export_import_export_is_byte_identical(shipped: Catalog, name: str) -> None:
    first = render_markdown(shipped, LAYOUTS[name])
    again = import_markdown(first).catalog
    assert render_markdown(again) == first


def _papers(readme: str, layout: Layout) -> list[tuple[int, list]]:
    """(year, [(title, [(label, url), ...]), ...]) as GitHub shows them, in the order shown
    (within a year, by title: layouts without venue headings keep the catalog's order)."""
    rendered = md_render(readme)
    by_year: dict[int, list] = {}
    for year, _venue, items in rendered.sections:
        for item in items:
            # a browser shows a run of spaces as one ('Generalizationin  SNN' as written)
            title, links = " ".join(item.title.split()), [tuple(link) for link in item.links]
            if layout.items == "note" and title.endswith(").") and " (" in title:
                title = title[:title.rindex(" (")]  # the venue note: ' (ICLR 2026).'
                title = title[:-1] + "." if title.endswith("\\.") else title
            by_year.setdefault(int(year), []).append((title, links))
    return sorted((year, sorted(items)) for year, items in by_year.items())


def test_the_papers_render_the_same_in_every_layout(shipped: Catalog) -> None:
    papers = {name: _papers(render_markdown(shipped, layout), layout)
              for name, layout in LAYOUTS.items()}
    expected = papers["default"]
    assert sum(len(items) for _year, items in expected) == len(shipped.papers)
    for name, found in papers.items():
        assert found == expected, name


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_hostile_titles_stay_inert_in_every_layout(name: str) -> None:
    readme = render_markdown(HOSTILE, LAYOUTS[name])
    items = [children for children in gfm.list_items(readme)
             if not any(t.type == "link_open" and (t.attrGet("href") or "").startswith("#")
                        for t in children)]
    titles = []
    layout = LAYOUTS[name]
    for children in items:
        links = [n for n, t in enumerate(children) if t.type == "link_open"] + [len(children)]
        closes = [n for n, t in enumerate(children) if t.type == "link_close"]
        part = children[:links[0]]
        if layout.items == "venue" and gfm.plain_text(part) == "[" and closes:
            # '- [[ICLR](url)] Title [[code](url)]': the title stands after the venue's link
            part = children[closes[0] + 1:links[1]]
        if layout.items == "note" and any(t.type == "strong_open" for t in part):
            # '- Title (**ICLR 2026**). [[paper](url)]': the title stands before the note,
            # the note is the venue's name, escaped as a title is
            note = max(n for n, t in enumerate(part) if t.type == "strong_open")
            inside = gfm.plain_text(part[note + 1:-1 - next(
                k for k, t in enumerate(reversed(part)) if t.type == "strong_close")])
            assert inside is not None, (name, [t.type for t in part])
            part = part[:note]
        text = gfm.plain_text(part)
        assert text is not None, (name, [t.type for t in children])
        if layout.items == "venue" and text.startswith("] "):
            text = text[2:]
        elif layout.items == "venue" and text.startswith("[[") and ")] " in text:
            text = text.split(")] ", 1)[1]  # a venue link GitHub does not link (javascript:)
        if layout.items == "note" and text.endswith(" ("):
            text = text[:-2]
            text = text[:-1] + "." if text.endswith("\\.") else text
        found = text.split(" [[paper](", 1)[0]
        titles.append(found[:-2] if found.endswith(" [") else found)
    for title in HOSTILE_TITLES:
        assert any(found == title for found in titles), (name, title, titles)


# What a list itself chose that the settings (MARKDOWNLINT_CONFIG: MD013 and MD025 off,
# MD024 siblings only, MD033 allowing a contents' <details>/<summary>/<ol>/<ul>/<li>/<a>/<br>)
# still reject: kept, being the list's own form. Nothing else may fail.
OWN_CHOICES = {
    "awesome-snn-conference-paper.md": {"MD036"},  # its bold table title line
    "html-abbreviations": {"MD036"},  # the same form, chosen in this test's layout
    "seed-2023.md": {"MD004"},  # its contents' '*' venue markers under '-' years
    "thebrainlab-excerpt.md": {"MD036"},  # its bold group lines ('**AAAI, ICLR**')
}
LINT_CONFIG = MARKDOWNLINT_CONFIG


def test_markdownlint_passes_every_layout(shipped: Catalog, tmp_path: Path) -> None:
    linter = tool("markdownlint-cli2")
    (tmp_path / ".markdownlint-cli2.jsonc").write_text(json.dumps(LINT_CONFIG), encoding="utf-8")
    for name, layout in LAYOUTS.items():
        (tmp_path / f"{name}.md").write_text(render_markdown(shipped, layout), encoding="utf-8")
    done = subprocess.run([str(linter), "*.md"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    errors: dict[str, set[str]] = {}
    for line in (done.stdout + done.stderr).splitlines():
        if " error MD" in line:
            file = line.split(":", 1)[0]
            errors.setdefault(file.removesuffix(".md"), set()).add(line.split(" error ")[1][:5])
    for name in LAYOUTS:
        assert errors.get(name, set()) <= OWN_CHOICES.get(name, set()), (name, done.stdout)
    assert set(errors) <= set(OWN_CHOICES), done.stdout


def test_awesome_lint_passes_the_awesome_style(tmp_path: Path) -> None:
    from cli_helpers import invoke

    linter = tool("awesome-lint")
    repo = tmp_path / "list"
    result = invoke("init", "--repo", repo)
    assert result.exit_code == 0, result.output
    result = invoke("export", "--catalog", SHIPPED_TOML, "--style", "awesome", "-o", repo / "README.md")
    assert result.exit_code == 0, result.output
    git = ["git", "-C", str(repo), "-c", "user.email=t@example.org", "-c", "user.name=t"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "remote", "add", "origin", "https://github.com/snn-papers-test/awesome-x.git"],
                   check=True)
    subprocess.run([*git, "config", "branch.main.remote", "origin"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "list"], check=True)
    done = subprocess.run([str(linter)], cwd=repo, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✖" not in done.stdout + done.stderr
    # the settings init --repo wrote are the ones every layout passes, and the README does
    assert json.loads((repo / ".markdownlint-cli2.jsonc").read_text(encoding="utf-8")) == LINT_CONFIG
    done = subprocess.run([str(tool("markdownlint-cli2")), "README.md", "CONTRIBUTING.md"], cwd=repo,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_layout_table_round_trips_through_the_catalog_file(tmp_path: Path) -> None:
    from cli_helpers import load_with_problems

    from awesome_snn import catalog as catalog_files

    source = (DATA / "thebrainlab-excerpt.md").read_text(encoding="utf-8")
    imported = import_markdown(source).catalog
    layout = imported.texts.layout
    # what the excerpt writes: '### 2026' under '## Papers', items naming their venue in a
    # bold note, bold group lines, no space before the title's badge
    assert (layout.year_level, layout.years_heading, layout.venue_sections, layout.items,
            layout.badge_space) == (3, "## Papers", False, "note", False)
    assert dict(layout.groups)["2026 Robustify Spiking Neural Networks via Dominant Singular"
                               " Deflation under Heterogeneous Training Vulnerability"] == (
        "**Nature, Science, Cell**", "**AAAI, ICLR**")
    path = tmp_path / "c.toml"
    catalog_files.create(path, imported, overwrite=False)
    again, problems = load_with_problems(path)
    assert not [p for p in problems if p.rule == "invalid-layout"]
    assert again.texts.layout == layout
    assert render_markdown(again) == render_markdown(imported)


@pytest.mark.parametrize(("table", "message"), [
    ('items = "bullet"', "items must be one of 'title', 'note', 'venue'"),
    ('years_heading = "Papers"', "years_heading must be a heading line"),
    ("venue_sections = 1", "venue_sections must be true or false"),
    ("badge_space = \"no\"", "badge_space must be true or false"),
    ('[layout.groups]\n"2024 A" = ["not bold"]', "groups must be a table"),
    ('[layout.groups]\n"2024 A" = "**bold**"', "groups must be a table"),
    ("year_level = 9", "year_level must be a whole number from 1 to 5"),
    ('colour = "red"', "[layout] has no field 'colour'"),
])
def test_a_wrong_layout_value_is_a_problem_and_keeps_its_default(
        tmp_path: Path, table: str, message: str) -> None:
    from cli_helpers import load_with_problems

    path = tmp_path / "c.toml"
    header = "" if table.startswith("[layout.") else "[layout]\n"
    path.write_text(f'[list]\ntitle = "L"\n\n{header}{table}\n', encoding="utf-8")
    loaded, problems = load_with_problems(path)
    found = [p.message for p in problems if p.rule == "invalid-layout"]
    assert len(found) == 1 and message in found[0], found
    assert loaded.texts.layout == DEFAULT


def test_the_kept_lines_script_prints_each_lists_figure_and_changed_lines(tmp_path: Path) -> None:
    import sys

    broken = tmp_path / "notes.md"
    broken.write_text("# Notes\n\nno years here\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(Path(__file__).parents[1] / "scripts" / "kept_lines.py"),
                             str(NEWEST), str(DATA / "yfguo91-excerpt.md"), str(broken)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{NEWEST}: 698 of 700 non-blank lines kept verbatim (99.7%)"
    assert [line.split(":")[0].strip() for line in lines[1:3]] == ["53", "776"]
    assert lines[3] == f"{DATA / 'yfguo91-excerpt.md'}: 39 of 39 non-blank lines kept verbatim (100.0%)"
    assert result.stderr.startswith(f"{broken}: not read: no paper found")


OWN_CONTENTS = """# Spiking list

## Contents

- [Surveys](#Surveys)
  - [Surveys <b>new</b>](#surveys)
- [Papers](#Papers)
  - [2025](#2025)
  - [2024](#2024)
  - [2019](#2019)
- [Our Team](#Our_Team)
- [Gone](#gone)

## Surveys

A survey.

## Papers

### 2025

- [[AAAI](https://a.org/1)] One [[code](https://github.com/a/1)]

### 2024

- [[ICLR](https://a.org/2)] Two

## Our_Team

Us.
"""


def test_a_markdown_contents_keeps_its_own_lines_and_makes_its_years() -> None:
    catalog = import_markdown(OWN_CONTENTS).catalog
    layout = catalog.texts.layout
    assert (layout.toc_before, layout.toc_year_indent) == ("- [Surveys](#Surveys)\n  - [Surveys <b>new</b>](#surveys)\n- [Papers](#Papers)", 2)
    assert layout.toc_after == "- [Our Team](#Our_Team)\n- [Gone](#gone)"
    readme = render_markdown(catalog)
    # its own lines that link a heading stay (GitHub finds '#Surveys' whatever the case); the
    # one with HTML in its text and the one linking no heading go; the years are the
    # sections the list has (2019 has none)
    assert readme.split("## Contents\n\n", 1)[1].split("\n\n", 1)[0] == (
        "- [Surveys](#Surveys)\n- [Papers](#Papers)\n  - [2025](#2025)\n  - [2024](#2024)\n"
        "- [Our Team](#Our_Team)")
    assert render_markdown(import_markdown(readme).catalog) == readme
    # with none of its own lines above them left, the years stand at the left
    gone = replace(catalog, texts=replace(catalog.texts, layout=replace(layout, toc_before="- [X](#x)")))
    assert "\n- [2025](#2025)\n- [2024](#2024)\n- [Our Team](#Our_Team)\n" in render_markdown(gone)


def test_a_hard_line_break_in_the_lists_own_text_is_kept_and_other_trailing_spaces_go() -> None:
    source = ("# Spikes\n\n> [!NOTE]   \n> Pull requests welcome. \n\nEnd of a paragraph  \n\n"
              "# 2025\n\n## ICLR\n\n- One [[paper](https://a.org/1)]\n")
    catalog = import_markdown(source).catalog
    assert catalog.texts.introduction == "> [!NOTE]  \n> Pull requests welcome.\n\nEnd of a paragraph"
    readme = render_markdown(catalog)
    # as GitHub renders it: the note's first line ends in a line break
    assert [child.type for token in gfm.parse(readme) for child in (token.children or [])
            if child.type == "hardbreak"] == ["hardbreak"]
