"""Writes to the org and party trees. Each action owns its transaction and its audit record."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F

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
            OrgNode.objects.get(pk=parent.pk), {"code": code, "name": name, "level": level})
    record(Action.ORG_NODE_CHANGED, actor=actor, target=code, change="created",
           to={"name": name, "level": level, "parent": parent.code if parent else None})
    return node


def _bump_version(node: OrgNode, expected_version: int | None) -> None:
    query = OrgNode.objects.filter(pk=node.pk)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    if query.update(version=F("version") + 1) != 1:
        raise StaleVersionError(node)


@transaction.atomic
def rename_org_node(
    node: OrgNode, *, name: str, actor: Any = None, expected_version: int | None = None
) -> OrgNode:
    _bump_version(node, expected_version)
    old = node.name
    OrgNode.objects.filter(pk=node.pk).update(name=name)
    record(Action.ORG_NODE_CHANGED, actor=actor, target=node.code, change="renamed",
           **{"from": {"name": old}, "to": {"name": name}})
    return OrgNode.objects.get(pk=node.pk)


@transaction.atomic
def move_org_node(
    node: OrgNode, *, new_parent: OrgNode, actor: Any = None,
    expected_version: int | None = None,
) -> OrgNode:
    """Move ``node`` and its whole subtree under ``new_parent``.

    Everything attached to the subtree (people, accounts, party organisations, later modules'
    rows) keeps pointing at the same nodes, so it moves with them. Two concurrent moves of the
    same node: the first wins; the second raises StaleVersionError.
    """
    node = OrgNode.objects.get(pk=node.pk)
    _check_parent(node.level, new_parent)
    if new_parent.path.startswith(node.path):
        raise TreeRuleError("不能把节点移到它自己的下级之下")
    _bump_version(node, expected_version)
    old_parent = node.get_parent()
    OrgNode.objects.move(node, OrgNode.objects.get(pk=new_parent.pk), pos="sorted-child")
    record(Action.ORG_NODE_CHANGED, actor=actor, target=node.code, change="moved",
           **{"from": {"parent": old_parent.code if old_parent else None},
              "to": {"parent": new_parent.code}})
    return OrgNode.objects.get(pk=node.pk)


@transaction.atomic
def add_party_organization(
    *, name: str, kind: str, org_node: OrgNode, parent: PartyOrganization | None = None,
    secretary_name: str = "", actor: Any = None,
) -> PartyOrganization:
    """Create a party organisation leading ``org_node``, under ``parent`` in the party tree."""
    fields = {"name": name, "kind": kind, "org_node": org_node, "secretary_name": secretary_name}
    if parent is None:
        party_org = PartyOrganization.objects.add_root(fields)
    else:
        party_org = PartyOrganization.objects.add_child(
            PartyOrganization.objects.get(pk=parent.pk), fields)
    record(Action.ORG_NODE_CHANGED, actor=actor, target=name, change="party_org_created",
           to={"kind": kind, "org_node": org_node.code})
    return party_org
