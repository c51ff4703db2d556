from __future__ import annotations

import re
from pathlib import Path

from cli_helpers import invoke, load, load_with_problems
from conftest import CATALOG, SEED


def test_import_seed_to_new_catalog_reports_counts(tmp_path: Path, monkeypatch) -> None:
    """The seed catalog fixture is the seed list imported (as a list repository's
    data/papers.toml: its header comment names that path)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    result = invoke("import", SEED, "-o", "data/papers.toml")
    assert result.exit_code == 0, result.output
    assert "Read 93 papers in 20 sections (14 venues)" in result.output
    out = tmp_path / "data" / "papers.toml"
    # the fixture (kept in the default layout, which the other tests export), and the seed's
    # own layout as the seed README writes it: bare venue headings ('## CVPR', the most),
    # 2023's with their full names and 2022's 'NEURAL COMPUTATION' and 'IEEE TCYB (...)' as
    # written, '-' years and '*' venues in its contents, items written [[paper](url)]
    own = {f"{year} {heading.split(' (')[0]}": heading for year, heading in (
        *((2023, h) for h in (
            "CVPR (IEEE Conference on Computer Vision and Pattern Recognition)",
            "AAAI (Association for the Advancement of Artificial Intelligence)",
            "ICASSP (IEEE International Conference on Acoustics, Speech and Signal Processing)",
            "ICLR (International Conference on Learning Representations)",
            "IJCNN (International Joint Conference on Neural Networks)",
            "PAMI (IEEE Transactions on Pattern Analysis and Machine Intelligence)",
            "TNNLS (IEEE Transactions on Neural Networks and Learning Systems)")),
        (2022, "IEEE TCYB (IEEE Transactions on Cybernetics)"))}
    own["2022 Neural Computation"] = "NEURAL COMPUTATION"
    layout = ('[layout]\nvenue_heading = "{abbr}"\ntoc_markers = "-*"\nlinks = "plain"\n\n'
              "[layout.headings]\n" + "".join(f'"{k}" = "{v}"\n' for k, v in sorted(own.items())) + "\n")
    fixture = CATALOG.read_text(encoding="utf-8")
    at = fixture.index("\n[[venues]]") + 1 if "\n[[venues]]" in fixture else None
    assert at is not None
    expected = fixture[:at] + layout + fixture[at:]
    # and the seed's items written in a form of their own, kept as written: line 40's
    # '[[paper]](url)', the others' double space before their links
    seed = SEED.read_text(encoding="utf-8").split("\n")
    for key, line in (("deep-spiking-neural-2023", 40), ("ltmd-2022", 127),
                      ("emergence-hierarchical-layers-2022", 133), ("axonal-delay-short-2022", 153),
                      ("state-transition-dendritic-2022", 168), ("modeling-learnable-electrical-2022", 201)):
        written = seed[line - 1].rstrip()
        assert '"' not in written and "\\" not in written
        block = expected.index(f'key = "{key}"')
        end = expected.index("\n", expected.index("\nyear = ", block) + 1) + 1
        expected = expected[:end] + f'as_written = "{written}"\n' + expected[end:]
    assert out.read_text(encoding="utf-8") == expected


def test_import_lists_unreadable_lines_and_keeps_the_rest(tmp_path: Path) -> None:
    md = tmp_path / "list.md"
    md.write_text("# L\n\n# 2023\n\n## CVPR\n\n- Good [[paper](https://a.org)]\n- [[paper](https://b.org)]\n")
    result = invoke("import", md, "-o", tmp_path / "c.toml")
    assert result.exit_code == 0
    assert "8\tno title before the links\t" in result.stderr
    catalog = load(tmp_path / "c.toml")
    assert [p.title for p in catalog.papers] == ["Good"]


def test_import_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "c.toml"
    out.write_text("keep me\n")
    result = invoke("import", SEED, "-o", out)
    assert result.exit_code == 2
    assert "already exists" in result.output
    assert out.read_text() == "keep me\n"


def test_import_merges_only_new_papers_into_an_existing_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "c.toml"
    catalog.write_text(CATALOG.read_text(encoding="utf-8"), encoding="utf-8")
    md = tmp_path / "more.md"
    md.write_text("# L\n\n# 2024\n\n## ICLR\n\n- A New Paper [[paper](https://a.org/new)]\n"
                  "- Spikformer: When Spiking Neural Networks Meet Transformers\n"
                  "- Another New Paper [[paper](https://openreview.net/forum?id=frE4fUwz_h)]\n"
                  "- A Third New Paper [[code](https://github.com/ZK-Zhou/spikformer)]\n\n"
                  "# 2023\n\n## ICLR\n\n- Spikformer: When Spiking Neural Network Meets Transformer\n")
    before = catalog.read_text(encoding="utf-8")
    result = invoke("import", md, "--catalog", catalog)
    assert result.exit_code == 0, result.output
    # The policy of `add`: the same or a very similar title, or a shared paper link, is the
    # same paper (in any year); a shared code link is not.
    assert "wrote 2 to" in result.output and "3 were already in the catalog" in result.output
    after = catalog.read_text(encoding="utf-8")
    assert after.startswith(before)
    loaded, problems = load_with_problems(catalog)
    assert problems == () and len(loaded.papers) == 95
    assert [p.title for p in loaded.papers[-2:]] == ["A New Paper", "A Third New Paper"]


def test_import_into_the_shipped_catalog_is_refused() -> None:
    # run in snn-papers' own repository, whose data/papers.toml is the shipped catalog
    result = invoke("import", SEED)
    assert result.exit_code == 2
    assert "read-only" in result.output and "--catalog PATH" in result.output


def test_import_of_binary_junk_fails_cleanly(tmp_path: Path) -> None:
    junk = tmp_path / "junk.md"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    out = tmp_path / "c.toml"
    result = invoke("import", junk, "-o", out)
    assert result.exit_code == 2
    assert "junk.md" in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_export_writes_the_list_to_stdout_from_the_shipped_catalog() -> None:
    result = invoke("export")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Awesome SNN Conference Paper")
    # The 469 distinct entries of the newest list, and in its HTML contents (the list's own,
    # issue 15) an entry for each year 2018-2026.
    assert result.stdout.count("\n- ") == 469
    assert re.findall(r'<li>\s*<a href="#(20[0-9][0-9])">', result.stdout) == [str(y) for y in range(2026, 2017, -1)]


def test_export_output_file_and_check(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    assert invoke("export", "-o", readme).exit_code == 0
    assert invoke("export", "--check", readme).exit_code == 0
    readme.write_text(readme.read_text(encoding="utf-8").replace("Spikformer", "Spikeformer"),
                      encoding="utf-8")
    result = invoke("export", "--check", readme)
    assert result.exit_code == 1
    assert "\n-- Spikeformer: When Spiking Neural Network Meets Transformer" in result.stdout
    assert "+- Spikformer: When Spiking Neural Network Meets Transformer" in result.stdout


def test_export_check_of_the_seed_itself_fails_with_a_diff() -> None:
    result = invoke("export", "--check", SEED)
    assert result.exit_code == 1
    assert result.stdout.startswith("---")


def test_init_writes_an_empty_catalog_that_loads(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    result = invoke("init", path, "--title", "Awesome Spikes")
    assert result.exit_code == 0
    catalog, problems = load_with_problems(path)
    assert problems == () and catalog.papers == () and catalog.texts.title == "Awesome Spikes"
    assert invoke("init", path).exit_code == 2


def test_catalog_from_environment_variable(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "env.toml"
    invoke("init", path)
    monkeypatch.setenv("SNN_PAPERS_CATALOG", str(path))
    result = invoke("export")
    assert result.exit_code == 0
    assert "[2023]" not in result.stdout
