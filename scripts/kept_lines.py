#!/usr/bin/env python3
"""How much of a list survives its first export: import each README given, export it in the
layout import recorded, and print how many of the README's non-blank lines come back
verbatim (trailing spaces aside), with each line that does not.

    python scripts/kept_lines.py ../shared/lists/*.md
    python scripts/kept_lines.py --quiet README.md      # the figure only

A garbled emoji (``ðŸ”¥`` for 🔥) is repaired before the import, as ``import`` repairs the
list's own texts. The tests check the lists in ``tests/data/`` (``tests/test_layouts.py``);
this script is for the full lists the project may not copy, and for a maintainer's own.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from awesome_snn.errors import SnnPapersError  # noqa: E402
from awesome_snn.markdown_import import import_markdown, repair_mojibake  # noqa: E402
from awesome_snn.markdown_render import render_markdown  # noqa: E402


def changed_lines(source: str) -> tuple[list[tuple[int, str]], int]:
    """The non-blank lines of ``source`` the export does not give back, and how many
    non-blank lines it has."""
    exported = {line.rstrip() for line in render_markdown(import_markdown(source).catalog).split("\n")}
    lines = [(n, line.rstrip()) for n, line in enumerate(source.split("\n"), 1) if line.strip()]
    return [(n, line) for n, line in lines if line not in exported], len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("lists", nargs="+", type=Path, metavar="LIST.md")
    parser.add_argument("--quiet", action="store_true", help="the figure only, no changed line")
    args = parser.parse_args(argv)
    failed = 0
    for path in args.lists:
        try:
            source = repair_mojibake(path.read_text(encoding="utf-8"))
            changed, total = changed_lines(source)
        except (OSError, UnicodeDecodeError, SnnPapersError) as exc:
            print(f"{path}: not read: {exc}", file=sys.stderr)
            failed += 1
            continue
        kept = total - len(changed)
        print(f"{path}: {kept} of {total} non-blank lines kept verbatim ({100 * kept / total:.1f}%)")
        if not args.quiet:
            for number, line in changed:
                print(f"  {number:>5}: {line[:150]}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
