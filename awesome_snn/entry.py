"""The console script: the everyday commands start without Typer.

Importing Typer costs ~45 ms, several times Python's own start-up, and a researcher runs
``search`` and ``show`` all day (a maintainer's script, ``add``). When the command line is
one of theirs and uses only their plain options (for ``add``: every value given, nothing
to ask), ``main`` reads it here and calls the same functions the Typer commands call
(``lookup``, ``adding``); anything else (``--help``, an unknown or malformed option, every other
command) goes to the Typer app, which owns all behaviour and error messages.
``tests/test_entry.py`` checks this reader and Typer agree on every accepted command line.
A bare ``--help`` is answered from a cache of Typer's own output (keyed by version, the
CLI module's mtime, program name and terminal width).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

SEARCH_FLAGS = {"--has-code": "has_code", "--json": "json"}
SEARCH_VALUES = {"--venue": "venue", "--year": "year", "--limit": "limit", "--catalog": "catalog",
                 "-c": "catalog"}
ADD_FLAGS = {"--journal": "journal", "--force": "force"}
ADD_VALUES = {"--title": "title", "--venue": "venue", "--year": "year", "--paper": "paper",
              "--code": "code", "--link": "link", "--venue-name": "venue_name",
              "--catalog": "catalog", "-c": "catalog"}
ADD_REQUIRED = ("title", "venue", "year", "paper")
"""Without one of these ``add`` asks on a terminal: Typer's job."""
SHOW_FLAGS = {"--json": "json"}
SHOW_VALUES = {"--catalog": "catalog", "-c": "catalog"}


def parse_search(args: list[str]) -> dict[str, Any] | None:
    """``search`` options as the Typer command receives them, or None to leave to Typer."""
    parsed = _parse(args, SEARCH_FLAGS, SEARCH_VALUES, repeatable={"venue"})
    if parsed is None or not parsed["positional"]:
        return None
    options = parsed["options"]
    try:
        limit = int(options.get("limit", "20"))
    except ValueError:
        return None
    return {"query": parsed["positional"], "venue": options.get("venue") or None,
            "year": options.get("year"), "has_code": options.get("has_code", False),
            "limit": limit, "json": options.get("json", False),
            "catalog": _path(options.get("catalog"))}


def parse_show(args: list[str]) -> dict[str, Any] | None:
    parsed = _parse(args, SHOW_FLAGS, SHOW_VALUES, repeatable=set())
    if parsed is None or len(parsed["positional"]) != 1:
        return None
    options = parsed["options"]
    return {"key": parsed["positional"][0], "json": options.get("json", False),
            "catalog": _path(options.get("catalog"))}


def parse_add(args: list[str]) -> dict[str, Any] | None:
    """``add`` options as the Typer command receives them when nothing is left to ask."""
    parsed = _parse(args, ADD_FLAGS, ADD_VALUES, repeatable={"link"})
    if parsed is None or parsed["positional"]:
        return None
    options = parsed["options"]
    if any(name not in options for name in ADD_REQUIRED):
        return None
    return {**{name: options[name] for name in ADD_REQUIRED}, "code": options.get("code"),
            "link": options.get("link", []), "venue_name": options.get("venue_name"),
            "journal": options.get("journal", False), "force": options.get("force", False),
            "catalog": _path(options.get("catalog"))}


def _path(value: str | None) -> Path | None:
    from pathlib import Path

    return Path(value) if value is not None else None


def _parse(args: list[str], flags: dict[str, str], values: dict[str, str],
           repeatable: set[str]) -> dict[str, Any] | None:
    positional: list[str] = []
    options: dict[str, Any] = {}
    i = 0
    only_positional = False
    while i < len(args):
        arg = args[i]
        if only_positional or not arg.startswith("-") or arg == "-":
            positional.append(arg)
        elif arg == "--":
            only_positional = True
        elif arg in flags:
            options[flags[arg]] = True
        else:
            name, eq, value = arg.partition("=")
            if name not in values or (eq and not name.startswith("--")):
                return None  # unknown, a short-option cluster, or --help: Typer's job
            if not eq:
                i += 1
                if i >= len(args):
                    return None
                value = args[i]
            key = values[name]
            if key in repeatable:
                options.setdefault(key, []).append(value)
            elif key in options:
                options[key] = value  # last one wins, as in Typer
            else:
                options[key] = value
        i += 1
    return {"positional": positional, "options": options}


_QUICK_COMMANDS = {"search": ("lookup", parse_search), "show": ("lookup", parse_show),
                   "add": ("adding", parse_add)}
"""The commands this module reads itself: the module whose function of the same name runs
each, and its parser."""


def _quick(argv: list[str]) -> Callable[[], None] | None:
    if not argv or argv[0] not in _QUICK_COMMANDS:
        return None
    module, parse = _QUICK_COMMANDS[argv[0]]
    options = parse(argv[1:])
    if options is None:
        return None

    def run() -> None:
        import importlib

        getattr(importlib.import_module(f"awesome_snn.{module}"), argv[0])(**options)
    return run


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    quick = _quick(argv)
    if quick is not None:
        from awesome_snn.errors import SnnPapersError

        try:
            quick()
        except SnnPapersError as exc:
            from awesome_snn import output

            sys.exit(output.failure(exc))
        except BrokenPipeError:
            sys.stderr.close()
        sys.exit(0)
    if argv == ["--help"] and _cached_help():
        sys.exit(0)
    from awesome_snn.cli import main as typer_main

    typer_main()


# --- the top-level help, from a cache of Typer's output -------------------------------------

def _terminal_width() -> int:
    """What click's help formatter will use: $COLUMNS, else the terminal's width, else 80."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns
    except (AttributeError, ValueError, OSError):
        return 80


def _help_cache_file() -> tuple[Path, str] | None:
    """The help cache file for this terminal, and the key its first line must hold."""
    from pathlib import Path

    from awesome_snn import __version__
    from awesome_snn.userdirs import cache_folder

    try:
        cli_file = Path(__file__).with_name("cli.py")
        width = _terminal_width()
        key = "|".join(map(str, (__version__, cli_file.stat().st_mtime_ns, Path(sys.argv[0]).name,
                                 width, sys.stdout.isatty(), os.environ.get("NO_COLOR", ""))))
        return cache_folder() / f"help-{width}.txt", key
    except (OSError, ValueError, RuntimeError):
        return None


def _cached_help() -> bool:
    """Print the cached top-level help; on a miss, run Typer, keep what it printed."""
    found = _help_cache_file()
    if found is None:
        return False
    cache, key = found
    try:
        stored_key, _newline, text = cache.read_text(encoding="utf-8").partition("\n")
        if stored_key == key:
            sys.stdout.write(text)
            sys.stdout.flush()
            return True
    except OSError:
        pass
    import io

    from awesome_snn.cli import app

    captured = io.StringIO()
    real_stdout = sys.stdout
    sys.stdout = captured
    try:
        app(["--help"], standalone_mode=False)
    except SystemExit:
        pass
    finally:
        sys.stdout = real_stdout
    text = captured.getvalue()
    real_stdout.write(text)
    if text.startswith("Usage:"):
        from awesome_snn.store import atomic_write

        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(cache, key + "\n" + text)
        except Exception:  # noqa: BLE001 - a help cache that cannot be written is skipped
            pass
    return True
