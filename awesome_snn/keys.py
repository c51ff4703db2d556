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
    that are not stop words: ``Optical Flow Estimation for ...`` -> ``optical-flow-estimation``.
    A title with no word in Latin letters keeps its own first characters:
    ``脉冲神经网络的高效训练方法研究`` -> ``脉冲神经网络-2024``."""
    head, colon, _rest = title.partition(":")
    if colon and 0 < len(title_words(head)) <= 2:
        words = title_words(head)
    else:
        words = [w for w in title_words(title) if w not in STOPWORDS][:MAX_WORDS]
    if not words:
        words = native_words(title) or ["paper"]
    return "-".join(words + [str(year)])


MAX_NATIVE_CHARACTERS = 6
"""Characters a key keeps of a word of a script written without spaces (Chinese,
Japanese...), where one "word" is a whole title."""


def native_words(title: str) -> list[str]:
    """The first words of a title written in a script other than Latin, lower-cased
    (``Спайковые нейронные сети`` -> ``спайковые``, ``нейронные``, ``сети``), each cut to
    ``MAX_NATIVE_CHARACTERS`` when it is longer than a word usually is (a run of Chinese
    characters). Only letters and digits: every word matches ``KEY_PATTERN``."""
    text = unicodedata.normalize("NFC", title).casefold()
    words = []
    for word in re.findall(_NATIVE_WORD, text)[:MAX_WORDS]:
        if not word.isascii() and len(word) > 2 * MAX_NATIVE_CHARACTERS or _is_ideographic(word):
            word = word[:MAX_NATIVE_CHARACTERS]
        words.append(word)
    return words


def _is_ideographic(word: str) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"
               for ch in word)


def unique_key(title: str, year: int, taken: Container[str],
               tried: dict[str, int] | None = None) -> str:
    """``base_key`` made unique against ``taken`` with a letter: ``-b``, ``-c``, ... .

    ``tried`` (for a caller that makes many keys while ``taken`` only grows: an import)
    remembers, by base key, the last suffix found taken, so the next paper of that base key
    starts after it instead of at ``-b`` again: the same keys, in linear time."""
    key = base_key(title, year)
    if key not in taken:
        return key
    n = tried.get(key, 1) + 1 if tried is not None else 2
    while True:
        candidate = f"{key}-{_suffix(n)}"
        if candidate not in taken:
            if tried is not None:
                tried[key] = n - 1
            return candidate
        n += 1


def _suffix(n: int) -> str:
    """2 -> b, 26 -> z, 27 -> ab... (a letter suffix never looks like another year)."""
    letters = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


_KEY_CHARACTER = r"(?:[a-z0-9]|(?![\x00-\x7f])[^\W_])"
KEY_PATTERN = re.compile(rf"{_KEY_CHARACTER}(?:-|{_KEY_CHARACTER})*")
"""What a key is (use ``fullmatch``): lower-case ASCII letters, digits and ``-``, not
starting with ``-``, and the letters and digits of other scripts (a key made from a Chinese
title keeps its first characters)."""
_NATIVE_WORD = r"(?:[a-z0-9]|(?![\x00-\x7f])[^\W_])+"
"""A run of key characters (a pattern, compiled when a title needs it)."""

