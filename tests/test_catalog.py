"""The catalog seam: reading (with its cache), locating, and every kind of change."""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import stat
import sys
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import CATALOG, REPO, SEED

from awesome_snn import catalog
from awesome_snn.catalog import _cache as _cache_module
from awesome_snn.errors import (
    CatalogError,
    CatalogInvalid,
    CatalogSyntaxError,
    ReadOnlyCatalog,
    WriteFailed,
)
from awesome_snn.model import Catalog, Link, ListTexts, Paper, Venue

ICLR = Venue("ICLR", "International Conference on Learning Representations")


def _bench():  # noqa: ANN202 - bench/run.py, for its catalog generator
    spec = importlib.util.spec_from_file_location("bench_run", REPO / "bench" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def big_text() -> str:
    """9,000 synthetic papers: more than two of the reader's slices."""
    return _bench().generate_catalog_text(9000)


@pytest.fixture
def big(tmp_path: Path, big_text: str) -> Path:
    path = tmp_path / "big.toml"
    path.write_text(big_text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_text() -> str:
    """300 synthetic papers: a cache with every kind of column and header, in a tenth of a
    second to parse (random damage is tried on many of them)."""
    return _bench().generate_catalog_text(300)


@pytest.fixture
def small(tmp_path: Path, small_text: str) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(small_text, encoding="utf-8")
    return path


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


def _fresh(path: Path, monkeypatch: pytest.MonkeyPatch) -> catalog.CatalogView:
    """The catalog parsed from its bytes, without the cache."""
    with monkeypatch.context() as m:
        m.setenv("SNN_PAPERS_NO_CACHE", "1")
        return catalog.open_catalog(path)


def _same(view: catalog.CatalogView, fresh: catalog.CatalogView) -> None:
    assert view.papers() == fresh.papers()
    assert view.lines == fresh.lines
    assert view.starts == fresh.starts
    assert (view.texts, view.venues, view.problems) == (fresh.texts, fresh.venues, fresh.problems)
    assert view.folded == fresh.folded and view.urls == fresh.urls and view.code == fresh.code


def _paper(key: str = "spiking-state-space-2023", title: str = "Spiking State Space Models",
           **links: str) -> Paper:
    return Paper(key, title, "ICLR", 2023,
                 tuple(Link(label, url) for label, url in (links or {"paper": "https://openreview.net/forum?id=ssm"}).items()))


# --- reading ------------------------------------------------------------------------------

def test_shipped_catalog_is_the_seed_list_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dataclasses import replace

    from awesome_snn.layout import DEFAULT
    from awesome_snn.markdown_import import import_markdown
    from awesome_snn.model import AS_WRITTEN_KEY

    imported = import_markdown(SEED.read_text(encoding="utf-8")).catalog
    # the fixture is kept in the default layout, which the other tests export (the seed's
    # own [layout], as import records it, and its items as written, which belong to that
    # layout, are held by test_cli_import_export)
    assert sum(bool(p.as_written) for p in imported.papers) == 6
    imported = replace(imported, texts=replace(imported.texts, layout=DEFAULT), papers=tuple(
        replace(p, extra=tuple(kv for kv in p.extra if kv[0] != AS_WRITTEN_KEY))
        for p in imported.papers))
    view = catalog.open_catalog(CATALOG)
    assert view.problems == ()
    assert view.papers() == imported.papers
    assert view.venues == imported.venues
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    catalog.create(Path("data/papers.toml"), imported)
    assert (tmp_path / "data" / "papers.toml").read_bytes() == CATALOG.read_bytes()


def test_create_then_open_round_trips_every_field(tmp_path: Path) -> None:
    paper = Paper("x-2023", 'Quotes " and \\ and ünïcode', "ICLR", 2023,
                  (Link("paper", "https://example.org/a?b=1"), Link("my label", "https://example.org/c")),
                  (("note", "kept"), ("tags", ["a", "b"])))
    record = Catalog(ListTexts("T", "", "intro\n\nwith ''' quotes\n", ""), (ICLR,), (paper,))
    path = tmp_path / "c.toml"
    catalog.create(path, record)
    view = catalog.open_catalog(path)
    assert view.papers() == (paper,)
    assert (view.texts, view.venues) == (record.texts, record.venues)


def test_create_refuses_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("keep me")
    with pytest.raises(WriteFailed, match="already exists"):
        catalog.create(path, Catalog())
    assert path.read_text() == "keep me"


def test_line_numbers_and_offsets_point_at_each_papers_header(big: Path) -> None:
    view = catalog.open_catalog(big)
    data = big.read_bytes()
    lines = data.split(b"\n")
    assert len(view) == 9000
    for index in (0, 1, 3999, 4000, 8999):
        assert lines[view.lines[index] - 1] == b"[[papers]]"
        assert data[view.starts[index]:].startswith(b"[[papers]]")


def test_a_header_inside_a_multiline_string_is_text_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    catalog.create(path, Catalog(ListTexts(introduction="Before\n[[papers]]\nkey = 'no'\n"), (ICLR,),
                                 (_paper(),)))
    view = catalog.open_catalog(path)
    assert [p.key for p in view.papers()] == ["spiking-state-space-2023"]
    assert "[[papers]]" in view.texts.introduction


def test_a_syntax_error_deep_in_a_large_catalog_names_its_real_line(big: Path) -> None:
    lines = big.read_text(encoding="utf-8").split("\n")
    target = catalog.open_catalog(big).lines[7000] + 1  # the key line of paper 7001
    lines[target - 1] = "key = = broken"
    big.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CatalogSyntaxError, match=rf"^{big}:{target}:\d+: .*not valid TOML"):
        catalog.open_catalog(big)


def test_bytes_that_are_not_utf8_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b'[list]\ntitle = "ok"\n\ntitle2 = "\xff"\n')
    with pytest.raises(CatalogSyntaxError, match=r":4: the catalog is not UTF-8"):
        catalog.open_catalog(path)


BAD_RECORDS = [
    ('key = "k"\nvenue = "ICLR"\nyear = 2023', "missing-title", "k"),
    ('key = "k"\ntitle = "T"\nvenue = "ICLR"\nyear = "2023"', "invalid-year", "k"),
    ('key = "k"\ntitle = "T"\nvenue = "ICLR"\nyear = true', "invalid-year", "k"),
    ('key = "k"\ntitle = "T"\nvenue = "ICLR"', "missing-year", "k"),
    ('key = "k"\ntitle = "T"\nvenue = ""\nyear = 2023', "missing-venue", "k"),
    ('key = "k"\ntitle = "T"\nvenue = "XYZ"\nyear = 2023', "unknown-venue", "k"),
    ('key = "K K"\ntitle = "T"\nvenue = "ICLR"\nyear = 2023', "invalid-key", "K K"),
    ('key = "k"\ntitle = ["T"]\nvenue = "ICLR"\nyear = 2023', "invalid-title", "k"),
    ('key = "k"\ntitle = "T"\nvenue = "ICLR"\nyear = 2023\nlinks = "x"', "invalid-link", "k"),
    ('key = "k"\ntitle = "T"\nvenue = "ICLR"\nyear = 2023\n[papers.links]\npaper = "ftp://x"', "invalid-link", "k"),
]


@pytest.mark.parametrize(("table", "rule", "key"), BAD_RECORDS, ids=[r for _t, r, _k in BAD_RECORDS])
def test_an_invalid_record_is_a_problem_value_with_its_line_and_rule(tmp_path: Path, table: str,
                                                                    rule: str, key: str | None) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[venues]]\nabbr = "ICLR"\nname = "ICLR"\n\n[[papers]]\n' + table + "\n")
    view = catalog.open_catalog(path)
    assert len(view) == 0
    assert [(p.file, p.line, p.rule) for p in view.problems] == [(str(path), 5, rule)]
    if key is not None:
        assert view.problems[0].key == key


@pytest.mark.parametrize("aliases", ['[1, 2]', '"iclr"', '[["x"]]'])
def test_venue_aliases_that_are_not_strings_are_a_problem_not_a_crash(tmp_path: Path, aliases: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f'[[venues]]\nabbr = "ICLR"\nname = "I"\naliases = {aliases}\n')
    view = catalog.open_catalog(path)
    assert view.venues == ()
    assert [(p.rule, p.line) for p in view.problems] == [("invalid-venue", 1)]


def test_a_key_used_twice_is_a_problem_and_the_first_paper_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    catalog.create(path, Catalog(ListTexts(), (ICLR,), (_paper("a-2023", "One"),)))
    with path.open("a") as handle:
        handle.write('\n[[papers]]\nkey = "a-2023"\ntitle = "Two"\nvenue = "ICLR"\nyear = 2023\n')
    view = catalog.open_catalog(path)
    assert [p.title for p in view.papers()] == ["One"]
    assert [p.rule for p in view.problems] == ["duplicate-key"]


@pytest.mark.parametrize("kind", ["missing", "folder", "fifo"])
def test_what_is_not_a_catalog_file_is_one_clear_error(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "c.toml"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    message = {"missing": "no such catalog", "folder": "is a folder", "fifo": "not a regular file"}[kind]
    with pytest.raises(CatalogError, match=message):
        catalog.open_catalog(path)
    with pytest.raises(CatalogError, match=message), catalog.writing(path):
        pass


# --- where the catalog is -----------------------------------------------------------------

def test_catalog_is_found_by_option_then_environment_then_the_list_then_the_package(tmp_path: Path) -> None:
    repo = tmp_path / "list"
    (repo / ".git").mkdir(parents=True)
    (repo / "data").mkdir()
    (repo / "data" / "papers.toml").write_text("")
    deep = repo / "docs" / "deeper"
    deep.mkdir(parents=True)
    assert catalog.locate(Path("x.toml"), {"SNN_PAPERS_CATALOG": "y.toml"}, deep) == \
        catalog.CatalogLocation(Path("x.toml"), False, "option")
    assert catalog.locate(None, {"SNN_PAPERS_CATALOG": "y.toml"}, deep).path == Path("y.toml")
    found = catalog.locate(None, {}, deep)
    assert (found.path, found.source, found.shipped) == (repo / "data" / "papers.toml", "found", False)
    (deep / "papers.toml").write_text("")
    assert catalog.locate(None, {}, deep).path == deep / "papers.toml"


def test_the_search_for_a_list_catalog_stops_at_the_repository_root(tmp_path: Path) -> None:
    (tmp_path / "papers.toml").write_text("")  # outside the repository: not this list's
    repo = tmp_path / "list"
    (repo / ".git").mkdir(parents=True)
    shipped = catalog.locate(None, {}, repo)
    assert shipped.shipped and shipped.source == "shipped"
    assert shipped.path == catalog.shipped_catalog_path()


def test_writes_to_the_shipped_catalog_are_refused_with_a_hint() -> None:
    with pytest.raises(ReadOnlyCatalog, match="--catalog PATH"), \
            catalog.writing(catalog.locate(None, {}, Path("/"))):
        pass


# --- changes ------------------------------------------------------------------------------

def test_add_appends_tables_after_a_blank_line_and_keeps_every_other_byte(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    new_venue = Venue("SSM", "Spiking Systems Meeting")
    with catalog.writing(catalog_file) as writer:
        (added,) = writer.add([replace(_paper(), venue="SSM")], [new_venue])
    after = catalog_file.read_bytes()
    assert after.startswith(before)
    assert after[len(before):].startswith(b"\n[[venues]]\nabbr = \"SSM\"")
    assert after.split(b"\n")[added.line - 1] == b"[[papers]]"
    view = catalog.open_catalog(catalog_file)
    assert view.paper(len(view) - 1) == replace(_paper(), venue="SSM")
    assert view.venue("SSM") == new_venue


def test_add_ends_a_last_line_that_lacks_its_newline(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[venues]]\nabbr = "ICLR"\nname = "I"')
    with catalog.writing(path) as writer:
        writer.add([_paper()])
    assert path.read_text().startswith('[[venues]]\nabbr = "ICLR"\nname = "I"\n\n[[papers]]\n')
    assert len(catalog.open_catalog(path)) == 1


def test_crlf_catalogs_keep_crlf_line_ends_through_add_edit_and_remove(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_bytes(b'[[venues]]\r\nabbr = "ICLR"\r\nname = "I"\r\n\r\n[[papers]]\r\nkey = "a-2023"\r\n'
                     b'title = "A"\r\nvenue = "ICLR"\r\nyear = 2023\r\n')
    with catalog.writing(path) as writer:
        writer.add([_paper()])
        writer.edit("a-2023", Paper("a-2023", "A changed", "ICLR", 2023))
        writer.remove("spiking-state-space-2023")
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert [p.title for p in catalog.open_catalog(path).papers()] == ["A changed"]


def test_add_to_a_catalog_written_as_an_inline_array_rewrites_it_whole_and_it_still_parses(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('venues = [{abbr = "ICLR", name = "I"}]\n'
                    'papers = [{key = "a-2023", title = "A", venue = "ICLR", year = 2023}]\n')
    with catalog.writing(path) as writer:
        writer.add([_paper()])
    tomllib.loads(path.read_text())
    assert [p.key for p in catalog.open_catalog(path).papers()] == ["a-2023", "spiking-state-space-2023"]


HAND_WRITTEN = '''\
# my list
[[venues]]
abbr = "ICLR"
name = "ICLR"

[[papers]]
key = "a-2023"   # the first one
title = "A"  # keep this comment
venue = "ICLR"
year = 2023
note = "hand note"

# links below
[papers.links]
paper = "https://a.org"  # paper comment
code = "https://github.com/a/a"

# between papers

[[papers]]
key = "b-2023"
title = "B"
venue = "ICLR"
year = 2023
'''


def test_edit_rewrites_only_the_changed_lines_and_keeps_their_comments(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(HAND_WRITTEN)
    with catalog.writing(path) as writer:
        old = writer.view.paper(0)
        writer.edit("a-2023", replace(old, title="A new", links=(Link("paper", "https://a.org/v2"),
                                                                  Link("arxiv", "https://arxiv.org/abs/2301.00001"))))
    expected = (HAND_WRITTEN.replace('title = "A"  # keep', 'title = "A new"  # keep')
                .replace('paper = "https://a.org"  # paper comment\ncode = "https://github.com/a/a"',
                         'paper = "https://a.org/v2"  # paper comment\narxiv = "https://arxiv.org/abs/2301.00001"'))
    assert path.read_text() == expected


def test_remove_cuts_only_the_papers_table(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(HAND_WRITTEN)
    with catalog.writing(path) as writer:
        removed = writer.remove("b-2023")
    assert removed.title == "B"
    assert path.read_text() == HAND_WRITTEN[:HAND_WRITTEN.index("[[papers]]\nkey = \"b")].rstrip("\n") + "\n"


def test_update_changes_several_papers_in_place(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(HAND_WRITTEN)
    with catalog.writing(path) as writer:
        a, b = writer.view.papers()
        writer.update([replace(a, title="A2"), replace(b, title="B2")])
    text = path.read_text()
    assert text == HAND_WRITTEN.replace('title = "A"', 'title = "A2"').replace('title = "B"', 'title = "B2"')


def test_writers_refuse_a_catalog_with_invalid_records_and_list_them(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[papers]]\nkey = "k"\ntitle = "T"\nvenue = "NOPE"\nyear = 2023\n')
    with pytest.raises(CatalogInvalid) as caught, catalog.writing(path):
        pass
    assert [p.rule for p in caught.value.problems] == ["unknown-venue"]


def test_a_read_only_catalog_is_refused_by_name_even_for_root(catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    catalog_file.chmod(0o444)
    with pytest.raises(WriteFailed, match=f"^{catalog_file}: the catalog file is read-only"), \
            catalog.writing(catalog_file):
        pass
    assert catalog_file.read_bytes() == before


def test_writes_keep_the_files_permissions_and_leave_no_temp_file(catalog_file: Path) -> None:
    catalog_file.chmod(0o640)
    with catalog.writing(catalog_file) as writer:
        writer.add([_paper()])
    assert stat.S_IMODE(catalog_file.stat().st_mode) == 0o640
    assert sorted(p.name for p in catalog_file.parent.iterdir()) == ["papers.toml"]


def test_a_write_through_a_symlink_changes_the_target_and_keeps_the_link(catalog_file: Path, tmp_path: Path) -> None:
    link = tmp_path / "elsewhere" / "link.toml"
    link.parent.mkdir()
    link.symlink_to(catalog_file)
    for change in ("add", "edit", "remove"):
        with catalog.writing(link) as writer:
            if change == "add":
                writer.add([_paper()])
            elif change == "edit":
                writer.edit("spiking-state-space-2023", replace(_paper(), title="Changed"))
            else:
                writer.remove("spiking-state-space-2023")
        assert link.is_symlink() and link.resolve() == catalog_file.resolve()
    assert catalog.open_catalog(catalog_file).papers() == catalog.open_catalog(CATALOG).papers()


def test_leftover_temp_files_of_a_killed_writer_are_removed_by_the_next(catalog_file: Path) -> None:
    leftover = catalog_file.with_name(".snn-papers-papers.toml.123.abcd.tmp")
    leftover.write_text("half")
    with catalog.writing(catalog_file) as writer:
        writer.add([_paper()])
    assert not leftover.exists()


def test_no_lock_file_is_left_beside_the_catalog(tmp_path: Path, cache_home: Path) -> None:
    (tmp_path / "list").mkdir()
    path = tmp_path / "list" / "papers.toml"
    shutil.copyfile(CATALOG, path)
    with catalog.writing(path) as writer:
        writer.add([_paper()])
    assert sorted(p.name for p in path.parent.iterdir()) == ["papers.toml"]


# --- the cache ----------------------------------------------------------------------------

def _cache_files(home: Path) -> list[Path]:
    return sorted((home / "snn-papers" / "catalogs").glob("*.cache"))


def test_the_first_read_writes_the_cache_and_the_next_gives_the_same_catalog(
        big: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = catalog.open_catalog(big)
    assert len(_cache_files(cache_home)) == 1
    second = catalog.open_catalog(big)
    assert second._stored is not None  # answered by the cache
    _same(second, _fresh(big, monkeypatch))
    _same(first, second)


def test_a_hand_edit_is_seen_by_the_next_read(small: Path, cache_home: Path) -> None:
    catalog.open_catalog(small)
    small.write_text(small.read_text().replace('year = 2015', 'year = 2016', 1))
    view = catalog.open_catalog(small)
    assert view.years.count(2015) == catalog.open_catalog(small).years.count(2015)
    assert 2016 in view.years


def test_a_same_size_edit_with_the_same_whole_second_timestamp_is_seen(small: Path, cache_home: Path) -> None:
    """A file system with 1-second timestamps: the edit leaves size and mtime unchanged."""
    whole_second = (small.stat().st_mtime_ns // 1_000_000_000) * 1_000_000_000
    os.utime(small, ns=(whole_second, whole_second))
    first = catalog.open_catalog(small)
    title = first.titles[5]
    changed = title[:-1] + ("X" if title[-1] != "X" else "Y")
    small.write_text(small.read_text().replace(f'title = "{title}"', f'title = "{changed}"', 1))
    os.utime(small, ns=(whole_second, whole_second))
    assert catalog.open_catalog(small).titles[5] == changed


@pytest.mark.parametrize("seed", range(12))
def test_random_damage_to_the_cache_always_gives_the_true_catalog(
        small: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """1 to 3 bit flips anywhere in the cache, 10 times a seed: each read gives the catalog
    parsed from its bytes, and so does the read after it (the cache healed)."""
    catalog.open_catalog(small)
    (cache,) = _cache_files(cache_home)
    whole = cache.read_bytes()
    fresh = _fresh(small, monkeypatch)
    rng = random.Random(seed)
    for _ in range(10):
        data = bytearray(whole)
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(data))
            data[position] ^= 1 << rng.randrange(8)
        for stamp in cache.parent.glob("*.stamp"):  # the stat proof of the undamaged cache
            stamp.unlink()
        cache.write_bytes(bytes(data))
        _same(catalog.open_catalog(small), fresh)
        _same(catalog.open_catalog(small), fresh)  # and healed


def test_a_few_papers_are_read_from_their_chunks_of_the_cache_without_whole_columns(
        small: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog.open_catalog(small)
    view = catalog.open_catalog(small)
    assert view._stored is not None
    fresh = _fresh(small, monkeypatch)
    for index in (0, 255, 256, 299):  # both sides of the first chunk's end (256 rows)
        assert view.paper(index) == fresh.paper(index)
    assert "titles" not in view._columns and "links" not in view._columns


@pytest.mark.parametrize("column", ["titles", "links", "extras"])
def test_a_damaged_chunk_read_for_one_paper_gives_the_true_paper_and_heals_the_cache(
        small: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, column: str) -> None:
    catalog.open_catalog(small)
    (cache,) = _cache_files(cache_home)
    view = catalog.open_catalog(small)
    offset, length, _crc = view._stored.header["blobs"][column][1]  # rows 256-299
    data = bytearray(cache.read_bytes())
    data[len(_cache_module.MAGIC) + offset + length // 2] ^= 0x10
    for stamp in cache.parent.glob("*.stamp"):
        stamp.unlink()
    cache.write_bytes(bytes(data))
    damaged = catalog.open_catalog(small)
    fresh = _fresh(small, monkeypatch)
    assert damaged.paper(280) == fresh.paper(280)
    _same(catalog.open_catalog(small), fresh)


def test_an_unwritable_cache_folder_just_means_no_cache(catalog_file: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert len(catalog.open_catalog(catalog_file)) == 93


def test_adds_are_read_from_the_cache_plus_the_new_tables_and_stay_right(
        small: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog.open_catalog(small)
    for number in range(3):
        with catalog.writing(small) as writer:
            writer.add([_paper(f"new-{number}-2023", f"A New Paper Number {number}")])
    view = catalog.open_catalog(small)
    assert view._stored is not None and view._tail  # the cache, and the tail parsed
    _same(view, _fresh(small, monkeypatch))


def test_many_adds_fold_the_tail_into_the_cache(small: Path, cache_home: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from awesome_snn.catalog._view import TAIL_LIMIT

    catalog.open_catalog(small)
    with catalog.writing(small) as writer:
        writer.add([_paper(f"bulk-{n}-2023", f"Bulk Paper {n}") for n in range(TAIL_LIMIT + 1)])
    catalog.open_catalog(small)  # parses the tail once and rewrites the cache
    view = catalog.open_catalog(small)
    assert view._tail == {}
    _same(view, _fresh(small, monkeypatch))


@pytest.mark.parametrize("change", ["edit", "remove", "update"])
def test_edit_and_remove_after_adds_leave_a_cache_equal_to_a_fresh_parse(
        big: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    catalog.open_catalog(big)
    with catalog.writing(big) as writer:
        writer.add([_paper()])
    with catalog.writing(big) as writer:
        key = writer.view.keys[4500]
        old = writer.view.paper(4500)
        if change == "edit":
            writer.edit(key, replace(old, title=old.title + " Revisited",
                                     links=old.links + (Link("arxiv", "https://arxiv.org/abs/2301.00002"),)))
        elif change == "remove":
            writer.remove(key)
        else:
            writer.update([replace(old, title=old.title + " Again"),
                           replace(writer.view.paper(10), year=2020)])
        _same(writer.view, _fresh(big, monkeypatch))
    _same(catalog.open_catalog(big), _fresh(big, monkeypatch))


def test_the_cache_is_kept_for_a_bounded_number_of_catalogs(tmp_path: Path, cache_home: Path) -> None:
    from awesome_snn.catalog._cache import MAX_FILES

    for number in range(MAX_FILES + 5):
        path = tmp_path / f"c{number}.toml"
        shutil.copyfile(CATALOG, path)
        catalog.open_catalog(path)
    assert len(_cache_files(cache_home)) == MAX_FILES


def test_a_catalog_nested_hundreds_of_levels_deep_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    with pytest.raises(CatalogSyntaxError, match="nested too deeply"):
        catalog.open_catalog(path)


def test_a_hard_linked_catalog_is_refused_rather_than_split_in_two(catalog_file: Path) -> None:
    other = catalog_file.with_name("other-name.toml")
    os.link(catalog_file, other)
    with pytest.raises(WriteFailed, match="hard links"), catalog.writing(other):
        pass


def test_writers_queue_and_all_land_through_a_symlink_and_its_target(tmp_path: Path) -> None:
    import subprocess

    real = tmp_path / "real" / "papers.toml"
    real.parent.mkdir()
    shutil.copyfile(CATALOG, real)
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    script = ("import sys\nfrom awesome_snn import catalog\nfrom awesome_snn.model import Paper, Link\n"
              "n = int(sys.argv[2])\n"
              "with catalog.writing(sys.argv[1]) as w:\n"
              "    w.add([Paper(f'queued-{n}-2023', f'Queued Paper {n}', 'ICLR', 2023,"
              " (Link('paper', f'https://q.org/{n}'),))])\n")
    procs = [subprocess.Popen([sys.executable, "-c", script, str(real if n % 2 else link), str(n)],
                              stderr=subprocess.PIPE, text=True) for n in range(16)]
    assert [p.wait(timeout=120) for p in procs] == [0] * 16, [p.stderr.read() for p in procs]
    view = catalog.open_catalog(real)
    assert {f"queued-{n}-2023" for n in range(16)} <= set(view.keys)
    assert link.is_symlink()


def test_update_rewrites_a_title_written_with_double_spaces(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(HAND_WRITTEN.replace('title = "B"', 'title = "B  spaced "'))
    with catalog.writing(path) as writer:
        spaced = writer.view.paper(1)
        assert spaced.title == "B spaced"  # read with its spaces collapsed
        writer.update([spaced])
    assert path.read_text() == HAND_WRITTEN.replace('title = "B"', 'title = "B spaced"')


def test_a_reader_never_sees_a_half_written_catalog_while_adds_run(catalog_file: Path) -> None:
    import subprocess

    script = ("import sys\nfrom awesome_snn import catalog\nfrom awesome_snn.model import Paper, Link\n"
              "for n in range(40):\n"
              "    with catalog.writing(sys.argv[1]) as w:\n"
              "        w.add([Paper(f'read-while-{n}-2023', f'Read While Adding Number {n}', 'ICLR', 2023,"
              " (Link('paper', f'https://rw.org/{n}'),))])\n")
    writer = subprocess.Popen([sys.executable, "-c", script, str(catalog_file)])
    seen = []
    try:
        while writer.poll() is None or not seen:
            tomllib.loads(catalog_file.read_text(encoding="utf-8"))  # never torn
            view = catalog.open_catalog(catalog_file)
            assert view.problems == ()
            seen.append(len(view))
    finally:
        assert writer.wait(timeout=120) == 0
    assert seen == sorted(seen) and len(catalog.open_catalog(catalog_file)) == 93 + 40


def test_the_check_table_is_read_cached_and_kept_by_a_whole_rewrite(tmp_path: Path, cache_home: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('venues = [{abbr = "ICLR", name = "I"}]\n'
                    'papers = [{key = "a-2023", title = "A", venue = "ICLR", year = 2023}]\n\n'
                    '[check]\nrules = { "no-link" = "warning", "not-snn" = "off" }\n'
                    'not_duplicates = [["b-2023", "a-2023"]]\n')
    expected = (("no-link", "warning"), ("not-snn", "off")), (("a-2023", "b-2023"),)
    for _ in range(2):  # parsed, then from the cache
        settings = catalog.open_catalog(path).check_settings
        assert (settings.severities, settings.not_duplicates) == expected
    with catalog.writing(path) as writer:  # an inline array: the add rewrites the file whole
        writer.add([_paper()])
    settings = catalog.open_catalog(path).check_settings
    assert (settings.severities, settings.not_duplicates) == expected


@pytest.mark.parametrize("table", ['check = "x"', '[check]\nrules = { "no-link" = "loud" }',
                                   '[check]\nnot_duplicates = [["only-one"]]'])
def test_a_malformed_check_table_is_a_check_problem_not_an_invalid_record(tmp_path: Path, table: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(table + "\n")
    view = catalog.open_catalog(path)
    assert [(p.rule, p.line) for p in view.check_problems] == [("invalid-check", 1)]
    assert view.problems == ()


def test_a_check_table_after_the_papers_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[[venues]]\nabbr = "ICLR"\n\n[[papers]]\nkey = "a-2023"\ntitle = "A"\n'
                    'venue = "ICLR"\nyear = 2023\n\n[check]\nrules = { "no-link" = "off" }\n')
    for _ in range(2):  # read, then from the cache
        settings = catalog.open_catalog(path).check_settings
        assert settings.severities == (("no-link", "off"),)


NEXT = b'\n[[papers]]\nkey = "next-2023"\n'


@pytest.mark.parametrize(("body", "why"), [
    (b"title = 'Three \"\"\" Quotes'\n", "three quotes inside a one-line literal string"),
    (b'title = "It\'\'\'s"\n', "three apostrophes inside a one-line basic string"),
    (b'title = "A" # a comment with """ in it\n', "three quotes in a comment"),
    (b'title = """Two\nlines"""\n', "a multi-line string that closes"),
    (b'title = """Ends in a quote"""""\n', "closing quotes that carry two quotes of the text"),
    (b'title = """Escaped \\""" still open\n[[papers]]\nnot a header"""\n', "an escaped quote in a basic multi-line string"),
    (b"title = '''Literal \\'''\n", "no escapes in a literal multi-line string"),
])
def test_a_paper_table_ends_where_toml_says_its_strings_end(body: bytes, why: str) -> None:
    from awesome_snn.catalog._edit import table_span

    data = b'[[papers]]\nkey = "this-2023"\n' + body + NEXT
    start, end = table_span(data, 0)
    assert (start, data[end:]) == (0, NEXT), why
    assert tomllib.loads((data[:end]).decode())["papers"][0]["key"] == "this-2023"
