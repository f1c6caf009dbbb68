"""Finding a roster's units (社区村) by name, and creating the missing ones on request.

A unit is matched by its exact name among the 社区村 nodes of the tree. Two nodes with the
same name make the row ambiguous: the error names each candidate with its code and street, so
the clerk can rename one in the org tree (or in the file).

``--create-units`` puts a missing unit under the tree's root. The root is a district and a
community belongs under a street, so new units go under one dedicated street of the root,
"待划转村(社区)" (created with the next free street code when it is first needed): it keeps
them apart from the real streets until the org department moves each one where it belongs
(``org import`` with the right parent, or the move service), and their codes stay valid
12-digit codes issued by the org app. An empty system gets a placeholder district
000000000000 "未设置区县" first, so a roster can be reported on before any tree is imported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from grassroots.org.codes import code_problem, parent_prefix_problem
from grassroots.org.models import Level, OrgNode
from grassroots.org.selectors import next_free_child_code
from grassroots.org.services import NodeSpec, add_org_node, add_org_nodes

HOLDING_STREET = "待划转村(社区)"
PLACEHOLDER_DISTRICT = ("000000000000", "未设置区县")


class UnitError(ValueError):
    """Units cannot be created where asked (no single root, codes used up ...)."""


@dataclass
class UnitMatch:
    """Which node each unit name of a file stands for."""

    found: dict[str, OrgNode] = field(default_factory=dict)
    ambiguous: dict[str, list[OrgNode]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)


def match_units(names: Iterable[str]) -> UnitMatch:
    """Look every distinct name up among the 社区村 nodes: one query."""
    wanted = sorted(set(names) - {""})
    by_name: dict[str, list[OrgNode]] = defaultdict(list)
    for node in OrgNode.objects.filter(level=Level.COMMUNITY, name__in=wanted).order_by("path"):
        by_name[node.name].append(node)
    match = UnitMatch()
    for name in wanted:
        nodes = by_name.get(name, [])
        if len(nodes) == 1:
            match.found[name] = nodes[0]
        elif nodes:
            match.ambiguous[name] = nodes
        else:
            match.missing.append(name)
    return match


def describe_candidates(nodes: list[OrgNode]) -> str:
    """ "清河口社区（420606001001，汉江街道）、清河口社区（…）"."""
    parents = {node.pk: OrgNode.objects.get_parent(node) for node in nodes}
    return "、".join(
        f"{node.name}（{node.code}，{parents[node.pk].name if parents[node.pk] else ''}）"
        for node in nodes
    )


def _root(under: str | None, actor: Any) -> OrgNode:
    if under:
        node = OrgNode.objects.filter(code=under).first()
        if node is None or node.level not in (Level.DISTRICT, Level.STREET):
            raise UnitError(_("找不到区县或街道乡镇编码%(code)s") % {"code": under})
        return node
    roots = list(OrgNode.objects.filter(depth=1).order_by("path"))
    if not roots:
        code, name = PLACEHOLDER_DISTRICT
        return add_org_node(code=code, name=name, level=Level.DISTRICT, parent=None, actor=actor)
    if len(roots) > 1:
        raise UnitError(
            _("系统中有%(n)d个区县（%(codes)s），请用 --under 指定新建单位所属的区县或街道")
            % {"n": len(roots), "codes": "、".join(root.code for root in roots)}
        )
    return roots[0]


def _holding_street(root: OrgNode, actor: Any) -> OrgNode:
    if root.level == Level.STREET:
        return root
    existing = OrgNode.objects.filter(
        path__startswith=root.path, depth=root.depth + 1, name=HOLDING_STREET
    ).first()
    if existing is not None:
        return existing
    return _add_child(root, HOLDING_STREET, Level.STREET, actor)


def _add_child(parent: OrgNode, name: str, level: Level, actor: Any) -> OrgNode:
    try:
        code = next_free_child_code(parent)
    except ValueError as error:
        raise UnitError(str(error)) from None
    problem = code_problem(code, level) or parent_prefix_problem(
        code, parent.code, Level(parent.level)
    )
    if problem:  # the org app's own rules; never expected to trigger
        raise UnitError(problem)
    return add_org_node(code=code, name=name, level=level, parent=parent, actor=actor)


def create_units(
    names: list[str], *, under: str | None = None, actor: Any = None
) -> dict[str, OrgNode]:
    """Create a 社区村 node for each name under the holding street; the caller's transaction.

    The codes follow the street's highest child code, one after another, and are written in
    one batch by the org service that imports trees.
    """
    if not names:
        return {}
    street = _holding_street(_root(under, actor), actor)
    try:
        first = int(next_free_child_code(street)[9:])
    except ValueError as error:
        raise UnitError(str(error)) from None
    taken = set(
        OrgNode.objects.filter(code__startswith=street.code[:9]).values_list("code", flat=True)
    )
    specs, number = [], first
    for name in names:
        while (code := f"{street.code[:9]}{number:03d}") in taken:
            number += 1
        problem = code_problem(code, Level.COMMUNITY) or parent_prefix_problem(
            code, street.code, Level.STREET
        )
        if number > 999 or problem:
            raise UnitError(_("%(street)s下的社区村编码已用完") % {"street": street.name})
        specs.append(NodeSpec(code=code, name=name, level=Level.COMMUNITY, parent_code=street.code))
        number += 1
    add_org_nodes(specs, actor=actor)
    nodes = {
        node.code: node for node in OrgNode.objects.filter(code__in=[spec.code for spec in specs])
    }
    return {spec.name: nodes[spec.code] for spec in specs}
