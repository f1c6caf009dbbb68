"""Natural order (自然排序) for names people number: 1栋 before 2栋 before 10栋, 2单元301 before
2单元1001. Database ordering compares characters, which puts 10栋 before 2栋."""

from __future__ import annotations

import re

_RUNS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key comparing each run of digits as a number and the rest as text; numbers come
    before text at the same place (1号楼 before A座)."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in _RUNS.split(str(text))
        if part
    )
