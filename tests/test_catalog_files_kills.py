"""Safe writes and reads at their edges, in this process (so mutation testing sees them):
cases that surviving mutants of ``catalog/_files.py`` showed no test held."""

from __future__ import annotations

import errno
import os
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_helpers import invoke, load

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


@pytest.mark.parametrize("length", [0, 1, 2, 4096])
def test_a_region_of_the_old_file_is_copied_whole_whatever_its_length(tmp_path: Path, length: int) -> None:
    from awesome_snn.catalog._files import Region

    source = tmp_path / "old.toml"
    source.write_bytes(b"0123456789" * 500)
    target = tmp_path / "new.toml"
    fd = os.open(source, os.O_RDONLY)
    try:
        atomic_write(target, [b"head:", Region(fd, 3, length), ":tail"])
    finally:
        os.close(fd)
    assert target.read_bytes() == b"head:" + (b"0123456789" * 500)[3:3 + length] + b":tail"


def test_an_edit_of_the_last_paper_keeps_the_one_byte_after_its_table(tmp_path: Path, catalog_file: Path) -> None:
    """The file ends with a blank line after the last table: the one byte left to copy after
    the edited table is copied too."""
    text = catalog_file.read_text(encoding="utf-8") + "\n"
    catalog_file.write_text(text, encoding="utf-8")
    last = text.rindex("\nyear = ")
    result = invoke("edit", load(catalog_file).papers[-1].key, "--year", "2001", catalog=catalog_file)
    assert result.exit_code == 0, result.output
    year_end = text.index("\n", last + 1)
    assert catalog_file.read_text(encoding="utf-8") == text[:last] + "\nyear = 2001" + text[year_end:]



@contextmanager
def refusing_new_files(folder: Path) -> Iterator[None]:
    """``folder`` refuses new files while the block runs: its write bits are taken away, or,
    for root, whom they do not stop, it is made immutable (``chattr +i``: EPERM for anyone)."""
    import shutil
    import subprocess

    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: no way to refuse root a folder")
        if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
            pytest.skip(f"running as root and {folder} does not take chattr +i")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)


def test_a_folder_that_refuses_the_temporary_file_is_named_in_the_error(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    target = folder / "README.md"
    write_output(target, "old\n")
    with refusing_new_files(folder), pytest.raises(WriteFailed) as refused:
        atomic_write(target, b"new\n")
    assert str(refused.value) == f"{folder}: cannot write (permission denied); nothing was changed"
    assert target.read_bytes() == b"old\n" and os.listdir(folder) == ["README.md"]


def test_a_catalog_in_a_folder_that_refuses_new_files_is_refused_before_any_work(
        tmp_path: Path, catalog_file: Path) -> None:
    before = catalog_file.read_bytes()
    with refusing_new_files(catalog_file.parent):
        result = invoke("edit", "spikformer-2023", "--year", "2022", catalog=catalog_file)
    assert result.exit_code == 2
    assert result.stderr == (f"snn-papers: error: {catalog_file.parent}: the catalog's folder is read-only"
                             f" (permission denied), so {catalog_file.name} cannot be replaced safely;"
                             " nothing was changed\n")
    assert catalog_file.read_bytes() == before


def test_a_catalog_that_cannot_be_read_says_why(tmp_path: Path) -> None:
    from awesome_snn.catalog._files import read_all

    path = tmp_path / "papers.toml"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)  # open, but not for reading: EBADF
    try:
        with pytest.raises(CatalogError) as error:
            read_all(fd, path)
    finally:
        os.close(fd)
    assert str(error.value) == f"{path}: cannot read the catalog (Bad file descriptor)"


@pytest.mark.parametrize(("size", "refused"), [(99, False), (100, False), (101, True)])
def test_a_catalog_is_read_up_to_the_size_limit_and_refused_beyond(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int, refused: bool) -> None:
    from awesome_snn.catalog import _files

    monkeypatch.setattr(_files, "MAX_CATALOG_BYTES", 100)  # the real limit is 1 GiB
    path = tmp_path / "papers.toml"
    path.write_bytes(b"#" * size)
    if refused:
        with pytest.raises(CatalogError) as error:
            read_catalog_bytes(path)
        assert str(error.value) == f"{path}: is {size} bytes, larger than a catalog may be (100 bytes)"
    else:
        assert read_catalog_bytes(path) == b"#" * size


def test_a_catalog_the_reader_may_not_open_is_a_clear_error() -> None:
    """Mode 000; as root, whom modes do not stop, read by a child process that gives up root
    first (its modules imported before)."""
    import shutil
    import subprocess
    import sys
    import tempfile

    from cli_helpers import process_env

    folder = Path(tempfile.mkdtemp(prefix="snn-papers-private-"))  # in /tmp: open to everyone
    try:
        folder.chmod(0o755)
        path = folder / "papers.toml"
        path.write_text("# private\n", encoding="utf-8")
        path.chmod(0)
        if os.geteuid() != 0:
            with pytest.raises(CatalogError) as error:
                read_catalog_bytes(path)
            message = str(error.value)
        else:
            assert read_catalog_bytes(path) == b"# private\n"  # root reads it anyway
            child = ("import os, sys\nfrom pathlib import Path\n"
                     "from awesome_snn.catalog._files import read_catalog_bytes\n"
                     "from awesome_snn.errors import CatalogError\nos.setgid(65534)\nos.setuid(65534)\n"
                     "try:\n    read_catalog_bytes(Path(sys.argv[1]))\nexcept CatalogError as exc:\n    print(exc)\n")
            result = subprocess.run([sys.executable, "-c", child, str(path)], env=process_env(),
                                    capture_output=True, text=True, timeout=60)
            message = result.stdout.strip() or result.stderr
        assert message == f"{path}: permission denied reading the catalog"
    finally:
        shutil.rmtree(folder)
