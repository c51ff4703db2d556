"""The TOML catalog on disk: finding it, reading it, and changing it safely.

Reading uses ``tomllib``; writing never re-serialises a whole hand-edited file. ``add``
appends a new ``[[papers]]`` table, ``edit`` and ``remove`` replace or cut only the lines of
one table, so comments, blank lines and hand formatting elsewhere survive byte for byte.
Every write goes through ``atomic_write`` under the catalog's lock file.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from awesome_snn.errors import (
    CatalogError,
    CatalogInvalid,
    CatalogSyntaxError,
    InvalidInput,
    LockTimeout,
    SnnPapersError,
    WriteFailed,
)
from awesome_snn.keys import KEY_PATTERN, unique_key
from awesome_snn.location import (  # noqa: F401 - where commands find the catalog
    ENV_VAR,
    CatalogLocation,
    append_intent_file,
    locate_catalog,
    shipped_catalog_path,
    writable,
)
from awesome_snn.model import (
    Catalog,
    Link,
    ListTexts,
    Paper,
    Venue,
    validate_kind,
    validate_label,
    validate_title,
    validate_url,
    validate_year,
)

LOCK_TIMEOUT = float(os.environ.get("SNN_PAPERS_LOCK_TIMEOUT", "10"))

HEADER_COMMENT = """\
# snn-papers catalog: the source of truth of the list. The README is made from it with
#   snn-papers export -o README.md
# One [[papers]] table per paper, in the list's order (key, title, venue, year, then its
# [papers.links] as label = "url"). [[venues]] is the venue registry; [list] holds the
# list's own texts. Edit by hand or with `snn-papers add/edit/remove`; see README.md,
# "The catalog", for the schema. `snn-papers check` validates the file.
"""

PAPER_KEYS = ("key", "title", "venue", "year", "links")
VENUE_KEYS = ("abbr", "name", "kind", "aliases")


# --- reading -------------------------------------------------------------------------------

def read_text(path: Path) -> str:
    settle_interrupted_append(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError(
            f"{path}: no such catalog; create one with `snn-papers init {path}` or pass"
            " --catalog PATH"
        ) from None
    except IsADirectoryError:
        raise CatalogError(f"{path}: is a folder, not a catalog file; pass the .toml file") from None
    except PermissionError:
        raise CatalogError(f"{path}: permission denied reading the catalog") from None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog ({exc.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogSyntaxError(f"{path}:{line}: the catalog is not UTF-8 text") from None


_TABLE_HEADER = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.\-\" ]+?)\s*\]\]?\s*(?:#.*)?$")


def table_headers(text: str) -> list[tuple[int, str, bool]]:
    """Every table header of a TOML text: (0-based line index, dotted name, is array).

    Lines inside multi-line strings are skipped, so an introduction that contains a line
    such as ``[[papers]]`` is not mistaken for a table.
    """
    headers = []
    in_string: str | None = None
    for index, line in enumerate(text.split("\n")):
        if in_string is not None:
            if in_string in line:
                in_string = None if line.count(in_string) % 2 == 1 else in_string
            continue
        match = _TABLE_HEADER.match(line)
        if match:
            name = match.group(1).replace('"', "").replace(" ", "")
            headers.append((index, name, line.lstrip().startswith("[[")))
            continue
        for delim in ('"""', "'''"):
            if line.count(delim) % 2 == 1:
                in_string = delim
                break
    return headers


def paper_header_lines(text: str) -> list[int]:
    """1-based line numbers of the ``[[papers]]`` headers, in file order."""
    return [index + 1 for index, name, is_array in table_headers(text)
            if is_array and name == "papers"]


def parse_catalog(text: str, path: Path) -> tuple[Catalog, list[str]]:
    """The catalog in ``text`` and a list of problems (one line each, with file and line).

    Records with problems are left out of the catalog, so read-only commands can warn and
    go on with the good ones; writing commands refuse while there are problems.
    """
    import tomllib

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = re.search(r"\(at line (\d+), column (\d+)\)", message)
        where = f"{match.group(1)}:{match.group(2)}" if match else "1:1"
        what = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", message)
        if not match and "end of document" in message:
            where = f"{text.count(chr(10)) + 1}:1"
        raise CatalogSyntaxError(f"{path}:{where}: {what} (the catalog is not valid TOML)") from None
    return catalog_from_data(data, path, paper_header_lines(text))


def catalog_from_data(data: dict[str, Any], path: Path,
                      header_lines: list[int] | None = None) -> tuple[Catalog, list[str]]:
    problems: list[str] = []
    texts = _texts_from(data.get("list", {}), path, problems)
    venues = _venues_from(data.get("venues", []), path, problems)
    raw_papers = data.get("papers", [])
    if not isinstance(raw_papers, list):
        problems.append(f"{path}: 'papers' must be an array of tables ([[papers]])")
        raw_papers = []
    lines = header_lines if header_lines and len(header_lines) == len(raw_papers) else None
    known_venues = {v.abbr for v in venues}
    papers: list[Paper] = []
    seen_keys: dict[str, int] = {}
    for index, raw in enumerate(raw_papers):
        line = lines[index] if lines else 0
        where = f"{path}:{line}: paper #{index + 1}" if line else f"{path}: paper #{index + 1}"
        paper = _paper_from(raw, where, problems, known_venues, line)
        if paper is None:
            continue
        if paper.key in seen_keys:
            problems.append(f"{where} ({paper.key}): duplicate key, also used by paper"
                            f" #{seen_keys[paper.key]}; give it another key")
            continue
        seen_keys[paper.key] = index + 1
        papers.append(paper)
    # Papers written by hand without a key get one made from the title (not stored).
    taken = set(seen_keys)
    final = []
    for paper in papers:
        if not paper.key:
            paper = replace(paper, key=unique_key(paper.title, paper.year, taken))
            taken.add(paper.key)
        final.append(paper)
    return Catalog(texts, tuple(venues), tuple(final)), problems


def _texts_from(raw: Any, path: Path, problems: list[str]) -> ListTexts:
    if not isinstance(raw, dict):
        problems.append(f"{path}: [list] must be a table")
        return ListTexts()
    values = {}
    for name in ("title", "badge", "introduction", "closing"):
        value = raw.get(name, getattr(ListTexts(), name))
        if not isinstance(value, str):
            problems.append(f"{path}: [list] {name} must be a string")
            continue
        values[name] = value
    return ListTexts(**values)


def _venues_from(raw: Any, path: Path, problems: list[str]) -> list[Venue]:
    if not isinstance(raw, list):
        problems.append(f"{path}: 'venues' must be an array of tables ([[venues]])")
        return []
    venues = []
    for index, item in enumerate(raw):
        where = f"{path}: venue #{index + 1}"
        if not isinstance(item, dict) or not isinstance(item.get("abbr"), str) or not item["abbr"].strip():
            problems.append(f"{where}: a venue needs abbr = \"...\"")
            continue
        try:
            kind = validate_kind(item.get("kind", "conference"))
        except InvalidInput as exc:
            problems.append(f"{where} ({item['abbr']}): {exc}")
            continue
        aliases = item.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            problems.append(f"{where} ({item['abbr']}): aliases must be a list of strings")
            aliases = []
        name = item.get("name", item["abbr"])
        if not isinstance(name, str):
            problems.append(f"{where} ({item['abbr']}): name must be a string")
            name = item["abbr"]
        venues.append(Venue(item["abbr"], name, kind, tuple(aliases)))
    return venues


def _paper_from(raw: Any, where: str, problems: list[str], venues: set[str],
                line: int) -> Paper | None:
    if not isinstance(raw, dict):
        problems.append(f"{where}: must be a table")
        return None
    key = raw.get("key", "")
    label = f"{where} ({key})" if isinstance(key, str) and key else where
    errors: list[str] = []
    if not isinstance(key, str) or (key and not KEY_PATTERN.match(key)):
        errors.append(f"key {key!r} must be lower-case letters, digits and '-'")
    if "title" not in raw:
        errors.append("missing title: add title = \"...\"")
    else:
        try:
            validate_title(raw["title"])
        except InvalidInput as exc:
            errors.append(str(exc))
    if "year" not in raw:
        errors.append("missing year: add year = 2023")
    elif not isinstance(raw["year"], int) or isinstance(raw["year"], bool):
        errors.append(f"year must be a number such as 2023, not {raw['year']!r}")
    else:
        try:
            validate_year(raw["year"])
        except InvalidInput as exc:
            errors.append(str(exc))
    venue = raw.get("venue")
    if not isinstance(venue, str) or not venue:
        errors.append("missing venue: add venue = \"CVPR\"")
    elif venue not in venues:
        errors.append(f"venue {venue!r} is not in the [[venues]] registry: add it there")
    links: list[Link] = []
    raw_links = raw.get("links", {})
    if not isinstance(raw_links, dict):
        errors.append("links must be a table of label = \"url\"")
    else:
        for link_label, url in raw_links.items():
            try:
                links.append(Link(validate_label(link_label), validate_url(url, link_label)))
            except InvalidInput as exc:
                errors.append(str(exc))
    if errors:
        problems.extend(f"{label}: {error}" for error in errors)
        return None
    extra = tuple((k, v) for k, v in raw.items() if k not in PAPER_KEYS)
    return Paper(key, " ".join(raw["title"].split()), venue, raw["year"], tuple(links), extra,
                 line)


def load_catalog(path: Path) -> tuple[Catalog, list[str]]:
    """Read and parse the catalog at ``path``: (catalog of the good records, problems)."""
    return parse_catalog(read_text(path), path)


def load_valid_catalog(path: Path) -> tuple[Catalog, str]:
    """For writers: the catalog and its text, refusing one with any invalid record."""
    text = read_text(path)
    catalog, problems = parse_catalog(text, path)
    refuse_invalid(path, problems)
    return catalog, text


def refuse_invalid(path: Path, problems: list[str] | tuple[str, ...]) -> None:
    """Writers change only a catalog whose every record is valid."""
    if problems:
        raise CatalogInvalid(
            f"{path}: {len(problems)} invalid record(s); fix them before changing the catalog:\n"
            + "\n".join(problems),
            list(problems),
        )


# --- writing -------------------------------------------------------------------------------

_PLAIN_STRING = re.compile(r'[^"\\\x00-\x1f\x7f]*')


def _toml_value(value: Any) -> str:
    """A TOML value. Strings and integers, nearly all of a catalog, are written directly;
    anything else (and any string that needs escapes) by tomli-w."""
    if isinstance(value, str) and _PLAIN_STRING.fullmatch(value):
        return f'"{value}"'
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    import tomli_w

    return tomli_w.dumps({"v": value}).partition(" = ")[2].rstrip("\n")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def paper_block(paper: Paper) -> str:
    """The ``[[papers]]`` table of one paper, in the catalog's fixed key order."""
    lines = [
        "[[papers]]",
        f"key = {_toml_value(paper.key)}",
        f"title = {_toml_value(paper.title)}",
        f"venue = {_toml_value(paper.venue)}",
        f"year = {paper.year}",
    ]
    tables = []
    for name, value in paper.extra:
        if isinstance(value, dict):
            tables.append((name, value))
        else:
            lines.append(f"{_toml_key(name)} = {_toml_value(value)}")
    if paper.links:
        lines.append("")
        lines.append("[papers.links]")
        lines.extend(f"{_toml_key(link.label)} = {_toml_value(link.url)}" for link in paper.links)
    for name, value in tables:
        lines.append("")
        lines.append(f"[papers.{_toml_key(name)}]")
        lines.extend(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
    return "\n".join(lines) + "\n"


def venue_block(venue: Venue) -> str:
    lines = [
        "[[venues]]",
        f"abbr = {_toml_value(venue.abbr)}",
        f"name = {_toml_value(venue.name)}",
        f"kind = {_toml_value(venue.kind)}",
    ]
    if venue.aliases:
        lines.append("aliases = [" + ", ".join(_toml_value(a) for a in venue.aliases) + "]")
    return "\n".join(lines) + "\n"


def _multiline(text: str) -> str:
    """A TOML multi-line string whose value is exactly ``text``."""
    import tomli_w

    return tomli_w.dumps({"v": text}, multiline_strings=True).partition(" = ")[2].rstrip("\n")


def dump_catalog(catalog: Catalog) -> str:
    """A whole catalog file, as ``import`` and ``init`` write it."""
    texts = catalog.texts
    parts = [
        HEADER_COMMENT,
        "[list]\n"
        f"title = {_toml_value(texts.title)}\n"
        f"badge = {_toml_value(texts.badge)}\n"
        f"introduction = {_multiline(texts.introduction)}\n"
        f"closing = {_multiline(texts.closing)}\n",
    ]
    parts.extend(venue_block(v) for v in catalog.venues)
    parts.extend(paper_block(p) for p in catalog.papers)
    return "\n".join(parts)


def atomic_write(path: Path, text: str | bytes | Iterable[str]) -> None:
    """Replace ``path`` with ``text`` (str, UTF-8 bytes, or str pieces written one by one)
    all at once: a temporary file in the same folder, flushed and fsynced, then
    ``os.replace``. The file's permissions are kept. On any failure the old file is
    untouched and the temporary file removed."""
    if isinstance(text, str):
        pieces: Iterable[bytes] = (text.encode("utf-8"),)
    elif isinstance(text, bytes):
        pieces = (text,)
    else:
        pieces = (piece.encode("utf-8") for piece in text)

    def write(handle: BinaryIO) -> None:
        for piece in pieces:
            handle.write(piece)

    _replace_atomically(Path(path), write)


def append_in_place(path: Path, blocks: list[str]) -> int:
    """Append ``blocks`` (each after one blank line) to the end of ``path`` itself, and return
    the line the first one starts on. Call it holding ``catalog_lock``.

    ``add`` at 100,000 papers must not copy, fsync and unlink a 28 MB file for a 300-byte
    paper, so the bytes go after the old ones in one ``pwrite``. Every reader still sees the
    old catalog or the new one: before writing, an intent record (``.NAME.append``: where the
    append starts and how long it is) is made durable; if the write fails it is undone on
    the spot (``ftruncate``), and if the process dies mid-write the next command to touch
    the catalog finds the record and cuts the partial tail (``finish_interrupted_append``).
    """
    import errno

    intent = append_intent_file(path)
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write ({_write_reason(exc)}); nothing was changed") from None
    size = None
    try:
        size = os.fstat(fd).st_size
        newline = size > 0 and os.pread(fd, 1, size - 1) != b"\n"
        lines = _count_newlines(fd, size) + newline
        data = (b"\n" if newline else b"") + "".join("\n" + b for b in blocks).encode("utf-8")
        _write_durably(intent, f"{size} {len(data)}\n".encode())
        written = os.pwrite(fd, data, size)
        if written != len(data):
            raise OSError(errno.ENOSPC, "short write")
        os.fsync(fd)
        intent.unlink()
    except OSError as exc:
        if size is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
                os.fsync(fd)
        with contextlib.suppress(OSError):
            intent.unlink()
        raise WriteFailed(f"{path}: cannot write ({_write_reason(exc)}); nothing was changed") from None
    finally:
        os.close(fd)
    return lines + 2


def finish_interrupted_append(path: Path) -> None:
    """Under the lock: undo the partial tail an ``append_in_place`` killed mid-write left.
    A torn or stale record (the file is no longer where it was) is simply dropped."""
    intent = append_intent_file(path)
    try:
        record = intent.read_bytes()
    except OSError:
        return
    try:
        start, length = map(int, record.split())
        size = path.stat().st_size
        if start < size < start + length:
            os.truncate(path, start)
    except (ValueError, OSError):
        pass
    with contextlib.suppress(OSError):
        intent.unlink()


def settle_interrupted_append(path: Path) -> None:
    """For readers: when an append's intent record lies beside the catalog, wait for the
    lock (the append may still be running) and undo what a killed one left. Costs one
    ``stat`` when there is none."""
    if not os.path.exists(append_intent_file(path)):
        return
    with contextlib.suppress(SnnPapersError), catalog_lock(path):
        pass


def _count_newlines(fd: int, size: int) -> int:
    count, offset = 0, 0
    while offset < size:
        chunk = os.pread(fd, min(1 << 22, size - offset), offset)
        if not chunk:
            break
        count += chunk.count(b"\n")
        offset += len(chunk)
    return count


def _write_durably(file: Path, data: bytes) -> None:
    import errno

    fd = os.open(file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        if os.write(fd, data) != len(data):
            raise OSError(errno.ENOSPC, "short write")
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_atomically(path: Path, write: Callable[[BinaryIO], None]) -> None:
    import tempfile

    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write ({exc.strerror})") from None
    if path.is_dir():
        raise WriteFailed(f"{path}: is a folder; give a file name")
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp_name, 0o666 & ~umask)
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_folder(folder)
    except OSError as exc:
        raise WriteFailed(f"{path}: cannot write ({_write_reason(exc)}); nothing was changed") from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _write_reason(exc: OSError) -> str:
    import errno

    return {
        errno.ENOSPC: "the disk is full",
        errno.EFBIG: "the file is larger than this system allows",
        errno.EDQUOT: "the disk quota is exceeded",
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EROFS: "the file system is read-only",
        errno.ENOENT: "the folder does not exist",
    }.get(exc.errno or 0, exc.strerror or str(exc))


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def catalog_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold ``<catalog>.lock`` beside the catalog for a read-modify-write."""
    timeout = LOCK_TIMEOUT if timeout is None else timeout
    lock_path = Path(str(path) + ".lock")
    with _lock_file(lock_path, timeout, path):
        finish_interrupted_append(path)
        yield


def _lock_timeout(path: Path, lock_path: Path, timeout: float) -> LockTimeout:
    return LockTimeout(
        f"{path}: another snn-papers process has held {lock_path.name} for over"
        f" {timeout:g}s; wait for it to finish, or delete {lock_path} if no process is running")


@contextmanager
def _lock_file(lock_path: Path, timeout: float, path: Path) -> Iterator[None]:
    """An exclusive ``flock`` on the lock file, the lock filelock's ``UnixFileLock`` takes
    (the two exclude each other), without importing filelock: its 4.x import costs ~25 ms,
    a tenth of ``add``'s budget at 100,000 papers. Where there is no ``fcntl`` (Windows),
    filelock's portable lock."""
    try:
        import fcntl
    except ImportError:
        yield from _portable_lock(lock_path, timeout, path)
        return
    import time

    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except PermissionError:
        raise WriteFailed(f"{lock_path}: permission denied creating the lock file") from None
    except OSError as exc:
        raise WriteFailed(f"{lock_path}: cannot create the lock file ({exc.strerror})") from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise _lock_timeout(path, lock_path, timeout) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _portable_lock(lock_path: Path, timeout: float, path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    lock = FileLock(lock_path, timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise _lock_timeout(path, lock_path, timeout) from None
    except PermissionError:
        raise WriteFailed(f"{lock_path}: permission denied creating the lock file") from None
    try:
        yield
    finally:
        lock.release()


def append_blocks(text: str, blocks: list[str]) -> str:
    """``text`` with new tables appended after one blank line; the rest unchanged."""
    if text and not text.endswith("\n"):
        text += "\n"
    return text + "".join("\n" + block for block in blocks)


def paper_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) 0-based line ranges of each ``[[papers]]`` table and its sub-tables,
    in file order; ``end`` excludes trailing blank and comment lines before the next table."""
    lines = text.split("\n")
    headers = table_headers(text)
    spans = []
    for position, (index, name, is_array) in enumerate(headers):
        if not (is_array and name == "papers"):
            continue
        stop = len(lines)
        for later_index, later_name, later_array in headers[position + 1:]:
            if later_name.startswith("papers.") and not later_array:
                continue
            stop = later_index
            break
        end = stop
        while end > index + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        spans.append((index, end))
    return spans


def replace_paper_text(text: str, position: int, new_block: str | None) -> str:
    """``text`` with the ``position``-th paper's table replaced (or cut when ``new_block`` is
    None); all other lines stay byte for byte."""
    lines = text.split("\n")
    spans = paper_spans(text)
    if position >= len(spans):
        raise WriteFailed("the catalog's [[papers]] tables could not be located line by line;"
                          " nothing was changed. Edit the file by hand.")
    start, end = spans[position]
    if new_block is None:
        # Cut the table and the blank lines that separated it from the next one.
        while end < len(lines) and not lines[end].strip() and end < len(lines) - 1:
            end += 1
        new_lines: list[str] = []
    else:
        new_lines = new_block.rstrip("\n").split("\n")
    return "\n".join(lines[:start] + new_lines + lines[end:])


_KEY_LINE = re.compile(r'^\s*(?:"((?:[^"\\]|\\.)*)"|([A-Za-z0-9_-]+))\s*=')


def _line_key(line: str) -> str | None:
    match = _KEY_LINE.match(line)
    if not match:
        return None
    return match.group(1) if match.group(1) is not None else match.group(2)


def edit_paper_text(text: str, position: int, old: Paper, new: Paper) -> str:
    """``text`` with the ``position``-th paper changed from ``old`` to ``new`` line by line:
    only the lines of the fields that changed are rewritten, so comments, blank lines, key
    order and unknown keys inside the paper's table survive. Falls back to rewriting the
    whole table when its layout is unusual (e.g. an inline ``links = {...}``)."""
    lines = text.split("\n")
    spans = paper_spans(text)
    if position >= len(spans):
        return replace_paper_text(text, position, paper_block(new))
    start, end = spans[position]
    table = lines[start:end]
    links_at = next((i for i, line in enumerate(table) if _TABLE_HEADER.match(line)
                     and line.strip().replace(" ", "").startswith("[papers.links]")), None)
    top_end = next((i for i, line in enumerate(table) if i > 0 and _TABLE_HEADER.match(line)), len(table))
    try:
        for name in ("title", "venue", "year"):
            value = getattr(new, name)
            if value == getattr(old, name):
                continue
            index = next(i for i in range(1, top_end) if _line_key(table[i]) == name)
            table[index] = f"{name} = {_toml_value(value)}"
        if new.links != old.links:
            if links_at is None:
                if any(_line_key(line) == "links" for line in table[:top_end]):
                    raise StopIteration  # an inline table: rewrite the whole paper
                table[top_end:top_end] = ["", "[papers.links]"]
                links_at = top_end + 1
            links_end = next((i for i, line in enumerate(table) if i > links_at and
                              _TABLE_HEADER.match(line)), len(table))
            while links_end > links_at + 1 and not table[links_end - 1].strip():
                links_end -= 1
            wanted = {link.label: link.url for link in new.links}
            kept: list[str] = []
            done: set[str] = set()
            for line in table[links_at + 1:links_end]:
                label = _line_key(line)
                if label is None:
                    kept.append(line)
                elif label in wanted:
                    kept.append(line if old.link(label) == wanted[label]
                                else f"{_toml_key(label)} = {_toml_value(wanted[label])}")
                    done.add(label)
            kept.extend(f"{_toml_key(link.label)} = {_toml_value(link.url)}"
                        for link in new.links if link.label not in done)
            table[links_at + 1:links_end] = kept
            if not new.links and not any(line.strip() for line in kept):
                del table[links_at:links_at + 1 + len(kept)]
                while table and not table[-1].strip():
                    table.pop()
    except StopIteration:
        return replace_paper_text(text, position, paper_block(new))
    return "\n".join(lines[:start] + table + lines[end:])
