"""Pinyin initials of a name (拼音首字母), so "zjg" finds 张建国 as staff type it on a phone."""

from __future__ import annotations

from functools import lru_cache

from pypinyin import Style, lazy_pinyin


@lru_cache(maxsize=65536)
def _initial(character: str) -> str:
    # Heteronyms take pypinyin's most common reading; surnames such as 单 (shàn) may differ.
    syllable = lazy_pinyin(character, style=Style.FIRST_LETTER, errors="ignore")
    return syllable[0][:1].lower() if syllable else ""


@lru_cache(maxsize=1 << 16)  # names recur: a district of 200,000 has fewer than 90,000
def initials_of(name: str) -> str:
    """张建国 → zjg; letters and digits in the name are kept as they are (lower case)."""
    return "".join(
        _initial(ch) if ord(ch) > 127 else ch.lower() for ch in name if not ch.isspace()
    )[:50]
