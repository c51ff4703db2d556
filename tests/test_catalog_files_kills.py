"""Safe writes and reads at their edges, in this process (so mutation testing sees them):
cases that surviving mutants of ``catalog/_files.py`` showed no test held."""

from __future__ import annotations

import errno
import os
import resource
from pathlib import Path

import pytest
from cli_helpers import invoke

from awesome_snn.catalog._files import atomic_write, read_catalog_bytes, write_output, write_reason
from awesome_snn.errors import CatalogError, WriteFailed


@pytest.mark.parametrize(("code", "reason"), [
    (errno.ENOSPC, "the disk is full"),
    (errno.EFBIG, "the file is larger than this system allows"),
    (errno.EDQUOT, "the disk quota is exceeded"),
    (errno.EACCES, "permission denied"), (errno.EPERM, "permission denied"),
    (errno.EROFS, "the file system is read-only"),
    (errno.ENOENT, "the folder does not exist"),
    (errno.ENAMETOOLONG, "File name too long"),  # anything else: the system's own words
])
def test_a_failed_write_says_why_in_words(code: int, reason: str) -> None:
    assert write_reason(OSError(code, os.strerror(code))) == reason
    assert write_reason(OSError("no errno at all")) == "no errno at all"


def test_a_new_file_gets_the_usual_permissions_and_its_folders(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        target = tmp_path / "site" / "deep" / "index.html"
        write_output(target, "<p>spikes</p>\n")
    finally:
        os.umask(umask)
    assert target.read_text(encoding="utf-8") == "<p>spikes</p>\n"
    assert target.stat().st_mode & 0o777 == 0o644
    assert os.listdir(target.parent) == ["index.html"]


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "README.md"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o600)
    write_output(target, ["new", "\n"])
    assert target.read_text(encoding="utf-8") == "new\n" and target.stat().st_mode & 0o777 == 0o600


def test_an_exclusive_write_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "papers.toml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(WriteFailed) as refused:
        atomic_write(target, b"theirs\n", exclusive=True)
    assert str(refused.value) == f"{target}: already exists; nothing was written"
    assert target.read_text(encoding="utf-8") == "mine\n" and os.listdir(tmp_path) == ["papers.toml"]


def test_a_write_that_fails_halfway_says_so_and_leaves_nothing_behind(tmp_path: Path) -> None:
    """The file-size limit makes the write into the temporary file fail (EFBIG) after it was
    made; the old file stays, and the temporary file goes."""
    target = tmp_path / "README.md"
    target.write_text("the old file\n", encoding="utf-8")
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, hard))
    try:
        with pytest.raises(WriteFailed) as failed:
            write_output(target, "x" * 100_000)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert str(failed.value) == (f"{target}: cannot write (the file is larger than this system"
                                 " allows); nothing was changed")
    assert os.listdir(tmp_path) == ["README.md"]
    assert target.read_text(encoding="utf-8") == "the old file\n"


def test_a_catalog_that_is_not_a_readable_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(CatalogError) as error:
        read_catalog_bytes(missing)
    assert str(error.value) == (f"{missing}: no such catalog; create one with `snn-papers init"
                                f" {missing}` or pass --catalog PATH")
    with pytest.raises(CatalogError) as error:
        read_catalog_bytes(tmp_path)
    assert str(error.value) == f"{tmp_path}: is a folder, not a catalog file; pass the .toml file"
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)  # opened without waiting for a writer, then refused
    with pytest.raises(CatalogError) as error:
        read_catalog_bytes(fifo)
    assert str(error.value) == f"{fifo}: is not a regular file; pass the catalog's .toml file"


def test_a_catalog_with_two_names_is_not_replaced(tmp_path: Path, catalog_file: Path) -> None:
    other = tmp_path / "other-name.toml"
    os.link(catalog_file, other)
    before = catalog_file.read_bytes()
    result = invoke("edit", "spikformer-2023", "--year", "2022", catalog=catalog_file)
    assert result.exit_code == 2
    assert result.stderr == (f"snn-papers: error: {catalog_file}: the catalog file has 2 hard links;"
                             " a safe write replaces the file, which would leave the other names"
                             " with the old catalog. Use a symlink instead (or a copy); nothing"
                             " was changed\n")
    assert catalog_file.read_bytes() == before
