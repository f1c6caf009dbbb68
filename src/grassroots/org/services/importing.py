"""Importing the org tree from a spreadsheet (组织架构导入): ``grassroots org import FILE``.

The file has the headers 编码,名称,层级,上级编码 in any order. Rows may name a parent that comes
later in the file or that is already in the system. The whole file is checked against the tree
as it stands before anything is written, and every problem is reported as a ``RowError``; one
problem means nothing is written. A clean file is then written in one transaction through the
org services: new nodes are created parents first, a changed parent moves the node (and its
subtree, with everything attached), a changed name renames it. Nodes that are in the system but
not in the file are left alone. Importing the same file twice changes nothing the second time.

A child's code must start with its parent's significant digits, with one exception: a node that
was moved in the system keeps its code, so a row that leaves it where it now is passes, and an
exported tree always imports back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.kernel.importing import ImportFailed, ImportResult, RowError, max_length, too_long
from grassroots.kernel.tabular import Table, read_table
from grassroots.org.codes import (
    code_problem,
    expected_parent_level,
    parent_prefix_problem,
    parse_level,
)
from grassroots.org.models import Level, OrgNode
from grassroots.org.services import (
    NodeSpec,
    StaleVersionError,
    TreeRuleError,
    add_org_nodes,
    move_org_node,
    rename_org_node,
)

CODE, NAME, LEVEL, PARENT = "编码", "名称", "层级", "上级编码"
HEADERS = (CODE, NAME, LEVEL, PARENT)
NAME_MAX_LENGTH = max_length(OrgNode, "name")
SCIENTIFIC = re.compile(r"^\d(\.\d+)?[eE][+]?\d+$")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class OrgRow:
    """One data row of the file, its cells cleaned up."""

    number: int
    code: str
    name: str
    level_text: str
    level: Level | None
    parent_code: str


@dataclass(frozen=True)
class ExistingNode:
    """What the import needs to know of a node already in the system."""

    pk: int
    code: str
    name: str
    level: str
    parent_code: str | None
    version: int


@dataclass
class Plan:
    """What a clean file will change."""

    creates: list[NodeSpec] = field(default_factory=list)
    moves: list[tuple[ExistingNode, str]] = field(default_factory=list)
    renames: list[tuple[ExistingNode, str]] = field(default_factory=list)
    unchanged: int = 0

    @property
    def updated(self) -> int:
        return len({node.code for node, _change in self.moves + self.renames})

    @property
    def steps(self) -> int:
        return len(self.creates) + len(self.moves) + len(self.renames)


def import_org_tree(
    source: str | Path | Table,
    *,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import the org tree from a file (or a table already read); raise ImportFailed on errors.

    ``progress(done, total)`` is called as nodes are written, for a progress bar.
    """
    table = source if isinstance(source, Table) else read_table(source)
    table.require(*HEADERS, known=())
    rows = [parse_row(row.number, row.cells) for row in table.rows]
    try:
        with transaction.atomic():
            existing = load_existing()
            errors = TreeChecker(rows, existing).check()
            if errors:
                raise ImportFailed(errors)
            plan = make_plan(rows, existing)
            apply_plan(plan, actor=actor, progress=progress)
            record(
                Action.ORG_IMPORTED,
                actor=actor,
                target=table.name,
                rows=len(rows),
                created=len(plan.creates),
                updated=plan.updated,
                unchanged=plan.unchanged,
            )
    except StaleVersionError:
        raise ImportFailed(
            message=_("导入过程中组织架构被他人修改，本次导入未写入任何数据，请重新导入")
        ) from None
    except TreeRuleError as error:
        raise ImportFailed(message=str(error)) from None
    return ImportResult(created=len(plan.creates), updated=plan.updated, unchanged=plan.unchanged)


def parse_row(number: int, cells: Mapping[str, str]) -> OrgRow:
    level_text = cells.get(LEVEL, "")
    return OrgRow(
        number=number,
        # Full-width digits typed with a Chinese input method are still digits.
        code=unicodedata.normalize("NFKC", cells.get(CODE, "")).strip(),
        name=cells.get(NAME, ""),
        level_text=level_text,
        level=parse_level(level_text) if level_text else None,
        parent_code=unicodedata.normalize("NFKC", cells.get(PARENT, "")).strip(),
    )


def load_existing() -> dict[str, ExistingNode]:
    """Every node in the system, keyed by code, with its parent's code: one query."""
    values = list(
        OrgNode.objects.order_by().values_list("pk", "code", "name", "level", "path", "version")
    )
    code_by_path = {path: code for _pk, code, _name, _level, path, _version in values}
    step = OrgNode.steplen
    return {
        code: ExistingNode(
            pk=pk,
            code=code,
            name=name,
            level=level,
            version=version,
            parent_code=code_by_path.get(path[:-step]),
        )
        for pk, code, name, level, path, version in values
    }


class TreeChecker:
    """Finds every problem in the rows, against each other and against the tree in the system."""

    def __init__(self, rows: list[OrgRow], existing: dict[str, ExistingNode]) -> None:
        self.rows = rows
        self.existing = existing
        self.first: dict[str, OrgRow] = {}
        for row in rows:
            if row.code:
                self.first.setdefault(row.code, row)
        self.errors: list[RowError] = []

    def check(self) -> list[RowError]:
        for row in self.rows:
            self.check_code(row)
            self.check_name(row)
            self.check_level(row)
        cycles = self.find_cycles()
        for row in self.rows:
            if self.first.get(row.code) is row and row.code in cycles:
                self.error(
                    row,
                    PARENT,
                    _("上级关系形成循环：%(cycle)s") % {"cycle": " → ".join(cycles[row.code])},
                )
            else:
                self.check_parent(row)
        return sorted(self.errors, key=lambda error: error.row)

    def error(self, row: OrgRow, column: str, reason: str) -> None:
        self.errors.append(RowError(row.number, column, reason))

    def check_code(self, row: OrgRow) -> None:
        if not row.code:
            self.error(row, CODE, _("不能为空"))
            return
        if SCIENTIFIC.match(row.code):
            self.error(
                row,
                CODE,
                _(
                    "“%(code)s”是被表格软件改成科学计数法的编码，原编码已丢失；"
                    "请把该列设为文本格式后重新填写完整编码"
                )
                % {"code": row.code},
            )
        elif row.level and (problem := code_problem(row.code, row.level)):
            self.error(row, CODE, problem)
        first = self.first[row.code]
        if first is not row:
            self.error(
                row,
                CODE,
                _("编码%(code)s与第%(row)d行重复") % {"code": row.code, "row": first.number},
            )
        node = self.existing.get(row.code)
        if node and row.level and node.level != row.level:
            self.error(
                row,
                LEVEL,
                _("系统中编码%(code)s是%(level)s，导入不能改变节点的层级")
                % {"code": row.code, "level": Level(node.level).label},
            )

    def check_name(self, row: OrgRow) -> None:
        if not row.name:
            self.error(row, NAME, _("不能为空"))
        elif problem := too_long(NAME_MAX_LENGTH, row.name):
            self.error(row, NAME, problem)

    def check_level(self, row: OrgRow) -> None:
        if not row.level_text:
            self.error(row, LEVEL, _("不能为空"))
        elif row.level is None:
            self.error(
                row,
                LEVEL,
                _("无法识别“%(text)s”，应为%(levels)s之一")
                % {"text": row.level_text, "levels": "、".join(level.label for level in Level)},
            )

    def check_parent(self, row: OrgRow) -> None:
        if row.level == Level.DISTRICT:
            if row.parent_code:
                self.error(row, PARENT, _("区县是最高层级，不能有上级，此列应留空"))
            return
        if not row.parent_code:
            if row.level:
                self.error(row, PARENT, _("不能为空：只有区县可以没有上级"))
            return
        if row.parent_code == row.code:
            self.error(row, PARENT, _("不能是本行自己的编码"))
            return
        known, parent_level = self.level_of(row.parent_code)
        if not known:
            self.error(
                row,
                PARENT,
                _("上级编码%(code)s既不在本文件中，也不在系统中") % {"code": row.parent_code},
            )
        elif row.level and parent_level:
            self.check_under(row, parent_level)

    def check_under(self, row: OrgRow, parent_level: Level) -> None:
        assert row.level is not None
        wanted = expected_parent_level(row.level)
        if parent_level != wanted:
            self.error(
                row,
                PARENT,
                _("%(level)s的上级应为%(wanted)s，而%(code)s是%(actual)s")
                % {
                    "level": row.level.label,
                    "wanted": wanted.label if wanted else "",
                    "code": row.parent_code,
                    "actual": parent_level.label,
                },
            )
        elif not code_problem(row.code, row.level) and not self.stays_put(row):
            problem = parent_prefix_problem(row.code, row.parent_code, parent_level)
            if problem:
                self.error(row, CODE, problem)

    def stays_put(self, row: OrgRow) -> bool:
        # A node moved in the system keeps its code, so it may already sit under a parent its
        # code does not match; an exported file says so, and must import back unchanged.
        node = self.existing.get(row.code)
        return node is not None and node.parent_code == row.parent_code

    def level_of(self, code: str) -> tuple[bool, Level | None]:
        """Whether a parent is known (in the file or the system), and its level if valid."""
        if code in self.first:
            return True, self.first[code].level
        if code in self.existing:
            return True, Level(self.existing[code].level)
        return False, None

    def parent_of(self, code: str) -> str | None:
        if code in self.first:
            return self.first[code].parent_code or None
        node = self.existing.get(code)
        return node.parent_code if node else None

    def find_cycles(self) -> dict[str, list[str]]:
        """Codes of file rows on a loop of parents, each with the loop seen from it."""
        cycles: dict[str, list[str]] = {}
        done: set[str] = set()
        for start in self.first:
            trail: list[str] = []
            where: dict[str, int] = {}
            code: str | None = start
            while code is not None and code not in done:
                if code in where:
                    loop = trail[where[code] :]
                    for i, member in enumerate(loop):
                        if member in self.first:
                            cycles[member] = [*loop[i:], *loop[:i], member]
                    break
                where[code] = len(trail)
                trail.append(code)
                parent = self.parent_of(code)
                code = None if parent == code else parent
            done.update(trail)
        return cycles


def make_plan(rows: list[OrgRow], existing: dict[str, ExistingNode]) -> Plan:
    """Sort the (clean) rows into nodes to create, move, rename or leave alone."""
    plan = Plan()
    for row in rows:
        assert row.level is not None
        node = existing.get(row.code)
        parent_code = row.parent_code or None
        if node is None:
            plan.creates.append(NodeSpec(row.code, row.name, row.level, parent_code))
            continue
        changed = False
        if parent_code != node.parent_code and parent_code is not None:
            plan.moves.append((node, parent_code))
            changed = True
        if row.name != node.name:
            plan.renames.append((node, row.name))
            changed = True
        plan.unchanged += not changed
    return plan


def apply_plan(plan: Plan, *, actor: Any, progress: Progress | None) -> None:
    """Write the plan through the org services; the caller holds the transaction."""
    total, done = plan.steps, 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    add_org_nodes(plan.creates, actor=actor, progress=advance)
    moved: set[str] = set()
    for node, parent_code in plan.moves:
        move_org_node(
            OrgNode.objects.get(pk=node.pk),
            new_parent=OrgNode.objects.get(code=parent_code),
            actor=actor,
            expected_version=node.version,
        )
        moved.add(node.code)
        advance(1)
    for node, name in plan.renames:
        # A move above has already bumped the version once.
        version = node.version + (node.code in moved)
        rename_org_node(
            OrgNode.objects.get(pk=node.pk), name=name, actor=actor, expected_version=version
        )
        advance(1)


__all__ = ["HEADERS", "import_org_tree"]
