"""Writes to the org and party trees. Each action owns its transaction and its audit record."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from grassroots.audit.models import Action
from grassroots.audit.services import record
from grassroots.org.codes import expected_parent_level
from grassroots.org.models import Level, OrgNode, PartyOrganization


class StaleVersionError(Exception):
    """Someone else changed the node since it was read; the caller must reload and retry."""

    def __init__(self, node: OrgNode) -> None:
        super().__init__(f"{node.name}（{node.code}）已被他人修改，请刷新后重试")
        self.node = node


class TreeRuleError(ValueError):
    """The change would break the shape of the tree (wrong level under a parent ...)."""


def _check_parent(level: str, parent: OrgNode | None) -> None:
    wanted = expected_parent_level(Level(level))
    actual = Level(parent.level) if parent else None
    if wanted != actual:
        where = actual.label if actual else "根"
        raise TreeRuleError(f"{Level(level).label}不能设在{where}之下")


@transaction.atomic
def add_org_node(
    *, code: str, name: str, level: str, parent: OrgNode | None, actor: Any = None
) -> OrgNode:
    """Create a node under ``parent`` (or a new root district)."""
    _check_parent(level, parent)
    if parent is None:
        node = OrgNode.objects.add_root({"code": code, "name": name, "level": level})
    else:
        node = OrgNode.objects.add_child(
            OrgNode.objects.get(pk=parent.pk), {"code": code, "name": name, "level": level}
        )
    record(
        Action.ORG_NODE_CHANGED,
        actor=actor,
        target=code,
        change="created",
        to={"name": name, "level": level, "parent": parent.code if parent else None},
    )
    return node


def _bump_version(node: OrgNode, expected_version: int | None) -> None:
    query = OrgNode.objects.filter(pk=node.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    if query.update(version=F("version") + 1, updated_at=timezone.now()) != 1:
        raise StaleVersionError(node)


@transaction.atomic
def rename_org_node(
    node: OrgNode, *, name: str, actor: Any = None, expected_version: int | None = None
) -> OrgNode:
    _bump_version(node, expected_version)
    old = node.name
    OrgNode.objects.filter(pk=node.pk).update(name=name)
    record(
        Action.ORG_NODE_CHANGED,
        actor=actor,
        target=node.code,
        change="renamed",
        **{"from": {"name": old}, "to": {"name": name}},
    )
    return OrgNode.objects.get(pk=node.pk)


@transaction.atomic
def move_org_node(
    node: OrgNode,
    *,
    new_parent: OrgNode,
    actor: Any = None,
    expected_version: int | None = None,
) -> OrgNode:
    """Move ``node`` and its whole subtree under ``new_parent``.

    Everything attached to the subtree (people, accounts, party organisations, later modules'
    rows) keeps pointing at the same nodes, so it moves with them. Two concurrent moves of the
    same node: the first wins; the second raises StaleVersionError.
    """
    # Earlier moves in the same transaction may have rewritten both paths: read them afresh.
    node = OrgNode.objects.get(pk=node.pk)
    new_parent = OrgNode.objects.get(pk=new_parent.pk)
    if new_parent.path.startswith(node.path):
        raise TreeRuleError("不能把节点移到它自己或它的下级之下")
    _check_parent(node.level, new_parent)
    _bump_version(node, expected_version)
    old_parent = OrgNode.objects.get_parent(node)
    OrgNode.objects.move(node, new_parent, pos="sorted-child")
    record(
        Action.ORG_NODE_CHANGED,
        actor=actor,
        target=node.code,
        change="moved",
        **{
            "from": {"parent": old_parent.code if old_parent else None},
            "to": {"parent": new_parent.code},
        },
    )
    return OrgNode.objects.get(pk=node.pk)


@transaction.atomic
def add_party_organization(
    *,
    name: str,
    kind: str,
    org_node: OrgNode,
    parent: PartyOrganization | None = None,
    secretary_name: str = "",
    actor: Any = None,
) -> PartyOrganization:
    """Create a party organisation leading ``org_node``, under ``parent`` in the party tree."""
    fields = {"name": name, "kind": kind, "org_node": org_node, "secretary_name": secretary_name}
    if parent is None:
        party_org = PartyOrganization.objects.add_root(fields)
    else:
        party_org = PartyOrganization.objects.add_child(
            PartyOrganization.objects.get(pk=parent.pk), fields
        )
    record(
        Action.ORG_NODE_CHANGED,
        actor=actor,
        target=name,
        change="party_org_created",
        to={"kind": kind, "org_node": org_node.code},
    )
    return party_org


@dataclass(frozen=True)
class NodeSpec:
    """A node to create; ``parent_code`` names an existing node, another spec, or None (root)."""

    code: str
    name: str
    level: str
    parent_code: str | None


@transaction.atomic
def add_org_nodes(
    specs: Sequence[NodeSpec],
    *,
    actor: Any = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create many nodes at once, as an import does; each gets its audit record.

    Adding thousands of nodes one ``add_child`` at a time costs several queries each, so the
    paths of new subtrees are laid out here and inserted in bulk. Only a new node that has to be
    slotted in among existing children (its code sorts before theirs) goes through treebeard's
    sorted insert, which shifts the siblings after it. ``progress(n)`` reports n more done.
    """
    children: dict[str | None, list[NodeSpec]] = defaultdict(list)
    for spec in specs:
        children[spec.parent_code].append(spec)
    for group in children.values():
        group.sort(key=lambda spec: spec.code)
    new_codes = {spec.code for spec in specs}
    parent_codes = [code for code in children if code is not None and code not in new_codes]
    parents = {node.code: node for node in OrgNode.objects.filter(code__in=parent_codes)}
    if missing := sorted(set(parent_codes) - set(parents)):
        raise TreeRuleError(f"上级编码{missing[0]}不存在")
    created = 0
    for root_spec in children.get(None, []):
        _check_parent(root_spec.level, None)
        root = OrgNode.objects.add_root(instance=_new_node(root_spec, children))
        created += 1 + _insert_subtree(root, children)
    # Top-down, reading each parent afresh: a sorted insert above may have shifted its path.
    for parent in sorted(parents.values(), key=lambda node: node.depth):
        created += _add_children(OrgNode.objects.get(pk=parent.pk), children)
    if created != len(specs):
        # Specs that are each other's parents hang from nothing and were never reached.
        raise TreeRuleError("部分节点的上级关系形成循环，无法创建")
    report = progress or (lambda done: None)
    # The bulk inserts above are quick; writing one audit record per node is the long part.
    for spec in specs:
        record(
            Action.ORG_NODE_CHANGED,
            actor=actor,
            target=spec.code,
            change="created",
            to={"name": spec.name, "level": spec.level, "parent": spec.parent_code},
        )
        report(1)
    return len(specs)


def _new_node(spec: NodeSpec, children: dict[str | None, list[NodeSpec]]) -> OrgNode:
    return OrgNode(
        code=spec.code, name=spec.name, level=spec.level, numchild=len(children.get(spec.code, ()))
    )


def _add_children(parent: OrgNode, children: dict[str | None, list[NodeSpec]]) -> int:
    """Put the new children of an existing node in place, with their new subtrees."""
    specs = children[parent.code]
    for spec in specs:
        _check_parent(spec.level, parent)
    last = OrgNode.objects.filter(path__within=parent.path, depth=parent.depth + 1).aggregate(
        path=Max("path"), code=Max("code")
    )
    if last["code"] is None or specs[0].code > last["code"]:
        # Every new code sorts after the existing children: append them, no sibling moves.
        first = OrgNode._str2int(last["path"][-OrgNode.steplen :]) + 1 if last["path"] else 1
        OrgNode.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(specs))
        nodes = _lay_out(parent, specs, children, first=first)
        OrgNode.objects.bulk_create(nodes, batch_size=500)
        return len(nodes)
    created = 0
    for spec in specs:
        node = OrgNode.objects.add_child(parent, instance=_new_node(spec, children))
        created += 1 + _insert_subtree(node, children)
    return created


def _insert_subtree(node: OrgNode, children: dict[str | None, list[NodeSpec]]) -> int:
    """Insert the new descendants of a freshly created node, which has no other children."""
    nodes = _lay_out(node, children.get(node.code, []), children, first=1)
    OrgNode.objects.bulk_create(nodes, batch_size=500)
    return len(nodes)


def _lay_out(
    parent: OrgNode,
    specs: list[NodeSpec],
    children: dict[str | None, list[NodeSpec]],
    *,
    first: int,
) -> list[OrgNode]:
    """Unsaved nodes for ``specs`` (positions from ``first``) and all their new descendants."""
    laid_out: list[OrgNode] = []
    pending = [(parent, specs, first)]
    while pending:
        above, group, position = pending.pop()
        depth = above.depth + 1
        for offset, spec in enumerate(group):
            _check_parent(spec.level, above)
            node = _new_node(spec, children)
            node.depth = depth
            node.path = OrgNode._get_path(above.path, depth, position + offset)
            laid_out.append(node)
            if spec.code in children:
                pending.append((node, children[spec.code], 1))
    return laid_out
