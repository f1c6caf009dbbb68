"""Statistical division codes (统计用区划代码) and how a child's code must follow its parent's.

District, street and community codes are 12 digits, zero-padded: 420606000000 (district),
420606001000 (street), 420606001001 (community). A grid appends 3 digits to its community's
code (15 digits). A child's code starts with its parent's significant digits.
"""

from __future__ import annotations

from grassroots.org.models import CODE_LENGTH, LEVEL_ORDER, SIGNIFICANT_DIGITS, Level

LEVEL_BY_LABEL = {level.label: level for level in Level}


def parse_level(text: str) -> Level | None:
    """Accept the Chinese label (区县) or the internal value (district)."""
    text = text.strip()
    if text in LEVEL_BY_LABEL:
        return LEVEL_BY_LABEL[text]
    try:
        return Level(text)
    except ValueError:
        return None


def code_problem(code: str, level: Level) -> str | None:
    """Why ``code`` cannot be a code of ``level``, in Chinese, or None if it can."""
    length = CODE_LENGTH[level]
    if not code.isdigit() or len(code) != length:
        return f"{level.label}编码应为{length}位数字"
    if level == Level.DISTRICT and code[6:] != "000000":
        return "区县编码后6位应为000000"
    if level == Level.STREET and (code[6:9] == "000" or code[9:] != "000"):
        return "街道乡镇编码第7至9位不能为000，后3位应为000"
    if level == Level.COMMUNITY and code[9:] == "000":
        return "社区村编码后3位不能为000"
    if level == Level.GRID and code[12:] == "000":
        return "网格编码后3位不能为000"
    return None


def parent_prefix_problem(code: str, parent_code: str, parent_level: Level) -> str | None:
    """Why ``code`` contradicts its parent's code, or None."""
    digits = SIGNIFICANT_DIGITS.get(parent_level)
    if digits is None:
        return f"{parent_level.label}下不能再设下级"
    prefix = parent_code[:digits]
    if not code.startswith(prefix):
        return f"与上级编码{parent_code}不符，应以{prefix}开头"
    return None


def expected_parent_level(level: Level) -> Level | None:
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index - 1] if index > 0 else None
