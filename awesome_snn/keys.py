"""Paper keys: short, stable names such as ``spikformer-2023``.

A key is made once (on import or add) and stored in the catalog, so it never changes when
other papers come or go.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

STOPWORDS = frozenset((
    "a", "an", "the", "of", "for", "with", "in", "on", "to", "and", "or", "via", "by", "from",
    "towards", "toward", "into", "at", "is", "are", "as", "its", "using", "based", "through",
    "when", "what", "how",
))
MAX_WORDS = 3


def title_words(title: str) -> list[str]:
    """Lower-case ASCII words of a title (accents folded, punctuation dropped)."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z0-9]+", folded.lower())


def base_key(title: str, year: int) -> str:
    """``Spikformer: When ...`` -> ``spikformer-2023``; otherwise the first three words
    that are not stop words: ``Optical Flow Estimation for ...`` -> ``optical-flow-estimation``."""
    head, colon, _rest = title.partition(":")
    if colon and 0 < len(title_words(head)) <= 2:
        words = title_words(head)
    else:
        words = [w for w in title_words(title) if w not in STOPWORDS][:MAX_WORDS]
    if not words:
        words = ["paper"]
    return "-".join(words + [str(year)])


def unique_key(title: str, year: int, taken: Container[str]) -> str:
    """``base_key`` made unique against ``taken`` with a letter: ``-b``, ``-c``, ... ."""
    key = base_key(title, year)
    if key not in taken:
        return key
    n = 2
    while True:
        candidate = f"{key}-{_suffix(n)}"
        if candidate not in taken:
            return candidate
        n += 1


def _suffix(n: int) -> str:
    """2 -> b, 26 -> z, 27 -> ab... (a letter suffix never looks like another year)."""
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
