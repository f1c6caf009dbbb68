"""Exporting the org tree (组织架构导出): ``grassroots org export FILE``.

Writes the headers 编码,名称,层级,上级编码, parents before children, to .xlsx (codes stored as
text) or .csv (UTF-8 with BOM), so ``org import`` reads the file back unchanged and an operator
can edit it in Excel or WPS first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from grassroots.kernel.tabular import write_table
from grassroots.org.models import Level, OrgNode
from grassroots.org.selectors import tree_for
from grassroots.org.services.importing import HEADERS


def export_org_tree(path: str | Path, *, user: Any = None) -> int:
    """Write the tree (only what ``user`` may see, when given) to ``path``; return the count."""
    nodes = tree_for(user)
    values = list(nodes.order_by("path").values_list("code", "name", "level", "path"))
    return write_table(path, HEADERS, _rows(values))


def _rows(values: list[tuple[str, str, str, str]]) -> Iterator[list[str]]:
    step = OrgNode.steplen
    code_by_path = {path: code for code, _name, _level, path in values}
    # The top nodes of a user's subtree have parents outside it; name them all the same, so
    # the file still says where its top nodes hang and imports back in place.
    outside = {path[:-step] for *_, path in values if path[:-step] not in code_by_path}
    outside.discard("")
    if outside:
        code_by_path.update(OrgNode.objects.filter(path__in=outside).values_list("path", "code"))
    labels = {level.value: level.label for level in Level}
    for code, name, level, path in values:
        yield [code, name, labels.get(level, level), code_by_path.get(path[:-step], "")]


__all__ = ["export_org_tree"]
