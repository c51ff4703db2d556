#!/usr/bin/env python3
# ruff: noqa: E501 - the table of equivalent mutants reads best one mutant a line
"""Mutation testing of snn-papers' core modules, within a time budget.

    python scripts/mutation.py --sample 80 --jobs 2 --budget 75   # 80 mutants a module
    python scripts/mutation.py search lint --budget 20            # every mutant of two modules
    python scripts/mutation.py --rerun-survivors                  # after adding tests
    python scripts/mutation.py --report --survivors               # the table, each survivor's diff
    python scripts/mutation.py --named                            # issue 13's survivors killed?

mutmut (configured in pyproject.toml, ``[tool.mutmut]``) copies the package into
``mutants/``, makes one-line changes to the core modules (mutants), and for each mutant runs
the tests that reach the mutated function; a mutant is *killed* when a test fails. This
script runs mutmut one module at a time (each module gets an equal share of what is left of
the budget; a module cut short keeps the results it has, and the next run carries on with
its unchecked mutants), then prints the score per module:

    score = killed / (checked mutants - equivalent)

A mutant that makes a test time out or crash counts as killed; one that survives or has no
test reaching it counts against the score. After a whole run every mutant is checked; with
``--sample N`` each module's score is estimated from N mutants chosen at random (the same
ones every time), which bounds a run on two cores to the budget. ``EQUIVALENT`` below lists
the survivors that no test can tell from the original, each with why; an entry whose
mutation no longer matches the code is ignored (and reported). The table is written into
``tests/README.md`` between its markers.

``--named`` checks the mutations issue 13 found surviving, written out as text edits
(``NAMED``): each is applied to a copy of the repository and the test meant to catch it
must fail. It needs no mutmut and takes a minute or two.

The runs are niced (the machine is shared) and use ``--jobs`` workers (default 1).
mutmut needs ``pip install -e '.[test,mutation]'``. Not part of CI's test command.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "tests" / "README.md"
START, END = "<!-- mutation-scores:start -->", "<!-- mutation-scores:end -->"

CORE = {
    "search": "awesome_snn/search.py",
    "duplicates": "awesome_snn/duplicates.py",
    "markdown_render": "awesome_snn/markdown_render.py",
    "markdown_import": "awesome_snn/markdown_import.py",
    "item_reading": "awesome_snn/item_reading.py",
    "lint": "awesome_snn/lint.py",
    "model": "awesome_snn/model.py",
    "catalog._toml": "awesome_snn/catalog/_toml.py",
    "catalog._edit": "awesome_snn/catalog/_edit.py",
    "catalog._files": "awesome_snn/catalog/_files.py",
    "html_render": "awesome_snn/html_render.py",
    "markdown_html": "awesome_snn/markdown_html.py",
}
"""The core modules (as ``[tool.mutmut] only_mutate`` lists them), by short name."""

KILLED = {"killed", "timeout", "segfault"}
UNCHECKED = {"not checked", "check was interrupted by user"}

WHY = {
    "cutoff": "rapidfuzz's score_cutoff only lets it stop early (returning 0 below the cutoff);"
              " the score is compared with the same bound right after, so the verdict is the same",
    "fast-path": "an optional fast path of the columns (index_of, may_hold) is skipped; the"
                 " fallback computes the same answer the slow way",
    "prefilter": "widens the length pre-filter in front of token_sort_ratio: the extra titles it"
                 " lets through cannot reach the threshold and are scored out",
    "dedup": "only removes repeats that a set, or setdefault keeping the first reason, removes"
             " anyway",
    "strict-zip": "the two sequences zipped are built from one list and always have one length",
    "unit-separator": "str.split() with no argument splits on whitespace, and the separator"
                      " U+001F is whitespace to Python: the same pieces",
    "no-empty-key": "the mapping looked in has no empty key, so looking an empty key up finds"
                    " nothing either way",
    "empty-block": "a block with no pair to compare (one title, or only old or only new ones)"
                   " is skipped or looped over for nothing: the same pairs are scored",
    "early-exit": "only stops a scan early; offer() keeps the earliest paper whichever is found"
                  " first",
    "hash-bits": "changes which bits of the signatures' hashes tell blocks apart; two"
                 " signatures then share a block by accident with a negligible chance, and a"
                 " pair in one block is still scored on its own merits",
    "memory": "frees memory early; nothing reads the freed value",
    "typo-guard": "typo matching runs only when no title has the word or a word it begins"
                  " (TYPO_WHEN_FEWER = 1), so no word of the vocabulary begins with it: skipping"
                  " only the equal words skips the same (none)",
    "max-tie": "keeps the larger of two scores; on a tie the two are the same value",
    "char-membership": "tests one character against a string of characters: the added 'X's are"
                       " never that character (a Unicode category's first letter is never X; the"
                       " token's last character is a digit, '.' or ')')",
    "fence-chars": "a fence marker is made of one character repeated (``` or ~~~): its second"
                   " character is its first",
    "validated-input": "differs only for values the validators never let through (a title or a"
                       " venue name with spaces other than ' ' at its ends, a URL with no host)",
    "unreachable": "the branch is never taken: the only caller passes what the branch excludes",
    "codec-alias": "'UTF-8' and 'utf-8' name the same codec",
    "trailing-space": "with no line wrapped, the item's text is only stripped of its trailing"
                      " whitespace, which reading the item strips or ignores anyway (a no-break"
                      " space too)",
    "valid-utf8": "a decoding error handler is looked up only on an error, and the catalog's bytes"
                  " are valid UTF-8 (the reader refuses any other file before lint reads it)",
    "empty-abbr": "a heading that opens with '(' gives an empty abbreviation, which the next"
                  " test sends down the same path as the original",
    "default-arg": "passes the argument's default value, or leaves it to the default",
    "checker-number": "the read-back check after a write compares the papers it reads with"
                      " those written; the paper numbers it counts only go into problem messages"
                      " that it never shows",
    "locale-utf8": "reads the page's assets in the locale's encoding, which is UTF-8 on every"
                   " system this runs on (Python uses UTF-8 even under the C locale, PEP 538/540)",
    "copy-fallback": "the read-and-write fallback of the kernel copy runs only where"
                     " copy_file_range is missing or refuses the files; on Linux it never does,"
                     " so the mutant changes code this platform does not run",
    "unshown-label": "the label only chooses between the folder and the path for the message;"
                     " any value but 'folder' names the path, as 'file' does",
    "done-flag": "after the rename the temporary file no longer exists: unlinking it anyway"
                 " fails and the failure is ignored",
    "single-char-token": "for a one-character block start ('#', '-', '>'...) both branches"
                         " write a backslash before it",
    "domain-prefix": "the domain looked at starts two characters early, at the '@': the dot"
                     " searched for and the character after it are the same ones",
    "same-key": "the second pattern, tried when the full one does not match, reads the same key"
                " from every line the full one matches (its key part is the same)",
    "unused-arg": "changes an argument the function called never uses",
    "unshown-problems": "same_paper only asks whether reading the table found problems; the"
                        " path written into them is never shown",
    "read-back": "the line editor's output is read back before it is used; this one never reads"
                 " back (TOML refuses a table defined twice), so the table is written whole, as"
                 " the original does at once",
    "header-not-blank": "the line the loop would go on to is the [papers.links] header, never"
                        " blank: the loop stops at the same line",
    "table-lines": "a paper's table that was read has its header and at least its title and year"
                   " lines: the list is always longer than two",
    "walk-back": "the walk back over the blank lines at the end of a paper's top table stops at"
                 " its last key line, which is line 2 or later (title and year are two lines"
                 " after the header): it never gets to compare lines 1 or 0",
    "covered": "the check that follows (same_paper: the table, read as a paper, equals the"
               " paper) compares the key too, as written: this one adds nothing for the key",
    "open-folder": "Linux opens a folder for reading without an error, so this except never runs"
                   " here (the fstat check right after names the folder, in the same words)",
    "race": "reached only when the file goes between two stat calls microseconds apart (the"
            " first found it, writable); the write that follows fails on its own then",
    "line-end": "the line keeps, or loses, other characters at its end than its newline: the"
                " header pattern's $ matches before a final newline, and no such character (a"
                " newline, spaces, tabs, a CR, an X) opens or closes a string or ends a header in"
                " valid TOML (a catalog is edited only after it was read)",
    "find-from-3": "str.find from position 3 or later gives -1 or a position of 3 or more, never"
                   " 0: '< 1' and '< 0' agree",
    "later-closing": "the note closes at a later '**)' than the first one after '(**' only when"
                     " the first is in the way: the mutant's note then holds its '*' and is no note;"
                     " the original's note is empty or has text after it (that later '**)'), no note"
                     " either: the title comes back as it is both ways",
    "unused-note": "read_item, the only caller, reads the written note only when a venue was"
                   " read: this return gives none",
    "recount": "counts the matches again (_count_matching) where the ranked list already holds"
               " every paper that passes the floor: the same papers, summed in the same order",
    "entity-check": "the text is only asked whether an '&' is left once the entities are taken"
                    " out: 'XXXX' in their place instead of nothing leaves the same '&'s",
    "not-a-heading": "the text is only scanned for ATX headings and code fences (to count the"
                     " headings' ids), and written only in a Markdown contents: a line 'XXXX' is"
                     " neither a heading nor a fence, and with other contents it is never written",
    "port-range": "urllib's port refuses a port above 65535 (ValueError, caught as -1): no port"
                  " compared is 65536",
    "overwritten": "the first value is never read: an item is read only under a year heading,"
                   " which sets the venue (to None) first",
    "scaled-count": "counts every form by 2 instead of 1: the form counted most, and the ties"
                    " (the first of title, note, venue), are the same",
    "placeholder-key": "the key is a placeholder cut off at the first ' = ': tomli-w writes a value"
                       " the same after any bare key; the key shows only in a table nested in a"
                       " table's value, which the writer's read-back refuses either way",
    "slice-fallback": "only chooses between reading the file slice by slice and reading it whole"
                      " with tomllib (after the slices' progress is reported): for a file the"
                      " slices read correctly both give the same papers, venues, problems and lines",
    "set-by-start": "the first value is never read: start(), which every reading calls before it"
                    " adds a paper or finishes, sets it",
}
"""Why a mutant is equivalent: the reasons ``EQUIVALENT`` refers to."""

EQUIVALENT: dict[str, tuple[str, str]] = {
    # mutant name: (the line the mutant adds, as `mutmut show NAME` prints it after '+';
    #               a key of WHY). Run `scripts/mutation.py --survivors` to see each diff.
    # duplicates.py
    'awesome_snn.duplicates.x__same_words_but_one__mutmut_9': ('score_cutoff=None) <= SPACING_EDITS', 'cutoff'),
    'awesome_snn.duplicates.x__same_words_but_one__mutmut_12': (') <= SPACING_EDITS', 'cutoff'),
    'awesome_snn.duplicates.x__index_of__mutmut_2': ('index_of = None', 'fast-path'),
    'awesome_snn.duplicates.x__index_of__mutmut_3': ('index_of = getattr(None, "index_of", None)', 'fast-path'),
    'awesome_snn.duplicates.x__index_of__mutmut_8': ('index_of = getattr(columns, "XXindex_ofXX", None)', 'fast-path'),
    'awesome_snn.duplicates.x__index_of__mutmut_9': ('index_of = getattr(columns, "INDEX_OF", None)', 'fast-path'),
    'awesome_snn.duplicates.x__first_sharing__mutmut_4': ('may_hold = None', 'fast-path'),
    'awesome_snn.duplicates.x__first_sharing__mutmut_5': ('may_hold = getattr(None, "may_hold", None)', 'fast-path'),
    'awesome_snn.duplicates.x__first_sharing__mutmut_10': ('may_hold = getattr(columns, "XXmay_holdXX", None)', 'fast-path'),
    'awesome_snn.duplicates.x__first_sharing__mutmut_11': ('may_hold = getattr(columns, "MAY_HOLD", None)', 'fast-path'),
    'awesome_snn.duplicates.x__title_matches__mutmut_8': ('slack = (101 - NEAR_DUPLICATE_THRESHOLD) / 100', 'prefilter'),
    'awesome_snn.duplicates.x__title_matches__mutmut_9': ('slack = (100 - NEAR_DUPLICATE_THRESHOLD) / 101', 'prefilter'),
    'awesome_snn.duplicates.x__title_matches__mutmut_11': ('shortest, longest = size * (1 - slack) * (1 + slack), size * (1 + slack) / (1 - slack)', 'prefilter'),
    'awesome_snn.duplicates.x__title_matches__mutmut_15': ('shortest, longest = size * (1 - slack) / (1 - slack), size * (1 + slack) / (1 - slack)', 'prefilter'),
    'awesome_snn.duplicates.x__title_matches__mutmut_16': ('shortest, longest = size * (1 - slack) / (2 + slack), size * (1 + slack) / (1 - slack)', 'prefilter'),
    'awesome_snn.duplicates.x__title_matches__mutmut_20': ('shortest, longest = size * (1 - slack) / (1 + slack), size * (2 + slack) / (1 - slack)', 'prefilter'),
    'awesome_snn.duplicates.x__title_matches__mutmut_63': ('seen.add(None)', 'dedup'),
    'awesome_snn.duplicates.x_find_duplicates__mutmut_8': ('for number, (folded, (_title, links)) in enumerate(zip(wanted, papers, strict=None)):', 'strict-zip'),
    'awesome_snn.duplicates.x_find_duplicates__mutmut_11': ('for number, (folded, (_title, links)) in enumerate(zip(wanted, papers, )):', 'strict-zip'),
    'awesome_snn.duplicates.x_find_duplicates__mutmut_12': ('for number, (folded, (_title, links)) in enumerate(zip(wanted, papers, strict=False)):', 'strict-zip'),
    'awesome_snn.duplicates.x_find_duplicates__mutmut_33': ('for identity in field.split(None):', 'unit-separator'),
    'awesome_snn.duplicates.x_find_duplicates__mutmut_35': ('for number, label in by_url.get(identity, ()) if (identity) or True else ():', 'no-empty-key'),
    'awesome_snn.duplicates.x_find_duplicates__mutmut_75': ('if split == 0 and split == len(members):', 'empty-block'),
    'awesome_snn.duplicates.x_find_duplicates__mutmut_86': ('current = None', 'early-exit'),
    'awesome_snn.duplicates.x_find_duplicates__mutmut_90': ('if current is not None and current[0] < index:', 'early-exit'),
    'awesome_snn.duplicates.x_title_signatures__mutmut_12': ('previous = ""', 'dedup'),
    'awesome_snn.duplicates.x_title_signatures__mutmut_21': ('previous = None', 'dedup'),
    'awesome_snn.duplicates.x_near_duplicate_pairs__mutmut_6': ('for position in range(len(members)):', 'empty-block'),
    'awesome_snn.duplicates.x_near_duplicate_pairs__mutmut_44': ('score = max(ratio(a, b, score_cutoff=None), token_sort_ratio(a, b, score_cutoff=cutoff))', 'cutoff'),
    'awesome_snn.duplicates.x_near_duplicate_pairs__mutmut_47': ('score = max(ratio(a, b, ), token_sort_ratio(a, b, score_cutoff=cutoff))', 'cutoff'),
    'awesome_snn.duplicates.x_near_duplicate_pairs__mutmut_50': ('score = max(ratio(a, b, score_cutoff=cutoff), token_sort_ratio(a, b, score_cutoff=None))', 'cutoff'),
    'awesome_snn.duplicates.x_near_duplicate_pairs__mutmut_53': ('score = max(ratio(a, b, score_cutoff=cutoff), token_sort_ratio(a, b, ))', 'cutoff'),
    'awesome_snn.duplicates.x__blocks__mutmut_6': ('shift = max(len(folded).bit_length(), 2)', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_15': ('rest_mask = (2 << max(62 - shift, 24)) - 1', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_21': ('rest_mask = (1 << max(63 - shift, 24)) - 1', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_22': ('rest_mask = (1 << max(62 - shift, 25)) - 1', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_23': ('rest_mask = (1 << max(62 - shift, 24)) - 2', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_25': ('bucket_bits = _BUCKETS.bit_length() + 1', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_26': ('bucket_bits = _BUCKETS.bit_length() - 2', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_30': ('buckets = [array("Q") for _ in range(_BUCKETS)]', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_37': ('buckets[signature & (_BUCKETS - 2)].append(', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_41': ('(((signature << bucket_bits) & rest_mask) << shift) | index)', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_45': ('buckets[number] = None', 'memory'),
    'awesome_snn.duplicates.x__blocks__mutmut_48': ('buckets[number] = array("Q")', 'hash-bits'),
    'awesome_snn.duplicates.x__blocks__mutmut_64': ('if end + start > 1:', 'empty-block'),
    'awesome_snn.duplicates.x__blocks__mutmut_65': ('if end - start >= 1:', 'empty-block'),
    # search.py
    'awesome_snn.search.x__typo_scores__mutmut_17': ('if word == term and word.startswith(term):', 'typo-guard'),
    'awesome_snn.search.x__typo_scores__mutmut_33': ('if needle in title and scores.get(index, 0.0) <= score:', 'max-tie'),
    'awesome_snn.search.xǁ_Blobǁscores__mutmut_28': ('if scores.get(index, 0.0) <= score:', 'max-tie'),
    # markdown_render.py
    'awesome_snn.markdown_render.x_escape_inline__mutmut_85': ('prefix = token[:-1] + "\\\\" + token[-1] if token[-1] in "XX.)XX" else "\\\\" + token', 'char-membership'),
    'awesome_snn.markdown_render.x_slugify__mutmut_11': ('if ch in "-_ " or category[0] in "XXLNMXX" or category == "Pc":', 'char-membership'),
    'awesome_snn.markdown_render.x_heading_texts__mutmut_13': ('elif marker[1] == fence:', 'fence-chars'),
    'awesome_snn.markdown_render.x_one_line__mutmut_12': ('return text.strip(None)', 'validated-input'),
    # lint.py
    'awesome_snn.lint.x__host__mutmut_9': ('return plain.group(1) if plain else urlsplit(url).hostname or "XXXX"', 'validated-input'),
    'awesome_snn.lint.x__raw_title__mutmut_4': ('return plain.group(2)', 'unreachable'),
    'awesome_snn.lint.x_spaced_titles__mutmut_5': ('raw_text = raw_text.encode("UTF-8")', 'codec-alias'),
    'awesome_snn.lint.x_spaced_titles__mutmut_28': ('value = match.group(1).decode("utf-8", "REPLACE")', 'valid-utf8'),
    'awesome_snn.lint.x_spaced_titles__mutmut_26': ('value = match.group(1).decode("UTF-8", "replace")', 'codec-alias'),
    # markdown_import.py
    'awesome_snn.markdown_import.x_parse_venue_heading__mutmut_11': ('if text.endswith(")") and opening >= 0:', 'empty-abbr'),
    'awesome_snn.markdown_import.x__venue_for__mutmut_54': ('venue = Venue(abbr, name or abbr, guess_kind(name or abbr), )', 'default-arg'),
    # model.py
    'awesome_snn.model.x_email_autolink__mutmut_17': ('domain = text[at - 1:end]', 'domain-prefix'),
    # catalog/_toml.py
    'awesome_snn.catalog._toml.xǁ_Checkerǁadd__mutmut_1': ('self.number = 1', 'checker-number'),
    # html_render.py
    'awesome_snn.html_render.x__asset__mutmut_1': ('return files("awesome_snn").joinpath("page", name).read_text(encoding=None)', 'locale-utf8'),
    # catalog/_files.py
    'awesome_snn.catalog._files.x__copy_region__mutmut_2': ('use_kernel = None', 'copy-fallback'),
    'awesome_snn.catalog._files.x__copy_region__mutmut_3': ('use_kernel = hasattr(None, "copy_file_range")', 'copy-fallback'),
    'awesome_snn.catalog._files.x__copy_region__mutmut_20': ('if exc.errno in (errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):', 'copy-fallback'),
    'awesome_snn.catalog._files.x__copy_region__mutmut_25': ('chunk = os.pread(None, min(left, 1 << 22), offset)', 'copy-fallback'),
    'awesome_snn.catalog._files.x__copy_region__mutmut_33': ('chunk = os.pread(region.fd, min(1 << 22), offset)', 'copy-fallback'),
    'awesome_snn.catalog._files.x__copy_region__mutmut_35': ('chunk = os.pread(region.fd, min(left, 1 >> 22), offset)', 'copy-fallback'),
    'awesome_snn.catalog._files.x__copy_region__mutmut_37': ('chunk = os.pread(region.fd, min(left, 1 << 23), offset)', 'copy-fallback'),
    'awesome_snn.catalog._files.x__copy_region__mutmut_50': ('raise OSError("the catalog ended while it was being copied")', 'copy-fallback'),
    'awesome_snn.catalog._files.x_read_catalog_bytes__mutmut_20': ('raise CatalogError(None) from None', 'open-folder'),
    'awesome_snn.catalog._files.x_check_writable__mutmut_22': ('links = 2', 'race'),
    'awesome_snn.catalog._files.x_atomic_write__mutmut_12': ('pieces = (piece.encode("UTF-8") if isinstance(piece, str) else piece for piece in data)', 'codec-alias'),
    'awesome_snn.catalog._files.x_atomic_write__mutmut_43': ('what = None', 'unshown-label'),
    'awesome_snn.catalog._files.x_atomic_write__mutmut_49': ('what = "folder" if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else "XXfileXX"', 'unshown-label'),
    'awesome_snn.catalog._files.x_atomic_write__mutmut_50': ('what = "folder" if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) else "FILE"', 'unshown-label'),
    'awesome_snn.catalog._files.x_atomic_write__mutmut_59': ('done = None', 'done-flag'),
    'awesome_snn.catalog._files.x_atomic_write__mutmut_83': ('done = None', 'done-flag'),
    # catalog/_edit.py
    'awesome_snn.catalog._edit.x__line_key__mutmut_1': ('match = None', 'same-key'),
    'awesome_snn.catalog._edit.x__reads_back__mutmut_3': ('raw = read_block(block, None)[0]', 'unused-arg'),
    'awesome_snn.catalog._edit.x_edit_lines__mutmut_84': ('lines[index] = _value_line(match, value, None)', 'unused-arg'),
    'awesome_snn.catalog._edit.x_edit_lines__mutmut_122': ('while insert_at >= 1 and not lines[insert_at - 1].strip():', 'walk-back'),
    'awesome_snn.catalog._edit.x_edit_lines__mutmut_123': ('while insert_at > 2 and not lines[insert_at - 1].strip():', 'walk-back'),
    'awesome_snn.catalog._edit.x_new_block__mutmut_39': ('if candidate is not None and _reads_back(candidate, new, venues, None):', 'unshown-problems'),
    'awesome_snn.catalog._edit.x_same_paper__mutmut_6': ('read = paper_from(raw, None, paper.line, 1, venues | {paper.venue}, problems)', 'unshown-problems'),
    'awesome_snn.catalog._edit.x_same_paper__mutmut_17': ('read = paper_from(raw, path, paper.line, 2, venues | {paper.venue}, problems)', 'unshown-problems'),
    'awesome_snn.catalog._edit.x_table_span__mutmut_31': ('line = data[position:line_end].lstrip(b"\\n")', 'line-end'),
    'awesome_snn.catalog._edit.x_table_span__mutmut_32': ('line = data[position:line_end].rstrip(b"XX\\nXX")', 'line-end'),
    'awesome_snn.catalog._edit.x_written_as__mutmut_7': ('and raw.get(None, paper.key) == paper.key)', 'covered'),
    'awesome_snn.catalog._edit.x_written_as__mutmut_12': ('and raw.get("KEY", paper.key) == paper.key)', 'covered'),
    # html_render.py
    'awesome_snn.html_render.x__asset__mutmut_12': ('return files("awesome_snn").joinpath("page", name).read_text(encoding="UTF-8")', 'codec-alias'),
    'awesome_snn.html_render.x_csp_hash__mutmut_5': ('digest = hashlib.sha256(source.encode("UTF-8")).digest()', 'codec-alias'),
    # markdown_render.py
    'awesome_snn.markdown_render.x_one_line__mutmut_11': ('text = _LINE_BREAK.sub("XX XX", text)', 'validated-input'),
    # item_reading.py
    'awesome_snn.item_reading.x__venue_note__mutmut_14': ('closing = title.rfind("**)", opening + 3)', 'later-closing'),
    'awesome_snn.item_reading.x__venue_note__mutmut_17': ('closing = title.find("**)", opening + 4)', 'later-closing'),
    'awesome_snn.item_reading.x__venue_note__mutmut_19': ('if closing < 1:', 'find-from-3'),
    'awesome_snn.item_reading.x__venue_note__mutmut_21': ('return title, "", None, "XXXX"', 'unused-note'),
    'awesome_snn.markdown_render.x_escape_inline__mutmut_74': ('prefix = token[:-1] + "\\\\" + token[-1] if (token[-1] in ".)") or True else "\\\\" + token', 'single-char-token'),
    # search.py
    'awesome_snn.search.x_ranking__mutmut_154': ('if limit is not None and len(shown) == limit or candidates is everyone:', 'recount'),
    # markdown_render.py
    'awesome_snn.markdown_render.x__safe_ends__mutmut_43': ('prefix = token[:-1] + "\\\\" + token[-1] if (token[-1] in ".)") or True else "\\\\" + token', 'single-char-token'),
    'awesome_snn.markdown_render.x_render_chunks__mutmut_28': ('toc_heading = layout.toc_heading if layout.toc == "markdown" else "XXXX"', 'not-a-heading'),
    'awesome_snn.markdown_render.x_toc_links__mutmut_35': ('if "&" in match.group(2).replace("&amp;", "").replace("&lt;", "").replace("&gt;", "XXXX"):', 'entity-check'),
    # model.py
    'awesome_snn.model.x_validate_url__mutmut_35': ('if port is not None and not 0 < port <= 65536:', 'port-range'),
    # markdown_import.py
    'awesome_snn.markdown_import.x_import_markdown__mutmut_47': ('venue: Venue | None = ""', 'overwritten'),
    'awesome_snn.markdown_import.x_import_markdown__mutmut_263': ('if joined_until >= number:  # an item\'s text wrapped onto the lines below it', 'trailing-space'),
    'awesome_snn.markdown_import.xǁ_Seenǁread__mutmut_8': ('self.forms[reading.form] = self.forms.get(reading.form, 0) + 2', 'scaled-count'),
    # catalog/_toml.py
    'awesome_snn.catalog._toml.x_toml_value__mutmut_11': ('return tomli_w.dumps({"XXvXX": value}).partition(" = ")[2].rstrip("\\n")', 'placeholder-key'),
    'awesome_snn.catalog._toml.x__parse__mutmut_130': ('venues_raw = merged.get("venues", )', 'slice-fallback'),
    'awesome_snn.catalog._toml.x__parse__mutmut_138': ('if sliced or done != len(offsets):', 'slice-fallback'),
    'awesome_snn.catalog._toml.xǁ_Builderǁ__init____mutmut_5': ('self.venues: list[Venue] = None', 'set-by-start'),
}


# --- the survivors issue 13 named --------------------------------------------------------

@dataclass(frozen=True)
class Named:
    name: str
    path: str
    before: str
    after: str
    tests: tuple[str, ...]


NAMED = [
    Named("README escaping: '|' not escaped", "awesome_snn/markdown_render.py",
          r'r"[\\`*_\[\]<>|~$@]"', r'r"[\\`*_\[\]<>~$@]"', ("tests/test_markdown_render_gfm.py",)),
    Named("README escaping: '~' not escaped", "awesome_snn/markdown_render.py",
          r'r"[\\`*_\[\]<>|~$@]"', r'r"[\\`*_\[\]<>|$@]"', ("tests/test_markdown_render_gfm.py",)),
    Named("README escaping: '$' not escaped", "awesome_snn/markdown_render.py",
          r'r"[\\`*_\[\]<>|~$@]"', r'r"[\\`*_\[\]<>|~@]"', ("tests/test_markdown_render_gfm.py",)),
    Named("README escaping: bare https:// and www. not escaped", "awesome_snn/markdown_render.py",
          '    if ":" in escaped or "." in escaped:\n', "    if False:\n",
          ("tests/test_markdown_render_gfm.py",)),
    Named("search: no phrase bonus", "awesome_snn/search.py",
          "            score += PHRASE_BONUS\n", "            pass\n", ("tests/test_search_order.py",)),
    Named("search: a prefix scored like an exact word", "awesome_snn/search.py",
          "            scores[index] = 95.0\n", "            scores[index] = 100.0\n",
          ("tests/test_search_order.py",)),
    Named("search: no noise floor", "awesome_snn/search.py",
          "        if total < floor:\n", "        if False:\n", ("tests/test_search_order.py",)),
    Named("lint: a paper link equal to another paper's code link only a warning",
          "awesome_snn/duplicates.py",
          "return not (label == CODE_LABEL and other_label == CODE_LABEL)",
          "return not (label == CODE_LABEL or other_label == CODE_LABEL)",
          ("tests/test_mutation_kills.py",)),
    Named("lint: no reordered-words near-duplicate check", "awesome_snn/duplicates.py",
          "score = max(ratio(a, b, score_cutoff=cutoff), token_sort_ratio(a, b, score_cutoff=cutoff))",
          "score = ratio(a, b, score_cutoff=cutoff)", ("tests/test_mutation_kills.py",)),
    Named("duplicates: no reordered-words similarity (add, import)", "awesome_snn/duplicates.py",
          "return max(fuzz.ratio(folded, other), fuzz.token_sort_ratio(folded, other))",
          "return fuzz.ratio(folded, other)", ("tests/test_mutation_kills.py",)),
    Named("TOML validation: non-string venue aliases accepted", "awesome_snn/catalog/_toml.py",
          "if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):",
          "if not isinstance(aliases, list):", ("tests/test_mutation_kills.py", "tests/test_schema_types.py")),
    Named("safe writes: the temp file left after a failed write", "awesome_snn/catalog/_files.py",
          "                os.unlink(tmp)\n", "                pass\n", ("tests/test_mutation_kills.py",)),
    Named("the page: https:///x (no host) becomes a link", "awesome_snn/markdown_html.py",
          'if parts.scheme.lower() not in ("http", "https") or not parts.hostname:',
          'if parts.scheme.lower() not in ("http", "https"):', ("tests/test_mutation_kills.py",)),
    Named("the page: Escape no longer clears the search box", "awesome_snn/page/page.js",
          'if (event.key === "Escape" && search.value) {', "if (false) {",
          ("tests/test_html_render_browser.py",)),
]

_COPIED = ("awesome_snn", "tests", "data", "bench", "docs", "README.md", "pyproject.toml",
           ".pre-commit-hooks.yaml")


def run_named(only: list[str]) -> int:
    """Apply each named mutation to a copy of the repository and run its tests there."""
    survived = 0
    for mutation in NAMED:
        if only and not any(word.lower() in mutation.name.lower() for word in only):
            continue
        with tempfile.TemporaryDirectory(prefix="snn-mutation-") as folder:
            copy = Path(folder)
            for name in _COPIED:
                source = ROOT / name
                if source.is_dir():
                    shutil.copytree(source, copy / name,
                                    ignore=shutil.ignore_patterns("__pycache__", ".hypothesis"))
                elif source.exists():
                    shutil.copy2(source, copy / name)
            (copy / ".git").touch()  # the copy is a repository root for catalog look-up
            target = copy / mutation.path
            text = target.read_text(encoding="utf-8")
            if text.count(mutation.before) != 1:
                print(f"STALE     {mutation.name}: {mutation.path} no longer has the line it changes")
                survived += 1
                continue
            target.write_text(text.replace(mutation.before, mutation.after), encoding="utf-8")
            env = {**os.environ, "PYTHONPATH": str(copy), "CI": "true"}
            result = subprocess.run(
                [sys.executable, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
                 "--tb=line", *mutation.tests], cwd=copy, env=env, capture_output=True, text=True,
                preexec_fn=_nice)
            killed = result.returncode == 1
            survived += not killed
            print(f"{'killed' if killed else 'SURVIVED':9} {mutation.name}  [{', '.join(mutation.tests)}]")
            if not killed:
                print("\n".join("    " + line for line in result.stdout.splitlines()[-5:]))
    return 1 if survived else 0


# --- mutmut, module by module -------------------------------------------------------------

def _nice() -> None:
    os.nice(10)


@dataclass
class Score:
    module: str
    statuses: dict[str, str] = field(default_factory=dict)
    equivalent: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    mutants: int = 0
    """Every mutant of the module (``statuses`` may hold its sample only)."""

    def count(self, *wanted: str) -> int:
        return sum(1 for name, status in self.statuses.items()
                   if status in wanted and name not in self.equivalent)

    @property
    def total(self) -> int:
        return len(self.statuses)

    @property
    def checked(self) -> int:
        return self.total - sum(1 for status in self.statuses.values() if status in UNCHECKED)

    @property
    def score(self) -> float | None:
        """Killed of the non-equivalent mutants checked so far (all of them after a whole
        run; a random sample's estimate after a ``--sample`` run)."""
        denominator = self.checked - len(self.equivalent)
        return 100.0 * self.count(*KILLED) / denominator if denominator else None

    @property
    def survivors(self) -> list[str]:
        """Mutants checked and not killed, but for the equivalent ones."""
        return sorted(name for name, status in self.statuses.items()
                      if status not in KILLED | UNCHECKED and name not in self.equivalent)


def _status(exit_code: int | None) -> str:
    from mutmut.stats import status_by_exit_code

    return status_by_exit_code[exit_code]


def _meta(path: str) -> dict[str, int | None]:
    meta = ROOT / "mutants" / (path + ".meta")
    if not meta.exists():
        return {}
    return json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]


def _diff(name: str, path: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    return get_diff_for_mutant(name, path=Path(path))


def sampled(module: str, names: list[str], sample: int | None) -> list[str]:
    """The names of ``module``'s mutants a ``--sample N`` run tests: the same N every time
    (seeded by the module), so a run cut short goes on with them; all with no sample."""
    import random

    names = sorted(names)
    if sample is None:
        return names
    return sorted(random.Random(module).sample(names, min(sample, len(names))))


def score_of(module: str, sample: int | None = None) -> Score:
    """The module's score over its mutants checked so far; with ``sample``, over its sample
    only (mutants checked outside it, by an earlier whole run, are left out)."""
    path = CORE[module]
    known = {name: _status(code) for name, code in _meta(path).items()}
    score = Score(module, {name: known[name] for name in sampled(module, list(known), sample)},
                  mutants=len(known))
    for name, status in score.statuses.items():
        if status in KILLED | UNCHECKED or name not in EQUIVALENT:
            continue
        added, _why = EQUIVALENT[name]
        assert _why in WHY, name
        if any(line[1:].strip() == added.strip() for line in _diff(name, path).splitlines()
               if line.startswith("+") and not line.startswith("+++")):
            score.equivalent.append(name)
        else:
            score.stale.append(name)
    return score


def _mutmut() -> list[str]:
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if mutmut is None:
        sys.exit("mutmut is not installed: pip install -e '.[test,mutation]'")
    return [mutmut]


def generate(log: Path) -> None:
    """Make the mutants of every core module (and mutmut's map of which tests call which
    function) without testing any: a run asked for a mutant that does not exist."""
    with log.open("ab") as out:
        subprocess.run([*_mutmut(), "run", "awesome_snn.no-such-mutant"], cwd=ROOT, stdout=out,
                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, preexec_fn=_nice)


def run_module(module: str, seconds: float, jobs: int, rerun_survivors: bool, log: Path,
               sample: int | None = None) -> str:
    """Run mutmut on one module's unchecked mutants (all of them, or a random ``sample``),
    and its survivors when asked, for at most ``seconds``; what finished is kept either way."""
    path = CORE[module]
    known = {name: _status(code) for name, code in _meta(path).items()}
    names = sampled(module, list(known), sample)
    unchecked = [name for name in names if known[name] in UNCHECKED]
    # the survivors of the sample only: a rerun after a sampled run tests nothing new
    wanted = unchecked + [name for name in names
                          if rerun_survivors and known[name] not in KILLED | UNCHECKED
                          and name not in EQUIVALENT]
    if not wanted:
        return "nothing to run"
    command = [*_mutmut(), "run", "--max-children", str(jobs), *wanted]
    started = time.monotonic()
    with log.open("ab") as out:
        out.write(f"\n=== {module}: mutmut run ({len(wanted)} names)\n".encode())
        out.flush()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_nice)
        try:
            process.wait(timeout=max(seconds, 1))
            outcome = f"done in {time.monotonic() - started:.0f} s (exit {process.returncode})"
        except subprocess.TimeoutExpired:
            # mutmut saves each result as it comes: stopping it loses only the mutants being
            # tested, which stay unchecked for the next run.
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            outcome = f"stopped by the budget after {time.monotonic() - started:.0f} s"
    return outcome


def _earlier_rows() -> dict[str, tuple[list[int], str]]:
    """The rows of the table now in tests/README.md, by module: (mutants, checked, killed,
    survived, no test, equivalent) and the date of the run that made the row."""
    import re

    current = README.read_text(encoding="utf-8") if README.exists() else ""
    if START not in current or END not in current:
        return {}
    block = current.split(START, 1)[1].split(END, 1)[0]
    stamp = re.search(r"on (\d{4}-\d{2}-\d{2})", block)
    rows = {}
    for line in block.splitlines():
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        date = cells[8] if len(cells) > 8 else (stamp.group(1) if stamp else "?")
        rows[cells[0].strip("`")] = ([int(cell) for cell in cells[1:7]], date)
    return rows


def table(scores: list[Score]) -> str:
    """One row a module, from this run's results; a module this run (``mutants/``) has no
    checked mutant of keeps its row of the table in tests/README.md, with that run's date."""
    lines = ["| module | mutants | checked | killed | survived | no test | equivalent | score | run |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    earlier = _earlier_rows()
    today = time.strftime("%Y-%m-%d")
    sums = [0] * 6

    def score_of_counts(counts: list[int]) -> str:
        denominator = counts[1] - counts[5]
        return f"{100.0 * counts[2] / denominator:.1f}%" if denominator else "-"

    for score in scores:
        if score.checked == 0 and score.module in earlier:
            counts, date = earlier[score.module]
        else:
            counts = [score.mutants or score.total, score.checked, score.count(*KILLED),
                      score.count("survived", "suspicious"), score.count("no tests"),
                      len(score.equivalent)]
            date = today
        sums = [a + b for a, b in zip(sums, counts)]
        lines.append(f"| `{score.module}` | " + " | ".join(map(str, counts))
                     + f" | {score_of_counts(counts)} | {date} |")
    if len(scores) > 1:
        lines.append("| **all** | " + " | ".join(map(str, sums)) + f" | **{score_of_counts(sums)}** | |")
    return "\n".join(lines)


def write_readme(text: str) -> None:
    stamp = time.strftime("%Y-%m-%d")
    block = f"{START}\n<!-- written by scripts/mutation.py on {stamp} -->\n\n{text}\n\n{END}"
    current = README.read_text(encoding="utf-8") if README.exists() else ""
    if START in current and END in current:
        head, _rest = current.split(START, 1)
        _old, tail = _rest.split(END, 1)
        README.write_text(head + block + tail, encoding="utf-8")
    else:
        README.write_text(current.rstrip("\n") + "\n\n" + block + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"core modules to mutate (default: all): {', '.join(CORE)}")
    parser.add_argument("--budget", type=float, default=120, help="minutes for the whole run (default 120)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants tested at once (default 1)")
    parser.add_argument("--sample", type=int, metavar="N",
                        help="test at most N of each module's unchecked mutants, chosen at random")
    parser.add_argument("--report", action="store_true", help="run nothing: the table from the results so far")
    parser.add_argument("--rerun-survivors", action="store_true",
                        help="run the surviving mutants again (after adding tests)")
    parser.add_argument("--survivors", action="store_true", help="print each survivor's diff")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into tests/README.md")
    parser.add_argument("--named", action="store_true",
                        help="check the survivors issue 13 named (MODULE words filter them)")
    args = parser.parse_args()
    if args.named:
        return run_named(args.modules)
    unknown = [m for m in args.modules if m not in CORE]
    if unknown:
        parser.error(f"not a core module: {', '.join(unknown)} (choose from {', '.join(CORE)})")
    modules = args.modules or list(CORE)
    os.chdir(ROOT)
    if not args.report:
        (ROOT / "mutants").mkdir(exist_ok=True)
        # The copy is a repository root: commands run by the tests look for a list's catalog
        # in the folders above them only up to here.
        (ROOT / "mutants" / ".git").touch()
        log = ROOT / "mutants" / "mutation.log"
        deadline = time.monotonic() + args.budget * 60
        if not all(_meta(CORE[module]) for module in modules):
            generate(log)
        for position, module in enumerate(modules):
            share = (deadline - time.monotonic()) / (len(modules) - position)
            if share < 30:
                print(f"{module}: no time left in the budget")
                continue
            outcome = run_module(module, share, args.jobs, args.rerun_survivors, log, args.sample)
            print(f"{module}: {outcome}", flush=True)
    scores = [score_of(module, args.sample) for module in CORE]  # every core module
    text = table(scores)
    print(text)
    for score in scores:
        for name in score.stale:
            print(f"note: {name} is listed as equivalent but its mutation no longer matches")
        if args.survivors:
            for name in score.survivors:
                print(f"\n# {name}: {score.statuses[name]}\n{_diff(name, CORE[score.module])}")
    if not args.no_readme:
        write_readme(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
