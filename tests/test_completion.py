"""Shell completion of venue names and paper keys: the callbacks, and real round trips
through the installed `snn-papers` script and a real bash."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from pathlib import Path
from types import SimpleNamespace

import pytest
from cli_helpers import invoke, load
from conftest import CATALOG

from awesome_snn.completion import complete_key, complete_venue

SHIPPED = load(CATALOG)
SCRIPT = Path(sysconfig.get_path("scripts")) / "snn-papers"
"""The console script installed with this package in the environment running the tests."""
NEW_KEY = "spiking-completion-test-2023"


def ctx(catalog: Path | str | None = None) -> SimpleNamespace:
    """What the callbacks read of Typer's context: the options parsed so far."""
    return SimpleNamespace(params={"catalog": catalog, "key": None})


@pytest.fixture
def catalog_with_new_paper(catalog_file: Path) -> Path:
    result = invoke("add", "--catalog", catalog_file, "--venue", "ICLR", "--year", "2023",
                    "--title", "Spiking Completion Test Networks", "--paper", "https://example.org/p")
    assert result.exit_code == 0, result.output
    assert load(catalog_file).paper(NEW_KEY) is not None
    return catalog_file


# --- the callbacks -------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "expected"), [
    ("IC", ["ICASSP", "ICLR", "ICML"]),
    ("ic", ["ICASSP", "ICLR", "ICML"]),
    ("cv", ["CVPR", "cvpr"]),
    ("ne", ["Neural Networks", "NeurIPS", "neurips", "Neural Computation", "neco"]),
    ("nip", ["nips"]),
    ("ieee t", ["ieee tpami", "ieee tnnls", "IEEE TCYB"]),
    ("ICLR", ["ICLR"]),
    ("xyz", []),
])
def test_venue_completion_offers_abbreviations_and_aliases_by_prefix_ignoring_case(
    typed: str, expected: list[str]
) -> None:
    assert complete_venue(ctx(), typed) == expected


def test_every_venue_completion_is_a_venue_the_cli_accepts() -> None:
    names = complete_venue(ctx(), "")
    assert {v.abbr for v in SHIPPED.venues} <= set(names)
    for name in names:
        result = invoke("list", "--venue", name, "--json")
        assert result.exit_code == 0, f"{name}: {result.output}"


def test_key_completion_offers_every_key_in_catalog_order_for_nothing_typed() -> None:
    assert complete_key(ctx(), "") == [p.key for p in SHIPPED.papers]


@pytest.mark.parametrize("typed", ["spikf", "SPIKF", "Spikformer-2"])
def test_key_completion_matches_a_prefix_ignoring_case(typed: str) -> None:
    assert complete_key(ctx(), typed) == ["spikformer-2023"]


def test_key_completion_lists_prefix_matches_before_matches_inside_the_key() -> None:
    keys = complete_key(ctx(), "spik")
    starting = [k for k in keys if k.startswith("spik")]
    assert starting and len(starting) < len(keys)
    assert keys[:len(starting)] == starting
    assert set(keys) == {p.key for p in SHIPPED.papers if "spik" in p.key}
    assert "spikformer-2023" in complete_key(ctx(), "former")


def test_completion_reads_the_catalog_given_with_catalog(catalog_with_new_paper: Path) -> None:
    assert complete_key(ctx(catalog_with_new_paper), "spiking-compl") == [NEW_KEY]
    assert complete_key(ctx(), "spiking-compl") == []


def test_completion_reads_the_catalog_named_by_the_environment_unless_catalog_is_given(
    catalog_with_new_paper: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SNN_PAPERS_CATALOG", str(catalog_with_new_paper))
    assert complete_key(ctx(), "spiking-compl") == [NEW_KEY]
    assert complete_key(ctx(CATALOG), "spiking-compl") == []


@pytest.mark.parametrize("content", [
    None,  # no such file
    b"[[papers]\nkey = ",  # not TOML
    b"\xff\xfe\x00garbage",  # not text
    b'[[papers]]\nkey = 3\n[[venues]]\nabbr = ["x"]\n',  # TOML, but no valid record
])
def test_an_unreadable_catalog_completes_nothing_and_raises_nothing(
    tmp_path: Path, content: bytes | None
) -> None:
    path = tmp_path / "papers.toml"
    if content is not None:
        path.write_bytes(content)
    assert complete_key(ctx(path), "") == []
    assert complete_venue(ctx(path), "") == []


def test_a_folder_as_catalog_completes_nothing(tmp_path: Path) -> None:
    assert complete_key(ctx(tmp_path), "s") == [] and complete_venue(ctx(tmp_path), "") == []


# --- round trips through the installed script ---------------------------------------------

def complete(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(SCRIPT)], env={**os.environ, **env}, cwd=cwd,
                            capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def bash_candidates(words: str, cwd: Path) -> list[str]:
    """Click's bash protocol, as the completion script calls it: the words so far, and the
    index of the word under the cursor."""
    parts = words.split()
    result = complete({"_SNN_PAPERS_COMPLETE": "complete_bash", "COMP_WORDS": words,
                       "COMP_CWORD": str(len(parts) - 1)}, cwd)
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line]


@pytest.mark.parametrize(("words", "expected"), [
    ("snn-papers show spikf", ["spikformer-2023"]),
    ("snn-papers edit spikformer", ["spikformer-2023"]),
    ("snn-papers remove --yes spikf", ["spikformer-2023"]),
    ("snn-papers list --venue IC", ["ICASSP", "ICLR", "ICML"]),
    ("snn-papers search spiking --venue cv", ["cvpr"]),
    ("snn-papers export --venue Neur", ["Neural Networks", "NeurIPS", "Neural Computation"]),
    ("snn-papers add --venue nip", ["nips"]),
    ("snn-papers edit spikformer-2023 --venue TN", ["TNNLS"]),
])
def test_bash_completion_of_the_installed_script_offers_keys_and_venues(
    tmp_path: Path, words: str, expected: list[str]
) -> None:
    assert bash_candidates(words, tmp_path) == expected


def test_bash_completion_reads_the_catalog_on_the_command_line(
    tmp_path: Path, catalog_with_new_paper: Path
) -> None:
    words = f"snn-papers show --catalog {catalog_with_new_paper} spiking-comp"
    assert bash_candidates(words, tmp_path) == [NEW_KEY]


def test_completion_with_a_missing_catalog_prints_nothing_and_succeeds(tmp_path: Path) -> None:
    words = f"snn-papers show --catalog {tmp_path / 'missing.toml'} spik"
    assert bash_candidates(words, tmp_path) == []


def test_zsh_completion_of_the_installed_script_offers_keys(tmp_path: Path) -> None:
    result = complete({"_SNN_PAPERS_COMPLETE": "complete_zsh",
                       "_TYPER_COMPLETE_ARGS": "snn-papers show spikf"}, tmp_path)
    assert result.stdout.strip() == """_arguments '*: :(("spikformer-2023"))'"""


def test_a_real_bash_with_the_installed_completion_script_completes_a_key(tmp_path: Path) -> None:
    """The script `--show-completion bash` prints, sourced into bash, then Tab simulated by
    calling the completion function the way bash's `complete -F` does."""
    bash = shutil.which("bash")
    assert bash is not None, "bash is needed for the shell completion round trip"
    script = complete({"_SNN_PAPERS_COMPLETE": "source_bash"}, tmp_path)
    assert script.returncode == 0 and "complete -o default -F" in script.stdout, script.stderr
    (tmp_path / "completion.bash").write_text(script.stdout, encoding="utf-8")
    program = """
        source ./completion.bash
        function=$(complete -p snn-papers | awk '{print $(NF-1)}')
        COMP_WORDS=(snn-papers show spikf); COMP_CWORD=2
        "$function" snn-papers spikf show
        printf '%s\\n' "${COMPREPLY[@]}"
        COMP_WORDS=(snn-papers list --venue IC); COMP_CWORD=3
        "$function" snn-papers IC --venue
        printf '%s\\n' "${COMPREPLY[@]}"
    """
    path = f"{SCRIPT.parent}{os.pathsep}{os.environ.get('PATH', '')}"
    result = subprocess.run([bash, "--norc", "--noprofile", "-c", program], cwd=tmp_path,
                            env={**os.environ, "PATH": path}, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["spikformer-2023", "ICASSP", "ICLR", "ICML"]


def test_help_offers_to_install_and_to_show_the_completion_script() -> None:
    result = invoke("--help")
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout


# Commands run without --catalog read the seed catalog (a copy): the papers these tests name.
pytestmark = pytest.mark.usefixtures("seed_catalog")
