"""How titles and query words are compared: case, accents and punctuation folded away.

One function, shared by search (ranking), the duplicate policy and the HTML page, so a
title matches, and duplicates another, by the same rules everywhere.
"""

from __future__ import annotations

import re
import unicodedata

_FOLD_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case, accents removed, every run of punctuation or space turned into one space."""
    if text.isascii():  # no accents to remove: skip the per-character pass
        return " ".join(_FOLD_WORD.findall(text.lower()))
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_FOLD_WORD.findall(plain))
